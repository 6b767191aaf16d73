/* Unit tests for lib/alloc.c: OST lists, start index, pools, capping,
 * degraded OSTs, PFL spreading, round-robin and QoS. */
#include "testutil.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "ost.h"
#include "store.h"

static int setup(void **state)
{
	if (testutil_fixture_make(state, sizeof(struct testutil_store), "alloc",
				  4, 0))
		return -1;
	alloc_seed(((struct testutil_store *)*state)->s, 1);
	return 0;
}

/* A one-component layout (or appended component) with these fields. */
static void add_comp(struct lfs_layout *l, int count, int offset,
		     const char *pool, const uint32_t *osts, uint32_t n,
		     uint64_t start, uint64_t end, bool over)
{
	struct lfs_component c;

	memset(&c, 0, sizeof(c));
	c.start = start;
	c.end = end;
	c.pattern = LFS_PATTERN_RAID0 | (over ? LFS_PATTERN_OVERSTRIPED : 0);
	c.stripe_size = 1 << 20;
	c.stripe_count = count;
	c.stripe_offset = offset;
	if (pool)
		strcpy(c.pool, pool);
	assert_int_equal(layout_add_component(l, &c), 0);
	if (n)
		assert_int_equal(layout_set_ost_list(&l->comps[l->nr_comps - 1],
						     osts, n), 0);
}

/* Allocate a plain component; returns rc, fills got[] with its OSTs. */
static int alloc1(struct testutil_store *f, int count, int offset, const char *pool,
		  const uint32_t *osts, uint32_t n, bool over, uint32_t *got,
		  uint32_t *nr, bool *capped, struct lfs_error *e)
{
	struct lfs_layout *l = layout_new();
	int rc;

	add_comp(l, count, offset, pool, osts, n, 0, LFS_EOF, over);
	lfs_error_clear(e);
	rc = alloc_component(f->s, l, 0, capped, e);
	if (!rc) {
		*nr = l->comps[0].nr_objects;
		assert_true(l->comps[0].flags & LFS_COMP_INIT);
		for (uint32_t i = 0; i < *nr; i++)
			got[i] = l->comps[0].objects[i].ost;
	}
	layout_free(l);
	return rc;
}

static void expect(struct testutil_store *f, int count, int offset, const char *pool,
		   const uint32_t *osts, uint32_t n, const uint32_t *want,
		   uint32_t nwant)
{
	uint32_t got[64], nr = 0;
	struct lfs_error e = { 0 };
	int rc = alloc1(f, count, offset, pool, osts, n, false, got, &nr, NULL, &e);

	if (rc)
		fail_msg("alloc: %d %s", rc, e.msg);
	assert_int_equal(nr, nwant);
	for (uint32_t i = 0; i < nr; i++)
		if (got[i] != want[i])
			fail_msg("stripe %u on OST %u, want %u", i, got[i], want[i]);
}

static void test_round_robin(void **state)
{
	struct testutil_store *f = *state;
	unsigned hits[4] = { 0 };
	uint32_t got[4], nr;
	struct lfs_error e;

	for (int i = 0; i < 40; i++) {
		assert_int_equal(alloc1(f, 1, -1, NULL, NULL, 0, false, got, &nr,
					NULL, &e), 0);
		assert_int_equal(nr, 1);
		hits[got[0]]++;
	}
	for (int i = 0; i < 4; i++)
		assert_int_equal(hits[i], 10);
	/* Two-stripe files: distinct OSTs, still even. */
	memset(hits, 0, sizeof(hits));
	for (int i = 0; i < 20; i++) {
		assert_int_equal(alloc1(f, 2, -1, NULL, NULL, 0, false, got, &nr,
					NULL, &e), 0);
		assert_int_equal(nr, 2);
		assert_int_not_equal(got[0], got[1]);
		hits[got[0]]++;
		hits[got[1]]++;
	}
	for (int i = 0; i < 4; i++)
		assert_int_equal(hits[i], 10);
}

