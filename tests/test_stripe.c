/* Unit tests for lib/stripe.c (setstripe and getstripe as library calls)
 * and layout_from_yaml_file(), on a temporary store of 4 OSTs. */
#include "testutil.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "backend.h"
#include "layout_yaml.h"
#include "stripe.h"

#define MiB (1ULL << 20)

struct fix {
	struct testutil_store t;
	char path[128];
	struct lfs_error e;
};

static int setup(void **state)
{
	return testutil_fixture_make(state, sizeof(struct fix), "stripe", 4,
				     8 << 20);
}

#define BUILD(...) testutil_layout(4, (const char *const[]){ __VA_ARGS__, NULL })

/* A namespace directory made as a host tool would. */
static void mkdir_ns(struct fix *f, const char *rel)
{
	snprintf(f->path, sizeof(f->path), "%s/mdt/ROOT/%s", f->t.path, rel);
	assert_int_equal(mkdir(f->path, 0755), 0);
}

static int take_layout(void *arg, struct stripe_entry *ent)
{
	struct lfs_layout **out = arg;

	assert_int_equal(ent->rc, 0);
	*out = ent->layout;
	ent->layout = NULL;
	return 0;
}

/* What getstripe shows for rel: a file's layout, a directory's default. */
static struct lfs_layout *get(struct fix *f, const char *rel)
{
	struct lfs_layout *l = NULL;

	assert_int_equal(stripe_walk(f->t.s, rel, rel, 0, take_layout, &l), 0);
	assert_non_null(l);
	return l;
}

/* Create rel with the layout of the options, expecting success. */
static void create(struct fix *f, const char *rel, const char *const *args,
		   struct stripe_result *res)
{
	struct lfs_layout *l = testutil_layout(4, args);

	assert_int_equal(stripe_create(f->t.s, rel, l, 0644, res, &f->e), 0);
	layout_free(l);
}

#define CREATE(f, rel, res, ...) \
	create(f, rel, (const char *const[]){ __VA_ARGS__, NULL }, res)

static void test_create_capped(void **state)
{
	struct fix *f = *state;
	struct stripe_result res = { 0 };
	struct lfs_layout *l;

	CREATE(f, "wide", &res, "c", "8", "S", "128K");
	assert_int_equal(res.capped_from, 8);
	assert_int_equal(res.capped_to, 4);
	l = get(f, "wide");
	assert_true(l->comps[0].flags & LFS_COMP_INIT);
	assert_int_equal(l->comps[0].nr_objects, 4);
	assert_int_equal(l->comps[0].stripe_size, 128 << 10);
	layout_free(l);

	CREATE(f, "narrow", &res, "c", "2");
	assert_int_equal(res.capped_from, 0);
	l = get(f, "narrow");
	assert_int_equal(l->comps[0].nr_objects, 2);
	layout_free(l);

	/* An existing file with a layout keeps it. */
	l = BUILD("c", "1");
	assert_int_equal(stripe_create(f->t.s, "narrow", l, 0644, NULL, &f->e), -EEXIST);
	assert_string_equal(f->e.msg, "stripe already set: File exists");
	layout_free(l);
}

static void test_dir_default(void **state)
{
	struct fix *f = *state;
	struct lfs_layout *l = BUILD("c", "2", "S", "256K"), *got;

	mkdir_ns(f, "d");
	assert_int_equal(stripe_set_dir_default(f->t.s, "d", l, &f->e), 0);
	layout_free(l);
	got = get(f, "d");
	assert_int_equal(got->comps[0].stripe_count, 2);
	assert_int_equal(got->comps[0].stripe_size, 256 << 10);
	layout_free(got);

	/* A file made in d inherits it. */
	assert_int_equal(stripe_create(f->t.s, "d/f", NULL, 0644, NULL, &f->e), 0);
	got = get(f, "d/f");
	assert_int_equal(got->comps[0].nr_objects, 2);
	layout_free(got);

	/* Deleted, d shows the filesystem default again. */
	assert_int_equal(stripe_del_dir_default(f->t.s, "d", &f->e), 0);
	got = get(f, "d");
	assert_int_equal(got->comps[0].stripe_count, 1);
	assert_int_equal(got->comps[0].stripe_size, MiB);
	layout_free(got);

	assert_int_equal(stripe_del_dir_default(f->t.s, ".", &f->e), -EPERM);
	assert_string_equal(f->e.msg,
		"the root's default is the filesystem default; set it instead of deleting it");
}

