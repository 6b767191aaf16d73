/* Unit tests for lib/io.c: striped reads and writes against an in-memory
 * model, PFL extents, truncate, sparse files, EFBIG and ENOSPC. */
#include "testutil.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "inode.h"
#include "io.h"
#include "ost.h"
#include "store.h"
#include "store_internal.h"

#define MODEL_MAX (12u << 20)
#define S64K      (64u << 10)

struct fix {
	struct testutil_store t;
	unsigned char *model;   /* expected file content */
	uint64_t size;          /* expected file size */
	unsigned seed;
};

static int mkstore(void **state, uint64_t ost_size, uint32_t osts)
{
	struct fix *f;

	if (testutil_fixture_make(state, sizeof(*f), "io", osts, ost_size))
		return -1;
	f = *state;
	f->model = calloc(1, MODEL_MAX);
	f->seed = 42;
	return 0;
}

static int setup(void **state) { return mkstore(state, 0, 4); }
static int setup_tiny(void **state) { return mkstore(state, 1u << 20, 1); }

static int teardown(void **state)
{
	struct fix *f = *state;

	free(f->model);
	return testutil_teardown(state);
}

static struct lfs_inode *create(struct fix *f, const char *name,
				const char *const *args)
{
	struct lfs_layout *l = testutil_layout(f->t.s->conf->ost_count, args);
	struct lfs_inode *ino = NULL;
	struct lfs_error e = { 0 };
	int rc = inode_create(f->t.s, name, 0644, l, &ino, &e);

	if (rc)
		fail_msg("inode_create: %d %s", rc, e.msg);
	layout_free(l);
	memset(f->model, 0, MODEL_MAX);
	f->size = 0;
	return ino;
}

static void check_all(struct fix *f, struct lfs_inode *ino)
{
	unsigned char *buf = malloc(MODEL_MAX);
	uint64_t sz = 0;
	ssize_t n;

	assert_int_equal(inode_size(ino, &sz), 0);
	assert_int_equal(sz, f->size);
	memset(buf, 0xee, MODEL_MAX);
	n = io_pread(ino, buf, MODEL_MAX, 0);
	assert_int_equal(n, f->size);
	for (uint64_t i = 0; i < f->size; i++)
		if (buf[i] != f->model[i])
			fail_msg("byte %llu: got %#x want %#x",
				 (unsigned long long)i, buf[i], f->model[i]);
	/* Reads at arbitrary offsets see the same bytes. */
	for (uint64_t off = 0; off < f->size; off += f->size / 7 + 1) {
		n = io_pread(ino, buf, 70000, off);
		uint64_t want = f->size - off < 70000 ? f->size - off : 70000;
		assert_int_equal(n, want);
		assert_memory_equal(buf, f->model + off, want);
	}
	assert_int_equal(io_pread(ino, buf, 10, f->size), 0);
	free(buf);
}

static void put(struct fix *f, struct lfs_inode *ino, uint64_t off,
		size_t len)
{
	unsigned char *buf = malloc(len);
	struct lfs_error e = { 0 };

	for (size_t i = 0; i < len; i++)
		buf[i] = (unsigned char)(rand_r(&f->seed) | 1);
	assert_int_equal(io_pwrite(ino, buf, len, off, &e), len);
	memcpy(f->model + off, buf, len);
	if (off + len > f->size)
		f->size = off + len;
	free(buf);
}

static void test_boundaries_plain(void **state)
{
	struct fix *f = *state;
	const char *args[] = { "c", "3", "S", "64k", NULL };
	struct lfs_inode *ino = create(f, "plain", args);
	const uint64_t S = S64K, C = 3;
	const uint64_t offs[] = { 0, 1, S - 1, S, S + 1, C * S - 1, C * S,
				  C * S + 1, 2 * C * S - 1, 2 * C * S + 1 };
	const size_t lens[] = { 1, 2, S - 1, S, S + 1, C * S + 3 };

	check_all(f, ino);
	for (size_t i = 0; i < sizeof(offs) / sizeof(offs[0]); i++)
		for (size_t j = 0; j < sizeof(lens) / sizeof(lens[0]); j++)
			put(f, ino, offs[i], lens[j]);
	check_all(f, ino);
	/* A fresh handle reads the same. */
	inode_close(ino);
	assert_int_equal(inode_open(f->t.s, "plain", INODE_READ, &ino, NULL), 0);
	check_all(f, ino);
	inode_close(ino);
}

