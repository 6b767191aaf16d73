/* l_store.c - targets, pools, lfsck and the escape hatch: lfs.df, osts,
 * ost_set, pools, pool_*, lfsck (lib/df.h, lib/ost.h, lib/store.h,
 * lib/recover.h) and lfs.run (the host's command table). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "df.h"
#include "l_internal.h"
#include "lustre_df.h"
#include "lustre_pool.h"
#include "lustre_servers.h"
#include "ost.h"
#include "recover.h"

static void push_figures(lua_State *L, const char *k,
			 const struct lfs_df_figures *f)
{
	lua_createtable(L, 0, 3);
	l_set_int(L, "total", (lua_Integer)f->total);
	l_set_int(L, "used", (lua_Integer)f->used);
	l_set_int(L, "avail", (lua_Integer)f->avail);
	lua_setfield(L, -2, k);
}

static void push_df_row(lua_State *L, const struct lfs_df_row *r)
{
	lua_createtable(L, 0, 9);
	lua_pushstring(L, r->target == LFS_DF_MDT ? "MDT" : "OST");
	lua_setfield(L, -2, "target");
	l_set_int(L, "index", r->index);
	lua_pushstring(L, r->uuid);
	lua_setfield(L, -2, "uuid");
	l_set_bool(L, "active", r->active);
	l_set_bool(L, "degraded", r->flags & LFS_DF_DEGRADED);
	l_set_bool(L, "nocreate", r->flags & LFS_DF_NOCREATE);
	if (r->active || r->target == LFS_DF_MDT) {
		push_figures(L, "bytes", &r->bytes);
		push_figures(L, "inodes", &r->inodes);
	}
}

static const char *const df_keys[] = { "pool", NULL };

int l_df(lua_State *L)
{
	struct lfs_error e = { 0, "" };
	const struct lfs_llapi *api;
	struct lfs_df df;
	struct lfs_store *s;
	const char *pool = NULL;
	int rc;

	if (l_opts_given(L, 1)) {
		l_opts_check(L, 1, 1, df_keys);
		lua_getfield(L, 1, "pool");
		if (!lua_isnil(L, -1))
			pool = luaL_checkstring(L, -1);   /* anchored in the table */
		lua_pop(L, 1);
	}
	rc = l_client(L, NULL, &api, &e);
	if (rc < 0)
		return l_fail(L, NULL, rc, &e);
	if (rc == 1) {
		/* On a Lustre mount: the working directory's filesystem. */
		if ((rc = lustre_df(api, ".", pool, &df, &e)))
			return l_fail(L, NULL, rc, &e);
	} else if (!(s = l_store(L, false, &e))) {
		return l_store_fail(L, &e);
	} else if ((rc = lfs_df(s, pool, &df, &e))) {
		return l_fail(L, NULL, rc, &e);
	}
	lua_createtable(L, (int)df.nr_rows, 1);
	for (uint32_t i = 0; i < df.nr_rows; i++) {
		push_df_row(L, &df.rows[i]);
		lua_rawseti(L, -2, i + 1);
	}
	push_df_row(L, &df.summary);
	lua_setfield(L, -2, "summary");
	lfs_df_free(&df);
	return 1;
}

/* The servers' functions on a Lustre mount (the working directory on
 * it, no store): 1 with fs the filesystem's name, so that the caller
 * returns the lctl line (lustre_servers.h); 0 on the store; -1 with
 * l_fail's 3 values pushed when the library cannot be loaded. */
static int servers_work(lua_State *L, char fs[LLAPI_FSNAME_BUF])
{
	struct lfs_error e = { 0, "" };
	const struct lfs_llapi *api;
	int rc = l_client(L, NULL, &api, &e);

	if (rc < 0) {
		l_fail(L, NULL, rc, &e);
		return -1;
	}
	if (rc == 1)
		lustre_servers_fsname(api, NULL, fs);
	return rc;
}

