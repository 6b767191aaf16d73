/* Unit tests for lib/df.c: the rows of a fresh store, OST states and
 * flags, pools, and the figures rising with a file's data. */
#include "testutil.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "df.h"
#include "inode.h"
#include "io.h"

#define OST_SIZE (1u << 20)

static int setup(void **state)
{
	return testutil_fixture_make(state, sizeof(struct testutil_store), "df",
				     3, OST_SIZE);
}

static void assert_figures(const struct lfs_df_figures *g, uint64_t total,
			   uint64_t used, uint64_t avail)
{
	assert_int_equal(g->total, total);
	assert_int_equal(g->used, used);
	assert_int_equal(g->avail, avail);
}

static void test_fresh(void **state)
{
	struct testutil_store *f = *state;
	const struct lfs_df_figures *mdt;
	struct lfs_df df;
	char mount[160];

	assert_int_equal(lfs_df(f->s, NULL, &df, NULL), 0);
	assert_int_equal(df.nr_rows, 4);
	assert_int_equal(df.rows[0].target, LFS_DF_MDT);
	assert_string_equal(df.rows[0].uuid, "lustre-MDT0000_UUID");
	snprintf(mount, sizeof(mount), "%s[MDT:0]", store_path(f->s));
	assert_string_equal(df.rows[0].mount, mount);
	assert_true(df.rows[0].bytes.total > 0);
	for (uint32_t i = 0; i < 3; i++) {
		const struct lfs_df_row *r = &df.rows[i + 1];

		assert_int_equal(r->target, LFS_DF_OST);
		assert_int_equal(r->index, i);
		assert_true(r->active);
		assert_int_equal(r->flags, 0);
		snprintf(mount, sizeof(mount), "lustre-OST%04x_UUID", i);
		assert_string_equal(r->uuid, mount);
		snprintf(mount, sizeof(mount), "%s[OST:%u]", store_path(f->s), i);
		assert_string_equal(r->mount, mount);
		assert_figures(&r->bytes, OST_SIZE, 0, OST_SIZE);
		assert_figures(&r->inodes, OST_SIZE / LFS_DF_BYTES_PER_INODE, 0,
			       OST_SIZE / LFS_DF_BYTES_PER_INODE);
	}
	assert_string_equal(df.summary.uuid, "filesystem_summary:");
	assert_string_equal(df.summary.mount, store_path(f->s));
	assert_figures(&df.summary.bytes, 3 * OST_SIZE, 0, 3 * OST_SIZE);
	/* Inodes: the MDT's, no more free than the OSTs' 48 objects left
	 * (mntdf()). */
	mdt = &df.rows[0].inodes;
	if (mdt->avail > 48)
		assert_figures(&df.summary.inodes, mdt->used + 48, mdt->used, 48);
	else
		assert_figures(&df.summary.inodes, mdt->total, mdt->used, mdt->avail);
	lfs_df_free(&df);
}

/* Flags follow the OST states; an inactive OST has a row but no figures,
 * and the summary leaves it out. */
static void test_states(void **state)
{
	struct testutil_store *f = *state;
	struct lfs_error e = { 0 };
	struct lfs_df df;

	assert_int_equal(store_ost_set(f->s, 0, OST_OP_DEACTIVATE, &e), 0);
	assert_int_equal(store_ost_set(f->s, 1, OST_OP_NOCREATE, &e), 0);
	assert_int_equal(store_ost_set(f->s, 2, OST_OP_DEGRADE, &e), 0);
	assert_int_equal(store_ost_set(f->s, 2, OST_OP_NOCREATE, &e), 0);
	assert_int_equal(lfs_df(f->s, NULL, &df, NULL), 0);
	assert_int_equal(df.nr_rows, 4);
	assert_false(df.rows[1].active);
	assert_string_equal(df.rows[1].uuid, "lustre-OST0000_UUID");
	assert_figures(&df.rows[1].bytes, 0, 0, 0);
	assert_int_equal(df.rows[2].flags, LFS_DF_NOCREATE);
	assert_int_equal(df.rows[3].flags, LFS_DF_DEGRADED | LFS_DF_NOCREATE);
	assert_figures(&df.summary.bytes, 2 * OST_SIZE, 0, 2 * OST_SIZE);
	lfs_df_free(&df);
}

static struct lfs_inode *create_on(struct testutil_store *f, const char *name,
				   const char *ost)
{
	struct lfs_layout_builder b;
	struct lfs_layout *l = NULL;
	struct lfs_inode *ino = NULL;
	struct lfs_error e = { 0 };

	layout_builder_init(&b);
	assert_int_equal(layout_builder_option(&b, 'c', "1", &e), 0);
	assert_int_equal(layout_builder_option(&b, 'i', ost, &e), 0);
	assert_int_equal(layout_builder_finish(&b, 3, &l, &e), 0);
	layout_builder_free(&b);
	assert_int_equal(inode_create(f->s, name, 0644, l, &ino, &e), 0);
	layout_free(l);
	return ino;
}

/* Used bytes and objects rise on the OST holding the data alone; an OST
 * with no byte left is flagged. */
