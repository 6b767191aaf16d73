#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int lfs_error_set(struct lfs_error *e, int err, const char *fmt, ...)
{
	va_list ap;

	if (!e)
		return err;
	e->err = err;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return err;
}

void lfs_error_clear(struct lfs_error *e)
{
	if (e) {
		e->err = 0;
		e->msg[0] = '\0';
	}
}

const char *lfs_error_text(const struct lfs_error *e, int err)
{
	if (e && e->msg[0])
		return e->msg;
	return strerror(err < 0 ? -err : err);
}

const char *lfs_escape(const char *in, char *out, size_t len)
{
	size_t o = 0;

	for (; *in; in++) {
		unsigned char c = (unsigned char)*in;
		char esc[5] = { (char)c, '\0' };
		size_t n = 1;

		if (c == '\\' || c == '\n' || c == '\t')
			n = (size_t)snprintf(esc, sizeof(esc), "\\%c",
					     c == '\n' ? 'n' : c == '\t' ? 't' : '\\');
		else if (c < 0x20 || c >= 0x7f)
			n = (size_t)snprintf(esc, sizeof(esc), "\\x%02x", c);
		if (o + n + 4 > len) {      /* room for "..." and the NUL */
			memcpy(out + o, "...", 4);
			return out;
		}
		memcpy(out + o, esc, n);
		o += n;
	}
	out[o] = '\0';
	return out;
}
