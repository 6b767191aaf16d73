/* l_layout.c - layouts between C and Lua: the layout table, the layout
 * option keys fed to the command's layout builder, lfs.getstripe and
 * lfs.setstripe (on a Lustre mount over lustre_stripe.h, as the
 * commands). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "l_internal.h"
#include "layout_yaml.h"
#include "lustre_stripe.h"
#include "migrate_run.h"
#include "stripe.h"

/* The layout keys and the short option each stands for, in the order
 * they are fed (-E first: it opens the component). */
static const struct { const char *key; int opt; bool list; } layout_opts[] = {
	{ "layout", 'L', false },
	{ "stripe_count", 'c', false },
	{ "overstripe_count", 'C', false },
	{ "stripe_size", 'S', false },
	{ "stripe_index", 'i', false },
	{ "ost", 'o', true },
	{ "pool", 'p', false },
};
#define NR_LAYOUT_OPTS (sizeof(layout_opts) / sizeof(layout_opts[0]))

const char *const l_layout_keys[] = {
	"layout", "stripe_count", "overstripe_count", "stripe_size",
	"stripe_index", "ost", "pool", "components", NULL,
};
static const char *const comp_keys[] = {
	"end_", "layout", "stripe_count", "overstripe_count", "stripe_size",
	"stripe_index", "ost", "pool", NULL,
};

static void feed(lua_State *L, int arg, struct lfs_layout_builder *b,
		 int opt, const char *text, const char *key)
{
	struct lfs_error e = { 0, "" };

	if (layout_builder_option(b, opt, text, &e))
		l_opt_error(L, arg, key, lfs_error_text(&e, -EINVAL));
}

static int builder_gc(lua_State *L)
{
	layout_builder_free(luaL_checkudata(L, 1, "lfs.builder"));
	return 0;
}

/* A builder freed by the collector, should a malformed value raise. */
static struct lfs_layout_builder *builder_new(lua_State *L)
{
	struct lfs_layout_builder *b = lua_newuserdatauv(L, sizeof(*b), 0);

	layout_builder_init(b);
	if (luaL_newmetatable(L, "lfs.builder")) {
		lua_pushcfunction(L, builder_gc);
		lua_setfield(L, -2, "__gc");
	}
	lua_setmetatable(L, -2);
	return b;
}

/* The layout keys of the table at idx; name: how a message names them
 * ("components[2]." or ""). */
static bool feed_keys(lua_State *L, int arg, int idx,
		      struct lfs_layout_builder *b, const char *prefix)
{
	bool any = false;

	for (size_t i = 0; i < NR_LAYOUT_OPTS; i++) {
		char buf[512], key[64];
		const char *t;

		snprintf(key, sizeof(key), "%s%s", prefix, layout_opts[i].key);
		lua_getfield(L, idx, layout_opts[i].key);
		if (lua_isnil(L, -1)) {
			lua_pop(L, 1);
			continue;
		}
		lua_pop(L, 1);
		t = l_opt_text(L, arg, idx, layout_opts[i].key, layout_opts[i].list,
			       buf, sizeof(buf));
		feed(L, arg, b, layout_opts[i].opt, t, key);
		any = true;
	}
	return any;
}

bool l_layout_options(lua_State *L, int arg, int idx,
		      struct lfs_layout_builder *b)
{
	size_t n;

