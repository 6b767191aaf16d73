/* migrate.c - lfs migrate's protocol, as Lustre 2.15 runs it (see
 * migrate.h); the filesystem work goes through a backend (backend.h). */
#include "migrate.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "fault.h"

#define COPY_CHUNK (4u << 20)

struct migrate_ctx {
	const struct lfs_backend_ops *be;
	void *fs;
	const char *rel;
	const struct migrate_opts *o;
	struct migrate_result *r;
	struct lfs_error *e;
	int *rc;                       /* this file's status in the batch */
	struct lfs_bfile *src, *vol;
	struct stat st;
	uint64_t dv1;
};

void migrate_result_free(struct migrate_result *r)
{
	layout_free(r->old_layout);
	layout_free(r->new_layout);
	r->old_layout = r->new_layout = NULL;
}

static int step(struct lfs_error *e, int rc, const char *what)
{
	if (rc && e && !e->msg[0])
		lfs_error_set(e, rc, "%s", what);
	return rc;
}

/* The layout the volatile gets: the request filled from the defaults, or
 * the source's geometry with its OSTs left to the allocator (Lustre 2.16,
 * LU-16500; 2.15 kept stripe 0 where it was). */
static int new_layout_for(struct migrate_ctx *m, struct lfs_layout **out)
{
	struct lfs_layout *l;

	if (m->o->layout)
		return m->be->layout_fill(m->fs, m->rel, m->o->layout, out, m->e);
	l = layout_dup(m->be->layout(m->src));
	if (!l)
		return -ENOMEM;
	layout_drop_placement(l);
	/* Fresh OSTs means no explicit list either. */
	for (uint32_t i = 0; i < l->nr_comps; i++) {
		free(l->comps[i].osts);
		l->comps[i].osts = NULL;
		l->comps[i].nr_osts = 0;
	}
	l->gen = 0;
	*out = l;
	return 0;
}

/* Does h's overstriping meet w's? An overstriping request without an
 * OST list is met by distinct OSTs too, since the allocator then clears
 * the flag (lod_qos.c); otherwise the flag is what was asked for. */
static bool overstriping_met(const struct lfs_component *h,
			     const struct lfs_component *w)
{
	bool hos = h->pattern & LFS_PATTERN_OVERSTRIPED;
	bool wos = w->pattern & LFS_PATTERN_OVERSTRIPED;

	if (hos == wos)
		return true;
	if (!wos || w->nr_osts || !(h->flags & LFS_COMP_INIT))
		return false;
	for (uint32_t i = 0; i < h->nr_objects; i++)
		for (uint32_t j = i + 1; j < h->nr_objects; j++)
			if (h->objects[i].ost == h->objects[j].ost)
				return false;
	return true;
}

/* Is the source already what was asked for, on OSTs that may hold it? */
static bool already_there(struct migrate_ctx *m, const struct lfs_layout *want)
{
	const struct lfs_layout *have = m->be->layout(m->src);

	if (!m->o->layout || have->nr_comps != want->nr_comps ||
	    have->composite != want->composite)
		return false;
	for (uint32_t i = 0; i < have->nr_comps; i++) {
		const struct lfs_component *h = &have->comps[i], *w = &want->comps[i];
		uint32_t count;

		if (h->start != w->start || h->end != w->end ||
		    h->stripe_size != w->stripe_size || strcmp(h->pool, w->pool) ||
		    !overstriping_met(h, w))
			return false;
		if (!(h->flags & LFS_COMP_INIT))
			continue;
		count = w->nr_osts ? w->nr_osts : (uint32_t)w->stripe_count;
		if (w->stripe_count != -1 && h->nr_objects != count)
			return false;
		if (w->stripe_offset >= 0 && h->objects[0].ost != (uint32_t)w->stripe_offset)
			return false;
		for (uint32_t j = 0; j < h->nr_objects; j++) {
			uint32_t ost = h->objects[j].ost;

			if (!m->be->ost_acceptable(m->fs, m->rel, ost, w->pool))
				return false;
			if (w->nr_osts && ost != layout_listed_ost(w, j))
				return false;
		}
	}
	return true;
}

/* migrate_open_files(): the source and the volatile with the new layout. */
static int migrate_open_files(struct migrate_ctx *m)
{
	struct lfs_layout *want = NULL;
	int rc = m->be->open(m->fs, m->rel, &m->src, &m->st, m->e);

	if (rc == -ELOOP)
		return lfs_error_set(m->e, rc,
			"is a symbolic link: not followed, migrate its target");
	if (rc == -EISDIR)
		return lfs_error_set(m->e, rc, "is a directory: migrate its files");
	if (rc == -EINVAL)
		return lfs_error_set(m->e, rc, S_ISREG(m->st.st_mode) ?
				     "layout is corrupt" : "not a regular file");
	if (rc == -ENODEV)
		return lfs_error_set(m->e, rc,
			"layout names an OST the filesystem does not have: the file is damaged");
	if (rc)
		return rc;
	if (!m->be->layout(m->src))
		return lfs_error_set(m->e, -ENODATA, "has no layout");
	m->r->size = (uint64_t)m->st.st_size;
	if (m->be->migrate_lock(m->src))
		return lfs_error_set(m->e, -EBUSY,
			"cannot get lease: another migration holds the file");
	rc = new_layout_for(m, &want);
	if (rc)
		return step(m->e, rc, "invalid layout");
	m->r->old_layout = layout_dup(m->be->layout(m->src));
	m->r->new_layout = want;
	if (already_there(m, want)) {
		m->r->skipped = true;
		return 0;
	}
	rc = m->be->volatile_open(m->src, m->rel, want, m->r->size, m->o->dry_run,
				  &m->r->capped, &m->vol, m->e);
	return step(m->e, rc, "cannot create volatile file");
}

