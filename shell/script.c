/* script.c - run command lines from -c and from a non-terminal stdin. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "shell.h"

/* A host command's wait status as a shell reports it. */
static int host_status(int rc)
{
	return WIFEXITED(rc) ? WEXITSTATUS(rc) : 128 + WTERMSIG(rc);
}

int shell_system(const char *cmd)
{
	int rc;

	fflush(stdout);
	fflush(stderr);
	rc = system(cmd);
	return rc == -1 ? 127 : host_status(rc);
}

/* A piped command's output as operands for the next: one per line, or
 * per NUL-terminated name if it holds a NUL byte (find -0). Appends them
 * to *args (*n of them so far); 0 or -ENOMEM. */
static int split_output(const char *buf, size_t len, char ***args, int *n)
{
	char sep = memchr(buf, '\0', len) ? '\0' : '\n';

	for (const char *p = buf, *end = buf + len; p < end;) {
		const char *e = memchr(p, sep, (size_t)(end - p));
		size_t l = e ? (size_t)(e - p) : (size_t)(end - p);
		char **na = realloc(*args, (size_t)(*n + 2) * sizeof(*na));

		if (!na)
			return -ENOMEM;
		*args = na;
		na[*n] = strndup(p, l);
		if (!na[*n])
			return -ENOMEM;
		na[++*n] = NULL;
		p += l + 1;
	}
	return 0;
}

/* Where a command of a pipeline prints (not LINE_END); NULL with errno
 * set, reported, if it cannot be opened. */
static FILE *open_output(const struct line_cmd *c, char **buf, size_t *len)
{
	FILE *f = NULL;

	switch (c->op) {
	case LINE_PIPE:
		f = open_memstream(buf, len);
		break;
	case LINE_HOST:
		fflush(stdout);
		f = popen(c->target, "w");
		break;
	case LINE_WRITE:
	case LINE_APPEND:
		f = fopen(c->target, c->op == LINE_WRITE ? "w" : "a");
		break;
	case LINE_END:
		break;
	}
	if (!f) {
		int e = errno;

		fprintf(stderr, "lfs: %s: %s\n", c->op == LINE_PIPE ? "|" : c->target,
			strerror(e));
		errno = e;
	}
	return f;
}

/* Close what open_output() opened; returns the status it adds (the host
 * command's, or a write error's), 0 if none. */
static int close_output(const struct line_cmd *c, FILE *f)
{
	int rc, err = ferror(f) ? EIO : 0;

	if (c->op == LINE_HOST) {
		rc = pclose(f);
		rc = rc == -1 ? errno : host_status(rc);
		signal(SIGPIPE, SIG_DFL);
		return rc;
	}
	if (fclose(f) && !err)
		err = errno;
	if (err && c->op != LINE_PIPE)
		fprintf(stderr, "lfs: %s: %s\n", c->target, strerror(err));
	return err;
}

static void free_words(char **v, int n)
{
	for (int k = 0; k < n; k++)
		free(v[k]);
	free(v);
}

/* Run the pipeline starting at cmds[*i]; *i moves past it. Returns the
 * first failing status, else the last command's. */
static int run_pipeline(struct lfs_ctx *ctx, const struct line_cmd *cmds, int *i)
{
	char **in = NULL;   /* the operands piped in from the command before */
	int nin = 0, rc;

	for (;;) {
		const struct line_cmd *c = &cmds[(*i)++];
		FILE *saved = ctx->out, *f = NULL;
		char **argv, *buf = NULL;
		size_t len = 0;
		int n = 0;

		while (c->argv[n])
			n++;
		argv = malloc((size_t)(n + nin + 1) * sizeof(*argv));
		if (!argv) {
			rc = cmd_errorf(c->argv[0], ENOMEM, "%s", strerror(ENOMEM));
			break;
		}
		memcpy(argv, c->argv, (size_t)n * sizeof(*argv));
		if (nin)
			memcpy(argv + n, in, (size_t)nin * sizeof(*argv));
		argv[n + nin] = NULL;
		if (c->op != LINE_END) {
			f = open_output(c, &buf, &len);
			if (!f) {
				rc = errno;
				free(argv);
				break;
			}
			ctx->out = f;
			if (c->op == LINE_HOST)   /* the host may stop reading */
				signal(SIGPIPE, SIG_IGN);
		}
		rc = shell_exec(ctx, n + nin, argv);
		free(argv);
		fflush(ctx->out);
		ctx->out = saved;
		if (f) {
			int crc = close_output(c, f);

			if (!rc)
				rc = crc;
		}
		free_words(in, nin);
		in = NULL;
		nin = 0;
		if (!rc && c->op == LINE_PIPE && split_output(buf, len, &in, &nin))
			rc = cmd_errorf(c->argv[0], ENOMEM, "%s", strerror(ENOMEM));
		free(buf);
		if (rc || c->op != LINE_PIPE || !nin || shell_quit || shell_interrupted)
			break;
	}
	/* A failed or silent command ends the pipeline: skip the rest. */
	while (cmds[*i].argv && cmds[*i - 1].op == LINE_PIPE)
		(*i)++;
	free_words(in, nin);
	return rc;
}

