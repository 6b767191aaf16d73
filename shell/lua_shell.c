/*
 * lua_shell.c - the shell's `lua` builtin (issue 17): `lua FILE [ARGS]`
 * runs a script as `lfs -f` does, `lua` alone opens the lua> prompt,
 * lua.c's REPL (Lua 5.4) over the shell's store and cwd:
 *  - a statement the parser ends with "<eof>" continues on the next line
 *    (">> "); a line is first tried as "return LINE", so an expression
 *    prints its values, and "=EXPR" is "return EXPR" (lua.c's 5.2
 *    compatibility);
 *  - errors print with a traceback (lua_pcall with lua.c's msghandler);
 *  - Tab completes globals and fields (lfs.ge -> lfs.getstripe);
 *  - history of its own, ~/.lfs_lua_history, the lfs> history kept aside;
 *  - Ctrl-C drops the line being typed, or stops the running chunk
 *    ("interrupted", lfs_lua.h's count hook on the shell's flag) and a
 *    migration in it (host.interrupted, the library's cancel pointer);
 *    the prompt comes back and what was typed ahead is dropped;
 *  - Ctrl-D (as lua.c), `exit` or `quit` returns to lfs>; so does
 *    os.exit(N), with status N, as it ends a `lua FILE` script.
 * Each `lua` gets a fresh state; the store and cwd are the shell's.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <editline/readline.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "lfs_lua.h"
#include "shell.h"

#define LUA_HISTORY_LINES 1000

static void report(lua_State *L, int rc)
{
	if (rc == LUA_OK)
		return;
	fprintf(stderr, "lfs: %s\n", lua_tostring(L, -1));
	fflush(stderr);
	lua_pop(L, 1);
}

/* The values left on the stack, through the global print (lua.c). */
static void print_results(lua_State *L)
{
	int n = lua_gettop(L);

	if (n <= 0)
		return;
	luaL_checkstack(L, LUA_MINSTACK, "too many results to print");
	lua_getglobal(L, "print");
	lua_insert(L, 1);
	if (lua_pcall(L, n, 0, 0) != LUA_OK)
		fprintf(stderr, "lfs: error calling 'print' (%s)\n", lua_tostring(L, -1));
	lua_settop(L, 0);
}

/* Did the parser stop at the end of the input (lua.c's incomplete)? */
static bool incomplete(lua_State *L, int rc)
{
	static const char eof[] = "<eof>";
	size_t len;
	const char *msg;

	if (rc != LUA_ERRSYNTAX)
		return false;
	msg = lua_tolstring(L, -1, &len);
	return len >= sizeof(eof) - 1 &&
	       !strcmp(msg + len - (sizeof(eof) - 1), eof);
}

/* History: the lfs> lines are set aside while lua> keeps its own. */
struct saved_history {
	char **lines;
	int n;
	char *path;
};

static void history_swap_in(struct saved_history *h)
{
	const char *home = getenv("HOME");
	HIST_ENTRY *e;

	h->n = 0;
	h->lines = calloc((size_t)history_length + 1, sizeof(*h->lines));
	for (int i = 0; h->lines && i < history_length; i++)
		if ((e = history_get(history_base + i)) && e->line)
			h->lines[h->n++] = strdup(e->line);
	clear_history();
	stifle_history(LUA_HISTORY_LINES);
	h->path = NULL;
	if (home && *home && asprintf(&h->path, "%s/.lfs_lua_history", home) < 0)
		h->path = NULL;
	if (h->path)
		read_history(h->path);
}

static void history_swap_out(struct saved_history *h)
{
	if (h->path && history_length)
		write_history(h->path);
	free(h->path);
	clear_history();
	for (int i = 0; i < h->n; i++) {
		if (h->lines[i])
			add_history(h->lines[i]);
		free(h->lines[i]);
	}
	free(h->lines);
}

/* Completion: the name under the cursor, "a.b.c" or "a:b", completed
 * from the table its prefix names (globals for a bare name). */
