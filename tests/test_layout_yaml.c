/* Unit tests for layout_from_yaml (lib/layout_yaml.c). The print -> parse
 * round trip through getstripe -y is in tests/e2e/25-yaml.sh. */
#include "testutil.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "layout_yaml.h"

#define MiB (1ULL << 20)

static struct lfs_error err;

static int parse(const char *text, struct lfs_layout **l)
{
	lfs_error_clear(&err);
	return layout_from_yaml(text, strlen(text), l, &err);
}

static void expect_comp(const struct lfs_component *c, uint64_t start,
			uint64_t end, uint64_t size, int32_t count,
			uint32_t pattern, const char *pool)
{
	assert_int_equal(c->start, start);
	assert_true(c->end == end);
	assert_int_equal(c->stripe_size, size);
	assert_int_equal(c->stripe_count, count);
	assert_int_equal(c->pattern, pattern);
	assert_string_equal(c->pool, pool);
	/* A template: new objects, no ids. */
	assert_int_equal(c->nr_objects, 0);
	assert_false(c->flags & LFS_COMP_INIT);
}

/* Lustre's build_layout_from_yaml_node keeps lmm_stripe_offset and every
 * l_ost_idx (an OST list, in order). */
static void expect_osts(const struct lfs_component *c, int32_t offset,
			const uint32_t *osts, uint32_t n)
{
	assert_int_equal(c->stripe_offset, offset);
	assert_int_equal(c->nr_osts, n);
	for (uint32_t i = 0; i < n; i++)
		assert_int_equal(c->osts[i], osts[i]);
}

/* Lustre's own lfs getstripe -y output for a plain file. */
static void test_lustre_plain(void **state)
{
	struct lfs_layout *l;

	(void)state;
	assert_int_equal(parse(
		"/mnt/lustre/f\n"
		"  lmm_stripe_count:  2\n"
		"  lmm_stripe_size:   1048576\n"
		"  lmm_pattern:       raid0\n"
		"  lmm_layout_gen:    0\n"
		"  lmm_stripe_offset: 1\n"
		"  lmm_objects:\n"
		"  - l_ost_idx: 1\n"
		"    l_fid:     [0x100010000:0x1:0x0]\n"
		"  - l_ost_idx: 2\n"
		"    l_fid:     [0x100020000:0x1:0x0]\n", &l), 0);
	assert_false(l->composite);
	assert_int_equal(l->nr_comps, 1);
	expect_comp(&l->comps[0], 0, LFS_EOF, MiB, 2, LFS_PATTERN_RAID0, "");
	expect_osts(&l->comps[0], 1, (uint32_t[]){ 1, 2 }, 2);
	layout_free(l);

	/* The objects as getstripe prints them without -y, in any order. */
	assert_int_equal(parse(
		"lmm_stripe_count:  3\n"
		"lmm_stripe_size:   1048576\n"
		"lmm_stripe_offset: 3\n"
		"lmm_objects:\n"
		"- 0: { l_ost_idx: 3, l_fid: [0x100030000:0x1:0x0] }\n"
		"- 1: { l_ost_idx: 0, l_fid: [0x100000000:0x1:0x0] }\n"
		"- 2: { l_ost_idx: 1, l_fid: 0x100010000:0x1:0x0 }\n", &l), 0);
	expect_osts(&l->comps[0], 3, (uint32_t[]){ 3, 0, 1 }, 3);
	layout_free(l);
}

/* Without the path line, with -v fields, a pool and overstriping. */
static void test_plain_variants(void **state)
{
	struct lfs_layout *l;

	(void)state;
	assert_int_equal(parse(
		"lmm_magic:         0x0BD30BD0\n"
		"lmm_seq:           0x200000400\n"
		"lmm_object_id:     0x12\n"
		"lmm_fid:           [0x200000400:0x12:0x0]\n"
		"lmm_stripe_count:  6\n"
		"lmm_stripe_size:   4194304\n"
		"lmm_pattern:       raid0,overstriped\n"
		"lmm_layout_gen:    3\n"
		"lmm_stripe_offset: 0\n"
		"lmm_pool:          lustre.flash\n", &l), 0);
	expect_comp(&l->comps[0], 0, LFS_EOF, 4 * MiB, 6,
		    LFS_PATTERN_RAID0 | LFS_PATTERN_OVERSTRIPED, "flash");
	expect_osts(&l->comps[0], 0, NULL, 0);
	layout_free(l);
}

