/* pool.c - lfs pool new|add|remove|destroy|list, and Lustre's pool_list.
 * On a real cluster these are lctl pool_* on the MGS. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "layout.h"
#include "lustre_pool.h"
#include "lustre_servers.h"

static const struct lfs_opt pool_opts[] = { { 0 } };

/* OST arguments: 3, 2-5, 1,4, lustre-OST0002_UUID, and lctl pool_add's
 * OST0002 (the fsname left out). */
static int parse_osts(struct lfs_store *s, int argc, char **argv,
		      uint32_t **osts, uint32_t *n)
{
	struct lfs_error e = { 0, "" };

	for (int i = 0; i < argc; i++) {
		int rc = store_parse_ost_operand(store_conf(s), argv[i], osts, n, &e);

		if (rc)
			return cmd_error("pool", NULL, rc, &e);
	}
	return 0;
}

/* The pools of the store, or the OSTs of pool `name`. */
static int pool_list(FILE *out, struct lfs_store *s, const char *name,
		     const char *cmd)
{
	char clean[LFS_POOL_NAME_MAX + 1];
	struct lfs_error e = { 0, "" };
	const struct lfs_conf *c;
	const struct lfs_pool *p;
	int rc;

	store_conf_reload(s);
	c = store_conf(s);
	if (!name) {
		for (uint32_t i = 0; i < c->nr_pools; i++)
			fprintf(out, "%s.%s\n", c->fsname, c->pools[i].name);
		return 0;
	}
	rc = layout_pool_name(name, clean, &e);
	if (rc)
		return cmd_error(cmd, NULL, rc, &e);
	p = store_pool_find(c, clean);
	if (!p)
		return cmd_errorf(cmd, ENOENT, "pool %s.%s not found", c->fsname,
				  clean);
	fprintf(out, "Pool: %s.%s\n", c->fsname, p->name);
	for (uint32_t i = 0; i < p->nr_osts; i++)
		fprintf(out, "%s-OST%04x_UUID\n", c->fsname, p->osts[i]);
	return 0;
}

/* On a Lustre mount: the pools of filesystem (or path) `fs`, Lustre's
 * "Pools from FS:" first when `header`; or the members of pool `name`
 * (llapi_get_poollist, llapi_get_poolmembers). */
static int client_pool_list(struct lfs_ctx *ctx, const char *fs,
			    const char *name, bool header, const char *cmd)
{
	char fsname[LLAPI_FSNAME_BUF], clean[LFS_POOL_NAME_MAX + 1];
	char fs_pool[LLAPI_FSNAME_BUF + LFS_POOL_NAME_MAX + 2];
	struct lfs_error e = { 0, "" };
	char **names;
	uint32_t *osts, n;
	int rc;

	bool path = strchr(fs, '/') || !strcmp(fs, ".");

	if (path ? ctx->llapi->f.search_fsname(fs, fsname) < 0 :
		   snprintf(fsname, sizeof(fsname), "%s", fs) < 0)
		return cmd_errorf(cmd, ENOENT, "Lustre filesystem '%s' not found", fs);
	if (!name) {
		rc = lustre_pool_names(ctx->llapi, fsname, &names);
		if (rc == -ENOENT)
			return cmd_errorf(cmd, ENOENT, "Lustre filesystem '%s' not found", fs);
		if (rc)
			return cmd_error(cmd, NULL, rc, NULL);
		if (header)
			fprintf(ctx->out, "Pools from %s:\n", fsname);
		for (char **p = names; *p; p++)
			fprintf(ctx->out, "%s\n", *p);
		free(names);
		return 0;
	}
	rc = layout_pool_name(name, clean, &e);
	if (rc)
		return cmd_error(cmd, NULL, rc, &e);
	snprintf(fs_pool, sizeof(fs_pool), "%s.%s", fsname, clean);
	rc = lustre_pool_members(ctx->llapi, fs_pool, &osts, &n);
	if (rc == -ENOENT)
		return cmd_errorf(cmd, ENOENT, "pool %s not found", fs_pool);
	if (rc)
		return cmd_error(cmd, NULL, rc, NULL);
	fprintf(ctx->out, "Pool: %s\n", fs_pool);
	for (uint32_t i = 0; i < n; i++)
		fprintf(ctx->out, "%s-OST%04x_UUID\n", fsname, osts[i]);
	free(osts);
	return 0;
}

static int pool_list_sub(struct lfs_ctx *ctx, int argc, char **argv)
{
	struct lfs_store *s;
	int rc;

	if (argc > 2)
		return CMD_HELP;
	rc = ctx_client(ctx, "pool", NULL);
	if (rc == 1)
		return client_pool_list(ctx, ".", argc == 2 ? argv[1] : NULL,
					false, "pool");
	if (rc)
		return rc;
	s = ctx_store(ctx, false, "pool");
	return s ? pool_list(ctx->out, s, argc == 2 ? argv[1] : NULL, "pool") :
		   ctx->store_errno;
}

/* new|destroy NAME, add|remove NAME OST... (argv from the subcommand's
 * name on). */
