/* Unit tests for the layout model, its rules and the RAID0 mapping. */
#include "testutil.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"

#define KiB (1ULL << 10)
#define MiB (1ULL << 20)

static struct lfs_component comp(uint64_t start, uint64_t end, uint64_t s,
				 int32_t count)
{
	struct lfs_component c;

	memset(&c, 0, sizeof(c));
	c.start = start;
	c.end = end;
	c.pattern = LFS_PATTERN_RAID0;
	c.stripe_size = s;
	c.stripe_count = count;
	c.stripe_offset = -1;
	return c;
}

/* A plain layout: one [0, EOF) component, 1 MiB x count. */
static struct lfs_layout *plain(int32_t count)
{
	struct lfs_layout *l = layout_new();
	struct lfs_component c = comp(0, LFS_EOF, MiB, count);

	assert_non_null(l);
	assert_int_equal(layout_add_component(l, &c), 0);
	return l;
}

/* [0,1M) 1x1M | [1M,5M) 2x1M | [5M,EOF) 4x4M */
static struct lfs_layout *pfl(void)
{
	struct lfs_layout *l = layout_new();
	struct lfs_component c[3] = {
		comp(0, MiB, MiB, 1),
		comp(MiB, 5 * MiB, MiB, 2),
		comp(5 * MiB, LFS_EOF, 4 * MiB, 4),
	};
	int i;

	assert_non_null(l);
	l->composite = true;
	for (i = 0; i < 3; i++)
		assert_int_equal(layout_add_component(l, &c[i]), 0);
	return l;
}

/* ---- model ---- */

static void test_add_del_ids(void **state)
{
	struct lfs_layout *l = pfl();

	(void)state;
	assert_int_equal(l->nr_comps, 3);
	assert_int_equal(l->comps[0].id, 1);
	assert_int_equal(l->comps[1].id, 2);
	assert_int_equal(l->comps[2].id, 3);
	assert_int_equal(layout_del_component(l, 2), 0);
	assert_int_equal(l->nr_comps, 2);
	assert_int_equal(l->comps[1].id, 3);
	assert_int_equal(layout_del_component(l, 2), -ENOENT);
	/* A new id never reuses a live one. */
	struct lfs_component c = comp(0, MiB, MiB, 1);
	assert_int_equal(layout_add_component(l, &c), 0);
	assert_int_equal(l->comps[2].id, 4);
	c.id = 9;
	assert_int_equal(layout_add_component(l, &c), 0);
	assert_int_equal(l->comps[3].id, 9);
	assert_int_equal(layout_del_component(l, 1), 0);
	assert_int_equal(layout_del_component(l, 3), 0);
	assert_int_equal(layout_del_component(l, 4), 0);
	assert_int_equal(layout_del_component(l, 9), 0);
	assert_int_equal(l->nr_comps, 0);
	layout_free(l);
	layout_free(NULL);
}

static void test_component_limit(void **state)
{
	struct lfs_layout *l = layout_new();
	struct lfs_component c = comp(0, MiB, MiB, 1);
	int i;

	(void)state;
	for (i = 0; i < LFS_MAX_COMPONENTS; i++)
		assert_int_equal(layout_add_component(l, &c), 0);
	assert_int_equal(layout_add_component(l, &c), -EINVAL);
	assert_int_equal(layout_add_component(NULL, &c), -EINVAL);
	layout_free(l);
}

static void test_objects_and_osts(void **state)
{
	struct lfs_layout *l = plain(2);
	struct lfs_object objs[2] = { { 3, 100 }, { 1, 200 } };
	uint32_t osts[2] = { 3, 1 };
	struct lfs_component *c = &l->comps[0];

	(void)state;
	assert_false(c->flags & LFS_COMP_INIT);
	assert_int_equal(layout_set_objects(c, objs, 0), -EINVAL);
	assert_int_equal(layout_set_objects(c, objs, 2), 0);
	assert_true(c->flags & LFS_COMP_INIT);
	objs[0].id = 999;               /* copied, not referenced */
	assert_int_equal(c->objects[0].id, 100);
	assert_int_equal(layout_set_ost_list(c, osts, 2), 0);
	osts[0] = 7;
	assert_int_equal(c->osts[0], 3);
	assert_int_equal(c->nr_osts, 2);
	assert_int_equal(layout_set_ost_list(c, NULL, 0), 0);
	assert_null(c->osts);
	assert_int_equal(c->nr_osts, 0);
	assert_int_equal(layout_set_ost_list(c, NULL, 2), -EINVAL);
	layout_free(l);
}

