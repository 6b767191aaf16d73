/* chmod.c - lfs chmod MODE PATH...: octal modes; a symlink's target is
 * changed, resolved inside the store (ns_chmod). */
#include <errno.h>
#include <stdlib.h>

#include "common.h"
#include "ns_ops.h"

static const struct lfs_opt chmod_opts[] = { { 0 } };

static int chmod_operand(struct lfs_ctx *ctx, const char *path, const char *rel,
			 struct lfs_error *e, void *arg)
{
	(void)path;
	return ns_chmod(ctx->store, rel, *(mode_t *)arg, e);
}

static int cmd_chmod(struct lfs_ctx *ctx, int argc, char **argv)
{
	char *end;
	long mode;
	mode_t m;

	if (argc < 3)
		return CMD_HELP;
	mode = strtol(argv[1], &end, 8);
	if (!argv[1][0] || *end || mode < 0 || mode > 07777)
		return cmd_errorf("chmod", EINVAL, "invalid mode '%s'", argv[1]);
	if (!ctx_store(ctx, true, "chmod"))
		return ctx->store_errno;
	m = (mode_t)mode;
	return cmd_each_operand(ctx, "chmod", argc - 2, argv + 2, chmod_operand, &m);
}

const struct lfs_cmd cmd_chmod_def = {
	.name = "chmod",
	.run = cmd_chmod,
	.opts = chmod_opts,
	.summary = "change the mode of files (octal)",
	.usage = "OCTAL_MODE PATH...",
	.args = DOM_PATH,
	.flags = CMD_WRITES,
};
