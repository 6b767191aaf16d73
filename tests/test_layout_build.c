/* Unit tests for the setstripe option builder (lib/layout_build.c). */
#include "testutil.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"

#define KiB (1ULL << 10)
#define MiB (1ULL << 20)

static struct lfs_error err;

/* Feed "c", "2", "S", "1M", ..., NULL in order; returns the first error
 * (of an option or of finish) and the layout in *out. */
static int build_argv(uint32_t ost_count, struct lfs_layout **out,
		      const char *const *args)
{
	struct lfs_layout_builder b;
	int rc = 0;

	*out = NULL;
	lfs_error_clear(&err);
	layout_builder_init(&b);
	for (; *args && !rc; args += 2)
		rc = layout_builder_option(&b, args[0][0], args[1], &err);
	if (!rc)
		rc = layout_builder_finish(&b, ost_count, out, &err);
	layout_builder_free(&b);
	if (rc)
		assert_null(*out);
	return rc;
}

#define BUILD(n, out, ...) \
	build_argv(n, out, (const char *const[]){ __VA_ARGS__, NULL })

static void expect_error(uint32_t ost_count, const char *msg,
			 const char *const *args)
{
	struct lfs_layout *l;

	assert_int_equal(build_argv(ost_count, &l, args), -EINVAL);
	assert_string_equal(err.msg, msg);
}

#define FAILS(n, msg, ...) \
	expect_error(n, msg, (const char *const[]){ __VA_ARGS__, NULL })

static void expect_comp(const struct lfs_component *c, uint64_t start,
			uint64_t end, uint64_t size, int32_t count,
			int32_t offset, const char *pool, uint32_t pattern)
{
	assert_int_equal(c->start, start);
	assert_int_equal(c->end, end);
	assert_int_equal(c->stripe_size, size);
	assert_int_equal(c->stripe_count, count);
	assert_int_equal(c->stripe_offset, offset);
	assert_string_equal(c->pool, pool);
	assert_int_equal(c->pattern, pattern);
	assert_int_equal(c->nr_objects, 0);
	assert_false(c->flags & LFS_COMP_INIT);
}

#define R0 LFS_PATTERN_RAID0
#define OVS (LFS_PATTERN_RAID0 | LFS_PATTERN_OVERSTRIPED)

static void test_no_options(void **state)
{
	struct lfs_layout_builder b;
	struct lfs_layout *l = (void *)1;

	(void)state;
	layout_builder_init(&b);
	assert_int_equal(layout_builder_finish(&b, 4, &l, &err), 0);
	assert_null(l);
	layout_builder_free(&b);
}

static void test_plain(void **state)
{
	struct lfs_layout *l;

	(void)state;
	assert_int_equal(BUILD(4, &l, "c", "2", "S", "4M", "i", "1",
			       "p", "lustre.flash"), 0);
	assert_false(l->composite);
	assert_int_equal(l->nr_comps, 1);
	assert_int_equal(l->comps[0].id, 1);
	expect_comp(&l->comps[0], 0, LFS_EOF, 4 * MiB, 2, 1, "flash", R0);
	assert_int_equal(l->comps[0].nr_osts, 0);
	layout_free(l);

	/* What was not given stays unset for the store's defaults. */
	assert_int_equal(BUILD(0, &l, "c", "2"), 0);
	expect_comp(&l->comps[0], 0, LFS_EOF, 0, 2, -1, "", R0);
	layout_free(l);
	assert_int_equal(BUILD(0, &l, "c", "-1", "i", "-1", "S", "0",
			       "L", "raid0"), 0);
	expect_comp(&l->comps[0], 0, LFS_EOF, 0, -1, -1, "", R0);
	layout_free(l);
	/* The last of repeated options wins. */
	assert_int_equal(BUILD(0, &l, "c", "2", "c", "3", "S", "64", "S", "2k"), 0);
	expect_comp(&l->comps[0], 0, LFS_EOF, 2 * MiB, 3, -1, "", R0);
	layout_free(l);
}

