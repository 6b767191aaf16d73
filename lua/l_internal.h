/*
 * l_internal.h - what the files of lua/ share: the host, the store, paths,
 * option tables and the two error conventions (lfs_lua.h).
 */
#ifndef LFS_L_INTERNAL_H
#define LFS_L_INTERNAL_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include <lauxlib.h>
#include <lua.h>

#include "error.h"
#include "layout.h"
#include "lfs_lua.h"
#include "store.h"

/* The interpreter's private state (a userdata in the registry). */
struct l_state {
	struct lfs_lua_host host;
	/* Inside a migrate_many callback: the run owns the store handle,
	 * so functions that would use it refuse. */
	int in_run;
};

struct l_state *l_state(lua_State *L);
/* The store for function `fn` (for the "not inside" message): raises
 * when a migrate_many run owns it; NULL with e set when it cannot be
 * opened. */
struct lfs_store *l_store(lua_State *L, bool writable, struct lfs_error *e);
/* The host's client (lfs_lua_host.client) for host path (NULL: the
 * working directory): 1 with *api on a Lustre mount, 0 for the store,
 * -errno with e. */
int l_client(lua_State *L, const char *path, const struct lfs_llapi **api,
	     struct lfs_error *e);
/* The same for the path at arg (a string, raised for otherwise), with
 * a failure pushed as l_fail's: 1, 0, or -1 (return 3). */
int l_client_at(lua_State *L, int arg, const struct lfs_llapi **api);
/* luaL_checkstring(arg) resolved against the host's cwd into rel;
 * returns the path as given; 0 or -EINVAL ("path escapes ...") in e. */
int l_rel(lua_State *L, int arg, const char **path, char *rel, size_t len,
	  struct lfs_error *e);
/* The common start of a function on a path: the store (writable or not),
 * and the path at arg resolved into rel (PATH_MAX). 0, or the number of
 * values pushed (l_fail's) to return. */
int l_path_store(lua_State *L, int arg, bool writable, const char **path,
		 char *rel, struct lfs_store **s);
/* Fields of the table on top. */
void l_set_int(lua_State *L, const char *k, lua_Integer v);
void l_set_num(lua_State *L, const char *k, lua_Number v);
void l_set_bool(lua_State *L, const char *k, bool v);
void l_set_str(lua_State *L, const char *k, const char *v);
/* The io.open convention: nil, "PATH: message" (PATH NULL: no prefix),
 * -rc; returns 3. The message is lfs_error_text(e, rc). */
int l_fail(lua_State *L, const char *path, int rc, const struct lfs_error *e);
/* Same with a printf message. */
int l_failf(lua_State *L, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A store failure: nil, e's message, errno. */
int l_store_fail(lua_State *L, struct lfs_error *e);

/* Option tables. `arg` is the table's argument position (an optional
 * table: nil or absent is no options). */
bool l_opts_given(lua_State *L, int arg);
/* Raise "unknown option 'KEY'" for a key not in keys (NULL ended). */
void l_opts_check(lua_State *L, int arg, int idx, const char *const *keys);
/* The value of key as the command-line text the option takes: a string
 * as it is, an integer in decimal, a list of integers comma-separated
 * (list_ok); NULL when nil. Raises "KEY: number or string expected". */
const char *l_opt_text(lua_State *L, int arg, int idx, const char *key,
		       bool list_ok, char *buf, size_t len);
bool l_opt_bool(lua_State *L, int arg, int idx, const char *key);
/* An unsigned number (integer or numeric text with a size unit). */
bool l_opt_size(lua_State *L, int arg, int idx, const char *key,
		uint64_t *out);
/* Raise "KEY: MSG" at arg. */
int l_opt_error(lua_State *L, int arg, const char *key, const char *msg);

/* Layouts (l_layout.c). The layout option keys, for l_opts_check. */
extern const char *const l_layout_keys[];
/* Feed the layout keys of the table at idx (and its components) to a
 * builder; raises for a malformed value. Returns whether any was given. */
bool l_layout_options(lua_State *L, int arg, int idx,
		      struct lfs_layout_builder *b);
/* From opts at arg (layout keys, copy=, yaml=): the layout template,
 * NULL when none was asked for; s NULL: a Lustre mount through api
 * (copy= a host path, lustre_layout_of).
 * 0, or -errno with the message pushed as l_fail's 3 values (return 3
 * then). */
/* The same checks alone, raising for misuse before the store is opened
 * (so that misuse raises whether or not there is a store). */
void l_layout_check(lua_State *L, int arg);
int l_layout_template(lua_State *L, int arg, struct lfs_store *s,
		      const struct lfs_llapi *api, struct lfs_layout **out);
/* ids false (a Lustre mount: not in its layout API): no gen, no object
 * ids, rather than a guess. */
void l_push_layout(lua_State *L, const struct lfs_layout *l, bool dir,
		   bool ids);

/* The functions of `lfs`, registered by lfs_lua.c's one table. */
int l_getstripe(lua_State *L);      /* l_layout.c */
int l_setstripe(lua_State *L);
int l_stat(lua_State *L);           /* l_ns.c */
int l_mkdir(lua_State *L);
int l_rm(lua_State *L);
int l_mv(lua_State *L);
int l_ln(lua_State *L);
int l_read(lua_State *L);           /* l_data.c */
int l_write(lua_State *L);
int l_import(lua_State *L);
int l_export(lua_State *L);
int l_find(lua_State *L);           /* l_find.c */
int l_migrate(lua_State *L);        /* l_migrate.c */
int l_migrate_many(lua_State *L);
int l_df(lua_State *L);             /* l_store.c */
int l_osts(lua_State *L);
int l_ost_set(lua_State *L);
int l_pools(lua_State *L);
int l_pool_new(lua_State *L);
int l_pool_add(lua_State *L);
int l_pool_remove(lua_State *L);
int l_pool_destroy(lua_State *L);
int l_lfsck(lua_State *L);
int l_run(lua_State *L);
int l_fs(lua_State *L);
/* The find iterator's metatable (l_find.c), made once per state. */
void l_find_meta(lua_State *L);

/* os.exit's replacement raises this (l_exit_status says the status) so
 * that the runner unwinds and closes the store whatever called it. */
bool l_is_exit(lua_State *L, int idx, int *status);

#endif