static void test_pfl(void **state)
{
	struct fix *f = *state;
	const char *args[] = { "E", "1M", "c", "1", "E", "4M", "c", "2",
			       "E", "-1", "c", "4", NULL };
	struct lfs_inode *ino = create(f, "pfl", args);
	const uint64_t M = 1 << 20;

	assert_int_equal(ino->layout->nr_comps, 3);
	assert_true(ino->layout->comps[0].flags & LFS_COMP_INIT);
	assert_false(ino->layout->comps[1].flags & LFS_COMP_INIT);
	assert_false(ino->layout->comps[2].flags & LFS_COMP_INIT);
	put(f, ino, 0, 1);
	put(f, ino, M - 1, 2);             /* straddles the first extent end */
	assert_true(ino->layout->comps[1].flags & LFS_COMP_INIT);
	assert_false(ino->layout->comps[2].flags & LFS_COMP_INIT);
	check_all(f, ino);
	put(f, ino, 4 * M - 1, 1);
	assert_false(ino->layout->comps[2].flags & LFS_COMP_INIT);
	put(f, ino, 4 * M, 1);
	assert_true(ino->layout->comps[2].flags & LFS_COMP_INIT);
	assert_int_equal(ino->layout->comps[2].nr_objects, 4);
	put(f, ino, M + 1, 3 * M + 5 * S64K);  /* across two extent ends */
	put(f, ino, 4 * M + 4 * M - 1, 2);     /* component stripe rows */
	put(f, ino, 3 * M - 7, 2 * M + 77);
	check_all(f, ino);
	inode_close(ino);
}

static void test_truncate(void **state)
{
	struct fix *f = *state;
	const char *args[] = { "c", "4", "S", "64k", NULL };
	struct lfs_inode *ino = create(f, "t", args);
	struct lfs_error e = { 0 };

	put(f, ino, 0, 1000000);
	check_all(f, ino);
	/* Down, at a stripe boundary and off one. */
	for (uint64_t sz = 900001; sz > 0; sz = sz > 3 * S64K + 11 ? sz - 3 * S64K - 11 : 0) {
		assert_int_equal(io_truncate(ino, sz, &e), 0);
		memset(f->model + sz, 0, f->size - sz);
		f->size = sz;
		check_all(f, ino);
	}
	assert_int_equal(io_truncate(ino, 0, &e), 0);
	memset(f->model, 0, f->size);
	f->size = 0;
	check_all(f, ino);
	/* Up: zeros. */
	put(f, ino, 0, 100);
	assert_int_equal(io_truncate(ino, 5 * S64K + 3, &e), 0);
	f->size = 5 * S64K + 3;
	check_all(f, ino);
	/* Down to the middle of the written bytes, then up again: the cut
	 * bytes must come back as zeros, not as old data. */
	assert_int_equal(io_truncate(ino, 50, &e), 0);
	assert_int_equal(io_truncate(ino, 200, &e), 0);
	memset(f->model + 50, 0, 150);
	f->size = 200;
	check_all(f, ino);
	/* Truncate up into an uninstantiated PFL component. */
	inode_close(ino);
	const char *pfl[] = { "E", "1M", "c", "1", "E", "-1", "c", "2", NULL };
	ino = create(f, "tp", pfl);
	int trc = io_truncate(ino, 3 << 20, &e);
	if (trc)
		fail_msg("truncate: %d %s", trc, e.msg);
	f->size = 3 << 20;
	check_all(f, ino);
	put(f, ino, (3 << 20) - 5, 10);
	check_all(f, ino);
	inode_close(ino);
}

