/* repl.c - the lfs> shell on a terminal: libedit line editing, history in
 * ~/.lfs_history, Tab completion from complete.c, Ctrl-C drops the line. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <editline/readline.h>

#include "complete.h"
#include "shell.h"

#define HISTORY_LINES 1000

static struct lfs_ctx *repl_ctx;
static char **cur_cands;        /* repl_matches()'s, for its generator */
static int cur_idx;

/* Quote a raw candidate the way lineparse.c will read it back, opening
 * with the quote the user started the word with; a finished word (not a
 * directory, and the only candidate) gets its quote closed. */
static char *quote_word(const char *w, char q, bool close)
{
	size_t len = strlen(w);
	char *o = malloc(len * 4 + 4), *p = o;

	if (!o)
		return NULL;
	if (q)
		*p++ = q;
	for (; *w; w++) {
		if (q == '\'' && *w == '\'') {
			memcpy(p, "'\\''", 4);
			p += 4;
			continue;
		}
		if ((q == '"' && strchr("\"\\$`", *w)) ||
		    (!q && strchr(" \t\\'\";", *w)))
			*p++ = '\\';
		*p++ = *w;
	}
	if (q && close)
		*p++ = q;
	*p = '\0';
	return o;
}

static char *next_cand(const char *text, int state)
{
	(void)text;
	if (!state)
		cur_idx = 0;
	if (!cur_cands || !cur_cands[cur_idx])
		return NULL;
	return strdup(cur_cands[cur_idx++]);
}

char **repl_matches(const char *text, char **cands)
{
	char **res;

	cur_cands = cands;
	res = rl_completion_matches(text, next_cand);
	cur_cands = NULL;
	return res;
}

static char **repl_complete(const char *text, int tstart, int tend)
{
	struct line_cursor cur;
	char **raw = NULL, **out = NULL, **res = NULL;
	size_t tlen = (size_t)(tend - tstart), rawlen, skip;
	int n, k = 0;

	rl_attempted_completion_over = 1;
	if (line_parse_partial(rl_line_buffer, (size_t)rl_point, &cur))
		return NULL;
	n = complete_words(repl_ctx, cur.nwords, cur.words, cur.nwords - 1, &raw);
	rawlen = (size_t)rl_point - cur.start;
	/* libedit replaces only `text`, which may begin after our word does
	 * (it breaks at every space, quoted or not): drop the part of our
	 * quoted candidate that stays on the line. */
	skip = rawlen >= tlen ? rawlen - tlen : 0;
	if (n > 0)
		out = calloc((size_t)n + 1, sizeof(*out));
	for (int i = 0; out && i < n; i++) {
		size_t cl = strlen(raw[i]);
		bool dir = cl && raw[i][cl - 1] == '/';
		char *qw = quote_word(raw[i], cur.quote, n == 1 && !dir);

		if (qw && strlen(qw) >= skip &&
		    !strncmp(qw, rl_line_buffer + cur.start, skip))
			out[k++] = strdup(qw + skip);
		free(qw);
	}
	rl_completion_append_character =
		(n == 1 && raw[0][strlen(raw[0]) - 1] == '/') ? '\0' : ' ';
	if (k)
		res = repl_matches(text, out);
	complete_free(out);
	complete_free(raw);
	line_cursor_free(&cur);
	return res;
}

static const char *prompt(const struct lfs_ctx *ctx)
{
	static char buf[32];

	if (!ctx->last_status)
		return "lfs> ";
	snprintf(buf, sizeof(buf), "lfs [%d]> ", ctx->last_status);
	return buf;
}

/* History: a bad file is reported once and then left alone, so that a
 * file we could not read is never overwritten with a fresh one. */
static char *history_open(void)
{
	const char *home = getenv("HOME");
	char *path;
	int rc;

	stifle_history(HISTORY_LINES);
	if (!home || !*home || asprintf(&path, "%s/.lfs_history", home) < 0)
		return NULL;
	errno = 0;
	rc = read_history(path);
	if (rc && rc != ENOENT && errno != ENOENT) {
		FILE *f = fopen(path, "r");

		if (f || errno != ENOENT) {
			fprintf(stderr, "lfs: warning: cannot read history file %s (%s); history will not be saved\n",
				path, rc > 0 ? strerror(rc) : "not a history file");
			if (f)
				fclose(f);
			free(path);
			return NULL;
		}
	}
	return path;
}

static void history_save(char **path, const char *line)
{
	if (!*line || *line == ' ')
		return;       /* a leading space keeps a line out of history */
	add_history(line);
	if (*path && write_history(*path)) {
		fprintf(stderr, "lfs: warning: cannot write history file %s; history will not be saved\n",
			*path);
		free(*path);
		*path = NULL;
	}
}

/* A line ending with a continuing backslash goes on at the "> " prompt,
 * as sh's PS2; the backslash and the newline are dropped. Returns the
 * whole line, or NULL (freed, nothing runs) after Ctrl-C or at the end of
 * input there. */
static char *read_continued(char *line)
{
	while (line_continues(line)) {
		char *more = readline("> "), *joined;

		if (!more) {
			fputc('\n', stdout);
			if (!shell_interrupted)
				fprintf(stderr, "lfs: %s; nothing of it was run\n",
					LINE_ERR_BACKSLASH);
			free(line);
			return NULL;
		}
		line[strlen(line) - 1] = '\0';
		joined = NULL;
		if (asprintf(&joined, "%s%s", line, more) < 0)
			joined = NULL;
		free(line);
		free(more);
		if (!joined)
			return NULL;
		line = joined;
	}
	return line;
}

int shell_repl(struct lfs_ctx *ctx)
{
	char *hist = history_open(), *line;

	ctx->interactive = true;
	repl_ctx = ctx;
	rl_readline_name = "lfs";
	rl_attempted_completion_function = repl_complete;
	rl_basic_word_break_characters = " \t\n\"'\\;=";
	/* Ctrl-C stops the command (or drops the line) and the shell goes
	 * on; SIGTERM stops the command and leaves (status 143). */
	interrupt_install(true);
	while (!shell_quit) {
		interrupt_clear(true);
		line = readline(prompt(ctx));
		if (!line) {
			fputc('\n', stdout);
			if (shell_interrupted == SIGINT)
				continue;   /* Ctrl-C: drop the line */
			if (shell_interrupted)
				ctx->last_status = interrupt_status();
			break;
		}
		line = read_continued(line);
		if (!line && shell_interrupted == SIGTERM) {
			ctx->last_status = interrupt_status();
			break;
		}
		if (!line)
			continue;
		history_save(&hist, line);
		ctx->last_status = shell_run_line(ctx, line, false);
		free(line);
		if (shell_interrupted == SIGTERM)
			break;
	}
	interrupt_install(false);
	free(hist);
	return ctx->last_status;
}
