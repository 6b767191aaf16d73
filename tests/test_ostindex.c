/* Unit tests for lib/ostindex.c and lib/ostindex_rebuild.c: the OST
 * index's appends, candidate sets, torn records, trust and rebuild. */
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ns.h"
#include "ostindex.h"
#include "stripe.h"

struct fix {
	struct testutil_store t;
	struct lfs_error e;
	char path[256];
};

static int setup(void **state)
{
	return testutil_fixture_make(state, sizeof(struct fix), "ostindex", 4,
				     64 << 20);
}

static const char *ix(struct fix *f, const char *name)
{
	snprintf(f->path, sizeof(f->path), "%s/" OSTINDEX_DIR "/%s", f->t.path,
		 name);
	return f->path;
}

static uint64_t create(struct fix *f, const char *rel, const char *const *args)
{
	struct lfs_layout *l = testutil_layout(4, args);
	struct stat st;
	char host[256];

	assert_int_equal(stripe_create(f->t.s, rel, l, 0644, NULL, &f->e), 0);
	layout_free(l);
	snprintf(host, sizeof(host), "%s/mdt/ROOT/%s", f->t.path, rel);
	assert_int_equal(stat(host, &st), 0);
	return st.st_ino;
}

#define CREATE(f, rel, ...) create(f, rel, (const char *const[]){ __VA_ARGS__, NULL })

static off_t size_of(const char *p)
{
	struct stat st;

	return stat(p, &st) ? -1 : st.st_size;
}

/* mkfs makes an empty, trusted index; a layout write appends one record
 * to the file of each OST it names, once per OST. */
static void test_append(void **state)
{
	struct fix *f = *state;
	struct ostindex_set set;
	uint32_t o2 = 2, both[] = { 0, 3 };
	uint64_t a, b;

	assert_int_equal(ostindex_open(f->t.s, &o2, 1, &set), 0);
	assert_int_equal(set.n, 0);
	ostindex_set_free(&set);
	a = CREATE(f, "a", "c", "2", "i", "2");
	b = CREATE(f, "b", "c", "4", "i", "0");
	assert_int_equal(size_of(ix(f, "OST0002")), 16);
	assert_int_equal(size_of(ix(f, "OST0001")), 8);
	assert_int_equal(ostindex_open(f->t.s, &o2, 1, &set), 0);
	assert_int_equal(set.n, 2);
	assert_true(ostindex_has(&set, a));
	assert_true(ostindex_has(&set, b));
	assert_false(ostindex_has(&set, a + b));
	ostindex_set_free(&set);
	/* Several OSTs: the union, each inode once. */
	assert_int_equal(ostindex_open(f->t.s, both, 2, &set), 0);
	assert_int_equal(set.n, 2);
	assert_true(set.ino[0] < set.ino[1]);
	ostindex_set_free(&set);
}

/* A torn last record is ignored; records straddling reads are whole. */
static void test_torn(void **state)
{
	struct fix *f = *state;
	struct ostindex_set set;
	uint32_t o1 = 1;
	uint64_t a = CREATE(f, "a", "c", "1", "i", "1");
	int fd = open(ix(f, "OST0001"), O_WRONLY | O_APPEND);

	assert_true(fd >= 0);
	for (int i = 0; i < 3000; i++)      /* 24000 bytes: several reads */
		assert_int_equal(write(fd, "\x07\0\0\0\0\0\0\0", 8), 8);
	assert_int_equal(write(fd, "\x09\0\0", 3), 3);
	close(fd);
	assert_int_equal(ostindex_open(f->t.s, &o1, 1, &set), 0);
	assert_int_equal(set.n, 2);
	assert_true(ostindex_has(&set, 7));
	assert_true(ostindex_has(&set, a));
	assert_false(ostindex_has(&set, 9));
	ostindex_set_free(&set);
}

