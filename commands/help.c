/* help.c - lfs help [CMD]. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"

static const struct lfs_opt help_opts[] = { { 0 } };

static void print_group(const struct lfs_cmd *const *table, FILE *f)
{
	for (size_t i = 0; table[i]; i++)
		fprintf(f, "  %-12s %s\n", table[i]->name, table[i]->summary);
}

/* The builtins (lfs_ctx.builtins), then the line syntax (shell.h). */
static void print_builtins(const struct lfs_ctx *ctx)
{
	if (!ctx->builtins)
		return;
	fprintf(ctx->out, "\nShell builtins (in the lfs> shell, lfs -c and lines piped in):\n");
	print_group(ctx->builtins, ctx->out);
	fprintf(ctx->out, "  %-12s %s\n", "!HOST",
		"run the rest of the line in the host shell");
	fprintf(ctx->out,
		"\nLines: CMD; CMD runs both (stops at a failure); CMD | CMD gives the first's\n"
		"  output lines (NUL-separated names with find -0) to the second as operands,\n"
		"  which does not run if the first fails or prints nothing; CMD | !HOST pipes\n"
		"  into a host command (the rest of the line); CMD > FILE and CMD >> FILE\n"
		"  write and append to a host file. Quote or escape ; | > in names. A\n"
		"  backslash ending a line continues it on the next.\n");
}

static int cmd_help(struct lfs_ctx *ctx, int argc, char **argv)
{
	if (argc < 2) {
		fprintf(ctx->out, "Commands (lfs help COMMAND for details):\n");
		print_group(lfs_commands, ctx->out);
		print_builtins(ctx);
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		const struct lfs_cmd *c = cmd_find(argv[i]);

		if (!c)
			c = cmd_find_in(ctx->builtins, argv[i]);
		if (!c) {
			fprintf(stderr, "lfs help: no such command '%s'; commands are:\n",
				argv[i]);
			cmd_print_list(stderr);
			return 1;
		}
		cmd_print_help(c, ctx->out);
	}
	return 0;
}

const struct lfs_cmd cmd_help_def = {
	.name = "help",
	.run = cmd_help,
	.opts = help_opts,
	.summary = "list the commands, or show a command's usage",
	.usage = "[COMMAND...]",
	.args = DOM_COMMAND,
	.flags = CMD_NO_STORE,
};
