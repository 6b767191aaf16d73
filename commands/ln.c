/* ln.c - lfs ln [-s] TARGET LINKNAME: a hard link shares the inode, and so
 * the layout and objects; a symlink's target is stored as given and is
 * resolved inside the store (RESOLVE_IN_ROOT), never on the host. */
#include <errno.h>

#include "common.h"
#include "ns_ops.h"

static const struct lfs_opt ln_opts[] = {
	{ "symbolic", 's', no_argument, DOM_NONE, "make a symbolic link" },
	{ 0 },
};

static int cmd_ln(struct lfs_ctx *ctx, int argc, char **argv)
{
	char target[PATH_MAX], link[PATH_MAX];
	struct lfs_error e = { 0, "" };
	enum ns_culprit who;
	struct cmd_getopt go;
	struct lfs_store *s;
	bool sym = false;
	int c, rc = 0;

	if (cmd_getopt_begin(&go, ln_opts))
		return ENOMEM;
	while (!rc && (c = cmd_getopt(&go, argc, argv)) != -1)
		rc = c == 's' ? (sym = true, 0) : CMD_HELP;
	cmd_getopt_end(&go);
	if (!rc && argc - optind != 2)
		rc = CMD_HELP;
	if (rc)
		return rc;
	s = ctx_store(ctx, true, "ln");
	if (!s)
		return ctx->store_errno;
	if (!sym && (rc = ctx_resolve(ctx, "ln", argv[optind], target, sizeof(target))))
		return rc;
	if ((rc = ctx_resolve(ctx, "ln", argv[optind + 1], link, sizeof(link))))
		return rc;
	rc = sym ? ns_symlink(s, argv[optind], link, &who, &e)
		 : ns_link(s, target, link, &who, &e);
	if (rc)
		return cmd_error("ln", argv[optind + (who == NS_SRC ? 0 : 1)], rc, &e);
	return 0;
}

const struct lfs_cmd cmd_ln_def = {
	.name = "ln",
	.run = cmd_ln,
	.opts = ln_opts,
	.summary = "make hard or symbolic links in the store",
	.usage = "TARGET LINKNAME",
	.args = DOM_PATH,
	.flags = CMD_WRITES,
};
