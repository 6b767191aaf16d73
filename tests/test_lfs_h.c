/* lib/lfs.h is all an embedding program needs: this test includes
 * nothing else of lib/ and makes a store, a file, writes and reads it. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lfs.h"

static void test_umbrella(void **state)
{
	char dir[] = "/tmp/lfs-test-lfs-h-XXXXXX", store[64], buf[8];
	struct lfs_mkfs_opts o = { .osts = 2, .ost_size = 8 << 20 };
	struct lfs_error e = { 0 };
	struct lfs_store *s;
	struct lfs_inode *ino;
	uint64_t size, done = 0;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(store, sizeof(store), "%s/store", dir);
	assert_int_equal(size_parse("1M", &size), 0);
	o.stripe_size = size;
	assert_int_equal(store_mkfs(store, &o, &e), 0);
	assert_int_equal(store_open(store, LFS_STORE_RDWR, &s, &e), 0);
	assert_int_equal(store_conf(s)->ost_count, 2);
	assert_true(store_writable(s));
	assert_int_equal(inode_create(s, "f", 0644, NULL, &ino, &e), 0);
	assert_int_equal(io_pwrite_all(ino, "liblfs", 6, 0, &done, &e), 0);
	assert_int_equal(io_pread(ino, buf, sizeof(buf), 0), 6);
	assert_memory_equal(buf, "liblfs", 6);
	inode_close(ino);
	store_close(s);
	testutil_rm_tree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_umbrella),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
