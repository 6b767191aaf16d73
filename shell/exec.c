/* exec.c - one command in the shell: builtins, then prefix-matched table
 * commands. Terminal, pipe and -c all come through here, so a script
 * behaves as the same lines typed at lfs>. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "inode.h"
#include "shell.h"

bool shell_quit;

const struct lfs_cmd *shell_find_cmd(const char *name, int *nmatch)
{
	const struct lfs_cmd *found = NULL;
	size_t len = strlen(name);
	int n = 0;

	for (size_t i = 0; lfs_commands[i]; i++)
		if (!strcasecmp(lfs_commands[i]->name, name)) {
			if (nmatch)
				*nmatch = 1;
			return lfs_commands[i];
		}
	for (size_t i = 0; len && lfs_commands[i]; i++)
		if (!strncasecmp(lfs_commands[i]->name, name, len)) {
			found = lfs_commands[i];
			n++;
		}
	if (nmatch)
		*nmatch = n;
	return n == 1 ? found : NULL;
}

static int builtin_cd(struct lfs_ctx *ctx, int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "/";
	char rel[PATH_MAX - 1];   /* room for the leading '/' of cwd */
	struct lfs_store *s;
	int fd, rc;

	if (argc > 2)
		return CMD_HELP;
	s = ctx_store(ctx, false, "cd");
	if (!s)
		return ctx->store_errno;
	rc = ctx_resolve(ctx, "cd", path, rel, sizeof(rel));
	if (rc)
		return rc;
	fd = ns_open(s, rel, O_RDONLY | O_DIRECTORY, 0);
	if (fd < 0)
		return cmd_error("cd", path, fd, NULL);
	close(fd);
	snprintf(ctx->cwd, sizeof(ctx->cwd), "/%s", strcmp(rel, ".") ? rel : "");
	/* The user chose a cwd: a later store reopen must not replace it
	 * with the host directory's position in the namespace. */
	ctx->interactive = true;
	return 0;
}

static int builtin_pwd(struct lfs_ctx *ctx, int argc, char **argv)
{
	(void)argv;
	if (argc > 1)
		return CMD_HELP;
	fprintf(ctx->out, "%s\n", ctx->cwd);
	return 0;
}

static int builtin_store(struct lfs_ctx *ctx, int argc, char **argv)
{
	static char *owned;   /* the store_dir this shell allocated */
	char *dir = NULL, *copy;
	int rc;

	if (argc > 2)
		return CMD_HELP;
	if (argc == 1) {
		if (ctx->store)
			fprintf(ctx->out, "%s\n", store_path(ctx->store));
		else if (!store_discover(ctx->store_dir, &dir))
			fprintf(ctx->out, "%s\n", dir);
		else
			fprintf(ctx->out, "(no store)\n");
		free(dir);
		return 0;
	}
	rc = store_discover(argv[1], &dir);
	if (rc)
		return cmd_errorf("store", rc, "%s: %s", argv[1],
				  rc == -ENOENT ? "not a store (no " LFS_STORE_MARKER ")"
						: strerror(-rc));
	copy = strdup(argv[1]);
	free(dir);
	if (!copy)
		return cmd_errorf("store", ENOMEM, "%s", strerror(ENOMEM));
	ctx_close_store(ctx);
	free(owned);
	owned = copy;
	ctx->store_dir = owned;
	strcpy(ctx->cwd, "/");
	return 0;
}

static int builtin_quit(struct lfs_ctx *ctx, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	shell_quit = true;
	return ctx->last_status;
}

/* "!CMD ARGS" after a ';': the words, rejoined, go to the host shell (a
 * line starting with '!' is handed over whole by shell_run_line). */
static int host_command(int argc, char **argv)
{
	size_t len = 1;
	char *line;
	int rc;

	for (int i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	line = calloc(1, len);
	if (!line)
		return cmd_errorf("!", ENOMEM, "%s", strerror(ENOMEM));
	for (int i = 0; i < argc; i++) {
		strcat(line, i ? " " : "");
		strcat(line, i ? argv[i] : argv[i] + 1);
	}
	rc = shell_system(line);
	free(line);
	return rc;
}

static const struct lfs_opt no_opts[] = { { 0 } };

#define BUILTIN(NAME, RUN, SUMMARY, USAGE, ARGS, HELP) \
	static const struct lfs_cmd builtin_##NAME##_def = { \
		.name = #NAME, .run = RUN, .opts = no_opts, .summary = SUMMARY, \
		.usage = USAGE, .args = ARGS, .help = HELP, \
	}
BUILTIN(cd, builtin_cd, "change the working directory in the store", "[DIR]", DOM_PATH,
	"DIR is a namespace path, absolute or relative to the working directory;\n"
	"without DIR, /. Relative paths of later commands start from it.\n");
BUILTIN(pwd, builtin_pwd, "print the working directory in the store", "", DOM_NONE,
	"The namespace directory relative paths start from: / at first, or the\n"
	"directory of STORE/mdt/ROOT lfs was started in; cd changes it.\n");
BUILTIN(store, builtin_store, "print the store, or use the one in DIR", "[DIR]", DOM_STORE,
	"Without DIR, print the store's directory, or (no store). With DIR (a host\n"
	"directory holding " LFS_STORE_MARKER ", or inside one), close the store and use\n"
	"that one from the next command on; the working directory becomes /.\n");
BUILTIN(quit, builtin_quit, "leave the shell", "", DOM_NONE,
	"The status is the last command's. Ctrl-D at the prompt does the same.\n");
BUILTIN(exit, builtin_quit, "leave the shell", "", DOM_NONE,
	"The status is the last command's. Ctrl-D at the prompt does the same.\n");

const struct lfs_cmd *const shell_builtins[] = {
	&builtin_cd_def,
	&builtin_pwd_def,
	&builtin_store_def,
	&shell_timing_def,
	&builtin_lua_def,
	&builtin_quit_def,
	&builtin_exit_def,
	NULL,
};

int shell_exec(struct lfs_ctx *ctx, int argc, char **argv)
{
	const struct lfs_cmd *c;
	char **args;
	int n, rc;

	if (argv[0][0] == '!')
		return host_command(argc, argv);
	c = cmd_find_in(shell_builtins, argv[0]);
	if (c)
		return cmd_run(c, ctx, argc, argv);
	c = shell_find_cmd(argv[0], &n);
	if (!c && n > 1) {
		fprintf(stderr, "Ambiguous command '%s'\nOptions:", argv[0]);
		for (size_t i = 0; lfs_commands[i]; i++)
			if (!strncasecmp(lfs_commands[i]->name, argv[0], strlen(argv[0])))
				fprintf(stderr, " %s", lfs_commands[i]->name);
		fputc('\n', stderr);
		return 1;
	}
	if (!c) {
		fprintf(stderr, "No such command, type help\n");
		return 1;
	}
	/* cmd_dispatch matches exactly: hand it the full name. */
	args = malloc((size_t)(argc + 1) * sizeof(*args));
	if (!args)
		return cmd_errorf(c->name, ENOMEM, "%s", strerror(ENOMEM));
	memcpy(args, argv, (size_t)(argc + 1) * sizeof(*args));
	args[0] = (char *)c->name;
	rc = cmd_dispatch(ctx, argc, args);
	free(args);
	return rc;
}
