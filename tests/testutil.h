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
#include <stdlib.h>
#include <string.h>

#include "layout.h"
#include "store.h"

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

/* A fresh store of `osts` OSTs of ost_size bytes (0: the default) at
 * DIR/store, DIR a new scratch directory /tmp/lfs-test-NAME-XXXXXX, open
 * for writing. */
struct testutil_store {
	char dir[64];
	char path[96];           /* DIR/store */
	struct lfs_store *s;
};

static inline int testutil_store_make(struct testutil_store *t, const char *name,
				      uint32_t osts, uint64_t ost_size)
{
	struct lfs_mkfs_opts o = { .osts = osts, .ost_size = ost_size };
	struct lfs_error e = { 0 };

	snprintf(t->dir, sizeof(t->dir), "/tmp/lfs-test-%s-XXXXXX", name);
	if (!mkdtemp(t->dir))
		return -1;
	snprintf(t->path, sizeof(t->path), "%s/store", t->dir);
	return store_mkfs(t->path, &o, &e) ||
	       store_open(t->path, LFS_STORE_RDWR, &t->s, &e) ? -1 : 0;
}

static inline void testutil_store_remove(struct testutil_store *t)
{
	store_close(t->s);
	testutil_rm_tree(t->dir);
}

/* A cmocka setup's fixture: a zeroed struct of `size` bytes whose first
 * member is a struct testutil_store, its store made by
 * testutil_store_make(). */
static inline int testutil_fixture_make(void **state, size_t size,
					const char *name, uint32_t osts,
					uint64_t ost_size)
{
	struct testutil_store *t = calloc(1, size);

	*state = t;
	return t ? testutil_store_make(t, name, osts, ost_size) : -1;
}

/* A cmocka teardown: removes a testutil_fixture_make() fixture. */
static inline int testutil_teardown(void **state)
{
	testutil_store_remove(*state);
	free(*state);
	return 0;
}

/* The layout setstripe's options make for a store of `osts` OSTs: args
 * "c", "2", "E", "1M", ..., NULL. */
static inline struct lfs_layout *testutil_layout(uint32_t osts,
						 const char *const *args)
{
	struct lfs_layout_builder b;
	struct lfs_layout *l = NULL;
	struct lfs_error e = { 0 };

	layout_builder_init(&b);
	for (; *args; args += 2)
		assert_int_equal(layout_builder_option(&b, args[0][0], args[1], &e), 0);
	assert_int_equal(layout_builder_finish(&b, osts, &l, &e), 0);
	layout_builder_free(&b);
	assert_non_null(l);
	return l;
}

#endif
