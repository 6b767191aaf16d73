/* Unit tests for lib/runs.c: a run's record written, listed by another
 * handle, replaced whole, removed at the end; a dead writer's record
 * shown dead, then removed by recovery. A Lustre client's runs in this
 * host's run directory, per filesystem; a dead one listed once; a
 * directory open to others refused. */
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runs.h"

static int setup(void **state)
{
	return testutil_fixture_make(state, sizeof(struct testutil_store), "runs", 2, 0);
}

static struct lfs_store *reader(const struct testutil_store *t)
{
	struct lfs_error e = { 0 };
	struct lfs_store *r = NULL;

	assert_int_equal(store_open(t->path, LFS_STORE_RDONLY, &r, &e), 0);
	return r;
}

static void test_record_listed_and_removed(void **state)
{
	struct testutil_store *t = *state;
	struct run_record rec = { .started = 1000, .files_total = 5, .bytes = 7 };
	struct lfs_store *rd = reader(t);
	struct runs_writer *w;
	struct run_record *v;
	size_t n;

	assert_int_equal(runs_start(t->s, &w), 0);
	/* No record before the first update. */
	assert_int_equal(runs_list(rd, &v, &n), 0);
	assert_int_equal(n, 0);
	assert_null(v);

	strcpy(rec.current, "/a\nb: c");   /* a name with a newline */
	assert_int_equal(runs_update(w, &rec), 0);
	rec.files_done = 2;
	rec.rate = 1048576;
	assert_int_equal(runs_update(w, &rec), 0);
	assert_int_equal(runs_list(rd, &v, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].pid, getpid());
	assert_int_equal(v[0].started, 1000);
	assert_int_equal(v[0].files_done, 2);
	assert_int_equal(v[0].files_total, 5);
	assert_int_equal(v[0].bytes, 7);
	assert_true(v[0].rate == 1048576);
	assert_string_equal(v[0].current, "/a\nb: c");
	assert_false(v[0].dead);
	free(v);

	runs_finish(w);
	assert_int_equal(runs_list(rd, &v, &n), 0);
	assert_int_equal(n, 0);
	store_close(rd);
}

static void test_read_only_handle_refused(void **state)
{
	struct lfs_store *rd = reader(*state);
	struct runs_writer *w = NULL;

	assert_int_equal(runs_start(rd, &w), -EROFS);
	assert_null(w);
	store_close(rd);
}

/* A child records a run and dies without runs_finish: shown dead while
 * its record stays; a writable open recovers and removes it. */
static void test_dead_run_until_recovery(void **state)
{
	struct testutil_store *t = *state;
	struct lfs_store *rd = reader(t), *again = NULL;
	struct lfs_error e = { 0 };
	struct run_record *v;
	int status;
	size_t n;
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		struct run_record rec = { .started = 2000 };
		struct lfs_store *s;
		struct runs_writer *w;

		if (store_open(t->path, LFS_STORE_RDWR, &s, &e) || runs_start(s, &w) ||
		    runs_update(w, &rec))
			_exit(1);
		_exit(0);      /* dies holding its record */
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_int_equal(status, 0);
	assert_int_equal(runs_list(rd, &v, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].pid, pid);
	assert_true(v[0].dead);
	free(v);

	assert_int_equal(store_open(t->path, LFS_STORE_RDWR, &again, &e), 0);
	assert_int_equal(runs_list(rd, &v, &n), 0);
	assert_int_equal(n, 0);
	store_close(again);
	store_close(rd);
}

static void test_client_runs(void **state)
{
	struct testutil_store *t = *state;
	struct run_record rec = { .started = 3000, .files_total = 2 };
	struct runs_writer *w, *other;
	struct run_record *v;
	char xdg[160], runs[200];
	int status;
	size_t n;
	pid_t pid;

	snprintf(xdg, sizeof(xdg), "%s/xdg", t->dir);
	snprintf(runs, sizeof(runs), "%s/lfs-runs", xdg);
	assert_int_equal(mkdir(xdg, 0700), 0);
	assert_int_equal(setenv("XDG_RUNTIME_DIR", xdg, 1), 0);
	assert_int_equal(runs_list_client("lustre", &v, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(runs_start_client("lustre", &w), 0);
	assert_int_equal(runs_start_client("other", &other), 0);
	assert_int_equal(runs_update(w, &rec), 0);
	assert_int_equal(runs_update(other, &rec), 0);
	/* Each filesystem its own runs. */
	assert_int_equal(runs_list_client("lustre", &v, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].pid, getpid());
	assert_int_equal(v[0].files_total, 2);
	assert_false(v[0].dead);
	free(v);
	runs_finish(other);
	runs_finish(w);
	assert_int_equal(runs_list_client("lustre", &v, &n), 0);
	assert_int_equal(n, 0);
	/* A dead run: listed once, dead, then gone. */
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(runs_start_client("lustre", &w) || runs_update(w, &rec));
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_int_equal(status, 0);
	assert_int_equal(runs_list_client("lustre", &v, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].pid, pid);
	assert_true(v[0].dead);
	free(v);
	assert_int_equal(runs_list_client("lustre", &v, &n), 0);
	assert_int_equal(n, 0);
	/* Not ours alone: refused. */
	assert_int_equal(chmod(runs, 0755), 0);
	assert_int_equal(runs_list_client("lustre", &v, &n), -EPERM);
	assert_int_equal(runs_start_client("lustre", &w), -EPERM);
	unsetenv("XDG_RUNTIME_DIR");
}

/* A record cut short (a writer's crash cannot leave one: it is linked
 * whole, but a damaged file must not be listed as a run). */
static void test_damaged_record_left_out(void **state)
{
	struct testutil_store *t = *state;
	char path[160];
	struct run_record *v;
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/run/1.2.job", t->path);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("pid: 1\nstarted: 3\ncurrent: /x", f);
	fclose(f);
	assert_int_equal(runs_list(t->s, &v, &n), 0);
	assert_int_equal(n, 0);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_record_listed_and_removed, setup, testutil_teardown),
		cmocka_unit_test_setup_teardown(test_read_only_handle_refused, setup, testutil_teardown),
		cmocka_unit_test_setup_teardown(test_dead_run_until_recovery, setup, testutil_teardown),
		cmocka_unit_test_setup_teardown(test_damaged_record_left_out, setup, testutil_teardown),
		cmocka_unit_test_setup_teardown(test_client_runs, setup, testutil_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
