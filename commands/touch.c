/* touch.c - lfs touch [-d TIME] PATH...: a missing file is created empty
 * with its default layout; atime and mtime are set to now or TIME
 * (ns_touch). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common.h"
#include "ns_ops.h"

static const struct lfs_opt touch_opts[] = {
	{ "date", 'd', required_argument, DOM_NONE, "set the times to this date instead of now", "'YYYY-MM-DD[ HH:MM[:SS]]'|@EPOCH" },
	{ 0 },
};

/* "@EPOCH" or "YYYY-MM-DD[ HH:MM[:SS]]" in local time. */
static int parse_time(const char *text, struct timespec *ts)
{
	static const char *const fmts[] = {
		"%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d",
	};
	char *end;

	if (text[0] == '@') {
		long long v;

		errno = 0;
		v = strtoll(text + 1, &end, 10);
		if (!text[1] || *end || errno)
			return -EINVAL;
		ts->tv_sec = (time_t)v;
		ts->tv_nsec = 0;
		return 0;
	}
	for (size_t i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++) {
		struct tm tm;

		memset(&tm, 0, sizeof(tm));
		end = strptime(text, fmts[i], &tm);
		if (end && !*end) {
			tm.tm_isdst = -1;
			ts->tv_sec = mktime(&tm);
			ts->tv_nsec = 0;
			return 0;
		}
	}
	return -EINVAL;
}

static int touch_operand(struct lfs_ctx *ctx, const char *path, const char *rel,
			 struct lfs_error *e, void *arg)
{
	(void)path;
	return ns_touch(ctx->store, rel, arg, e);
}

static int cmd_touch(struct lfs_ctx *ctx, int argc, char **argv)
{
	struct timespec times[2] = { { 0, UTIME_NOW }, { 0, UTIME_NOW } };
	struct cmd_getopt go;
	int c, rc = 0;

	if (cmd_getopt_begin(&go, touch_opts))
		return ENOMEM;
	while (!rc && (c = cmd_getopt(&go, argc, argv)) != -1) {
		if (c == 'd') {
			if (parse_time(optarg, &times[0]))
				rc = cmd_errorf("touch", EINVAL, "invalid date format '%s'", optarg);
			times[1] = times[0];
		} else {
			rc = CMD_HELP;
		}
	}
	cmd_getopt_end(&go);
	if (!rc && optind >= argc)
		rc = CMD_HELP;
	if (rc)
		return rc;
	if (!ctx_store(ctx, true, "touch"))
		return ctx->store_errno;
	return cmd_each_operand(ctx, "touch", argc - optind, argv + optind,
				touch_operand, times);
}

const struct lfs_cmd cmd_touch_def = {
	.name = "touch",
	.run = cmd_touch,
	.opts = touch_opts,
	.summary = "create empty files or set their times",
	.usage = "PATH...",
	.args = DOM_PATH,
	.flags = CMD_WRITES,
};
