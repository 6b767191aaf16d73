/* cmdutil.c - the skeleton that commands taking PATH... share, and small
 * formatting helpers of their output. */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "common.h"
#include "quote.h"

int cmd_each_operand(struct lfs_ctx *ctx, const char *cmdname, int argc,
		     char **argv, cmd_operand_fn *fn, void *arg)
{
	int status = 0;

	/* Once interrupted, the operands not begun are left. */
	for (int i = 0; i < argc && !(ctx->cancel && *ctx->cancel); i++) {
		struct lfs_error e = { 0, "" };
		char rel[PATH_MAX];
		int rc = ctx_resolve(ctx, cmdname, argv[i], rel, sizeof(rel));

		if (!rc)
			rc = fn(ctx, argv[i], rel, &e, arg);
		if (rc < 0) {
			/* After what the earlier operands printed. */
			fflush(ctx->out);
			rc = cmd_error(cmdname, argv[i], rc, &e);
		}
		status_keep(&status, rc);
	}
	return status;
}

void status_keep(int *status, int err)
{
	if (!*status && err)
		*status = err < 0 ? -err : err;
}

void mode_string(mode_t m, char *buf)
{
	const char *rwx = "rwxrwxrwx";

	buf[0] = S_ISDIR(m) ? 'd' : S_ISLNK(m) ? 'l' : S_ISCHR(m) ? 'c' :
		 S_ISBLK(m) ? 'b' : S_ISFIFO(m) ? 'p' : S_ISSOCK(m) ? 's' : '-';
	for (int i = 0; i < 9; i++)
		buf[1 + i] = (m & (0400 >> i)) ? rwx[i] : '-';
	if (m & S_ISUID)
		buf[3] = (m & S_IXUSR) ? 's' : 'S';
	if (m & S_ISGID)
		buf[6] = (m & S_IXGRP) ? 's' : 'S';
	if (m & S_ISVTX)
		buf[9] = (m & S_IXOTH) ? 't' : 'T';
	buf[10] = '\0';
}

int layout_option_error(const char *cmdname, int c, int rc,
			const struct lfs_error *e)
{
	rc = cmd_error(cmdname, NULL, rc, e);
	return c && strchr("cCSioE", c) ? CMD_HELP : rc;
}

int setstripe_usage_error(const char *cmdname, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "lfs %s %s: ", cmdname, cmdname);
	va_start(ap, fmt);
	quote_vline(stderr, fmt, ap);
	va_end(ap);
	return CMD_HELP;
}

int setstripe_option_error(const char *cmdname, int c, int rc,
			   const struct lfs_error *e)
{
	if (!c || !strchr("cCSioE", c))
		return layout_option_error(cmdname, c, rc, e);
	return setstripe_usage_error(cmdname, "%s", lfs_error_text(e, rc));
}

void cmd_human(double v, char *buf, size_t len)
{
	static const char *const unit[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB" };
	unsigned i = 0;

	for (; v >= 1024 && i + 1 < sizeof(unit) / sizeof(unit[0]); i++)
		v /= 1024;
	snprintf(buf, len, i ? "%.1f %s" : "%.0f %s", v, unit[i]);
}

void cmd_raise_nofile_limit(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}
