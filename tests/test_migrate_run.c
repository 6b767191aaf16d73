/* Unit tests for lib/migrate_run.c: runs over lists and iterators, -j,
 * hard-link sets once, -A, dry runs, per-file failures, batching, the
 * summary, the run's progress, a rerun that redoes nothing. */
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "inode.h"
#include "io.h"
#include "lock.h"
#include "migrate_run.h"
#include "store.h"

#define NFILES   40
#define FILESIZE (100u << 10)
#define MAXSEEN  64
#define MAXTICKS 64

struct fix {
	struct testutil_store t;
	struct lfs_layout *c2;          /* stripe count 2 */
	/* What the callbacks saw, in order. */
	char seen[MAXSEEN][32];
	struct migrate_file_result got[MAXSEEN];
	unsigned nr_seen, handles;
	/* The progress reports, their paths (seen[] style), their number. */
	struct migrate_run_progress ticks[MAXTICKS];
	char tick_path[MAXTICKS][32];
	unsigned nr_ticks;
};

static int setup(void **state)
{
	struct fix *f;
	struct lfs_layout_builder b;
	struct lfs_error e = { 0 };
	struct rlimit rl;

	/* As lfs migrate does: batches follow the open-file limit. */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	if (testutil_fixture_make(state, sizeof(*f), "migrate-run", 4,
				  512ull << 20))
		return -1;
	f = *state;
	layout_builder_init(&b);
	if (layout_builder_option(&b, 'c', "2", &e) ||
	    layout_builder_finish(&b, 4, &f->c2, &e))
		return -1;
	layout_builder_free(&b);
	return 0;
}

/* Forget what the callbacks saw. */
static void forget(struct fix *f)
{
	for (unsigned i = 0; i < f->nr_seen; i++)
		migrate_result_free(&f->got[i].res);
	f->nr_seen = 0;
}

static int teardown(void **state)
{
	struct fix *f = *state;

	forget(f);
	layout_free(f->c2);
	return testutil_teardown(state);
}

/* The bytes file `name` is written with. */
static void fill(const char *name, unsigned char *buf, size_t len)
{
	unsigned seed = 0;

	for (const char *p = name; *p; p++)
		seed = seed * 31 + (unsigned char)*p;
	for (size_t i = 0; i < len; i++)
		buf[i] = (unsigned char)(rand_r(&seed) | 1);
}

/* A one-stripe file of len bytes (its content from fill()). */
static void mkfile(struct fix *f, const char *name, size_t len)
{
	struct lfs_inode *ino = NULL;
	struct lfs_error e = { 0 };
	unsigned char *buf = malloc(len);

	fill(name, buf, len);
	if (inode_create(f->t.s, name, 0644, NULL, &ino, &e))
		fail_msg("inode_create %s: %s", name, e.msg);
	assert_int_equal(io_pwrite(ino, buf, len, 0, &e), len);
	inode_close(ino);
	free(buf);
}

static void mkfiles(struct fix *f, const char *fmt, unsigned n)
{
	char name[32];

	for (unsigned i = 0; i < n; i++) {
		snprintf(name, sizeof(name), fmt, i);
		mkfile(f, name, FILESIZE);
	}
}

/* File `name` holds its len bytes; returns its stripe count. */
static uint32_t check(struct fix *f, const char *name, size_t len)
{
	struct lfs_inode *ino = NULL;
	struct lfs_error e = { 0 };
	unsigned char *want = malloc(len), *got = malloc(len + 1);
	uint32_t count;

	fill(name, want, len);
	assert_int_equal(inode_open(f->t.s, name, INODE_READ, &ino, &e), 0);
	assert_int_equal(io_pread(ino, got, len + 1, 0), len);
	assert_memory_equal(got, want, len);
	count = ino->layout->comps[0].stripe_count;
	inode_close(ino);
	free(want);
	free(got);
	return count;
}

static void on_file(void *arg, const struct migrate_file_result *r)
{
	struct fix *f = arg;

	assert_true(f->nr_seen < MAXSEEN);
	snprintf(f->seen[f->nr_seen], sizeof(f->seen[0]), "%s", r->path ? r->path : "(null)");
	/* Keep a copy: the run frees its result after the call. */
	f->got[f->nr_seen] = *r;
	f->got[f->nr_seen].path = NULL;
	f->got[f->nr_seen].res.old_layout = layout_dup(r->res.old_layout);
	f->got[f->nr_seen].res.new_layout = layout_dup(r->res.new_layout);
	f->nr_seen++;
}