static void test_object_ids_unique(void **state)
{
	struct testutil_store *f = *state;
	uint64_t seen[4][200];
	unsigned n[4] = { 0 };
	struct lfs_error e = { 0 };

	for (int i = 0; i < 150; i++) {
		struct lfs_layout *l = layout_new();

		add_comp(l, -1, -1, NULL, NULL, 0, 0, LFS_EOF, false);
		assert_int_equal(alloc_component(f->s, l, 0, NULL, &e), 0);
		assert_int_equal(l->comps[0].nr_objects, 4);
		for (uint32_t j = 0; j < 4; j++) {
			const struct lfs_object *o = &l->comps[0].objects[j];

			for (unsigned k = 0; k < n[o->ost]; k++)
				assert_true(seen[o->ost][k] != o->id);
			seen[o->ost][n[o->ost]++] = o->id;
		}
		layout_free(l);
	}
}

static void test_start_index(void **state)
{
	struct testutil_store *f = *state;
	struct lfs_error e = { 0 };

	expect(f, 1, 2, NULL, NULL, 0, (uint32_t[]){ 2 }, 1);
	expect(f, 2, 2, NULL, NULL, 0, (uint32_t[]){ 2, 3 }, 2);
	expect(f, 3, 3, NULL, NULL, 0, (uint32_t[]){ 3, 0, 1 }, 3);
	/* An unusable start is skipped to the next usable OST. */
	assert_int_equal(store_ost_set(f->s, 2, OST_OP_DEACTIVATE, &e), 0);
	expect(f, 1, 2, NULL, NULL, 0, (uint32_t[]){ 3 }, 1);
	expect(f, 2, 2, NULL, NULL, 0, (uint32_t[]){ 3, 0 }, 2);
	assert_int_equal(store_ost_set(f->s, 3, OST_OP_NOCREATE, &e), 0);
	expect(f, 1, 2, NULL, NULL, 0, (uint32_t[]){ 0 }, 1);
	expect(f, 1, 3, NULL, NULL, 0, (uint32_t[]){ 0 }, 1);
	/* One that does not exist. */
	uint32_t got[8], nr;
	assert_int_equal(alloc1(f, 1, 4, NULL, NULL, 0, false, got, &nr, NULL, &e),
			 -EINVAL);
	assert_string_equal(e.msg, "OST 4 does not exist (the filesystem has 4 OSTs)");
}

static void test_ost_list(void **state)
{
	struct testutil_store *f = *state;
	struct lfs_error e = { 0 };
	uint32_t got[8], nr;
	const uint32_t l13[] = { 1, 3 }, l123[] = { 1, 2, 3 }, l19[] = { 0, 9 };

	expect(f, 2, -1, NULL, l13, 2, l13, 2);
	/* -i picks where in the list to start. */
	expect(f, 3, 2, NULL, l123, 3, (uint32_t[]){ 2, 3, 1 }, 3);
	/* A repeated OST makes it overstriped. */
	struct lfs_layout *l = layout_new();
	add_comp(l, 2, -1, NULL, (uint32_t[]){ 0, 0 }, 2, 0, LFS_EOF, false);
	assert_int_equal(alloc_component(f->s, l, 0, NULL, &e), 0);
	assert_true(l->comps[0].pattern & LFS_PATTERN_OVERSTRIPED);
	assert_int_not_equal(l->comps[0].objects[0].id, l->comps[0].objects[1].id);
	layout_free(l);

	assert_int_equal(store_ost_set(f->s, 3, OST_OP_DEACTIVATE, &e), 0);
	assert_int_equal(alloc1(f, 2, -1, NULL, l13, 2, false, got, &nr, NULL, &e),
			 -EREMOTEIO);
	assert_string_equal(e.msg, "inactive OST 3 among your specified 2 OST(s)");
	assert_int_equal(store_ost_set(f->s, 3, OST_OP_ACTIVATE, &e), 0);
	assert_int_equal(store_ost_set(f->s, 1, OST_OP_NOCREATE, &e), 0);
	assert_int_equal(alloc1(f, 2, -1, NULL, l13, 2, false, got, &nr, NULL, &e),
			 -EREMOTEIO);
	assert_non_null(strstr(e.msg, "OST 1 "));
	assert_int_equal(alloc1(f, 2, -1, NULL, l19, 2, false, got, &nr, NULL, &e),
			 -ENODEV);
	assert_non_null(strstr(e.msg, "OST 9 does not exist"));
}

