/* mkdir.c - lfs mkdir [-p] [-m MODE] DIR...: a directory takes a copy of
 * its parent's default layout (not under the root, whose default applies
 * anyway), so a later default on the parent leaves it alone (DESIGN 3). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"

static const struct lfs_opt mkdir_opts[] = {
	{ "parents", 'p', no_argument, DOM_NONE, "make parents as needed, no error if existing" },
	{ "mode", 'm', required_argument, DOM_NUMBER, "octal mode (not masked by the umask)" },
	{ 0 },
};

static int make_one(struct lfs_store *s, const char *rel, long mode, bool parents)
{
	char parent[PATH_MAX];
	const char *name;
	struct lfs_layout *def = NULL;
	int pfd, fd, rc;

	pfd = ns_parent_open(s, rel, parent, sizeof(parent), &name);
	if (pfd == -EBUSY)
		return parents ? 0 : -EEXIST;
	if (pfd < 0)
		return pfd;
	if (mkdirat(pfd, name, 0777) < 0) {
		rc = -errno;
		if (rc == -EEXIST && parents) {
			struct stat st;

			if (ns_stat(s, rel, true, &st) == 0 && S_ISDIR(st.st_mode))
				rc = 0;
		}
		goto out;
	}
	fd = openat(pfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		rc = -errno;
		goto out;
	}
	rc = 0;
	if (mode >= 0 && fchmod(fd, (mode_t)mode) < 0)
		rc = -errno;
	if (!rc && strcmp(parent, ".")) {
		rc = inode_get_dir_default(s, pfd, &def);
		if (!rc && def)
			rc = inode_set_dir_default_fd(fd, def);
		layout_free(def);
	}
	close(fd);
	if (rc)
		unlinkat(pfd, name, AT_REMOVEDIR);
out:
	close(pfd);
	return rc;
}

static int make_parents(struct lfs_store *s, const char *rel, long mode)
{
	char part[PATH_MAX];
	int rc;

	for (const char *p = strchr(rel, '/'); p; p = strchr(p + 1, '/')) {
		snprintf(part, sizeof(part), "%.*s", (int)(p - rel), rel);
		rc = make_one(s, part, -1, true);
		if (rc)
			return rc;
	}
	return make_one(s, rel, mode, true);
}

struct mkdir_args {
	bool parents;
	long mode;
};

static int mkdir_operand(struct lfs_ctx *ctx, const char *path, const char *rel,
			 struct lfs_error *e, void *arg)
{
	const struct mkdir_args *o = arg;

	(void)path, (void)e;
	return o->parents ? make_parents(ctx->store, rel, o->mode)
			  : make_one(ctx->store, rel, o->mode, false);
}

static int cmd_mkdir(struct lfs_ctx *ctx, int argc, char **argv)
{
	struct cmd_getopt go;
	struct mkdir_args o = { false, -1 };
	int c, rc = 0;

	if (cmd_getopt_begin(&go, mkdir_opts))
		return ENOMEM;
	while (!rc && (c = cmd_getopt(&go, argc, argv)) != -1) {
		char *end;

		if (c == 'p') {
			o.parents = true;
		} else if (c == 'm') {
			o.mode = strtol(optarg, &end, 8);
			if (!*optarg || *end || o.mode < 0 || o.mode > 07777)
				rc = cmd_errorf("mkdir", EINVAL, "invalid mode '%s'", optarg);
		} else {
			rc = CMD_HELP;
		}
	}
	cmd_getopt_end(&go);
	if (!rc && optind >= argc)
		rc = CMD_HELP;
	if (rc)
		return rc;
	if (!ctx_store(ctx, true, "mkdir"))
		return ctx->store_errno;
	return cmd_each_operand(ctx, "mkdir", argc - optind, argv + optind,
				mkdir_operand, &o);
}

const struct lfs_cmd cmd_mkdir_def = {
	.name = "mkdir",
	.run = cmd_mkdir,
	.opts = mkdir_opts,
	.summary = "make directories (copying the parent's default layout)",
	.usage = "usage: mkdir [--parents|-p] [--mode|-m MODE] DIR...\n",
	.args = DOM_PATH,
	.flags = CMD_WRITES,
};
