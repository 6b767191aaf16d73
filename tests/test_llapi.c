/* Unit tests for lib/llapi.c: loading liblustreapi (its errors), and the
 * layout conversions both ways, through the test double
 * (build/tests/liblustreapi-double.so, beside this binary). */
#include "testutil.h"

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "llapi.h"

static char double_path[PATH_MAX];

static int setup(void **state)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	(void)state;
	if (n < 0)
		return -1;
	exe[n] = '\0';
	snprintf(double_path, sizeof(double_path), "%s/liblustreapi-double.so",
		 dirname(exe));
	return access(double_path, R_OK);
}

static struct lfs_llapi *load(void)
{
	struct lfs_error e = { 0, "" };
	struct lfs_llapi *api = NULL;

	setenv(LLAPI_ENV, double_path, 1);
	assert_int_equal(llapi_load(&api, &e), 0);
	assert_non_null(api);
	return api;
}

static void test_load_errors(void **state)
{
	struct lfs_error e = { 0, "" };
	struct lfs_llapi *api = (void *)1;

	(void)state;
	setenv(LLAPI_ENV, "/nonexistent/liblustreapi.so.1", 1);
	assert_int_equal(llapi_load(&api, &e), -ENOPKG);
	assert_null(api);
	assert_non_null(strstr(e.msg, "Lustre client library /nonexistent/liblustreapi.so.1 not found (dlopen: "));
	/* A library without the calls: the first missing one is named. */
	setenv(LLAPI_ENV, "libz.so.1", 1);
	assert_int_equal(llapi_load(&api, &e), -ENOPKG);
	assert_string_equal(e.msg, "Lustre client library libz.so.1 has no llapi_layout_get_by_path (Lustre 2.15 or later is needed)");
	llapi_unload(load());
}

/* t through Lustre's layout and back: the same template. */
static void round_trip(const struct lfs_layout *t)
{
	struct lfs_llapi *api = load();
	struct llapi_layout *ll = NULL;
	struct lfs_layout *back = NULL;

	assert_int_equal(llapi_from_layout(api, t, &ll), 0);
	assert_int_equal(llapi_to_layout(api, ll, &back), 0);
	api->f.layout_free(ll);
	assert_int_equal(back->composite, t->composite);
	assert_int_equal(back->nr_comps, t->nr_comps);
	for (uint32_t i = 0; i < t->nr_comps; i++) {
		const struct lfs_component *a = &t->comps[i], *b = &back->comps[i];

		assert_int_equal(b->start, a->start);
		assert_int_equal(b->end, a->end);
		assert_int_equal(b->stripe_size, a->stripe_size);
		assert_int_equal(b->stripe_count, a->nr_osts ? (int32_t)a->nr_osts : a->stripe_count);
		assert_int_equal(b->stripe_offset, a->nr_osts ? (int32_t)layout_listed_ost(a, 0) :
				 a->stripe_offset);
		assert_int_equal(b->pattern, a->pattern ? a->pattern : LFS_PATTERN_RAID0);
		assert_string_equal(b->pool, a->pool);
		assert_false(b->flags & LFS_COMP_INIT);
	}
	layout_free(back);
	llapi_unload(api);
}

static struct lfs_layout *build(const char *const *args)
{
	struct lfs_layout_builder b;
	struct lfs_layout *l = NULL;

	layout_builder_init(&b);
	for (; *args; args += 2)
		assert_int_equal(layout_builder_option(&b, args[0][0], args[1], NULL), 0);
	assert_int_equal(layout_builder_finish(&b, 8, &l, NULL), 0);
	layout_builder_free(&b);
	return l;
}

#define TRIP(...) do { \
		struct lfs_layout *l = build((const char *const[]){ __VA_ARGS__, NULL }); \
		round_trip(l); \
		layout_free(l); \
	} while (0)

static void test_round_trips(void **state)
{
	(void)state;
	TRIP("c", "2");
	TRIP("c", "-1", "S", "4M");
	TRIP("i", "3", "p", "flash");
	TRIP("C", "4");
	TRIP("E", "1M", "c", "1", "E", "64M", "c", "2", "p", "fast", "E", "-1", "c", "-1");
	TRIP("E", "-1", "S", "2M");
}

/* An OST list comes back as the stripes' OSTs in the allocator's order
 * (layout_listed_ost), the pattern SPECIFIC. */
static void test_ost_list(void **state)
{
	struct lfs_llapi *api = load();
	struct lfs_layout *l = build((const char *const[]){ "o", "5,1,2", "i", "1", NULL });
	struct llapi_layout *ll = NULL;
	uint64_t idx, pattern, count;

	(void)state;
	assert_int_equal(llapi_from_layout(api, l, &ll), 0);
	assert_int_equal(api->f.layout_stripe_count_get(ll, &count), 0);
	assert_int_equal(count, 3);
	assert_int_equal(api->f.layout_pattern_get(ll, &pattern), 0);
	assert_true(pattern & LLAPI_LAYOUT_SPECIFIC);
	for (uint64_t i = 0; i < 3; i++) {
		assert_int_equal(api->f.layout_ost_index_get(ll, i, &idx), 0);
		assert_int_equal(idx, layout_listed_ost(&l->comps[0], (uint32_t)i));
	}
	assert_int_equal(api->f.layout_ost_index_get(ll, 0, &idx), 0);
	assert_int_equal(idx, 1);
	api->f.layout_free(ll);
	layout_free(l);
	llapi_unload(api);
}

/* Unset fields are Lustre's LLAPI_LAYOUT_DEFAULT, a count of -1 WIDE. */
static void test_defaults(void **state)
{
	struct lfs_llapi *api = load();
	struct lfs_layout *l = build((const char *const[]){ "c", "-1", NULL });
	struct llapi_layout *ll = NULL;
	uint64_t v;

	(void)state;
	assert_int_equal(llapi_from_layout(api, l, &ll), 0);
	assert_int_equal(api->f.layout_stripe_count_get(ll, &v), 0);
	assert_true(v == LLAPI_LAYOUT_WIDE);
	assert_int_equal(api->f.layout_stripe_size_get(ll, &v), 0);
	assert_true(v == LLAPI_LAYOUT_DEFAULT);
	assert_int_equal(api->f.layout_ost_index_get(ll, 0, &v), 0);
	assert_true(v == LLAPI_LAYOUT_DEFAULT);
	assert_false(api->f.layout_is_composite(ll));
	api->f.layout_free(ll);
	layout_free(l);
	llapi_unload(api);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load_errors),
		cmocka_unit_test(test_round_trips),
		cmocka_unit_test(test_ost_list),
		cmocka_unit_test(test_defaults),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