/* lfs.fs(): where the functions act, { client, root, fsname }: the
 * store ("/", its fsname) or the Lustre mount the working directory is
 * on (its mount point, llapi_search_mounts). */
int l_fs(lua_State *L)
{
	struct lfs_error e = { 0, "" };
	const struct lfs_llapi *api;
	char mnt[PATH_MAX], fsname[LLAPI_FSNAME_BUF] = "";
	struct lfs_store *s = NULL;
	int err, rc = l_client(L, NULL, &api, &e);

	if (rc < 0)
		return l_fail(L, NULL, rc, &e);
	if (rc == 1 && (err = api->f.search_mounts(".", 0, mnt, fsname)) < 0)
		return l_fail(L, NULL, err, NULL);
	if (!rc && !(s = l_store(L, false, &e)))
		return l_store_fail(L, &e);
	lua_createtable(L, 0, 3);
	l_set_bool(L, "client", rc == 1);
	l_set_str(L, "root", rc == 1 ? mnt : "/");
	l_set_str(L, "fsname", rc == 1 ? fsname : store_conf(s)->fsname);
	return 1;
}

/* The OSTs of a Lustre mount as its client sees them (lustre_df: the
 * OSTs' statfs): no capacity of a store's, but the figures df shows. */
static int client_osts(lua_State *L, const struct lfs_llapi *api)
{
	struct lfs_error e = { 0, "" };
	struct lfs_df df;
	lua_Integer n = 0;
	int rc = lustre_df(api, ".", NULL, &df, &e);

	if (rc)
		return l_fail(L, NULL, rc, &e);
	lua_newtable(L);
	for (uint32_t i = 0; i < df.nr_rows; i++) {
		const struct lfs_df_row *r = &df.rows[i];
		char name[sizeof(r->uuid)];
		char *u;

		if (r->target != LFS_DF_OST)
			continue;
		snprintf(name, sizeof(name), "%s", r->uuid);
		if ((u = strstr(name, "_UUID")) && !u[5])
			*u = '\0';
		lua_createtable(L, 0, 9);
		l_set_int(L, "index", r->index);
		l_set_str(L, "name", name);
		l_set_str(L, "state", r->active ? "active" : "inactive");
		l_set_bool(L, "nocreate", r->flags & LFS_DF_NOCREATE);
		l_set_bool(L, "degraded", r->flags & LFS_DF_DEGRADED);
		l_set_bool(L, "unavailable", false);
		l_set_int(L, "size", (lua_Integer)r->bytes.total);
		l_set_int(L, "used", (lua_Integer)r->bytes.used);
		l_set_int(L, "objects", (lua_Integer)r->inodes.used);
		lua_rawseti(L, -2, ++n);
	}
	lfs_df_free(&df);
	return 1;
}

/* The configuration as it is on disk now; NULL with l_fail's values
 * pushed (*nret of them). */
static const struct lfs_conf *conf_now(lua_State *L, struct lfs_store **s,
				       int *nret)
{
	struct lfs_error e = { 0, "" };

	if (!(*s = l_store(L, false, &e))) {
		*nret = l_store_fail(L, &e);
		return NULL;
	}
	store_conf_reload(*s);
	return store_conf(*s);
}