/* A PFL default shows each component's unset stripe size and count as
 * the filesystem default's (liblustreapi's sattr_cache_get_defaults), as
 * getstripe -d prints them. */
static void test_dir_default_pfl(void **state)
{
	struct fix *f = *state;
	struct lfs_layout *l = BUILD("E", "1M", "c", "2", "E", "-1", "c", "0", "S", "4M"), *got;

	mkdir_ns(f, "d");
	assert_int_equal(stripe_set_dir_default(f->t.s, "d", l, &f->e), 0);
	layout_free(l);
	got = get(f, "d");
	assert_int_equal(got->nr_comps, 2);
	assert_int_equal(got->comps[0].stripe_count, 2);
	assert_int_equal(got->comps[0].stripe_size, MiB);
	assert_int_equal(got->comps[1].stripe_count, 1);
	assert_int_equal(got->comps[1].stripe_size, 4 * MiB);
	layout_free(got);
}

static void test_root_default_merge(void **state)
{
	struct fix *f = *state;
	struct lfs_layout *l = BUILD("c", "3"), *root = NULL;

	assert_int_equal(stripe_set_dir_default(f->t.s, ".", l, &f->e), 0);
	/* The template passed in is not changed by the merge. */
	assert_int_equal(l->comps[0].stripe_size, 0);
	layout_free(l);
	assert_int_equal(store_root_default(f->t.s, &root), 0);
	assert_int_equal(root->comps[0].stripe_count, 3);
	assert_int_equal(root->comps[0].stripe_size, MiB);
	layout_free(root);

	l = BUILD("S", "2M");
	assert_int_equal(stripe_set_dir_default(f->t.s, ".", l, &f->e), 0);
	layout_free(l);
	assert_int_equal(store_root_default(f->t.s, &root), 0);
	assert_int_equal(root->comps[0].stripe_count, 3);
	assert_int_equal(root->comps[0].stripe_size, 2 * MiB);
	layout_free(root);
}

static void test_pool_must_exist(void **state)
{
	struct fix *f = *state;
	struct lfs_layout *l = BUILD("p", "flash");

	mkdir_ns(f, "d");
	assert_int_equal(stripe_set_dir_default(f->t.s, "d", l, &f->e), -EINVAL);
	assert_string_equal(f->e.msg, "pool 'lustre.flash' does not exist");
	layout_free(l);
}

/* The pool of what getstripe shows for rel. */
static void expect_pool(struct fix *f, const char *rel, const char *pool)
{
	struct lfs_layout *l = get(f, rel);

	for (uint32_t i = 0; i < l->nr_comps; i++)
		assert_string_equal(l->comps[i].pool, pool);
	layout_free(l);
}

static void set_default(struct fix *f, const char *rel, struct lfs_layout *l)
{
	assert_int_equal(stripe_set_dir_default(f->t.s, rel, l, &f->e), 0);
	layout_free(l);
}

/* Lustre 2.15.3: lod_qos_parse_config gives each component of a new
 * file's layout that names no pool and no OST list the pool of the
 * default lod_ah_init took from the parent (else from the root);
 * lod_xattr_set_default_lov_on_dir "Retain[s] the pool name if it is not
 * given"; sanity.sh 56wb: migrate -c 1 leaves the pool when the directory
 * has none. */
