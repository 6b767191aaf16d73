/*
 * main.c - `lfs [GLOBAL OPTIONS] [CMD ARGS...]`.
 *
 * With a command, runs it once and exits with its status (Lustre's
 * Parser_execarg: exact name match). Without one, reads commands from the
 * terminal (the lfs> shell) or, when stdin is not a terminal, one per line.
 * With -f or -e, runs Lua (lua/lfs_lua.h) over the same context.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "complete.h"
#include "shell.h"

/* For bash completion: argv are COMP_WORDS after lfs, the last being the
 * word under the cursor. */
static int main_complete(struct lfs_ctx *ctx, int argc, char **argv)
{
	char *empty[] = { "", NULL }, **cands;
	int n;

	if (argc == 0) {
		argc = 1;
		argv = empty;
	}
	n = complete_argv(ctx, argc, argv, &cands);
	if (n < 0)
		return 1;
	for (int i = 0; i < n; i++)
		fprintf(ctx->out, "%s\n", cands[i]);
	complete_free(cands);
	return 0;
}

/* lfs -f SCRIPT ARGS... / lfs -e CHUNK: the store is closed by main
 * whatever way the script ends (lfs_lua_run_* return a status for
 * os.exit too). */
static int main_lua(struct lfs_ctx *ctx, const char *script,
		    const char *chunk, int argc, char **argv)
{
	struct lfs_lua_host host;
	lua_State *L;
	int rc;

	/* The chunk's count hook and its library calls poll the flag. */
	interrupt_install(false);
	interrupt_polling(true);
	shell_lua_host(ctx, &host);
	cmd_raise_nofile_limit();     /* for migrate_many's batches */
	L = lfs_lua_new(&host);
	if (!L) {
		fprintf(stderr, "lfs: cannot create the Lua state: %s\n", strerror(ENOMEM));
		return 1;
	}
	rc = script ? lfs_lua_run_file(L, script, argc, argv)
		    : lfs_lua_run_string(L, chunk, "=(command line)");
	lfs_lua_close(L);
	return rc;
}

int main(int argc, char **argv)
{
	struct lfs_ctx ctx;
	struct cmd_getopt go;
	const char *line = NULL, *script = NULL, *chunk = NULL;
	bool keep_going = false, complete = false;
	int c, rc = -1;

	memset(&ctx, 0, sizeof(ctx));
	strcpy(ctx.cwd, "/");
	ctx.out = stdout;
	ctx.cancel = &shell_interrupted;
	if (cmd_getopt_begin_global(&go, lfs_global_opts))
		return ENOMEM;
	/* rc >= 0: done (--list-commands, --version, -h, a bad option). */
	/* -f SCRIPT ends lfs's options: what follows is the script's. */
	while (rc < 0 && !script && (c = cmd_getopt(&go, argc, argv)) != -1) {
		switch (c) {
		case 's': ctx.store_dir = optarg; break;
		case 'c': line = optarg; break;
		case 'k': keep_going = true; break;
		case GOPT_LUA_FILE: script = optarg; break;
		case GOPT_LUA_CHUNK: chunk = optarg; break;
		case GOPT_LIST_COMMANDS: cmd_print_list(ctx.out); rc = 0; break;
		case GOPT_COMPLETE: complete = true; break;
		case GOPT_VERSION:
			fprintf(ctx.out, "%s %s\n", program_invocation_short_name,
				LFS_LUSTRE_VERSION);
			rc = 0;
			break;
		case 'h': shell_print_main_usage(ctx.out); rc = 0; break;
		default: shell_print_main_usage(stderr); rc = CMD_USAGE_STATUS;
		}
	}
	cmd_getopt_end(&go);
	if (rc >= 0)
		return rc;
	argc -= optind;
	argv += optind;
	if (!complete)
		ctx.builtins = shell_builtins;   /* help lists them */
	if (script || chunk) {
		if (chunk && argc) {
			shell_print_main_usage(stderr);
			return CMD_USAGE_STATUS;
		}
		rc = main_lua(&ctx, script, chunk, argc, argv);
	} else if (complete) {
		rc = main_complete(&ctx, argc, argv);
	} else if (line || argc == 0) {
		interrupt_install(false);
		rc = line ? shell_run_line(&ctx, line, keep_going)
			  : shell_main(&ctx, keep_going);
	} else {
		interrupt_install(false);
		rc = cmd_dispatch(&ctx, argc, argv);
	}
	/* SIGINT or SIGTERM stopped the work: exit as a shell reports it. */
	if (interrupt_status())
		rc = interrupt_status();
	ctx_close_store(&ctx);
	llapi_unload(ctx.llapi);
	return rc;
}
