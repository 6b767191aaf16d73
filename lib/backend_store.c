/* backend_store.c - the migrate backend over the embedded store. */
#include "backend.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "closer.h"
#include "fault.h"
#include "inode.h"
#include "io.h"
#include "journal.h"
#include "lock.h"
#include "migrate.h"
#include "ns.h"
#include "ost.h"
#include "ostindex.h"
#include "spare.h"
#include "store_internal.h"

struct lfs_bfile {
	struct lfs_store *s;
	struct lfs_inode *ino;
	char *rel;                      /* source: its namespace path */
	struct stat st;
	char vol_name[128];             /* volatile: its PENDING entry */
	bool group_locked, layout_locked;
	bool twins_tried;               /* volatile: io_link_twins() done */
	struct journal_entry journal;   /* source: its intent, once made */
	struct lfs_layout *old_l, *new_l;   /* source: as swapped */
	int migrate_rc;                 /* source: its LOCK_MIGRATE trylock */
};

static struct lfs_bfile *bfile_new(struct lfs_store *s)
{
	struct lfs_bfile *f = calloc(1, sizeof(*f));

	if (f)
		f->s = s;
	return f;
}

/* Too small for any object to be freed later (ost_object_close): a
 * spare may come with at most SPARE_KEEP_OBJECT old bytes. A file that
 * grows past it meanwhile only has its objects freed at once. */
static bool small_file(off_t size)
{
	return (uint64_t)size + SPARE_KEEP_OBJECT < OST_FREE_LATER_BYTES;
}

static int store_open_file(void *fs, const char *rel, struct lfs_bfile **out,
			   struct stat *st, struct lfs_error *e)
{
	struct lfs_store *s = fs;
	struct lfs_bfile *f;
	int fd, rc;

	/* Read-write for the layout swap, never through a symlink; an
	 * ELOOP or EISDIR is looked at again to name its cause. */
	fd = ns_open(s, rel, O_RDWR | O_NOFOLLOW | O_NONBLOCK, 0);
	if (fd == -ELOOP || fd == -EISDIR) {
		struct stat lst;
		int pfd = ns_open(s, rel, O_PATH | O_NOFOLLOW, 0);

		rc = pfd < 0 || fstat(pfd, &lst) ? fd : S_ISLNK(lst.st_mode) ? -ELOOP :
		     S_ISDIR(lst.st_mode) ? -EISDIR : fd;
		if (pfd >= 0)
			close(pfd);
		return rc == -ELOOP || rc == -EISDIR ? rc : -EIO;
	}
	if (fd < 0)
		return fd;
	if (fstat(fd, st)) {
		rc = -errno;
		close(fd);
		return rc;
	}
	if (!S_ISREG(st->st_mode)) {
		close(fd);
		return -EINVAL;
	}
	f = bfile_new(s);
	if (!f) {
		close(fd);
		return -ENOMEM;
	}
	/* The migration lock before the layout is read: one read before it
	 * could be another migration's old layout, whose objects that one
	 * destroys (or hands to another file as spares) before our copy. */
	f->migrate_rc = lfs_trylock(fd, LOCK_MIGRATE, LFS_EXCL);
	f->st = *st;
	f->rel = strdup(rel);
	rc = f->rel ? inode_from_fd_known(s, fd, INODE_ADMIN, st, NULL, &f->ino) :
	     -ENOMEM;
	if (!rc && ((rc = inode_check_osts(s, f->ino->layout, NULL)) ||
		    (rc = inode_vouch_known(f->ino, INODE_ADMIN, st, e))))
		inode_close(f->ino);    /* closes fd */
	if (rc) {
		if (!f->rel)
			close(fd);
		free(f->rel);
		free(f);
		return rc;
	}
	f->ino->small = small_file(st->st_size);
	*out = f;
	return 0;
}

static void store_close_file(struct lfs_bfile *f)
{
	if (!f)
		return;
	inode_close(f->ino);
	free(f->rel);
	layout_free(f->old_l);
	layout_free(f->new_l);
	journal_entry_free(&f->journal);
	free(f);
}

static const struct lfs_layout *store_layout(struct lfs_bfile *f)
{
	return f->ino->layout;
}

static int store_data_version(struct lfs_bfile *f, uint64_t *dv)
{
	return inode_data_version(f->ino, dv);
}

