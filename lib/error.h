/*
 * error.h - how lib/ explains a failure without printing.
 *
 * Every lib function returns 0 (or a count) on success and -errno on
 * failure. Functions whose failures need more than strerror() to be
 * understood ("stripe_count(3) != nr_tgts(2)", "OST 7 is not in pool
 * 'flash'") also take a `struct lfs_error *` (which may be NULL) and fill
 * its message; the caller decides how and whether to print it.
 */
#ifndef LFS_ERROR_H
#define LFS_ERROR_H

#include <stddef.h>

struct lfs_error {
	int err;        /* negative errno, 0 when nothing was recorded */
	char msg[256];  /* detail without a trailing newline, "" if none */
};

/* Record err (negative) and a printf-style detail; returns err so callers
 * can write `return lfs_error_set(e, -EINVAL, "...")`. e may be NULL. */
int lfs_error_set(struct lfs_error *e, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void lfs_error_clear(struct lfs_error *e);
/* The detail if one was recorded, else strerror(-err). */
const char *lfs_error_text(const struct lfs_error *e, int err);

/* in with the bytes that are not printable ASCII, and the backslash,
 * written as C escapes (\n, \t, \\, \xNN) into out (len >= 4 bytes,
 * ending "..." when cut short), so that no message echoes raw control bytes to a
 * terminal; returns out. */
const char *lfs_escape(const char *in, char *out, size_t len);

#endif