static const char composite[] =
	"/p\n"
	"  lcm_layout_gen:    2\n"
	"  lcm_mirror_count:  1\n"
	"  lcm_entry_count:   3\n"
	"  component0:\n"
	"    lcme_id:             1\n"
	"    lcme_mirror_id:      0\n"
	"    lcme_flags:          init\n"
	"    lcme_extent.e_start: 0\n"
	"    lcme_extent.e_end:   1048576\n"
	"    sub_layout:\n"
	"      lmm_stripe_count:  1\n"
	"      lmm_stripe_size:   1048576\n"
	"      lmm_pattern:       raid0\n"
	"      lmm_layout_gen:    0\n"
	"      lmm_stripe_offset: 2\n"
	"      lmm_objects:\n"
	"      - l_ost_idx: 2\n"
	"        l_fid:     [0x100020000:0x1:0x0]\n"
	"\n"
	"  component1:\n"
	"    lcme_id:             2\n"
	"    lcme_mirror_id:      0\n"
	"    lcme_flags:          0\n"
	"    lcme_extent.e_start: 1048576\n"
	"    lcme_extent.e_end:   8388608\n"
	"    sub_layout:\n"
	"      lmm_stripe_count:  2\n"
	"      lmm_stripe_size:   1048576\n"
	"      lmm_pattern:       raid0\n"
	"      lmm_layout_gen:    0\n"
	"      lmm_stripe_offset: -1\n"
	"      lmm_pool:          flash\n"
	"\n"
	"  component2:\n"
	"    lcme_id:             3\n"
	"    lcme_mirror_id:      0\n"
	"    lcme_flags:          0\n"
	"    lcme_extent.e_start: 8388608\n"
	"    lcme_extent.e_end:   EOF\n"
	"    sub_layout:\n"
	"      lmm_stripe_count:  -1\n"
	"      lmm_stripe_size:   4194304\n"
	"      lmm_pattern:       raid0\n"
	"      lmm_layout_gen:    0\n"
	"      lmm_stripe_offset: -1\n";

static void test_composite(void **state)
{
	struct lfs_layout *l;

	(void)state;
	assert_int_equal(parse(composite, &l), 0);
	assert_true(l->composite);
	assert_int_equal(l->nr_comps, 3);
	expect_comp(&l->comps[0], 0, MiB, MiB, 1, LFS_PATTERN_RAID0, "");
	expect_comp(&l->comps[1], MiB, 8 * MiB, MiB, 2, LFS_PATTERN_RAID0, "flash");
	expect_comp(&l->comps[2], 8 * MiB, LFS_EOF, 4 * MiB, -1,
		    LFS_PATTERN_RAID0, "");
	expect_osts(&l->comps[0], 2, (uint32_t[]){ 2 }, 1);
	expect_osts(&l->comps[1], -1, NULL, 0);
	expect_osts(&l->comps[2], -1, NULL, 0);
	assert_int_equal(l->comps[0].id, 1);
	assert_int_equal(l->comps[2].id, 3);
	layout_free(l);
}

static void fails(const char *text, const char *msg)
{
	struct lfs_layout *l = (struct lfs_layout *)&l;

	assert_int_equal(parse(text, &l), -EINVAL);
	assert_null(l);
	if (!strstr(err.msg, msg))
		fail_msg("error '%s' lacks '%s'", err.msg, msg);
}

/* The composite sample with one line replaced. */
static void fails_edit(const char *from, const char *to, const char *msg)
{
	char buf[sizeof(composite) + 200];
	const char *at = strstr(composite, from);

	assert_non_null(at);
	snprintf(buf, sizeof(buf), "%.*s%s%s", (int)(at - composite), composite,
		 to, at + strlen(from));
	fails(buf, msg);
}

