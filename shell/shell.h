/*
 * shell.h - running command lines: the lfs> shell, piped scripts, -c.
 *
 * A line is split into words with "..." and '...' quoting and backslash
 * escapes (Lustre's parser has none; paths with spaces need them); ';'
 * outside quotes separates commands. An unbalanced quote is an error and
 * nothing of the line runs.
 *
 * Pipelines (no Lustre equivalent; lfs has one process, so they run in it):
 * "A | B" runs A with its output captured, then B with A's output lines
 * appended to its operands, one line one operand (split at NUL bytes
 * instead if the output holds one, as find -0 prints); B does not run if
 * A fails or prints nothing. "A | !HOST" pipes A's output to the host
 * command (the rest of the line); "A > FILE" and "A >> FILE" write or
 * append it to a host file. A quoted or escaped '|' or '>' is a literal
 * character, and so are both in a "!HOST" command after a ';'. The status
 * is the first failure's in the pipeline, else the last command's.
 */
#ifndef LFS_SHELL_H
#define LFS_SHELL_H

#include <signal.h>
#include <stdbool.h>

#include "cmd.h"
#include "lfs_lua.h"

/* How a command of a line connects to what follows it. */
enum line_op {
	LINE_END,     /* ';' or the end of the line */
	LINE_PIPE,    /* '|': its output is the next command's operands */
	LINE_HOST,    /* '| !HOST': target is the host command */
	LINE_WRITE,   /* '> FILE': target is the host file */
	LINE_APPEND,  /* '>> FILE' */
};
struct line_cmd {
	char **argv;    /* NULL-terminated, at least one word */
	enum line_op op;
	char *target;   /* LINE_HOST, LINE_WRITE, LINE_APPEND, else NULL */
};
/* Parse a line into commands, the array ended by one with argv NULL;
 * returns the number of commands, or -EINVAL for an unbalanced quote, a
 * trailing backslash or a pipeline missing a command or a file name
 * (*err says which). */
int line_parse(const char *line, struct line_cmd **cmds, const char **err);
void line_free_cmds(struct line_cmd *cmds);
/* A backslash-newline inside a line is removed, as sh does; a backslash
 * ending the line continues it on the next one (lines piped in, the
 * lfs> shell's continuation prompt), and where no line follows (-c, the
 * last line of input) line_parse() refuses it with this message. */
#define LINE_ERR_BACKSLASH "a backslash at the end continues the line, but no line follows"
/* Does line (without its newline) end with a backslash that continues
 * it: not escaped by another, not inside single quotes? */
bool line_continues(const char *line);
/* The command under the cursor of a line being typed, for completion:
 * line[0..len) split as line_parse() would, but an open quote or a final
 * backslash is the word still being typed, not an error. */
struct line_cursor {
	char **words;   /* the words after the last unquoted ';', '|' or '>',
			 * unquoted, NULL-terminated; the last is the word under the
			 * cursor so far ("" after a space or a ';') */
	int nwords;     /* >= 1 */
	size_t start;   /* where the word under the cursor starts in line */
	char quote;     /* the quote it opens with, '\'' or '"', else 0 */
};
/* 0, or -ENOMEM; line_cursor_free() the result. */
int line_parse_partial(const char *line, size_t len, struct line_cursor *c);
void line_cursor_free(struct line_cursor *c);

/* Run a line of ';'-separated commands or pipelines; stops at the first
 * failure unless keep_going. Returns the first failing status. */
int shell_run_line(struct lfs_ctx *ctx, const char *line, bool keep_going);
/* Interactive name matching (Lustre's Parser_commands): an exact name,
 * else a unique case-insensitive prefix. *nmatch (may be NULL) gets the
 * number of prefix matches, so 0 = unknown, >1 = ambiguous. */
const struct lfs_cmd *shell_find_cmd(const char *name, int *nmatch);
/* Run one command of a shell line or script: a builtin (exact name),
 * else the table with shell_find_cmd(). Returns its status; after
 * quit/exit shell_quit is set. */
int shell_exec(struct lfs_ctx *ctx, int argc, char **argv);
extern bool shell_quit;
/* The builtins (cd, pwd, store, timing, lua, quit, exit): a command
 * table of their own, NULL-terminated, for lfs_ctx.builtins. */
extern const struct lfs_cmd *const shell_builtins[];
/* timing [on|off] (timing.c): shell_run_line() reports each pipeline's
 * wall time on stderr while ctx->timing is on, from timing_now() before
 * it to timing_report() after. */
extern const struct lfs_cmd shell_timing_def;
double timing_now(void);
void timing_report(const struct lfs_ctx *ctx, bool was_on, double start);
/* `lua [FILE [ARGS]]` (lua_shell.c). */
extern const struct lfs_cmd builtin_lua_def;
/* lfs's own options (main.c), the table -h, getopt and completion use. */
enum { GOPT_LIST_COMMANDS = 256, GOPT_COMPLETE, GOPT_VERSION };
/* lfs -f SCRIPT [ARGS...] and lfs -e CHUNK: a Lua script or chunk. */
enum { GOPT_LUA_FILE = 'f', GOPT_LUA_CHUNK = 'e' };
/* The Lustre release whose lfs this one follows: --version prints it as
 * Lustre's Parser_version does ("lfs 2.15.3"), for scripts that test it. */
#define LFS_LUSTRE_VERSION "2.15.3"
extern const struct lfs_opt lfs_global_opts[];
void shell_print_main_usage(FILE *f);
/* Run a host shell command; returns its exit status (128+N if killed). */
int shell_system(const char *cmd);
/* The Lua host over ctx (luahost.c): its store (opened on first use),
 * its cwd, lfs.run through shell_run_line(), the interrupt flag
 * (shell_interrupted). */
void shell_lua_host(struct lfs_ctx *ctx, struct lfs_lua_host *h);
/* Interrupts (interrupt.c). shell_interrupted is 0, or the number of
 * the signal (SIGINT, SIGTERM) that asks the running command to stop;
 * ctx->cancel points at it, and commands hand it to the library. The
 * handlers (interrupt_install) set it and, outside the lfs> shell,
 * end a command that does not poll it as the signal would have; a
 * command that polls it (CMD_CANCELS, Lua) runs between
 * interrupt_polling(true) and interrupt_polling(old). */
extern volatile sig_atomic_t shell_interrupted;
void interrupt_install(bool in_repl);
bool interrupt_polling(bool on);   /* returns the previous setting */
/* 128 + the signal once interrupted (130 SIGINT, 143 SIGTERM), else 0. */
int interrupt_status(void);
/* Forget the interrupt; flush_input: drop what was typed ahead on the
 * terminal meanwhile. */
void interrupt_clear(bool flush_input);
/* The lfs> shell on a terminal (repl.c). */
/* For a libedit completion function: the matches of text among cands
 * (NULL-terminated), as rl_completion_matches() returns them. */
char **repl_matches(const char *text, char **cands);
int shell_repl(struct lfs_ctx *ctx);
/* Interactive shell on a terminal, else read commands from stdin. */
int shell_main(struct lfs_ctx *ctx, bool keep_going);

#endif
