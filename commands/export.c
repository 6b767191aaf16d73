/* export.c - lfs export FSPATH HOSTPATH: copy a store file out, holes kept. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "transfer.h"

static const struct lfs_opt export_opts[] = { { 0 } };

int cmd_read_error(const char *cmdname, const char *path, int rc,
		   const struct lfs_error *e)
{
	if (e->msg[0])
		return cmd_errorf(cmdname, rc, "%s: %s: %s", path, e->msg, strerror(-rc));
	return cmd_error(cmdname, path, rc, NULL);
}

static int cmd_export(struct lfs_ctx *ctx, int argc, char **argv)
{
	struct lfs_inode *ino;
	struct lfs_store *s;
	struct lfs_error e = { 0, "" };
	char rel[PATH_MAX];
	int fd, rc;

	if (argc != 3 || argv[1][0] == '-')
		return CMD_HELP;
	s = ctx_store(ctx, false, "export");
	if (!s)
		return ctx->store_errno;
	if ((rc = ctx_resolve(ctx, "export", argv[1], rel, sizeof(rel))))
		return rc;
	rc = inode_open(s, rel, INODE_READ, &ino, &e);
	if (rc)
		return cmd_open_error(s, "export", argv[1], rel, rc, &e);
	fd = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		rc = cmd_error("export", argv[2], -errno, NULL);
		inode_close(ino);
		return rc;
	}
	lfs_error_clear(&e);
	rc = transfer_file_to_host(ino, fd, ctx->cancel, &e);
	if (close(fd) < 0 && !rc)
		rc = -errno;
	if (rc)
		rc = cmd_read_error("export", argv[1], rc, &e);
	inode_close(ino);
	return rc;
}

const struct lfs_cmd cmd_export_def = {
	.name = "export",
	.run = cmd_export,
	.opts = export_opts,
	.summary = "copy a store file to a host file (holes kept)",
	.usage = "FSPATH HOSTPATH",
	.args = DOM_PATH,
	.flags = CMD_CANCELS,
};
