/* script.c - run command lines from -c and from a non-terminal stdin. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "shell.h"

int shell_system(const char *cmd)
{
	int rc;

	fflush(stdout);
	fflush(stderr);
	rc = system(cmd);
	if (rc == -1)
		return 127;
	if (WIFEXITED(rc))
		return WEXITSTATUS(rc);
	return 128 + WTERMSIG(rc);
}

int shell_run_line(struct lfs_ctx *ctx, const char *line, bool keep_going)
{
	const char *err = NULL;
	char ***cmds = NULL;
	int n, status = 0;

	while (*line == ' ' || *line == '\t')
		line++;
	/* !CMD: the rest of the line, quotes and ';' included, is the host
	 * shell's. */
	if (*line == '!') {
		ctx->last_status = shell_system(line + 1);
		return ctx->last_status;
	}
	n = line_parse(line, &cmds, &err);
	if (n < 0) {
		fprintf(stderr, "lfs: %s; nothing on this line was run\n", err);
		return EINVAL;
	}
	for (int i = 0; i < n; i++) {
		int argc = 0, rc;

		while (cmds[i][argc])
			argc++;
		rc = shell_exec(ctx, argc, cmds[i]);
		fflush(ctx->out);
		ctx->last_status = rc;
		if (rc && !status)
			status = rc;
		if ((rc && !keep_going) || shell_quit)
			break;
	}
	line_free_cmds(cmds);
	return status;
}

/* Commands from a pipe or file: no prompt, blank lines and # comments
 * skipped, stop at the first failure unless keep_going. */
static int run_stream(struct lfs_ctx *ctx, FILE *in, bool keep_going)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int status = 0, lineno = 0;

	while ((len = getline(&line, &cap, in)) >= 0) {
		const char *p = line;
		int rc;

		lineno++;
		if (memchr(line, '\0', (size_t)len)) {
			fprintf(stderr, "lfs: line %d: contains a NUL byte; not run\n",
				lineno);
			rc = EINVAL;
		} else {
			while (*p == ' ' || *p == '\t')
				p++;
			if (!*p || *p == '\n' || *p == '#')
				continue;
			rc = shell_run_line(ctx, p, keep_going);
		}
		if (rc && !status)
			status = rc;
		if ((rc && !keep_going) || shell_quit)
			break;
	}
	free(line);
	return status;
}

int shell_main(struct lfs_ctx *ctx, bool keep_going)
{
	if (isatty(STDIN_FILENO))
		return shell_repl(ctx);
	return run_stream(ctx, stdin, keep_going);
}
