/* chmod.c - lfs chmod MODE PATH...: octal modes; a symlink's target is
 * changed, resolved inside the store. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"

static const struct lfs_opt chmod_opts[] = { { 0 } };

static int chmod_one(struct lfs_store *s, const char *rel, mode_t mode,
		     struct lfs_error *e)
{
	char proc[64];
	int fd = ns_open_meta(s, rel, e), rc = 0;

	if (fd < 0)
		return fd;
	fd_proc_path(fd, proc, sizeof(proc));
	if (chmod(proc, mode) < 0)
		rc = -errno;
	close(fd);
	return rc;
}

static int cmd_chmod(struct lfs_ctx *ctx, int argc, char **argv)
{
	struct lfs_store *s;
	int status = 0;
	char *end;
	long mode;

	if (argc < 3)
		return CMD_HELP;
	mode = strtol(argv[1], &end, 8);
	if (!argv[1][0] || *end || mode < 0 || mode > 07777)
		return cmd_errorf("chmod", EINVAL, "invalid mode '%s'", argv[1]);
	s = ctx_store(ctx, true, "chmod");
	if (!s)
		return ctx->store_errno;
	for (int i = 2; i < argc; i++) {
		struct lfs_error e = { 0, "" };
		char rel[PATH_MAX];
		int rc;

		if ((rc = ctx_resolve(ctx, "chmod", argv[i], rel, sizeof(rel)))) {
			status_keep(&status, rc);
			continue;
		}
		rc = chmod_one(s, rel, (mode_t)mode, &e);
		if (rc)
			status_keep(&status, cmd_error("chmod", argv[i], rc, &e));
	}
	return status;
}

const struct lfs_cmd cmd_chmod_def = {
	.name = "chmod",
	.run = cmd_chmod,
	.opts = chmod_opts,
	.summary = "change the mode of files (octal)",
	.usage = "usage: chmod OCTAL_MODE PATH...\n",
	.args = DOM_PATH,
	.flags = CMD_WRITES,
};
