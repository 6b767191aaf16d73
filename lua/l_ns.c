/* l_ns.c - the namespace: lfs.stat, mkdir, rm, mv, ln (lib/stat.h,
 * lib/ns_ops.h), failing with the messages the commands print. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "l_internal.h"
#include "ns.h"
#include "ns_ops.h"
#include "stat.h"

static void set_time(lua_State *L, const char *k, const struct timespec *ts)
{
	lua_pushnumber(L, (lua_Number)ts->tv_sec + (lua_Number)ts->tv_nsec / 1e9);
	lua_setfield(L, -2, k);
}

int l_stat(lua_State *L)
{
	const struct lfs_llapi *api;
	struct lfs_stat ls;
	struct lfs_store *s;
	char rel[PATH_MAX];
	const char *path;
	int rc;

	/* On a Lustre mount: the host path, as the client shows it. */
	if ((rc = l_client_at(L, 1, &api)) < 0)
		return 3;
	if (rc == 1) {
		path = lua_tostring(L, 1);
		if ((rc = lfs_stat_host(path, &ls)))
			return l_fail(L, path, rc, NULL);
	} else if ((rc = l_path_store(L, 1, false, &path, rel, &s))) {
		return rc;
	} else if ((rc = lfs_stat(s, rel, &ls))) {
		return l_fail(L, path, rc, NULL);
	}
	lua_createtable(L, 0, 14);
	lua_pushstring(L, ls.type);
	lua_setfield(L, -2, "type");
	l_set_int(L, "mode", ls.st.st_mode);
	l_set_int(L, "perm", ls.st.st_mode & 07777);
	l_set_int(L, "ino", (lua_Integer)ls.st.st_ino);
	l_set_int(L, "nlink", (lua_Integer)ls.st.st_nlink);
	l_set_int(L, "uid", ls.st.st_uid);
	l_set_int(L, "gid", ls.st.st_gid);
	l_set_int(L, "size", (lua_Integer)ls.st.st_size);
	l_set_int(L, "blocks", (lua_Integer)ls.blocks);
	set_time(L, "atime", &ls.st.st_atim);
	set_time(L, "mtime", &ls.st.st_mtim);
	set_time(L, "ctime", &ls.st.st_ctim);
	if (ls.target[0]) {
		lua_pushstring(L, ls.target);
		lua_setfield(L, -2, "target");
	}
	return 1;
}

static const char *const mkdir_keys[] = { "parents", "mode", NULL };

int l_mkdir(lua_State *L)
{
	struct lfs_error e = { 0, "" };
	struct lfs_store *s;
	char rel[PATH_MAX];
	const char *path;
	bool parents = false;
	int rc, mode = -1;

	luaL_checkstring(L, 1);
	if (l_opts_given(L, 2)) {
		l_opts_check(L, 2, 2, mkdir_keys);
		parents = l_opt_bool(L, 2, 2, "parents");
		lua_getfield(L, 2, "mode");
		if (lua_isinteger(L, -1)) {
			lua_Integer m = lua_tointeger(L, -1);

			if (m < 0 || m > 07777)
				l_opt_error(L, 2, "mode", lua_pushfstring(L,
					"invalid mode %I", (LUAI_UACINT)m));
			mode = (int)m;
		} else if (lua_type(L, -1) == LUA_TSTRING) {
			const char *t = lua_tostring(L, -1);
			char *end;
			long m = strtol(t, &end, 8);

			if (!*t || *end || m < 0 || m > 07777)
				l_opt_error(L, 2, "mode", lua_pushfstring(L,
					"invalid mode '%s'", t));
			mode = (int)m;
		} else if (!lua_isnil(L, -1)) {
			l_opt_error(L, 2, "mode", lua_pushfstring(L,
				"number or string expected, got %s", luaL_typename(L, -1)));
		}
		lua_pop(L, 1);
	}
	if ((rc = l_path_store(L, 1, true, &path, rel, &s)))
		return rc;
	if ((rc = ns_mkdir(s, rel, mode, parents, &e)))
		return l_fail(L, path, rc, &e);
	lua_pushboolean(L, 1);
	return 1;
}

static const char *const rm_keys[] = { "recursive", "force", NULL };

int l_rm(lua_State *L)
{
	struct lfs_error e = { 0, "" };
	struct lfs_store *s;
	char rel[PATH_MAX];
	const char *path;
	bool recursive = false, force = false;
	int rc;

	luaL_checkstring(L, 1);
	if (l_opts_given(L, 2)) {
		l_opts_check(L, 2, 2, rm_keys);
		recursive = l_opt_bool(L, 2, 2, "recursive");
		force = l_opt_bool(L, 2, 2, "force");
	}
	if ((rc = l_path_store(L, 1, true, &path, rel, &s)))
		return rc;
	rc = ns_remove(s, rel, recursive, &e);
	if (rc == -EBUSY && !strcmp(rel, "."))
		return l_failf(L, rc, "%s: refusing to remove the filesystem root", path);
	if (rc && !(force && rc == -ENOENT))
		return l_fail(L, path, rc, &e);
	lua_pushboolean(L, 1);
	return 1;
}

int l_mv(lua_State *L)
{
	char src[PATH_MAX], dst[PATH_MAX], dir[PATH_MAX];
	struct lfs_error e = { 0, "" };
	enum ns_culprit who;
	struct lfs_store *s;
	const char *a, *b;
	int rc;

	luaL_checkstring(L, 1);
	luaL_checkstring(L, 2);
	if (!(s = l_store(L, true, &e)))
		return l_store_fail(L, &e);
	if ((rc = l_rel(L, 1, &a, src, sizeof(src), &e)))
		return l_fail(L, a, rc, &e);
	if ((rc = l_rel(L, 2, &b, dst, sizeof(dst), &e)))
		return l_fail(L, b, rc, &e);
	rc = ns_move(s, src, dst, &who, &e);
	if (rc && who == NS_SAME)
		return l_failf(L, -EINVAL, "%s: '%s' and '%s' are the same file", a, a, b);
	if (rc)
		return l_fail(L, who == NS_SRC ? a : who == NS_DST ? b :
			      ns_dir_of(b, dir, sizeof(dir)), rc, &e);
	lua_pushboolean(L, 1);
	return 1;
}

static const char *const ln_keys[] = { "symbolic", NULL };

int l_ln(lua_State *L)
{
	char target[PATH_MAX], link[PATH_MAX];
	struct lfs_error e = { 0, "" };
	enum ns_culprit who;
	struct lfs_store *s;
	const char *t, *l;
	bool sym = false;
	int rc;

	t = luaL_checkstring(L, 1);
	luaL_checkstring(L, 2);
	if (l_opts_given(L, 3)) {
		l_opts_check(L, 3, 3, ln_keys);
		sym = l_opt_bool(L, 3, 3, "symbolic");
	}
	if (!(s = l_store(L, true, &e)))
		return l_store_fail(L, &e);
	if (!sym && (rc = l_rel(L, 1, &t, target, sizeof(target), &e)))
		return l_fail(L, t, rc, &e);
	if ((rc = l_rel(L, 2, &l, link, sizeof(link), &e)))
		return l_fail(L, l, rc, &e);
	rc = sym ? ns_symlink(s, t, link, &who, &e) : ns_link(s, target, link, &who, &e);
	if (rc)
		return l_fail(L, who == NS_SRC ? t : l, rc, &e);
	lua_pushboolean(L, 1);
	return 1;
}