static void test_dup_equal(void **state)
{
	struct lfs_layout *a = pfl(), *b;
	struct lfs_object objs[1] = { { 0, 5 } };
	uint32_t osts[1] = { 0 };

	(void)state;
	assert_int_equal(layout_set_objects(&a->comps[0], objs, 1), 0);
	assert_int_equal(layout_set_ost_list(&a->comps[0], osts, 1), 0);
	strcpy(a->comps[1].pool, "flash");
	a->gen = 7;
	b = layout_dup(a);
	assert_non_null(b);
	assert_true(layout_equal(a, b));
	assert_ptr_not_equal(a->comps[0].objects, b->comps[0].objects);

	/* Every field takes part in equality. */
#define DIFFERS(stmt) do { stmt; assert_false(layout_equal(a, b)); \
		layout_free(b); b = layout_dup(a); \
		assert_true(layout_equal(a, b)); } while (0)
	DIFFERS(b->gen++);
	DIFFERS(b->composite = false);
	DIFFERS(b->comps[1].id++);
	DIFFERS(b->comps[1].flags ^= 1);
	DIFFERS(b->comps[1].start++);
	DIFFERS(b->comps[1].end++);
	DIFFERS(b->comps[1].pattern |= LFS_PATTERN_OVERSTRIPED);
	DIFFERS(b->comps[1].stripe_size *= 2);
	DIFFERS(b->comps[1].stripe_count++);
	DIFFERS(b->comps[1].stripe_offset++);
	DIFFERS(b->comps[1].pool[0] = 'F');
	DIFFERS(b->comps[0].osts[0] = 1);
	DIFFERS(b->comps[0].objects[0].ost = 1);
	DIFFERS(b->comps[0].objects[0].id++);
	DIFFERS(layout_del_component(b, 3));
	DIFFERS(b->comps[0].nr_objects = 0);
	DIFFERS(b->comps[0].nr_osts = 0);
#undef DIFFERS
	assert_false(layout_equal(a, NULL));
	assert_true(layout_equal(NULL, NULL));
	layout_free(a);
	layout_free(b);
}

/* ---- rules ---- */

static void expect_invalid(struct lfs_layout *l, uint32_t ost_count,
			   const char *msg)
{
	struct lfs_error e;

	lfs_error_clear(&e);
	assert_int_equal(layout_validate(l, ost_count, &e), -EINVAL);
	assert_string_equal(e.msg, msg);
	layout_free(l);
}

static void expect_valid(struct lfs_layout *l, uint32_t ost_count)
{
	struct lfs_error e;

	lfs_error_clear(&e);
	assert_int_equal(layout_validate(l, ost_count, &e), 0);
	assert_string_equal(e.msg, "");
	layout_free(l);
}

static void test_validate_stripe_fields(void **state)
{
	struct lfs_layout *l;

	(void)state;
	expect_valid(plain(1), 4);
	expect_valid(pfl(), 0);
	l = plain(1); l->comps[0].stripe_size = 0; expect_valid(l, 0);
	l = plain(1); l->comps[0].stripe_size = 4 * 1024 * MiB - 64 * KiB;
	expect_valid(l, 0);

	l = plain(1); l->comps[0].stripe_size = 96 * KiB;
	expect_invalid(l, 0, "bad stripe_size 98304, must be an even multiple of 65536 bytes");
	l = plain(1); l->comps[0].stripe_size = 4 * 1024 * MiB;
	expect_invalid(l, 0, "stripe size '4294967296' over 4GB limit");
	l = plain(1); l->comps[0].stripe_count = 2001;
	expect_invalid(l, 0, "bad stripe count 2001");
	l = plain(1); l->comps[0].stripe_count = -2;
	expect_invalid(l, 0, "bad stripe count -2");
	l = plain(-1); expect_valid(l, 0);
	l = plain(2000); expect_valid(l, 0);
	l = plain(1); l->comps[0].stripe_offset = 65533;
	expect_invalid(l, 0, "bad stripe offset 65533");
	l = plain(1); l->comps[0].stripe_offset = -2;
	expect_invalid(l, 0, "bad stripe offset -2");
	l = plain(1); l->comps[0].stripe_offset = 65532; expect_valid(l, 0);
	l = plain(1); l->comps[0].stripe_offset = 4;
	expect_invalid(l, 4, "OST 4 does not exist");
	l = plain(1); l->comps[0].stripe_offset = 3; expect_valid(l, 4);
	l = plain(1); l->comps[0].pattern = 0;
	expect_invalid(l, 0, "invalid stripe pattern 0");
	l = plain(1); strcpy(l->comps[0].pool, "ignore");
	expect_invalid(l, 0, "invalid pool name 'ignore'");
}

