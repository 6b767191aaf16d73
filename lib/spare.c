/* spare.c - inodes a store handle keeps for reuse (see spare.h). */
#include "spare.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "inode.h"
#include "ostindex.h"
#include "ost.h"
#include "store_internal.h"

struct spare_object {
	uint32_t ost;           /* whose SPARE_DIR holds it */
	bool own_ost_only;      /* a rename to another OST failed (EXDEV) */
	uint64_t size, held;    /* old bytes kept: size, allocated; 0 = empty */
	char name[96];          /* in the OST's SPARE_DIR: "<run>.<seq>" */
};

struct spare_volatile {
	int fd;                 /* open, LOCK_OWNER held */
	char name[96];          /* in PENDING: "spare.<run>.<seq>" */
};

struct lfs_spares {
	struct spare_object objects[SPARE_OBJECTS_MAX];
	struct spare_volatile volatiles[SPARE_VOLATILES_MAX];
	size_t nr_objects, nr_volatiles;
	uint64_t kept;          /* sum of the objects' held bytes */
	unsigned long seq;
	/* Host filesystems this handle has made objects on: an object
	 * destroyed on another one is not kept, nothing would take it (a
	 * migration from one disk to another). */
	dev_t wanted[8];
	size_t nr_wanted;
};

static bool wanted(const struct lfs_store *s, const struct lfs_spares *sp,
		   uint32_t ost)
{
	for (size_t i = 0; i < sp->nr_wanted; i++)
		if (sp->wanted[i] == s->ost_dev[ost])
			return true;
	/* Too many filesystems to note, or one not known: keep all. */
	return !s->ost_dev[ost] || sp->nr_wanted == sizeof(sp->wanted) / sizeof(sp->wanted[0]);
}

static void want(const struct lfs_store *s, struct lfs_spares *sp, uint32_t ost)
{
	if (s->ost_dev[ost] && !wanted(s, sp, ost))
		sp->wanted[sp->nr_wanted++] = s->ost_dev[ost];
}

int spare_enable(struct lfs_store *s)
{
	if (!s->spares && !(s->spares = calloc(1, sizeof(*s->spares))))
		return -ENOMEM;
	return 0;
}

void spare_release(struct lfs_store *s)
{
	struct lfs_spares *sp = s->spares;
	char rel[128];

	if (!sp)
		return;
	for (size_t i = 0; i < sp->nr_objects; i++) {
		struct spare_object *o = &sp->objects[i];

		snprintf(rel, sizeof(rel), SPARE_DIR "/%s", o->name);
		unlinkat(s->ost_fd[o->ost], rel, 0);
	}
	for (size_t i = 0; i < sp->nr_volatiles; i++) {
		struct spare_volatile *v = &sp->volatiles[i];

		layout_unlink_last(s, v->fd, v->name);
		close(v->fd);
	}
	free(sp);
	s->spares = NULL;
}

/* Keep the object's blocks? Only a small one, within the handle's budget. */
static bool keep_blocks(const struct lfs_spares *sp, const struct stat *st)
{
	uint64_t held = (uint64_t)st->st_blocks * 512;

	return (uint64_t)st->st_size <= SPARE_KEEP_OBJECT &&
	       held <= SPARE_KEEP_OBJECT && sp->kept + held <= SPARE_KEEP_BYTES;
}