int shell_run_line(struct lfs_ctx *ctx, const char *line, bool keep_going)
{
	struct line_cmd *cmds = NULL;
	const char *err = NULL;
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
	for (int i = 0; i < n;) {
		bool timed = ctx->timing;
		double start = timing_now();
		int rc = run_pipeline(ctx, cmds, &i);

		fflush(ctx->out);
		timing_report(ctx, timed, start);
		if (shell_interrupted)    /* the rest of the line is not run */
			rc = interrupt_status();
		ctx->last_status = rc;
		if (rc && !status)
			status = rc;
		if ((rc && !keep_going) || shell_quit || shell_interrupted)
			break;
	}
	line_free_cmds(cmds);
	return status;
}

/* A blank line or a # comment: skipped, never continued. */
static bool is_comment(const char *p)
{
	p += strspn(p, " \t");
	return !*p || *p == '#';
}

/* Read one command line from in into *line: a line ending with a
 * continuing backslash (line_continues) is joined with the next, the
 * backslash and the newline removed, as sh does. Returns its length
 * (without newline), -1 at the end of input, or -2 when the input ends
 * after a continuing backslash. *lineno counts the lines read. */
static ssize_t read_joined(FILE *in, char **line, size_t *cap, int *lineno)
{
	char *more = NULL;
	size_t mcap = 0;
	ssize_t len = getline(line, cap, in), mlen;

	if (len < 0)
		return -1;
	for (++*lineno;; ++*lineno) {
		if (len && (*line)[len - 1] == '\n')
			(*line)[--len] = '\0';
		if (memchr(*line, '\0', (size_t)len) || is_comment(*line) ||
		    !line_continues(*line))
			break;
		(*line)[--len] = '\0';   /* the continuing backslash */
		mlen = getline(&more, &mcap, in);
		if (mlen < 0) {
			len = -2;
			break;
		}
		if ((size_t)(len + mlen) + 1 > *cap) {
			char *n = realloc(*line, (size_t)(len + mlen) + 1);

			if (!n) {
				free(more);
				return -1;
			}
			*line = n;
			*cap = (size_t)(len + mlen) + 1;
		}
		memcpy(*line + len, more, (size_t)mlen + 1);
		len += mlen;
	}
	free(more);
	return len;
}

/* Commands from a pipe or file: no prompt, blank lines and # comments
 * skipped, stop at the first failure unless keep_going. */
static int run_stream(struct lfs_ctx *ctx, FILE *in, bool keep_going)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int status = 0, lineno = 0;

	while ((len = read_joined(in, &line, &cap, &lineno)) != -1) {
		const char *p = line;
		int rc;

		if (len == -2) {
			fprintf(stderr, "lfs: line %d: %s; nothing of it was run\n",
				lineno, LINE_ERR_BACKSLASH);
			rc = EINVAL;
		} else if (memchr(line, '\0', (size_t)len)) {
			fprintf(stderr, "lfs: line %d: contains a NUL byte; not run\n",
				lineno);
			rc = EINVAL;
		} else {
			if (is_comment(p))
				continue;
			p += strspn(p, " \t");
			rc = shell_run_line(ctx, p, keep_going);
		}
		if (rc && !status)
			status = rc;
		if ((rc && !keep_going) || shell_quit || len == -2 || shell_interrupted)
			break;
	}
	free(line);
	return shell_interrupted ? interrupt_status() : status;
}

int shell_main(struct lfs_ctx *ctx, bool keep_going)
{
	if (isatty(STDIN_FILENO))
		return shell_repl(ctx);
	return run_stream(ctx, stdin, keep_going);
}
