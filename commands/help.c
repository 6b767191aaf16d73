/* help.c - lfs help [CMD]. */
#include <errno.h>
#include <stdio.h>

#include "cmd.h"

static const struct lfs_opt help_opts[] = { { 0 } };

/* In the shell: the line syntax (shell.h), then "Shell builtins: cd [DIR],
 * pwd, ..." from its table. */
static void print_builtins(const struct lfs_ctx *ctx)
{
	if (!ctx->builtins)
		return;
	fprintf(ctx->out,
		"Lines: CMD; CMD runs both (stops at a failure); CMD | CMD gives the first's\n"
		"  output lines (NUL-separated names with find -0) to the second as operands,\n"
		"  which does not run if the first fails or prints nothing; CMD | !HOST pipes\n"
		"  into a host command (the rest of the line); CMD > FILE and CMD >> FILE\n"
		"  write and append to a host file. Quote or escape ; | > in names.\n");
	fprintf(ctx->out, "Shell builtins:");
	for (size_t i = 0; ctx->builtins[i]; i++)
		fprintf(ctx->out, " %s%s%s,", ctx->builtins[i]->name,
			ctx->builtins[i]->usage[0] ? " " : "", ctx->builtins[i]->usage);
	fprintf(ctx->out, " !HOST-COMMAND\n");
}

static int cmd_help(struct lfs_ctx *ctx, int argc, char **argv)
{
	if (argc < 2) {
		fprintf(ctx->out, "Available commands (lfs help COMMAND for details):\n");
		for (size_t i = 0; lfs_commands[i]; i++)
			fprintf(ctx->out, "  %-12s %s\n", lfs_commands[i]->name,
				lfs_commands[i]->summary);
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
