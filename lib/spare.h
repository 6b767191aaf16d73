/*
 * spare.h - inodes a store handle keeps for reuse.
 *
 * A migration of many small files frees and allocates inodes at the same
 * rate: each file's old objects go, its new objects and its volatile
 * come. Host filesystems pay dearly for that churn (ext4 without a
 * journal, for one, will not reuse an inode freed in the last minute and
 * scans past every such inode on each create), so a handle that enables
 * spares keeps what it frees and hands it out again:
 *  - an object destroyed is renamed into ost/OSTxxxx/O/0/spare/<run>.<n>,
 *    <run> being the handle's run/ file; an object created on that OST is
 *    renamed from there. A small object keeps its blocks (while the
 *    handle keeps at most SPARE_KEEP_BYTES so), uncharged from the OST's
 *    usage: freeing blocks costs as much as writing them on some hosts
 *    (ext4 mounted with discard trims every extent freed, synchronously),
 *    so an object about to be filled with at least as many bytes takes
 *    such a spare, is charged its blocks again, and its writer overwrites
 *    the old bytes or punches them (stale ranges, io.h). Any other object
 *    is emptied on the way in, its space given back. An object is kept
 *    only on a host filesystem the handle has made objects on (moving
 *    files from one disk to another, nothing would take the first's);
 *  - a volatile whose swap finished is renamed to mdt/PENDING/
 *    spare.<run>.<n> and kept open, owned (LOCK_OWNER) like any volatile,
 *    for the next migration. It keeps its last layout, which names only
 *    objects destroyed (ids are never reused): the next use overwrites it,
 *    which is cheaper than freeing the xattr's block and allocating it again.
 *    lfsck and ost remove skip spare.* entries for that, so the migration
 *    that takes one renames it to a volatile's name before it writes the
 *    new layout (backend_store.c): no spare.* entry names a live object.
 * Recovery removes the spare objects whose run/ file is gone or unowned,
 * and a dead handle's spare volatiles with the other leftovers of PENDING.
 * store_close() frees them all.
 */
#ifndef LFS_SPARE_H
#define LFS_SPARE_H

#include <stdbool.h>
#include <stdint.h>

#include "pfid.h"
#include "store.h"

#define SPARE_OBJECTS_MAX 256
#define SPARE_VOLATILES_MAX 128
#define SPARE_KEEP_OBJECT (1ULL << 20)   /* largest object kept with its blocks */
#define SPARE_KEEP_BYTES (64ULL << 20)   /* all such objects of a handle */
#define SPARE_DIR "O/0/spare"    /* under each OST */
#define SPARE_VOLATILE_PREFIX "spare."   /* of a spare volatile in PENDING */

int spare_enable(struct lfs_store *s);
void spare_release(struct lfs_store *s);

/* Called by ost_object_destroy() under the OST's charge lock with the
 * object's path (ost_object_relpath): 0 and *freed = its bytes once it
 * is gone from its name (a spare, or unlinked if it could not be kept);
 * -ENOENT if there is no object; -ENOSPC, object untouched, when spares
 * are off or full (the caller unlinks it). */
int spare_object_put(struct lfs_store *s, uint32_t ost, const char *rel,
		     uint64_t *freed);
/* Called by ost_object_create() under the OST's charge lock: 0 once a
 * spare carries the name rel and the back-pointer pf (pfid.h), one of that OST's or of another OST on the
 * same host filesystem. When fill > 0 (the bytes about to be written from
 * offset 0), the spare holding the most old bytes up to fill is preferred,
 * so its blocks are reused: *stale is then its size (the range that may
 * hold old bytes) and *held its allocated bytes; else an empty one comes
 * (both 0). -ENOENT when none fits. */
int spare_object_take(struct lfs_store *s, uint32_t ost, const char *rel,
		      const struct lfs_pfid *pf, uint64_t fill, uint64_t *stale,
		      uint64_t *held);

/* A finished volatile's fd (LOCK_OWNER held) and PENDING name: 0 once
 * kept (under a name of its own; the fd is the spare's now), or -ENOSPC
 * (the caller still owns fd and unlinks the volatile). */
int spare_volatile_put(struct lfs_store *s, int fd, const char *name);
/* 0 and a kept volatile's fd and name, or -ENOENT. */
int spare_volatile_take(struct lfs_store *s, int *fd, char *name, size_t len);

#endif