static void set_osts(struct lfs_layout *l, const uint32_t *osts, uint32_t n)
{
	assert_int_equal(layout_set_ost_list(&l->comps[0], osts, n), 0);
}

static void test_validate_ost_list(void **state)
{
	static const uint32_t three[] = { 1, 2, 3 };
	static const uint32_t dup[] = { 0, 1, 1, 0 };
	struct lfs_layout *l;

	(void)state;
	l = plain(3); set_osts(l, three, 3); l->comps[0].stripe_offset = 1;
	expect_valid(l, 4);
	l = plain(2); set_osts(l, three, 3);
	expect_invalid(l, 0, "stripe_count(2) != nr_tgts(3)");
	l = plain(-1); set_osts(l, three, 3); expect_valid(l, 0);
	l = plain(0); set_osts(l, three, 3); expect_valid(l, 0);
	l = plain(3); set_osts(l, three, 3); l->comps[0].stripe_offset = 0;
	expect_invalid(l, 0, "Invalid stripe offset '0', not in the target list");
	l = plain(3); set_osts(l, three, 3);
	{       /* a listed OST the filesystem lacks: ENODEV
		 * (docs/DESIGN.md section 4) */
		struct lfs_error e;

		lfs_error_clear(&e);
		assert_int_equal(layout_validate(l, 3, &e), -ENODEV);
		assert_string_equal(e.msg, "OST 3 does not exist");
		layout_free(l);
	}
	l = plain(4); set_osts(l, dup, 4);
	expect_invalid(l, 0, "OST 1 is listed twice without overstriping");
	l = plain(4); set_osts(l, dup, 4);
	l->comps[0].pattern |= LFS_PATTERN_OVERSTRIPED;
	expect_valid(l, 2);
}

static void test_validate_extents(void **state)
{
	struct lfs_layout *l;
	struct lfs_object o = { 5, 1 };

	(void)state;
	l = pfl(); l->comps[0].start = 64 * KiB;
	expect_invalid(l, 0, "The first component must start at 0");
	l = pfl(); l->comps[1].start = 2 * MiB;
	expect_invalid(l, 0, "Components not adjacent (end != next->start)");
	l = pfl(); l->comps[1].end = MiB;
	expect_invalid(l, 0, "Component end is before end of previous component");
	l = pfl(); l->comps[0].end = 0; l->comps[1].start = 0;
	expect_invalid(l, 0, "Component start is > end");
	l = pfl(); l->comps[1].end = 5 * MiB + 4096; l->comps[2].start = l->comps[1].end;
	l->comps[1].stripe_size = 0;
	expect_invalid(l, 0, "Component end 5246976 is not a multiple of min size 65536");
	/* 3M with a 2M stripe: Lustre's LSE_ALIGN_END. */
	l = pfl(); l->comps[1].stripe_size = 2 * MiB;
	l->comps[1].end = 3 * MiB; l->comps[2].start = 3 * MiB;
	expect_invalid(l, 0, "The component end must be aligned by the stripe size");
	/* Unset stripe size: nothing to align with. */
	l = pfl(); l->comps[1].stripe_size = 0;
	l->comps[1].end = 3 * MiB; l->comps[2].start = 3 * MiB;
	expect_valid(l, 0);
	/* The last component may end before EOF. */
	l = pfl(); l->comps[2].end = 64 * MiB; expect_valid(l, 0);
	l = pfl(); l->comps[2].id = 1;
	expect_invalid(l, 0, "duplicate component id 1");
	l = plain(1); l->composite = false; l->comps[0].end = MiB;
	expect_invalid(l, 0, "a plain layout has one component [0, EOF)");
	l = layout_new();
	expect_invalid(l, 0, "layout has no components");
	l = plain(1);
	assert_int_equal(layout_set_objects(&l->comps[0], &o, 1), 0);
	expect_invalid(l, 4, "OST 5 does not exist");
	l = plain(1); l->comps[0].flags |= LFS_COMP_INIT;
	expect_invalid(l, 0, "component 1: 0 objects do not match its flags 0x10");
	assert_int_equal(layout_validate(NULL, 0, NULL), -EINVAL);
}