/* Held elsewhere is -EBUSY; another failure (EBADF, ENOLCK) is itself,
 * not reported as a migration that does not exist. */
static int store_migrate_lock(struct lfs_bfile *f)
{
	int rc = f->migrate_rc;   /* taken at open (store_open_file) */

	return rc == -EAGAIN ? -EBUSY : rc;
}

static int store_group_lock(struct lfs_bfile *f)
{
	int rc = lfs_lock(f->ino->fd, LOCK_GROUP, LFS_EXCL);

	f->group_locked = !rc;
	return rc;
}


/* A writer holds LOCK_WRITERS shared for as long as it has the file open:
 * a conflict with an exclusive request means the lease is broken. */
static bool store_lease_broken(struct lfs_bfile *f)
{
	return lfs_lock_conflicts(f->ino->fd, LOCK_WRITERS, LFS_EXCL) != 0;
}

static void fill_forget(struct lfs_store *s)
{
	free(s->fill_parent);
	layout_free(s->fill_layout);
	s->fill_parent = NULL;
	s->fill_layout = NULL;
	s->fill_req = NULL;
}

/* The files of a batch mostly share a directory: its defaults are read
 * once per batch (a default changed meanwhile counts from the next). */
static int store_layout_fill(void *fs, const char *rel,
			     const struct lfs_layout *req, struct lfs_layout **out,
			     struct lfs_error *e)
{
	struct lfs_store *s = fs;
	char parent[PATH_MAX];
	const char *name;
	int pfd, rc;

	ns_split(rel, parent, sizeof(parent), &name);
	if (s->fill_layout && s->fill_req == req && !strcmp(s->fill_parent, parent)) {
		*out = layout_dup(s->fill_layout);
		return *out ? 0 : -ENOMEM;
	}
	pfd = ns_open(s, parent, O_RDONLY | O_DIRECTORY, 0);
	if (pfd < 0)
		return pfd;
	rc = inode_effective_layout(s, pfd, req, out, e);
	close(pfd);
	if (!rc) {
		fill_forget(s);
		s->fill_parent = strdup(parent);
		s->fill_layout = layout_dup(*out);
		s->fill_req = req;
		if (!s->fill_parent || !s->fill_layout)
			fill_forget(s);
	}
	return rc;
}

static bool store_ost_acceptable(void *fs, const char *path, uint32_t ost,
				 const char *pool)
{
	struct lfs_store *s = fs;
	const struct lfs_pool *p = pool[0] ? store_pool_find(s->conf, pool) : NULL;

	(void)path;
	/* A destroyed pool holds no OST back (alloc.h). */
	return store_ost_usable(s->conf, ost) && (!p || store_pool_has(p, ost));
}

/* Name the volatile fd in PENDING as Lustre names a volatile
 * ("%s/%s:%.4X:%.4X:fd=%.2d": parent, header, MDT index, random, fd),
 * through ns_pending_name, retried on EEXIST: linked there when it has no
 * name yet (spare NULL), else renamed from the spare's name. */
static int name_volatile(struct lfs_bfile *src, const char *rel, int fd,
			 const char *spare, char *name, size_t len)
{
	struct lfs_store *s = src->s;
	char proc[64], parent[PATH_MAX], lustre_name[PATH_MAX + 64];
	const char *base;
	int rc = 0;

	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	ns_split(rel, parent, sizeof(parent), &base);
	for (int tries = 0;; tries++) {
		snprintf(lustre_name, sizeof(lustre_name), "%s/%s:%.4X:%.4X:fd=%.2d",
			 parent, VOLATILE_HEADER, 0,
			 (unsigned)rand_r(&s->rand_state) & 0xffff, src->ino->fd);
		rc = ns_pending_name(lustre_name, name, len);
		if (!rc)
			rc = spare ? ostindex_renameat(s, s->pending_fd, spare,
						       s->pending_fd, name,
						       RENAME_NOREPLACE)
				   : ostindex_linkat(s, AT_FDCWD, proc, s->pending_fd,
						     name, AT_SYMLINK_FOLLOW);
		if (rc != -EEXIST || tries > 100)
			return rc;
	}
}

/* A new volatile inode: created unnamed in PENDING, owned (locked) before
 * it has a name, so no recovery takes it for a dead process's leftover. */
