/* mv.c - lfs mv SRC DST: one rename inside the namespace (ns_move); DST
 * an existing directory means into it. A file replaced by the move has
 * its objects destroyed, crash-safely, rather than leaked. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "common.h"
#include "ns.h"
#include "ns_ops.h"

static const struct lfs_opt mv_opts[] = { { 0 } };

/* The directory part of DST as the user wrote it: what an error names
 * when that directory is what is missing (or not a directory). */
static int cmd_mv(struct lfs_ctx *ctx, int argc, char **argv)
{
	char src[PATH_MAX], dst[PATH_MAX], dir[PATH_MAX];
	struct lfs_error e = { 0, "" };
	enum ns_culprit who;
	struct lfs_store *s;
	int rc;

	if (argc != 3 || argv[1][0] == '-' || argv[2][0] == '-')
		return CMD_HELP;
	s = ctx_store(ctx, true, "mv");
	if (!s)
		return ctx->store_errno;
	if ((rc = ctx_resolve(ctx, "mv", argv[1], src, sizeof(src))) ||
	    (rc = ctx_resolve(ctx, "mv", argv[2], dst, sizeof(dst))))
		return rc;
	rc = ns_move(s, src, dst, &who, &e);
	if (!rc)
		return 0;
	if (who == NS_SAME)
		return cmd_errorf("mv", EINVAL, "%s: '%s' and '%s' are the same file",
				  argv[1], argv[1], argv[2]);
	return cmd_error("mv", who == NS_SRC ? argv[1] : who == NS_DST ? argv[2] :
			 ns_dir_of(argv[2], dir, sizeof(dir)), rc, &e);
}

const struct lfs_cmd cmd_mv_def = {
	.name = "mv",
	.run = cmd_mv,
	.opts = mv_opts,
	.summary = "rename or move a file or directory in the store (one atomic rename)",
	.usage = "SRC DST",
	.args = DOM_PATH,
	.flags = CMD_WRITES,
};