/* No VERSION, no directory, or a run file of another boot: not trusted. */
static void test_trust(void **state)
{
	struct fix *f = *state;
	struct ostindex_set set;
	uint32_t o0 = 0;
	char run[256];
	FILE *fp;
	int fd;

	assert_int_equal(unlink(ix(f, "VERSION")), 0);
	assert_int_equal(ostindex_open(f->t.s, &o0, 1, &set), -ENOENT);
	fd = open(f->t.path, O_RDONLY | O_DIRECTORY);
	assert_int_equal(ostindex_create(fd), 0);
	close(fd);
	assert_int_equal(ostindex_open(f->t.s, &o0, 1, &set), 0);
	ostindex_set_free(&set);
	snprintf(run, sizeof(run), "%s/run/1.1", f->t.path);
	fp = fopen(run, "w");
	assert_non_null(fp);
	fputs("not-this-boot\n", fp);
	fclose(fp);
	assert_int_equal(ostindex_open(f->t.s, &o0, 1, &set), -ENOENT);
	/* A dead run file that never appended (empty) is harmless. */
	fp = fopen(run, "w");
	fclose(fp);
	assert_int_equal(ostindex_open(f->t.s, &o0, 1, &set), 0);
	ostindex_set_free(&set);
	unlink(run);
	/* No directory at all: no appends, no index. */
	testutil_rm_tree(ix(f, ""));
	CREATE(f, "a", "c", "1", "i", "0");
	assert_int_equal(access(ix(f, ""), F_OK), -1);
	assert_int_equal(ostindex_open(f->t.s, &o0, 1, &set), -ENOENT);
}

/* lfsck's rebuild: counts what was missing, drops stale entries and
 * repeats, writes 8 bytes per file per OST; a dry run writes nothing. */
static void test_rebuild(void **state)
{
	struct fix *f = *state;
	unsigned missing;
	bool had;

	CREATE(f, "a", "c", "2", "i", "0");
	CREATE(f, "b", "c", "1", "i", "1");
	CREATE(f, "gone", "c", "1", "i", "1");
	assert_int_equal(ns_unlink(f->t.s, "gone"), 0);
	assert_int_equal(truncate(ix(f, "OST0000"), 0), 0);
	assert_int_equal(ostindex_rebuild(f->t.s, true, &missing, &had), 0);
	assert_true(had);
	assert_int_equal(missing, 1);
	assert_int_equal(size_of(ix(f, "OST0000")), 0);
	assert_int_equal(ostindex_rebuild(f->t.s, false, &missing, &had), 0);
	assert_int_equal(missing, 1);
	assert_int_equal(size_of(ix(f, "OST0000")), 8);
	assert_int_equal(size_of(ix(f, "OST0001")), 16);   /* a, b: not gone */
	assert_int_equal(ostindex_rebuild(f->t.s, false, &missing, &had), 0);
	assert_int_equal(missing, 0);
	/* A store without an index: made, every entry counted. */
	testutil_rm_tree(ix(f, ""));
	assert_int_equal(ostindex_rebuild(f->t.s, true, &missing, &had), 0);
	assert_false(had);
	assert_int_equal(access(ix(f, ""), F_OK), -1);
	assert_int_equal(ostindex_rebuild(f->t.s, false, &missing, &had), 0);
	assert_false(had);
	assert_int_equal(missing, 3);
	assert_int_equal(size_of(ix(f, "VERSION")), 2);
}

/* ost add makes an empty file; ost remove's hook deletes it. */
static void test_ost_files(void **state)
{
	struct fix *f = *state;

	assert_int_equal(ostindex_ost_added(f->t.s, 9), 0);
	assert_int_equal(size_of(ix(f, "OST0009")), 0);
	ostindex_ost_removed(f->t.s, 9);
	assert_int_equal(size_of(ix(f, "OST0009")), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_append, setup, testutil_teardown),
		cmocka_unit_test_setup_teardown(test_torn, setup, testutil_teardown),
		cmocka_unit_test_setup_teardown(test_trust, setup, testutil_teardown),
		cmocka_unit_test_setup_teardown(test_rebuild, setup, testutil_teardown),
		cmocka_unit_test_setup_teardown(test_ost_files, setup, testutil_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