/* lod_qos.c: "If there are enough OSTs, a component with overstriping
 * requested will not actually end up overstriped": -C 3 on 4 OSTs is
 * raid0 on 3 distinct OSTs; -C 6 repeats and stays overstriped. */
static void test_overstripe_cleared(void **state)
{
	struct testutil_store *f = *state;
	struct lfs_error e = { 0 };
	struct lfs_layout *l = layout_new();
	const struct lfs_component *c;

	add_comp(l, 3, -1, NULL, NULL, 0, 0, LFS_EOF, true);
	assert_int_equal(alloc_component(f->s, l, 0, NULL, &e), 0);
	c = &l->comps[0];
	assert_int_equal(c->pattern, LFS_PATTERN_RAID0);
	assert_int_equal(c->nr_objects, 3);
	assert_true(c->objects[0].ost != c->objects[1].ost &&
		    c->objects[1].ost != c->objects[2].ost &&
		    c->objects[0].ost != c->objects[2].ost);
	layout_free(l);
	l = layout_new();
	add_comp(l, 6, -1, NULL, NULL, 0, 0, LFS_EOF, true);
	assert_int_equal(alloc_component(f->s, l, 0, NULL, &e), 0);
	assert_int_equal(l->comps[0].pattern,
			 LFS_PATTERN_RAID0 | LFS_PATTERN_OVERSTRIPED);
	assert_int_equal(l->comps[0].nr_objects, 6);
	layout_free(l);
}

static void test_pool(void **state)
{
	struct testutil_store *f = *state;
	struct lfs_error e = { 0 };
	uint32_t got[8], nr, p01[] = { 0, 1 };
	unsigned hits[4] = { 0 };

	assert_int_equal(store_pool_new(f->s, "flash", &e), 0);
	assert_int_equal(store_pool_add(f->s, "flash", p01, 2, &e), 0);
	for (int i = 0; i < 20; i++) {
		assert_int_equal(alloc1(f, 1, -1, "flash", NULL, 0, false, got, &nr,
					NULL, &e), 0);
		hits[got[0]]++;
	}
	assert_int_equal(hits[0], 10);
	assert_int_equal(hits[1], 10);
	assert_int_equal(hits[2] + hits[3], 0);
	/* -1: all OSTs of the pool. */
	assert_int_equal(alloc1(f, -1, -1, "flash", NULL, 0, false, got, &nr,
				NULL, &e), 0);
	assert_int_equal(nr, 2);
	expect(f, 1, 1, "flash", NULL, 0, (uint32_t[]){ 1 }, 1);
	assert_int_equal(alloc1(f, 1, 3, "flash", NULL, 0, false, got, &nr, NULL, &e),
			 -EINVAL);
	assert_string_equal(e.msg, "OST 3 is not in pool 'flash'");
	/* A pool that no longer exists (a layout made before pool destroy)
	 * holds nothing back: lod_qos.c places on all OSTs when
	 * lod_find_pool() finds none; -i 3 is not checked against it. */
	assert_int_equal(alloc1(f, -1, -1, "nope", NULL, 0, false, got, &nr, NULL, &e),
			 0);
	assert_int_equal(nr, 4);
	expect(f, 1, 3, "nope", NULL, 0, (uint32_t[]){ 3 }, 1);
	/* A pool with nothing usable. */
	assert_int_equal(store_ost_set(f->s, 0, OST_OP_DEACTIVATE, &e), 0);
	assert_int_equal(store_ost_set(f->s, 1, OST_OP_NOCREATE, &e), 0);
	assert_int_equal(alloc1(f, 1, -1, "flash", NULL, 0, false, got, &nr, NULL, &e),
			 -ENOSPC);
	assert_non_null(strstr(e.msg, "flash"));
}

