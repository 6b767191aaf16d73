/* find_internal.h - private to lib/find*.c: the time tests' parsers
 * (find_time.c) that find_filter_set() in find.c calls. Not an API. */
#ifndef LFS_FIND_INTERNAL_H
#define LFS_FIND_INTERNAL_H

#include <stdbool.h>

#include "find.h"

#define DEFAULT_TIME_MARGIN (24 * 60 * 60)   /* FP_DEFAULT_TIME_MARGIN */

/* -atime N and the like into n (limit and sign); may narrow or widen
 * f->time_margin. -EINVAL with a message in *e. */
int find_parse_time(struct find_filter *f, const char *text, struct find_num *n,
	       struct lfs_error *e);
/* 'a' 'm' 'c' 'b'/'B' to FIND_*TIME; -1 for any other. */
int find_time_index(char c);
/* --newerXY V (--newer V: x = y = 'm') into f->newer[X][negate]. */
int find_parse_newer(struct find_filter *f, char x, char y, const char *v,
		bool negate, struct lfs_store *s, struct lfs_error *e);
#endif
