/* chown.c - lfs chown USER[:GROUP] PATH...: numeric ids or names (resolved
 * here), then ns_chown. */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "ns_ops.h"

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

struct owner {
	uid_t uid;
	gid_t gid;
};

static int chown_operand(struct lfs_ctx *ctx, const char *path, const char *rel,
			 struct lfs_error *e, void *arg)
{
	const struct owner *o = arg;

	(void)path;
	return ns_chown(ctx->store, rel, o->uid, o->gid, e);
}

static int cmd_chown(struct lfs_ctx *ctx, int argc, char **argv)
{
	struct owner o = { (uid_t)-1, (gid_t)-1 };
	char owner[256], *colon;

	if (argc < 3)
		return CMD_HELP;
	snprintf(owner, sizeof(owner), "%s", argv[1]);
	colon = strchr(owner, ':');
	if (colon)
		*colon++ = '\0';
	if ((!owner[0] && !(colon && *colon)) ||
	    (owner[0] && !parse_id(owner, false, &o.uid)))
		return cmd_errorf("chown", EINVAL, "invalid user: '%s'", argv[1]);
	if (colon && *colon && !parse_id(colon, true, &o.gid))
		return cmd_errorf("chown", EINVAL, "invalid group: '%s'", argv[1]);
	if (!ctx_store(ctx, true, "chown"))
		return ctx->store_errno;
	return cmd_each_operand(ctx, "chown", argc - 2, argv + 2, chown_operand, &o);
}

const struct lfs_cmd cmd_chown_def = {
	.name = "chown",
	.run = cmd_chown,
	.opts = chown_opts,
	.summary = "change the owner and group of files",
	.usage = "USER[:GROUP] PATH...",
	.args = DOM_PATH,
	.flags = CMD_WRITES,
};