static void test_validate_max_components(void **state)
{
	struct lfs_layout *l = layout_new();
	struct lfs_error e;
	int i;

	(void)state;
	l->composite = true;
	for (i = 0; i < LFS_MAX_COMPONENTS; i++) {
		struct lfs_component c = comp(i * MiB, (i + 1) * MiB, MiB, 1);

		assert_int_equal(layout_add_component(l, &c), 0);
	}
	assert_int_equal(layout_validate(l, 0, &e), 0);
	l->nr_comps++;          /* only reachable by hand: the model stops at 64 */
	assert_int_equal(layout_validate(l, 0, &e), -EINVAL);
	assert_string_equal(e.msg, "too many components (65, max is 64)");
	l->nr_comps--;
	layout_free(l);
}

static void test_pool_name(void **state)
{
	char out[LFS_POOL_NAME_MAX + 1];
	struct lfs_error e;

	(void)state;
	assert_int_equal(layout_pool_name("flash", out, &e), 0);
	assert_string_equal(out, "flash");
	assert_int_equal(layout_pool_name("lustre.flash", out, &e), 0);
	assert_string_equal(out, "flash");
	assert_int_equal(layout_pool_name("none", out, &e), 0);
	assert_string_equal(out, "");
	assert_int_equal(layout_pool_name("lustre.none", out, &e), 0);
	assert_string_equal(out, "");
	assert_int_equal(layout_pool_name("", out, &e), 0);
	assert_string_equal(out, "");
	assert_int_equal(layout_pool_name("fifteen_chars_x", out, &e), 0);
	assert_string_equal(out, "fifteen_chars_x");
	strcpy(out, "keep");
	lfs_error_clear(&e);
	assert_int_equal(layout_pool_name("sixteen_chars_xx", out, &e), -EINVAL);
	assert_string_equal(e.msg,
			    "pool name 'sixteen_chars_xx' is too long (max is 15 characters)");
	assert_int_equal(layout_pool_name("ignore", out, &e), -EINVAL);
	assert_string_equal(e.msg, "pool name 'ignore' is reserved");
	assert_int_equal(layout_pool_name("fs.inherit", out, &e), -EINVAL);
	assert_string_equal(e.msg, "pool name 'inherit' is reserved");
	assert_string_equal(out, "keep");
}

static void test_ost_list_parse(void **state)
{
	static const char *bad[] = {
		"", "1,", ",1", "1,,2", "4-2", "a", "1-", "-1", "1 ,2", "65533",
		"0-2000", "[]", "[1", "1]", "1-2-3", "1;2",
	};
	uint32_t *osts = NULL, n = 0;
	struct lfs_error e;
	size_t i;

	(void)state;
	assert_int_equal(layout_parse_ost_list("1,2-4,7", &osts, &n, &e), 0);
	assert_int_equal(n, 5);
	assert_int_equal(osts[0], 1);
	assert_int_equal(osts[1], 2);
	assert_int_equal(osts[2], 3);
	assert_int_equal(osts[3], 4);
	assert_int_equal(osts[4], 7);
	/* Repeated -o adds up, duplicates included. */
	assert_int_equal(layout_parse_ost_list("[7,0]", &osts, &n, &e), 0);
	assert_int_equal(n, 7);
	assert_int_equal(osts[5], 7);
	assert_int_equal(osts[6], 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		lfs_error_clear(&e);
		assert_int_equal(layout_parse_ost_list(bad[i], &osts, &n, &e),
				 -EINVAL);
		assert_int_equal(n, 7);         /* unchanged on error */
		assert_int_equal(strncmp(e.msg, "invalid OST target(s) '", 23), 0);
	}
	/* The total is bounded by the stripe count limit. */
	assert_int_equal(layout_parse_ost_list("0-1992", &osts, &n, &e), 0);
	assert_int_equal(n, 2000);
	assert_int_equal(layout_parse_ost_list("5", &osts, &n, &e), -EINVAL);
	free(osts);
	osts = NULL;
	n = 0;
	assert_int_equal(layout_parse_ost_list("65532", &osts, &n, &e), 0);
	assert_int_equal(osts[0], 65532);
	free(osts);
}

