/* lfsck.c - namespace walk for lfsck: files it cannot check, sizes, orphans. */
#include "fault.h"
#include "recover.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

#include "inode.h"
#include "io.h"
#include "journal.h"
#include "lock.h"
#include "lostfound.h"
#include "ns.h"
#include "ost.h"
#include "pfid.h"
#include "spare.h"
#include "store_internal.h"
#include "walk.h"

/* The growable array v of n (cap allocated) elements of `size` bytes,
 * with room for one more; NULL when out of memory (v is kept). */
static void *grow(void *v, size_t n, size_t *cap, size_t size)
{
	size_t want = *cap ? *cap * 2 : 16;

	if (n < *cap)
		return v;
	v = realloc(v, want * size);
	if (v)
		*cap = want;
	return v;
}

struct objset {
	struct lfs_object *v;
	size_t n, cap;
};

static int objset_add_layout(struct objset *set, const struct lfs_layout *l)
{
	for (uint32_t i = 0; i < l->nr_comps; i++)
		for (uint32_t j = 0; j < l->comps[i].nr_objects; j++) {
			struct lfs_object *v = grow(set->v, set->n, &set->cap, sizeof(*v));

			if (!v)
				return -ENOMEM;
			set->v = v;
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

/* A growable array of parents (files seen, files not checked). */
struct parents {
	struct lfs_parent *v;
	size_t n, cap;
};

static int parents_add(struct parents *set, const struct lfs_parent *p)
{
	struct lfs_parent *v = grow(set->v, set->n, &set->cap, sizeof(*v));

	if (!v)
		return -ENOMEM;
	set->v = v;
	set->v[set->n++] = *p;
	return 0;
}

static bool parents_have(const struct parents *set, const struct lfs_parent *p)
{
	for (size_t i = 0; i < set->n; i++)
		if (pfid_same_parent(&set->v[i], p))
			return true;
	return false;
}

/* Files lfsck could not check, each with the unreferenced objects that
 * point to it (those of one whose layout is corrupt may rebuild it). */
struct unchecked {
	struct lfs_parent p;
	char *path;                 /* NULL: not to be rebuilt */
	struct lfs_pfid_object *objs;
	size_t n, cap;
};

struct unchecked_set {
	struct unchecked *v;
	size_t n, cap;
};

static struct unchecked *unchecked_find(const struct unchecked_set *set,
					const struct lfs_parent *p)
{
	for (size_t i = 0; i < set->n; i++)
		if (pfid_same_parent(&set->v[i].p, p))
			return &set->v[i];
	return NULL;
}

static int unchecked_add(struct unchecked_set *set, const struct lfs_parent *p,
			 const char *path)
{
	struct unchecked *u;

	if (unchecked_find(set, p))
		return 0;               /* the second walk's */
	if (!(u = grow(set->v, set->n, &set->cap, sizeof(*u))))
		return -ENOMEM;
	set->v = u;
	u = &set->v[set->n];
	*u = (struct unchecked){ .p = *p };
	if (path && !(u->path = strdup(path)))
		return -ENOMEM;
	set->n++;
	return 0;
}

static int unchecked_claim(struct unchecked *u, const struct lfs_object *o,
			   const struct lfs_pfid *pf)
{
	struct lfs_pfid_object *v = grow(u->objs, u->n, &u->cap, sizeof(*v));

	if (!v)
		return -ENOMEM;
	u->objs = v;
	u->objs[u->n].obj = *o;
	u->objs[u->n++].pf = *pf;
	return 0;
}

static void unchecked_free(struct unchecked_set *set)
{
	for (size_t i = 0; i < set->n; i++) {
		free(set->v[i].path);
		free(set->v[i].objs);
	}
	free(set->v);
}

struct walk {
	struct lfs_store *s;
	struct lfsck_report *r;
	struct objset *refs;        /* NULL: no orphan scan */
	struct parents *seen;       /* files checked (orphan scan) */
	struct unchecked_set *unchecked;  /* files that could not be */
	bool partial;               /* a directory could not be listed */
	bool report;                /* the walk that notes what it finds and
				     * fixes sizes */
	bool shrink;                /* may shrink sizes: the namespace, not PENDING */
	uint64_t *named;            /* per OST, the largest id a layout names */
	uint32_t nr_named;          /* OSTs in named (fewer after an ost add) */
	const char *path;           /* of the entry being visited */
};

/* Every id a layout names is taken, created or not (an object no byte
 * reaches is created only when written): LAST_ID must not be behind it. */
static int note_layout(const struct lfs_layout *l, void *arg)
{
	struct walk *w = arg;

	for (uint32_t i = 0; w->named && i < l->nr_comps; i++)
		for (uint32_t j = 0; j < l->comps[i].nr_objects; j++) {
			const struct lfs_object *o = &l->comps[i].objects[j];

			if (o->ost < w->nr_named && o->id > w->named[o->ost])
				w->named[o->ost] = o->id;
		}
	return w->refs ? objset_add_layout(w->refs, l) : 0;
}

/* fmt takes the path, what and strerror(-err), or just the first two. */
static void note(struct walk *w, const char *fmt, const char *what, int err)
{
	if (w->report && w->r->note)
		w->r->note(w->r->note_arg, fmt, w->path, what, strerror(-err));
}

/* A file whose layout lfsck cannot read: its objects are kept, and
 * rebuild its layout when it is corrupt (-EINVAL) and in the namespace. */
static int not_checked(struct walk *w, const struct lfs_parent *p,
		       const char *why, int err)
{
	if (w->report)
		w->r->unchecked++;
	note(w, "%s: not checked: %s: %s", why, err);
	if (!w->unchecked)
		return 0;
	return unchecked_add(w->unchecked, p,
			     err == -EINVAL && w->path[0] == '/' ? w->path : NULL);
}

/* Is object o of ino's layout trusted to tell the file's size: does it
 * point back to this file? One that does not (a junk file put there, an
 * object of another file) is reported and not used. */
static bool object_trusted(struct walk *w, struct lfs_inode *ino,
			   const struct lfs_object *o)
{
	struct lfs_parent me;
	struct lfs_pfid pf;
	char rel[64], what[96];
	int rc;

	ost_object_relpath(o->id, rel, sizeof(rel));
	rc = pfid_get_at(w->s->ost_fd[o->ost], rel, &pf);
	inode_parent(ino, &me);
	if (!rc && pfid_same_parent(&pf.parent, &me))
		return true;
	snprintf(what, sizeof(what), "object OST%04x:%llu %s", o->ost,
		 (unsigned long long)o->id,
		 rc == -ENODATA ? "has no back-pointer" :
		 rc ? "has a corrupt back-pointer" : "points to another file");
	note(w, "%s: %s: not used for its size", what, 0);
	return false;
}

/* The size the objects say the file has; -EIO when an object that should
 * hold bytes below the size `cur` is missing, -EXDEV when one is not the
 * file's own (both noted: the size stays). */
static int derived_size(struct walk *w, struct lfs_inode *ino, uint64_t cur,
			uint64_t *size)
{
	int rc = 0;

	*size = 0;
	for (uint32_t i = 0; i < ino->layout->nr_comps; i++) {
		const struct lfs_component *c = &ino->layout->comps[i];

		for (uint32_t j = 0; j < c->nr_objects; j++) {
			const struct lfs_object *o = &c->objects[j];
			char what[64];
			struct stat st;
			uint64_t end;

			int err = ost_object_stat(ino->s, o->ost, o->id, &st);

			if (err) {
				/* An unavailable OST's object may hold anything:
				 * the size cannot be told, it stays. */
				if (err != -ENOMEDIUM && layout_object_size(c, j, cur) == 0)
					continue;       /* not created yet: fine */
				snprintf(what, sizeof(what), "object OST%04x:%llu %s",
					 o->ost, (unsigned long long)o->id,
					 err == -ENOMEDIUM ? "is on an unavailable OST" :
					 "is missing");
				note(w, "%s: %s: %s", what, -EIO);
				rc = -EIO;
				continue;
			}
			if (st.st_size == 0)
				continue;
			if (!object_trusted(w, ino, o)) {
				rc = rc ? rc : -EXDEV;
				continue;
			}
			end = layout_file_offset(c, j, (uint64_t)st.st_size - 1) + 1;
			if (end > *size)
				*size = end;
		}
	}
	return rc;
}

/*
 * The size of a file, under its layout lock (a migration swaps layouts
 * under it exclusively) and LOCK_META (which a live truncate holds
 * throughout): a dead truncate's intent is finished; else the size is
 * the objects' (they are the authority, as Lustre's glimpse), larger
 * after a write killed before its size update, smaller after a truncate
 * of an older lfs killed after cutting objects. It is left alone when an
 * object that should hold bytes is missing or one does not point back
 * to the file (damage to report, not a size), and not shrunk in
 * PENDING, where a live migration's volatile takes its size only when
 * copied.
 */
static int check_size(struct walk *w, struct lfs_inode *ino)
{
	int rc = lfs_lock(ino->fd, LOCK_LAYOUT, LFS_SHARED);

	if (rc)
		return rc;
	rc = inode_layout_refresh(ino);
	if (!rc && ino->layout && !(rc = lfs_lock(ino->fd, LOCK_META, LFS_EXCL))) {
		uint64_t cur = 0, want;

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
			if (derived_size(w, ino, cur, &want))
				w->r->damaged++;
			/* visit_entry opened the host file read-write: a
			 * read-only handle only means lfsck is no writer. */
			else if ((want > cur || (want < cur && w->shrink)) &&
				 (w->r->dry_run || ftruncate(ino->fd, (off_t)want) == 0))
				w->r->sizes_fixed++;
		}
		lfs_unlock(ino->fd, LOCK_META);
	}
	lfs_unlock(ino->fd, LOCK_LAYOUT);
	return rc;
}

/* rw_err: 0, or why the file could not be opened read-write (it is
 * open read-only: its layout counts, its size is not fixed). */
static int visit_file(struct walk *w, int fd, int rw_err)
{
	struct lfs_inode *ino;
	struct lfs_parent me = { 0, 0 };
	/* Finishing a dead truncate writes its objects: a writer handle. */
	bool intent = w->report && !rw_err && !w->r->dry_run &&
		      fgetxattr(fd, XATTR_TRUNC, NULL, 0) >= 0;
	int rc = w->refs ? pfid_parent_of(fd, &me) : 0;

	if (rc) {
		close(fd);
		return not_checked(w, &me, "cannot stat", rc);
	}
	rc = inode_from_fd(w->s, fd, intent ? INODE_WRITE : INODE_READ, &ino);
	if (rc == -ENOMEM)
		return rc;
	if (rc)
		return not_checked(w, &me, rc == -EINVAL ? "layout is corrupt" :
				   "cannot read its layout", rc);
	if (w->seen)
		rc = parents_add(w->seen, &me);
	if (!rc && ino->layout)
		rc = note_layout(ino->layout, w);
	if (!rc && ino->layout && w->report && rw_err)
		note(w, "%s: size not checked: %s: %s", "cannot open it read-write",
		     rw_err);
	/* An entry of mdt/PENDING a live process owns is in flight: a
	 * migration's volatile, whose objects point back to its source
	 * (they end up in the source's layout), or a file being created.
	 * Its layout is noted above (its objects are no orphans); its
	 * objects and size are its owner's business. (shrink is false
	 * exactly in the walk of mdt/PENDING.) */
	if (!rc && ino->layout && w->report && !rw_err) {
		bool in_flight = !w->shrink &&
			lfs_lock_conflicts(ino->fd, LOCK_OWNER, LFS_EXCL) > 0;

		if (!in_flight)
			rc = check_size(w, ino);
	}
	inode_close(ino);
	return rc;
}

/* A directory lfsck cannot list: the files in it are not checked, so
 * no object is taken for an orphan unless it points to a file seen. */
static int dir_not_listed(const char *path, int err, void *arg)
{
	struct walk *w = arg;

	w->path = path;
	w->partial = true;
	if (w->report)
		w->r->unchecked++;
	note(w, "%s: not checked: %s: %s", "cannot list the directory", err);
	return err == -ENOMEM ? err : 0;
}

static int visit_entry(const struct walk_entry *ent, void *arg)
{
	struct walk *w = arg;
	int fd, rw_err = 0;

	if (w->r->cancel && *w->r->cancel)
		return -EINTR;
	fault_point("lfsck-entry");
	w->path = ent->path;
	if (ent->type == DT_DIR)
		return WALK_DESCEND;
	if (ent->type != DT_REG)
		return 0;
	/* A live handle's spare volatile (spare.h): its layout names only
	 * destroyed objects, so it is neither damaged nor a size to fix, and
	 * nothing it names is in use. A dead handle's went with recovery. */
	if (!w->shrink && !strncmp(ent->name, SPARE_VOLATILE_PREFIX,
				   strlen(SPARE_VOLATILE_PREFIX)))
		return 0;
	fd = openat(ent->dir_fd, ent->name, O_RDWR | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0 && errno != ENOENT) {
		rw_err = -errno;
		fd = openat(ent->dir_fd, ent->name,
			    O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	}
	if (fd >= 0)
		return visit_file(w, fd, rw_err);
	if (errno != ENOENT) {
		struct lfs_parent p = { ent->ino, 0 };

		return not_checked(w, &p, "cannot open it", -errno);
	}
	return 0;      /* removed meanwhile */
}

/* Journal records name layouts too; their objects are not orphans. */
static int visit_journal(const struct walk_entry *ent, void *arg)
{
	int fd = openat(ent->dir_fd, ent->name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	int rc;

	if (fd < 0)
		return 0;      /* finished meanwhile */
	rc = journal_layouts(fd, note_layout, arg);
	close(fd);
	return rc;
}

static int walk_all(struct walk *w)
{
	static const struct walk_ops files = { .visit = visit_entry,
					       .dir_error = dir_not_listed };
	static const struct walk_ops journal = { .visit = visit_journal };
	int rc;

	w->shrink = true;
	rc = walk_tree(w->s->root_fd, "/", &files, w);
	if (!rc) {
		w->shrink = false;
		rc = walk_tree(w->s->pending_fd, "mdt/PENDING", &files, w);
	}
	if (!rc)
		rc = walk_tree(w->s->journal_fd, "mdt/JOURNAL", &journal, w);
	return rc;
}
struct orphan_scan {
	struct objset *a, *b;
	struct parents *seen;
	struct unchecked_set *unchecked;
	bool partial;                  /* a walk could not list a directory */
	struct lfs_store *s;
	struct lfsck_report *r;
	struct timespec started;
	int lf_fd;                     /* /.lustre/lost+found, -1 until needed */
};

static int check_object(uint32_t ost, uint64_t id, void *arg)
{
	struct orphan_scan *o = arg;
	struct lfs_object key = { ost, id };
	struct lfsck_report *r = o->r;
	struct unchecked *u;
	struct lfs_pfid pf;
	char rel[64], name[96];
	struct stat st;

	if (r->cancel && *r->cancel)
		return -EINTR;
	bool has_pf;
	int rc;

	if ((o->a->n && bsearch(&key, o->a->v, o->a->n, sizeof(key), obj_cmp)) ||
	    (o->b->n && bsearch(&key, o->b->v, o->b->n, sizeof(key), obj_cmp)))
		return 0;
	ost_object_relpath(id, rel, sizeof(rel));
	if (fstatat(o->s->ost_fd[ost], rel, &st, 0) ||
	    st.st_ctim.tv_sec > o->started.tv_sec ||
	    (st.st_ctim.tv_sec == o->started.tv_sec &&
	     st.st_ctim.tv_nsec >= o->started.tv_nsec))
		return 0;   /* created after the scan began: in flight */
	has_pf = pfid_get_at(o->s->ost_fd[ost], rel, &pf) == 0;
	u = has_pf ? unchecked_find(o->unchecked, &pf.parent) : NULL;
	/* Its file may still want it: one lfsck could not read, or one in
	 * a directory it could not list. */
	if (u || (o->partial && !(has_pf && parents_have(o->seen, &pf.parent)))) {
		if (u && u->path && (rc = unchecked_claim(u, &key, &pf)))
			return rc;
		r->orphans_kept++;
		if (r->note)
			r->note(r->note_arg, "kept object OST%04x:%llu: no layout lfsck read references it, but its file was not checked",
				ost, (unsigned long long)id);
		return 0;
	}
	r->orphans++;
	if (r->dry_run || r->delete_orphans) {
		if (r->note)
			r->note(r->note_arg, "%s object OST%04x:%llu (no layout references it)",
				r->dry_run ? "orphan" : "removed orphan", ost,
				(unsigned long long)id);
		return r->dry_run ? 0 : ost_object_destroy(o->s, ost, id);
	}
	rc = lost_found_adopt(o->s, &o->lf_fd, ost, id, has_pf ? &pf : NULL, &st,
			      name, sizeof(name));
	if (!rc && r->note)
		r->note(r->note_arg, "moved orphan object OST%04x:%llu (no layout references it) to /.lustre/lost+found/%s",
			ost, (unsigned long long)id, name);
	return rc;
}

int lfsck_orphans_allowed(struct lfs_store *s, struct lfs_error *e)
{
	struct stat st;
	uid_t me = geteuid();

	if (fstat(s->dir_fd, &st) < 0)
		return lfs_error_set(e, -errno, "%s: %s", s->path, strerror(errno));
	if (me && me != st.st_uid)
		return lfs_error_set(e, -EPERM,
			"--orphans: only root or the owner of the store (uid %u) may look for orphans: %s",
			(unsigned)st.st_uid, strerror(EPERM));
	return 0;
}

/* One walk of the namespace for the orphan scan. */
static int collect(struct orphan_scan *o, struct objset *refs)
{
	struct walk *w = calloc(1, sizeof(*w));
	int rc;

	if (!w)
		return -ENOMEM;
	w->s = o->s;
	w->r = o->r;
	w->refs = refs;
	w->seen = o->seen;
	w->unchecked = o->unchecked;
	rc = walk_all(w);
	o->partial |= w->partial;
	free(w);
	return rc;
}

/* A file whose layout does not decode gets the one its objects'
 * back-pointers describe, if they make a whole one (Lustre's LFSCK
 * rebuilds a lost LOV EA from the OST objects' PFIDs so). */
static void rebuild(struct orphan_scan *o, struct unchecked *u)
{
	struct lfsck_report *r = o->r;
	struct lfs_layout *l = NULL;
	struct lfs_parent now;
	int fd, rc = pfid_rebuild_layout(u->objs, u->n, &l);

	if (rc) {
		if (r->note)
			r->note(r->note_arg, "%s: layout not rebuilt: the back-pointers of its %zu object(s) do not make a whole layout",
				u->path, u->n);
		return;
	}
	fd = ns_open(o->s, u->path + 1, O_RDWR | O_NONBLOCK | O_NOFOLLOW, 0);
	/* Still the same file, and its layout still the corrupt one. */
	if (fd >= 0 && !pfid_parent_of(fd, &now) && pfid_same_parent(&now, &u->p) &&
	    !lfs_lock(fd, LOCK_LAYOUT, LFS_EXCL)) {
		struct lfs_layout *cur = NULL;

		if (layout_xattr_get(o->s, fd, &cur) == -EINVAL &&
		    !layout_xattr_set(o->s, fd, l)) {
			r->layouts_rebuilt++;
			if (r->note)
				r->note(r->note_arg, "%s: layout rebuilt from the back-pointers of its %zu object(s)",
					u->path, u->n);
		}
		layout_free(cur);
		lfs_unlock(fd, LOCK_LAYOUT);
	}
	if (fd >= 0)
		close(fd);
	layout_free(l);
}

int lfsck_orphans(struct lfs_store *s, struct lfsck_report *r)
{
	struct objset before = { 0 }, after = { 0 };
	struct parents seen = { 0 };
	struct unchecked_set unchecked = { 0 };
	struct orphan_scan o = { &before, &after, &seen, &unchecked, false, s, r,
				 { 0, 0 }, -1 };
	int rc;

	clock_gettime(CLOCK_REALTIME, &o.started);
	/* Walk twice (before and after listing the objects' OST
	 * directories would race with renames): an object counts as
	 * referenced if either walk saw it. */
	rc = collect(&o, &before);
	if (!rc)
		rc = collect(&o, &after);
	if (!rc) {
		/* (qsort and bsearch must not see the NULL of an empty set) */
		if (before.n)
			qsort(before.v, before.n, sizeof(*before.v), obj_cmp);
		if (after.n)
			qsort(after.v, after.n, sizeof(*after.v), obj_cmp);
		for (uint32_t i = 0; !rc && i < s->conf->ost_count; i++)
			rc = ost_for_each_object(s, i, check_object, &o);
	}
	for (size_t i = 0; !rc && !r->dry_run && i < unchecked.n; i++)
		if (unchecked.v[i].path && unchecked.v[i].n)
			rebuild(&o, &unchecked.v[i]);
	if (o.lf_fd >= 0)
		close(o.lf_fd);
	free(before.v);
	free(after.v);
	free(seen.v);
	unchecked_free(&unchecked);
	return rc;
}

int lfsck_fix_sizes(struct lfs_store *s, struct lfsck_report *r,
		    uint64_t *named, uint32_t nr_named)
{
	struct walk *w = calloc(1, sizeof(*w));
	int rc;

	if (!w)
		return -ENOMEM;
	w->s = s;
	w->r = r;
	w->report = true;
	w->named = named;
	w->nr_named = nr_named;
	rc = walk_all(w);
	free(w);
	return rc;
}
