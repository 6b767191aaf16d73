/*
 * ost.h - OST objects: ids, files, capacity accounting.
 *
 * An object is the plain file ost/OSTxxxx/O/0/d<id%32>/<id>. Ids come
 * from LAST_ID, reserved in batches under an OFD lock so processes never
 * hand out the same id. An id some object already holds is never handed
 * out: LAST_ID found behind the objects (rewound, restored from a
 * backup) is moved past the largest object of the OST and the handle
 * notes it (store.h lastid_fix); a missing or unreadable LAST_ID is the
 * store's damage (-EUCLEAN), and ids stop below 2^48 (-ENOSPC), Lustre's
 * limit for sequence 0. Each OST keeps USAGE (bytes allocated by its
 * objects, object count), changed by atomic deltas on a shared mapping
 * (counter.h); recovery and lfsck recompute it from the objects after a
 * crash.
 *
 * A handle that keeps spares (spare.h) parks destroyed objects in
 * O/0/spare and renames them into new objects instead of unlinking and
 * creating files.
 *
 * Contract: objects are created after a layout naming them has been
 * committed, and destroyed only after no committed layout names them, so a
 * crash leaves missing objects rather than orphans, except where a PENDING
 * entry records the destroy still to do. A missing object no byte below
 * the file's size reaches reads as a hole; one that holds such bytes is
 * lost (-EIO, io.h), so objects are created before a size reaches them:
 * where a layout change names objects the size already reaches
 * (inode_instantiate), they come first, and a crash leaves objects that
 * point back to the file (pfid.h) for lfsck --orphans.
 */
#ifndef LFS_OST_H
#define LFS_OST_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>

#include "pfid.h"
#include "store.h"

#define LFS_ID_BATCH 1024

struct lfs_ost_usage {
	uint64_t used;       /* bytes allocated (st_blocks * 512) */
	uint64_t objects;
};

int ost_reserve_id(struct lfs_store *s, uint32_t ost, uint64_t *id,
		   struct lfs_error *e);
/* lfsck: check LAST_ID against the OST's objects and `named`, the
 * largest id of the OST a layout names (an object no byte of its file
 * reaches is never created, yet its id is taken), and unless dry_run
 * rebuild it as the largest of both (*max) when it is behind an object
 * (1), unreadable (2), missing (3) or behind only a named id (4); 0 when
 * sound, -errno. *was is the value read (cases 0, 1 and 4). Lustre's
 * LFSCK rebuilds a crashed LAST_ID so. */
int ost_last_id_repair(struct lfs_store *s, uint32_t ost, bool dry_run,
		       uint64_t named, uint64_t *was, uint64_t *max);
/* Path of an object relative to s->ost_fd[ost] ("O/0/d5/37"). */
void ost_object_relpath(uint64_t id, char *buf, size_t len);
/* Create the (empty) object file with its back-pointer pf (pfid.h),
 * exclusively: -EEXIST if an object holds the id already (also when a
 * spare is renamed into it, spare.h). The object appears with its
 * back-pointer, never without (io.c trusts no object lacking one). */
int ost_object_create(struct lfs_store *s, uint32_t ost, uint64_t id,
		      const struct lfs_pfid *pf);
/* The same for an object about to be written with `fill` bytes from offset
 * 0: it may come holding old bytes in [0, *stale) (a spare that kept its
 * blocks, spare.h), charged to the OST, which the writer must overwrite or
 * punch; *stale is 0 when it comes empty. With fd, *fd is the new object
 * open read-write (the caller closes it), or -1 when it came from a spare
 * (or on failure): open it as any other. */
int ost_object_create_to_fill(struct lfs_store *s, uint32_t ost, uint64_t id,
			      const struct lfs_pfid *pf, uint64_t fill,
			      uint64_t *stale, int *fd);
/* Open an object; -ENOENT if it was never created. */
int ost_object_open(struct lfs_store *s, uint32_t ost, uint64_t id,
		    int flags);
/* Make object `id` of `ost` a second name of object from_id of from_ost,
 * if the two OSTs share a host filesystem (-EXDEV otherwise), the latter
 * holds at most max_size bytes (-EINVAL) and its blocks fit in ost
 * (-ENOSPC): a new object whose bytes would be a copy of an old one's. The new name is charged its blocks; a
 * destroy of either name later frees nothing while the other lives. Both
 * names get the back-pointer pf: it must name the same file (pfid.h). */
int ost_object_link(struct lfs_store *s, uint32_t from_ost, uint64_t from_id,
		    uint32_t ost, uint64_t id, const struct lfs_pfid *pf,
		    uint64_t max_size);
/* fsync() of the directory holding the object's name (a link's). */
int ost_object_dir_sync(struct lfs_store *s, uint32_t ost, uint64_t id);
/* Are the directories of OSTs a and b on one host filesystem (so an
 * object can move or get a second name from one to the other)? */
bool ost_same_host_fs(const struct lfs_store *s, uint32_t a, uint32_t b);
/* Close an object descriptor. With LFS_STORE_FREE_LATER (store.h), the
 * last close of a destroyed object of OST_FREE_LATER_BYTES or more is
 * left to a process of our own, which frees it after the caller has
 * moved on (see ost.c); without it, this close frees it. */
#define OST_FREE_LATER_BYTES (64ULL << 20)
void ost_object_close(const struct lfs_store *s, int fd);
/* stat() of an object without opening it; -ENOENT if never created. */
int ost_object_stat(struct lfs_store *s, uint32_t ost, uint64_t id,
		    struct stat *st);
/* Remove the object and give its space back (only its name, when it has
 * another: ost_object_link); ENOENT is fine. */
int ost_object_destroy(struct lfs_store *s, uint32_t ost, uint64_t id);

int ost_usage_get(struct lfs_store *s, uint32_t ost, struct lfs_ost_usage *u);
int ost_usage_add(struct lfs_store *s, uint32_t ost, int64_t bytes,
		  int64_t objects);
/* An object's block change and its usage delta form one step that a
 * recount must not split: hold the OST's charge lock (shared) across it.
 * A recount takes it exclusively. */
int ost_charge_lock(struct lfs_store *s, uint32_t ost);
void ost_charge_unlock(struct lfs_store *s, uint32_t ost);
/* Recount from the object files (recovery, lfsck). */
int ost_usage_recount(struct lfs_store *s, uint32_t ost,
		      struct lfs_ost_usage *u);
/* Would writing `bytes` more fit?  0 or -ENOSPC. */
int ost_space_check(struct lfs_store *s, uint32_t ost, uint64_t bytes);

/* Visit every object of an OST; fn returns 0 to continue. */
int ost_for_each_object(struct lfs_store *s, uint32_t ost,
			int (*fn)(uint32_t ost, uint64_t id, void *arg),
			void *arg);

#endif
