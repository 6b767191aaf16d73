/*
 * cmd.h - the command table: the single source for dispatch, help, usage,
 * REPL completion and bash completion.
 *
 * A command is one file in commands/ defining `const struct lfs_cmd
 * cmd_<name>_def` (name, handler, option table, summary, usage) and one
 * line in commands/table.c. Options are declared once as data; getopt_long
 * tables, help text and completion candidates are all derived from them.
 *
 * Handlers return 0, CMD_HELP (usage error: the caller prints the usage to
 * stderr, status CMD_USAGE_STATUS), or a positive errno (operational
 * failure, printed by the handler itself in Lustre's form).
 */
#ifndef LFS_CMD_H
#define LFS_CMD_H

#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>

#include "error.h"
#include "llapi.h"
#include "store.h"

/* Above every errno and every exit status, so that a handler passing on
 * an errno (4 is EINTR) is never taken for a usage error. */
#define CMD_HELP 0x100
#define CMD_USAGE_STATUS 4   /* the exit status of a usage error */

/* What an option's value (or a positional argument) ranges over, so that
 * completion can offer candidates. */
enum lfs_domain {
	DOM_NONE = 0,   /* no value, or free text */
	DOM_PATH,       /* a path in the store's namespace */
	DOM_HOSTPATH,   /* a path on the host */
	DOM_POOL,       /* a pool name */
	DOM_OST,        /* an OST index (or list) */
	DOM_LAYOUT,     /* raid0 ... */
	DOM_TYPE,       /* find -t: b c d f l p s */
	DOM_COMMAND,    /* a command name (help) */
	DOM_STORE,      /* a store directory on the host */
	DOM_NUMBER,
	DOM_SIZE,
};

struct lfs_opt {
	const char *long_name;   /* without "--", may be NULL */
	int short_name;          /* letter, or a value >= 256 for long-only */
	int has_arg;             /* no_argument / required_argument / optional */
	enum lfs_domain domain;
	const char *help;        /* one line; NULL hides it from help and usage */
	/* What usage and help call the value ("STRIPE_COUNT"); NULL: the
	 * long name in capitals. */
	const char *arg;
	/* Options listed apart under this heading ("layout options") and
	 * shown as one [LAYOUT OPTIONS] in the synopsis; NULL: the
	 * command's own. */
	const char *group;
	unsigned flags;          /* OPTF_* */
};

/* Option tables are written positionally, as getopt's are, the trailing
 * fields (arg, group, flags) left out when they are zero; -Wextra would
 * want each spelled out in every entry. */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

enum {
	OPTF_MANDATORY = 1 << 0,   /* the synopsis shows it without [] */
	OPTF_ALONE     = 1 << 1,   /* a global option no command follows */
};

enum {
	CMD_NO_STORE = 1 << 0,   /* runs without a store (mkfs, help) */
	CMD_WRITES   = 1 << 1,   /* opens the store for writing */
	/* Polls ctx->cancel: an interrupt stops it cleanly (its handler
	 * returns, the status becomes 128 + the signal) instead of ending
	 * the process. */
	CMD_CANCELS  = 1 << 2,
	/* A subcommand shown with the next on one synopsis line, as
	 * "activate|deactivate IDX" (the first one's usage). */
	CMD_SUB_PAIR = 1 << 3,
};

struct lfs_ctx;

struct lfs_cmd {
	const char *name;
	int (*run)(struct lfs_ctx *ctx, int argc, char **argv);
	const struct lfs_opt *opts;   /* terminated by a zeroed entry */
	const char *summary;
	/* What the option table cannot say: the operands of the synopsis
	 * ("FILE..."), then, after a newline, lines printed as they are
	 * (other forms, notes). */
	const char *usage;
	enum lfs_domain args;         /* what positional arguments are */
	unsigned flags;
	/* Subcommands (`ost add`, `pool list`), NULL-terminated, or NULL.
	 * Each is a command of its own (handler, option table, summary,
	 * operands) run with argv from its name on; dispatch, usage, help
	 * and completion come from this table. A subcommand's usage error
	 * prints its parent's usage. */
	const struct lfs_cmd *const *subs;
	/* The operands after the first, when another domain (pool add NAME
	 * OST...); DOM_NONE: .args. */
	enum lfs_domain args_then;
	/* help CMD only: lines printed after the options (what the command
	 * does beyond its summary), or NULL. */
	const char *help;
};