static lua_State *complete_L;

static const char *const keywords[] = {
	"and", "break", "do", "else", "elseif", "end", "false", "for",
	"function", "goto", "if", "in", "local", "nil", "not", "or",
	"repeat", "return", "then", "true", "until", "while", NULL,
};

static bool is_name(const char *s)
{
	if (!*s || (*s >= '0' && *s <= '9'))
		return false;
	for (; *s; s++)
		if (!(*s == '_' || (*s >= 'a' && *s <= 'z') ||
		      (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')))
			return false;
	return true;
}

struct cand_list {
	char **v;
	int n, cap;
	int last_type;   /* the type of the last candidate added */
};

static void add_cand(struct cand_list *c, const char *prefix, size_t plen,
		     const char *name, int type)
{
	char **nv, *s;

	for (int i = 0; i < c->n; i++)
		if (!strcmp(c->v[i] + plen, name))
			return;
	if (c->n + 2 > c->cap) {
		int cap = c->cap ? c->cap * 2 : 32;

		nv = realloc(c->v, (size_t)cap * sizeof(*nv));
		if (!nv)
			return;
		c->v = nv;
		c->cap = cap;
	}
	if (asprintf(&s, "%.*s%s", (int)plen, prefix, name) < 0)
		return;
	c->v[c->n++] = s;
	c->v[c->n] = NULL;
	c->last_type = type;
}

/* The string keys of the table on top (and of its __index table) that
 * start with part. */
static void table_cands(lua_State *L, struct cand_list *c, const char *prefix,
			size_t plen, const char *part, int depth)
{
	size_t len = strlen(part);

	lua_pushnil(L);
	while (lua_next(L, -2)) {
		if (lua_type(L, -2) == LUA_TSTRING) {
			const char *k = lua_tostring(L, -2);

			if (is_name(k) && !strncmp(k, part, len))
				add_cand(c, prefix, plen, k, lua_type(L, -1));
		}
		lua_pop(L, 1);
	}
	if (depth < 4 && lua_getmetatable(L, -1)) {
		if (lua_getfield(L, -1, "__index") == LUA_TTABLE)
			table_cands(L, c, prefix, plen, part, depth + 1);
		lua_pop(L, 2);
	}
}

/* The value "a.b" names, pushed (nil when some part is not a table's
 * field): raw lookups only, no metamethod runs but __index tables. */
static void push_path(lua_State *L, const char *path, size_t len)
{
	const char *p = path, *end = path + len;

	lua_pushglobaltable(L);
	while (p < end && lua_type(L, -1) != LUA_TNIL) {
		const char *dot = memchr(p, '.', (size_t)(end - p));
		size_t n = dot ? (size_t)(dot - p) : (size_t)(end - p);

		lua_pushlstring(L, p, n);
		if (lua_type(L, -2) == LUA_TTABLE)
			lua_rawget(L, -2);
		else if (lua_type(L, -2) == LUA_TSTRING)   /* s:upper */
			lua_getglobal(L, "string"), lua_remove(L, -2);
		else
			lua_pop(L, 1), lua_pushnil(L);
		lua_remove(L, -2);
		p += n + 1;
	}
}

static char **lua_cands(lua_State *L, const char *word, int *type)
{
	struct cand_list c = { 0 };
	const char *sep = NULL;
	int top = lua_gettop(L);

	for (const char *p = word; *p; p++)
		if (*p == '.' || *p == ':')
			sep = p;
	if (sep) {
		push_path(L, word, (size_t)(sep - word));
		if (lua_type(L, -1) == LUA_TTABLE)
			table_cands(L, &c, word, (size_t)(sep + 1 - word), sep + 1, 0);
		else if (lua_type(L, -1) == LUA_TSTRING && *sep == ':') {
			lua_getglobal(L, "string");
			table_cands(L, &c, word, (size_t)(sep + 1 - word), sep + 1, 0);
		}
	} else {
		for (int i = 0; keywords[i]; i++)
			if (!strncmp(keywords[i], word, strlen(word)))
				add_cand(&c, "", 0, keywords[i], LUA_TNONE);
		lua_pushglobaltable(L);
		table_cands(L, &c, "", 0, word, 0);
	}
	lua_settop(L, top);
	*type = c.last_type;
	return c.v;
}

static char **lua_complete(const char *text, int start, int end)
{
	char **res = NULL, **cands;
	int type = LUA_TNONE, n = 0;

	(void)start;
	(void)end;
	rl_attempted_completion_over = 1;
	cands = lua_cands(complete_L, text, &type);
	while (cands && cands[n])
		n++;
	/* One candidate: a function wants "(", a table its fields. */
	rl_completion_append_character = n != 1 ? '\0' :
		type == LUA_TFUNCTION ? '(' : type == LUA_TTABLE ? '.' : '\0';
	if (n)
		res = repl_matches(text, cands);
	for (int i = 0; i < n; i++)
		free(cands[i]);
	free(cands);
	return res;
}

/* Read a line at prompt; NULL at the end (Ctrl-D), or after Ctrl-C with
 * shell_interrupted set. */
static char *read_line(const char *prompt)
{
	char *line = readline(prompt);

	if (!line)
		fputc('\n', stdout);
	return line;
}

/* A line that is only "exit" or "quit" (blanks around) leaves. */
static bool is_exit(const char *line)
{
	line += strspn(line, " \t");
	if (strncmp(line, "exit", 4) && strncmp(line, "quit", 4))
		return false;
	return !line[4 + strspn(line + 4, " \t")];
}

/* Compile a chunk the user typed: "return CHUNK" first (an expression
 * prints), else CHUNK itself, continued while the parser wants more.
 * 1: a function on the stack, and *chunk the text for history; 0: an
 * error on the stack (reported); -1: leave the prompt. */
static int load_chunk(lua_State *L, char **chunk)
{
	char *buf = read_line("lua> "), *more, *ret;
	int rc;

	*chunk = NULL;
	if (!buf)
		return shell_interrupted == SIGINT ? 0 : -1;
	if (is_exit(buf)) {
		free(buf);
		return -1;
	}
	if (buf[0] == '=') {              /* lua.c: "=EXPR" is "return EXPR" */
		if (asprintf(&ret, "return %s", buf + 1) < 0)
			ret = NULL;
		rc = ret ? luaL_loadbuffer(L, ret, strlen(ret), "=stdin") : LUA_ERRMEM;
		free(ret);
		*chunk = buf;
		return rc == LUA_OK ? 1 : (report(L, rc), 0);
	}
	if (asprintf(&ret, "return %s;", buf) >= 0) {
		rc = luaL_loadbuffer(L, ret, strlen(ret), "=stdin");
		free(ret);
		if (rc == LUA_OK) {
			*chunk = buf;
			return 1;
		}
		lua_pop(L, 1);
	}
	for (;;) {
		rc = luaL_loadbuffer(L, buf, strlen(buf), "=stdin");
		if (!incomplete(L, rc))
			break;
		lua_pop(L, 1);
		more = read_line(">> ");
		if (!more) {                  /* Ctrl-C or Ctrl-D: drop it */
			free(buf);
			return shell_interrupted == SIGINT || !shell_interrupted ? 0 : -1;
		}
		ret = NULL;
		if (asprintf(&ret, "%s\n%s", buf, more) < 0)
			ret = NULL;
		free(more);
		if (!ret) {
			free(buf);
			return 0;
		}
		free(buf);
		buf = ret;
	}
	*chunk = buf;
	if (rc == LUA_OK)
		return 1;
	report(L, rc);
	return 0;
}

/* The lua> prompt on L until Ctrl-D, exit or quit (status 0), os.exit
 * (its status) or SIGTERM (143). */
static int lua_prompt(lua_State *L)
{
	rl_completion_func_t *saved_complete = rl_attempted_completion_function;
	const char *saved_breaks = rl_basic_word_break_characters;
	struct saved_history h;
	int status = 0;

	history_swap_in(&h);
	complete_L = L;
	rl_attempted_completion_function = lua_complete;
	rl_basic_word_break_characters = " \t\n\"'\\;=(){}[],+-*/%^#<>~&|";
	for (;;) {
		char *chunk;
		int rc;

		if (shell_interrupted == SIGTERM)
			break;
		interrupt_clear(true);   /* typed ahead during a chunk: dropped */
		rc = load_chunk(L, &chunk);
		if (chunk && *chunk && *chunk != ' ')
			add_history(chunk);
		free(chunk);
		if (rc < 0)
			break;
		if (rc == 0) {
			lua_settop(L, 0);
			continue;
		}
		rc = lfs_lua_call(L, 0, &status);
		fflush(stdout);
		if (rc < 0)              /* os.exit(): ends the prompt */
			break;
		if (rc == LUA_OK)
			print_results(L);
		else
			report(L, rc);
		lua_settop(L, 0);
	}
	rl_attempted_completion_function = saved_complete;
	rl_basic_word_break_characters = saved_breaks;
	complete_L = NULL;
	history_swap_out(&h);
	return shell_interrupted == SIGTERM ? 128 + SIGTERM : status;
}

static int builtin_lua(struct lfs_ctx *ctx, int argc, char **argv)
{
	struct lfs_lua_host host;
	lua_State *L;
	bool polled;
	int rc;

	if (argc < 2 && !isatty(STDIN_FILENO))
		return cmd_errorf("lua", EINVAL,
				  "the Lua prompt needs a terminal: give a script (lua FILE)");
	shell_lua_host(ctx, &host);   /* its count hook watches ctx->cancel */
	L = lfs_lua_new(&host);
	if (!L)
		return cmd_errorf("lua", ENOMEM, "%s", strerror(ENOMEM));
	polled = interrupt_polling(true);
	rc = argc > 1 ? lfs_lua_run_file(L, argv[1], argc - 2, argv + 2)
		      : lua_prompt(L);
	interrupt_polling(polled);
	lfs_lua_close(L);
	return rc;
}

static const struct lfs_opt no_opts[] = { { 0 } };

const struct lfs_cmd builtin_lua_def = {
	.name = "lua",
	.run = builtin_lua,
	.opts = no_opts,
	.summary = "run a Lua script, or open the lua> prompt",
	.usage = "[FILE [ARGS...]]\n"
		 "lua FILE [ARGS...] runs FILE as lfs -f does (arg[0] = FILE, ARGS as\n"
		 "arg[1..] and ...; a name without a slash that is no file is looked\n"
		 "up among the installed procedures). lua alone opens the lua> prompt\n"
		 "(Lua 5.4, the global table lfs: see docs/lua.md) on the shell's\n"
		 "store and directory, in a fresh state each time:\n"
		 "  an unfinished statement continues on the next line (>>);\n"
		 "  an expression, or =EXPR, prints its values;\n"
		 "  errors print with a traceback;\n"
		 "  Tab completes globals and fields (lfs.ge -> lfs.getstripe);\n"
		 "  history of its own in ~/.lfs_lua_history;\n"
		 "  Ctrl-C drops the line, or interrupts the running chunk (and a\n"
		 "  migration in it: the file in flight completed or rolled back)\n"
		 "  and returns to lua>;\n"
		 "  Ctrl-D, exit or quit returns to lfs>; os.exit(N) too, status N.\n"
		 "On a Lustre client mount (no store selected) the functions act on the\n"
		 "mount through liblustreapi, as the commands do; the servers' ones return\n"
		 "the lctl line to run (docs/lua.md, \"On a Lustre client mount\").\n",
	.args = DOM_HOSTPATH,
};