static void test_malformed(void **state)
{
	(void)state;
	fails("", "empty");
	fails("/f\n", "empty");
	fails("just some words\n", "empty");
	fails("some words\nmore words\n", "line 2: layout: a mapping");
	fails("/f\n  lmm_stripe_count: [1\n", "sequence started on line 2)");
	fails("/f\n  lmm_stripe_count: 1\n lmm_stripe_size: 1048576\n",
	      "line 3: not valid YAML: did not find expected <document start>");
	fails("/f\n  lmm_stripe_count: 1\n/g\n  lmm_stripe_count: 1\n",
	      "not valid YAML");
	fails("lmm_stripe_count: \x01\x02\n", "line 1: not valid YAML");
	fails("- 1\n- 2\n", "a mapping");
	fails("/f\n  lmm_stripe_count:  1\n  lmm_pattern:       raid5\n",
	      "line 3: lmm_pattern: unknown pattern 'raid5'");
	fails("/f\n  lmm_stripe_count:  1\n  lmm_stripe_size:   100000\n",
	      "line 3: lmm_stripe_size: 100000 is not a multiple of 65536");
	fails("/f\n  lmm_stripe_count:  1\n  lmm_stripe_size:   4294967296\n",
	      "line 3: lmm_stripe_size: invalid value '4294967296'");
	fails("/f\n  lmm_stripe_count:  two\n", "line 2: lmm_stripe_count: invalid value 'two'");
	fails("/f\n  lmm_stripe_count:  2001\n", "lmm_stripe_count: invalid value '2001'");
	fails("/f\n  lmm_stripe_count:  1\n  lmm_stripe_cuont:  1\n",
	      "line 3: unknown key 'lmm_stripe_cuont'");
	fails("/f\n  lmm_stripe_count:  1\n  lmm_stripe_count:  2\n",
	      "line 3: duplicate key 'lmm_stripe_count'");
	fails("/f\n  lmm_stripe_size:   1048576\n", "lmm_stripe_count missing");
	fails("/f\n  lmm_stripe_count:  1\n  lmm_pool:          ignore\n",
	      "line 3: lmm_pool:");
	fails("/f\n  lmm_stripe_count:  1\n  lmm_objects:       3\n",
	      "line 3: lmm_objects: a list is expected");
	fails("/f\n  lmm_stripe_count:  1\n  lmm_objects:\n  - l_fid: [0x1:0x1:0x0]\n",
	      "line 4: lmm_objects: an entry without l_ost_idx");
	fails("/f\n  lmm_stripe_count:  1\n  lmm_objects:\n  - l_ost_idx: -2\n",
	      "line 4: l_ost_idx: invalid value '-2'");
	fails("/f\n  lmm_stripe_count:  2\n  lmm_objects:\n  - l_ost_idx: 1\n",
	      "stripe_count(2) != nr_tgts(1)");
	fails("/f\n  lmm_stripe_count:  1\n  lmm_stripe_offset: 2\n  lmm_objects:\n  - l_ost_idx: 1\n",
	      "not in the target list");
	fails_edit("e_end:   8388608", "e_end:   524288",
		   "line 26: lcme_extent.e_end 524288 is not beyond lcme_extent.e_start 1048576");
	fails_edit("e_end:   8388608", "e_end:   later",
		   "lcme_extent.e_end: invalid value 'later'");
	fails_edit("e_start: 8388608", "e_start: 4194304",
		   "does not follow the previous component's end");
	fails_edit("lcm_entry_count:   3", "lcm_entry_count:   2",
		   "lcm_entry_count 2 but 3 components");
	fails_edit("lcm_mirror_count:  1", "lcm_mirror_count:  2",
		   "mirrored layouts are not supported");
	fails_edit("    sub_layout:\n      lmm_stripe_count:  2",
		   "    sub_layut:\n      lmm_stripe_count:  2",
		   "unknown key 'sub_layut'");
	fails_edit("e_end:   EOF", "e_end:   9000000",
		   "line 40: lcme_extent.e_end 9000000 is not a multiple of 65536");
	fails_edit("e_end:   EOF", "e_end:   9437184",
		   "The component end must be aligned by the stripe size");
	fails("/p\n  lcm_entry_count: 0\n", "no component0");
}

/* getstripe -y of directory defaults, as lov_dump_user_lmm_header()
 * prints them: no lmm_ prefix, a PFL default's ids N/A. */
static void test_dir_defaults(void **state)
{
	struct lfs_layout *l;

	(void)state;
	assert_int_equal(parse(
		"stripe_count:  2\n"
		"stripe_size:   2097152\n"
		"pattern:       raid0\n"
		"stripe_offset: -1\n"
		"pool:          flash\n"
		"\n", &l), 0);
	expect_comp(&l->comps[0], 0, LFS_EOF, 2 * MiB, 2, LFS_PATTERN_RAID0, "flash");
	layout_free(l);
	assert_int_equal(parse(
		"  lcm_layout_gen:    0\n"
		"  lcm_mirror_count:  1\n"
		"  lcm_entry_count:   2\n"
		"  component0:\n"
		"    lcme_id:             N/A\n"
		"    lcme_mirror_id:      N/A\n"
		"    lcme_flags:          0\n"
		"    lcme_extent.e_start: 0\n"
		"    lcme_extent.e_end:   1048576\n"
		"    sub_layout:\n"
		"      stripe_count:  1\n"
		"      stripe_size:   1048576\n"
		"      pattern:       raid0\n"
		"      stripe_offset: -1\n"
		"\n"
		"  component1:\n"
		"    lcme_id:             N/A\n"
		"    lcme_mirror_id:      N/A\n"
		"    lcme_flags:          0\n"
		"    lcme_extent.e_start: 1048576\n"
		"    lcme_extent.e_end:   EOF\n"
		"    sub_layout:\n"
		"      stripe_count:  4\n"
		"      stripe_size:   1048576\n"
		"      pattern:       raid0\n"
		"      stripe_offset: -1\n"
		"      pool:          flash\n"
		"\n", &l), 0);
	assert_true(l->composite);
	assert_int_equal(l->nr_comps, 2);
	expect_comp(&l->comps[0], 0, MiB, MiB, 1, LFS_PATTERN_RAID0, "");
	expect_comp(&l->comps[1], MiB, LFS_EOF, MiB, 4, LFS_PATTERN_RAID0, "flash");
	layout_free(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lustre_plain),
		cmocka_unit_test(test_plain_variants),
		cmocka_unit_test(test_composite),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_dir_defaults),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