static void test_capped(void **state)
{
	struct testutil_store *f = *state;
	struct lfs_error e = { 0 };
	uint32_t got[64], nr;
	bool capped = false;

	assert_int_equal(alloc1(f, 10, -1, NULL, NULL, 0, false, got, &nr, &capped,
				&e), 0);
	assert_int_equal(nr, 4);
	assert_true(capped);
	assert_int_equal(alloc1(f, 4, -1, NULL, NULL, 0, false, got, &nr, &capped,
				&e), 0);
	assert_false(capped);
	assert_int_equal(alloc1(f, -1, -1, NULL, NULL, 0, false, got, &nr, &capped,
				&e), 0);
	assert_int_equal(nr, 4);
	assert_false(capped);
	/* Overstriping is not capped and spreads within one per OST. */
	assert_int_equal(alloc1(f, 10, -1, NULL, NULL, 0, true, got, &nr, &capped,
				&e), 0);
	assert_int_equal(nr, 10);
	assert_false(capped);
	unsigned hits[4] = { 0 };
	for (uint32_t i = 0; i < nr; i++)
		hits[got[i]]++;
	for (int i = 0; i < 4; i++)
		assert_true(hits[i] == 2 || hits[i] == 3);
	/* Capped to the usable OSTs only. */
	assert_int_equal(store_ost_set(f->s, 0, OST_OP_DEACTIVATE, &e), 0);
	assert_int_equal(alloc1(f, 4, -1, NULL, NULL, 0, false, got, &nr, &capped,
				&e), 0);
	assert_int_equal(nr, 3);
	assert_true(capped);
	for (uint32_t i = 0; i < nr; i++)
		assert_int_not_equal(got[i], 0);
}

static void test_degraded(void **state)
{
	struct testutil_store *f = *state;
	struct lfs_error e = { 0 };
	uint32_t got[8], nr;

	for (uint32_t o = 0; o < 3; o++)
		assert_int_equal(store_ost_set(f->s, o, OST_OP_DEGRADE, &e), 0);
	for (int i = 0; i < 12; i++) {
		assert_int_equal(alloc1(f, 1, -1, NULL, NULL, 0, false, got, &nr,
					NULL, &e), 0);
		assert_int_equal(got[0], 3);
	}
	/* Needed: used. */
	assert_int_equal(alloc1(f, 3, -1, NULL, NULL, 0, false, got, &nr, NULL, &e), 0);
	assert_int_equal(nr, 3);
	assert_int_equal(got[0], 3);
	/* Also when QoS is choosing (unbalanced free space). */
	assert_int_equal(ost_usage_add(f->s, 3, 700ll << 20, 0), 0);
	for (int i = 0; i < 12; i++) {
		assert_int_equal(alloc1(f, 1, -1, NULL, NULL, 0, false, got, &nr,
					NULL, &e), 0);
		assert_int_equal(got[0], 3);
	}
}

static void test_pfl_spread(void **state)
{
	struct testutil_store *f = *state;
	struct lfs_error e = { 0 };

	for (int round = 0; round < 8; round++) {
		struct lfs_layout *l = layout_new();

		add_comp(l, 2, -1, NULL, NULL, 0, 0, 1 << 20, false);
		add_comp(l, 2, -1, NULL, NULL, 0, 1 << 20, LFS_EOF, false);
		assert_int_equal(alloc_component(f->s, l, 0, NULL, &e), 0);
		assert_int_equal(alloc_component(f->s, l, 1, NULL, &e), 0);
		for (int i = 0; i < 2; i++)
			for (int j = 0; j < 2; j++)
				assert_int_not_equal(l->comps[0].objects[i].ost,
						     l->comps[1].objects[j].ost);
		layout_free(l);
	}
	/* When nothing else is free, reuse is allowed. */
	struct lfs_layout *l = layout_new();
	add_comp(l, 3, -1, NULL, NULL, 0, 0, 1 << 20, false);
	add_comp(l, 3, -1, NULL, NULL, 0, 1 << 20, LFS_EOF, false);
	assert_int_equal(alloc_component(f->s, l, 0, NULL, &e), 0);
	assert_int_equal(alloc_component(f->s, l, 1, NULL, &e), 0);
	assert_int_equal(l->comps[1].nr_objects, 3);
	layout_free(l);
}

