/* quote.c - names and messages shown safely (quote.h). */
#include "quote.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Length of the safe character at s (1..4 bytes), 0 when s[0] is unsafe. */
static size_t safe_char(const unsigned char *s)
{
	size_t n;
	unsigned cp;

	if (s[0] < 0x20 || s[0] == 0x7f)
		return 0;
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates, beyond U+10FFFF, and C1 controls. */
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff ||
	    (cp >= 0x80 && cp <= 0x9f))
		return 0;
	return n;
}

static bool all_safe(const char *name)
{
	const unsigned char *s = (const unsigned char *)name;
	size_t n;

	for (; *s; s += n)
		if (!(n = safe_char(s)))
			return false;
	return true;
}

/* The C escape of an unsafe byte, as bash's $'...' and ls -b read it. */
static void put_escape(FILE *f, unsigned char c)
{
	if (c == '\n')
		fputs("\\n", f);
	else if (c == '\t')
		fputs("\\t", f);
	else if (c == '\r')
		fputs("\\r", f);
	else
		fprintf(f, "\\%03o", c);
}

void quote_name(FILE *f, const char *name)
{
	const unsigned char *s = (const unsigned char *)name;
	bool open = false;      /* inside '...' */
	size_t n;

	/* all_safe first: isatty is a system call per name. */
	if (all_safe(name) || !isatty(fileno(f))) {
		fputs(name, f);
		return;
	}
	while (*s) {
		if (!(n = safe_char(s))) {
			fputs(open ? "'$'" : "$'", f);
			while (*s && !safe_char(s))
				put_escape(f, *s++);
			fputc('\'', f);
			open = false;
			continue;
		}
		if (*s == '\'') {
			fputs(open ? "'\\'" : "\\'", f);
			open = false;
			s++;
			continue;
		}
		if (!open)
			fputc('\'', f);
		open = true;
		fwrite(s, 1, n, f);
		s += n;
	}
	if (open)
		fputc('\'', f);
}

void quote_vline(FILE *f, const char *fmt, va_list ap)
{
	char *text = NULL;
	const unsigned char *s;
	size_t n;

	if (vasprintf(&text, fmt, ap) < 0) {
		fputs("(out of memory)\n", f);
		return;
	}
	for (s = (const unsigned char *)text; *s; s += n) {
		n = safe_char(s);
		if (n) {
			fwrite(s, 1, n, f);
		} else {
			put_escape(f, *s);
			n = 1;
		}
	}
	fputc('\n', f);
	free(text);
}

void quote_line(FILE *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	quote_vline(f, fmt, ap);
	va_end(ap);
}