static bool cancelled(const struct migrate_opts *o)
{
	return o->cancel && *o->cancel;
}

/* -W: wait until `done` bytes are due, in slices of at most 0.1 s so
 * that an interrupt is seen at once (a signal may go to another thread
 * and never end this one's sleep). */
static void throttle(struct migrate_ctx *m, uint64_t done, struct timespec *t0)
{
	struct timespec now;
	double wait;

	if (!m->o->bandwidth)
		return;
	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		wait = (double)done / (double)m->o->bandwidth -
		       ((double)(now.tv_sec - t0->tv_sec) +
			(now.tv_nsec - t0->tv_nsec) / 1e9);
		if (wait <= 0 || cancelled(m->o))
			return;
		if (wait > 0.1)
			wait = 0.1;
		nanosleep(&(struct timespec){ 0, (long)(wait * 1e9) }, NULL);
	}
}

/* migrate_copy_data(): data ranges only, in bounded chunks. In
 * non-blocking mode the lease is checked after every chunk. */
static int migrate_copy_data(struct migrate_ctx *m)
{
	uint64_t size = m->r->size, off = 0, start, end, done = 0;
	struct timespec t0;
	int rc = 0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (!rc && off < size) {
		rc = m->be->next_data(m->src, off, &start, &end, m->e);
		if (rc == -ENXIO) {
			rc = 0;
			break;
		}
		while (!rc && start < end) {
			uint64_t n = end - start < COPY_CHUNK ? end - start : COPY_CHUNK;

			rc = m->be->copy(m->src, m->vol, start, n, m->e);
			start += n;
			done += n;
			if (!rc && m->o->nonblock) {
				uint64_t dv;

				if (m->be->lease_broken(m->src))
					rc = -EBUSY;
				else if (!m->be->data_version(m->src, &dv) && dv != m->dv1)
					rc = lfs_error_set(m->e, -EAGAIN, "source file changed");
			}
			if (m->o->progress)
				m->o->progress(m->o->progress_arg, m->rel, done, size);
			throttle(m, done, &t0);
			if (!rc && cancelled(m->o))
				rc = lfs_error_set(m->e, -EINTR, "interrupted");
		}
		off = end;
	}
	m->r->bytes = done;
	if (!rc)
		rc = m->be->set_size(m->vol, size);
	return step(m->e, rc, "data copy failed");
}

/* The size the volatile was made for, read when the file was opened,
 * must still be the file's once DV1 is read: a write in between is in
 * DV1, so the swap would not notice bytes the copy left out. */
static int check_size(struct migrate_ctx *m, const char *changed)
{
	uint64_t size;
	int rc = step(m->e, m->be->size(m->src, &size), "cannot stat source file");

	if (!rc && size != m->r->size)
		rc = lfs_error_set(m->e, -EAGAIN, "%s", changed);
	return rc;
}

/* migrate_block(), up to the swap: DV1 is read before the group lock, as
 * Lustre insists, and the copy runs under it; writers wait. */
static int migrate_block(struct migrate_ctx *m)
{
	int rc = step(m->e, m->be->data_version(m->src, &m->dv1),
		      "cannot get dataversion");

	if (!rc && (rc = m->be->group_lock(m->src)))
		return step(m->e, rc, "cannot get group lock");
	if (!rc)
		rc = check_size(m, "file changed");
	return rc ? rc : migrate_copy_data(m);
}

/* migrate_nonblock(), up to the swap: a read lease, the copy checking it,
 * then DV2 against DV1. */
static int migrate_nonblock(struct migrate_ctx *m)
{
	uint64_t dv2;
	int rc;

	if (m->be->lease_broken(m->src))
		return lfs_error_set(m->e, -EBUSY, "cannot get lease");
	rc = step(m->e, m->be->data_version(m->src, &m->dv1),
		  "cannot get data version");
	if (!rc)
		rc = check_size(m, "source file changed");
	if (!rc)
		rc = migrate_copy_data(m);
	if (!rc)
		rc = step(m->e, m->be->data_version(m->src, &dv2),
			  "cannot get data version");
	if (!rc && dv2 != m->dv1)
		rc = lfs_error_set(m->e, -EAGAIN, "source file changed");
	return rc;
}

static int migrate_prepare(struct migrate_ctx *m)
{
	int rc;

	if (cancelled(m->o))
		return lfs_error_set(m->e, -EINTR, "interrupted");
	rc = migrate_open_files(m);

	fault_point("opened");
	if (rc || m->r->skipped || m->o->dry_run)
		return rc;
	return m->o->nonblock ? migrate_nonblock(m) : migrate_block(m);
}

