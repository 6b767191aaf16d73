/* help.c - lfs help [CMD]. */
#include <errno.h>
#include <stdio.h>

#include "cmd.h"

static const struct lfs_opt help_opts[] = { { 0 } };

static int cmd_help(struct lfs_ctx *ctx, int argc, char **argv)
{
	if (argc < 2) {
		fprintf(ctx->out, "Available commands (lfs help COMMAND for details):\n");
		for (size_t i = 0; lfs_commands[i]; i++)
			fprintf(ctx->out, "  %-12s %s\n", lfs_commands[i]->name,
			       lfs_commands[i]->summary);
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		const struct lfs_cmd *c = cmd_find(argv[i]);

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