/* The subcommand of c named name, or NULL. */
const struct lfs_cmd *cmd_find_sub(const struct lfs_cmd *c, const char *name);

/* The shell state commands run in. */
struct lfs_ctx {
	const char *store_dir;      /* -s / --store, or NULL */
	struct lfs_store *store;    /* opened on first use */
	bool store_writable;
	char cwd[PATH_MAX];         /* namespace cwd ("/" by default) */
	bool interactive;
	int last_status;
	int store_errno;             /* why ctx_store() last failed */
	/* Where commands print their results (stdout unless the shell pipes
	 * or Lua captures them); errors still go to stderr. */
	FILE *out;
	/* The shell's builtins (cd, pwd, ...), NULL-terminated: help lists
	 * them (a one-shot lfs too, as what its shell offers), completion
	 * offers them when the commands run in the shell; NULL for
	 * completion of a one-shot command. */
	const struct lfs_cmd *const *builtins;
	/* timing on: the shell prints each line's wall time on stderr. */
	bool timing;
	/* The shell's interrupt flag (shell_interrupted: the signal number
	 * once SIGINT or SIGTERM came), for the library's cancel pointers;
	 * NULL: never interrupted. */
	volatile sig_atomic_t *cancel;
	/* liblustreapi, loaded on first use on a Lustre mount (ctx_client). */
	struct lfs_llapi *llapi;
};

extern const struct lfs_cmd *const lfs_commands[];

const struct lfs_cmd *cmd_find(const char *name);
/* The entry of a NULL-terminated table (NULL itself: none) named name. */
const struct lfs_cmd *cmd_find_in(const struct lfs_cmd *const *table,
				  const char *name);
/* Run argv[0] with the table; prints usage on CMD_HELP, the command list
 * (on ctx->out, as Lustre's Parser_execarg) for an unknown name. Returns
 * the exit status (0, 1 unknown, CMD_USAGE_STATUS, errno). */
int cmd_dispatch(struct lfs_ctx *ctx, int argc, char **argv);
/* Run command c (a table command or a shell builtin) as cmd_dispatch
 * does once it has found it. */
int cmd_run(const struct lfs_cmd *c, struct lfs_ctx *ctx, int argc, char **argv);
/* Usage and help (usage.c), generated from the option table as git's
 * parse-options does: "NAME: summary", the synopsis (the command's own
 * options, then [GROUP] for each group, then the operands; each group's
 * options on lines of their own), then .usage's other lines. */
void cmd_print_usage(const struct lfs_cmd *c, FILE *f);
/* The usage, then one line per option with its help, then c->help
 * (help CMD). */
void cmd_print_help(const struct lfs_cmd *c, FILE *f);
/* "  -s, --store DIR     help...": the command's own options, then each
 * group under its heading. */
void cmd_print_options(const struct lfs_opt *opts, FILE *f);
void cmd_print_list(FILE *f);

/* getopt_long over a command's option table. Call cmd_getopt_begin once,
 * then cmd_getopt until it returns -1. Every command also takes -h and
 * --help (unless its table has them), returned as '?' so that the
 * handler's usage error prints the usage, as Lustre's CMD_HELP does. */
struct cmd_getopt {
	struct option *longopts;
	char shortopts[128];
	bool short_help;   /* -h was added: the table has no 'h' of its own */
};
int cmd_getopt_begin(struct cmd_getopt *g, const struct lfs_opt *opts);
/* Same, but options end at the first operand (lfs's own options stop at
 * the command name). */
int cmd_getopt_begin_global(struct cmd_getopt *g, const struct lfs_opt *opts);
int cmd_getopt(struct cmd_getopt *g, int argc, char **argv);
void cmd_getopt_end(struct cmd_getopt *g);