static void on_progress(void *arg, const struct migrate_run_progress *p)
{
	struct fix *f = arg;

	assert_true(f->nr_ticks < MAXTICKS);
	assert_true(p->file_bytes <= p->file_size);
	assert_true(p->rate >= 0 && p->elapsed >= 0);
	f->ticks[f->nr_ticks] = *p;
	f->ticks[f->nr_ticks].path = NULL;
	snprintf(f->tick_path[f->nr_ticks++], sizeof(f->tick_path[0]), "%s",
		 p->path ? p->path : "(null)");
}

static void on_handle_close(void *arg, struct lfs_store *s)
{
	assert_non_null(s);
	((struct fix *)arg)->handles++;
}

static struct migrate_run_opts opts(struct fix *f, unsigned jobs)
{
	return (struct migrate_run_opts){
		.layout = f->c2, .jobs = jobs, .on_file = on_file,
		.on_handle_close = on_handle_close, .arg = f,
	};
}

/* seen[i] for each name of want, in that order. */
static void assert_seen(struct fix *f, const char *const *want, unsigned n)
{
	assert_int_equal(f->nr_seen, n);
	for (unsigned i = 0; i < n; i++)
		assert_string_equal(f->seen[i], want[i]);
}

/* Files f0..f<NFILES-1> and their names "/f0"... */
struct many {
	char buf[NFILES][16];
	const char *names[NFILES];
};

static void mkmany(struct fix *f, struct many *m)
{
	mkfiles(f, "f%u", NFILES);
	for (unsigned i = 0; i < NFILES; i++) {
		snprintf(m->buf[i], sizeof(m->buf[i]), "/f%u", i);
		m->names[i] = m->buf[i];
	}
}

/* Many small files: batches, settled in the order given. */
static void test_list_one_job(void **state)
{
	struct fix *f = *state;
	struct many m;
	struct migrate_run_opts o = opts(f, 1);

	mkmany(f, &m);
	assert_int_equal(migrate_run_list(f->t.s, "/", m.names, NFILES, &o), 0);
	assert_seen(f, m.names, NFILES);
	for (unsigned i = 0; i < NFILES; i++) {
		assert_int_equal(f->got[i].rc, 0);
		assert_false(f->got[i].skipped_link || f->got[i].res.skipped);
		assert_int_equal(f->got[i].res.size, FILESIZE);
		assert_int_equal(check(f, m.buf[i] + 1, FILESIZE), 2);
	}
	assert_int_equal(f->handles, 0);
}

static void test_list_four_jobs(void **state)
{
	struct fix *f = *state;
	struct many m;
	unsigned count[NFILES] = { 0 };
	struct migrate_run_summary sum;
	struct migrate_run_opts o = opts(f, 4);
	struct rlimit rl;

	/* Few open files for each of 4 jobs: batches of one file, so the
	 * names are spread over the threads. */
	assert_int_equal(getrlimit(RLIMIT_NOFILE, &rl), 0);
	rl.rlim_cur = 800;
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &rl), 0);
	mkmany(f, &m);
	/* The threads' figures add up; an hour between reports: only the
	 * last one comes. */
	o.summary = &sum;
	o.on_progress = on_progress;
	o.progress_interval = 3600;
	assert_int_equal(migrate_run_list(f->t.s, "/", m.names, NFILES, &o), 0);
	assert_int_equal(sum.migrated, NFILES);
	assert_int_equal(sum.bytes, NFILES * FILESIZE);
	assert_int_equal(f->nr_ticks, 1);
	assert_true(f->ticks[0].end);
	assert_int_equal(f->ticks[0].files_done, NFILES);
	assert_int_equal(f->ticks[0].bytes, NFILES * FILESIZE);
	assert_int_equal(f->nr_seen, NFILES);
	for (unsigned i = 0; i < NFILES; i++) {
		unsigned k = (unsigned)atoi(f->seen[i] + 2);

		assert_true(k < NFILES);
		count[k]++;
		assert_int_equal(f->got[i].rc, 0);
	}
	for (unsigned i = 0; i < NFILES; i++) {
		assert_int_equal(count[i], 1);
		assert_int_equal(check(f, m.buf[i] + 1, FILESIZE), 2);
	}
	/* Each thread had its own handle, handed back before closing. */
	assert_int_equal(f->handles, 4);
}

