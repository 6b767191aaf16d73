/* lineparse.c - split command lines into words: quotes, escapes, ';'. */
#include "shell.h"

static void line_free(char **argv);

#include <errno.h>
#include <stdlib.h>
#include <string.h>

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

/* Scan one word starting at *p (not at a space); returns it malloc'd, or
 * NULL with *err set. An unquoted ';' ends the word (*semicolon = 1). */
static char *scan_word(const char **p, const char **err, int *semicolon)
{
	size_t len = strlen(*p);
	char *w = malloc(len + 1), *o = w;
	const char *s = *p;

	if (!w) {
		*err = "out of memory";
		return NULL;
	}
	*semicolon = 0;
	while (*s && *s != ' ' && *s != '\t' && *s != '\n' && *s != '\r') {
		if (*s == ';') {
			*semicolon = 1;
			break;
		}
		if (*s == '\\') {
			if (!s[1]) {
				*err = "unfinished backslash escape at end of line";
				free(w);
				return NULL;
			}
			*o++ = s[1];
			s += 2;
		} else if (*s == '\'' || *s == '"') {
			char q = *s++;

			while (*s && *s != q) {
				if (q == '"' && *s == '\\' && s[1] &&
				    strchr("\"\\$`", s[1]))
					s++;
				*o++ = *s++;
			}
			if (!*s) {
				*err = q == '"' ? "unbalanced double quote (\")"
						: "unbalanced single quote (')";
				free(w);
				return NULL;
			}
			s++;
		} else {
			*o++ = *s++;
		}
	}
	*o = '\0';
	*p = s;
	return w;
}

/* Split into commands, each an argv; pieces[k] is NULL-terminated. */
static int split_all(const char *line, char ****cmds_out, const char **err)
{
	char ***cmds = NULL, **cur = NULL;
	int ncmds = 0, nwords = 0, semi;
	const char *p = line;

	*err = NULL;
	for (;;) {
		char *w;

		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (*p == ';' || !*p) {
			if (cur) {
				char ***nc = realloc(cmds, (size_t)(ncmds + 2) * sizeof(*nc));

				if (!nc)
					goto nomem;
				cmds = nc;
				cmds[ncmds++] = cur;
				cmds[ncmds] = NULL;
				cur = NULL;
				nwords = 0;
			}
			if (!*p)
				break;
			p++;
			continue;
		}
		w = scan_word(&p, err, &semi);
		if (!w)
			goto fail;
		if (push(&cur, &nwords, w))
			goto nomem;
	}
	*cmds_out = cmds;
	return ncmds;
nomem:
	*err = "out of memory";
fail:
	line_free(cur);
	line_free_cmds(cmds);
	return -EINVAL;
}

static void line_free(char **argv)
{
	for (int i = 0; argv && argv[i]; i++)
		free(argv[i]);
	free(argv);
}

void line_free_cmds(char ***cmds)
{
	for (int i = 0; cmds && cmds[i]; i++)
		line_free(cmds[i]);
	free(cmds);
}

int line_parse(const char *line, char ****cmds, const char **err)
{
	return split_all(line, cmds, err);
}