/* The context's store, opened on first use (or again, writable, when
 * writable is asked for), without printing: 1 when opened just now (its
 * configuration's malformed entries not yet reported), 0 when the open
 * one serves, else -errno with e saying why (what follows "error: lfs
 * CMD: "). */
int ctx_open_store(struct lfs_ctx *ctx, bool writable, struct lfs_error *e);
/* ctx_open_store for handlers: prints the failure (and, once, the
 * configuration's malformed entries) as command cmdname; NULL with
 * ctx->store_errno set on failure. */
struct lfs_store *ctx_store(struct lfs_ctx *ctx, bool writable,
			    const char *cmdname);
void ctx_close_store(struct lfs_ctx *ctx);
/* Is host path reached through a Lustre client (docs/lustre.md)? Only
 * when no store is selected (--store, $LFS_STORE, a store marker around
 * the working directory: then paths are store paths, as always) and path
 * (NULL: the working directory) is on a Lustre mount (lfs_on_lustre).
 * Returns 1 with ctx->llapi loaded, 0 for the store, or the positive
 * errno after printing "error: lfs CMD: PATH: Lustre client library ...
 * not found". */
int ctx_client(struct lfs_ctx *ctx, const char *cmdname, const char *path);
/* ctx_client() printing nothing: 1, 0, or -errno with e. */
int ctx_client_quiet(struct lfs_ctx *ctx, const char *path, struct lfs_error *e);
/* A server-side command (mkfs, ost, pool changes, lfsck) asked on a
 * Lustre mount: ctx_client() for path (NULL: the working directory);
 * when it returns 1, fsname is the filesystem's name (llapi_search_fsname,
 * "FSNAME" if unknown) and the caller refuses with the lctl command to
 * run instead (cmd_server_side_refuse). */
int ctx_server_side(struct lfs_ctx *ctx, const char *cmdname, const char *path,
		    char fsname[LLAPI_FSNAME_BUF]);
/* "error: lfs CMD: on a Lustre client this is the servers' work; run
 * WHERE: COMMAND", status EOPNOTSUPP. */
int cmd_server_side_refuse(const char *cmdname, const char *where,
			   const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Namespace path (absolute, or relative to the cwd) -> root-relative
 * path, without printing: 0 or -errno (-EINVAL with e's message for a
 * path above the root). */
int ctx_path(const struct lfs_ctx *ctx, const char *path, char *rel,
	     size_t len, struct lfs_error *e);
/* ctx_path for handlers: prints the error itself, returns the positive
 * errno. */
int ctx_resolve(struct lfs_ctx *ctx, const char *cmdname, const char *path,
		char *rel, size_t len);
/* Print "error: lfs CMD: PATH: message" (PATH may be NULL) on one line,
 * unsafe bytes escaped (quote.h). Returns the positive errno for the exit
 * status. */
int cmd_error(const char *cmdname, const char *path, int err,
	      const struct lfs_error *e);
/* Report inode_open()'s failure on PATH (rel: its root-relative form,
 * e: what inode_open() explained): -EINVAL there means a corrupt layout
 * or a special file, -ENODEV a layout naming an OST the store lacks; say
 * which. */
int cmd_open_error(struct lfs_store *s, const char *cmdname, const char *path,
		   const char *rel, int err, const struct lfs_error *e);
/* Warn about what the library noted in a store handle while a command
 * ran (LAST_ID moved past existing objects), then forget it. Dispatch
 * does this for the context's handle; a command's own handles (migrate
 * -j workers) call it before closing them. */
void cmd_report_store_notes(struct lfs_store *s, const char *cmdname);
/* A migrate_run batch keeps its files open (migrate_run.h) and the
 * library never raises the limit: migrate, and the Lua host whose
 * migrate_many runs the same batches, raise the soft limit to the hard
 * one first. */
void cmd_raise_nofile_limit(void);
/* Same with a printf message. */
int cmd_errorf(const char *cmdname, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