static void test_hard_links_once(void **state)
{
	struct fix *f = *state;
	const char *names[] = { "/a", "/b", "/a2" };
	const char *later[] = { "/a2", "/b" };
	struct migrate_run_opts o = opts(f, 1);
	char from[160], to[160];

	mkfile(f, "a", FILESIZE);
	mkfile(f, "b", FILESIZE);
	snprintf(from, sizeof(from), "%s/mdt/ROOT/a", store_path(f->t.s));
	snprintf(to, sizeof(to), "%s/mdt/ROOT/a2", store_path(f->t.s));
	assert_int_equal(link(from, to), 0);
	assert_int_equal(migrate_run_list(f->t.s, "/", names, 3, &o), 0);
	/* The further name is settled after the batch of a, b, by the
	 * outcome of a (skipped: a was migrated). */
	assert_int_equal(f->nr_seen, 3);
	assert_string_equal(f->seen[2], "/a2");
	assert_true(f->got[2].skipped_link);
	assert_int_equal(f->got[2].rc, 0);
	assert_null(f->got[2].res.new_layout);
	assert_false(f->got[0].skipped_link || f->got[1].skipped_link);
	assert_int_equal(check(f, "a", FILESIZE), 2);
	/* A new run migrates a2 again (once per run), in a batch of its own
	 * with b: both already in the requested layout. */
	assert_int_equal(migrate_run_list(f->t.s, "/", later, 2, &o), 0);
	assert_false(f->got[3].skipped_link);
	assert_true(f->got[3].res.skipped && f->got[4].res.skipped);
}

static void test_auto_stripe(void **state)
{
	struct fix *f = *state;
	const char *names[] = { "/big" };
	const uint64_t size = 12ull << 20;   /* sparse: cheap to copy */
	struct migrate_run_opts o = opts(f, 1);
	struct lfs_inode *ino = NULL;
	struct lfs_error e = { 0 };
	int want;

	assert_int_equal(inode_create(f->t.s, "big", 0644, NULL, &ino, &e), 0);
	assert_int_equal(io_pwrite(ino, "x", 1, size - 1, &e), 1);
	inode_close(ino);
	want = migrate_auto_stripe_count(f->t.s, size, NULL);
	/* 512 MiB OSTs: at most 1% of the emptiest per stripe. */
	assert_int_equal(want, 3);
	o.layout = NULL;
	o.auto_stripe = true;
	assert_int_equal(migrate_run_list(f->t.s, "/", names, 1, &o), 0);
	assert_int_equal(f->got[0].rc, 0);
	assert_int_equal(f->got[0].res.new_layout->comps[0].stripe_count, want);
	assert_int_equal(inode_open(f->t.s, "big", INODE_READ, &ino, &e), 0);
	assert_int_equal(ino->layout->comps[0].stripe_count, want);
	inode_close(ino);
}

static void test_dry_run(void **state)
{
	struct fix *f = *state;
	const char *names[] = { "/f0", "/f1" };
	struct migrate_run_opts o = opts(f, 1);

	mkfiles(f, "f%u", 2);
	o.dry_run = true;
	assert_int_equal(migrate_run_list(f->t.s, "/", names, 2, &o), 0);
	assert_seen(f, names, 2);
	for (unsigned i = 0; i < 2; i++) {
		assert_int_equal(f->got[i].rc, 0);
		assert_int_equal(f->got[i].res.new_layout->comps[0].stripe_count, 2);
		assert_int_equal(f->got[i].res.size, FILESIZE);
		assert_int_equal(check(f, names[i] + 1, FILESIZE), 1);
	}
}

/* Names made on demand into one buffer, as a reader of a list does. */
struct gen {
	char buf[32];
	unsigned i, n;
};

static int gen_next(void *arg, const char **path)
{
	struct gen *g = arg;

	if (g->i == g->n)
		return 0;
	snprintf(g->buf, sizeof(g->buf), "g%u", g->i++);
	*path = g->buf;
	return 1;
}