	idx = lua_absindex(L, idx);
	lua_getfield(L, idx, "components");
	if (lua_isnil(L, -1)) {
		lua_pop(L, 1);
		return feed_keys(L, arg, idx, b, "");
	}
	if (!lua_istable(L, -1))
		l_opt_error(L, arg, "components", lua_pushfstring(L,
			"list of tables expected, got %s", luaL_typename(L, -2)));
	for (size_t i = 0; i < NR_LAYOUT_OPTS; i++) {
		lua_getfield(L, idx, layout_opts[i].key);
		if (!lua_isnil(L, -1))
			l_opt_error(L, arg, layout_opts[i].key,
				    "give it in each component (with components)");
		lua_pop(L, 1);
	}
	n = lua_rawlen(L, -1);
	if (!n)
		l_opt_error(L, arg, "components", "empty list");
	for (size_t i = 1; i <= n; i++) {
		char prefix[32], key[48], buf[64];
		const char *t;

		snprintf(prefix, sizeof(prefix), "components[%zu].", i);
		lua_rawgeti(L, -1, (lua_Integer)i);
		if (!lua_istable(L, -1))
			l_opt_error(L, arg, prefix, lua_pushfstring(L,
				"table expected, got %s", luaL_typename(L, -1)));
		l_opts_check(L, arg, -1, comp_keys);
		snprintf(key, sizeof(key), "%send_", prefix);
		t = l_opt_text(L, arg, -1, "end_", false, buf, sizeof(buf));
		if (!t)
			l_opt_error(L, arg, key, "missing (the component's end)");
		feed(L, arg, b, 'E', t, key);
		feed_keys(L, arg, lua_gettop(L), b, prefix);
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	return true;
}

static const char *str_opt(lua_State *L, int arg, const char *key)
{
	const char *v = NULL;

	lua_getfield(L, arg, key);
	if (lua_type(L, -1) == LUA_TSTRING)
		v = lua_tostring(L, -1);   /* anchored in the table */
	else if (!lua_isnil(L, -1))
		l_opt_error(L, arg, key, lua_pushfstring(L, "string expected, got %s",
							 luaL_typename(L, -1)));
	lua_pop(L, 1);
	return v;
}

/* The layout keys of opts fed to a builder (left on the stack), copy=
 * and yaml= read; raises for anything malformed. */
static struct lfs_layout_builder *parse(lua_State *L, int arg,
					const char **copy, const char **yaml)
{
	struct lfs_layout_builder *b;
	bool any;

	*copy = str_opt(L, arg, "copy");
	*yaml = str_opt(L, arg, "yaml");
	b = builder_new(L);
	any = l_layout_options(L, arg, arg, b);
	if ((*copy || *yaml) && (any || (*copy && *yaml)))
		l_opt_error(L, arg, *copy ? "copy" : "yaml",
			    "cannot be combined with other layout options");
	return b;
}

void l_layout_check(lua_State *L, int arg)
{
	const char *copy, *yaml;

	if (l_opts_given(L, arg)) {
		layout_builder_free(parse(L, arg, &copy, &yaml));
		lua_pop(L, 1);
	}
}

int l_layout_template(lua_State *L, int arg, struct lfs_store *s,
		      const struct lfs_llapi *api, struct lfs_layout **out)
{
	struct lfs_layout_builder *b;
	struct lfs_error e = { 0, "" };
	char rel[PATH_MAX];
	const char *copy, *yaml, *path;
	int rc;

	*out = NULL;
	if (!l_opts_given(L, arg))
		return 0;
	b = parse(L, arg, &copy, &yaml);
	if (yaml) {
		rc = layout_from_yaml_file(yaml, out, &e);
	} else if (copy && !s) {
		rc = lustre_layout_of(api, copy, out);
	} else if (copy) {
		lua_getfield(L, arg, "copy");
		rc = l_rel(L, lua_gettop(L), &path, rel, sizeof(rel), &e);
		lua_pop(L, 1);
		if (!rc)
			rc = migrate_layout_of(s, rel, out, &e);
	} else {
		/* On a mount (s NULL) the servers check the OSTs. */
		rc = layout_builder_finish(b, s ? store_conf(s)->ost_count : 0, out, &e);
	}
	layout_builder_free(b);
	lua_pop(L, 1);
	if (rc)
		l_fail(L, yaml ? yaml : copy, rc, &e);   /* NULL: no path */
	return rc;
}

/* Layout tables. */

static void push_component(lua_State *L, const struct lfs_component *c,
			   bool ids)
{
	lua_createtable(L, 0, 12);
	l_set_int(L, "id", c->id);
	l_set_int(L, "start", (lua_Integer)c->start);
	l_set_int(L, "end_", (lua_Integer)c->end);   /* LFS_EOF is -1 */
	lua_pushstring(L, c->pattern & LFS_PATTERN_OVERSTRIPED ? "overstriped" : "raid0");
	lua_setfield(L, -2, "pattern");
	l_set_int(L, "stripe_count", c->stripe_count);
	l_set_int(L, "stripe_size", (lua_Integer)c->stripe_size);
	l_set_int(L, "stripe_index", c->stripe_offset);
	if (c->pool[0]) {
		lua_pushstring(L, c->pool);
		lua_setfield(L, -2, "pool");
	}
	if (c->nr_osts) {
		lua_createtable(L, (int)c->nr_osts, 0);
		for (uint32_t i = 0; i < c->nr_osts; i++) {
			lua_pushinteger(L, c->osts[i]);
			lua_rawseti(L, -2, i + 1);
		}
		lua_setfield(L, -2, "ost");
	}
	lua_pushboolean(L, c->flags & LFS_COMP_INIT);
	lua_setfield(L, -2, "init");
	lua_createtable(L, (int)c->nr_objects, 0);
	for (uint32_t i = 0; i < c->nr_objects; i++) {
		lua_createtable(L, 0, 2);
		l_set_int(L, "ost", c->objects[i].ost);
		if (ids)
			l_set_int(L, "id", (lua_Integer)c->objects[i].id);
		lua_rawseti(L, -2, i + 1);
	}
	lua_setfield(L, -2, "objects");
}

void l_push_layout(lua_State *L, const struct lfs_layout *l, bool dir,
		   bool ids)
{
	lua_createtable(L, 0, 4);
	if (ids)
		l_set_int(L, "gen", l->gen);
	lua_pushboolean(L, l->composite);
	lua_setfield(L, -2, "composite");
	lua_pushboolean(L, dir);
	lua_setfield(L, -2, "dir");
	lua_createtable(L, (int)l->nr_comps, 0);
	for (uint32_t i = 0; i < l->nr_comps; i++) {
		push_component(L, &l->comps[i], ids);
		lua_rawseti(L, -2, i + 1);
	}
	lua_setfield(L, -2, "components");
}

/* lfs.getstripe */

struct gs_one {
	int rc;
	bool dir;
	struct lfs_layout *layout;
	int damage;
	struct lfs_error damage_e;
};

static int gs_take(void *arg, struct stripe_entry *ent)
{
	struct gs_one *g = arg;

	g->rc = ent->rc;
	g->dir = ent->dir;
	g->layout = ent->layout;
	ent->layout = NULL;
	g->damage = ent->damage;
	g->damage_e = ent->damage_e;
	return 1;
}

int l_getstripe(lua_State *L)
{
	const struct lfs_llapi *api;
	struct gs_one g = { 0 };
	char rel[PATH_MAX];
	const char *path;
	struct lfs_store *s;
	int rc, client;

	/* On a Lustre mount: the host path through liblustreapi. */
	if ((client = l_client_at(L, 1, &api)) < 0)
		return 3;
	if (client) {
		path = lua_tostring(L, 1);
		rc = lustre_stripe_walk(api, path, 0, gs_take, &g);
	} else if ((rc = l_path_store(L, 1, false, &path, rel, &s))) {
		return rc;
	} else {
		rc = stripe_walk(s, rel, path, 0, gs_take, &g);
	}
	if (rc < 0)
		return l_fail(L, path, rc, NULL);
	if (rc == 0)   /* a symlink or a special file: nothing to show */
		return l_failf(L, -ENODATA, "%s has no stripe info", path);
	if (g.rc == -ENODATA)
		return l_failf(L, g.rc, "%s has no stripe info", path);
	if (g.rc == -EINVAL)
		return l_failf(L, g.rc, "%s: layout is corrupt: %s", path, strerror(EINVAL));
	if (g.rc)
		return l_fail(L, path, g.rc, NULL);
	/* A mount's ids and gen from the raw layout too (lustre_stripe.h). */
	l_push_layout(L, g.layout, g.dir, true);
	layout_free(g.layout);
	if (g.damage) {
		lua_pushfstring(L, "%s: %s", path, lfs_error_text(&g.damage_e, g.damage));
		lua_setfield(L, -2, "damage");
	}
	return 1;
}

/* lfs.setstripe */

static const char *const setstripe_keys[] = {
	"layout", "stripe_count", "overstripe_count", "stripe_size",
	"stripe_index", "ost", "pool", "components",
	"delete", "component_add", "component_del", "comp_id", "copy", "yaml",
	NULL,
};

int l_setstripe(lua_State *L)
{
	struct lfs_error e = { 0, "" };
	struct stripe_req req = { .op = STRIPE_SET, .mode = 0644 };
	struct stripe_result res = { 0 };
	struct lfs_layout *layout = NULL;
	const struct lfs_llapi *api;
	struct lfs_store *s;
	char rel[PATH_MAX];
	const char *path;
	bool del, add, cdel;
	int rc, client;

	luaL_checkstring(L, 1);
	luaL_checktype(L, 2, LUA_TTABLE);
	l_opts_check(L, 2, 2, setstripe_keys);
	del = l_opt_bool(L, 2, 2, "delete");
	add = l_opt_bool(L, 2, 2, "component_add");
	cdel = l_opt_bool(L, 2, 2, "component_del");
	lua_getfield(L, 2, "comp_id");
	if (!lua_isnil(L, -1)) {
		lua_Integer id = 0;

		if (!lua_isinteger(L, -1) || (id = lua_tointeger(L, -1)) < 1 ||
		    id > UINT32_MAX)
			l_opt_error(L, 2, "comp_id", "positive integer expected");
		req.comp_id = (uint32_t)id;
	}
	lua_pop(L, 1);
	if (del + add + cdel > 1)
		l_opt_error(L, 2, del ? "delete" : "component_add",
			    "only one of delete, component_add, component_del");
	if (cdel && !req.comp_id)
		l_opt_error(L, 2, "component_del", "needs comp_id");
	l_layout_check(L, 2);
	if ((client = l_client_at(L, 1, &api)) < 0)
		return 3;
	s = NULL;
	path = lua_tostring(L, 1);
	if (!client && (rc = l_path_store(L, 1, true, &path, rel, &s)))
		return rc;
	for (size_t i = 0; del && l_layout_keys[i]; i++) {
		lua_getfield(L, 2, l_layout_keys[i]);
		if (!lua_isnil(L, -1))
			l_opt_error(L, 2, "delete", "cannot be combined with layout options");
		lua_pop(L, 1);
	}
	if ((rc = l_layout_template(L, 2, s, api, &layout)))
		return 3;
	if (!del && !cdel && !layout)
		luaL_argerror(L, 2, "no layout given (stripe_count, stripe_size, components, ...)");
	req.layout = layout;
	req.op = del ? STRIPE_DELETE : add ? STRIPE_COMP_ADD :
		 cdel ? STRIPE_COMP_DEL : STRIPE_SET;
	rc = client ? lustre_stripe_set(api, path, &req, &res, &e) :
		      stripe_set(s, rel, &req, &res, &e);
	layout_free(layout);
	if (rc)
		return l_fail(L, path, rc, &e);
	lua_createtable(L, 0, 3);
	lua_pushboolean(L, res.dir);
	lua_setfield(L, -2, "dir");
	if (res.capped_from) {
		l_set_int(L, "capped_from", res.capped_from);
		l_set_int(L, "capped_to", res.capped_to);
	}
	return 1;
}
