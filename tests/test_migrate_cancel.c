/* Unit tests for the cancel pointers (migrate.h, migrate_run.h, find.h):
 * an interrupt stops a run between names and a copy between chunks, the
 * file in flight is left as it was or finished, never half-done, and the
 * run and the walk return -EINTR. */
#include "testutil.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "find.h"
#include "inode.h"
#include "io.h"
#include "migrate_run.h"
#include "store.h"

#define BIG   (3 * MIGRATE_BATCH_MAX_SIZE)   /* goes alone, 3 chunks */
#define SMALL (64u << 10)

struct fix {
	struct testutil_store t;
	struct lfs_layout *c2;
	volatile sig_atomic_t cancel;
	/* Set cancel once this file has copied this many bytes (0: never). */
	const char *cancel_in;
	uint64_t cancel_after;
	int rcs[8];
	unsigned nr_files;
};

static int setup(void **state)
{
	static const char *const c2[] = { "c", "2", NULL };
	struct fix *f;

	if (testutil_fixture_make(state, sizeof(*f), "migrate-cancel", 4,
				  256ull << 20))
		return -1;
	f = *state;
	f->c2 = testutil_layout(4, c2);
	return 0;
}

static int teardown(void **state)
{
	layout_free(((struct fix *)*state)->c2);
	return testutil_teardown(state);
}

/* A one-stripe file of len bytes, each byte its offset's low bits mixed
 * with the name's first letter. */
static void mkfile(struct fix *f, const char *name, size_t len)
{
	unsigned char *buf = malloc(len);
	struct lfs_inode *ino = NULL;
	struct lfs_error e = { 0 };

	for (size_t i = 0; i < len; i++)
		buf[i] = (unsigned char)(i * 7 + (unsigned char)name[0]);
	assert_int_equal(inode_create(f->t.s, name, 0644, NULL, &ino, &e), 0);
	assert_int_equal(io_pwrite(ino, buf, len, 0, &e), len);
	inode_close(ino);
	free(buf);
}

/* The file holds mkfile()'s bytes, entirely; returns its stripe count. */
static int64_t content_and_count(struct fix *f, const char *name, size_t len)
{
	unsigned char *got = malloc(len + 1);
	struct lfs_inode *ino = NULL;
	struct lfs_error e = { 0 };
	int64_t count;

	assert_int_equal(inode_open(f->t.s, name, INODE_READ, &ino, &e), 0);
	assert_int_equal(io_pread(ino, got, len + 1, 0), len);
	for (size_t i = 0; i < len; i++)
		if (got[i] != (unsigned char)(i * 7 + (unsigned char)name[0]))
			fail_msg("%s: byte %zu differs", name, i);
	count = ino->layout->comps[0].stripe_count;
	inode_close(ino);
	free(got);
	return count;
}

/* Entries of mdt/PENDING but a handle's spare volatiles (spare.h). */
static int pending_left(struct fix *f)
{
	char path[128];
	struct dirent *d;
	DIR *dir;
	int n = 0;

	snprintf(path, sizeof(path), "%s/mdt/PENDING", f->t.path);
	dir = opendir(path);
	assert_non_null(dir);
	while ((d = readdir(dir)))
		n += d->d_name[0] != '.' && strncmp(d->d_name, "spare.", 6);
	closedir(dir);
	return n;
}

static void on_file(void *arg, const struct migrate_file_result *r)
{
	struct fix *f = arg;

	assert_true(f->nr_files < 8);
	f->rcs[f->nr_files++] = r->rc;
	if (r->rc == -EINTR)
		assert_string_equal(r->err.msg, "interrupted");
}

/* The "interrupt": a signal handler would set the flag the same way. */
static void on_progress(void *arg, const struct migrate_run_progress *p)
{
	struct fix *f = arg;

	if (f->cancel_in && p->path && !strcmp(p->path, f->cancel_in) &&
	    p->file_bytes >= f->cancel_after && !p->end)
		f->cancel = SIGINT;
}

static struct migrate_run_opts opts(struct fix *f,
				    struct migrate_run_summary *sum)
{
	return (struct migrate_run_opts){
		.layout = f->c2, .jobs = 1, .on_file = on_file,
		.on_progress = on_progress, .summary = sum, .arg = f,
		.cancel = &f->cancel,
	};
}

