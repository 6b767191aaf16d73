/* migrate_run.c - many files in one run: batches, -j threads, hard-link
 * sets once, -A (migrate_run.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "closer.h"
#include "inode.h"
#include "migrate_run.h"
#include "ns.h"
#include "spare.h"
#include "stripe.h"

struct run {
	const struct lfs_backend_ops *be;
	void *fs;                        /* the caller's handle */
	const char *cwd;
	const struct migrate_run_opts *o;
	struct migrate_opts mo;
	int (*next)(void *arg, const char **path);
	void *next_arg;
	bool ended;                      /* next() said so, or failed */
	/* Names read ahead to choose between threads and not. */
	char *ahead[2];
	size_t ahead_i, ahead_n;
	uint64_t pulled;                 /* names next() gave */
	size_t batch;                    /* files per batch (batch_size()) */
	uint64_t *done_inos;             /* hard-link sets migrated */
	size_t nr_done;
	int status;                      /* the first failure */
	/* The run's figures (o->summary, on_progress). */
	struct migrate_run_summary sum;
	struct timespec start, last_tick;
	uint64_t inflight;               /* bytes copied by files not settled */
	double partial;                  /* their shares copied (bytes/size) */
	char *last_path;                 /* the last name settled (on_progress) */
	uint64_t last_bytes, last_size;
	bool reporting;                  /* on_progress or o->record */
	struct run_record rec;           /* o->record's */
	pthread_mutex_t lock;
};

static void keep(int *status, int rc)
{
	if (rc && !*status)
		*status = rc;
}

static void record(struct run *r, int rc)
{
	pthread_mutex_lock(&r->lock);
	keep(&r->status, rc);
	pthread_mutex_unlock(&r->lock);
}

static bool cancelled(const struct run *r)
{
	return r->o->cancel && *r->o->cancel;
}

/* The next name, copied; NULL at the end or once interrupted. Under the
 * lock. */
static char *pull(struct run *r)
{
	const char *p;
	int rc;

	if (cancelled(r))
		return NULL;
	if (r->ahead_i < r->ahead_n)
		return r->ahead[r->ahead_i++];
	if (r->ended)
		return NULL;
	rc = r->next(r->next_arg, &p);
	if (rc > 0) {
		char *copy = strdup(p);

		r->pulled++;
		if (copy)
			return copy;
		rc = -ENOMEM;
	}
	keep(&r->status, rc);
	r->ended = true;
	return NULL;
}

/* Up to max names into names[] (the caller frees them); their number. */
static size_t take(struct run *r, char **names, size_t max)
{
	size_t k = 0;

	pthread_mutex_lock(&r->lock);
	while (k < max && (names[k] = pull(r)))
		k++;
	pthread_mutex_unlock(&r->lock);
	return k;
}

static double since(const struct timespec *a)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - a->tv_sec) + (now.tv_nsec - a->tv_nsec) / 1e9;
}

/* The run's record for lfs jobs, from its progress. */
static void write_record(struct run *r, const struct migrate_run_progress *p)
{
	r->rec.files_done = p->files_done;
	r->rec.files_total = p->files_total;
	r->rec.bytes = p->bytes;
	r->rec.rate = p->rate;
	snprintf(r->rec.current, sizeof(r->rec.current), "%s", p->path ? p->path : "");
	runs_update(r->o->record, &r->rec);
}

/* on_progress and the record, at most every progress_interval seconds;
 * on_progress at the end too. Under the lock. */
static void tick(struct run *r, const char *path, uint64_t bytes,
		 uint64_t size, bool end)
{
	struct migrate_run_progress p = {
		.files_done = r->sum.names, .path = path, .file_bytes = bytes,
		.file_size = size, .end = end,
	};
	double done = (double)p.files_done + (r->partial > 0 ? r->partial : 0);

	if (!end && since(&r->last_tick) < r->o->progress_interval)
		return;
	clock_gettime(CLOCK_MONOTONIC, &r->last_tick);
	p.files_total = r->o->total ? r->o->total : r->ended ? r->pulled : 0;
	p.bytes = r->sum.bytes + r->inflight;
	p.elapsed = end ? r->sum.elapsed : since(&r->start);
	p.rate = p.elapsed > 0 ? (double)p.bytes / p.elapsed : 0;
	p.eta = end ? 0 : !p.files_total || done <= 0 ? -1 :
		done >= (double)p.files_total ? 0 :
		p.elapsed * ((double)p.files_total - done) / done;
	if (r->o->record && !end)
		write_record(r, &p);
	if (r->o->on_progress)
		r->o->on_progress(r->o->arg, &p);
}