static void test_pool_inherited(void **state)
{
	struct fix *f = *state;
	const uint32_t fast[] = { 1, 2, 3 };
	struct lfs_layout *l, *got = NULL;

	assert_int_equal(store_pool_new(f->t.s, "fast", &f->e), 0);
	assert_int_equal(store_pool_add(f->t.s, "fast", fast, 3, &f->e), 0);
	mkdir_ns(f, "d");
	set_default(f, "d", BUILD("p", "fast", "c", "1"));

	/* setstripe -c 2 /d/f: in pool fast, on its OSTs. */
	CREATE(f, "d/f", NULL, "c", "2");
	got = get(f, "d/f");
	assert_string_equal(got->comps[0].pool, "fast");
	assert_int_equal(got->comps[0].nr_objects, 2);
	for (uint32_t i = 0; i < 2; i++)
		assert_int_not_equal(got->comps[0].objects[i].ost, 0);
	layout_free(got);
	/* An OST list is taken as given, without the pool. */
	CREATE(f, "d/o", NULL, "o", "0");
	expect_pool(f, "d/o", "");
	/* -i outside the inherited pool is refused, as lod_check_index_in_pool. */
	l = BUILD("i", "0");
	assert_int_equal(stripe_create(f->t.s, "d/i", l, 0644, NULL, &f->e), -EINVAL);
	assert_string_equal(f->e.msg, "OST 0 is not in pool 'fast'");
	layout_free(l);

	/* migrate -c 1 /d/g: the volatile's layout, filled in /d. */
	l = BUILD("c", "1");
	assert_int_equal(lfs_store_backend.layout_fill(f->t.s, "d/g", l, &got, &f->e), 0);
	assert_string_equal(got->comps[0].pool, "fast");
	layout_free(got);
	/* sanity 56wb: where the directory has no default pool, none. */
	assert_int_equal(lfs_store_backend.layout_fill(f->t.s, "g", l, &got, &f->e), 0);
	assert_string_equal(got->comps[0].pool, "");
	layout_free(got);
	layout_free(l);

	/* A default without a pool keeps the directory's pool, PFL too;
	 * only deleting the default drops it. */
	set_default(f, "d", BUILD("c", "3"));
	expect_pool(f, "d", "fast");
	got = get(f, "d");
	assert_int_equal(got->comps[0].stripe_count, 3);
	layout_free(got);
	set_default(f, "d", BUILD("E", "1M", "c", "1", "E", "-1", "c", "2"));
	expect_pool(f, "d", "fast");
	assert_int_equal(stripe_del_dir_default(f->t.s, "d", &f->e), 0);
	set_default(f, "d", BUILD("c", "2"));
	expect_pool(f, "d", "");

	/* A plain parent default without a pool takes the root's
	 * (lod_ah_init, lod_need_inherit_more from the root). */
	set_default(f, ".", BUILD("p", "fast"));
	CREATE(f, "d/r", NULL, "c", "1");
	expect_pool(f, "d/r", "fast");
	assert_int_equal(stripe_create(f->t.s, "d/n", NULL, 0644, NULL, &f->e), 0);
	expect_pool(f, "d/n", "fast");
}

/* A pool destroyed after a directory default named it: Lustre's
 * lod_qos.c places on all OSTs when lod_find_pool() finds no pool, so
 * files are still made in the directory, without the pool, a file that
 * names it may go anywhere, and only an explicit -p of it is refused
 * (llapi_file_open_param: "pool ... does not exist"). */
static void test_pool_destroyed(void **state)
{
	struct fix *f = *state;
	const uint32_t one[] = { 1 };
	struct lfs_layout *l, *got = NULL;

	assert_int_equal(store_pool_new(f->t.s, "p1", &f->e), 0);
	assert_int_equal(store_pool_add(f->t.s, "p1", one, 1, &f->e), 0);
	mkdir_ns(f, "d");
	set_default(f, "d", BUILD("p", "p1"));
	assert_int_equal(store_pool_remove(f->t.s, "p1", one, 1, &f->e), 0);
	assert_int_equal(store_pool_destroy(f->t.s, "p1", &f->e), 0);

	CREATE(f, "d/f1", NULL, "c", "1");
	expect_pool(f, "d/f1", "");
	assert_int_equal(stripe_create(f->t.s, "d/t", NULL, 0644, NULL, &f->e), 0);
	expect_pool(f, "d/t", "");
	l = BUILD("c", "1");
	assert_int_equal(lfs_store_backend.layout_fill(f->t.s, "d/g", l, &got, &f->e), 0);
	assert_string_equal(got->comps[0].pool, "");
	layout_free(got);
	layout_free(l);
	assert_true(lfs_store_backend.ost_acceptable(f->t.s, "/", 0, "p1"));

	l = BUILD("p", "p1");
	assert_int_equal(stripe_create(f->t.s, "d/x", l, 0644, NULL, &f->e), -EINVAL);
	assert_string_equal(f->e.msg, "pool 'lustre.p1' does not exist");
	layout_free(l);
}

