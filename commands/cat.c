/* cat.c - lfs cat FSPATH...: a store file's bytes to standard output. */
#include <errno.h>
#include <stdio.h>

#include "common.h"
#include "transfer.h"

static const struct lfs_opt cat_opts[] = { { 0 } };

/* Each chunk flushed, so the bytes are out before any error message;
 * an interrupt stops before the next. */
static int to_stream(void *arg, const void *buf, size_t len)
{
	struct lfs_ctx *ctx = arg;

	if (ctx->cancel && *ctx->cancel)
		return -EINTR;
	errno = 0;
	if (fwrite(buf, 1, len, ctx->out) != len || fflush(ctx->out))
		return errno ? -errno : -EIO;
	return 0;
}

static int cat_one(struct lfs_ctx *ctx, const char *path, const char *rel,
		   struct lfs_error *e, void *arg)
{
	struct lfs_store *s = arg;
	struct lfs_inode *ino;
	int rc = inode_open(s, rel, INODE_READ, &ino, e);

	if (rc)
		return cmd_open_error(s, "cat", path, rel, rc, e);
	lfs_error_clear(e);
	rc = transfer_read(ino, to_stream, ctx, e);
	if (rc)
		rc = cmd_read_error("cat", path, rc, e);
	inode_close(ino);
	return rc;
}

static int cmd_cat(struct lfs_ctx *ctx, int argc, char **argv)
{
	struct lfs_store *s;

	if (argc < 2)
		return CMD_HELP;
	s = ctx_store(ctx, false, "cat");
	if (!s)
		return ctx->store_errno;
	fflush(ctx->out);
	return cmd_each_operand(ctx, "cat", argc - 1, argv + 1, cat_one, s);
}

const struct lfs_cmd cmd_cat_def = {
	.name = "cat",
	.run = cmd_cat,
	.opts = cat_opts,
	.summary = "print store files to standard output",
	.usage = "FSPATH...",
	.args = DOM_PATH,
	.flags = CMD_CANCELS,
};