/* ---- mapping ---- */

static void expect_map(const struct lfs_component *c, uint64_t off,
		       uint32_t stripe, uint64_t obj_off)
{
	uint32_t s = 99;
	uint64_t o = 99;

	layout_map(c, off, &s, &o);
	assert_int_equal(s, stripe);
	assert_int_equal(o, obj_off);
	assert_int_equal(layout_file_offset(c, s, o), off);
}

static void test_map_boundaries(void **state)
{
	const uint64_t S = MiB, C = 3;
	struct lfs_component c = comp(0, LFS_EOF, S, (int32_t)C);

	(void)state;
	expect_map(&c, 0, 0, 0);
	expect_map(&c, 1, 0, 1);
	expect_map(&c, S - 1, 0, S - 1);
	expect_map(&c, S, 1, 0);
	expect_map(&c, S + 1, 1, 1);
	expect_map(&c, 2 * S, 2, 0);
	expect_map(&c, C * S - 1, 2, S - 1);
	expect_map(&c, C * S, 0, S);
	expect_map(&c, C * S + 1, 0, S + 1);
	expect_map(&c, 2 * C * S + S + 7, 1, 2 * S + 7);
	/* Objects, once there, decide the width over the requested count. */
	struct lfs_object objs[2] = { { 0, 1 }, { 1, 2 } };
	assert_int_equal(layout_set_objects(&c, objs, 2), 0);
	expect_map(&c, 2 * S, 0, S);
	free(c.objects);
	/* An unset size maps with the default and a default count as 1. */
	c = comp(0, LFS_EOF, 0, 0);
	expect_map(&c, LFS_DEFAULT_STRIPE_SIZE + 5, 0,
		   LFS_DEFAULT_STRIPE_SIZE + 5);
}

static void test_map_pfl(void **state)
{
	struct lfs_layout *l = pfl();
	const struct lfs_component *c;

	(void)state;
	assert_int_equal(layout_component_index_at(l, 0), 0);
	assert_int_equal(layout_component_index_at(l, MiB - 1), 0);
	assert_int_equal(layout_component_index_at(l, MiB), 1);
	assert_int_equal(layout_component_index_at(l, 5 * MiB - 1), 1);
	assert_int_equal(layout_component_index_at(l, 5 * MiB), 2);
	assert_int_equal(layout_component_index_at(l, LFS_EOF - 1), 2);
	assert_int_equal(layout_component_index_at(l, LFS_EOF), -1);
	assert_ptr_equal(layout_component_at(l, 3 * MiB), &l->comps[1]);

	/* Offsets are relative to the component's start. */
	c = layout_component_at(l, MiB - 1);
	expect_map(c, MiB - 1, 0, MiB - 1);
	c = layout_component_at(l, MiB);
	expect_map(c, MiB, 0, 0);
	expect_map(c, MiB + 1, 0, 1);
	expect_map(c, 2 * MiB - 1, 0, MiB - 1);
	expect_map(c, 2 * MiB, 1, 0);
	expect_map(c, 3 * MiB, 0, MiB);
	expect_map(c, 5 * MiB - 1, 1, 2 * MiB - 1);
	c = layout_component_at(l, 5 * MiB);
	expect_map(c, 5 * MiB, 0, 0);
	expect_map(c, 9 * MiB - 1, 0, 4 * MiB - 1);
	expect_map(c, 9 * MiB, 1, 0);
	expect_map(c, 21 * MiB - 1, 3, 4 * MiB - 1);
	expect_map(c, 21 * MiB, 0, 4 * MiB);
	expect_map(c, 21 * MiB + 1, 0, 4 * MiB + 1);

	/* A layout ending before EOF maps nothing past its end. */
	l->comps[2].end = 64 * MiB;
	assert_null(layout_component_at(l, 64 * MiB));
	assert_non_null(layout_component_at(l, 64 * MiB - 1));
	assert_null(layout_component_at(NULL, 0));
	layout_free(l);
}

/* With tiny stripes, brute force: mapping is a bijection and the object
 * sizes are exactly what writing every byte below `size` would leave. */
