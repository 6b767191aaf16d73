/* Unit tests for lib/ost_admin.c: adding and removing OSTs, the
 * configuration's path= and removed= keys, handles that see the store
 * grow, unavailable OSTs. */
#include "testutil.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ost.h"
#include "store.h"
#include "store_internal.h"

/* The shared fixture (testutil.h), its handle closed: each test opens
 * the store as it needs; disk stands for another filesystem (--path). */
struct fix {
	struct testutil_store t;
	char disk[96];
};

static int setup(void **state)
{
	struct fix *f;

	if (testutil_fixture_make(state, sizeof(*f), "ostadm", 2, 8 << 20))
		return -1;
	f = *state;
	store_close(f->t.s);
	f->t.s = NULL;
	snprintf(f->disk, sizeof(f->disk), "%s/disk", f->t.dir);
	return mkdir(f->disk, 0755);
}

static void test_conf_keys(void **state)
{
	static const char good[] =
		"format 1\nfsname lustre\nosts 3\n"
		"ost 0 capacity=1M state=active nocreate=0 degraded=0\n"
		"ost 1 capacity=1M state=inactive nocreate=1 degraded=0 removed=1\n"
		"ost 2 capacity=1M state=active nocreate=0 degraded=0 path=/mnt/d/OST0002\n";
	struct lfs_conf *c = calloc(1, sizeof(*c));
	struct lfs_error e = { 0 };

	(void)state;
	assert_int_equal(store_conf_parse(good, sizeof(good) - 1, c, &e), 0);
	assert_false(c->osts[0].removed);
	assert_string_equal(c->osts[0].path, "");
	assert_true(c->osts[1].removed);
	assert_false(store_ost_usable(c, 1));
	assert_string_equal(c->osts[2].path, "/mnt/d/OST0002");
	/* An empty path is malformed, not "in the store". */
	static const char empty[] = "format 1\nfsname lustre\nosts 1\nost 0 path=\n";
	assert_int_equal(store_conf_parse(empty, sizeof(empty) - 1, c, &e), -EINVAL);
	assert_string_equal(e.msg, "lfs-store.conf line 4: malformed entry 'ost 0 path='");
	free(c);
}

static void test_add_grows_other_handles(void **state)
{
	struct fix *f = *state;
	struct lfs_ost_add_opts o = { 3, 0, NULL };
	struct lfs_error e = { 0 };
	struct lfs_store *a, *b;
	uint32_t first;
	uint64_t id;

	assert_int_equal(store_open(f->t.path, LFS_STORE_RDWR, &a, &e), 0);
	assert_int_equal(store_open(f->t.path, LFS_STORE_RDONLY, &b, &e), 0);
	assert_int_equal(store_ost_add(a, &o, &first, &e), 0);
	assert_int_equal(first, 2);
	assert_int_equal(store_conf(a)->ost_count, 5);
	assert_int_equal(store_conf(a)->osts[4].capacity, 8 << 20);
	/* The other handle grows its per-OST arrays on reload. */
	assert_int_equal(store_conf_reload(b), 0);
	assert_int_equal(store_conf(b)->ost_count, 5);
	assert_int_equal(store_ost_state(b, 4), 0);
	assert_int_equal(ost_reserve_id(a, 4, &id, &e), 0);
	store_close(b);
	store_close(a);
}

static void test_path_and_unavailable(void **state)
{
	struct fix *f = *state;
	struct lfs_ost_add_opts o = { 1, 16 << 20, f->disk };
	struct lfs_error e = { 0 };
	struct lfs_store *s;
	char dir[PATH_MAX], away[PATH_MAX];
	uint32_t first;

	assert_int_equal(store_open(f->t.path, LFS_STORE_RDWR, &s, &e), 0);
	assert_int_equal(store_ost_add(s, &o, &first, &e), 0);
	assert_int_equal(store_ost_dir(s, 2, dir, sizeof(dir)), 0);
	snprintf(away, sizeof(away), "%s/OST0002", f->disk);
	assert_string_equal(dir, away);
	store_close(s);
	snprintf(away, sizeof(away), "%s/away", f->t.dir);
	assert_int_equal(rename(dir, away), 0);
	/* A missing OST directory: the store opens, that OST is out. */
	assert_int_equal(store_open(f->t.path, LFS_STORE_RDWR, &s, &e), 0);
	assert_int_equal(store_ost_state(s, 2), -ENOENT);
	assert_int_equal(store_conf(s)->osts[2].state, OST_INACTIVE);
	assert_false(store_ost_usable(store_conf(s), 2));
	assert_int_equal(ost_object_open(s, 2, 1, 0), -ENOMEDIUM);
	assert_int_equal(store_ost_remove(s, 2, NULL, &e), -ENOENT);
	store_close(s);
	assert_int_equal(rename(away, dir), 0);
	assert_int_equal(store_open(f->t.path, LFS_STORE_RDWR, &s, &e), 0);
	assert_int_equal(store_ost_state(s, 2), 0);
	assert_int_equal(store_ost_remove(s, 2, NULL, &e), 0);
	assert_int_equal(access(dir, F_OK), -1);
	assert_int_equal(store_ost_state(s, 2), -ENODEV);
	assert_int_equal(store_ost_remove(s, 2, NULL, &e), -ENODEV);
	store_close(s);
}

/* An interrupt during the namespace walk leaves the OST as it was: not
 * removed, and not fenced (nocreate) either. */
static void test_remove_interrupted(void **state)
{
	struct fix *f = *state;
	volatile sig_atomic_t cancel = SIGINT;
	struct lfs_error e = { 0 };
	struct lfs_store *s;

	assert_int_equal(store_open(f->t.path, LFS_STORE_RDWR, &s, &e), 0);
	assert_int_equal(store_ost_remove(s, 1, &cancel, &e), -EINTR);
	assert_false(store_conf(s)->osts[1].removed);
	assert_false(store_conf(s)->osts[1].nocreate);
	assert_int_equal(store_ost_state(s, 1), 0);
	store_close(s);
	assert_int_equal(store_open(f->t.path, LFS_STORE_RDWR, &s, &e), 0);
	assert_false(store_conf(s)->osts[1].nocreate);
	assert_int_equal(store_ost_remove(s, 1, NULL, &e), 0);
	store_close(s);
}

static void test_bad_add(void **state)
{
	struct fix *f = *state;
	struct lfs_ost_add_opts o = { LFS_MAX_OSTS - 1, 0, NULL };
	struct lfs_error e = { 0 };
	struct lfs_store *s;
	uint32_t first;

	assert_int_equal(store_open(f->t.path, LFS_STORE_RDWR, &s, &e), 0);
	assert_int_equal(store_ost_add(s, &o, &first, &e), -ENOSPC);
	assert_string_equal(e.msg, "cannot add 1023 OST(s): the store has used 2 of its 1024 OST indexes");
	assert_int_equal(store_conf(s)->ost_count, 2);
	o.count = 1;
	o.path = "/nonexistent-lfs-dir";
	assert_int_equal(store_ost_add(s, &o, &first, &e), -ENOENT);
	assert_int_equal(store_conf(s)->ost_count, 2);
	store_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_conf_keys),
		cmocka_unit_test_setup_teardown(test_add_grows_other_handles, setup, testutil_teardown),
		cmocka_unit_test_setup_teardown(test_path_and_unavailable, setup, testutil_teardown),
		cmocka_unit_test_setup_teardown(test_remove_interrupted, setup, testutil_teardown),
		cmocka_unit_test_setup_teardown(test_bad_add, setup, testutil_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
