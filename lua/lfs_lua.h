/*
 * lfs_lua.h - the Lua 5.4 interpreter of lfs: a state with the standard
 * libraries and the global table `lfs` over the library API (lib/), and
 * the runner behind `lfs -f SCRIPT`, `lfs -e CHUNK` and the shell's `lua`.
 *
 * Contract:
 *  - lua/ includes only lib/ headers and Lua's (it is built without
 *    -Ishell -Icommands): Lua runs exactly the library calls the commands
 *    run. What only the shell knows (its store handle, its cwd, the
 *    command table for lfs.run, the interrupt flag) comes in through
 *    struct lfs_lua_host.
 *  - `lfs` is a global table, never a require()able module
 *    (`require "lfs"` is LuaFileSystem's name).
 *  - Misuse (wrong types, nil paths, unknown option keys) raises through
 *    luaL_argerror; operational failures return nil, message, errno, the
 *    message being the library's precise one (struct lfs_error).
 *  - Interrupts: when *host->interrupted becomes nonzero, the running
 *    chunk stops with the error "interrupted" (a count hook), and library
 *    calls given the flag (migrate_run's cancel) stop after completing or
 *    rolling back the file in flight.
 *  - The runner reports errors as lua.c does ("lfs: FILE:LINE: message"
 *    and a traceback on stderr) and returns an exit status: 0, 1 for an
 *    error, 130 after an interrupt.
 */
#ifndef LFS_LUA_H
#define LFS_LUA_H

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>

#include <lua.h>

#include "error.h"
#include "llapi.h"
#include "store.h"

struct lfs_lua_host {
	/* The store, opened on first use, writable when asked (the shell's
	 * ctx_open_store); NULL with e set when it cannot be opened. */
	struct lfs_store *(*store)(void *arg, bool writable,
				   struct lfs_error *e);
	/* The namespace cwd (absolute, "/" at the root): relative paths
	 * given to lfs.* start there. */
	const char *(*cwd)(void *arg);
	/* lfs.run("command line"): run it through the command table with
	 * its output going to out; returns the exit status. NULL: lfs.run
	 * raises "not available". */
	int (*run)(void *arg, const char *line, FILE *out);
	/* The Lustre client, when no store is selected and host path (NULL:
	 * the working directory) is on a Lustre mount (docs/lustre.md): 1
	 * with *api, 0 for the store, -errno with e when the library cannot
	 * be loaded. NULL: always the store. */
	int (*client)(void *arg, const char *path, const struct lfs_llapi **api,
		      struct lfs_error *e);
	/* Nonzero once Ctrl-C (SIGINT, SIGTERM) arrived; may be NULL. */
	volatile sig_atomic_t *interrupted;
	void *arg;
};

/* A new state: the standard libraries, the global `lfs`, and the host
 * (copied). NULL when out of memory. */
lua_State *lfs_lua_new(const struct lfs_lua_host *host);
void lfs_lua_close(lua_State *L);

/* `lfs -f SCRIPT ARGS...`: run SCRIPT with the global `arg` set as the
 * stock lua sets it (arg[0] = SCRIPT, arg[1..] = ARGS, arg[-1] = the
 * interpreter) and ARGS passed as `...`. SCRIPT without a slash that is
 * not a file is looked up among the installed procedures
 * (lfs_lua_script_dirs()). "-" reads stdin. Returns the exit status
 * (os.exit's, if the script calls it, after closing the state). */
int lfs_lua_run_file(lua_State *L, const char *script, int argc,
		     char **argv);
/* `lfs -e CHUNK`: run a chunk; returns the exit status. */
int lfs_lua_run_string(lua_State *L, const char *chunk, const char *name);
/* For a REPL (the shell's lua> prompt): call the function on the stack
 * with its narg arguments below it as the runner does (lua.c's message
 * handler adds a traceback), leaving its results. Returns LUA_OK; an
 * error status with the message on the stack; or -1 when it called
 * os.exit (*exit_status its status; nothing left on the stack). */
int lfs_lua_call(lua_State *L, int narg, int *exit_status);

/* Where procedures are looked up, in order: $LFS_SCRIPT_PATH (':'
 * separated), then the installed directory ($(PREFIX)/share/lfs/scripts),
 * then the source tree's lua/scripts when running from a build. */
const char *const *lfs_lua_script_dirs(void);

#endif