static void test_carry_over(void **state)
{
	struct lfs_layout *l;

	(void)state;
	assert_int_equal(BUILD(0, &l,
			       "E", "1M", "c", "1", "S", "1M", "p", "flash",
			       "E", "64M", "c", "4",
			       "E", "eof", "S", "4M"), 0);
	assert_true(l->composite);
	assert_int_equal(l->nr_comps, 3);
	expect_comp(&l->comps[0], 0, MiB, MiB, 1, -1, "flash", R0);
	expect_comp(&l->comps[1], MiB, 64 * MiB, MiB, 4, -1, "flash", R0);
	expect_comp(&l->comps[2], 64 * MiB, LFS_EOF, 4 * MiB, 4, -1, "flash", R0);
	assert_int_equal(l->comps[2].id, 3);
	layout_free(l);

	/* -p none stops the pool; it carries the "none" on. */
	assert_int_equal(BUILD(0, &l, "E", "1M", "p", "flash", "E", "2M",
			       "p", "none", "E", "-1"), 0);
	assert_string_equal(l->comps[0].pool, "flash");
	assert_string_equal(l->comps[1].pool, "");
	assert_string_equal(l->comps[2].pool, "");
	layout_free(l);

	/* Options before the first -E belong to the first component. */
	assert_int_equal(BUILD(0, &l, "c", "2", "S", "2M", "E", "4M", "E", "EOF"), 0);
	expect_comp(&l->comps[0], 0, 4 * MiB, 2 * MiB, 2, -1, "", R0);
	expect_comp(&l->comps[1], 4 * MiB, LFS_EOF, 2 * MiB, 2, -1, "", R0);
	layout_free(l);

	/* A composite layout may stop before EOF. */
	assert_int_equal(BUILD(0, &l, "E", "1M", "E", "16M"), 0);
	assert_int_equal(l->nr_comps, 2);
	assert_int_equal(l->comps[1].end, 16 * MiB);
	assert_true(l->composite);
	layout_free(l);
	/* A single -E eof is still composite (PFL). */
	assert_int_equal(BUILD(0, &l, "E", "-1", "c", "2"), 0);
	assert_true(l->composite);
	expect_comp(&l->comps[0], 0, LFS_EOF, 0, 2, -1, "", R0);
	layout_free(l);
}

static void test_ost_list(void **state)
{
	struct lfs_layout *l;

	(void)state;
	assert_int_equal(BUILD(8, &l, "o", "1,2-3"), 0);
	expect_comp(&l->comps[0], 0, LFS_EOF, 0, 3, 1, "", R0);
	assert_int_equal(l->comps[0].nr_osts, 3);
	assert_int_equal(l->comps[0].osts[0], 1);
	assert_int_equal(l->comps[0].osts[2], 3);
	layout_free(l);
	/* -i after or before -o picks the first OST, if in the list. */
	assert_int_equal(BUILD(8, &l, "o", "1,2", "i", "2"), 0);
	assert_int_equal(l->comps[0].stripe_offset, 2);
	layout_free(l);
	assert_int_equal(BUILD(8, &l, "i", "2", "o", "1,2"), 0);
	assert_int_equal(l->comps[0].stripe_offset, 2);
	layout_free(l);
	assert_int_equal(BUILD(8, &l, "o", "5,1", "i", "-1"), 0);
	assert_int_equal(l->comps[0].stripe_offset, 5);
	layout_free(l);
	FAILS(8, "Invalid stripe offset '3', not in the target list",
	      "i", "3", "o", "1,2");
	FAILS(8, "stripe_count(2) != nr_tgts(3)", "c", "2", "o", "1,2,3");
	FAILS(8, "stripe_count(3) != nr_tgts(2)", "o", "1", "o", "2", "c", "3");
	/* A listed OST the filesystem lacks: ENODEV, not EINVAL. */
	{
		struct lfs_layout *l;

		assert_int_equal(build_argv(4, &l, (const char *const[]){
			"o", "1,5", NULL }), -ENODEV);
		assert_string_equal(err.msg, "OST 5 does not exist");
	}
	/* -c -1 and the exact count are both fine. */
	assert_int_equal(BUILD(8, &l, "c", "-1", "o", "1,2"), 0);
	assert_int_equal(l->comps[0].stripe_count, 2);
	layout_free(l);
	assert_int_equal(BUILD(8, &l, "c", "2", "o", "1,2"), 0);
	layout_free(l);
	/* Repeated -o adds up. */
	assert_int_equal(BUILD(8, &l, "o", "0", "o", "2"), 0);
	assert_int_equal(l->comps[0].nr_osts, 2);
	assert_int_equal(l->comps[0].osts[1], 2);
	assert_int_equal(l->comps[0].pattern, R0);
	layout_free(l);
	/* A repeated OST turns overstriping on (2.15.3's -o). */
	assert_int_equal(BUILD(2, &l, "o", "0,0"), 0);
	expect_comp(&l->comps[0], 0, LFS_EOF, 0, 2, 0, "", OVS);
	layout_free(l);
	assert_int_equal(BUILD(2, &l, "o", "0,1", "o", "1,0"), 0);
	expect_comp(&l->comps[0], 0, LFS_EOF, 0, 4, 0, "", OVS);
	layout_free(l);
	/* -o and -i do not carry over; the count given with -o does. */
	assert_int_equal(BUILD(8, &l, "E", "1M", "o", "3,4", "E", "eof"), 0);
	expect_comp(&l->comps[0], 0, MiB, 0, 2, 3, "", R0);
	expect_comp(&l->comps[1], MiB, LFS_EOF, 0, 0, -1, "", R0);
	assert_int_equal(l->comps[1].nr_osts, 0);
	layout_free(l);
	assert_int_equal(BUILD(8, &l, "E", "1M", "i", "4", "c", "2", "E", "eof"), 0);
	expect_comp(&l->comps[0], 0, MiB, 0, 2, 4, "", R0);
	expect_comp(&l->comps[1], MiB, LFS_EOF, 0, 2, -1, "", R0);
	layout_free(l);
	FAILS(8, "invalid OST target(s) '1,,2'", "o", "1,,2");
}

