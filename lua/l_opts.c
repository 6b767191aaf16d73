/* l_opts.c - option tables: keys checked against what a function takes,
 * values turned into the text the command-line option takes, so that the
 * command's parser (and its messages) serve Lua too. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "l_internal.h"
#include "size.h"

bool l_opts_given(lua_State *L, int arg)
{
	if (lua_isnoneornil(L, arg))
		return false;
	luaL_checktype(L, arg, LUA_TTABLE);
	return true;
}

int l_opt_error(lua_State *L, int arg, const char *key, const char *msg)
{
	return luaL_argerror(L, arg, lua_pushfstring(L, "%s: %s", key, msg));
}

void l_opts_check(lua_State *L, int arg, int idx, const char *const *keys)
{
	idx = lua_absindex(L, idx);
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		const char *k;
		size_t i;

		lua_pop(L, 1);
		if (lua_type(L, -1) != LUA_TSTRING) {
			luaL_argerror(L, arg, lua_pushfstring(L,
				"option names are strings, got %s", luaL_typename(L, -1)));
		}
		k = lua_tostring(L, -1);
		for (i = 0; keys[i] && strcmp(keys[i], k); i++)
			;
		if (!keys[i])
			luaL_argerror(L, arg, lua_pushfstring(L, "unknown option '%s'", k));
	}
}

static const char *int_text(lua_State *L, int arg, const char *key, int v,
			    char *buf, size_t len)
{
	lua_Integer n;

	if (!lua_isinteger(L, v)) {
		lua_Number d = lua_tonumber(L, v);

		if (d != (lua_Number)(lua_Integer)d)
			l_opt_error(L, arg, key, "integer expected, got a fraction");
		n = (lua_Integer)d;
	} else {
		n = lua_tointeger(L, v);
	}
	snprintf(buf, len, "%lld", (long long)n);
	return buf;
}

const char *l_opt_text(lua_State *L, int arg, int idx, const char *key,
		       bool list_ok, char *buf, size_t len)
{
	const char *text = NULL;

	idx = lua_absindex(L, idx);
	lua_getfield(L, idx, key);
	switch (lua_type(L, -1)) {
	case LUA_TNIL:
		break;
	case LUA_TSTRING:
		/* Anchored in the table: valid while the table lives. */
		text = lua_tostring(L, -1);
		break;
	case LUA_TNUMBER:
		text = int_text(L, arg, key, -1, buf, len);
		break;
	case LUA_TTABLE:
		if (list_ok) {
			size_t used = 0, n = lua_rawlen(L, -1);
			char one[32];

			if (!n)
				l_opt_error(L, arg, key, "empty list");
			for (size_t i = 1; i <= n; i++) {
				lua_rawgeti(L, -1, (lua_Integer)i);
				if (lua_type(L, -1) != LUA_TNUMBER)
					l_opt_error(L, arg, key, lua_pushfstring(L,
						"list of numbers expected, got %s in it",
						luaL_typename(L, -1)));
				int_text(L, arg, key, -1, one, sizeof(one));
				lua_pop(L, 1);
				if (used + strlen(one) + 2 > len)
					l_opt_error(L, arg, key, "list too long");
				used += (size_t)snprintf(buf + used, len - used, "%s%s",
							 used ? "," : "", one);
			}
			text = buf;
			break;
		}
		/* fall through */
	default:
		l_opt_error(L, arg, key, lua_pushfstring(L, "%s expected, got %s",
			list_ok ? "number, list or string" : "number or string",
			luaL_typename(L, -1)));
	}
	lua_pop(L, 1);
	return text;
}

bool l_opt_bool(lua_State *L, int arg, int idx, const char *key)
{
	bool v;

	lua_getfield(L, idx, key);
	if (!lua_isnil(L, -1) && !lua_isboolean(L, -1))
		l_opt_error(L, arg, key, lua_pushfstring(L, "boolean expected, got %s",
							 luaL_typename(L, -1)));
	v = lua_toboolean(L, -1);
	lua_pop(L, 1);
	return v;
}

bool l_opt_size(lua_State *L, int arg, int idx, const char *key,
		uint64_t *out)
{
	char buf[32];
	const char *t = l_opt_text(L, arg, idx, key, false, buf, sizeof(buf));

	if (!t)
		return false;
	if (size_parse(t, out))
		l_opt_error(L, arg, key, lua_pushfstring(L, "invalid size '%s'", t));
	return true;
}