static void test_map_bruteforce(void **state)
{
	struct lfs_component c = comp(10, 70, 4, 3);
	uint64_t off, size, expect[3];
	uint32_t s, k;
	uint64_t o;
	unsigned char seen[3][64];

	(void)state;
	memset(seen, 0, sizeof(seen));
	for (off = c.start; off < c.end; off++) {
		layout_map(&c, off, &s, &o);
		assert_true(s < 3 && o < 64);
		assert_false(seen[s][o]);
		seen[s][o] = 1;
		assert_int_equal(layout_file_offset(&c, s, o), off);
	}
	for (size = 0; size <= 80; size++) {
		memset(expect, 0, sizeof(expect));
		for (off = c.start; off < size && off < c.end; off++) {
			layout_map(&c, off, &s, &o);
			if (o + 1 > expect[s])
				expect[s] = o + 1;
		}
		for (k = 0; k < 3; k++)
			assert_int_equal(layout_object_size(&c, k, size),
					 expect[k]);
		assert_int_equal(layout_object_size(&c, 3, size), 0);
	}
}

static void test_object_size(void **state)
{
	const uint64_t S = MiB;
	struct lfs_component c = comp(0, LFS_EOF, S, 3);
	struct lfs_component d = comp(MiB, 5 * MiB, MiB, 2);

	(void)state;
#define SIZES(sz, a, b, cc) do { \
		assert_int_equal(layout_object_size(&c, 0, sz), a); \
		assert_int_equal(layout_object_size(&c, 1, sz), b); \
		assert_int_equal(layout_object_size(&c, 2, sz), cc); } while (0)
	SIZES(0, 0, 0, 0);
	SIZES(1, 1, 0, 0);
	SIZES(S - 1, S - 1, 0, 0);
	SIZES(S, S, 0, 0);
	SIZES(S + 1, S, 1, 0);
	SIZES(3 * S - 1, S, S, S - 1);
	SIZES(3 * S, S, S, S);
	SIZES(3 * S + 1, S + 1, S, S);
	SIZES(4 * S + 5, 2 * S, S + 5, S);
#undef SIZES
	/* Only the component's own extent counts. */
	assert_int_equal(layout_object_size(&d, 0, MiB), 0);
	assert_int_equal(layout_object_size(&d, 0, MiB + 1), 1);
	assert_int_equal(layout_object_size(&d, 1, 3 * MiB), MiB);
	assert_int_equal(layout_object_size(&d, 0, 100 * MiB), 2 * MiB);
	assert_int_equal(layout_object_size(&d, 1, 100 * MiB), 2 * MiB);
	assert_int_equal(layout_object_size(&d, 2, 100 * MiB), 0);
}

static void test_last_init_overstriped(void **state)
{
	struct lfs_layout *l = pfl();
	struct lfs_object o = { 0, 1 };

	(void)state;
	assert_null(layout_last_init(l));
	assert_int_equal(layout_set_objects(&l->comps[0], &o, 1), 0);
	assert_ptr_equal(layout_last_init(l), &l->comps[0]);
	assert_int_equal(layout_set_objects(&l->comps[1], &o, 1), 0);
	assert_ptr_equal(layout_last_init(l), &l->comps[1]);
	assert_false(layout_is_overstriped(l));
	l->comps[2].pattern |= LFS_PATTERN_OVERSTRIPED;
	assert_true(layout_is_overstriped(l));
	assert_null(layout_last_init(NULL));
	assert_false(layout_is_overstriped(NULL));
	layout_free(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_del_ids),
		cmocka_unit_test(test_component_limit),
		cmocka_unit_test(test_objects_and_osts),
		cmocka_unit_test(test_dup_equal),
		cmocka_unit_test(test_validate_stripe_fields),
		cmocka_unit_test(test_validate_ost_list),
		cmocka_unit_test(test_validate_extents),
		cmocka_unit_test(test_validate_max_components),
		cmocka_unit_test(test_pool_name),
		cmocka_unit_test(test_ost_list_parse),
		cmocka_unit_test(test_map_boundaries),
		cmocka_unit_test(test_map_pfl),
		cmocka_unit_test(test_map_bruteforce),
		cmocka_unit_test(test_object_size),
		cmocka_unit_test(test_last_init_overstriped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
