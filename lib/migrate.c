/* migrate.c - lfs migrate over the embedded store (see migrate.h). */
#include "migrate.h"

#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "alloc.h"
#include "inode.h"
#include "io.h"
#include "journal.h"
#include "lock.h"

#define COPY_CHUNK (4u << 20)

/* Crash testing: LFS_FAULT=<point> kills the process at that point of the
 * protocol (tests/e2e drive it); unset in normal use. */
static void fault_point(const char *name)
{
	const char *want = getenv("LFS_FAULT");

	if (want && !strcmp(want, name))
		raise(SIGKILL);
}

struct migrate_ctx {
	struct lfs_store *s;
	const char *rel;
	const struct migrate_opts *o;
	struct migrate_result *r;
	struct lfs_error *e;
	int *rc;                       /* this file's status in the batch */
	struct lfs_inode *src, *vol;
	char vol_name[64];
	struct stat st;
	uint64_t dv1;
	bool group_locked, layout_locked;
	struct journal_handle journal;  /* fd -1 until the intent exists */
	struct lfs_layout *old_l, *new_l;   /* as swapped, gen = max + 1 */
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
 * the source's geometry with its OSTs left to the allocator. */
static int new_layout_for(struct migrate_ctx *m, struct lfs_layout **out)
{
	struct lfs_layout *l;

	if (m->o->layout) {
		/* Unset fields come from the defaults of the file's
		 * directory, as for the volatile Lustre opens there. */
		char parent[PATH_MAX];
		const char *name;
		int pfd, rc;

		ns_split(m->rel, parent, sizeof(parent), &name);
		pfd = ns_open(m->s, parent, O_RDONLY | O_DIRECTORY, 0);
		if (pfd < 0)
			return pfd;
		rc = inode_effective_layout(m->s, pfd, m->o->layout, out, m->e);
		close(pfd);
		return rc;
	}
	l = layout_dup(m->src->layout);
	if (!l)
		return -ENOMEM;
	for (uint32_t i = 0; i < l->nr_comps; i++) {
		struct lfs_component *c = &l->comps[i];

		if (c->flags & LFS_COMP_INIT)
			c->stripe_count = (int32_t)c->nr_objects;
		free(c->objects);
		c->objects = NULL;
		c->nr_objects = 0;
		free(c->osts);
		c->osts = NULL;
		c->nr_osts = 0;
		c->flags &= ~LFS_COMP_INIT;
		c->stripe_offset = -1;
	}
	l->gen = 0;
	*out = l;
	return 0;
}

/* Is the source already what was asked for, on OSTs that may hold it? */
static bool already_there(struct migrate_ctx *m, const struct lfs_layout *want)
{
	const struct lfs_layout *have = m->src->layout;

	if (!m->o->layout || have->nr_comps != want->nr_comps ||
	    have->composite != want->composite)
		return false;
	for (uint32_t i = 0; i < have->nr_comps; i++) {
		const struct lfs_component *h = &have->comps[i], *w = &want->comps[i];
		const struct lfs_pool *pool = w->pool[0] ?
			store_pool_find(m->s->conf, w->pool) : NULL;
		uint32_t count;

		if (h->start != w->start || h->end != w->end ||
		    h->stripe_size != w->stripe_size || strcmp(h->pool, w->pool) ||
		    (h->pattern & LFS_PATTERN_OVERSTRIPED) !=
		    (w->pattern & LFS_PATTERN_OVERSTRIPED))
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

			if (!store_ost_usable(m->s->conf, ost) ||
			    (pool && !store_pool_has(pool, ost)))
				return false;
			if (w->nr_osts && ost != w->osts[j])
				return false;
		}
	}
	return true;
}