/* The progress of one migrate_files() call's files (shown[i] is rels[i]'s
 * name), reported to the run as their chunks are copied. */
struct tracker {
	struct run *run;
	const char *const *rels, *const *shown;
	size_t n;
	const char *rel;                 /* the file being copied */
	uint64_t done;                   /* its bytes counted so far */
};

static void chunk(void *arg, const char *rel, uint64_t done, uint64_t total)
{
	struct tracker *t = arg;
	struct run *r = t->run;
	const char *path = NULL;

	if (rel != t->rel) {
		t->rel = rel;
		t->done = 0;
	}
	for (size_t i = 0; i < t->n && !path; i++)
		if (t->rels[i] == rel)
			path = t->shown[i];
	pthread_mutex_lock(&r->lock);
	r->inflight += done - t->done;
	if (total)
		r->partial += (double)(done - t->done) / (double)total;
	t->done = done;
	tick(r, path, done, total, false);
	pthread_mutex_unlock(&r->lock);
}

/* The run's options for migrate_files(), reporting t's copies when the
 * run reports progress. */
static struct migrate_opts tracked(struct run *r, struct tracker *t)
{
	struct migrate_opts mo = r->mo;

	if (r->reporting) {
		mo.progress = chunk;
		mo.progress_arg = t;
	}
	return mo;
}

/* A settled name in the run's figures. Under the lock. */
static void count(struct run *r, const struct migrate_file_result *f)
{
	const struct migrate_result *res = &f->res;
	struct migrate_run_summary *sum = &r->sum;
	bool moved = !f->rc && !f->skipped_link && !res->skipped;

	sum->names++;
	if (moved)
		sum->migrated++;
	else if (!f->rc)
		sum->skipped++;
	else if (f->rc == -EBUSY || f->rc == -EAGAIN)
		sum->busy++;
	else if (f->rc == -EINTR && cancelled(r))
		sum->interrupted++;
	else
		sum->failed++;
	sum->bytes += !r->mo.dry_run ? res->bytes : moved ? res->size : 0;
	if (!r->reporting)
		return;
	/* Its bytes were in flight (chunk()). */
	r->inflight -= res->bytes < r->inflight ? res->bytes : r->inflight;
	if (res->size)
		r->partial -= (double)res->bytes / (double)res->size;
	free(r->last_path);
	r->last_path = strdup(f->path);
	r->last_bytes = res->bytes;
	r->last_size = res->size;
	tick(r, f->path, res->bytes, res->size, false);
}

/* A hard-link set is migrated once per run. */
static bool seen_inode(struct run *r, uint64_t ino, bool add)
{
	bool seen = false;

	pthread_mutex_lock(&r->lock);
	for (size_t i = 0; i < r->nr_done && !seen; i++)
		seen = r->done_inos[i] == ino;
	if (!seen && add) {
		uint64_t *v = realloc(r->done_inos, (r->nr_done + 1) * sizeof(*v));

		if (v) {
			r->done_inos = v;
			v[r->nr_done++] = ino;
		}
	}
	pthread_mutex_unlock(&r->lock);
	return seen;
}

/* Hand one name's outcome to the caller; returns its status.
 * link_ino: the file's inode when it has other names (remembered so they
 * are skipped later in the run), else 0. */
static int settle(struct run *r, struct migrate_file_result *f,
		  uint64_t link_ino)
{
	if (!f->rc && link_ino)
		seen_inode(r, link_ino, true);
	pthread_mutex_lock(&r->lock);
	if (r->o->on_file)
		r->o->on_file(r->o->arg, f);
	if (f->path)
		count(r, f);
	pthread_mutex_unlock(&r->lock);
	migrate_result_free(&f->res);
	return f->rc;
}