static void test_iterator(void **state)
{
	struct fix *f = *state;
	const char *want[] = { "g0", "g1", "g2", "g3", "g4" };
	struct gen g = { .n = 5 };
	struct migrate_run_opts o = opts(f, 1);
	char name[PATH_MAX];

	snprintf(name, sizeof(name), "%s/mdt/ROOT/d", store_path(f->t.s));
	assert_int_equal(mkdir(name, 0755), 0);
	for (unsigned i = 0; i < 5; i++) {
		snprintf(name, sizeof(name), "d/g%u", i);
		mkfile(f, name, FILESIZE);
	}
	/* Relative names resolve against the cwd given. */
	assert_int_equal(migrate_run(f->t.s, "/d", gen_next, &g, &o), 0);
	assert_seen(f, want, 5);
	for (unsigned i = 0; i < 5; i++) {
		snprintf(name, sizeof(name), "d/g%u", i);
		assert_int_equal(check(f, name, FILESIZE), 2);
	}
	/* The same with threads: names copied before the buffer changes. */
	g.i = 0;
	forget(f);
	o.jobs = 3;
	o.layout = NULL;
	assert_int_equal(migrate_run(f->t.s, "/d", gen_next, &g, &o), 0);
	assert_int_equal(f->nr_seen, 5);
}

static void test_failures_per_file(void **state)
{
	struct fix *f = *state;
	const char *names[] = { "/f0", "/missing", "/f1" };
	const char *bad[] = { "/f0", "", "/../x", "/missing" };
	struct migrate_run_opts o = opts(f, 1);

	mkfiles(f, "f%u", 2);
	assert_int_equal(migrate_run_list(f->t.s, "/", names, 3, &o), -ENOENT);
	assert_seen(f, names, 3);
	assert_int_equal(f->got[0].rc, 0);
	assert_int_equal(f->got[1].rc, -ENOENT);
	assert_false(f->got[1].name_refused);
	assert_int_equal(f->got[2].rc, 0);
	assert_int_equal(check(f, "f0", FILESIZE), 2);
	assert_int_equal(check(f, "f1", FILESIZE), 2);
	/* Refused names are settled at once, and the first failure is
	 * the run's. */
	assert_int_equal(migrate_run_list(f->t.s, "/", bad, 4, &o), -EINVAL);
	assert_string_equal(f->seen[3], "");
	assert_true(f->got[3].name_refused);
	assert_string_equal(f->got[3].err.msg, "empty file name in the list");
	assert_string_equal(f->seen[4], "/../x");
	assert_int_equal(f->got[4].rc, -EINVAL);
	assert_string_equal(f->got[4].err.msg, "path escapes the filesystem root");
	assert_string_equal(f->seen[5], "/f0");
	assert_true(f->got[5].res.skipped);
	assert_string_equal(f->seen[6], "/missing");
	assert_int_equal(f->got[6].rc, -ENOENT);
}

static void test_batching(void **state)
{
	struct fix *f = *state;
	const char *names[] = { "/f0", "", "/big", "/../x", "/f1" };
	const char *batched[] = { "", "/f0", "/big", "/../x", "/f1" };
	struct migrate_run_opts o = opts(f, 1);

	mkfiles(f, "f%u", 2);
	mkfile(f, "big", MIGRATE_BATCH_MAX_SIZE);
	/* f0 waits for its batch, which ends before big, which goes alone,
	 * settled before the next refused name; f1 waits again. */
	assert_int_equal(migrate_run_list(f->t.s, "/", names, 5, &o), -EINVAL);
	assert_seen(f, batched, 5);
	assert_int_equal(check(f, "big", MIGRATE_BATCH_MAX_SIZE), 2);
	/* Progress changes nothing: the small files still wait for their
	 * batch. */
	forget(f);
	o.layout = NULL;
	o.on_progress = on_progress;
	assert_int_equal(migrate_run_list(f->t.s, "/", names, 5, &o), -EINVAL);
	assert_seen(f, batched, 5);
	assert_true(f->ticks[f->nr_ticks - 1].end);
}

static void test_layout_of(void **state)
{
	struct fix *f = *state;
	const char *names[] = { "/f0" };
	struct migrate_run_opts o = opts(f, 1);
	struct lfs_layout *l = NULL;
	struct lfs_error e = { 0 };

	mkfiles(f, "f%u", 2);
	assert_int_equal(migrate_run_list(f->t.s, "/", names, 1, &o), 0);
	assert_int_equal(migrate_layout_of(f->t.s, "f0", &l, &e), 0);
	assert_int_equal(l->comps[0].stripe_count, 2);
	assert_int_equal(l->comps[0].nr_objects, 0);
	layout_free(l);
	assert_int_equal(migrate_layout_of(f->t.s, "nope", &l, &e), -ENOENT);
	assert_null(l);
	/* A directory: the default its files take (here the root's). */
	assert_int_equal(migrate_layout_of(f->t.s, ".", &l, &e), 0);
	assert_false(l->composite);
	assert_int_equal(l->comps[0].nr_objects, 0);
	assert_int_equal(l->comps[0].stripe_offset, -1);
	layout_free(l);
}