int spare_object_put(struct lfs_store *s, uint32_t ost, const char *rel,
		     uint64_t *freed)
{
	struct lfs_spares *sp = s->spares;
	struct spare_object *o;
	struct stat st;
	char to[128];
	bool keep;

	if (!sp || sp->nr_objects == SPARE_OBJECTS_MAX || !wanted(s, sp, ost))
		return -ENOSPC;
	if (fstatat(s->ost_fd[ost], rel, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return errno == ENOENT ? -ENOENT : -ENOSPC;
	if (!S_ISREG(st.st_mode) || st.st_nlink > 1)
		return -ENOSPC;         /* shared with a live object: the name goes */
	keep = keep_blocks(sp, &st);
	if (!keep && (st.st_size || st.st_blocks)) {
		int fd = openat(s->ost_fd[ost], rel,
				O_WRONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);

		if (fd < 0)
			return errno == ENOENT ? -ENOENT : -ENOSPC;
		if (ftruncate(fd, 0) < 0) {
			close(fd);
			return -ENOSPC;
		}
		close(fd);
	}
	*freed = (uint64_t)st.st_blocks * 512;
	o = &sp->objects[sp->nr_objects];
	snprintf(o->name, sizeof(o->name), "%s.%lu", s->run_name, sp->seq++);
	snprintf(to, sizeof(to), SPARE_DIR "/%s", o->name);
	if (renameat(s->ost_fd[ost], rel, s->ost_fd[ost], to) < 0 &&
	    (errno != ENOENT ||
	     (mkdirat(s->ost_fd[ost], SPARE_DIR, 0755) < 0 && errno != EEXIST) ||
	     renameat(s->ost_fd[ost], rel, s->ost_fd[ost], to) < 0)) {
		/* Not kept: destroyed instead. */
		return unlinkat(s->ost_fd[ost], rel, 0) < 0 ? -errno : 0;
	}
	o->ost = ost;
	o->own_ost_only = false;
	o->size = keep ? (uint64_t)st.st_size : 0;
	o->held = keep ? (uint64_t)st.st_blocks * 512 : 0;
	sp->kept += o->held;
	sp->nr_objects++;
	return 0;
}

/* The spare to take for an object of `fill` bytes on OST ost: the fullest
 * one whose old bytes it will overwrite, else an empty one; -1 if none.
 * Another OST's spare will do when both OSTs are directories of one host
 * filesystem: a rename moves it. */
static ssize_t pick_object(const struct lfs_store *s,
			   const struct lfs_spares *sp, uint32_t ost,
			   uint64_t fill)
{
	ssize_t empty = -1, best = -1;

	for (size_t i = sp->nr_objects; i-- > 0;) {
		const struct spare_object *o = &sp->objects[i];

		if (o->ost != ost && (o->own_ost_only || !ost_same_host_fs(s, o->ost, ost)))
			continue;
		if (!o->size && !o->held) {
			if (!fill)
				return (ssize_t)i;
			if (empty < 0)
				empty = (ssize_t)i;
		} else if (fill && o->size <= fill &&
			   (best < 0 || o->size > sp->objects[best].size)) {
			best = (ssize_t)i;
		}
	}
	return best >= 0 ? best : empty;
}

int spare_object_take(struct lfs_store *s, uint32_t ost, const char *rel,
		      const struct lfs_pfid *pf, uint64_t fill, uint64_t *stale,
		      uint64_t *held)
{
	struct lfs_spares *sp = s->spares;
	ssize_t i = sp ? pick_object(s, sp, ost, fill) : -1;
	struct spare_object *o;
	char from[128];
	int rc;

	*stale = *held = 0;
	if (sp)
		want(s, sp, ost);
	if (i < 0)
		return -ENOENT;
	o = &sp->objects[i];
	snprintf(from, sizeof(from), SPARE_DIR "/%s", o->name);
	/* Its new back-pointer before its new name: it never names an
	 * object of the file it served. */
	rc = pfid_set_at(s->ost_fd[o->ost], from, pf);
	if (!rc)
		rc = renameat2(s->ost_fd[o->ost], from, s->ost_fd[ost], rel,
			       RENAME_NOREPLACE) < 0 ? -errno : 0;
	if (rc == -EEXIST)
		return rc;              /* the name is taken: the spare stays */
	if (rc == -EXDEV) {
		o->own_ost_only = true; /* one filesystem after all: not so */
		return -ENOENT;
	}
	if (rc)
		unlinkat(s->ost_fd[o->ost], from, 0);  /* unusable: freed */
	else
		*stale = o->size, *held = o->held;
	sp->kept -= o->held;
	*o = sp->objects[--sp->nr_objects];
	return rc ? -ENOENT : 0;
}

int spare_volatile_put(struct lfs_store *s, int fd, const char *name)
{
	struct lfs_spares *sp = s->spares;
	struct spare_volatile *v;

	if (!sp || sp->nr_volatiles == SPARE_VOLATILES_MAX)
		return -ENOSPC;
	v = &sp->volatiles[sp->nr_volatiles];
	/* A name of its own: an intent record naming it as the volatile of
	 * the file it served must not find it (journal.h). */
	snprintf(v->name, sizeof(v->name), SPARE_VOLATILE_PREFIX "%s.%lu",
		 s->run_name, sp->seq++);
	if (ostindex_renameat(s, s->pending_fd, name, s->pending_fd, v->name, 0))
		return -ENOSPC;
	v->fd = fd;
	sp->nr_volatiles++;
	return 0;
}

int spare_volatile_take(struct lfs_store *s, int *fd, char *name, size_t len)
{
	struct lfs_spares *sp = s->spares;
	struct spare_volatile *v;

	if (!sp || !sp->nr_volatiles)
		return -ENOENT;
	v = &sp->volatiles[--sp->nr_volatiles];
	*fd = v->fd;
	snprintf(name, len, "%s", v->name);
	return 0;
}