int l_osts(lua_State *L)
{
	struct lfs_error e = { 0, "" };
	const struct lfs_llapi *api;
	const struct lfs_conf *c;
	struct lfs_store *s;
	int nret, rc = l_client(L, NULL, &api, &e);

	if (rc < 0)
		return l_fail(L, NULL, rc, &e);
	if (rc == 1)
		return client_osts(L, api);
	if (!(c = conf_now(L, &s, &nret)))
		return nret;
	lua_createtable(L, (int)c->ost_count, 0);
	for (uint32_t i = 0, n = 0; i < c->ost_count; i++) {
		struct lfs_ost_usage u = { 0, 0 };
		char name[LFS_FSNAME_MAX + 16];

		/* Retired (ost remove): gone from the filesystem, as in ost list. */
		if (c->osts[i].removed)
			continue;
		ost_usage_get(s, i, &u);
		lua_createtable(L, 0, 9);
		l_set_int(L, "index", i);
		snprintf(name, sizeof(name), "%s-OST%04x", c->fsname, i);
		lua_pushstring(L, name);
		lua_setfield(L, -2, "name");
		lua_pushstring(L, c->osts[i].state == OST_ACTIVE ? "active" : "inactive");
		lua_setfield(L, -2, "state");
		l_set_bool(L, "nocreate", c->osts[i].nocreate);
		l_set_bool(L, "degraded", c->osts[i].degraded);
		/* Its directory cannot be opened (ost list's flag U). */
		l_set_bool(L, "unavailable", store_ost_state(s, i) != 0);
		l_set_int(L, "size", (lua_Integer)c->osts[i].capacity);
		l_set_int(L, "used", (lua_Integer)u.used);
		l_set_int(L, "objects", (lua_Integer)u.objects);
		lua_rawseti(L, -2, ++n);
	}
	return 1;
}

static const char *const ost_states[] = {
	"activate", "deactivate", "nocreate", "create", "degrade", "undegrade", NULL,
};
static const enum lfs_ost_op ost_ops[] = {
	OST_OP_ACTIVATE, OST_OP_DEACTIVATE, OST_OP_NOCREATE, OST_OP_CREATE,
	OST_OP_DEGRADE, OST_OP_UNDEGRADE,
};

/* An OST operand (a number or a name) as ost's text. */
static const char *ost_text(lua_State *L, int arg)
{
	if (lua_type(L, arg) == LUA_TNUMBER) {
		luaL_checkinteger(L, arg);
		return lua_pushfstring(L, "%I", (LUAI_UACINT)lua_tointeger(L, arg));
	}
	return luaL_checkstring(L, arg);
}

int l_ost_set(lua_State *L)
{
	struct lfs_error e = { 0, "" };
	struct lfs_store *s;
	const char *text = ost_text(L, 1);
	int op = luaL_checkoption(L, 2, NULL, ost_states), rc;
	char fs[LLAPI_FSNAME_BUF];
	uint32_t idx;

	if ((rc = servers_work(L, fs)) < 0)
		return 3;
	if (rc)
		return l_fail(L, NULL, lustre_servers_ost(fs, text, ost_ops[op], false, &e), &e);
	if (!(s = l_store(L, true, &e)))
		return l_store_fail(L, &e);
	if ((rc = store_ost_lookup(store_conf(s), text, &idx, &e)) ||
	    (rc = store_ost_set(s, idx, ost_ops[op], &e)))
		return l_fail(L, NULL, rc, &e);
	lua_pushboolean(L, 1);
	return 1;
}

/* { name = NAME, osts = { ... } } */
static void push_pool(lua_State *L, const char *name, const uint32_t *osts,
		      uint32_t n)
{
	lua_createtable(L, 0, 2);
	lua_pushstring(L, name);
	lua_setfield(L, -2, "name");
	lua_createtable(L, (int)n, 0);
	for (uint32_t j = 0; j < n; j++) {
		lua_pushinteger(L, osts[j]);
		lua_rawseti(L, -2, j + 1);
	}
	lua_setfield(L, -2, "osts");
}

/* On a Lustre mount: the pools of the working directory's filesystem
 * (llapi_get_poollist, llapi_get_poolmembers). */
static int client_pools(lua_State *L, const struct lfs_llapi *api)
{
	char fsname[LLAPI_FSNAME_BUF], **names;
	int rc = api->f.search_fsname(".", fsname);
	lua_Integer i = 0;

	if (rc < 0 || (rc = lustre_pool_names(api, fsname, &names)))
		return l_fail(L, NULL, rc, NULL);
	lua_newtable(L);
	for (char **p = names; *p; p++) {
		const char *dot = strchr(*p, '.');
		uint32_t *osts, n;

		if ((rc = lustre_pool_members(api, *p, &osts, &n))) {
			free(names);
			return l_fail(L, NULL, rc, NULL);
		}
		push_pool(L, dot ? dot + 1 : *p, osts, n);
		free(osts);
		lua_rawseti(L, -2, ++i);
	}
	free(names);
	return 1;
}