/* The summary counts each name once, by outcome. */
static void test_summary(void **state)
{
	struct fix *f = *state;
	const char *first[] = { "/f2" };
	const char *names[] = { "/f0", "/missing", "", "/f2", "/f1", "/a", "/a2", "/f3" };
	struct migrate_run_summary sum;
	struct migrate_run_opts o = opts(f, 1);
	char from[160], to[160];
	int fd;

	mkfiles(f, "f%u", 4);
	mkfile(f, "a", FILESIZE);
	snprintf(from, sizeof(from), "%s/mdt/ROOT/a", store_path(f->t.s));
	snprintf(to, sizeof(to), "%s/mdt/ROOT/a2", store_path(f->t.s));
	assert_int_equal(link(from, to), 0);
	assert_int_equal(migrate_run_list(f->t.s, "/", first, 1, &o), 0);
	/* Another migration holds f3. */
	snprintf(from, sizeof(from), "%s/mdt/ROOT/f3", store_path(f->t.s));
	fd = open(from, O_RDWR);
	assert_true(fd >= 0);
	assert_int_equal(lfs_trylock(fd, LOCK_MIGRATE, LFS_EXCL), 0);
	o.summary = &sum;
	/* The empty name is settled first, at once. */
	assert_int_equal(migrate_run_list(f->t.s, "/", names, 8, &o), -EINVAL);
	close(fd);
	assert_int_equal(sum.names, 8);
	assert_int_equal(sum.migrated, 3);       /* f0, f1, a */
	assert_int_equal(sum.skipped, 2);        /* f2 done, a2 a's link */
	assert_int_equal(sum.busy, 1);           /* f3 */
	assert_int_equal(sum.failed, 2);         /* missing, "" */
	assert_int_equal(sum.bytes, 3 * FILESIZE);
	assert_true(sum.elapsed > 0);
	/* A dry run counts the bytes that would move. */
	o.dry_run = true;
	o.layout = NULL;
	assert_int_equal(migrate_run_list(f->t.s, "/", names, 2, &o), -ENOENT);
	assert_int_equal(sum.names, 2);
	assert_int_equal(sum.migrated, 1);
	assert_int_equal(sum.failed, 1);
	assert_int_equal(sum.bytes, FILESIZE);
}

/* Progress over the whole run: files done of the total, bytes, a file
 * in flight counted by its bytes. */
static void test_progress(void **state)
{
	struct fix *f = *state;
	const char *names[] = { "/f0", "/f1", "/big", "/f2" };
	struct migrate_run_opts o = opts(f, 1);
	const struct migrate_run_progress *p, *last;
	uint64_t bytes = 0, files = 0;
	bool in_big = false;

	mkfiles(f, "f%u", 3);
	mkfile(f, "big", 3 * MIGRATE_BATCH_MAX_SIZE);   /* 3 chunks */
	o.on_progress = on_progress;    /* interval 0: every report */
	assert_int_equal(migrate_run_list(f->t.s, "/", names, 4, &o), 0);
	assert_true(f->nr_ticks >= 3 + 4 + 1);
	for (unsigned i = 0; i < f->nr_ticks; i++) {
		p = &f->ticks[i];
		assert_int_equal(p->files_total, 4);
		assert_true(p->bytes >= bytes && p->files_done >= files);
		bytes = p->bytes;
		files = p->files_done;
		assert_int_equal(p->end, i == f->nr_ticks - 1);
		/* big's copy: a share of a file, the ETA known. */
		if (!strcmp(f->tick_path[i], "/big") && p->file_bytes < p->file_size) {
			in_big = true;
			assert_int_equal(p->files_done, 2);
			assert_int_equal(p->file_size, 3 * MIGRATE_BATCH_MAX_SIZE);
			assert_int_equal(p->bytes, 2 * FILESIZE + p->file_bytes);
			assert_true(p->eta > 0);
		}
	}
	assert_true(in_big);
	last = &f->ticks[f->nr_ticks - 1];
	assert_int_equal(last->files_done, 4);
	assert_int_equal(last->bytes, 3 * FILESIZE + 3 * MIGRATE_BATCH_MAX_SIZE);
	assert_true(last->eta == 0);
	assert_string_equal(f->tick_path[f->nr_ticks - 1], "/f2");
	assert_int_equal(last->file_bytes, FILESIZE);
}

