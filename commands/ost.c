/* ost.c - lfs ost list|add|remove, and OST states (lctl set_param on a
 * cluster; adding and retiring an OST is mkfs.lustre --ost and lctl
 * del_ost there). Each subcommand is a struct lfs_cmd of its own. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "lustre_servers.h"
#include "ost.h"
#include "size.h"

static const struct lfs_opt no_opts[] = { { 0 } };

static int ost_list(struct lfs_ctx *ctx, int argc, char **argv)
{
	const struct lfs_conf *c;
	struct lfs_store *s;

	(void)argv;
	if (argc != 1)
		return CMD_HELP;
	s = ctx_store(ctx, false, "ost");
	if (!s)
		return ctx->store_errno;
	store_conf_reload(s);
	c = store_conf(s);
	fprintf(ctx->out, "%-5s %-20s %-8s %-5s %14s %14s %8s\n", "IDX", "UUID", "STATE",
		     "FLAGS", "CAPACITY", "USED", "OBJECTS");
	for (uint32_t i = 0; i < c->ost_count; i++) {
		const struct lfs_ost_conf *o = &c->osts[i];
		struct lfs_ost_usage u = { 0, 0 };
		char uuid[40], flags[8] = "";
		size_t n = 0;

		if (o->removed)
			continue;
		ost_usage_get(s, i, &u);
		if (o->degraded)
			flags[n++] = 'D';
		if (o->nocreate)
			flags[n++] = 'N';
		if (store_ost_state(s, i))
			flags[n++] = 'U';    /* unavailable: its directory is gone */
		flags[n] = '\0';
		snprintf(uuid, sizeof(uuid), "%s-OST%04x_UUID", c->fsname, i);
		fprintf(ctx->out, "%-5u %-20s %-8s %-5s %14" PRIu64 " %14" PRIu64 " %8" PRIu64 "\n",
			     i, uuid, o->state == OST_ACTIVE ? "active" : "inactive",
			     n ? flags : "-", o->capacity, u.used, u.objects);
	}
	return 0;
}

/* The store and OST argv[1] of a subcommand taking one IDX. */
static struct lfs_store *ost_arg(struct lfs_ctx *ctx, char **argv,
				 uint32_t *idx, int *rc)
{
	struct lfs_store *s = ctx_store(ctx, true, "ost");
	struct lfs_error e = { 0, "" };

	if (!s) {
		*rc = ctx->store_errno;
		return NULL;
	}
	*rc = store_ost_lookup(store_conf(s), argv[1], idx, &e);
	if (*rc)
		*rc = cmd_error("ost", NULL, *rc, &e);
	return *rc ? NULL : s;
}

/* A subcommand taking one IDX: a state change, or remove (op < 0). */
static int ost_state(struct lfs_ctx *ctx, int argc, char **argv, int op)
{
	struct lfs_error e = { 0, "" };
	char fs[LLAPI_FSNAME_BUF];
	struct lfs_store *s;
	uint32_t idx;
	int rc;

	if (argc != 2)
		return CMD_HELP;
	rc = ctx_server_side(ctx, "ost", NULL, fs);
	if (rc == 1)
		return cmd_error("ost", NULL, lustre_servers_ost(fs, argv[1],
				 op < 0 ? OST_OP_ACTIVATE : (enum lfs_ost_op)op, op < 0, &e), &e);
	if (rc)
		return rc;
	s = ost_arg(ctx, argv, &idx, &rc);
	if (!s)
		return rc;
	rc = op < 0 ? store_ost_remove(s, idx, ctx->cancel, &e) :
		      store_ost_set(s, idx, (enum lfs_ost_op)op, &e);
	return rc ? cmd_error("ost", NULL, rc, &e) : 0;
}

#define STATE_SUB(fn, OP, NAME, SUMMARY, USAGE, FLAGS) \
	static int fn(struct lfs_ctx *ctx, int argc, char **argv) \
	{ \
		return ost_state(ctx, argc, argv, OP); \
	} \
	static const struct lfs_cmd fn##_def = { .name = NAME, .run = fn, \
		.opts = no_opts, .summary = SUMMARY, .usage = USAGE, \
		.args = DOM_OST, .flags = FLAGS | CMD_WRITES }

STATE_SUB(ost_activate, OST_OP_ACTIVATE, "activate", "put an OST in service",
	  "IDX   (in or out of service)", CMD_SUB_PAIR);
STATE_SUB(ost_deactivate, OST_OP_DEACTIVATE, "deactivate", "take an OST out of service",
	  "IDX", 0);
STATE_SUB(ost_nocreate, OST_OP_NOCREATE, "nocreate", "stop new objects on an OST (drain)",
	  "IDX       (stop or resume new objects: drain)", CMD_SUB_PAIR);
