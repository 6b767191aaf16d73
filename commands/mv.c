/* mv.c - lfs mv SRC DST: one rename inside the namespace (ns_rename); DST
 * an existing directory means into it. A file replaced by the move has
 * its objects destroyed, crash-safely, rather than leaked. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "common.h"

static const struct lfs_opt mv_opts[] = { { 0 } };

static int cmd_mv(struct lfs_ctx *ctx, int argc, char **argv)
{
	char src[PATH_MAX], dst[PATH_MAX], into[PATH_MAX];
	struct stat sst, dst_st;
	struct lfs_store *s;
	const char *base;
	int rc;

	if (argc != 3 || argv[1][0] == '-' || argv[2][0] == '-')
		return CMD_HELP;
	s = ctx_store(ctx, true, "mv");
	if (!s)
		return ctx->store_errno;
	if (ctx_resolve(ctx, "mv", argv[1], src, sizeof(src)) ||
	    ctx_resolve(ctx, "mv", argv[2], dst, sizeof(dst)))
		return EINVAL;
	if (!strcmp(src, "."))
		return cmd_error("mv", argv[1], -EBUSY, NULL);
	rc = ns_stat(s, src, false, &sst);
	if (rc)
		return cmd_error("mv", argv[1], rc, NULL);
	if (ns_stat(s, dst, true, &dst_st) == 0 && S_ISDIR(dst_st.st_mode) &&
	    strcmp(src, dst)) {
		base = strrchr(src, '/');
		base = base ? base + 1 : src;
		rc = ns_path_join(into, sizeof(into), dst, base);
		if (rc)
			return cmd_error("mv", argv[2], rc, NULL);
		snprintf(dst, sizeof(dst), "%s", into);
	}
	if (!strcmp(src, dst) ||
	    (ns_stat(s, dst, false, &dst_st) == 0 && dst_st.st_dev == sst.st_dev &&
	     dst_st.st_ino == sst.st_ino))
		return cmd_errorf("mv", EINVAL, "%s: '%s' and '%s' are the same file",
				  argv[1], argv[1], argv[2]);
	rc = ns_rename(s, src, dst);
	if (rc)
		return cmd_error("mv", argv[1], rc, NULL);
	return 0;
}

const struct lfs_cmd cmd_mv_def = {
	.name = "mv",
	.run = cmd_mv,
	.opts = mv_opts,
	.summary = "rename or move a file or directory in the store (one atomic rename)",
	.usage = "usage: mv SRC DST\n",
	.args = DOM_PATH,
	.flags = CMD_WRITES,
};