static int pool_change(struct lfs_ctx *ctx, int argc, char **argv)
{
	struct lfs_error e = { 0, "" };
	struct lfs_store *s;
	uint32_t *osts = NULL, n = 0;
	const char *sub = argv[0];
	char fs[LLAPI_FSNAME_BUF];
	bool with_osts = !strcmp(sub, "add") || !strcmp(sub, "remove");
	int rc;

	if (with_osts ? argc < 3 : argc != 2)
		return CMD_HELP;
	rc = ctx_server_side(ctx, "pool", NULL, fs);
	if (rc == 1)
		return cmd_error("pool", NULL, lustre_servers_pool(fs, sub, argv[1], &e), &e);
	if (rc)
		return rc;
	s = ctx_store(ctx, true, "pool");
	if (!s)
		return ctx->store_errno;
	if (!strcmp(sub, "new"))
		rc = store_pool_new(s, argv[1], &e);
	else if (!strcmp(sub, "destroy"))
		rc = store_pool_destroy(s, argv[1], &e);
	else {
		rc = parse_osts(s, argc - 2, argv + 2, &osts, &n);
		if (rc) {
			free(osts);
			return rc;
		}
		rc = !strcmp(sub, "add") ? store_pool_add(s, argv[1], osts, n, &e)
					 : store_pool_remove(s, argv[1], osts, n, &e);
		free(osts);
	}
	return rc ? cmd_error("pool", NULL, rc, &e) : 0;
}

static const struct lfs_cmd pool_new_def = {
	.name = "new", .run = pool_change, .opts = pool_opts,
	.summary = "create an empty pool",
	.usage = "NAME             (up to 15 letters, digits, '_' or '-')",
	.flags = CMD_WRITES,
};
static const struct lfs_cmd pool_add_def = {
	.name = "add", .run = pool_change, .opts = pool_opts,
	.summary = "add OSTs to a pool",
	.usage = "NAME OST...      (index, range 2-5, or FSNAME-OST0002_UUID)",
	.args = DOM_POOL, .args_then = DOM_OST, .flags = CMD_WRITES,
};
static const struct lfs_cmd pool_remove_def = {
	.name = "remove", .run = pool_change, .opts = pool_opts,
	.summary = "remove OSTs from a pool",
	.usage = "NAME OST...",
	.args = DOM_POOL, .args_then = DOM_OST, .flags = CMD_WRITES,
};
static const struct lfs_cmd pool_destroy_def = {
	.name = "destroy", .run = pool_change, .opts = pool_opts,
	.summary = "remove an empty pool",
	.usage = "NAME",
	.args = DOM_POOL, .flags = CMD_WRITES,
};
static const struct lfs_cmd pool_list_sub_def = {
	.name = "list", .run = pool_list_sub, .opts = pool_opts,
	.summary = "list the pools, or the OSTs of one",
	.usage = "[NAME]",
	.args = DOM_POOL,
	.help = "On a Lustre client mount (no store selected, the working directory on\n"
		"the mount) the pools are the filesystem's, through liblustreapi\n"
		"(llapi_get_poollist, llapi_get_poolmembers).\n",
};

static const struct lfs_cmd *const pool_subs[] = {
	&pool_new_def, &pool_add_def, &pool_remove_def, &pool_destroy_def,
	&pool_list_sub_def, NULL,
};

const struct lfs_cmd cmd_pool_def = {
	.name = "pool",
	.opts = pool_opts,
	.summary = "manage OST pools (lctl pool_new/pool_add/... on a cluster)",
	.args = DOM_POOL,
	.flags = CMD_WRITES,
	.subs = pool_subs,
};

static int cmd_pool_list(struct lfs_ctx *ctx, int argc, char **argv)
{
	struct lfs_store *s;
	const char *arg, *dot;
	int rc;

	if (argc != 2)
		return CMD_HELP;
	arg = argv[1];
	dot = strchr(arg, '.');
	/* Lustre's pool_list takes a fsname anywhere on a client; here a
	 * fsname or pool goes to the client when the working directory is
	 * on a mount, a path when it is on one. */
	rc = ctx_client(ctx, "pool_list", strchr(arg, '/') ? arg : NULL);
	if (rc == 1 && (strchr(arg, '/') || !dot))
		return client_pool_list(ctx, arg, NULL, true, "pool_list");
	if (rc == 1) {
		char fs[LLAPI_FSNAME_BUF];

		snprintf(fs, sizeof(fs), "%.*s", (int)(dot - arg), arg);
		return client_pool_list(ctx, fs, arg, false, "pool_list");
	}
	if (rc)
		return rc;
	s = ctx_store(ctx, false, "pool_list");
	if (!s)
		return ctx->store_errno;
	if (!dot && !strcmp(arg, store_conf(s)->fsname)) {
		fprintf(ctx->out, "Pools from %s:\n", store_conf(s)->fsname);
		return pool_list(ctx->out, s, NULL, "pool_list");
	}
	return pool_list(ctx->out, s, arg, "pool_list");
}

const struct lfs_cmd cmd_pool_list_def = {
	.name = "pool_list",
	.run = cmd_pool_list,
	.opts = pool_opts,
	.summary = "list the pools of a filesystem, or the OSTs of a pool",
	.usage = "FSNAME[.POOL] | PATH",
	.args = DOM_POOL,
	.help = "On a Lustre client mount (no store selected; a PATH on the mount, or a\n"
		"FSNAME with the working directory on one) as Lustre's: \"Pools from\n"
		"FSNAME:\" and FSNAME.POOL lines, or \"Pool: FSNAME.POOL\" and its OSTs.\n",
};