STATE_SUB(ost_create, OST_OP_CREATE, "create", "resume new objects on an OST",
	  "IDX", 0);
STATE_SUB(ost_degrade, OST_OP_DEGRADE, "degrade", "use an OST only when nothing else fits",
	  "IDX     (use only when nothing else fits)", CMD_SUB_PAIR);
STATE_SUB(ost_undegrade, OST_OP_UNDEGRADE, "undegrade", "use an OST as any other",
	  "IDX", 0);

enum { OPT_COUNT = 256, OPT_SIZE, OPT_PATH };

static const struct lfs_opt add_opts[] = {
	{ "count", OPT_COUNT, required_argument, DOM_NUMBER, "how many OSTs to add (default 1)", "N" },
	{ "size", OPT_SIZE, required_argument, DOM_SIZE, "capacity of each (default: the last OST's)", "SIZE" },
	{ "path", OPT_PATH, required_argument, DOM_HOSTPATH, "make their directories in HOSTDIR (another disk), not in the store", "HOSTDIR" },
	{ 0 },
};

static int ost_add(struct lfs_ctx *ctx, int argc, char **argv)
{
	struct lfs_ost_add_opts o = { 1, 0, NULL };
	struct lfs_error e = { 0, "" };
	char fs[LLAPI_FSNAME_BUF];
	struct cmd_getopt go;
	struct lfs_store *s;
	uint32_t first;
	char *end;
	int c, rc = 0;

	if (cmd_getopt_begin(&go, add_opts))
		return ENOMEM;
	while (!rc && (c = cmd_getopt(&go, argc, argv)) != -1) {
		switch (c) {
		case OPT_COUNT:
			o.count = (uint32_t)strtoul(optarg, &end, 10);
			if (*end || !*optarg || optarg[0] == '-' || !o.count ||
			    o.count > LFS_MAX_OSTS)
				rc = cmd_errorf("ost", EINVAL,
					"invalid OST count '%s': 1 to %d", optarg, LFS_MAX_OSTS);
			break;
		case OPT_SIZE:
			if (size_parse(optarg, &o.size) || !o.size)
				rc = cmd_errorf("ost", EINVAL, "invalid size '%s'", optarg);
			break;
		case OPT_PATH: o.path = optarg; break;
		default: rc = CMD_HELP;
		}
	}
	cmd_getopt_end(&go);
	if (!rc && optind != argc)
		rc = CMD_HELP;
	if (rc)
		return rc;
	rc = ctx_server_side(ctx, "ost", NULL, fs);
	if (rc == 1)
		return cmd_error("ost", NULL, lustre_servers_ost_add(fs, &e), &e);
	if (rc)
		return rc;
	s = ctx_store(ctx, true, "ost");
	if (!s)
		return ctx->store_errno;
	rc = store_ost_add(s, &o, &first, &e);
	if (rc)
		return cmd_error("ost", NULL, rc, &e);
	for (uint32_t i = first; i < first + o.count; i++) {
		char dir[4096];

		store_ost_dir(s, i, dir, sizeof(dir));
		fprintf(ctx->out, "added %s-OST%04x_UUID (index %u) at %s\n",
			store_conf(s)->fsname, i, i, dir);
	}
	return 0;
}

static int ost_remove(struct lfs_ctx *ctx, int argc, char **argv)
{
	return ost_state(ctx, argc, argv, -1);
}

static const struct lfs_cmd ost_list_def = {
	.name = "list", .run = ost_list, .opts = no_opts,
	.summary = "list the OSTs (U: unavailable, its directory is missing)",
};
static const struct lfs_cmd ost_add_def = {
	.name = "add", .run = ost_add, .opts = add_opts,
	.summary = "add OSTs at the next never-used indexes",
	.flags = CMD_WRITES,
};
static const struct lfs_cmd ost_remove_def = {
	.name = "remove", .run = ost_remove, .opts = no_opts,
	.summary = "retire an OST that holds no objects (its index is not reused)",
	.usage = "IDX                (retire an empty OST)",
	.args = DOM_OST, .flags = CMD_WRITES | CMD_CANCELS,
};

static const struct lfs_cmd *const ost_subs[] = {
	&ost_list_def, &ost_activate_def, &ost_deactivate_def,
	&ost_nocreate_def, &ost_create_def, &ost_degrade_def,
	&ost_undegrade_def, &ost_add_def, &ost_remove_def, NULL,
};

const struct lfs_cmd cmd_ost_def = {
	.name = "ost",
	.opts = no_opts,
	.summary = "list OSTs, change an OST's state, add or remove OSTs",
	.args = DOM_OST,
	.flags = CMD_WRITES,
	.subs = ost_subs,
};