static int create_volatile(struct migrate_ctx *m, struct lfs_layout *l)
{
	char proc[64], lustre_name[PATH_MAX + 64];
	int fd, rc;

	/* Owned before it has a name, so no recovery can mistake it for
	 * a dead process's leftover. */
	fd = openat(m->s->pending_fd, ".", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	rc = lfs_lock(fd, LOCK_OWNER, LFS_EXCL);
	if (!rc && fchown(fd, m->st.st_uid, m->st.st_gid) && errno != EPERM)
		rc = -errno;
	if (!rc)
		rc = layout_xattr_set(m->s, fd, l);
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	for (int tries = 0; !rc; tries++) {
		/* Lustre's volatile name: "%s/%s:%.4X:%.4X:fd=%.2d" (parent,
		 * header, MDT index, random, fd), retried on EEXIST. */
		char parent[PATH_MAX];
		const char *base;

		ns_split(m->rel, parent, sizeof(parent), &base);
		snprintf(lustre_name, sizeof(lustre_name), "%s/%s:%.4X:%.4X:fd=%.2d",
			 parent, VOLATILE_HEADER, 0,
			 (unsigned)rand_r(&m->s->rand_state) & 0xffff,
			 m->src->fd);
		rc = ns_pending_name(lustre_name, m->vol_name, sizeof(m->vol_name));
		if (!rc && linkat(AT_FDCWD, proc, m->s->pending_fd, m->vol_name,
				  AT_SYMLINK_FOLLOW) == 0)
			break;
		if (!rc && (errno != EEXIST || tries > 100))
			rc = -errno;
	}
	if (!rc)
		rc = inode_create_objects(m->s, l);
	if (rc) {
		if (m->vol_name[0]) {
			inode_destroy_objects(m->s, l);
			unlinkat(m->s->pending_fd, m->vol_name, 0);
		}
		close(fd);
		return rc;
	}
	return inode_from_fd(m->s, fd, INODE_WRITE, &m->vol);
}

/* migrate_open_files(): the source and the volatile with the new layout. */
static int migrate_open_files(struct migrate_ctx *m)
{
	struct lfs_layout *want = NULL;
	uint64_t size;
	int fd, rc;

	/* Read-write for the layout swap, never through a symlink. */
	fd = ns_open(m->s, m->rel, O_RDWR | O_NOFOLLOW | O_NONBLOCK, 0);
	if (fd == -ELOOP || fd == -EISDIR) {
		struct stat st;
		int pfd2 = ns_open(m->s, m->rel, O_PATH | O_NOFOLLOW, 0);

		rc = pfd2 < 0 || fstat(pfd2, &st) ? fd : S_ISLNK(st.st_mode) ? -ELOOP :
		     S_ISDIR(st.st_mode) ? -EISDIR : fd;
		if (pfd2 >= 0)
			close(pfd2);
		if (rc == -ELOOP)
			return lfs_error_set(m->e, -ELOOP,
				"is a symbolic link: not followed, migrate its target");
		if (rc == -EISDIR)
			return lfs_error_set(m->e, -EISDIR,
				"is a directory: migrate its files");
		return rc;
	}
	if (fd < 0)
		return fd;
	if (fstat(fd, &m->st)) {
		rc = -errno;
		close(fd);
		return rc;
	}
	if (!S_ISREG(m->st.st_mode)) {
		close(fd);
		return lfs_error_set(m->e, -EINVAL, "not a regular file");
	}
	rc = inode_from_fd(m->s, fd, INODE_ADMIN, &m->src);
	if (rc)
		return step(m->e, rc, "cannot open");
	if (!m->src->layout)
		return lfs_error_set(m->e, -ENODATA, "has no layout");
	m->r->ino = m->src->ino;
	if (lfs_trylock(m->src->fd, LOCK_MIGRATE, LFS_EXCL))
		return lfs_error_set(m->e, -EBUSY,
			"cannot get lease: another migration holds the file");
	rc = new_layout_for(m, &want);
	if (rc)
		return step(m->e, rc, "invalid layout");
	m->r->old_layout = layout_dup(m->src->layout);
	if (already_there(m, want)) {
		m->r->skipped = true;
		m->r->new_layout = want;
		return 0;
	}
	inode_size(m->src, &size);
	m->r->size = size;
	/* Allocate what the data will occupy: the first component and every
	 * component the source's bytes reach. */
	for (uint32_t i = 0; !rc && i < want->nr_comps; i++) {
		bool c1 = false;

		if (i && want->comps[i].start >= size)
			break;
		rc = alloc_component(m->s, want, i, &c1, m->e);
		if (!rc && c1)
			m->r->capped = want->comps[i].nr_objects;
	}
	if (!rc && !m->o->dry_run)
		rc = create_volatile(m, want);
	if (rc) {
		layout_free(want);
		return step(m->e, rc, "cannot create volatile file");
	}
	m->r->new_layout = want;
	return 0;
}

static bool lease_broken(struct migrate_ctx *m)
{
	return lfs_lock_conflicts(m->src->fd, LOCK_WRITERS, LFS_EXCL) != 0;
}

static void throttle(struct migrate_ctx *m, uint64_t done, struct timespec *t0)
{
	struct timespec now;
	double elapsed, due;

	if (!m->o->bandwidth)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	elapsed = (double)(now.tv_sec - t0->tv_sec) + (now.tv_nsec - t0->tv_nsec) / 1e9;
	due = (double)done / (double)m->o->bandwidth;
	if (due > elapsed) {
		double wait = due - elapsed;
		struct timespec ts = { (time_t)wait, (long)((wait - floor(wait)) * 1e9) };

		nanosleep(&ts, NULL);
	}
}

/* migrate_copy_data(): data ranges only, in bounded chunks. In
 * non-blocking mode the lease is checked after every chunk. */
static int migrate_copy_data(struct migrate_ctx *m)
{
	uint64_t size, off = 0, start, end, done = 0;
	struct timespec t0;
	int rc = inode_size(m->src, &size);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (!rc && off < size) {
		rc = io_next_data(m->src, off, &start, &end);
		if (rc == -ENXIO) {
			rc = 0;
			break;
		}
		while (!rc && start < end) {
			uint64_t n = end - start < COPY_CHUNK ? end - start : COPY_CHUNK;

			rc = io_copy_range(m->src, m->vol, start, n);
			start += n;
			done += n;
			if (!rc && m->o->nonblock) {
				uint64_t dv;

				if (lease_broken(m))
					rc = -EBUSY;
				else if (!inode_data_version(m->src, &dv) && dv != m->dv1)
					rc = lfs_error_set(m->e, -EAGAIN, "source file changed");
			}
			if (m->o->progress)
				m->o->progress(m->o->progress_arg, done, size);
			throttle(m, done, &t0);
		}
		off = end;
	}
	m->r->bytes = done;
	if (!rc)
		rc = io_truncate_raw(m->vol, size);
	return step(m->e, rc, "data copy failed");
}

/*
 * The swap (DESIGN 5.7) in phases, so that a batch of files shares its
 * durability points (one journal commit flushes every file's metadata):
 *   intent   LAYOUT lock, data version / lease checks, intent record
 *   [journal_sync for the whole batch]
 *   swap     source <- new layout, volatile <- old, gen = max + 1
 *   [fsync of every swapped source]
 *   finish   old objects and volatile destroyed, then the record removed;
 *            times restored
 */
static int migrate_swap_intent(struct migrate_ctx *m)
{
	struct lfs_layout *old_l = NULL, *new_l = NULL;
	struct stat st;
	uint64_t dv;
	int rc = lfs_lock(m->src->fd, LOCK_LAYOUT, LFS_EXCL);

	if (rc)
		return step(m->e, rc, "cannot swap layout");
	m->layout_locked = true;
	/* Removed meanwhile (rm took the layout lock before us and destroyed
	 * its objects): a layout set now would belong to no one. */
	if (fstat(m->src->fd, &st) == 0 && st.st_nlink == 0)
		return lfs_error_set(m->e, -ENOENT, "file was removed during the migration");
	rc = inode_layout_refresh(m->src);
	if (!rc)
		rc = inode_data_version(m->src, &dv);
	if (!rc && dv != m->dv1)
		rc = lfs_error_set(m->e, -EAGAIN, m->o->nonblock ?
				   "source file changed" : "file changed");
	if (!rc && m->o->nonblock && lease_broken(m))
		rc = lfs_error_set(m->e, -EBUSY, "cannot swap layout: lease broken");
	if (!rc) {
		uint32_t gen = (m->src->layout->gen > m->vol->layout->gen ?
				m->src->layout->gen : m->vol->layout->gen) + 1;

		old_l = layout_dup(m->src->layout);
		new_l = layout_dup(m->vol->layout);
		if (!old_l || !new_l)
			rc = -ENOMEM;
		else
			old_l->gen = new_l->gen = gen;
	}
	if (!rc)
		rc = journal_begin(m->s, m->rel, m->src->ino, m->vol_name, old_l,
				   new_l, &m->journal);
	if (rc) {
		layout_free(old_l);
		layout_free(new_l);
		return step(m->e, rc, "cannot swap layout");
	}
	m->old_l = old_l;
	m->new_l = new_l;
	return 0;
}

static int migrate_swap(struct migrate_ctx *m)
{
	int rc;

	fault_point("journaled");
	rc = layout_xattr_set(m->s, m->src->fd, m->new_l);
	fault_point("source-swapped");
	if (!rc)
		rc = layout_xattr_set(m->s, m->vol->fd, m->old_l);
	fault_point("volatile-swapped");
	return step(m->e, rc, "cannot swap layout");
}

/* Only the source's new layout must be durable: the old objects are
 * destroyed and the volatile removed before the intent record goes, so
 * until then recovery decides from the record and the source alone and
 * never trusts the volatile's layout. */
static int migrate_swap_sync(struct migrate_ctx *m)
{
	int rc = fsync(m->src->fd) ? -errno : 0;

	return step(m->e, rc, "cannot swap layout");
}

/* The volatile now holds the old layout: destroy it with its objects. */
static void destroy_volatile(struct migrate_ctx *m, const struct lfs_layout *garbage)
{
	inode_destroy_objects(m->s, garbage);
	fault_point("destroyed");
	layout_side_file_remove(m->s, m->vol->fd);
	unlinkat(m->s->pending_fd, m->vol_name, 0);
	inode_close(m->vol);
	m->vol = NULL;
}

/* Release everything a file holds: on success the old objects go; on a
 * failure before the swap the new ones do; on a failure once the intent
 * record exists, the record decides (journal_recover), as after a crash. */
static void migrate_finish(struct migrate_ctx *m, int rc)
{
	struct timespec times[2] = { m->st.st_atim, m->st.st_mtim };

	if (m->journal.fd >= 0) {
		if (!rc) {
			destroy_volatile(m, m->old_l);
			rc = journal_end(m->s, &m->journal);
			fault_point("swapped");
		}
		if (rc && m->journal.fd >= 0) {
			unsigned fwd = 0, back = 0;

			journal_recover(m->s, m->journal.fd, false, &fwd, &back);
			journal_end(m->s, &m->journal);
			inode_close(m->vol);   /* recovery removed its inode */
			m->vol = NULL;
		}
	}
	/* The layout change must not look like a data change. */
	if (!rc && m->new_l)
		futimens(m->src->fd, times);
	if (m->layout_locked)
		lfs_unlock(m->src->fd, LOCK_LAYOUT);
	if (m->group_locked)
		lfs_unlock(m->src->fd, LOCK_GROUP);
	if (m->vol)
		destroy_volatile(m, rc ? m->vol->layout : m->old_l);
	layout_free(m->old_l);
	layout_free(m->new_l);
	inode_close(m->src);
}

/* Up to the data copy: blocking mode reads DV1 before taking the group
 * lock (Lustre insists); non-blocking mode takes a lease and checks the
 * data version again after the copy. */
static int migrate_prepare(struct migrate_ctx *m)
{
	int rc = migrate_open_files(m);

	fault_point("opened");
	if (rc || m->r->skipped || m->o->dry_run)
		return rc;
	if (m->o->nonblock && lease_broken(m))
		return lfs_error_set(m->e, -EBUSY, "cannot get lease");
	rc = inode_data_version(m->src, &m->dv1);
	if (!rc && !m->o->nonblock) {
		rc = lfs_lock(m->src->fd, LOCK_GROUP, LFS_EXCL);
		m->group_locked = !rc;
		if (rc)
			return step(m->e, rc, "cannot get group lock");
	}
	if (!rc)
		rc = migrate_copy_data(m);
	if (!rc && m->o->nonblock) {
		uint64_t dv2;

		rc = inode_data_version(m->src, &dv2);
		if (!rc && dv2 != m->dv1)
			rc = lfs_error_set(m->e, -EAGAIN, "source file changed");
	}
	return rc;
}

static bool active(const struct migrate_ctx *m)
{
	return !*m->rc && !m->r->skipped && !m->o->dry_run;
}

static int sync_data(struct migrate_ctx *m)
{
	return step(m->e, io_sync(m->vol), "data copy failed");
}

/* A durability point of the batch: each file fsyncs what it changed.
 * The first fsync commits the filesystem journal for all of them, so the
 * rest mostly find their changes already durable. */
static void durable(struct migrate_ctx *m, size_t n,
		    int (*each_fn)(struct migrate_ctx *m))
{
	for (size_t i = 0; i < n; i++)
		if (active(&m[i]))
			*m[i].rc = each_fn(&m[i]);
}

int migrate_files(struct lfs_store *s, size_t n, const char *const *rels,
		  const struct migrate_opts *o, struct migrate_result *res,
		  struct lfs_error *errs, int *rcs)
{
	struct migrate_ctx *m = calloc(n, sizeof(*m));
	struct journal_handle **jh = calloc(n, sizeof(*jh));
	size_t nj = 0;
	int first = 0;

	if (!m || !jh) {
		free(m);
		free(jh);
		return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		m[i] = (struct migrate_ctx){ .s = s, .rel = rels[i], .o = o,
			.r = &res[i], .e = &errs[i], .rc = &rcs[i],
			.journal = { -1, "" } };
		memset(&res[i], 0, sizeof(res[i]));
		lfs_error_clear(&errs[i]);
		rcs[i] = migrate_prepare(&m[i]);
	}
	/* New objects durable before any swap: write-back was started
	 * during the copies, so this mostly waits. */
	durable(m, n, sync_data);
	fault_point("copied");
	for (size_t i = 0; i < n; i++)
		if (active(&m[i]) && !(rcs[i] = migrate_swap_intent(&m[i])))
			jh[nj++] = &m[i].journal;
	if (nj) {
		int rc = journal_sync(s, jh, nj);

		for (size_t i = 0; rc && i < n; i++)
			if (active(&m[i]))
				rcs[i] = step(m[i].e, rc, "cannot swap layout");
	}
	for (size_t i = 0; i < n; i++)
		if (active(&m[i]))
			rcs[i] = migrate_swap(&m[i]);
	durable(m, n, migrate_swap_sync);
	for (size_t i = 0; i < n; i++) {
		migrate_finish(&m[i], rcs[i]);
		if (rcs[i] && !first)
			first = rcs[i];
	}
	free(m);
	free(jh);
	return first;
}

int migrate_file(struct lfs_store *s, const char *rel,
		 const struct migrate_opts *o, struct migrate_result *r,
		 struct lfs_error *e)
{
	int rc = 0;
	struct lfs_error local;
	int err = migrate_files(s, 1, &rel, o, r, e ? e : &local, &rc);

	return err == -ENOMEM && !rc ? err : rc;
}