static void test_stripe_size_fit(void **state)
{
	struct lfs_layout *l;

	(void)state;
	/* -E 128 is 128 KiB: the default 1 MiB does not fit, 128K does. */
	assert_int_equal(BUILD(0, &l, "E", "128", "E", "eof"), 0);
	expect_comp(&l->comps[0], 0, 128 * KiB, 128 * KiB, 0, -1, "", R0);
	expect_comp(&l->comps[1], 128 * KiB, LFS_EOF, 0, 0, -1, "", R0);
	layout_free(l);
	/* The largest power of two dividing the end; not inherited. */
	assert_int_equal(BUILD(0, &l, "E", "128k", "E", "1536K", "E", "3M",
			       "E", "eof"), 0);
	assert_int_equal(l->comps[0].stripe_size, 128 * KiB);
	assert_int_equal(l->comps[1].stripe_size, 512 * KiB);
	assert_int_equal(l->comps[2].stripe_size, 0);   /* 1M fits 3M */
	assert_int_equal(l->comps[3].stripe_size, 0);
	layout_free(l);
	assert_int_equal(BUILD(0, &l, "E", "192k", "S", "0", "E", "eof"), 0);
	assert_int_equal(l->comps[0].stripe_size, 64 * KiB);
	layout_free(l);
	/* With -S (given or carried) the end must be aligned instead. */
	FAILS(0, "The component end must be aligned by the stripe size",
	      "E", "3M", "c", "1", "S", "2M", "E", "-1");
	FAILS(0, "The component end must be aligned by the stripe size",
	      "E", "1M", "S", "1M", "E", "1536k", "E", "eof");
	assert_int_equal(BUILD(0, &l, "E", "4M", "S", "2M", "E", "eof"), 0);
	assert_int_equal(l->comps[0].stripe_size, 2 * MiB);
	assert_int_equal(l->comps[1].stripe_size, 2 * MiB);
	layout_free(l);
}

static void test_overstripe(void **state)
{
	struct lfs_layout *l;

	(void)state;
	assert_int_equal(BUILD(2, &l, "C", "8"), 0);
	expect_comp(&l->comps[0], 0, LFS_EOF, 0, 8, -1, "", OVS);
	assert_true(layout_is_overstriped(l));
	layout_free(l);
	/* Lustre carries the count but resets the pattern per component. */
	assert_int_equal(BUILD(2, &l, "E", "1M", "C", "4", "E", "eof"), 0);
	expect_comp(&l->comps[0], 0, MiB, 0, 4, -1, "", OVS);
	expect_comp(&l->comps[1], MiB, LFS_EOF, 0, 4, -1, "", R0);
	layout_free(l);
	assert_int_equal(BUILD(2, &l, "C", "2000"), 0);
	layout_free(l);
	FAILS(2, "invalid stripe count '2001'", "C", "2001");
}

