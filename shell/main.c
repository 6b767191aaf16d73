/*
 * main.c - `lfs [GLOBAL OPTIONS] [CMD ARGS...]`.
 *
 * With a command, runs it once and exits with its status (Lustre's
 * Parser_execarg: exact name match). Without one, reads commands from the
 * terminal (the lfs> shell) or, when stdin is not a terminal, one per line.
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

static void main_usage(FILE *f)
{
	fprintf(f,
		"usage: lfs [-s STORE] [-k] [CMD [ARGS...]]\n"
		"       lfs [-s STORE] -c 'CMD; CMD...'\n"
		"       lfs [-s STORE] -f SCRIPT.lua [ARGS...]\n"
		"  -s, --store DIR     the store (default: $LFS_STORE, else the\n"
		"                      nearest ancestor of the working directory)\n"
		"  -c, --command LINE  run a line of ';'-separated commands\n"
		"  -k, --keep-going    do not stop at the first failing command\n"
		"      --list-commands print the command names\n"
		"      --complete -- WORDS...\n"
		"                      completion candidates for the last word,\n"
		"                      one a line (WORDS start at the command)\n"
		"  -h, --help          this help; 'lfs help CMD' for a command\n"
		"Without a command, lfs opens the interactive lfs> shell on a\n"
		"terminal, or reads one command per line from standard input.\n");
}

/* For bash completion: argv are COMP_WORDS from the command on, the last
 * being the word under the cursor. */
static int main_complete(struct lfs_ctx *ctx, int argc, char **argv)
{
	char *empty[] = { "", NULL }, **cands;
	int n;

	if (argc == 0) {
		argc = 1;
		argv = empty;
	}
	n = complete_words(ctx, argc, argv, argc - 1, &cands);
	if (n < 0)
		return 1;
	for (int i = 0; i < n; i++)
		printf("%s\n", cands[i]);
	complete_free(cands);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "store", required_argument, NULL, 's' },
		{ "command", required_argument, NULL, 'c' },
		{ "keep-going", no_argument, NULL, 'k' },
		{ "list-commands", no_argument, NULL, 'L' },
		{ "complete", no_argument, NULL, 'X' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct lfs_ctx ctx;
	const char *line = NULL;
	bool keep_going = false, complete = false;
	int c, rc;

	memset(&ctx, 0, sizeof(ctx));
	strcpy(ctx.cwd, "/");
	ctx.out = stdout;
	/* '+': global options stop at the command name. */
	while ((c = getopt_long(argc, argv, "+s:c:kh", opts, NULL)) != -1) {
		switch (c) {
		case 's': ctx.store_dir = optarg; break;
		case 'c': line = optarg; break;
		case 'k': keep_going = true; break;
		case 'L': cmd_print_list(stdout); return 0;
		case 'X': complete = true; break;
		case 'h': main_usage(stdout); return 0;
		default: main_usage(stderr); return CMD_USAGE_STATUS;
		}
	}
	argc -= optind;
	argv += optind;
	if (complete)
		rc = main_complete(&ctx, argc, argv);
	else if (line)
		rc = shell_run_line(&ctx, line, keep_going);
	else if (argc > 0)
		rc = cmd_dispatch(&ctx, argc, argv);
	else
		rc = shell_main(&ctx, keep_going);
	ctx_close_store(&ctx);
	return rc;
}