static void test_used(void **state)
{
	struct testutil_store *f = *state;
	struct lfs_error e = { 0 };
	struct lfs_inode *ino = create_on(f, "f", "2");
	char *buf = calloc(1, OST_SIZE);
	uint64_t done = 0;
	struct lfs_df df;

	memset(buf, 'x', OST_SIZE);
	assert_int_equal(io_pwrite_all(ino, buf, 100 << 10, 0, &done, &e), 0);
	assert_int_equal(lfs_df(f->s, NULL, &df, NULL), 0);
	assert_true(df.rows[3].bytes.used >= 100 << 10);
	assert_int_equal(df.rows[3].bytes.avail, OST_SIZE - df.rows[3].bytes.used);
	assert_int_equal(df.rows[3].inodes.used, 1);
	assert_int_equal(df.rows[3].inodes.avail, 15);
	for (int i = 1; i < 3; i++) {
		assert_int_equal(df.rows[i].bytes.used, 0);
		assert_int_equal(df.rows[i].inodes.used, 0);
	}
	assert_int_equal(df.summary.bytes.used, df.rows[3].bytes.used);
	assert_int_equal(df.summary.inodes.used, df.rows[0].inodes.used);
	lfs_df_free(&df);
	inode_close(ino);

	ino = create_on(f, "full", "0");
	assert_int_equal(io_pwrite_all(ino, buf, OST_SIZE, 0, &done, &e), 0);
	inode_close(ino);
	free(buf);
	assert_int_equal(lfs_df(f->s, NULL, &df, NULL), 0);
	assert_int_equal(df.rows[1].bytes.avail, 0);
	assert_int_equal(df.rows[1].flags, LFS_DF_NOSPACE);
	lfs_df_free(&df);
}

static void test_pool(void **state)
{
	struct testutil_store *f = *state;
	struct lfs_error e = { 0 };
	const uint32_t one = 1;
	struct lfs_df df;

	assert_int_equal(store_pool_new(f->s, "flash", &e), 0);
	assert_int_equal(store_pool_add(f->s, "flash", &one, 1, &e), 0);
	assert_int_equal(lfs_df(f->s, "flash", &df, &e), 0);
	assert_int_equal(df.nr_rows, 2);
	assert_int_equal(df.rows[1].index, 1);
	assert_figures(&df.summary.bytes, OST_SIZE, 0, OST_SIZE);
	lfs_df_free(&df);
	assert_int_equal(lfs_df(f->s, "lustre.disk", &df, &e), -EINVAL);
	assert_string_equal(e.msg, "pool 'lustre.disk' does not exist");
}

/* The balance of a df built by hand: the MDT and an inactive OST do not
 * count; fills 10, 30, 50, 90 % -> mean 45 %, threshold 20 points. */
static void test_balance(void **state)
{
	struct lfs_df_row rows[6] = {
		{ .target = LFS_DF_MDT, .active = true, .bytes = { 100, 99, 1 } },
		{ .target = LFS_DF_OST, .active = true, .bytes = { 100, 10, 90 } },
		{ .target = LFS_DF_OST, .active = true, .bytes = { 100, 30, 70 },
		  .inodes = { 4, 4, 0 } },
		{ .target = LFS_DF_OST, .active = false, .bytes = { 0, 0, 0 } },
		{ .target = LFS_DF_OST, .active = true, .bytes = { 100, 50, 50 } },
		{ .target = LFS_DF_OST, .active = true, .bytes = { 100, 90, 10 } },
	};
	struct lfs_df df = { .nr_rows = 6, .rows = rows };
	struct lfs_df_balance b;
	const int off[6] = { 0, -1, 0, 0, 0, 1 };

	(void)state;
	assert_int_equal(lfs_df_balance(&df, false, 20, &b), 0);
	assert_int_equal(b.nr_counted, 4);
	assert_true(b.mean > 44.999 && b.mean < 45.001);
	for (int i = 0; i < 6; i++) {
		assert_int_equal(b.fills[i].counted, i && i != 3);
		assert_int_equal(b.fills[i].off, off[i]);
	}
	assert_true(b.fills[0].pct > 98.9);   /* computed, not counted */
	assert_true(b.fills[2].pct > 29.999 && b.fills[2].pct < 30.001);
	lfs_df_balance_free(&b);
	/* Exactly the threshold away (10 % at 35 points) is not flagged. */
	assert_int_equal(lfs_df_balance(&df, false, 35, &b), 0);
	assert_int_equal(b.fills[1].off, 0);
	assert_int_equal(b.fills[5].off, 1);
	lfs_df_balance_free(&b);
	assert_int_equal(lfs_df_balance(&df, false, 45, &b), 0);
	for (int i = 0; i < 6; i++)
		assert_int_equal(b.fills[i].off, 0);
	lfs_df_balance_free(&b);
	/* Inodes: only OST 1 has any, full; the others count as empty. */
	assert_int_equal(lfs_df_balance(&df, true, 10, &b), 0);
	assert_true(b.mean > 24.999 && b.mean < 25.001);
	assert_int_equal(b.fills[2].off, 1);
	assert_int_equal(b.fills[1].off, -1);
	lfs_df_balance_free(&b);
	/* No OST counts: mean 0, nothing flagged. */
	df.nr_rows = 1;
	assert_int_equal(lfs_df_balance(&df, false, 10, &b), 0);
	assert_int_equal(b.nr_counted, 0);
	assert_true(b.mean == 0);
	assert_int_equal(b.fills[0].off, 0);
	lfs_df_balance_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fresh, setup, testutil_teardown),
		cmocka_unit_test_setup_teardown(test_states, setup, testutil_teardown),
		cmocka_unit_test_setup_teardown(test_used, setup, testutil_teardown),
		cmocka_unit_test_setup_teardown(test_pool, setup, testutil_teardown),
		cmocka_unit_test(test_balance),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