/* From an iterator the total is unknown until it ends. */
static void test_progress_unknown_total(void **state)
{
	struct fix *f = *state;
	struct gen g = { .n = 3 };
	struct migrate_run_opts o = opts(f, 1);
	struct rlimit rl;

	/* Batches of one file: the names are read one at a time. */
	assert_int_equal(getrlimit(RLIMIT_NOFILE, &rl), 0);
	rl.rlim_cur = 200;
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &rl), 0);
	mkfiles(f, "g%u", 3);
	o.on_progress = on_progress;
	assert_int_equal(migrate_run(f->t.s, "/", gen_next, &g, &o), 0);
	assert_int_equal(f->ticks[0].files_total, 0);
	assert_true(f->ticks[0].eta < 0);
	assert_true(f->ticks[f->nr_ticks - 1].end);
	assert_int_equal(f->ticks[f->nr_ticks - 1].files_total, 3);
	assert_int_equal(f->ticks[f->nr_ticks - 1].files_done, 3);
}

/* What a store holds (but run/): each entry's name, inode, size, mtime
 * and ctime, one a line. nftw takes no argument: a static stream. */
static FILE *print_to;

static int print_entry(const char *p, const struct stat *st, int flag,
		       struct FTW *ftw)
{
	(void)flag;
	(void)ftw;
	if (!strstr(p, "/run/"))
		fprintf(print_to, "%s %llu %lld %lld.%09ld %lld.%09ld\n", p,
			(unsigned long long)st->st_ino, (long long)st->st_size,
			(long long)st->st_mtim.tv_sec, st->st_mtim.tv_nsec,
			(long long)st->st_ctim.tv_sec, st->st_ctim.tv_nsec);
	return 0;
}

static char *store_print(struct fix *f)
{
	char *buf = NULL;
	size_t len = 0;

	print_to = open_memstream(&buf, &len);
	assert_non_null(print_to);
	assert_int_equal(nftw(store_path(f->t.s), print_entry, 16, FTW_PHYS), 0);
	fclose(print_to);
	return buf;
}

/* A run interrupted and started again with the same list: the files
 * done are only looked at, no volatile, object or copy. */
static void test_rerun_redoes_nothing(void **state)
{
	struct fix *f = *state;
	const char *names[] = { "/f0", "/f1", "/big", "/f2" };
	struct migrate_run_summary sum;
	struct migrate_run_opts o = opts(f, 1);
	char *before, *after;

	mkfiles(f, "f%u", 3);
	mkfile(f, "big", MIGRATE_BATCH_MAX_SIZE);
	assert_int_equal(migrate_run_list(f->t.s, "/", names, 4, &o), 0);
	before = store_print(f);
	forget(f);
	o.summary = &sum;
	o.on_progress = on_progress;
	assert_int_equal(migrate_run_list(f->t.s, "/", names, 4, &o), 0);
	for (unsigned i = 0; i < 4; i++)
		assert_true(f->got[i].res.skipped);
	assert_int_equal(sum.skipped, 4);
	assert_int_equal(sum.bytes, 0);
	assert_int_equal(f->ticks[f->nr_ticks - 1].bytes, 0);
	/* Not a name, inode, size or time changed: no volatile (nor a spare
	 * of the first run taken), no object, no layout_gen. */
	after = store_print(f);
	assert_string_equal(before, after);
	free(before);
	free(after);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_list_one_job, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_four_jobs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hard_links_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_auto_stripe, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dry_run, setup, teardown),
		cmocka_unit_test_setup_teardown(test_iterator, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failures_per_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_batching, setup, teardown),
		cmocka_unit_test_setup_teardown(test_layout_of, setup, teardown),
		cmocka_unit_test_setup_teardown(test_summary, setup, teardown),
		cmocka_unit_test_setup_teardown(test_progress, setup, teardown),
		cmocka_unit_test_setup_teardown(test_progress_unknown_total, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rerun_redoes_nothing, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