static int new_volatile(struct lfs_bfile *src, const char *rel, char *name,
			size_t len)
{
	int fd = openat(src->s->pending_fd, ".", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	int rc;

	if (fd < 0)
		return -errno;
	rc = lfs_lock(fd, LOCK_OWNER, LFS_EXCL);
	if (!rc)
		rc = name_volatile(src, rel, fd, NULL, name, len);
	if (!rc)
		return fd;
	close(fd);
	return rc;
}

/* A spare volatile of the handle (spare.h), renamed from its spare name
 * to a volatile's: lfsck and ost remove skip spares, whose layouts name
 * only destroyed objects, but this one's layout is about to name the new
 * objects the copy fills. fd, or -ENOENT when there is none to take. */
static int spare_volatile(struct lfs_bfile *src, const char *rel, char *name,
			  size_t len)
{
	char spare[64];
	int fd;

	if (spare_volatile_take(src->s, &fd, spare, sizeof(spare)))
		return -ENOENT;
	if (!name_volatile(src, rel, fd, spare, name, len))
		return fd;
	if (spare_volatile_put(src->s, fd, spare))
		close(fd);   /* its entry goes with recovery, as an unowned one */
	return -ENOENT;
}

/* The volatile of a migration: a spare one if the handle kept one, else
 * a new one; its layout committed before its objects exist, which may
 * come with old bytes that the copy of `size` bytes overwrites (stale). */
static int create_volatile(struct lfs_bfile *src, const char *rel,
			   struct lfs_layout *l, uint64_t size,
			   struct lfs_bfile *vol)
{
	struct lfs_store *s = src->s;
	struct lfs_stale *stale = NULL;
	struct lfs_parent p;
	struct stat st;
	uint32_t n = 0;
	/* A new volatile has no layout yet, a spare one a record (it is
	 * kept only so: destroy_volatile). */
	int fd, *fds, side = 0, ix, rc = 0;

	for (uint32_t i = 0; i < l->nr_comps; i++)
		n += l->comps[i].nr_objects;
	fds = calloc(n ? n : 1, sizeof(*fds));
	if (!fds)
		return -ENOMEM;
	/* Its objects end up in the source's layout: they point to it. */
	inode_parent(src->ino, &p);
	/* Its name and its layout under one hold of the OST index (if it
	 * fails, each takes its own and says why). */
	ix = ostindex_hold(s);
	fd = spare_volatile(src, rel, vol->vol_name, sizeof(vol->vol_name));
	if (fd < 0)
		fd = new_volatile(src, rel, vol->vol_name, sizeof(vol->vol_name));
	if (fd < 0) {
		ostindex_release(s, ix);
		free(fds);
		return fd;
	}
	/* A spare served a file of the same owner, most likely. */
	if (fstat(fd, &st) < 0)
		rc = -errno;
	else if ((st.st_uid != src->st.st_uid || st.st_gid != src->st.st_gid) &&
		 fchown(fd, src->st.st_uid, src->st.st_gid) && errno != EPERM)
		rc = -errno;
	if (!rc)
		rc = layout_xattr_replace(s, fd, st.st_ino, l, &side);
	ostindex_release(s, ix);
	if (!rc)
		rc = inode_create_objects_to_fill(s, l, &p, size, src->ino->layout,
						  &stale, fds);
	if (rc) {
		layout_unlink_last(s, fd, vol->vol_name);
		close(fd);
		free(fds);
		return rc;
	}
	/* Its layout is l, just set, and the objects made here are open. */
	rc = inode_from_fd_known(s, fd, INODE_WRITE, &st, l, &vol->ino);
	for (uint32_t k = 0; k < n; k++) {
		if (!rc && k < vol->ino->nr_obj_fd && fds[k] >= 0)
			vol->ino->obj_fd[k] = fds[k];
		else if (fds[k] >= 0)
			close(fds[k]);
	}
	free(fds);
	if (rc) {
		free(stale);
		return rc;
	}
	vol->ino->stale = stale;
	vol->ino->layout_side = side;
	vol->ino->small = small_file((off_t)size);
	vol->ino->parent = p;
	vol->ino->parent_known = true;
	vol->ino->filling = true;
	return rc;
}

static int store_volatile_open(struct lfs_bfile *src, const char *rel,
			       struct lfs_layout *want, uint64_t size, bool dry_run,
			       uint32_t *capped, struct lfs_bfile **out,
			       struct lfs_error *e)
{
	struct lfs_bfile *vol = NULL;
	/* Allocated and written under one hold of the configuration lock
	 * (store_layout_commit_begin): no OST goes between the two. */
	int rc = store_layout_commit_begin(src->s, NULL);

	if (rc)
		return rc;
	/* The first component, and every component the data reaches. */
	for (uint32_t i = 0; !rc && i < want->nr_comps; i++) {
		bool c1 = false;

		if (i && want->comps[i].start >= size)
			break;
		rc = alloc_component(src->s, want, i, &c1, e);
		if (!rc && c1)
			*capped = want->comps[i].nr_objects;
	}
	if (!rc && !dry_run && !(vol = bfile_new(src->s)))
		rc = -ENOMEM;
	if (vol && (rc = create_volatile(src, rel, want, size, vol))) {
		free(vol);
		vol = NULL;
		rc = store_layout_refused(src->s, want, rc, e);
	}
	store_layout_commit_end(src->s);
	if (vol)
		*out = vol;
	return rc;
}

/* The source has no name left (an rm finished with it, under the layout
 * lock the caller holds): -ENOENT explained in e, else 0. */
static int source_removed(struct lfs_bfile *src, struct lfs_error *e)
{
	struct stat st;

	if (fstat(src->ino->fd, &st) == 0 && st.st_nlink == 0)
		return lfs_error_set(e, -ENOENT, "file was removed during the migration");
	return 0;
}

/* A read of the source failed with rc. An rm running meanwhile destroys
 * the objects under the copy: wait for it (it holds the layout lock to
 * its end) and say what it did, not that an object is missing. */
static int read_error(struct lfs_bfile *src, int rc, struct lfs_error *e)
{
	if (rc && !lfs_lock(src->ino->fd, LOCK_LAYOUT, LFS_SHARED)) {
		int gone = source_removed(src, e);

		lfs_unlock(src->ino->fd, LOCK_LAYOUT);
		if (gone)
			return gone;
	}
	return io_error(src->ino, rc, e);
}

static int store_next_data(struct lfs_bfile *f, uint64_t off, uint64_t *start,
			   uint64_t *end, struct lfs_error *e)
{
	return read_error(f, io_next_data(f->ino, off, start, end), e);
}

static int store_copy(struct lfs_bfile *src, struct lfs_bfile *vol,
		      uint64_t off, uint64_t len, struct lfs_error *e)
{
	/* Linked only under the group lock: a writer (non-blocking mode has
	 * none of it) would write through both names at once. */
	if (src->group_locked && !vol->twins_tried) {
		io_link_twins(vol->ino);
		vol->twins_tried = true;
	}
	return read_error(src, io_copy_range(src->ino, vol->ino, off, len), e);
}

static int store_size(struct lfs_bfile *f, uint64_t *size)
{
	return inode_size(f->ino, size);
}

static int store_set_size(struct lfs_bfile *vol, uint64_t size)
{
	return io_truncate_raw(vol->ino, size);
}

static int store_sync_data(struct lfs_bfile *vol)
{
	return io_sync(vol->ino);
}

static int store_swap_prepare(struct lfs_bfile *src, struct lfs_bfile *vol,
			      uint64_t dv1, bool check_lease, struct lfs_error *e)
{
	struct lfs_layout *old_l = NULL, *new_l = NULL;
	uint64_t dv;
	int rc = lfs_lock(src->ino->fd, LOCK_LAYOUT, LFS_EXCL);

	if (rc)
		return rc;
	src->layout_locked = true;
	/* Removed meanwhile (rm took the layout lock before us and destroyed
	 * its objects): a layout set now would belong to no one. */
	rc = source_removed(src, e);
	if (rc)
		return rc;
	rc = inode_layout_refresh(src->ino);
	if (!rc)
		rc = inode_data_version(src->ino, &dv);
	if (!rc && dv != dv1)
		rc = lfs_error_set(e, -EAGAIN, check_lease ? "source file changed" :
				   "file changed");
	if (!rc && check_lease && store_lease_broken(src))
		rc = lfs_error_set(e, -EBUSY, "cannot swap layout: lease broken");
	if (!rc) {
		const struct lfs_layout *a = src->ino->layout, *b = vol->ino->layout;
		uint32_t gen = (a->gen > b->gen ? a->gen : b->gen) + 1;

		old_l = layout_dup(a);
		new_l = layout_dup(b);
		if (!old_l || !new_l)
			rc = -ENOMEM;
		else
			old_l->gen = new_l->gen = gen;
	}
	if (!rc)
		rc = journal_entry_make(src->rel, src->ino->ino, vol->vol_name,
					old_l, new_l, &src->journal);
	if (rc) {
		layout_free(old_l);
		layout_free(new_l);
		return rc;
	}
	src->old_l = old_l;
	src->new_l = new_l;
	return 0;
}

static int store_commit_intents(struct lfs_bfile *const *srcs, size_t n)
{
	struct journal_entry **j = calloc(n, sizeof(*j));
	struct lfs_store *s = n ? srcs[0]->s : NULL;
	int rc;

	if (!j)
		return -ENOMEM;
	/* The batch's swaps write their layouts under one hold of the
	 * configuration lock (store_layout_commit_begin), until end_batch;
	 * taken after the copies, so a slow one never holds up an ost
	 * remove or add: they wait only for the swaps, their syncs and
	 * the old objects' destruction. */
	if (s && !s->batch_commit) {
		rc = store_layout_commit_begin(s, NULL);
		if (rc) {
			free(j);
			return rc;
		}
		s->batch_commit = true;
		/* And the OST index, for the batch's layout writes, renames
		 * and unlinks in PENDING: one hold, not one each (if it
		 * fails, each takes its own and says why). */
		s->batch_index = ostindex_hold(s);
	}
	for (size_t i = 0; i < n; i++)
		j[i] = &srcs[i]->journal;
	rc = n ? journal_commit(srcs[0]->s, j, n) : 0;
	free(j);
	return rc;
}

static int store_swap(struct lfs_bfile *src, struct lfs_bfile *vol)
{
	int rc;

	/* Both sides' xattrs are known: the source's as swap_prepare read
	 * it under the layout lock, the volatile's as we set it. */
	fault_point("journaled");
	rc = layout_xattr_replace_known(src->s, src->ino->fd, src->ino->ino,
					src->ino->layout, src->ino->layout_side,
					src->new_l, &src->ino->layout_side);
	fault_point("source-swapped");
	if (!rc)
		rc = layout_xattr_replace_known(src->s, vol->ino->fd, vol->ino->ino,
						vol->ino->layout,
						vol->ino->layout_side,
						src->old_l, &vol->ino->layout_side);
	fault_point("volatile-swapped");
	return rc;
}

/* Only the source's new layout must be durable: the old objects and the
 * volatile are destroyed before the intent is removed, so until then
 * recovery decides from the intent and the source, never trusting the
 * volatile's layout. */
static int store_swap_sync(struct lfs_bfile *src)
{
	return fsync(src->ino->fd) ? -errno : 0;
}

/* The volatile goes with the objects it holds that no file uses, or is
 * kept for the next migration when the handle keeps spares (spare.h). */
static void destroy_volatile(struct lfs_bfile *vol, const struct lfs_layout *garbage)
{
	int fd;

	inode_destroy_objects(vol->s, garbage);
	fault_point("destroyed");
	/* The copy of the fd shares the open file, so the owner lock stays
	 * held after inode_close() below. Only a volatile whose layout is
	 * a record is kept: its next user need not look for a side file. */
	if (vol->s->spares && vol->ino->layout_side == 0 &&
	    (fd = fcntl(vol->ino->fd, F_DUPFD_CLOEXEC, 0)) >= 0) {
		if (!spare_volatile_put(vol->s, fd, vol->vol_name))
			return;
		close(fd);
	}
	layout_unlink_last(vol->s, vol->ino->fd, vol->vol_name);
}

static void store_finish(struct lfs_bfile *src, struct lfs_bfile *vol, int rc)
{
	struct timespec times[2] = { src->st.st_atim, src->st.st_mtim };
	bool vol_gone = false;

	if (src->journal.committed) {
		if (!rc) {
			destroy_volatile(vol, src->old_l);
			fault_point("swapped");
		} else {
			/* Settle a half-done swap as recovery would. */
			unsigned fwd = 0, back = 0;

			journal_entry_settle(src->s, &src->journal, &fwd, &back);
		}
		vol_gone = true;
	}
	/* The layout change must not look like a data change. */
	if (!rc && src->new_l)
		futimens(src->ino->fd, times);
	/* The layout lock and the group lock, neighbours, in one call. */
	_Static_assert(LOCK_GROUP == LOCK_LAYOUT + 1, "adjacent lock bytes");
	if (src->layout_locked || src->group_locked)
		lfs_unlock_bytes(src->ino->fd, LOCK_LAYOUT, 2);
	src->layout_locked = src->group_locked = false;
	/* Nothing was swapped: the volatile's objects are the new ones. */
	if (vol && !vol_gone)
		destroy_volatile(vol, vol->ino->layout);
	store_close_file(vol);
}

/* One durability point for everything a batch changed: the host
 * filesystems of the MDT and of every OST (usually one), each synced
 * once. */
static int store_sync_all(void *fs)
{
	struct lfs_store *s = fs;
	dev_t seen[8];
	size_t nseen = 0;
	int rc = 0;

	struct stat st;

	if (fstat(s->dir_fd, &st) < 0)
		return -errno;
	for (int64_t i = -1; !rc && i < (int64_t)s->conf->ost_count; i++) {
		/* The OSTs' devices were noted when the store was opened. */
		dev_t dev = i < 0 ? st.st_dev : s->ost_dev[i];
		bool dup_dev = false;

		if (i >= 0 && !store_ost_present(s, (uint32_t)i))
			continue;      /* removed or unavailable */

		for (size_t k = 0; dev && k < nseen; k++)
			dup_dev |= seen[k] == dev;
		if (dup_dev)
			continue;
		if (dev && nseen < sizeof(seen) / sizeof(seen[0]))
			seen[nseen++] = dev;
		if (syncfs(i < 0 ? s->dir_fd : s->ost_fd[i]) < 0)
			rc = -errno;
	}
	return rc;
}

static void store_end_batch(void *fs)
{
	struct lfs_store *s = fs;

	journal_clear(s);
	fill_forget(s);
	if (s->batch_commit) {
		ostindex_release(s, s->batch_index);
		store_layout_commit_end(s);
	}
	s->batch_commit = false;
}

/* migrate_run's part (backend.h). */
static int store_resolve(void *fs, const char *cwd, const char *name, char *rel,
			 size_t len)
{
	(void)fs;
	return ns_resolve(cwd, name, rel, len);
}

static int store_lstat(void *fs, const char *rel, struct stat *st)
{
	int fd = ns_open(fs, rel, O_PATH | O_NOFOLLOW, 0), rc;

	if (fd < 0)
		return fd;
	rc = fstat(fd, st) ? -errno : 0;
	close(fd);
	return rc;
}

static int store_again(void *fs, void **out, struct lfs_error *e)
{
	struct lfs_store *s = NULL;
	int rc = store_open_again(fs, &s, e);

	*out = s;
	return rc;
}

static void store_release(void *fs)
{
	store_close(fs);
}

/* Spares, and a closer for the objects' descriptors: without either
 * (no memory, no thread) the run is only slower. */
static void store_many_files(void *fs)
{
	struct lfs_store *s = fs;

	spare_enable(s);
	if (!s->closer)
		closer_start(&s->closer);
}

static int store_auto_stripe_count(void *fs, const char *rel, uint64_t size,
				   const char *pool)
{
	(void)rel;
	return migrate_auto_stripe_count(fs, size, pool);
}

const struct lfs_backend_ops lfs_store_backend = {
	.name = "store",
	.open = store_open_file,
	.close = store_close_file,
	.layout = store_layout,
	.data_version = store_data_version,
	.size = store_size,
	.migrate_lock = store_migrate_lock,
	.group_lock = store_group_lock,
	.lease_broken = store_lease_broken,
	.layout_fill = store_layout_fill,
	.ost_acceptable = store_ost_acceptable,
	.volatile_open = store_volatile_open,
	.next_data = store_next_data,
	.copy = store_copy,
	.set_size = store_set_size,
	.sync_data = store_sync_data,
	.swap_prepare = store_swap_prepare,
	.commit_intents = store_commit_intents,
	.swap = store_swap,
	.swap_sync = store_swap_sync,
	.finish = store_finish,
	.sync_all = store_sync_all,
	.end_batch = store_end_batch,
	.resolve = store_resolve,
	.lstat = store_lstat,
	.fs_again = store_again,
	.fs_close = store_release,
	.many_files = store_many_files,
	.auto_stripe_count = store_auto_stripe_count,
};