static void test_comp_add(void **state)
{
	struct fix *f = *state;
	struct lfs_layout *add = BUILD("E", "-1", "c", "3"), *l;

	CREATE(f, "pfl", NULL, "E", "1M", "c", "1", "E", "4M", "c", "2");
	assert_int_equal(stripe_comp_add(f->t.s, "pfl", add, &f->e), 0);
	l = get(f, "pfl");
	assert_int_equal(l->nr_comps, 3);
	assert_int_equal(l->comps[2].start, 4 * MiB);
	assert_int_equal(l->comps[2].end, LFS_EOF);
	assert_int_equal(l->comps[2].stripe_count, 3);
	assert_false(l->comps[2].flags & LFS_COMP_INIT);
	layout_free(l);

	/* Nothing can follow a component ending at EOF. */
	assert_int_equal(stripe_comp_add(f->t.s, "pfl", add, &f->e), -EINVAL);
	assert_string_equal(f->e.msg,
		"the last component already ends at EOF: nothing can follow it");

	CREATE(f, "plain", NULL, "c", "1");
	assert_int_equal(stripe_comp_add(f->t.s, "plain", add, &f->e), -EINVAL);
	assert_string_equal(f->e.msg, "not a composite (PFL) file");
	layout_free(add);

	add = BUILD("c", "2");
	assert_int_equal(stripe_comp_add(f->t.s, "pfl", add, &f->e), -EINVAL);
	assert_string_equal(f->e.msg, "--component-add needs -E components");
	layout_free(add);
}

static void test_comp_del(void **state)
{
	struct fix *f = *state;
	struct lfs_layout *l;

	CREATE(f, "pfl", NULL, "E", "1M", "c", "1", "E", "-1", "c", "2");
	l = get(f, "pfl");
	assert_int_equal(l->nr_comps, 2);
	assert_true(l->comps[0].flags & LFS_COMP_INIT);
	assert_false(l->comps[1].flags & LFS_COMP_INIT);
	layout_free(l);

	assert_int_equal(stripe_comp_del(f->t.s, "pfl", 9, &f->e), -ENOENT);
	assert_string_equal(f->e.msg, "no component with id 9");
	assert_int_equal(stripe_comp_del(f->t.s, "pfl", 1, &f->e), -EBUSY);
	assert_string_equal(f->e.msg,
		"component 1 is instantiated: only uninstantiated components can be deleted");
	assert_int_equal(stripe_comp_del(f->t.s, "pfl", 2, &f->e), 0);
	l = get(f, "pfl");
	assert_int_equal(l->nr_comps, 1);
	assert_int_equal(l->comps[0].id, 1);
	layout_free(l);
}

/* stripe_set() routes by what the path is, as lfs setstripe does. */
static void test_set_dispatch(void **state)
{
	struct fix *f = *state;
	struct stripe_req add = { .op = STRIPE_COMP_ADD };
	struct stripe_req del = { .op = STRIPE_DELETE };
	struct stripe_req set = { .op = STRIPE_SET, .mode = 0600 };
	struct stripe_result res;
	struct lfs_layout *l;

	mkdir_ns(f, "d");
	assert_int_equal(stripe_set(f->t.s, "d", &add, &res, &f->e), -EISDIR);
	assert_true(res.dir);
	assert_string_equal(f->e.msg, "component add/delete needs a file");
	assert_int_equal(stripe_set(f->t.s, "d", &set, &res, &f->e), -EINVAL);
	assert_true(res.dir);
	assert_int_equal(stripe_set(f->t.s, "nope", &del, &res, &f->e), -ENOTDIR);
	assert_false(res.dir);
	assert_string_equal(f->e.msg, "--delete applies to directories");
	assert_int_equal(stripe_set(f->t.s, "nope", &add, &res, &f->e), -ENOENT);

	assert_int_equal(stripe_set(f->t.s, "f", &set, &res, &f->e), 0);
	assert_false(res.dir);
	l = get(f, "f");
	assert_int_equal(l->comps[0].stripe_count, 1);
	layout_free(l);
}

static int count_entry(void *arg, struct stripe_entry *ent)
{
	char *seen = arg;

	strcat(seen, ent->path);
	strcat(seen, ent->dir ? "/ " : " ");
	return 0;
}