int l_pools(lua_State *L)
{
	struct lfs_error e = { 0, "" };
	const struct lfs_llapi *api;
	struct lfs_store *s;
	const struct lfs_conf *c;
	int nret, rc = l_client(L, NULL, &api, &e);

	if (rc < 0)
		return l_fail(L, NULL, rc, &e);
	if (rc == 1)
		return client_pools(L, api);
	if (!(c = conf_now(L, &s, &nret)))
		return nret;
	lua_createtable(L, (int)c->nr_pools, 0);
	for (uint32_t i = 0; i < c->nr_pools; i++) {
		push_pool(L, c->pools[i].name, c->pools[i].osts, c->pools[i].nr_osts);
		lua_rawseti(L, -2, i + 1);
	}
	return 1;
}

static int pool_done(lua_State *L, int rc, struct lfs_error *e)
{
	if (rc)
		return l_fail(L, NULL, rc, e);
	lua_pushboolean(L, 1);
	return 1;
}

/* A pool function on a Lustre mount: the lctl line (-1: return 3 then,
 * values pushed), or 0 on the store. */
static int pool_servers(lua_State *L, const char *sub, const char *name)
{
	struct lfs_error e = { 0, "" };
	char fs[LLAPI_FSNAME_BUF];
	int rc = servers_work(L, fs);

	if (rc == 1)
		l_fail(L, NULL, lustre_servers_pool(fs, sub, name, &e), &e);
	return rc ? -1 : 0;
}

int l_pool_new(lua_State *L)
{
	struct lfs_error e = { 0, "" };
	const char *name = luaL_checkstring(L, 1);
	struct lfs_store *s;

	if (pool_servers(L, "new", name))
		return 3;
	s = l_store(L, true, &e);
	return s ? pool_done(L, store_pool_new(s, name, &e), &e) : l_store_fail(L, &e);
}

int l_pool_destroy(lua_State *L)
{
	struct lfs_error e = { 0, "" };
	const char *name = luaL_checkstring(L, 1);
	struct lfs_store *s;

	if (pool_servers(L, "destroy", name))
		return 3;
	s = l_store(L, true, &e);
	return s ? pool_done(L, store_pool_destroy(s, name, &e), &e) : l_store_fail(L, &e);
}

/* The OSTs argument: a number, a list of numbers or names, or text. */
static int pool_change(lua_State *L, bool add)
{
	struct lfs_error e = { 0, "" };
	const char *name = luaL_checkstring(L, 1);
	uint32_t *osts = NULL, n = 0;
	struct lfs_store *s;
	size_t count;
	int rc = 0;

	if (lua_type(L, 2) == LUA_TTABLE) {
		count = lua_rawlen(L, 2);
		luaL_argcheck(L, count > 0, 2, "empty list");
		for (size_t i = 1; i <= count; i++) {
			lua_rawgeti(L, 2, (lua_Integer)i);
			if (lua_type(L, -1) != LUA_TNUMBER && lua_type(L, -1) != LUA_TSTRING)
				luaL_argerror(L, 2, "list of OST indexes or names expected");
			lua_pop(L, 1);
		}
	} else {
		ost_text(L, 2);
		count = 1;
	}
	if (pool_servers(L, add ? "add" : "remove", name))
		return 3;
	if (!(s = l_store(L, true, &e)))
		return l_store_fail(L, &e);
	for (size_t i = 1; !rc && i <= count; i++) {
		int top = lua_gettop(L);
		const char *t;

		if (lua_type(L, 2) == LUA_TTABLE) {
			lua_rawgeti(L, 2, (lua_Integer)i);
			t = ost_text(L, lua_gettop(L));
		} else {
			t = ost_text(L, 2);
		}
		rc = store_parse_ost_operand(store_conf(s), t, &osts, &n, &e);
		lua_settop(L, top);
	}
	if (!rc)
		rc = add ? store_pool_add(s, name, osts, n, &e)
			 : store_pool_remove(s, name, osts, n, &e);
	free(osts);
	return pool_done(L, rc, &e);
}

