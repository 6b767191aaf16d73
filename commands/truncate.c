/* truncate.c - lfs truncate -s SIZE FSPATH... */
#include <errno.h>
#include <string.h>

#include "common.h"
#include "io.h"
#include "size.h"

static const struct lfs_opt truncate_opts[] = {
	{ "size", 's', required_argument, DOM_SIZE, "new size", "SIZE", NULL, OPTF_MANDATORY },
	{ 0 },
};

static int truncate_operand(struct lfs_ctx *ctx, const char *path,
			    const char *rel, struct lfs_error *e, void *arg)
{
	struct lfs_inode *ino;
	int rc = inode_open(ctx->store, rel, INODE_WRITE, &ino, e);

	if (rc)
		return cmd_open_error(ctx->store, "truncate", path, rel, rc, e);
	rc = io_truncate(ino, *(uint64_t *)arg, e);
	inode_close(ino);
	return rc;
}

static int cmd_truncate(struct lfs_ctx *ctx, int argc, char **argv)
{
	struct cmd_getopt go;
	uint64_t size = 0;
	bool have = false;
	int c, rc = 0;

	if (cmd_getopt_begin(&go, truncate_opts))
		return ENOMEM;
	while (!rc && (c = cmd_getopt(&go, argc, argv)) != -1) {
		if (c == 's') {
			have = true;
			if (size_parse(optarg, &size))
				rc = cmd_errorf("truncate", EINVAL, "invalid size '%s'", optarg);
		} else {
			rc = CMD_HELP;
		}
	}
	cmd_getopt_end(&go);
	if (!rc && (!have || optind >= argc))
		rc = CMD_HELP;
	if (rc)
		return rc;
	if (!ctx_store(ctx, true, "truncate"))
		return ctx->store_errno;
	return cmd_each_operand(ctx, "truncate", argc - optind, argv + optind,
				truncate_operand, &size);
}

const struct lfs_cmd cmd_truncate_def = {
	.name = "truncate",
	.run = cmd_truncate,
	.opts = truncate_opts,
	.summary = "shrink or extend store files",
	.usage = "FSPATH...",
	.args = DOM_PATH,
	.flags = CMD_WRITES,
};
