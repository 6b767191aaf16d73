/* Unit tests for lib/stat.c: a file's blocks are its objects', counted
 * as the OSTs' usage counts them; types and symlink targets. */
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "df.h"
#include "inode.h"
#include "io.h"
#include "ost.h"
#include "stat.h"

static int setup(void **state)
{
	return testutil_fixture_make(state, sizeof(struct testutil_store),
				     "stat", 2, 8u << 20);
}

/* A file over both OSTs (stripe size 1 MiB): its blocks are the bytes
 * df counts used, in 512-byte units; a lost object holds none. */
static void test_blocks(void **state)
{
	struct testutil_store *f = *state;
	struct lfs_layout_builder b;
	struct lfs_layout *l = NULL;
	struct lfs_inode *ino = NULL;
	struct lfs_error e = { 0 };
	struct lfs_stat ls;
	struct lfs_df df;
	static char buf[300 << 10];
	uint64_t done = 0, first;
	struct stat st;

	layout_builder_init(&b);
	assert_int_equal(layout_builder_option(&b, 'c', "2", &e), 0);
	assert_int_equal(layout_builder_finish(&b, 2, &l, &e), 0);
	layout_builder_free(&b);
	assert_int_equal(inode_create(f->s, "f", 0644, l, &ino, &e), 0);
	layout_free(l);
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(io_pwrite_all(ino, buf, sizeof(buf), 0, &done, &e), 0);
	assert_int_equal(io_pwrite_all(ino, buf, sizeof(buf), 1 << 20, &done, &e), 0);

	assert_int_equal(lfs_stat(f->s, "f", &ls), 0);
	assert_string_equal(ls.type, "regular file");
	assert_int_equal(ls.st.st_size, (1 << 20) + sizeof(buf));
	assert_int_equal(lfs_df(f->s, NULL, &df, NULL), 0);
	assert_true(ls.blocks >= 2 * sizeof(buf) / 512);
	assert_int_equal(ls.blocks * 512, df.summary.bytes.used);
	lfs_df_free(&df);

	assert_int_equal(stat_blocks(f->s, ino->fd, &first), 0);
	assert_int_equal(first, ls.blocks);
	assert_int_equal(ost_object_stat(f->s, ino->layout->comps[0].objects[1].ost,
					 ino->layout->comps[0].objects[1].id, &st), 0);
	assert_int_equal(ost_object_destroy(f->s, ino->layout->comps[0].objects[1].ost,
					    ino->layout->comps[0].objects[1].id), 0);
	assert_int_equal(stat_blocks(f->s, ino->fd, &first), 0);
	assert_int_equal(first, ls.blocks - (uint64_t)st.st_blocks);
	inode_close(ino);
}

static void test_types(void **state)
{
	struct testutil_store *f = *state;
	char root[160];
	struct lfs_stat ls;
	uint64_t blocks = 1;
	int dfd, fd;

	snprintf(root, sizeof(root), "%s/mdt/ROOT", store_path(f->s));
	dfd = open(root, O_RDONLY | O_DIRECTORY);
	assert_true(dfd >= 0);
	assert_int_equal(symlinkat("some/where", dfd, "lnk"), 0);
	assert_int_equal(mkdirat(dfd, "d", 0755), 0);
	fd = openat(dfd, "empty", O_CREAT | O_RDWR, 0644);
	close(dfd);
	assert_true(fd >= 0);
	assert_int_equal(stat_blocks(f->s, fd, &blocks), 0);
	assert_int_equal(blocks, 0);
	close(fd);

	assert_int_equal(lfs_stat(f->s, "lnk", &ls), 0);
	assert_string_equal(ls.type, "symbolic link");
	assert_string_equal(ls.target, "some/where");
	assert_int_equal(lfs_stat(f->s, "d", &ls), 0);
	assert_string_equal(ls.type, "directory");
	assert_string_equal(ls.target, "");
	assert_int_equal(lfs_stat(f->s, "empty", &ls), 0);
	assert_string_equal(ls.type, "regular empty file");
	assert_int_equal(ls.blocks, 0);
	assert_int_equal(lfs_stat(f->s, "nope", &ls), -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_blocks, setup, testutil_teardown),
		cmocka_unit_test_setup_teardown(test_types, setup, testutil_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
