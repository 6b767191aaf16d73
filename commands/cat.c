/* cat.c - lfs cat FSPATH...: a store file's bytes to standard output. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "io.h"

static const struct lfs_opt cat_opts[] = { { 0 } };

static int write_all(int fd, const char *buf, size_t n)
{
	while (n) {
		ssize_t w = write(fd, buf, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		buf += w;
		n -= (size_t)w;
	}
	return 0;
}

static int cat_one(struct lfs_inode *ino)
{
	size_t chunk = 1u << 20;
	char *buf = malloc(chunk);
	uint64_t off = 0;
	ssize_t n;
	int rc = 0;

	if (!buf)
		return -ENOMEM;
	while ((n = io_pread(ino, buf, chunk, off)) > 0) {
		rc = write_all(STDOUT_FILENO, buf, (size_t)n);
		if (rc)
			break;
		off += (uint64_t)n;
	}
	if (n < 0 && !rc)
		rc = (int)n;
	free(buf);
	return rc;
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
	fflush(stdout);
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
		rc = cat_one(ino);
		if (rc) {
			rc = cmd_read_error("cat", argv[i], ino, rc);
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
