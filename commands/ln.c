/* ln.c - lfs ln [-s] TARGET LINKNAME: a hard link shares the inode, and so
 * the layout and objects; a symlink's target is stored as given and is
 * resolved inside the store (RESOLVE_IN_ROOT), never on the host. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common.h"

static const struct lfs_opt ln_opts[] = {
	{ "symbolic", 's', no_argument, DOM_NONE, "make a symbolic link" },
	{ 0 },
};

static int cmd_ln(struct lfs_ctx *ctx, int argc, char **argv)
{
	char target[PATH_MAX], link[PATH_MAX], lparent[PATH_MAX], tparent[PATH_MAX];
	const char *lname, *tname;
	struct cmd_getopt go;
	struct lfs_store *s;
	bool sym = false;
	struct stat st;
	int c, rc = 0, lpfd, tpfd;

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
	if (ns_stat(s, link, true, &st) == 0 && S_ISDIR(st.st_mode)) {
		/* LINKNAME a directory: the link goes into it. */
		const char *base = strrchr(sym ? argv[optind] : target, '/');
		char into[PATH_MAX];

		base = base ? base + 1 : sym ? argv[optind] : target;
		if (!*base || !strcmp(base, ".") || !strcmp(base, ".."))
			return cmd_error("ln", argv[optind + 1], -EEXIST, NULL);
		rc = ns_path_join(into, sizeof(into), link, base);
		if (rc)
			return cmd_error("ln", argv[optind + 1], rc, NULL);
		snprintf(link, sizeof(link), "%s", into);
	}
	lpfd = ns_parent_open(s, link, lparent, sizeof(lparent), &lname);
	if (lpfd < 0)
		return cmd_error("ln", argv[optind + 1], lpfd == -EBUSY ? -EEXIST : lpfd, NULL);
	if (sym) {
		if (symlinkat(argv[optind], lpfd, lname) < 0)
			rc = cmd_error("ln", argv[optind + 1], -errno, NULL);
		close(lpfd);
		return rc;
	}
	tpfd = ns_parent_open(s, target, tparent, sizeof(tparent), &tname);
	if (tpfd < 0) {
		rc = tpfd == -EBUSY ? -EPERM : tpfd;
	} else {
		if (fstatat(tpfd, tname, &st, AT_SYMLINK_NOFOLLOW) < 0)
			rc = -errno;
		else if (S_ISDIR(st.st_mode))
			rc = -EPERM;
		else if (linkat(tpfd, tname, lpfd, lname, 0) < 0)
			rc = -errno;
		close(tpfd);
	}
	close(lpfd);
	if (rc == -EPERM)
		return cmd_errorf("ln", EPERM, "%s: hard link not allowed for directory",
				  argv[optind]);
	if (rc == -EEXIST)
		return cmd_error("ln", argv[optind + 1], rc, NULL);
	if (rc)
		return cmd_error("ln", argv[optind], rc, NULL);
	return 0;
}

const struct lfs_cmd cmd_ln_def = {
	.name = "ln",
	.run = cmd_ln,
	.opts = ln_opts,
	.summary = "make hard or symbolic links in the store",
	.usage = "usage: ln [--symbolic|-s] TARGET LINKNAME\n",
	.args = DOM_PATH,
	.flags = CMD_WRITES,
};