int l_pool_add(lua_State *L)
{
	return pool_change(L, true);
}

int l_pool_remove(lua_State *L)
{
	return pool_change(L, false);
}

/* lfsck's notes, collected in the table at the top of the stack. */
static void lfsck_note(void *arg, const char *fmt, ...)
{
	lua_State *L = arg;
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	lua_pushstring(L, buf);
	lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
}

static const char *const lfsck_keys[] = { "orphans", "delete", "dry_run", NULL };

int l_lfsck(lua_State *L)
{
	struct lfs_error e = { 0, "" };
	struct lfsck_report r;
	struct lfs_store *s;
	char fs[LLAPI_FSNAME_BUF];
	bool orphans = false, dry = false, del = false;
	int rc;

	if (l_opts_given(L, 1)) {
		l_opts_check(L, 1, 1, lfsck_keys);
		orphans = l_opt_bool(L, 1, 1, "orphans");
		dry = l_opt_bool(L, 1, 1, "dry_run");
		del = l_opt_bool(L, 1, 1, "delete");
		if (del && !orphans)
			l_opt_error(L, 1, "delete", "needs orphans");
	}
	if ((rc = servers_work(L, fs)) < 0)
		return 3;
	if (rc)
		return l_fail(L, NULL, lustre_servers_lfsck(fs, &e), &e);
	if (!(s = l_store(L, true, &e)))
		return l_store_fail(L, &e);
	memset(&r, 0, sizeof(r));
	r.note = lfsck_note;
	r.note_arg = L;
	r.delete_orphans = del;
	r.cancel = l_state(L)->host.interrupted;
	lua_newtable(L);   /* the notes */
	if ((rc = lfsck_run(s, orphans, dry, &r, &e)))
		return l_fail(L, NULL, rc, &e);
	lua_createtable(L, 0, 13);
	lua_insert(L, -2);
	lua_setfield(L, -2, "notes");
	l_set_int(L, "journal_forward", r.journal_forward);
	l_set_int(L, "journal_back", r.journal_back);
	l_set_int(L, "pending_destroyed", r.pending_destroyed);
	l_set_int(L, "orphans", r.orphans);
	l_set_int(L, "orphans_kept", r.orphans_kept);
	l_set_int(L, "layouts_rebuilt", r.layouts_rebuilt);
	l_set_int(L, "sizes_fixed", r.sizes_fixed);
	l_set_int(L, "lastid_rebuilt", r.lastid_rebuilt);
	l_set_int(L, "unfinished", r.unfinished);
	l_set_int(L, "unchecked", r.unchecked);
	l_set_int(L, "damaged", r.damaged);
	return 1;
}

int l_run(lua_State *L)
{
	struct l_state *st = l_state(L);
	const char *line = luaL_checkstring(L, 1);
	char *buf = NULL;
	size_t len = 0;
	FILE *out;
	int status;

	if (!st->host.run)
		return luaL_error(L, "lfs.run: not available");
	if (st->in_run)
		return luaL_error(L, "lfs.run: not inside a migrate_many callback");
	if (!(out = open_memstream(&buf, &len)))
		return l_fail(L, NULL, -errno, NULL);
	status = st->host.run(st->host.arg, line, out);
	fclose(out);
	lua_pushinteger(L, status);
	lua_pushlstring(L, buf ? buf : "", len);
	free(buf);
	return 2;
}
