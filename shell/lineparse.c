/* lineparse.c - split command lines into words: quotes, escapes, ';',
 * and the pipeline operators '|', '| !HOST', '>' and '>>'.
 * One tokenizer for running lines and for completing a partial one. */
#include "shell.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static void line_free(char **argv)
{
	for (int i = 0; argv && argv[i]; i++)
		free(argv[i]);
	free(argv);
}

static int push(char ***v, int *n, char *w)
{
	char **nv = realloc(*v, (size_t)(*n + 2) * sizeof(char *));

	if (!nv) {
		free(w);
		return -ENOMEM;
	}
	nv[(*n)++] = w;
	nv[*n] = NULL;
	*v = nv;
	return 0;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Scan one word starting at *p (not at a space); returns it malloc'd, or
 * NULL with *err set. An unquoted ';' ends it, and with ops an unquoted
 * '|' or '>'. partial: the line stops at the cursor, so an open quote or
 * a final backslash is the word still being typed, not an error. */
static char *scan_word(const char **p, bool partial, bool ops, const char **err)
{
	size_t len = strlen(*p);
	char *w = malloc(len + 1), *o = w;
	const char *s = *p;

	if (!w) {
		*err = "out of memory";
		return NULL;
	}
	while (*s && !is_space(*s) && *s != ';' && !(ops && strchr("|>", *s))) {
		if (*s == '\\') {
			if (!s[1] && partial) {
				s++;
				break;
			}
			if (!s[1]) {
				*err = LINE_ERR_BACKSLASH;
				free(w);
				return NULL;
			}
			if (s[1] != '\n')   /* backslash-newline: joined, as sh */
				*o++ = s[1];
			s += 2;
		} else if (*s == '\'' || *s == '"') {
			char q = *s++;

			while (*s && *s != q) {
				if (q == '"' && *s == '\\' && s[1] == '\n') {
					s += 2;
					continue;
				}
				if (q == '"' && *s == '\\' && s[1] &&
				    strchr("\"\\$`", s[1]))
					s++;
				*o++ = *s++;
			}
			if (!*s && !partial) {
				*err = q == '"' ? "unbalanced double quote (\")"
						: "unbalanced single quote (')";
				free(w);
				return NULL;
			}
			s += !!*s;
		} else {
			*o++ = *s++;
		}
	}
	*o = '\0';
	*p = s;
	return w;
}

/* What the tokenizer found next at *p; *start: where it begins. ops:
 * '|' and '>' are operators (not in a "!HOST" command after a ';', whose
 * words go to the host shell as they are today). */
enum token { TOK_END, TOK_SEMI, TOK_PIPE, TOK_WRITE, TOK_APPEND, TOK_WORD,
	     TOK_ERROR };

static enum token next_token(const char **p, bool partial, bool ops,
			     char **word, const char **start, const char **err)
{
	while (is_space(**p))
		(*p)++;
	*start = *p;
	if (!**p)
		return TOK_END;
	if (**p == ';') {
		(*p)++;
		return TOK_SEMI;
	}
	if (ops && **p == '|') {
		(*p)++;
		return TOK_PIPE;
	}
	if (ops && **p == '>') {
		(*p)++;
		if (**p != '>')
			return TOK_WRITE;
		(*p)++;
		return TOK_APPEND;
	}
	*word = scan_word(p, partial, ops, err);
	return *word ? TOK_WORD : TOK_ERROR;
}

/* End the command cur with op and target, appending it to cmds. */
static int add_cmd(struct line_cmd **cmds, int *n, char ***cur, int *nwords,
		   enum line_op op, char *target)
{
	struct line_cmd *nc = realloc(*cmds, (size_t)(*n + 2) * sizeof(*nc));

	if (!nc) {
		free(target);
		return -ENOMEM;
	}
	*cmds = nc;
	nc[(*n)++] = (struct line_cmd){ *cur, op, target };
	nc[*n] = (struct line_cmd){ NULL, LINE_END, NULL };
	*cur = NULL;
	*nwords = 0;
	return 0;
}

int line_parse(const char *line, struct line_cmd **cmds_out, const char **err)
{
	struct line_cmd *cmds = NULL;
	char **cur = NULL, *w = NULL, *target;
	const char *start;
	int ncmds = 0, nwords = 0;
	bool piped = false;   /* a '|' wants a command before the next ';' */
	bool host = false;    /* cur is a "!HOST" command: no operators */
	enum token t;

	*err = NULL;
	do {
		t = next_token(&line, false, !host, &w, &start, err);
		if (t == TOK_ERROR)
			goto fail;
		if (t == TOK_WORD) {
			host = host || (!cur && *start == '!' && !piped);
			piped = false;
			if (push(&cur, &nwords, w))
				goto nomem;
			continue;
		}
		if (t != TOK_SEMI && t != TOK_END && !cur) {
			*err = t == TOK_PIPE ? "'|' with no command before it"
					     : "'>' with no command before it";
			goto fail;
		}
		if (piped) {
			*err = "'|' with no command after it";
			goto fail;
		}
		host = false;
		if (t == TOK_PIPE) {
			while (is_space(*line))
				line++;
			piped = *line != '!';
			if (piped) {
				if (add_cmd(&cmds, &ncmds, &cur, &nwords, LINE_PIPE, NULL))
					goto nomem;
				continue;
			}
			/* "| !HOST": the rest of the line is the host shell's. */
			if (!line[1]) {
				*err = "'| !' with no host command after it";
				goto fail;
			}
			target = strdup(line + 1);
			line += strlen(line);
			if (!target || add_cmd(&cmds, &ncmds, &cur, &nwords, LINE_HOST, target))
				goto nomem;
		} else if (t == TOK_WRITE || t == TOK_APPEND) {
			if (next_token(&line, false, true, &target, &start, err) != TOK_WORD) {
				if (!*err)
					*err = "'>' with no file name after it";
				goto fail;
			}
			if (add_cmd(&cmds, &ncmds, &cur, &nwords,
				    t == TOK_WRITE ? LINE_WRITE : LINE_APPEND, target))
				goto nomem;
			t = next_token(&line, false, true, &w, &start, err);
			if (t == TOK_WORD)
				free(w);
			if (t != TOK_SEMI && t != TOK_END) {
				if (!*err)
					*err = "only ';' or the end of the line may follow '> FILE'";
				goto fail;
			}
		} else if (cur && add_cmd(&cmds, &ncmds, &cur, &nwords, LINE_END, NULL)) {
			goto nomem;
		}
	} while (t != TOK_END);
	*cmds_out = cmds;
	return ncmds;
nomem:
	*err = "out of memory";
fail:
	line_free(cur);
	line_free_cmds(cmds);
	return -EINVAL;
}

bool line_continues(const char *line)
{
	char q = 0;

	for (const char *s = line; *s; s++) {
		if (q == '\'') {
			q = *s == '\'' ? 0 : q;
		} else if (*s == '\\') {
			if (!s[1])
				return true;
			s++;
		} else if (*s == '"' || *s == '\'') {
			q = *s == q ? 0 : (q ? q : *s);
		}
	}
	return false;
}

void line_free_cmds(struct line_cmd *cmds)
{
	for (int i = 0; cmds && cmds[i].argv; i++) {
		line_free(cmds[i].argv);
		free(cmds[i].target);
	}
	free(cmds);
}

int line_parse_partial(const char *line, size_t len, struct line_cursor *c)
{
	char *copy = strndup(line, len), *w = NULL;
	const char *p = copy, *start, *err = NULL;
	bool at_end = false;      /* the last word runs up to the cursor */
	enum token t;

	memset(c, 0, sizeof(*c));
	if (!copy)
		return -ENOMEM;
	while ((t = next_token(&p, true, true, &w, &start, &err)) != TOK_END) {
		if (t == TOK_ERROR || (t == TOK_WORD && push(&c->words, &c->nwords, w)))
			goto nomem;
		at_end = t == TOK_WORD && !*p;
		if (at_end) {
			c->start = (size_t)(start - copy);
			c->quote = *start == '\'' || *start == '"' ? *start : 0;
		} else if (t != TOK_WORD) {   /* ';', '|', '>': a new command */
			line_free(c->words);
			c->words = NULL;
			c->nwords = 0;
		}
	}
	/* The cursor after a space or a ';': on a new, empty word. */
	if (!at_end) {
		c->start = (size_t)(p - copy);
		w = strdup("");
		if (!w || push(&c->words, &c->nwords, w))
			goto nomem;
	}
	free(copy);
	return 0;
nomem:
	free(copy);
	line_cursor_free(c);
	return -ENOMEM;
}

void line_cursor_free(struct line_cursor *c)
{
	line_free(c->words);
	memset(c, 0, sizeof(*c));
}
