/* script.c - run command lines from -c and from a non-terminal stdin. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "shell.h"

int shell_run_line(struct lfs_ctx *ctx, const char *line, bool keep_going)
{
	const char *err = NULL;
	char ***cmds = NULL;
	int n = line_parse(line, &cmds, &err), status = 0;

	if (n < 0) {
		fprintf(stderr, "lfs: %s; nothing on this line was run\n", err);
		return EINVAL;
	}
	for (int i = 0; i < n; i++) {
		int argc = 0, rc;

		while (cmds[i][argc])
			argc++;
		rc = cmd_dispatch(ctx, argc, cmds[i]);
		ctx->last_status = rc;
		if (rc && !status)
			status = rc;
		if (rc && !keep_going)
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
		if (rc && !keep_going)
			break;
	}
	free(line);
	return status;
}

int shell_main(struct lfs_ctx *ctx, bool keep_going)
{
	return run_stream(ctx, stdin, keep_going);
}
