/* run.c - the runner behind `lfs -f` and `lfs -e`: errors reported as the
 * stock lua reports them, `arg`, procedures looked up by name, and the
 * exit status (os.exit's unwinds to here: lfs_lua.c). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "l_internal.h"

#ifndef LFS_SCRIPT_DIR
#define LFS_SCRIPT_DIR "/usr/local/share/lfs/scripts"
#endif
#define MAX_SCRIPT_DIRS 32

/* lua.c's msghandler: a traceback added to a message; os.exit's unwinding
 * object passes through untouched. */
static int msghandler(lua_State *L)
{
	const char *msg = lua_tostring(L, 1);

	if (l_is_exit(L, 1, NULL))
		return 1;
	if (!msg) {
		if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING)
			return 1;
		msg = lua_pushfstring(L, "(error object is a %s value)",
				      luaL_typename(L, 1));
	}
	luaL_traceback(L, L, msg, 1);
	return 1;
}

/* The status of a finished chunk: 0, os.exit's, 130 after an interrupt,
 * else 1 with the message on stderr as lua.c's l_message prints it. */
static int report(lua_State *L, int status)
{
	struct l_state *st = l_state(L);
	int code;

	if (status == LUA_OK)
		return 0;
	if (l_is_exit(L, -1, &code)) {
		lua_pop(L, 1);
		return code;
	}
	fflush(stdout);
	fprintf(stderr, "lfs: %s\n", lua_tostring(L, -1) ? lua_tostring(L, -1)
			: "(error object is not a string)");
	fflush(stderr);
	lua_pop(L, 1);
	if (st->host.interrupted && *st->host.interrupted)
		return 130;
	return EXIT_FAILURE;
}

static int pcall_traced(lua_State *L, int narg, int nres)
{
	int base = lua_gettop(L) - narg, status;

	lua_pushcfunction(L, msghandler);
	lua_insert(L, base);
	status = lua_pcall(L, narg, nres, base);
	lua_remove(L, base);
	return status;
}

static int docall(lua_State *L, int narg)
{
	return pcall_traced(L, narg, 0);
}

int lfs_lua_call(lua_State *L, int narg, int *exit_status)
{
	int status = pcall_traced(L, narg, LUA_MULTRET);

	if (status != LUA_OK && l_is_exit(L, -1, exit_status)) {
		lua_pop(L, 1);
		return -1;
	}
	return status;
}

int lfs_lua_run_string(lua_State *L, const char *chunk, const char *name)
{
	int status = luaL_loadbuffer(L, chunk, strlen(chunk), name);

	if (status == LUA_OK)
		status = docall(L, 0);
	return report(L, status);
}

static void add_dir(const char **dirs, size_t *n, const char *dir)
{
	struct stat st;
	char *d;

	if (*n + 1 < MAX_SCRIPT_DIRS && dir[0] && !stat(dir, &st) &&
	    S_ISDIR(st.st_mode) && (d = strdup(dir)))
		dirs[(*n)++] = d;
}

const char *const *lfs_lua_script_dirs(void)
{
	static const char *dirs[MAX_SCRIPT_DIRS];
	static bool done;
	char exe[PATH_MAX], buf[PATH_MAX + 32];
	const char *env = getenv("LFS_SCRIPT_PATH");
	size_t n = 0;
	ssize_t len;

	if (done)
		return dirs;
	done = true;
	while (env && *env) {
		size_t k = strcspn(env, ":");

		snprintf(buf, sizeof(buf), "%.*s", (int)k, env);
		add_dir(dirs, &n, buf);
		env += k + (env[k] == ':');
	}
	add_dir(dirs, &n, LFS_SCRIPT_DIR);
	/* Running from a build: ./lfs or build/lfs beside lua/scripts. */
	len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (len > 0) {
		char *slash;

		exe[len] = '\0';
		if ((slash = strrchr(exe, '/')))
			*slash = '\0';
		snprintf(buf, sizeof(buf), "%s/lua/scripts", exe);
		add_dir(dirs, &n, buf);
		snprintf(buf, sizeof(buf), "%s/../lua/scripts", exe);
		add_dir(dirs, &n, buf);
	}
	dirs[n] = NULL;
	return dirs;
}

/* SCRIPT, or the procedure of that name: DIR/SCRIPT or DIR/SCRIPT.lua. */
static const char *find_script(const char *script, char *buf, size_t len)
{
	const char *const *dirs;

	if (strchr(script, '/') || !strcmp(script, "-") || !access(script, F_OK))
		return script;
	dirs = lfs_lua_script_dirs();
	for (size_t i = 0; dirs[i]; i++) {
		snprintf(buf, len, "%s/%s", dirs[i], script);
		if (!access(buf, F_OK))
			return buf;
		snprintf(buf, len, "%s/%s.lua", dirs[i], script);
		if (!access(buf, F_OK))
			return buf;
	}
	return script;
}

int lfs_lua_run_file(lua_State *L, const char *script, int argc, char **argv)
{
	char buf[PATH_MAX + 64];
	const char *path = find_script(script, buf, sizeof(buf));
	int status;

	/* arg, as lua.c's createargtable makes it. */
	lua_createtable(L, argc, 2);
	lua_pushstring(L, program_invocation_name);
	lua_rawseti(L, -2, -1);
	lua_pushstring(L, script);
	lua_rawseti(L, -2, 0);
	for (int i = 0; i < argc; i++) {
		lua_pushstring(L, argv[i]);
		lua_rawseti(L, -2, i + 1);
	}
	lua_setglobal(L, "arg");
	status = luaL_loadfile(L, strcmp(path, "-") ? path : NULL);
	if (status == LUA_OK) {
		luaL_checkstack(L, argc, "too many arguments to script");
		for (int i = 0; i < argc; i++)
			lua_pushstring(L, argv[i]);
		status = docall(L, argc);
	}
	return report(L, status);
}
