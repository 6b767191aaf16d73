/* ost.c - lfs ost list, and OST states (lctl set_param on a cluster). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "ost.h"

static const struct lfs_opt ost_opts[] = { { 0 } };

static const struct { const char *name; enum lfs_ost_op op; } ops[] = {
	{ "activate", OST_OP_ACTIVATE }, { "deactivate", OST_OP_DEACTIVATE },
	{ "nocreate", OST_OP_NOCREATE }, { "create", OST_OP_CREATE },
	{ "degrade", OST_OP_DEGRADE }, { "undegrade", OST_OP_UNDEGRADE },
};

static int ost_list(FILE *out, struct lfs_store *s)
{
	const struct lfs_conf *c = store_conf(s);

	fprintf(out, "%-5s %-20s %-8s %-5s %14s %14s %8s\n", "IDX", "UUID", "STATE",
		     "FLAGS", "CAPACITY", "USED", "OBJECTS");
	for (uint32_t i = 0; i < c->ost_count; i++) {
		const struct lfs_ost_conf *o = &c->osts[i];
		struct lfs_ost_usage u = { 0, 0 };
		char uuid[40], flags[8] = "";
		size_t n = 0;

		ost_usage_get(s, i, &u);
		if (o->degraded)
			flags[n++] = 'D';
		if (o->nocreate)
			flags[n++] = 'N';
		flags[n] = '\0';
		snprintf(uuid, sizeof(uuid), "%s-OST%04x_UUID", c->fsname, i);
		fprintf(out, "%-5u %-20s %-8s %-5s %14" PRIu64 " %14" PRIu64 " %8" PRIu64 "\n",
			     i, uuid, o->state == OST_ACTIVE ? "active" : "inactive",
			     n ? flags : "-", o->capacity, u.used, u.objects);
	}
	return 0;
}

static int cmd_ost(struct lfs_ctx *ctx, int argc, char **argv)
{
	struct lfs_error e = { 0, "" };
	struct lfs_store *s;
	uint32_t idx;
	int rc;

	if (argc == 2 && !strcmp(argv[1], "list")) {
		s = ctx_store(ctx, false, "ost");
		if (!s)
			return ctx->store_errno;
		store_conf_reload(s);
		return ost_list(ctx->out, s);
	}
	if (argc != 3)
		return CMD_HELP;
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		if (strcmp(argv[1], ops[i].name))
			continue;
		s = ctx_store(ctx, true, "ost");
		if (!s)
			return ctx->store_errno;
		rc = store_parse_ost_name(store_conf(s), argv[2], &idx);
		if (rc == -ENODEV)
			return cmd_errorf("ost", ENODEV,
				"OST %s does not exist (the filesystem has %u OSTs)",
				argv[2], store_conf(s)->ost_count);
		if (rc)
			return cmd_errorf("ost", EINVAL, "%s: not an OST index or UUID",
					  argv[2]);
		rc = store_ost_set(s, idx, ops[i].op, &e);
		return rc ? cmd_error("ost", NULL, rc, &e) : 0;
	}
	return CMD_HELP;
}

const struct lfs_cmd cmd_ost_def = {
	.name = "ost",
	.run = cmd_ost,
	.opts = ost_opts,
	.summary = "list OSTs, or change an OST's state",
	.usage = "list\n"
		 "       ost activate|deactivate IDX   (in or out of service)\n"
		 "       ost nocreate|create IDX       (stop or resume new objects: drain)\n"
		 "       ost degrade|undegrade IDX     (use only when nothing else fits)\n",
	.args = DOM_OST,
	.flags = CMD_WRITES,
};
