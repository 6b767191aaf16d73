/* test_layout_print.c - getstripe's formats (commands/layout_print.c):
 * the bytes Lustre 2.15.3's liblustreapi.c prints for the same options,
 * and every -y output loaded with libyaml and read back. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "common.h"
#include "layout_yaml.h"

#define MiB (1ULL << 20)

static struct lfs_component comp(uint64_t start, uint64_t end, int32_t count,
				 const char *pool)
{
	struct lfs_component c = { .start = start, .end = end,
				   .pattern = LFS_PATTERN_RAID0,
				   .stripe_size = MiB, .stripe_count = count,
				   .stripe_offset = -1 };

	snprintf(c.pool, sizeof(c.pool), "%s", pool);
	return c;
}

/* A file's layout: n components, the first instantiated on OSTs 1, 2. */
static struct lfs_layout *file_layout(bool composite, const char *pool)
{
	static const struct lfs_object objs[] = { { 1, 5 }, { 2, 6 } };
	struct lfs_layout *l = layout_new();
	struct lfs_component c = comp(0, composite ? MiB : LFS_EOF, 2, pool);

	assert_int_equal(layout_add_component(l, &c), 0);
	assert_int_equal(layout_set_objects(&l->comps[0], objs, 2), 0);
	if (composite) {
		c = comp(MiB, LFS_EOF, 4, "");
		assert_int_equal(layout_add_component(l, &c), 0);
	}
	l->composite = composite;
	return l;
}

static struct lfs_layout *dir_layout(bool composite)
{
	struct lfs_layout *l = layout_new();
	struct lfs_component c = comp(0, composite ? MiB : LFS_EOF, 1, "");

	assert_int_equal(layout_add_component(l, &c), 0);
	if (composite) {
		c = comp(MiB, LFS_EOF, -1, "flash");
		assert_int_equal(layout_add_component(l, &c), 0);
	}
	l->composite = composite;
	return l;
}

/* What print_layout() prints; the caller frees it. */
static char *printed(const struct lfs_layout *l, bool dir,
		     const struct getstripe_fmt *fmt)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	print_layout(f, "/d/f", l, dir, fmt);
	fclose(f);
	return buf;
}

static void expect(const struct lfs_layout *l, bool dir, unsigned verbose,
		   const char *want)
{
	/* The store's FID of inode 0 (getstripe.c fills it per file). */
	struct getstripe_fmt fmt = { .verbose = verbose, .only_ost = -1,
				     .fid_seq = 0x200000400ULL, .lmm_seq = 0x200000400ULL };
	char *got = printed(l, dir, &fmt);

	assert_string_equal(got, want);
	free(got);
}

/* libyaml loads text as one document whose root is a mapping. */
static void loads(const char *text)
{
	yaml_parser_t p;
	yaml_document_t doc, next;
	yaml_node_t *root;

	assert_true(yaml_parser_initialize(&p));
	yaml_parser_set_input_string(&p, (const unsigned char *)text, strlen(text));
	if (!yaml_parser_load(&p, &doc))
		fail_msg("not YAML: %s (line %zu)\n%s", p.problem,
			 p.problem_mark.line + 1, text);
	root = yaml_document_get_root_node(&doc);
	assert_non_null(root);
	assert_int_equal(root->type, YAML_MAPPING_NODE);
	assert_true(yaml_parser_load(&p, &next));
	assert_null(yaml_document_get_root_node(&next));
	yaml_document_delete(&next);
	yaml_document_delete(&doc);
	yaml_parser_delete(&p);
}

