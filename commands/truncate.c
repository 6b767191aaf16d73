/* truncate.c - lfs truncate -s SIZE FSPATH... */
#include <errno.h>
#include <string.h>

#include "common.h"
#include "io.h"
#include "size.h"

static const struct lfs_opt truncate_opts[] = {
	{ "size", 's', required_argument, DOM_SIZE, "new size" },
	{ 0 },
};

static int cmd_truncate(struct lfs_ctx *ctx, int argc, char **argv)
{
	struct cmd_getopt go;
	struct lfs_store *s;
	uint64_t size = 0;
	bool have = false;
	int c, rc = 0, status = 0;

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
	s = ctx_store(ctx, true, "truncate");
	if (!s)
		return ctx->store_errno;
	for (int i = optind; i < argc; i++) {
		struct lfs_error e = { 0, "" };
		struct lfs_inode *ino;
		char rel[PATH_MAX];

		if ((rc = ctx_resolve(ctx, "truncate", argv[i], rel, sizeof(rel)))) {
			status_keep(&status, rc);
			continue;
		}
		rc = inode_open(s, rel, INODE_WRITE, &ino, &e);
		if (rc) {
			cmd_open_error(s, "truncate", argv[i], rel, rc, &e);
			status = status ? status : -rc;
			continue;
		}
		rc = io_truncate(ino, size, &e);
		inode_close(ino);
		if (rc) {
			cmd_error("truncate", argv[i], rc, &e);
			status = status ? status : -rc;
		}
	}
	return status;
}

const struct lfs_cmd cmd_truncate_def = {
	.name = "truncate",
	.run = cmd_truncate,
	.opts = truncate_opts,
	.summary = "shrink or extend store files",
	.usage = "usage: truncate --size|-s SIZE FSPATH...\n",
	.args = DOM_PATH,
	.flags = CMD_WRITES,
};
