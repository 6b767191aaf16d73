/* find_time.c - lfs find's time tests: -atime/-mtime/-ctime/-Btime as
 * Lustre 2.15.3's set_time(), --newer and --newerXY against a file's
 * times or a time string (lustre/utils/lfs.c). */
#include "find.h"
#include "find_internal.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ns.h"

/* Lustre's set_time(): [+-]N with units s m h d w y, combinable
 * ("8h20m"), days by default; the smallest unit given becomes the
 * margin of every time test, weeks and years widen a default one. */
int find_parse_time(struct find_filter *f, const char *text, struct find_num *n,
	       struct lfs_error *e)
{
	const char *str = text;
	const char *endptr = "AD";
	long long t = 0;
	int sign = 0;

	if (*str == '+')
		sign = 1;
	else if (*str == '-')
		sign = -1;
	if (sign)
		str++;
	for (const char *tb = str; endptr[0] && endptr[1]; tb = endptr + 1) {
		char *end;
		long long val = strtoll(tb, &end, 0);
		long long unit = 1;

		endptr = end;
		switch (*endptr) {
		case 'y':
			unit *= 52;
			/* fallthrough */
		case 'w':
			unit *= 7;
			if (f->time_margin == DEFAULT_TIME_MARGIN)
				f->time_margin *= (uint64_t)(1 + unit / 52);
			unit += (*endptr == 'y');
			/* fallthrough */
		case '\0':
		case 'd':
			unit *= 24;
			/* fallthrough */
		case 'h':
			unit *= 60;
			/* fallthrough */
		case 'm':
			unit *= 60;
			/* fallthrough */
		case 's':
			break;
		default:
			return lfs_error_set(e, -EINVAL, "bad time string '%s'", tb);
		}
		if (f->time_margin == 0 ||
		    (*endptr && (uint64_t)unit < f->time_margin))
			f->time_margin = (uint64_t)unit;
		t += val * unit;
	}
	if (f->now < t)
		return lfs_error_set(e, -EINVAL, "bad time '%s': too large", text);
	n->val = (uint64_t)(f->now - t);
	n->sign = sign;
	n->set = true;
	return 0;
}

/* Lustre's time formats for --newerXt. */
static int parse_time_string(const char *v, time_t now, time_t *out)
{
	static const char *const fmts[] = { "%Y-%m-%d %H:%M:%S",
		"%Y-%m-%d %H:%M", "%Y-%m-%d", "%H:%M:%S", "%H:%M", "@%s", "%s" };

	for (size_t i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++) {
		struct tm tm;
		char *p;

		memset(&tm, 0, sizeof(tm));
		if (!strncmp(fmts[i], "%H", 2))
			localtime_r(&now, &tm);
		p = strptime(v, fmts[i], &tm);
		while (p && isspace((unsigned char)*p))
			p++;
		if (p && !*p) {
			tm.tm_isdst = -1;
			*out = mktime(&tm);
			return 0;
		}
	}
	return -EINVAL;
}

int find_time_index(char c)
{
	switch (c) {
	case 'a': return FIND_ATIME;
	case 'm': return FIND_MTIME;
	case 'c': return FIND_CTIME;
	case 'b': case 'B': return FIND_BTIME;
	}
	return -1;
}

/* --newer FILE and --newerXY REF: X's time must be newer than REF's Y
 * time (a namespace path's), or than the time string (Y = t). */
int find_parse_newer(struct find_filter *f, char x, char y, const char *v,
		bool negate, struct lfs_store *s, struct lfs_error *e)
{
	int xi = find_time_index(x);
	time_t ref, *slot;

	if (xi < 0 || (y != 't' && find_time_index(y) < 0))
		return lfs_error_set(e, -EINVAL, "invalid argument '%c%c'", x, y);
	if (y == 't') {
		if (parse_time_string(v, f->now, &ref))
			return lfs_error_set(e, -EINVAL, "invalid time '%s'", v);
	} else {
		char rel[PATH_MAX];
		struct statx stx;
		int fd, rc = ns_resolve(f->cwd, v, rel, sizeof(rel));

		/* On a mount, a host path as the shell gives it. */
		if (f->api) {
			fd = open(v, O_PATH | O_CLOEXEC);
			if (fd < 0)
				fd = -errno;
		} else {
			fd = rc ? rc : ns_open(s, rel, O_PATH, 0);
		}
		if (fd < 0)
			return lfs_error_set(e, -ENOENT, "cannot stat file '%s': %s",
					     v, strerror(-fd));
		rc = statx(fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS | STATX_BTIME, &stx);
		close(fd);
		if (rc)
			return lfs_error_set(e, -ENOENT, "cannot stat file '%s': %s",
					     v, strerror(errno));
		if (find_time_index(y) == FIND_BTIME && !(stx.stx_mask & STATX_BTIME))
			return lfs_error_set(e, -EOPNOTSUPP, "get btime failed '%s': %s",
					     v, strerror(EOPNOTSUPP));
		switch (find_time_index(y)) {
		case FIND_ATIME: ref = stx.stx_atime.tv_sec; break;
		case FIND_MTIME: ref = stx.stx_mtime.tv_sec; break;
		case FIND_CTIME: ref = stx.stx_ctime.tv_sec; break;
		default: ref = stx.stx_btime.tv_sec; break;
		}
	}
	/* Repeated: the latest reference, the earliest when negated. */
	slot = &f->newer[xi][negate];
	if (!*slot || (negate ? ref < *slot : ref > *slot))
		*slot = ref;
	return 0;
}