static bool active(const struct migrate_ctx *m)
{
	return !*m->rc && !m->r->skipped && !m->o->dry_run;
}

/* A durability point for the batch: one sync_all when more than one
 * file takes part, else the file's own sync. */
static void sync_batch(struct migrate_ctx *m, size_t n,
		       int (*one)(struct lfs_bfile *f), bool vol,
		       const char *what)
{
	size_t live = 0;
	int rc;

	for (size_t i = 0; i < n; i++)
		live += active(&m[i]);
	if (live > 1 && m[0].be->sync_all) {
		rc = m[0].be->sync_all(m[0].fs);
		for (size_t i = 0; rc && i < n; i++)
			if (active(&m[i]))
				*m[i].rc = step(m[i].e, rc, what);
		return;
	}
	for (size_t i = 0; i < n; i++)
		if (active(&m[i]))
			*m[i].rc = step(m[i].e, one(vol ? m[i].vol : m[i].src), what);
}

/* The swap checks DV1 (and, with -n, the lease). A data version that
 * moved is Lustre's "file changed" ("source file changed" with -n, as
 * the copy says it) also from a backend that, like
 * llapi_fswap_layouts(), returns -EAGAIN and no message. */
static int swap_prepare(struct migrate_ctx *m)
{
	int rc = m->be->swap_prepare(m->src, m->vol, m->dv1, m->o->nonblock, m->e);

	if (rc == -EAGAIN)
		return step(m->e, rc, m->o->nonblock ? "source file changed" :
			    "file changed");
	return step(m->e, rc, "cannot swap layout");
}

/*
 * migrate_swap_layouts() for a batch (docs/DESIGN.md section 5.7): the
 * new objects made durable, every intent recorded and made durable at
 * once, the layouts swapped, the sources' new layouts made durable, then
 * each file finished. Each durability point is one sync for the whole batch.
 */
static void migrate_swap_layouts(struct migrate_ctx *m, size_t n,
				 struct lfs_bfile **srcs)
{
	size_t ns = 0;

	sync_batch(m, n, m[0].be->sync_data, true, "data copy failed");
	fault_point("copied");
	for (size_t i = 0; i < n; i++)
		if (active(&m[i]))
			*m[i].rc = swap_prepare(&m[i]);
	for (size_t i = 0; i < n; i++)
		if (active(&m[i]))
			srcs[ns++] = m[i].src;
	if (ns) {
		int rc = m[0].be->commit_intents(srcs, ns);

		for (size_t i = 0; rc && i < n; i++)
			if (active(&m[i]))
				*m[i].rc = step(m[i].e, rc, "cannot swap layout");
	}
	for (size_t i = 0; i < n; i++)
		if (active(&m[i]))
			*m[i].rc = step(m[i].e, m[i].be->swap(m[i].src, m[i].vol),
					"cannot swap layout");
	sync_batch(m, n, m[0].be->swap_sync, false, "cannot swap layout");
}

int migrate_files(const struct lfs_backend_ops *be, void *fs, size_t n,
		  const char *const *rels, const struct migrate_opts *o,
		  struct migrate_result *res, struct lfs_error *errs, int *rcs)
{
	/* One allocation, before any file is touched, for the files and the
	 * list of intents to commit: a batch that could not list its
	 * intents must not swap. */
	struct migrate_ctx *m = calloc(n, sizeof(*m) + sizeof(struct lfs_bfile *));
	struct lfs_bfile **srcs;
	int first = 0;

	if (!m) {
		for (size_t i = 0; i < n; i++) {
			memset(&res[i], 0, sizeof(res[i]));
			lfs_error_clear(&errs[i]);
			rcs[i] = -ENOMEM;
		}
		return -ENOMEM;
	}
	srcs = (struct lfs_bfile **)(m + n);
	for (size_t i = 0; i < n; i++) {
		m[i] = (struct migrate_ctx){ .be = be, .fs = fs, .rel = rels[i],
			.o = o, .r = &res[i], .e = &errs[i], .rc = &rcs[i] };
		memset(&res[i], 0, sizeof(res[i]));
		lfs_error_clear(&errs[i]);
		rcs[i] = migrate_prepare(&m[i]);
	}
	migrate_swap_layouts(m, n, srcs);
	for (size_t i = 0; i < n; i++) {
		if (m[i].src)
			be->finish(m[i].src, m[i].vol, rcs[i]);
		be->close(m[i].src);
		if (rcs[i] && !first)
			first = rcs[i];
	}
	if (be->end_batch)
		be->end_batch(fs);
	free(m);
	return first;
}

int migrate_file(const struct lfs_backend_ops *be, void *fs, const char *rel,
		 const struct migrate_opts *o, struct migrate_result *r,
		 struct lfs_error *e)
{
	struct lfs_error local;
	int rc = 0;
	int err = migrate_files(be, fs, 1, &rel, o, r, e ? e : &local, &rc);

	return err == -ENOMEM && !rc ? err : rc;
}