/* The auto-stripe layout for file rel of `size` bytes (-A). */
static int auto_layout(struct run *r, void *fs, const char *rel, uint64_t size,
		       struct lfs_layout **out)
{
	const struct lfs_layout *req = r->o->layout;
	struct lfs_component c = { 0 };
	int count = r->be->auto_stripe_count(fs, rel, size,
					     req ? req->comps[0].pool : NULL);
	int rc = count < 0 ? count : 0;

	*out = rc ? NULL : layout_new();
	if (!rc && !*out)
		rc = -ENOMEM;
	if (rc)
		return rc;
	c.end = LFS_EOF;
	c.stripe_offset = -1;
	c.stripe_count = count;
	if (req) {
		c.stripe_size = req->comps[0].stripe_size;
		memcpy(c.pool, req->comps[0].pool, sizeof(c.pool));
	}
	rc = layout_add_component(*out, &c);
	if (rc) {
		layout_free(*out);
		*out = NULL;
	}
	return rc;
}

/* One file on its own: -A, or large. */
static int migrate_alone(struct run *r, void *fs, const char *path,
			 const char *rel, uint64_t size, uint64_t link_ino)
{
	struct migrate_file_result f = { .path = path };
	struct lfs_layout *auto_l = NULL;
	struct tracker t = { r, &rel, &path, 1, NULL, 0 };
	struct migrate_opts mo = tracked(r, &t);

	if (r->o->auto_stripe) {
		f.rc = auto_layout(r, fs, rel, size, &auto_l);
		if (f.rc)
			return settle(r, &f, 0);
		mo.layout = auto_l;
	}
	f.rc = migrate_file(r->be, fs, rel, &mo, &f.res, &f.err);
	layout_free(auto_l);
	return settle(r, &f, link_ino);
}

#define MIGRATE_BATCH 128
#define MIGRATE_FDS_PER_FILE 16    /* source, volatile, their objects */
/* A handle's own, its spare volatiles (spare.h) and the descriptors its
 * closer has yet to close (closer.h). */
#define MIGRATE_FDS_HELD (64 + SPARE_VOLATILES_MAX + CLOSER_QUEUE)

/* A batch keeps its files open: as many as the open-file limit allows
 * each job, up to MIGRATE_BATCH. */
static size_t batch_size(unsigned jobs)
{
	struct rlimit rl;
	rlim_t per;

	if (getrlimit(RLIMIT_NOFILE, &rl))
		return 1;
	per = rl.rlim_cur / (jobs ? jobs : 1);
	if (per < MIGRATE_FDS_HELD + 2 * MIGRATE_FDS_PER_FILE)
		return 1;
	per = (per - MIGRATE_FDS_HELD) / MIGRATE_FDS_PER_FILE;
	return per < MIGRATE_BATCH ? (size_t)per : MIGRATE_BATCH;
}

struct batch {
	size_t n;
	char (*rels)[PATH_MAX];
	const char **relp, **shown;
	struct migrate_result *res;
	struct lfs_error *errs;
	uint64_t *inos;          /* each file's inode: one migration each */
	bool *linked;            /* it has other names (remembered in the run) */
	int *rcs;
	/* Names of a file already in the batch (a hard link, or the same
	 * name again): settled after it, by its outcome. */
	size_t ndup, *twin;
	const char **dup_shown;
};