static void test_walk(void **state)
{
	struct fix *f = *state;
	char seen[256] = "";

	mkdir_ns(f, "d");
	mkdir_ns(f, "d/sub");
	assert_int_equal(stripe_create(f->t.s, "d/f", NULL, 0644, NULL, &f->e), 0);
	assert_int_equal(stripe_create(f->t.s, "d/sub/g", NULL, 0644, NULL, &f->e), 0);

	assert_int_equal(stripe_walk(f->t.s, "d", "/d", 1, count_entry, seen), 0);
	assert_string_equal(seen, "/d/ /d/f /d/sub/ ");
	seen[0] = '\0';
	assert_int_equal(stripe_walk(f->t.s, "d", "/d/", -1, count_entry, seen), 0);
	assert_string_equal(seen, "/d// /d/f /d/sub/ /d/sub/g ");
	assert_int_equal(stripe_walk(f->t.s, "x", "x", -1, count_entry, seen), -ENOENT);
}

static void test_comp_filter(void **state)
{
	struct lfs_component c = { .id = 2, .start = MiB, .end = LFS_EOF };
	struct stripe_comp_filter sel = { 0 };

	(void)state;
	assert_true(stripe_comp_selected(&c, &sel));
	assert_int_equal(stripe_extent_filter_parse("=EOF", &sel.end_op, &sel.end_val), 0);
	assert_true(stripe_comp_selected(&c, &sel));
	assert_int_equal(stripe_extent_filter_parse("+2M", &sel.start_op, &sel.start_val), 0);
	assert_int_equal(sel.start_op, '+');
	assert_false(stripe_comp_selected(&c, &sel));
	assert_int_equal(stripe_extent_filter_parse("-2M", &sel.start_op, &sel.start_val), 0);
	assert_true(stripe_comp_selected(&c, &sel));
	sel.id = 3;
	assert_false(stripe_comp_selected(&c, &sel));
	assert_int_equal(stripe_extent_filter_parse("x", &sel.end_op, &sel.end_val), -EINVAL);
}

static void test_yaml_file(void **state)
{
	struct fix *f = *state;
	struct lfs_layout *l = NULL;
	FILE *y;

	snprintf(f->path, sizeof(f->path), "%s/bad.yaml", f->t.dir);
	y = fopen(f->path, "w");
	assert_non_null(y);
	fputs("/f\n  lmm_stripe_count:  1\n  lmm_stripe_size:   100000\n", y);
	fclose(y);
	assert_int_equal(layout_from_yaml_file(f->path, &l, &f->e), -EINVAL);
	assert_null(l);
	assert_string_equal(f->e.msg,
		"line 3: lmm_stripe_size: 100000 is not a multiple of 65536");

	lfs_error_clear(&f->e);
	snprintf(f->path, sizeof(f->path), "%s/none.yaml", f->t.dir);
	assert_int_equal(layout_from_yaml_file(f->path, &l, &f->e), -ENOENT);
	assert_string_equal(f->e.msg, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create_capped, setup, testutil_teardown),
		cmocka_unit_test_setup_teardown(test_dir_default, setup, testutil_teardown),
		cmocka_unit_test_setup_teardown(test_dir_default_pfl, setup, testutil_teardown),
		cmocka_unit_test_setup_teardown(test_root_default_merge, setup, testutil_teardown),
		cmocka_unit_test_setup_teardown(test_pool_must_exist, setup, testutil_teardown),
		cmocka_unit_test_setup_teardown(test_pool_inherited, setup, testutil_teardown),
		cmocka_unit_test_setup_teardown(test_pool_destroyed, setup, testutil_teardown),
		cmocka_unit_test_setup_teardown(test_comp_add, setup, testutil_teardown),
		cmocka_unit_test_setup_teardown(test_comp_del, setup, testutil_teardown),
		cmocka_unit_test_setup_teardown(test_set_dispatch, setup, testutil_teardown),
		cmocka_unit_test_setup_teardown(test_walk, setup, testutil_teardown),
		cmocka_unit_test(test_comp_filter),
		cmocka_unit_test_setup_teardown(test_yaml_file, setup, testutil_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
