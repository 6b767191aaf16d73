/* cat.c - lfs cat FSPATH...: a store file's bytes to standard output. */
#include <errno.h>
#include <stdio.h>

#include "common.h"
#include "transfer.h"

static const struct lfs_opt cat_opts[] = { { 0 } };

/* Each chunk flushed, so the bytes are out before any error message. */
static int to_stream(void *arg, const void *buf, size_t len)
{
	FILE *f = arg;

	errno = 0;
	if (fwrite(buf, 1, len, f) != len || fflush(f))
		return errno ? -errno : -EIO;
	return 0;
}

static int cmd_cat(struct lfs_ctx *ctx, int argc, char **argv)
{
	struct lfs_store *s;
	int status = 0;

	if (argc < 2)
		return CMD_HELP;
	s = ctx_store(ctx, false, "cat");
	if (!s)
		return ctx->store_errno;
	fflush(ctx->out);
	for (int i = 1; i < argc; i++) {
		struct lfs_error e = { 0, "" };
		struct lfs_inode *ino;
		char rel[PATH_MAX];
		int rc;

		if ((rc = ctx_resolve(ctx, "cat", argv[i], rel, sizeof(rel)))) {
			status_keep(&status, rc);
			continue;
		}
		rc = inode_open(s, rel, INODE_READ, &ino, &e);
		if (rc) {
			cmd_open_error(s, "cat", argv[i], rel, rc, &e);
			status = status ? status : -rc;
			continue;
		}
		lfs_error_clear(&e);
		rc = transfer_read(ino, to_stream, ctx->out, &e);
		if (rc) {
			rc = cmd_read_error("cat", argv[i], rc, &e);
			status = status ? status : rc;
		}
		inode_close(ino);
	}
	return status;
}

const struct lfs_cmd cmd_cat_def = {
	.name = "cat",
	.run = cmd_cat,
	.opts = cat_opts,
	.summary = "print store files to standard output",
	.usage = "usage: cat FSPATH...\n",
	.args = DOM_PATH,
};