static void test_sparse(void **state)
{
	struct fix *f = *state;
	const char *args[] = { "c", "4", "S", "64k", NULL };
	struct lfs_inode *ino = create(f, "sp", args);
	struct lfs_error e = { 0 };
	uint64_t st = 0, en = 0, at = 5000000, at2 = 9000000;

	assert_int_equal(io_next_data(ino, 0, &st, &en), -ENXIO);
	put(f, ino, at, 1);
	put(f, ino, at2, 3);
	assert_int_equal(io_truncate(ino, 11000000, &e), 0);
	f->size = 11000000;
	check_all(f, ino);   /* holes read as zeros */
	/* The first data is the block around `at`, nothing before it. */
	assert_int_equal(io_next_data(ino, 0, &st, &en), 0);
	assert_true(st <= at && at < en);
	assert_true(at - st < 65536 && en - at <= 65536);
	assert_int_equal(io_next_data(ino, en, &st, &en), 0);
	assert_true(st <= at2 && at2 + 3 <= en);
	assert_true(at2 - st < 65536);
	assert_int_equal(io_next_data(ino, en, &st, &en), -ENXIO);
	/* Objects stay sparse: far less than the file size is allocated. */
	struct lfs_ost_usage u;
	uint64_t used = 0;
	for (uint32_t o = 0; o < 4; o++) {
		assert_int_equal(ost_usage_get(f->t.s, o, &u), 0);
		used += u.used;
	}
	assert_true(used <= 4 * 65536);
	inode_close(ino);
}

/* Data far apart in each stripe, in no order: the ranges come in file
 * order, each holds written bytes, and none is missed (a whole round of
 * empty stripe units makes io_next_data ask each object instead). */
static void test_next_data_far(void **state)
{
	struct fix *f = *state;
	const char *args[] = { "c", "4", "S", "64k", NULL };
	struct lfs_inode *ino = create(f, "far", args);
	struct lfs_error e = { 0 };
	const uint64_t at[] = { 11 * S64K + 9, 3 * S64K + 10, 161 * S64K,
				40 * S64K + 7, 41 * S64K + 5, 120 * S64K + 3 };
	const size_t n = sizeof(at) / sizeof(at[0]);
	uint64_t st, en = 0, prev = 0;
	bool seen[6] = { false };

	for (size_t i = 0; i < n; i++)
		put(f, ino, at[i], 1);
	assert_int_equal(io_truncate(ino, 200 * S64K, &e), 0);
	while (io_next_data(ino, en, &st, &en) == 0) {
		bool any = false;

		assert_true(st >= prev && st < en);
		for (size_t i = 0; i < n; i++)
			if (at[i] >= st && at[i] < en)
				seen[i] = any = true;
		assert_true(any);
		prev = en;
	}
	for (size_t i = 0; i < n; i++)
		assert_true(seen[i]);
	inode_close(ino);
}

static void test_efbig(void **state)
{
	struct fix *f = *state;
	const char *args[] = { "E", "1M", "c", "1", "E", "2M", "c", "2", NULL };
	struct lfs_inode *ino = create(f, "fb", args);
	struct lfs_error e = { 0 };
	char b[16] = "0123456789abcdef";
	const uint64_t M = 1 << 20;

	put(f, ino, 2 * M - 1, 1);      /* last byte of the layout */
	assert_int_equal(io_pwrite(ino, b, 1, 2 * M, &e), -EFBIG);
	assert_non_null(strstr(e.msg, "beyond the end"));
	lfs_error_clear(&e);
	/* Straddling the end: what fits is written (a short write), then
	 * the rest is refused, as at RLIMIT_FSIZE. */
	assert_int_equal(io_pwrite(ino, b, 4, 2 * M - 2, &e), 2);
	memcpy(f->model + 2 * M - 2, b, 2);
	assert_int_equal(io_pwrite(ino, b + 2, 2, 2 * M, &e), -EFBIG);
	lfs_error_clear(&e);
	assert_int_equal(io_pwrite(ino, b, 1, 100 * M, &e), -EFBIG);
	lfs_error_clear(&e);
	assert_int_equal(io_truncate(ino, 2 * M + 1, &e), -EFBIG);
	check_all(f, ino);       /* nothing else changed */
	inode_close(ino);
}