/* Interrupted before it starts: nothing is taken, nothing changes. */
static void test_cancel_before(void **state)
{
	struct fix *f = *state;
	const char *names[] = { "/a", "/b" };
	struct migrate_run_summary sum;
	struct migrate_run_opts o = opts(f, &sum);

	mkfile(f, "a", SMALL);
	mkfile(f, "b", BIG);
	f->cancel = SIGTERM;
	assert_int_equal(migrate_run_list(f->t.s, "/", names, 2, &o), -EINTR);
	assert_int_equal(f->nr_files, 0);
	assert_int_equal(sum.names, 0);
	assert_int_equal(content_and_count(f, "a", SMALL), 1);
	assert_int_equal(content_and_count(f, "b", BIG), 1);
}

/* Interrupted in the middle of a file's copy: the files before it are
 * migrated, it is left as it was (not half-copied), the rest untouched. */
static void test_cancel_mid_copy(void **state)
{
	struct fix *f = *state;
	const char *names[] = { "/a", "/b", "/c" };
	struct migrate_run_summary sum;
	struct migrate_run_opts o = opts(f, &sum);

	mkfile(f, "a", BIG);
	mkfile(f, "b", BIG);
	mkfile(f, "c", SMALL);
	f->cancel_in = "/b";
	f->cancel_after = MIGRATE_BATCH_MAX_SIZE;   /* after its first chunk */
	assert_int_equal(migrate_run_list(f->t.s, "/", names, 3, &o), -EINTR);
	assert_int_equal(f->nr_files, 2);
	assert_int_equal(f->rcs[0], 0);
	assert_int_equal(f->rcs[1], -EINTR);
	assert_int_equal(sum.names, 2);
	assert_int_equal(sum.migrated, 1);
	assert_int_equal(sum.interrupted, 1);
	assert_int_equal(sum.failed, 0);
	assert_int_equal(content_and_count(f, "a", BIG), 2);
	assert_int_equal(content_and_count(f, "b", BIG), 1);
	assert_int_equal(content_and_count(f, "c", SMALL), 1);
	/* Nothing of b's new layout is left behind. */
	assert_int_equal(pending_left(f), 0);
}

static void *interrupt_later(void *arg)
{
	struct fix *f = arg;

	nanosleep(&(struct timespec){ 0, 200 * 1000 * 1000 }, NULL);
	f->cancel = SIGINT;
	return NULL;
}

/* A rate-limited copy notices the interrupt in its wait, set by another
 * thread as a signal may be: at 1 byte/s its first chunk's wait would
 * otherwise last weeks (the test would never end). */
static void test_cancel_bandwidth_wait(void **state)
{
	struct fix *f = *state;
	const char *names[] = { "/b" };
	struct migrate_run_summary sum;
	struct migrate_run_opts o = opts(f, &sum);
	pthread_t tid;

	mkfile(f, "b", BIG);
	o.bandwidth = 1;
	assert_int_equal(pthread_create(&tid, NULL, interrupt_later, f), 0);
	assert_int_equal(migrate_run_list(f->t.s, "/", names, 1, &o), -EINTR);
	pthread_join(tid, NULL);
	assert_int_equal(f->rcs[0], -EINTR);
	assert_int_equal(content_and_count(f, "b", BIG), 1);
}

static int count_entry(void *arg, struct find_entry *ent)
{
	(void)ent;
	++*(int *)arg;
	return 0;
}

/* find_walk ends before its next entry once the flag is set. */
static void test_find_cancel(void **state)
{
	struct fix *f = *state;
	struct find_filter ff;
	volatile sig_atomic_t cancel = 0;
	int n = 0;

	mkfile(f, "a", SMALL);
	find_filter_init(&ff, 0);
	ff.cancel = &cancel;
	assert_int_equal(find_walk(f->t.s, ".", "/", &ff, count_entry, &n), 0);
	assert_int_equal(n, 2);
	cancel = SIGINT;
	n = 0;
	assert_int_equal(find_walk(f->t.s, ".", "/", &ff, count_entry, &n), -EINTR);
	assert_int_equal(n, 0);
	find_filter_free(&ff);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_cancel_before, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cancel_mid_copy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cancel_bandwidth_wait, setup, teardown),
		cmocka_unit_test_setup_teardown(test_find_cancel, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
