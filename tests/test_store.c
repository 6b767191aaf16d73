/* Unit tests for lib/store.c and lib/store_conf.c: mkfs, open, discovery,
 * configuration round trip, pools and OST states. */
#include "testutil.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ost.h"
#include "store.h"
#include "store_internal.h"

struct fix {
	char dir[64];
	char store[96];
};

static int setup(void **state)
{
	struct fix *f = calloc(1, sizeof(*f));

	strcpy(f->dir, "/tmp/lfs-test-store-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->store, sizeof(f->store), "%s/store", f->dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fix *f = *state;

	testutil_rm_tree(f->dir);
	free(f);
	return 0;
}

static struct lfs_store *mk(struct fix *f, uint32_t osts)
{
	struct lfs_mkfs_opts o = { .osts = osts, .ost_size = 8 << 20 };
	struct lfs_error e = { 0 };
	struct lfs_store *s = NULL;

	assert_int_equal(store_mkfs(f->store, &o, &e), 0);
	assert_int_equal(store_open(f->store, LFS_STORE_RDWR, &s, &e), 0);
	return s;
}

static void test_mkfs_open(void **state)
{
	struct fix *f = *state;
	struct lfs_store *s = mk(f, 3);
	struct lfs_layout *def = NULL;

	assert_string_equal(s->conf->fsname, "lustre");
	assert_int_equal(s->conf->format, LFS_STORE_FORMAT);
	assert_int_equal(s->conf->ost_count, 3);
	assert_int_equal(s->conf->osts[2].capacity, 8 << 20);
	assert_int_equal(s->conf->osts[1].state, OST_ACTIVE);
	assert_true(s->writable);
	assert_int_equal(store_root_default(s, &def), 0);
	assert_int_equal(def->nr_comps, 1);
	assert_int_equal(def->comps[0].stripe_count, 1);
	assert_int_equal(def->comps[0].stripe_size, 1 << 20);
	layout_free(def);
	store_close(s);

	/* Read-only open of the same store. */
	struct lfs_error e = { 0 };
	assert_int_equal(store_open(f->store, LFS_STORE_RDONLY, &s, &e), 0);
	assert_false(s->writable);
	assert_int_equal(s->conf->ost_count, 3);
	store_close(s);
}

static void test_mkfs_options_and_errors(void **state)
{
	struct fix *f = *state;
	struct lfs_mkfs_opts o = { .fsname = "scratch", .osts = 2,
				   .stripe_count = 2, .stripe_size = 4 << 20 };
	struct lfs_error e = { 0 };
	struct lfs_store *s;
	struct lfs_layout *def;
	char path[128];

	assert_int_equal(store_mkfs(f->store, &o, &e), 0);
	assert_int_equal(store_open(f->store, LFS_STORE_RDONLY, &s, &e), 0);
	assert_string_equal(s->conf->fsname, "scratch");
	assert_int_equal(s->conf->osts[0].capacity, 1ULL << 30);
	assert_int_equal(store_root_default(s, &def), 0);
	assert_int_equal(def->comps[0].stripe_count, 2);
	assert_int_equal(def->comps[0].stripe_size, 4 << 20);
	layout_free(def);
	store_close(s);

	/* Again on the same store: already holds a store. */
	lfs_error_clear(&e);
	assert_int_equal(store_mkfs(f->store, &o, &e), -EEXIST);
	assert_non_null(strstr(e.msg, "already holds a store"));

	/* A non-empty directory that is not a store. */
	snprintf(path, sizeof(path), "%s/other", f->dir);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/other/file", f->dir);
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fclose(fp);
	snprintf(path, sizeof(path), "%s/other", f->dir);
	lfs_error_clear(&e);
	assert_int_equal(store_mkfs(path, &o, &e), -ENOTEMPTY);
	assert_non_null(strstr(e.msg, "directory not empty"));
	/* Nothing was added to it. */
	snprintf(path, sizeof(path), "%s/other/lfs-store.conf", f->dir);
	assert_int_not_equal(access(path, F_OK), 0);

	/* Bad options. */
	snprintf(path, sizeof(path), "%s/bad", f->dir);
	struct lfs_mkfs_opts bad1 = { .fsname = "waytoolongname", .osts = 1 };
	struct lfs_mkfs_opts bad2 = { .fsname = "a-b", .osts = 1 };
	struct lfs_mkfs_opts bad3 = { .osts = 0 };
	struct lfs_mkfs_opts bad4 = { .osts = 1, .stripe_size = 65537 };
	struct lfs_mkfs_opts bad5 = { .osts = 1, .stripe_count = -2 };
	assert_int_equal(store_mkfs(path, &bad1, &e), -EINVAL);
	assert_int_equal(store_mkfs(path, &bad2, &e), -EINVAL);
	assert_int_equal(store_mkfs(path, &bad3, &e), -EINVAL);
	assert_int_equal(store_mkfs(path, &bad4, &e), -EINVAL);
	assert_int_equal(store_mkfs(path, &bad5, &e), -EINVAL);
	assert_int_not_equal(access(path, F_OK), 0);   /* not even created */
}

static void test_open_not_a_store(void **state)
{
	struct fix *f = *state;
	struct lfs_error e = { 0 };
	struct lfs_store *s = NULL;

	assert_int_not_equal(store_open(f->dir, LFS_STORE_RDONLY, &s, &e), 0);
	assert_null(s);
	assert_int_not_equal(e.msg[0], 0);
}

static int set_nocreate3(struct lfs_conf *c, void *arg, struct lfs_error *e)
{
	(void)arg; (void)e;
	c->osts[3].nocreate = true;
	c->osts[1].capacity = 12345 * 4096;
	return 0;
}

static int fail_update(struct lfs_conf *c, void *arg, struct lfs_error *e)
{
	(void)arg;
	c->ost_count = 1;
	return lfs_error_set(e, -EPERM, "no");
}

static void test_conf_round_trip(void **state)
{
	struct fix *f = *state;
	struct lfs_store *s = mk(f, 4), *r;
	struct lfs_error e = { 0 };
	uint32_t osts[] = { 0, 2 };

	assert_int_equal(store_pool_new(s, "flash", &e), 0);
	assert_int_equal(store_pool_add(s, "flash", osts, 2, &e), 0);
	assert_int_equal(store_pool_new(s, "lustre.slow", &e), 0); /* prefix */
	assert_int_equal(store_ost_set(s, 1, OST_OP_DEACTIVATE, &e), 0);
	assert_int_equal(store_ost_set(s, 2, OST_OP_DEGRADE, &e), 0);
	assert_int_equal(store_conf_update(s, set_nocreate3, NULL, &e), 0);
	/* A failing update writes nothing. */
	assert_int_equal(store_conf_update(s, fail_update, NULL, &e), -EPERM);
	assert_int_equal(s->conf->ost_count, 4);

	/* A second handle sees exactly the same configuration. */
	assert_int_equal(store_open(f->store, LFS_STORE_RDONLY, &r, &e), 0);
	assert_memory_equal(r->conf, s->conf, sizeof(*r->conf));
	assert_int_equal(r->conf->nr_pools, 2);
	const struct lfs_pool *p = store_pool_find(r->conf, "flash");
	assert_non_null(p);
	assert_int_equal(p->nr_osts, 2);
	assert_true(store_pool_has(p, 0));
	assert_true(store_pool_has(p, 2));
	assert_false(store_pool_has(p, 1));
	assert_non_null(store_pool_find(r->conf, "slow"));
	assert_int_equal(r->conf->osts[1].state, OST_INACTIVE);
	assert_true(r->conf->osts[2].degraded);
	assert_true(r->conf->osts[3].nocreate);
	assert_int_equal(r->conf->osts[1].capacity, 12345 * 4096);
	/* Changes through one handle reach the other on reload. */
	assert_int_equal(store_ost_set(s, 1, OST_OP_ACTIVATE, &e), 0);
	assert_int_equal(store_conf_reload(r), 0);
	assert_int_equal(r->conf->osts[1].state, OST_ACTIVE);
	store_close(r);
	store_close(s);
}

static void test_pools(void **state)
{
	struct fix *f = *state;
	struct lfs_store *s = mk(f, 4);
	struct lfs_error e = { 0 };
	uint32_t o1[] = { 1 }, o13[] = { 1, 3 }, o9[] = { 9 };

	assert_int_equal(store_pool_new(s, "flash", &e), 0);
	lfs_error_clear(&e);
	assert_int_equal(store_pool_new(s, "flash", &e), -EEXIST);
	assert_string_equal(e.msg, "pool lustre.flash already exists");
	lfs_error_clear(&e);
	assert_int_equal(store_pool_add(s, "nope", o1, 1, &e), -ENOENT);
	assert_string_equal(e.msg, "pool lustre.nope not found");
	assert_int_equal(store_pool_add(s, "flash", o13, 2, &e), 0);
	lfs_error_clear(&e);
	assert_int_equal(store_pool_add(s, "flash", o1, 1, &e), -EEXIST);
	assert_string_equal(e.msg,
		"lustre-OST0001_UUID is already in pool lustre.flash");
	assert_int_equal(store_pool_add(s, "flash", o9, 1, &e), -ENODEV);
	lfs_error_clear(&e);
	assert_int_equal(store_pool_destroy(s, "flash", &e), -ENOTEMPTY);
	assert_non_null(strstr(e.msg, "not empty"));
	assert_int_equal(store_pool_remove(s, "flash", o1, 1, &e), 0);
	lfs_error_clear(&e);
	assert_int_equal(store_pool_remove(s, "flash", o1, 1, &e), -ENOENT);
	assert_string_equal(e.msg,
		"lustre-OST0001_UUID is not in pool lustre.flash");
	const struct lfs_pool *p = store_pool_find(s->conf, "flash");
	assert_int_equal(p->nr_osts, 1);
	assert_int_equal(p->osts[0], 3);
	assert_int_equal(store_pool_remove(s, "flash", &o13[1], 1, &e), 0);
	assert_int_equal(store_pool_destroy(s, "flash", &e), 0);
	assert_null(store_pool_find(s->conf, "flash"));
	assert_int_equal(store_pool_destroy(s, "flash", &e), -ENOENT);
	/* Names: too long, reserved, empty. */
	assert_int_equal(store_pool_new(s, "sixteencharslong", &e), -EINVAL);
	assert_int_equal(store_pool_new(s, "fifteencharslon", &e), 0);
	assert_int_equal(store_pool_new(s, "ignore", &e), -EINVAL);
	assert_int_equal(store_pool_new(s, "inherit", &e), -EINVAL);
	assert_int_equal(store_pool_new(s, "", &e), -EINVAL);
	assert_int_equal(store_pool_new(s, "none", &e), -EINVAL);
	/* Destroying a middle pool keeps the others. */
	assert_int_equal(store_pool_new(s, "a", &e), 0);
	assert_int_equal(store_pool_new(s, "b", &e), 0);
	assert_int_equal(store_pool_destroy(s, "a", &e), 0);
	assert_non_null(store_pool_find(s->conf, "b"));
	assert_non_null(store_pool_find(s->conf, "fifteencharslon"));
	store_close(s);
}

static void test_ost_states(void **state)
{
	struct fix *f = *state;
	struct lfs_store *s = mk(f, 3);
	struct lfs_error e = { 0 };

	assert_true(store_ost_usable(s->conf, 0));
	assert_false(store_ost_usable(s->conf, 3));
	assert_int_equal(store_ost_set(s, 0, OST_OP_DEACTIVATE, &e), 0);
	assert_false(store_ost_usable(s->conf, 0));
	assert_int_equal(store_ost_set(s, 0, OST_OP_ACTIVATE, &e), 0);
	assert_true(store_ost_usable(s->conf, 0));
	assert_int_equal(store_ost_set(s, 1, OST_OP_NOCREATE, &e), 0);
	assert_false(store_ost_usable(s->conf, 1));
	assert_int_equal(s->conf->osts[1].state, OST_ACTIVE);
	assert_int_equal(store_ost_set(s, 1, OST_OP_CREATE, &e), 0);
	assert_true(store_ost_usable(s->conf, 1));
	assert_int_equal(store_ost_set(s, 2, OST_OP_DEGRADE, &e), 0);
	assert_true(s->conf->osts[2].degraded);
	assert_true(store_ost_usable(s->conf, 2));   /* degraded still usable */
	assert_int_equal(store_ost_set(s, 2, OST_OP_UNDEGRADE, &e), 0);
	assert_false(s->conf->osts[2].degraded);
	lfs_error_clear(&e);
	assert_int_equal(store_ost_set(s, 3, OST_OP_DEGRADE, &e), -ENODEV);
	assert_non_null(strstr(e.msg, "OST 3 does not exist"));
	store_close(s);
}

static void test_parse_ost_name(void **state)
{
	struct lfs_conf *c = calloc(1, sizeof(*c));
	uint32_t o = 99;
	(void)state;

	strcpy(c->fsname, "lustre");
	c->ost_count = 20;
	assert_int_equal(store_parse_ost_name(c, "3", &o), 0);
	assert_int_equal(o, 3);
	assert_int_equal(store_parse_ost_name(c, "0x3", &o), 0);
	assert_int_equal(o, 3);
	assert_int_equal(store_parse_ost_name(c, "10", &o), 0);
	assert_int_equal(o, 10);
	assert_int_equal(store_parse_ost_name(c, "010", &o), 0);
	assert_int_equal(o, 10);            /* decimal, as Lustre's index */
	assert_int_equal(store_parse_ost_name(c, "lustre-OST0003", &o), 0);
	assert_int_equal(o, 3);
	assert_int_equal(store_parse_ost_name(c, "lustre-OST0003_UUID", &o), 0);
	assert_int_equal(o, 3);
	assert_int_equal(store_parse_ost_name(c, "lustre-OST0010_UUID", &o), 0);
	assert_int_equal(o, 16);            /* the name is hex */
	o = 99;
	static const char *bad[] = { "", "-1", "x", "3x", "0x", " 3", "+3",
		"lustre-OST", "lustre-OST_UUID", "lustre-OST0003_UUIDx",
		"lustre-OST0003x", "other-OST0003", "lustre-MDT0000",
		"lustre-OST-001", "lustre-OST 3", "lustre-OST+3" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rc = store_parse_ost_name(c, bad[i], &o);

		if (rc != -EINVAL)
			fail_msg("'%s' gave %d", bad[i], rc);
	}
	assert_int_equal(o, 99);
	assert_int_equal(store_parse_ost_name(c, "20", &o), -ENODEV);
	assert_int_equal(store_parse_ost_name(c, "lustre-OST0014", &o), -ENODEV);
	assert_int_equal(store_parse_ost_name(c, "99999999999999999999", &o),
			 -EINVAL);
	free(c);
}

static void test_discover(void **state)
{
	struct fix *f = *state;
	struct lfs_store *s = mk(f, 1);
	char old[PATH_MAX], sub[160], *out = NULL, real[PATH_MAX];
	const char *env = getenv("LFS_STORE");
	char *saved = env ? strdup(env) : NULL;

	store_close(s);
	assert_non_null(realpath(f->store, real));
	assert_non_null(getcwd(old, sizeof(old)));

	/* Explicit wins. */
	setenv("LFS_STORE", "/nonexistent", 1);
	assert_int_equal(store_discover(f->store, &out), 0);
	assert_string_equal(out, real);
	free(out);
	/* $LFS_STORE. */
	setenv("LFS_STORE", f->store, 1);
	assert_int_equal(store_discover(NULL, &out), 0);
	assert_string_equal(out, real);
	free(out);
	/* cwd ancestors: from deep inside the namespace. */
	unsetenv("LFS_STORE");
	snprintf(sub, sizeof(sub), "%s/mdt/ROOT", f->store);
	assert_int_equal(chdir(sub), 0);
	assert_int_equal(store_discover(NULL, &out), 0);
	assert_string_equal(out, real);
	free(out);
	assert_int_equal(chdir(f->store), 0);
	assert_int_equal(store_discover("", &out), 0);
	assert_string_equal(out, real);
	free(out);
	/* None found. */
	assert_int_equal(chdir(f->dir), 0);
	out = NULL;
	assert_int_equal(store_discover(NULL, &out), -ENOENT);
	assert_null(out);

	assert_int_equal(chdir(old), 0);
	if (saved) {
		setenv("LFS_STORE", saved, 1);
		free(saved);
	}
}

/* Messages carry names and configuration lines escaped, never raw. */
static void test_escape(void **state)
{
	char out[16];

	(void)state;
	assert_string_equal(lfs_escape("a b", out, sizeof(out)), "a b");
	assert_string_equal(lfs_escape("z\nf\t\\\x1b", out, sizeof(out)),
			    "z\\nf\\t\\\\\\x1b");
	assert_string_equal(lfs_escape("\xff", out, sizeof(out)), "\\xff");
	/* Cut short: "..." and the NUL fit, an escape is never split. */
	assert_string_equal(lfs_escape("0123456789abcdef", out, sizeof(out)),
			    "0123456789ab...");
	assert_string_equal(lfs_escape("0123456789a\x01", out, sizeof(out)),
			    "0123456789a...");
}

/* Destroy a large object of a handle opened with `mode` while it is
 * open, close it, and say whether a process was started for it: as a
 * subreaper the test inherits the helper's own child, if any. */
static bool close_forks(struct fix *f, int mode)
{
	struct lfs_pfid pf = { .parent = { 1, 0 } };
	struct lfs_error e = { 0 };
	struct lfs_store *s, *again;
	uint64_t id;
	pid_t pid;
	int fd;

	assert_int_equal(store_open(f->store, mode, &s, &e), 0);
	/* A worker's handle inherits the mode. */
	assert_int_equal(store_open_again(s, &again, &e), 0);
	store_close(s);
	assert_int_equal(ost_reserve_id(again, 0, &id, &e), 0);
	assert_int_equal(ost_object_create(again, 0, id, &pf), 0);
	fd = ost_object_open(again, 0, id, O_RDWR);
	assert_true(fd >= 3);
	assert_int_equal(posix_fallocate(fd, 0, OST_FREE_LATER_BYTES), 0);
	assert_int_equal(ost_object_destroy(again, 0, id), 0);
	assert_int_equal(prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
	ost_object_close(again, fd);
	pid = waitpid(-1, NULL, mode & LFS_STORE_FREE_LATER ? 0 : WNOHANG);
	assert_int_equal(prctl(PR_SET_CHILD_SUBREAPER, 0), 0);
	store_close(again);
	return pid != -1;     /* -1: ECHILD, no child at all */
}

/* The library starts no process unless the handle was opened with
 * LFS_STORE_FREE_LATER (as the command line does). */
static void test_free_later_option(void **state)
{
	struct fix *f = *state;

	store_close(mk(f, 1));
	assert_false(close_forks(f, LFS_STORE_RDWR));
	assert_true(close_forks(f, LFS_STORE_RDWR | LFS_STORE_FREE_LATER));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_mkfs_open, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mkfs_options_and_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_not_a_store, setup, teardown),
		cmocka_unit_test_setup_teardown(test_conf_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pools, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ost_states, setup, teardown),
		cmocka_unit_test(test_parse_ost_name),
		cmocka_unit_test(test_escape),
		cmocka_unit_test_setup_teardown(test_discover, setup, teardown),
		cmocka_unit_test_setup_teardown(test_free_later_option, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