/* getstripe -y: loads, and reads back to the same geometry. */
static char *yaml_of(const struct lfs_layout *l, bool dir)
{
	struct getstripe_fmt fmt = { .verbose = GS_DEFAULT, .yaml = true,
				     .path = true, .only_ost = -1 };
	struct lfs_error e = { 0, "" };
	struct lfs_layout *back = NULL;
	char *text = printed(l, dir, &fmt);

	loads(text);
	assert_int_equal(layout_from_yaml(text, strlen(text), &back, &e), 0);
	assert_int_equal(back->nr_comps, l->nr_comps);
	assert_int_equal(back->composite, l->composite);
	for (uint32_t i = 0; i < l->nr_comps; i++) {
		const struct lfs_component *c = &l->comps[i];

		assert_int_equal(back->comps[i].stripe_count,
				 dir || !(c->flags & LFS_COMP_INIT) ?
				 c->stripe_count : (int32_t)c->nr_objects);
		assert_int_equal(back->comps[i].stripe_size, c->stripe_size);
		assert_string_equal(back->comps[i].pool, c->pool);
	}
	layout_free(back);
	return text;
}

/* A plain file: no path line, keys at column 0, objects without
 * brackets (DFID_NOBRACE). */
static void test_yaml_plain(void **state)
{
	struct lfs_layout *l = file_layout(false, "flash");
	char *text = yaml_of(l, false);

	(void)state;
	assert_string_equal(text,
		"lmm_stripe_count:  2\n"
		"lmm_stripe_size:   1048576\n"
		"lmm_pattern:       raid0\n"
		"lmm_layout_gen:    0\n"
		"lmm_stripe_offset: 1\n"
		"lmm_pool:          flash\n"
		"lmm_objects:\n"
		"      - l_ost_idx: 1\n"
		"        l_fid:     0x100010000:0x5:0x0\n"
		"      - l_ost_idx: 2\n"
		"        l_fid:     0x100020000:0x6:0x0\n"
		"\n");
	free(text);
	layout_free(l);
}

static void test_yaml_pfl(void **state)
{
	struct lfs_layout *l = file_layout(true, "");
	char *text = yaml_of(l, false);

	(void)state;
	assert_string_equal(text,
		"  lcm_layout_gen:    0\n"
		"  lcm_mirror_count:  1\n"
		"  lcm_entry_count:   2\n"
		"  component0:\n"
		"    lcme_id:             1\n"
		"    lcme_mirror_id:      0\n"
		"    lcme_flags:          init\n"
		"    lcme_extent.e_start: 0\n"
		"    lcme_extent.e_end:   1048576\n"
		"    sub_layout:\n"
		"      lmm_stripe_count:  2\n"
		"      lmm_stripe_size:   1048576\n"
		"      lmm_pattern:       raid0\n"
		"      lmm_layout_gen:    0\n"
		"      lmm_stripe_offset: 1\n"
		"      lmm_objects:\n"
		"      - l_ost_idx: 1\n"
		"        l_fid:     0x100010000:0x5:0x0\n"
		"      - l_ost_idx: 2\n"
		"        l_fid:     0x100020000:0x6:0x0\n"
		"\n"
		"  component1:\n"
		"    lcme_id:             2\n"
		"    lcme_mirror_id:      0\n"
		"    lcme_flags:          0\n"
		"    lcme_extent.e_start: 1048576\n"
		"    lcme_extent.e_end:   EOF\n"
		"    sub_layout:\n"
		"      lmm_stripe_count:  4\n"
		"      lmm_stripe_size:   1048576\n"
		"      lmm_pattern:       raid0\n"
		"      lmm_layout_gen:    0\n"
		"      lmm_stripe_offset: -1\n"
		"\n");
	free(text);
	layout_free(l);
}

static void test_yaml_dirs(void **state)
{
	struct lfs_layout *plain = dir_layout(false), *pfl = dir_layout(true);
	char *text = yaml_of(plain, true);

	(void)state;
	assert_string_equal(text,
		"stripe_count:  1\n"
		"stripe_size:   1048576\n"
		"pattern:       raid0\n"
		"stripe_offset: -1\n"
		"\n");
	free(text);
	text = yaml_of(pfl, true);
	assert_non_null(strstr(text,
		"  component1:\n"
		"    lcme_id:             N/A\n"
		"    lcme_mirror_id:      N/A\n"
		"    lcme_flags:          0\n"
		"    lcme_extent.e_start: 1048576\n"
		"    lcme_extent.e_end:   EOF\n"
		"    sub_layout:\n"
		"      stripe_count:  -1\n"
		"      stripe_size:   1048576\n"
		"      pattern:       raid0\n"
		"      stripe_offset: -1\n"
		"      pool:          flash\n"
		"\n"));
	free(text);
	layout_free(plain);
	layout_free(pfl);
}