/* Migrate the files gathered so far together, settle them in order. */
static int batch_flush(struct run *r, void *fs, struct batch *b)
{
	struct tracker t = { r, b->relp, b->shown, b->n, NULL, 0 };
	struct migrate_opts mo = tracked(r, &t);
	int status = 0;

	if (cancelled(r))      /* not begun: dropped */
		b->n = 0;
	if (b->n)
		migrate_files(r->be, fs, b->n, b->relp, &mo, b->res,
			      b->errs, b->rcs);
	for (size_t i = 0; i < b->n; i++) {
		struct migrate_file_result f = { .path = b->shown[i], .rc = b->rcs[i],
						 .err = b->errs[i], .res = b->res[i] };

		keep(&status, settle(r, &f, b->linked[i] ? b->inos[i] : 0));
	}
	/* Skipped once their file is migrated; failed as it did, not said
	 * to be migrated, when it was not. */
	for (size_t d = 0; b->n && d < b->ndup; d++) {
		size_t i = b->twin[d];
		struct migrate_file_result f = { .path = b->dup_shown[d], .rc = b->rcs[i],
						 .skipped_link = !b->rcs[i] };

		if (f.rc)
			f.err = b->errs[i];
		keep(&status, settle(r, &f, 0));
	}
	b->n = b->ndup = 0;
	return status;
}

/* Settle a name that cannot be resolved, or is a further name of a
 * hard-link set migrated in this run, at once; gather the others into
 * one batch (migrate_files), those that go alone (migrate_alone) in
 * their turn. */
static int migrate_batch(struct run *r, void *fs, char **paths,
			 size_t k)
{
	struct batch b = {
		.rels = calloc(k, sizeof(*b.rels)), .relp = calloc(k, sizeof(*b.relp)),
		.shown = calloc(k, sizeof(*b.shown)), .res = calloc(k, sizeof(*b.res)),
		.errs = calloc(k, sizeof(*b.errs)), .inos = calloc(k, sizeof(*b.inos)),
		.linked = calloc(k, sizeof(*b.linked)), .rcs = calloc(k, sizeof(*b.rcs)),
		.twin = calloc(k, sizeof(*b.twin)), .dup_shown = calloc(k, sizeof(*b.dup_shown)),
	};
	int status = 0;

	if (!b.rels || !b.relp || !b.shown || !b.res || !b.errs || !b.inos ||
	    !b.linked || !b.rcs || !b.twin || !b.dup_shown) {
		/* Each name is settled all the same (migrate_run.h). */
		for (size_t i = 0; i < k; i++) {
			struct migrate_file_result f = { .path = paths[i], .rc = -ENOMEM };

			keep(&status, settle(r, &f, 0));
		}
		goto out;
	}
	/* Many files: keep the inodes each frees for the next (spare.h).
	 * Without spares (no memory) the run is only slower. */
	if (k > 1 && r->be->many_files)
		r->be->many_files(fs);
	/* Once interrupted, names taken but not begun are dropped. */
	for (size_t i = 0; i < k && !cancelled(r); i++) {
		struct migrate_file_result f = { .path = paths[i], .name_refused = true };
		char *rel = b.rels[b.n];
		struct stat st = { 0 };
		bool dup = false;
		size_t twin = k;

		if (!*f.path) {
			f.rc = lfs_error_set(&f.err, -EINVAL, "empty file name in the list");
		} else if ((f.rc = r->be->resolve(fs, r->cwd, f.path, rel, PATH_MAX)) == -EINVAL) {
			lfs_error_set(&f.err, f.rc, "path escapes the filesystem root");
		} else if (!f.rc) {
			/* Another name of a file gathered in this batch (a
			 * hard link, or the same name listed twice) would
			 * find it held by its own migration: it is skipped,
			 * as a hard-link set migrated earlier in the run. */
			if (r->be->lstat(fs, rel, &st) == 0 && S_ISREG(st.st_mode)) {
				dup = st.st_nlink > 1 && seen_inode(r, st.st_ino, false);
				for (size_t j = 0; j < b.n && !dup; j++)
					if ((dup = b.inos[j] == st.st_ino))
						twin = j;
			}
			f.name_refused = false;
			f.skipped_link = dup;
		}
		if (!f.rc && twin < k) {
			b.dup_shown[b.ndup] = f.path;
			b.twin[b.ndup++] = twin;
		} else if (f.rc || dup) {
			keep(&status, settle(r, &f, 0));
		} else if (r->o->auto_stripe || st.st_size >= MIGRATE_BATCH_MAX_SIZE) {
			/* -A, and files large enough that a
			 * shared fsync saves nothing: one at a time, so a run
			 * interrupted half-way keeps every file it finished.
			 * Those gathered before go first, to keep the order. */
			keep(&status, batch_flush(r, fs, &b));
			keep(&status, migrate_alone(r, fs, f.path, rel, (uint64_t)st.st_size,
						    st.st_nlink > 1 ? st.st_ino : 0));
		} else {
			b.inos[b.n] = st.st_ino;
			b.linked[b.n] = st.st_nlink > 1;
			b.relp[b.n] = rel;
			b.shown[b.n++] = f.path;
		}
	}
	keep(&status, batch_flush(r, fs, &b));
out:
	free(b.rels);
	free(b.relp);
	free(b.shown);
	free(b.res);
	free(b.errs);
	free(b.inos);
	free(b.linked);
	free(b.rcs);
	free(b.twin);
	free(b.dup_shown);
	return status;
}

