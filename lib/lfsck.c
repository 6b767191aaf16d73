/* lfsck.c - namespace walk for lfsck: size re-derivation and orphans. */
#include "recover.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

#include "dirlist.h"
#include "inode.h"
#include "io.h"
#include "lock.h"
#include "ost.h"
#include "store_internal.h"

struct objset {
	struct lfs_object *v;
	size_t n, cap;
};

static int objset_add_layout(struct objset *set, const struct lfs_layout *l)
{
	for (uint32_t i = 0; i < l->nr_comps; i++)
		for (uint32_t j = 0; j < l->comps[i].nr_objects; j++) {
			if (set->n == set->cap) {
				size_t cap = set->cap ? set->cap * 2 : 1024;
				struct lfs_object *v = realloc(set->v, cap * sizeof(*v));

				if (!v)
					return -ENOMEM;
				set->v = v;
				set->cap = cap;
			}
			set->v[set->n++] = l->comps[i].objects[j];
		}
	return 0;
}

static int obj_cmp(const void *a, const void *b)
{
	const struct lfs_object *x = a, *y = b;

	if (x->ost != y->ost)
		return x->ost < y->ost ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* The size the objects say the file has; *missing when an object that
 * a file of cur bytes would have bytes in does not exist. */
static uint64_t derived_size(struct lfs_inode *ino, uint64_t cur, bool *missing)
{
	uint64_t size = 0;

	*missing = false;
	for (uint32_t i = 0; i < ino->layout->nr_comps; i++) {
		const struct lfs_component *c = &ino->layout->comps[i];

		for (uint32_t j = 0; j < c->nr_objects; j++) {
			struct stat st;
			char rel[64];
			uint64_t end;

			ost_object_relpath(c->objects[j].id, rel, sizeof(rel));
			if (c->objects[j].ost >= ino->s->conf->ost_count ||
			    fstatat(ino->s->ost_fd[c->objects[j].ost], rel, &st, 0)) {
				*missing |= layout_object_size(c, j, cur) > 0;
				continue;
			}
			if (st.st_size == 0)
				continue;
			end = layout_file_offset(c, j, (uint64_t)st.st_size - 1) + 1;
			if (end > size)
				size = end;
		}
	}
	return size;
}

struct walk {
	struct lfs_store *s;
	struct lfsck_report *r;
	struct objset *refs;   /* NULL: no orphan scan */
	bool fix_sizes;
	bool shrink;           /* may shrink sizes (not in PENDING) */
};

/*
 * The size of a file, under its layout lock (a migration swaps layouts
 * under it exclusively) and LOCK_META (which a live truncate holds
 * throughout): a dead truncate's intent is finished; else the size is
 * the objects' (they are the authority, as Lustre's glimpse), larger
 * after a write killed before its size update, smaller after a truncate
 * of an older lfs killed after cutting objects. It is not shrunk when an
 * object that should hold bytes is missing (damage to report, not a
 * size), nor in PENDING, where a live migration's volatile takes its
 * size only when copied.
 */
static int check_size(struct walk *w, struct lfs_inode *ino)
{
	int rc = lfs_lock(ino->fd, LOCK_LAYOUT, LFS_SHARED);

	if (rc)
		return rc;
	rc = inode_layout_refresh(ino);
	if (!rc && ino->layout && !(rc = lfs_lock(ino->fd, LOCK_META, LFS_EXCL))) {
		uint64_t cur = 0, want;
		bool missing;

		rc = io_truncate_finish(ino, w->r->dry_run);
		if (rc < 0 && w->r->note)
			w->r->note(w->r->note_arg, "inode %llu: cannot finish an interrupted truncate: %s",
				   (unsigned long long)ino->ino, strerror(-rc));
		if (rc) {
			/* Finished, or left for the next pass (an intent
			 * that came after visit_file looked, or an error):
			 * one bad file does not stop recovery. */
			w->r->sizes_fixed += rc > 0;
			rc = 0;
		} else if (!(rc = inode_size(ino, &cur))) {
			want = derived_size(ino, cur, &missing);
			/* walk_dir opened the host file read-write: a
			 * read-only handle only means lfsck is no writer. */
			if ((want > cur || (want < cur && w->shrink && !missing)) &&
			    (w->r->dry_run || ftruncate(ino->fd, (off_t)want) == 0))
				w->r->sizes_fixed++;
		}
		lfs_unlock(ino->fd, LOCK_META);
	}
	lfs_unlock(ino->fd, LOCK_LAYOUT);
	return rc;
}

static int visit_file(struct walk *w, int fd)
{
	struct lfs_inode *ino;
	/* Finishing a dead truncate writes its objects: a writer handle. */
	bool intent = w->fix_sizes && !w->r->dry_run &&
		      fgetxattr(fd, XATTR_TRUNC, NULL, 0) >= 0;
	int rc = inode_from_fd(w->s, fd, intent ? INODE_WRITE : INODE_READ, &ino);

	if (rc)
		return rc == -EINVAL ? 0 : rc;   /* corrupt layout: skip */
	if (ino->layout && w->refs)
		rc = objset_add_layout(w->refs, ino->layout);
	if (!rc && ino->layout && w->fix_sizes)
		rc = check_size(w, ino);
	inode_close(ino);
	return rc;
}

static int walk_dir(struct walk *w, int dir_fd, int depth)
{
	char **names;
	size_t n;
	int rc = dir_list(dir_fd, true, &names, &n);

	if (rc)
		return rc;
	for (size_t i = 0; !rc && i < n; i++) {
		struct stat st;
		int fd;

		if (fstatat(dir_fd, names[i], &st, AT_SYMLINK_NOFOLLOW) < 0)
			continue;      /* removed meanwhile */
		if (S_ISDIR(st.st_mode) && depth < 4096) {
			fd = openat(dir_fd, names[i],
				    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (fd >= 0) {
				rc = walk_dir(w, fd, depth + 1);
				close(fd);
			}
		} else if (S_ISREG(st.st_mode)) {
			fd = openat(dir_fd, names[i],
				    O_RDWR | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
			if (fd >= 0)
				rc = visit_file(w, fd);
		}
	}
	dir_list_free(names, n);
	return rc;
}

static int collect_refs(struct lfs_store *s, struct lfsck_report *r,
			struct objset *set, bool fix_sizes)
{
	struct walk w = { s, r, set, fix_sizes, true };
	int rc = walk_dir(&w, s->root_fd, 0);

	w.shrink = false;
	if (!rc)
		rc = walk_dir(&w, s->pending_fd, 0);
	/* Journal records name layouts too; their objects are not orphans. */
	return rc;
}

struct orphan_scan {
	struct objset *a, *b;
	struct lfs_store *s;
	struct lfsck_report *r;
	struct timespec started;
};

static int check_object(uint32_t ost, uint64_t id, void *arg)
{
	struct orphan_scan *o = arg;
	struct lfs_object key = { ost, id };
	char rel[64];
	struct stat st;

	if ((o->a->n && bsearch(&key, o->a->v, o->a->n, sizeof(key), obj_cmp)) ||
	    (o->b->n && bsearch(&key, o->b->v, o->b->n, sizeof(key), obj_cmp)))
		return 0;
	ost_object_relpath(id, rel, sizeof(rel));
	if (fstatat(o->s->ost_fd[ost], rel, &st, 0) ||
	    st.st_ctim.tv_sec > o->started.tv_sec ||
	    (st.st_ctim.tv_sec == o->started.tv_sec &&
	     st.st_ctim.tv_nsec >= o->started.tv_nsec))
		return 0;   /* created after the scan began: in flight */
	o->r->orphans++;
	if (o->r->note)
		o->r->note(o->r->note_arg, "%s object OST%04x:%llu (no layout references it)",
			   o->r->dry_run ? "orphan" : "removed orphan", ost,
			   (unsigned long long)id);
	return o->r->dry_run ? 0 : ost_object_destroy(o->s, ost, id);
}

int lfsck_orphans(struct lfs_store *s, struct lfsck_report *r)
{
	struct objset before = { 0 }, after = { 0 };
	struct orphan_scan o = { &before, &after, s, r, { 0, 0 } };
	int rc;

	clock_gettime(CLOCK_REALTIME, &o.started);
	rc = collect_refs(s, r, &before, false);
	/* Walk twice (before and after listing the objects' OST
	 * directories would race with renames): an object counts as
	 * referenced if either walk saw it. */
	if (!rc)
		rc = collect_refs(s, r, &after, false);
	if (!rc) {
		/* (qsort and bsearch must not see the NULL of an empty set) */
		if (before.n)
			qsort(before.v, before.n, sizeof(*before.v), obj_cmp);
		if (after.n)
			qsort(after.v, after.n, sizeof(*after.v), obj_cmp);
		for (uint32_t i = 0; !rc && i < s->conf->ost_count; i++)
			rc = ost_for_each_object(s, i, check_object, &o);
	}
	free(before.v);
	free(after.v);
	return rc;
}

int lfsck_fix_sizes(struct lfs_store *s, struct lfsck_report *r)
{
	return collect_refs(s, r, NULL, true);
}
