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