/* Migrate names from the run, a batch at a time, on handle s; one at a
 * time when there is no memory for a batch's names, so that every name
 * is still settled (migrate_batch). */
static void drain(struct run *r, void *fs)
{
	char *one, **names = calloc(r->batch, sizeof(*names));
	size_t k, max = r->batch;

	if (!names) {
		names = &one;
		max = 1;
	}
	while ((k = take(r, names, max))) {
		record(r, migrate_batch(r, fs, names, k));
		for (size_t i = 0; i < k; i++)
			free(names[i]);
	}
	if (names != &one)
		free(names);
}

/* A -j thread: its own store handle, names taken from the run. */
static void *worker(void *arg)
{
	struct run *r = arg;
	struct migrate_file_result f = { .path = NULL };
	void *fs = NULL;

	f.rc = r->be->fs_again(r->fs, &fs, &f.err);
	if (f.rc) {
		record(r, settle(r, &f, 0));
		return NULL;
	}
	drain(r, fs);
	pthread_mutex_lock(&r->lock);
	if (r->o->on_handle_close && r->be == &lfs_store_backend)
		r->o->on_handle_close(r->o->arg, fs);
	pthread_mutex_unlock(&r->lock);
	r->be->fs_close(fs);
	return NULL;
}

/* Grow the process's descriptor table to hold the threads' batches
 * while it has one thread: the kernel grows a table that threads share
 * only after an RCU grace period, 10 to 40 ms during which every thread
 * opening a file waits, and a run of batches grows it five or six times
 * (64, 128, ... descriptors). A table never shrinks, so this costs
 * nothing later; failing, it leaves the growth to the batches. */
static void grow_fd_table(size_t fds)
{
	struct rlimit rl;
	int fd, hi;

	if (getrlimit(RLIMIT_NOFILE, &rl) || rl.rlim_cur < 2)
		return;
	if (fds > rl.rlim_cur)
		fds = (size_t)rl.rlim_cur;
	fd = open("/", O_PATH | O_CLOEXEC);
	if (fd < 0)
		return;
	hi = fcntl(fd, F_DUPFD_CLOEXEC, (int)(fds - 1));
	if (hi >= 0)
		close(hi);
	close(fd);
}

