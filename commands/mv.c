/* mv.c - lfs mv SRC DST: renameat inside the namespace; DST an existing
 * directory means into it. A file replaced by the move goes through
 * ns_unlink, so its objects are destroyed rather than leaked. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common.h"

static const struct lfs_opt mv_opts[] = { { 0 } };

static int do_move(struct lfs_store *s, const char *src, const char *dst)
{
	char sparent[PATH_MAX], dparent[PATH_MAX];
	const char *sname, *dname;
	struct stat sst, dst_st;
	int spfd, dpfd = -1, rc = 0;
	bool replace;

	spfd = ns_parent_open(s, src, sparent, sizeof(sparent), &sname);
	if (spfd < 0)
		return spfd;
	dpfd = ns_parent_open(s, dst, dparent, sizeof(dparent), &dname);
	if (dpfd < 0) {
		rc = dpfd;
		goto out;
	}
	if (fstatat(spfd, sname, &sst, AT_SYMLINK_NOFOLLOW) < 0) {
		rc = -errno;
		goto out;
	}
	replace = fstatat(dpfd, dname, &dst_st, AT_SYMLINK_NOFOLLOW) == 0;
	if (replace && !S_ISDIR(sst.st_mode) && !S_ISDIR(dst_st.st_mode)) {
		/* Swap, then remove the old target under the source's name. */
		if (renameat2(spfd, sname, dpfd, dname, RENAME_EXCHANGE) < 0)
			rc = -errno;
		else
			rc = ns_unlink(s, src);
	} else if (renameat2(spfd, sname, dpfd, dname,
			     replace ? 0 : RENAME_NOREPLACE) < 0) {
		rc = -errno;
	}
out:
	if (dpfd >= 0)
		close(dpfd);
	close(spfd);
	return rc;
}

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
	rc = do_move(s, src, dst);
	if (rc)
		return cmd_error("mv", argv[1], rc, NULL);
	return 0;
}

const struct lfs_cmd cmd_mv_def = {
	.name = "mv",
	.run = cmd_mv,
	.opts = mv_opts,
	.summary = "rename or move a file or directory in the store",
	.usage = "usage: mv SRC DST\n",
	.args = DOM_PATH,
	.flags = CMD_WRITES,
};