static void run_qos(struct testutil_store *f, unsigned seed, uint32_t *seq, int n)
{
	struct lfs_error e = { 0 };
	uint32_t got[4], nr;

	alloc_seed(f->s, seed);
	for (int i = 0; i < n; i++) {
		assert_int_equal(alloc1(f, 1, -1, NULL, NULL, 0, false, got, &nr,
					NULL, &e), 0);
		seq[i] = got[0];
	}
}

static void test_qos(void **state)
{
	struct testutil_store *f = *state;
	enum { N = 400 };
	uint32_t a[N], b[N];
	unsigned hits[4] = { 0 };

	/* OST 0 is 60% full, the others empty: beyond the 17% threshold. */
	assert_int_equal(ost_usage_add(f->s, 0, 600ll << 20, 0), 0);
	assert_int_equal(ost_usage_add(f->s, 1, 100ll << 20, 0), 0);
	run_qos(f, 7, a, N);
	run_qos(f, 7, b, N);
	assert_memory_equal(a, b, sizeof(a));     /* seeded: deterministic */
	for (int i = 0; i < N; i++)
		hits[a[i]]++;
	/* Weights ~ free space: 424M, 924M, 1024M, 1024M. */
	assert_true(hits[0] < N / 5);
	assert_true(hits[0] < hits[1]);
	assert_true(hits[1] < hits[2] + 20 && hits[1] < hits[3] + 20);
	assert_true(hits[2] > N / 5 && hits[3] > N / 5);
	/* Multi-stripe QoS files never repeat an OST. */
	struct lfs_error e = { 0 };
	uint32_t got[4], nr;
	for (int i = 0; i < 50; i++) {
		assert_int_equal(alloc1(f, 3, -1, NULL, NULL, 0, false, got, &nr,
					NULL, &e), 0);
		assert_true(got[0] != got[1] && got[1] != got[2] && got[0] != got[2]);
	}
	/* Balanced again (below the threshold): round-robin, even. */
	assert_int_equal(ost_usage_add(f->s, 0, -(600ll << 20), 0), 0);
	assert_int_equal(ost_usage_add(f->s, 1, -(100ll << 20), 0), 0);
	memset(hits, 0, sizeof(hits));
	run_qos(f, 9, a, 40);
	for (int i = 0; i < 40; i++)
		hits[a[i]]++;
	for (int i = 0; i < 4; i++)
		assert_int_equal(hits[i], 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_round_robin, setup, testutil_teardown),
		cmocka_unit_test_setup_teardown(test_object_ids_unique, setup, testutil_teardown),
		cmocka_unit_test_setup_teardown(test_start_index, setup, testutil_teardown),
		cmocka_unit_test_setup_teardown(test_ost_list, setup, testutil_teardown),
		cmocka_unit_test_setup_teardown(test_overstripe_cleared, setup, testutil_teardown),
		cmocka_unit_test_setup_teardown(test_pool, setup, testutil_teardown),
		cmocka_unit_test_setup_teardown(test_capped, setup, testutil_teardown),
		cmocka_unit_test_setup_teardown(test_degraded, setup, testutil_teardown),
		cmocka_unit_test_setup_teardown(test_pfl_spread, setup, testutil_teardown),
		cmocka_unit_test_setup_teardown(test_qos, setup, testutil_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
