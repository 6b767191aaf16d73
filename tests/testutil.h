/* Shared helpers for the cmocka unit tests. */
#ifndef LFS_TESTUTIL_H
#define LFS_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ftw.h>
#include <stdio.h>

static inline int testutil_remove_cb(const char *p, const struct stat *sb,
				     int flag, struct FTW *ftw)
{
	(void)sb; (void)flag; (void)ftw;
	return remove(p);
}

/* rm -rf of a test's scratch directory. */
static inline void testutil_rm_tree(const char *dir)
{
	nftw(dir, testutil_remove_cb, 16, FTW_DEPTH | FTW_PHYS);
}

#endif
