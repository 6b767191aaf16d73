/* lfs_lua.c - the state: standard libraries, the global `lfs`, the host,
 * and the helpers every function of lua/ uses (paths, the store, errors). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lualib.h>

#include "l_internal.h"
#include "ns.h"

static const char STATE_KEY[] = "lfs.state";
static const char EXIT_META[] = "lfs.exit";

static const luaL_Reg lfs_funcs[] = {
	{ "getstripe", l_getstripe },
	{ "setstripe", l_setstripe },
	{ "migrate", l_migrate },
	{ "migrate_many", l_migrate_many },
	{ "find", l_find },
	{ "stat", l_stat },
	{ "df", l_df },
	{ "osts", l_osts },
	{ "ost_set", l_ost_set },
	{ "pools", l_pools },
	{ "pool_new", l_pool_new },
	{ "pool_add", l_pool_add },
	{ "pool_remove", l_pool_remove },
	{ "pool_destroy", l_pool_destroy },
	{ "mkdir", l_mkdir },
	{ "rm", l_rm },
	{ "mv", l_mv },
	{ "ln", l_ln },
	{ "import", l_import },
	{ "export", l_export },
	{ "read", l_read },
	{ "write", l_write },
	{ "lfsck", l_lfsck },
	{ "run", l_run },
	{ "fs", l_fs },
	{ NULL, NULL },
};

struct l_state *l_state(lua_State *L)
{
	struct l_state *st;

	lua_getfield(L, LUA_REGISTRYINDEX, STATE_KEY);
	st = lua_touserdata(L, -1);
	lua_pop(L, 1);
	return st;
}

struct lfs_store *l_store(lua_State *L, bool writable, struct lfs_error *e)
{
	struct l_state *st = l_state(L);
	lua_Debug ar;

	if (st->in_run) {
		const char *name = "?";

		if (lua_getstack(L, 0, &ar) && lua_getinfo(L, "n", &ar) && ar.name)
			name = ar.name;
		luaL_error(L, "lfs.%s: not inside a migrate_many callback", name);
	}
	return st->host.store(st->host.arg, writable, e);
}

int l_client(lua_State *L, const char *path, const struct lfs_llapi **api,
	     struct lfs_error *e)
{
	struct l_state *st = l_state(L);

	*api = NULL;
	return st->host.client ? st->host.client(st->host.arg, path, api, e) : 0;
}

int l_client_at(lua_State *L, int arg, const struct lfs_llapi **api)
{
	struct lfs_error e = { 0, "" };
	int rc = l_client(L, luaL_checkstring(L, arg), api, &e);

	if (rc < 0) {
		l_fail(L, NULL, rc, &e);
		return -1;
	}
	return rc;
}

int l_rel(lua_State *L, int arg, const char **path, char *rel, size_t len,
	  struct lfs_error *e)
{
	struct l_state *st = l_state(L);
	const char *cwd = st->host.cwd ? st->host.cwd(st->host.arg) : "/";
	int rc;

	*path = luaL_checkstring(L, arg);
	rc = ns_resolve(cwd, *path, rel, len);
	if (rc == -EINVAL)
		return lfs_error_set(e, rc, "path escapes the filesystem root");
	return rc;
}

int l_path_store(lua_State *L, int arg, bool writable, const char **path,
		 char *rel, struct lfs_store **s)
{
	struct lfs_error e = { 0, "" };
	int rc;

	luaL_checkstring(L, arg);
	if (!(*s = l_store(L, writable, &e)))
		return l_store_fail(L, &e);
	if ((rc = l_rel(L, arg, path, rel, PATH_MAX, &e)))
		return l_fail(L, *path, rc, &e);
	return 0;
}

void l_set_int(lua_State *L, const char *k, lua_Integer v)
{
	lua_pushinteger(L, v);
	lua_setfield(L, -2, k);
}

void l_set_num(lua_State *L, const char *k, lua_Number v)
{
	lua_pushnumber(L, v);
	lua_setfield(L, -2, k);
}

void l_set_bool(lua_State *L, const char *k, bool v)
{
	lua_pushboolean(L, v);
	lua_setfield(L, -2, k);
}

void l_set_str(lua_State *L, const char *k, const char *v)
{
	lua_pushstring(L, v);
	lua_setfield(L, -2, k);
}

int l_fail(lua_State *L, const char *path, int rc, const struct lfs_error *e)
{
	const char *msg = lfs_error_text(e, rc);

	luaL_pushfail(L);
	if (path)
		lua_pushfstring(L, "%s: %s", path, msg);
	else
		lua_pushstring(L, msg);
	lua_pushinteger(L, rc < 0 ? -rc : rc);
	return 3;
}

int l_failf(lua_State *L, int rc, const char *fmt, ...)
{
	struct lfs_error e;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(e.msg, sizeof(e.msg), fmt, ap);
	va_end(ap);
	e.err = rc;
	return l_fail(L, NULL, rc, &e);
}

int l_store_fail(lua_State *L, struct lfs_error *e)
{
	return l_fail(L, NULL, e->err ? e->err : -EIO, e);
}

/* os.exit([code [, close]]): unwind to the runner with the status, so
 * that the store is closed whatever called it (a callback included). */