static void run_threads(struct run *r, unsigned jobs)
{
	pthread_t *tid = calloc(jobs, sizeof(*tid));
	unsigned started = 0;

	grow_fd_table(jobs * (MIGRATE_FDS_HELD + r->batch * MIGRATE_FDS_PER_FILE));
	for (; tid && started < jobs; started++)
		if (pthread_create(&tid[started], NULL, worker, r))
			break;
	if (!started)
		worker(r);
	for (unsigned i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
	free(tid);
}

void migrate_run_record(struct lfs_store *s, const struct lfs_llapi *api,
			const char *path, struct migrate_run_opts *o)
{
	if (o->dry_run || runs_start_at(s, api, path, &o->record))
		o->record = NULL;
}

int migrate_run(struct lfs_store *s, const char *cwd,
		int (*next)(void *arg, const char **path), void *next_arg,
		const struct migrate_run_opts *o)
{
	return migrate_run_on(&lfs_store_backend, s, cwd, next, next_arg, o);
}

int migrate_run_on(const struct lfs_backend_ops *be, void *fs, const char *cwd,
		   int (*next)(void *arg, const char **path), void *next_arg,
		   const struct migrate_run_opts *o)
{
	struct run r = {
		.be = be, .fs = fs, .cwd = cwd, .o = o, .next = next, .next_arg = next_arg,
		.mo = { .layout = o->layout, .nonblock = o->nonblock,
			.bandwidth = o->bandwidth, .dry_run = o->dry_run,
			.cancel = o->cancel },
		.batch = batch_size(o->jobs),
		.reporting = o->on_progress || o->record,
		.rec = { .pid = getpid(), .started = (int64_t)time(NULL),
			 .files_total = o->total },
	};

	pthread_mutex_init(&r.lock, NULL);
	clock_gettime(CLOCK_MONOTONIC, &r.start);
	r.last_tick = r.start;
	if (o->record)
		runs_update(o->record, &r.rec);
	/* Threads only for two names or more. */
	pthread_mutex_lock(&r.lock);
	while (o->jobs > 1 && r.ahead_n < 2 && (r.ahead[r.ahead_n] = pull(&r)))
		r.ahead_n++;
	pthread_mutex_unlock(&r.lock);
	if (o->jobs > 1 && r.ahead_n == 2)
		run_threads(&r, o->jobs);
	else
		drain(&r, fs);
	/* No thread could open a handle, or an interrupt came first. */
	while (r.ahead_i < r.ahead_n)
		free(r.ahead[r.ahead_i++]);
	if (cancelled(&r))
		r.status = -EINTR;
	r.sum.elapsed = since(&r.start);
	if (r.reporting)
		tick(&r, r.last_path, r.last_bytes, r.last_size, true);
	if (o->summary)
		*o->summary = r.sum;
	free(r.last_path);
	free(r.done_inos);
	pthread_mutex_destroy(&r.lock);
	return r.status;
}

struct list {
	const char *const *paths;
	size_t n, i;
};

static int list_next(void *arg, const char **path)
{
	struct list *l = arg;

	if (l->i == l->n)
		return 0;
	*path = l->paths[l->i++];
	return 1;
}

int migrate_run_list(struct lfs_store *s, const char *cwd,
		     const char *const *paths, size_t n,
		     const struct migrate_run_opts *o)
{
	return migrate_run_list_on(&lfs_store_backend, s, cwd, paths, n, o);
}

int migrate_run_list_on(const struct lfs_backend_ops *be, void *fs,
			const char *cwd, const char *const *paths, size_t n,
			const struct migrate_run_opts *o)
{
	struct list l = { paths, n, 0 };
	struct migrate_run_opts lo = *o;

	lo.total = n;
	return migrate_run_on(be, fs, cwd, list_next, &l, &lo);
}

/* A directory's layout, as Lustre's llapi_layout_get_by_path() reads it
 * for lfs_migrate -R: the default its new files take (getstripe -d's). */
static int dir_layout_of(struct lfs_store *s, const char *rel,
			 struct lfs_layout **out)
{
	int fd = ns_open(s, rel, O_RDONLY | O_DIRECTORY, 0), rc;

	if (fd < 0)
		return fd;
	rc = stripe_dir_default(s, fd, out);
	close(fd);
	return rc;
}

int migrate_layout_of(struct lfs_store *s, const char *rel,
		      struct lfs_layout **out, struct lfs_error *e)
{
	struct lfs_inode *ino;
	int rc;

	*out = NULL;
	rc = inode_open(s, rel, INODE_READ, &ino, e);
	if (rc == -EISDIR) {
		lfs_error_clear(e);
		rc = dir_layout_of(s, rel, out);
		if (!rc)
			layout_drop_placement(*out);
		return rc;
	}
	if (rc)
		return rc;
	*out = ino->layout ? layout_dup(ino->layout) : NULL;
	rc = !ino->layout ? -ENODATA : !*out ? -ENOMEM : 0;
	inode_close(ino);
	if (*out)
		layout_drop_placement(*out);
	return rc;
}
