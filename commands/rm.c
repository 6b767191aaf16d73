/* rm.c - lfs rm [-r] [-f] PATH...: the last name of a file destroys its
 * objects; -r removes a tree depth first (ns_remove). */
#include <errno.h>
#include <string.h>

#include "common.h"
#include "ns_ops.h"

static const struct lfs_opt rm_opts[] = {
	{ "recursive", 'r', no_argument, DOM_NONE, "remove directories and their contents" },
	{ "force", 'f', no_argument, DOM_NONE, "ignore missing paths" },
	{ 0 },
};

struct rm_args {
	bool recursive, force;
};

static int rm_operand(struct lfs_ctx *ctx, const char *path, const char *rel,
		      struct lfs_error *e, void *arg)
{
	const struct rm_args *a = arg;
	int rc = ns_remove(ctx->store, rel, a->recursive, e);

	if (rc == -EBUSY && !strcmp(rel, "."))
		return cmd_errorf("rm", EBUSY,
				  "%s: refusing to remove the filesystem root", path);
	return a->force && rc == -ENOENT ? 0 : rc;
}

static int cmd_rm(struct lfs_ctx *ctx, int argc, char **argv)
{
	struct rm_args a = { false, false };
	struct cmd_getopt go;
	int c, rc = 0;

	if (cmd_getopt_begin(&go, rm_opts))
		return ENOMEM;
	while (!rc && (c = cmd_getopt(&go, argc, argv)) != -1) {
		if (c == 'r')
			a.recursive = true;
		else if (c == 'f')
			a.force = true;
		else
			rc = CMD_HELP;
	}
	cmd_getopt_end(&go);
	if (!rc && optind >= argc && !a.force)
		rc = CMD_HELP;
	if (rc || optind >= argc)
		return rc;
	if (!ctx_store(ctx, true, "rm"))
		return ctx->store_errno;
	return cmd_each_operand(ctx, "rm", argc - optind, argv + optind, rm_operand, &a);
}

const struct lfs_cmd cmd_rm_def = {
	.name = "rm",
	.run = cmd_rm,
	.opts = rm_opts,
	.summary = "remove files and directories (destroying their objects)",
	.usage = "PATH...",
	.args = DOM_PATH,
	.flags = CMD_WRITES,
};
