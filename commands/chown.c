/* chown.c - lfs chown USER[:GROUP] PATH...: numeric ids or names. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"

static const struct lfs_opt chown_opts[] = { { 0 } };

static bool parse_id(const char *text, bool group, unsigned *id)
{
	char *end;
	unsigned long v;

	if (!*text)
		return false;
	v = strtoul(text, &end, 10);
	if (!*end && text[0] != '-' && v < (unsigned)-1) {
		*id = (unsigned)v;
		return true;
	}
	if (group) {
		struct group *gr = getgrnam(text);

		if (gr)
			*id = gr->gr_gid;
		return gr != NULL;
	} else {
		struct passwd *pw = getpwnam(text);

		if (pw)
			*id = pw->pw_uid;
		return pw != NULL;
	}
}

static int cmd_chown(struct lfs_ctx *ctx, int argc, char **argv)
{
	unsigned uid = (unsigned)-1, gid = (unsigned)-1;
	char owner[256], *colon;
	struct lfs_store *s;
	int status = 0;

	if (argc < 3)
		return CMD_HELP;
	snprintf(owner, sizeof(owner), "%s", argv[1]);
	colon = strchr(owner, ':');
	if (colon)
		*colon++ = '\0';
	if ((!owner[0] && !(colon && *colon)) ||
	    (owner[0] && !parse_id(owner, false, &uid)))
		return cmd_errorf("chown", EINVAL, "invalid user: '%s'", argv[1]);
	if (colon && *colon && !parse_id(colon, true, &gid))
		return cmd_errorf("chown", EINVAL, "invalid group: '%s'", argv[1]);
	s = ctx_store(ctx, true, "chown");
	if (!s)
		return ctx->store_errno;
	for (int i = 2; i < argc; i++) {
		struct lfs_error e = { 0, "" };
		char rel[PATH_MAX];
		int fd, rc = 0;

		if ((rc = ctx_resolve(ctx, "chown", argv[i], rel, sizeof(rel)))) {
			status_keep(&status, rc);
			continue;
		}
		fd = ns_open_meta(s, rel, &e);
		if (fd < 0)
			rc = fd;
		else if (fchownat(fd, "", uid, gid, AT_EMPTY_PATH) < 0)
			rc = -errno;
		if (fd >= 0)
			close(fd);
		if (rc)
			status_keep(&status, cmd_error("chown", argv[i], rc, &e));
	}
	return status;
}

const struct lfs_cmd cmd_chown_def = {
	.name = "chown",
	.run = cmd_chown,
	.opts = chown_opts,
	.summary = "change the owner and group of files",
	.usage = "usage: chown USER[:GROUP] PATH...\n",
	.args = DOM_PATH,
	.flags = CMD_WRITES,
};
