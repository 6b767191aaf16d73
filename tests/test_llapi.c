/* Unit tests for lib/llapi.c: loading liblustreapi (its errors), the
 * layout conversions both ways, and the double's component add/delete
 * semantics, through the test double
 * (build/tests/liblustreapi-double.so, beside this binary). */
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

/* The number of components of the file at path, through the double. */
static uint32_t comps_of(struct lfs_llapi *api, const char *path)
{
	struct lfs_layout *l = NULL;
	uint32_t n;

	assert_int_equal(llapi_take_layout(api, api->f.layout_get_by_path(path, 0), &l), 0);
	n = l->nr_comps;
	layout_free(l);
	return n;
}

/* llapi_layout_file_comp_add/_del in the double: liblustreapi's argument
 * checks, the MDS's (adjacent extents; deletion from the end only; by id,
 * by flags, by LCME_FL_NEG flags), the data of a deleted instantiated
 * component cut off. */
static void test_comp_edit(void **state)
{
	struct testutil_store srv;
	struct lfs_llapi *api;
	struct lfs_layout *l = build((const char *const[]){ "E", "1M", "c", "1", "E", "4M",
							   "c", "2", "E", "8M", "c", "2", NULL });
	struct lfs_layout *add = build((const char *const[]){ "E", "-1", "c", "1", NULL });
	struct llapi_layout *ll = NULL, *la = NULL;
	char mnt[160], path[200];
	int fd;

	(void)state;
	assert_int_equal(testutil_store_make(&srv, "llapi-comp", 4, 0), 0);
	snprintf(mnt, sizeof(mnt), "%s/mnt", srv.dir);
	snprintf(path, sizeof(path), "%s/f", mnt);
	assert_int_equal(mkdir(mnt, 0755), 0);
	setenv("LLAPI_DOUBLE_SERVERS", srv.path, 1);
	setenv(LLAPI_TEST_MOUNT_ENV, mnt, 1);
	api = load();
	assert_int_equal(llapi_from_layout(api, l, &ll), 0);
	fd = api->f.layout_file_open(path, O_CREAT | O_WRONLY, 0644, ll);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "x", 1), 1);
	close(fd);
	assert_int_equal(comps_of(api, path), 3);
	/* Both an id and flags, neither, an id past LCME_ID_MAX: EINVAL. */
	errno = 0;
	assert_int_equal(api->f.layout_file_comp_del(path, 3, LLAPI_LCME_FL_INIT), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(api->f.layout_file_comp_del(path, 0, 0), -1);
	assert_int_equal(api->f.layout_file_comp_del(path, LLAPI_LCME_ID_MAX + 1, 0), -1);
	/* Not found, or a hole left behind: EINVAL, nothing deleted. */
	errno = 0;
	assert_int_equal(api->f.layout_file_comp_del(path, 9, 0), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(api->f.layout_file_comp_del(path, 2, 0), -1);
	assert_int_equal(comps_of(api, path), 3);
	/* Adding after a component not ending at EOF: a layout whose first
	 * extent starts elsewhere, or a plain one, is EINVAL. */
	assert_int_equal(llapi_from_layout(api, add, &la), 0);
	assert_int_equal(api->f.layout_comp_extent_set(la, 4 << 20, LLAPI_LUSTRE_EOF), 0);
	assert_int_equal(api->f.layout_file_comp_add(path, la), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(api->f.layout_comp_extent_set(la, 8 << 20, LLAPI_LUSTRE_EOF), 0);
	assert_int_equal(api->f.layout_file_comp_add(path, la), 0);
	assert_int_equal(comps_of(api, path), 4);
	/* ^init: every uninstantiated component from the end. */
	assert_int_equal(api->f.layout_file_comp_del(path, 0, LLAPI_LCME_FL_NEG | LLAPI_LCME_FL_INIT), 0);
	assert_int_equal(comps_of(api, path), 1);
	/* The instantiated one goes too (Lustre destroys its objects): no
	 * layout left, its data gone. */
	assert_int_equal(api->f.layout_file_comp_del(path, 1, 0), 0);
	{
		struct stat st;

		assert_int_equal(stat(path, &st), 0);
		assert_int_equal(st.st_size, 0);
	}
	/* A plain file: not composite, EINVAL. */
	assert_int_equal(comps_of(api, path), 1);
	assert_int_equal(api->f.layout_file_comp_add(path, la), -1);
	assert_int_equal(errno, EINVAL);
	api->f.layout_free(la);
	api->f.layout_free(ll);
	layout_free(add);
	layout_free(l);
	llapi_unload(api);
	unsetenv(LLAPI_TEST_MOUNT_ENV);
	testutil_store_remove(&srv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load_errors),
		cmocka_unit_test(test_round_trips),
		cmocka_unit_test(test_ost_list),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_comp_edit),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
