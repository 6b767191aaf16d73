/* rm.c - lfs rm [-r] [-f] PATH...: the last name of a file destroys its
 * objects (ns_unlink); -r removes a tree depth first. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "common.h"

static const struct lfs_opt rm_opts[] = {
	{ "recursive", 'r', no_argument, DOM_NONE, "remove directories and their contents" },
	{ "force", 'f', no_argument, DOM_NONE, "ignore missing paths" },
	{ 0 },
};

/* Entries are joined to rel and removed through the namespace again, so a
 * symlink met on the way is removed, never followed. */
static int rm_tree(struct lfs_store *s, const char *rel)
{
	struct dirent *de;
	DIR *d;
	int fd, rc = 0;

	fd = ns_open(s, rel, O_RDONLY | O_DIRECTORY | O_NOFOLLOW, 0);
	if (fd < 0)
		return fd;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return -errno;
	}
	while (!rc && (de = readdir(d))) {
		char child[PATH_MAX];
		struct stat st;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		rc = ns_path_join(child, sizeof(child), rel, de->d_name);
		if (!rc && fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
			rc = -errno;
		if (!rc && S_ISDIR(st.st_mode))
			rc = rm_tree(s, child);
		else if (!rc)
			rc = ns_unlink(s, child);
	}
	closedir(d);
	return rc ? rc : ns_unlink(s, rel);
}

static int rm_one(struct lfs_store *s, const char *rel, bool recursive)
{
	struct stat st;
	int rc;

	if (!strcmp(rel, "."))
		return -EBUSY;
	rc = ns_stat(s, rel, false, &st);
	if (rc)
		return rc;
	if (S_ISDIR(st.st_mode))
		return recursive ? rm_tree(s, rel) : -EISDIR;
	return ns_unlink(s, rel);
}

static int rm_operand(struct lfs_ctx *ctx, const char *path, const char *rel,
		      struct lfs_error *e, void *arg)
{
	const bool *opt = arg;     /* recursive, force */
	int rc = rm_one(ctx->store, rel, opt[0]);

	(void)e;
	if (rc == -EBUSY && !strcmp(rel, "."))
		return cmd_errorf("rm", EBUSY,
				  "%s: refusing to remove the filesystem root", path);
	return opt[1] && rc == -ENOENT ? 0 : rc;
}

static int cmd_rm(struct lfs_ctx *ctx, int argc, char **argv)
{
	struct cmd_getopt go;
	bool opt[2] = { false, false };     /* recursive, force */
	int c, rc = 0;

	if (cmd_getopt_begin(&go, rm_opts))
		return ENOMEM;
	while (!rc && (c = cmd_getopt(&go, argc, argv)) != -1) {
		if (c == 'r')
			opt[0] = true;
		else if (c == 'f')
			opt[1] = true;
		else
			rc = CMD_HELP;
	}
	cmd_getopt_end(&go);
	if (!rc && optind >= argc && !opt[1])
		rc = CMD_HELP;
	if (rc || optind >= argc)
		return rc;
	if (!ctx_store(ctx, true, "rm"))
		return ctx->store_errno;
	return cmd_each_operand(ctx, "rm", argc - optind, argv + optind, rm_operand, opt);
}

const struct lfs_cmd cmd_rm_def = {
	.name = "rm",
	.run = cmd_rm,
	.opts = rm_opts,
	.summary = "remove files and directories (destroying their objects)",
	.usage = "usage: rm [--recursive|-r] [--force|-f] PATH...\n",
	.args = DOM_PATH,
	.flags = CMD_WRITES,
};