static int l_os_exit(lua_State *L)
{
	int status;

	if (lua_isboolean(L, 1))
		status = lua_toboolean(L, 1) ? EXIT_SUCCESS : EXIT_FAILURE;
	else
		status = (int)luaL_optinteger(L, 1, EXIT_SUCCESS);
	*(int *)lua_newuserdatauv(L, sizeof(int), 0) = status;
	luaL_setmetatable(L, EXIT_META);
	return lua_error(L);
}

bool l_is_exit(lua_State *L, int idx, int *status)
{
	int *p = luaL_testudata(L, idx, EXIT_META);

	if (p && status)
		*status = *p;
	return p != NULL;
}

static int exit_tostring(lua_State *L)
{
	lua_pushfstring(L, "os.exit(%d)", *(int *)luaL_checkudata(L, 1, EXIT_META));
	return 1;
}

/* Ctrl-C: the host's flag, looked at every INTERRUPT_COUNT instructions,
 * stops the running chunk with "interrupted" (lfs_lua.h); C calls poll
 * it themselves (migrate_run's and find_walk's cancel). */
#define INTERRUPT_COUNT 1000

static void interrupt_hook(lua_State *L, lua_Debug *ar)
{
	const struct l_state *st = l_state(L);

	(void)ar;
	if (*st->host.interrupted)
		luaL_error(L, "interrupted");
}

lua_State *lfs_lua_new(const struct lfs_lua_host *host)
{
	lua_State *L = luaL_newstate();
	struct l_state *st;

	if (!L)
		return NULL;
	luaL_openlibs(L);
	st = lua_newuserdatauv(L, sizeof(*st), 0);
	memset(st, 0, sizeof(*st));
	st->host = *host;
	lua_setfield(L, LUA_REGISTRYINDEX, STATE_KEY);
	luaL_newmetatable(L, EXIT_META);
	lua_pushcfunction(L, exit_tostring);
	lua_setfield(L, -2, "__tostring");
	lua_pop(L, 1);
	l_find_meta(L);
	lua_getglobal(L, "os");
	lua_pushcfunction(L, l_os_exit);
	lua_setfield(L, -2, "exit");
	lua_pop(L, 1);
	luaL_newlib(L, lfs_funcs);
	lua_setglobal(L, "lfs");
	if (host->interrupted)
		lua_sethook(L, interrupt_hook, LUA_MASKCOUNT, INTERRUPT_COUNT);
	return L;
}

void lfs_lua_close(lua_State *L)
{
	if (L)
		lua_close(L);
}