static void test_option_errors(void **state)
{
	(void)state;
	FAILS(0, "invalid stripe count '2001'", "c", "2001");
	FAILS(0, "invalid stripe count '-2'", "c", "-2");
	FAILS(0, "invalid stripe count 'x'", "c", "x");
	FAILS(0, "invalid stripe size '3'", "S", "3");
	FAILS(0, "invalid stripe size '96k'", "S", "96k");
	FAILS(0, "invalid stripe size '-1'", "S", "-1");
	FAILS(0, "stripe size '4294967296' over 4GB limit", "S", "4G");
	FAILS(0, "invalid stripe offset '65533'", "i", "65533");
	FAILS(0, "invalid stripe offset '-2'", "i", "-2");
	FAILS(4, "OST 4 does not exist", "i", "4");
	FAILS(0, "invalid component end '100k'", "E", "100k");
	FAILS(0, "invalid component end '0'", "E", "0");
	FAILS(0, "invalid component end 'end'", "E", "end");
	FAILS(0, "Component end is before end of previous component",
	      "E", "2M", "E", "1M");
	FAILS(0, "Component end is before end of previous component",
	      "E", "eof", "E", "eof");
	FAILS(0, "layout 'mdt' (Data-on-MDT) is not supported", "L", "mdt");
	FAILS(0, "layout 'dom' (Data-on-MDT) is not supported", "L", "dom");
	FAILS(0, "layout 'raid1' is unknown, supported layouts are: 'raid0'",
	      "L", "raid1");
	FAILS(0, "pool name 'sixteen_chars_xx' is too long (max is 15 characters)",
	      "p", "sixteen_chars_xx");
	FAILS(0, "pool name 'ignore' is reserved", "p", "ignore");
	FAILS(0, "unrecognized option '-x'", "x", "1");
}

static void test_component_limit(void **state)
{
	const char *args[2 * (LFS_MAX_COMPONENTS + 1) + 1];
	char ends[LFS_MAX_COMPONENTS + 1][16];
	struct lfs_layout *l;
	int i;

	(void)state;
	for (i = 0; i <= LFS_MAX_COMPONENTS; i++) {
		snprintf(ends[i], sizeof(ends[i]), "%dM", i + 1);
		args[2 * i] = "E";
		args[2 * i + 1] = ends[i];
	}
	args[2 * LFS_MAX_COMPONENTS] = NULL;
	assert_int_equal(build_argv(0, &l, args), 0);
	assert_int_equal(l->nr_comps, LFS_MAX_COMPONENTS);
	layout_free(l);
	args[2 * LFS_MAX_COMPONENTS] = "E";
	args[2 * LFS_MAX_COMPONENTS + 2] = NULL;
	expect_error(0, "too many components (max is 64)", args);
}

/* An error midway leaves a builder that frees cleanly (valgrind). */
static void test_error_midway_frees(void **state)
{
	struct lfs_layout_builder b;
	struct lfs_layout *l = NULL;

	(void)state;
	layout_builder_init(&b);
	assert_int_equal(layout_builder_option(&b, 'E', "1M", &err), 0);
	assert_int_equal(layout_builder_option(&b, 'o', "1,2", &err), 0);
	assert_int_equal(layout_builder_option(&b, 'E', "2M", &err), 0);
	assert_int_equal(layout_builder_option(&b, 'o', "3", &err), 0);
	assert_int_equal(layout_builder_option(&b, 'c', "9999", &err), -EINVAL);
	assert_int_equal(layout_builder_option(&b, 'S', "3", NULL), -EINVAL);
	assert_int_equal(layout_builder_finish(&b, 2, &l, &err), -ENODEV);
	assert_string_equal(err.msg, "OST 2 does not exist");
	assert_null(l);
	layout_builder_free(&b);
}

/* What the builder makes survives the codec unchanged. */
static void test_builds_encode(void **state)
{
	struct lfs_layout *l, *back;
	void *buf;
	size_t len;

	(void)state;
	assert_int_equal(BUILD(8, &l, "E", "128", "o", "1,1", "p", "a.b",
			       "E", "eof", "c", "-1"), 0);
	assert_int_equal(layout_encode(l, &buf, &len), 0);
	assert_int_equal(layout_decode(buf, len, &back), 0);
	assert_true(layout_equal(l, back));
	free(buf);
	layout_free(back);
	layout_free(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_options),
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_carry_over),
		cmocka_unit_test(test_ost_list),
		cmocka_unit_test(test_stripe_size_fit),
		cmocka_unit_test(test_overstripe),
		cmocka_unit_test(test_option_errors),
		cmocka_unit_test(test_component_limit),
		cmocka_unit_test(test_error_midway_frees),
		cmocka_unit_test(test_builds_encode),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