/* A PFL directory default (issue 18 point 7): lcme_id N/A, one line of
 * unprefixed stripe fields per component. */
static void test_dir_pfl(void **state)
{
	struct lfs_layout *l = dir_layout(true);

	(void)state;
	expect(l, true, GS_DEFAULT,
		"  lcm_layout_gen:    0\n"
		"  lcm_mirror_count:  1\n"
		"  lcm_entry_count:   2\n"
		"    lcme_id:             N/A\n"
		"    lcme_mirror_id:      N/A\n"
		"    lcme_flags:          0\n"
		"    lcme_extent.e_start: 0\n"
		"    lcme_extent.e_end:   1048576\n"
		"      stripe_count:  1       stripe_size:   1048576       pattern:       raid0       stripe_offset: -1\n"
		"\n"
		"    lcme_id:             N/A\n"
		"    lcme_mirror_id:      N/A\n"
		"    lcme_flags:          0\n"
		"    lcme_extent.e_start: 1048576\n"
		"    lcme_extent.e_end:   EOF\n"
		"      stripe_count:  -1       stripe_size:   1048576       pattern:       raid0       stripe_offset: -1       pool:          flash\n"
		"\n");
	/* A field option shows the last component of a directory default. */
	expect(l, true, GS_COUNT, "-1\n\n");
	layout_free(l);
}

/* Field options (point 8): an absent pool prints nothing but the blank
 * line every layout ends with; several fields are each labelled. */
static void test_fields(void **state)
{
	struct lfs_layout *plain = file_layout(false, ""), *pool = file_layout(false, "flash");
	struct lfs_layout *pfl = file_layout(true, "");

	(void)state;
	expect(plain, false, GS_POOL, "\n");
	expect(pool, false, GS_POOL, "flash\n\n");
	expect(plain, false, GS_COUNT, "2\n\n");
	expect(plain, false, GS_COUNT | GS_POOL, "lmm_stripe_count:  2\n\n");
	expect(pool, false, GS_COUNT | GS_POOL,
	       "lmm_stripe_count:  2\nlmm_pool:          flash\n\n");
	/* --component-count makes a plain layout a composite of one
	 * (lov_forge_comp_v1), whose entry count is 0. */
	expect(pool, false, GS_COMP_COUNT | GS_COUNT | GS_SIZE | GS_POOL,
	       "  lcm_entry_count:   0\n"
	       "      lmm_stripe_count:  2\n"
	       "      lmm_stripe_size:   1048576\n"
	       "      lmm_pool:          flash\n"
	       "\n");
	expect(plain, false, GS_COMP_COUNT, "0\n\n");
	expect(pfl, false, GS_COMP_COUNT, "2\n\n");
	/* -F and -N: Lustre's header has no mirror count for a plain layout. */
	expect(plain, false, GS_DFID, "[0x200000400:0x0:0x0]\n\n");
	expect(pfl, false, GS_DFID, "[0x200000400:0x0:0x0]\n\n");
	expect(plain, false, GS_MIRROR_COUNT, "\n");
	expect(pfl, false, GS_MIRROR_COUNT, "1\n\n");
	/* The last instantiated component. */
	expect(pfl, false, GS_COUNT, "2\n\n");
	expect(pfl, false, GS_COMP_END, "1048576\n\n");
	layout_free(plain);
	layout_free(pool);
	layout_free(pfl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_yaml_plain),
		cmocka_unit_test(test_yaml_pfl),
		cmocka_unit_test(test_yaml_dirs),
		cmocka_unit_test(test_dir_pfl),
		cmocka_unit_test(test_fields),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