static void test_enospc(void **state)
{
	struct fix *f = *state;
	const char *args[] = { "c", "1", NULL };
	struct lfs_inode *ino = create(f, "full", args);
	struct lfs_error e = { 0 };
	size_t len = 3u << 20;
	unsigned char *buf = malloc(len);
	ssize_t n;

	for (size_t i = 0; i < len; i++)
		buf[i] = (unsigned char)(i * 7 + 1);
	n = io_pwrite(ino, buf, len, 0, &e);
	assert_true(n > 0);
	assert_true((size_t)n < len);
	memcpy(f->model, buf, (size_t)n);
	f->size = (uint64_t)n;
	lfs_error_clear(&e);
	assert_int_equal(io_pwrite(ino, buf + n, len - (size_t)n, (uint64_t)n, &e),
			 -ENOSPC);
	check_all(f, ino);          /* earlier data stays readable */
	/* Overwriting allocated bytes needs no new space. */
	lfs_error_clear(&e);
	assert_int_equal(io_pwrite(ino, "zz", 2, 10, &e), 2);
	memcpy(f->model + 10, "zz", 2);
	check_all(f, ino);
	/* Truncating down gives the space back. */
	struct lfs_ost_usage u;
	assert_int_equal(io_truncate(ino, 4096, &e), 0);
	f->size = 4096;
	assert_int_equal(ost_usage_get(f->t.s, 0, &u), 0);
	assert_true(u.used <= 8192);
	assert_int_equal(io_pwrite(ino, buf, 65536, 4096, &e), 65536);
	memcpy(f->model + 4096, buf, 65536);
	f->size = 4096 + 65536;
	check_all(f, ino);
	free(buf);
	inode_close(ino);
}

/* An append that does not fit writes what fits: the blocks the file
 * already has are not charged again. */
static void test_enospc_partial_block(void **state)
{
	struct fix *f = *state;
	const char *args[] = { "c", "1", NULL };
	struct lfs_inode *ino = create(f, "part", args);
	struct lfs_error e = { 0 };
	size_t len = 3u << 20;
	unsigned char *buf = malloc(len);
	ssize_t n;

	for (size_t i = 0; i < len; i++)
		buf[i] = (unsigned char)(i * 13 + 5);
	put(f, ino, 0, 500000);
	n = io_pwrite(ino, buf, len, 500000, &e);
	assert_int_equal(n, (1 << 20) - 500000);
	memcpy(f->model + 500000, buf, (size_t)n);
	f->size = 1 << 20;
	check_all(f, ino);
	assert_int_equal(io_pwrite(ino, buf, 1, 1 << 20, &e), -ENOSPC);
	/* Overwriting inside the allocated blocks still works when full. */
	assert_int_equal(io_pwrite(ino, buf, 4096, 8192, &e), 4096);
	memcpy(f->model + 8192, buf, 4096);
	check_all(f, ino);
	free(buf);
	inode_close(ino);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_boundaries_plain, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pfl, setup, teardown),
		cmocka_unit_test_setup_teardown(test_truncate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sparse, setup, teardown),
		cmocka_unit_test_setup_teardown(test_next_data_far, setup, teardown),
		cmocka_unit_test_setup_teardown(test_efbig, setup, teardown),
		cmocka_unit_test_setup_teardown(test_enospc, setup_tiny, teardown),
		cmocka_unit_test_setup_teardown(test_enospc_partial_block, setup_tiny, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
