/* mv.c - lfs mv SRC DST: one rename inside the namespace (ns_rename); DST
 * an existing directory means into it. A file replaced by the move has
 * its objects destroyed, crash-safely, rather than leaked. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common.h"

static const struct lfs_opt mv_opts[] = { { 0 } };

/* When the destination's directory is what is missing (or not a
 * directory), the error names it as the user wrote it, not the source. */
static const char *bad_dst_dir(struct lfs_store *s, const char *dst,
			       const char *arg, char *buf, size_t len)
{
	char parent[PATH_MAX];
	const char *name;
	char *slash;
	int fd = ns_parent_open(s, dst, parent, sizeof(parent), &name);

	if (fd >= 0) {
		close(fd);
		return NULL;
	}
	snprintf(buf, len, "%s", arg);
	for (size_t n = strlen(buf); n > 1 && buf[n - 1] == '/'; n--)
		buf[n - 1] = '\0';
	slash = strrchr(buf, '/');
	if (!slash)
		return ".";
	slash[slash == buf] = '\0';     /* "/nodir" -> "/" */
	return buf;
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
	if ((rc = ctx_resolve(ctx, "mv", argv[1], src, sizeof(src))) ||
	    (rc = ctx_resolve(ctx, "mv", argv[2], dst, sizeof(dst))))
		return rc;
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
	if (rc) {
		const char *dir = bad_dst_dir(s, dst, argv[2], into, sizeof(into));

		return cmd_error("mv", dir ? dir : argv[1], rc, NULL);
	}
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
