/*
 * ostindex.h - the OST index: for each OST, the MDT inodes whose layout
 * may name it, so `lfs find --ost N` reads the layouts of those only.
 *
 * Format: STORE/mdt/OSTINDEX/OSTxxxx (xxxx the OST index in hex, as
 * ost/OSTxxxx) holds inode numbers as little-endian u64 records, in any
 * order, duplicates allowed; a torn last record (a size not a multiple
 * of 8) is ignored. STORE/mdt/OSTINDEX/VERSION ("1\n") says the index is
 * complete: a store made before the index (no directory, or no VERSION)
 * has none, and find walks every layout until `lfs lfsck` builds it.
 *
 * Contract (COMPLETENESS): every inode of mdt/ROOT or mdt/PENDING whose
 * layout has an object on OST N (any component, instantiated or not: a
 * superset of what find's --ost test looks at) is in OSTxxxx of N, at
 * every instant, including after a kill -9 at any instruction. Extra
 * entries (the file since removed, its inode number reused, its layout
 * changed) are allowed: a reader must verify each candidate's layout.
 *  - Every layout write goes through layout_xattr_set(), which appends
 *    the inode to the files of the layout's OSTs (ostindex_add) before
 *    fsetxattr, holding the index shared (ostindex_hold) across both.
 *    A process killed after the append left the record in the page
 *    cache, which outlives the process: the kill -9 case needs no sync.
 *  - A host crash (power loss): the first append of a store handle
 *    writes the boot id into the handle's run/ file and fsyncs it and
 *    run/ (one sync per writing process, not per file); store_close()
 *    fdatasyncs the index files before it removes the run file. So after
 *    a host crash either the index is durable, or a run file from an
 *    earlier boot is left: find does not trust the index then
 *    (ostindex_open), and the next read-write open runs recovery, whose
 *    lfsck_run rebuilds the index. A run file of a dead process of this
 *    boot (kill -9) does not stop find: its appends are in the cache.
 *  - Rebuild (ostindex_rebuild, from lfsck_run): a full scan of
 *    mdt/ROOT and mdt/PENDING under the exclusive hold, each file
 *    written as OSTxxxx.new, fsynced and renamed over OSTxxxx, then
 *    VERSION. Layout writers wait for it (their append and fsetxattr
 *    happen wholly before the scan or wholly after the rename).
 *  - Inode numbers are readdir's d_ino in find and fstat's st_ino here:
 *    ostindex_open checks that they agree on this filesystem (ext4, xfs,
 *    btrfs, tmpfs do; an overlayfs may not) and refuses the index if not.
 * All return 0 or -errno; nothing prints.
 */
#ifndef LFS_OSTINDEX_H
#define LFS_OSTINDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "layout.h"
#include "store.h"

#define OSTINDEX_DIR "mdt/OSTINDEX"

/* A fresh store's index: the directory and VERSION (mkfs). */
int ostindex_create(int store_fd);

/* Hold the index shared around an append and the layout write it
 * covers: the handle's fd of the directory (kept open, with those of the
 * files appended to; reopened when a rebuild replaced them), to pass to
 * ostindex_release, or -ENOENT when the store has no index directory
 * (nothing to keep up). */
int ostindex_hold(struct lfs_store *s);
void ostindex_release(int fd);
/* Append ino to the file of each OST l names (fd from ostindex_hold). */
int ostindex_add(struct lfs_store *s, int fd, uint64_t ino,
		 const struct lfs_layout *l);
/* store_close(): make this handle's appends durable (see above); on
 * failure the run file must stay. */
int ostindex_sync(struct lfs_store *s);
/* store_close(): the handle's cached fds. */
void ostindex_close(struct lfs_store *s);

/* ost add / ost remove: the empty file of a new OST, or none. */
int ostindex_ost_added(struct lfs_store *s, uint32_t ost);
void ostindex_ost_removed(struct lfs_store *s, uint32_t ost);

/* The candidates for a set of OSTs: sorted, without duplicates. */
struct ostindex_set {
	uint64_t *ino;
	size_t n;
};
/* Load the candidates of osts[0..n) into *set. -ENOENT: no index to
 * trust (none built, a host crash not recovered yet, d_ino unlike
 * st_ino); the caller walks every layout instead. */
int ostindex_open(struct lfs_store *s, const uint32_t *osts, size_t n,
		  struct ostindex_set *set);
bool ostindex_has(const struct ostindex_set *set, uint64_t ino);
void ostindex_set_free(struct ostindex_set *set);

/* Scan the store and rewrite the index (dry_run: only count). *missing:
 * entries the scan found that the old index lacked (all of them when
 * there was none: *had_index false). */
int ostindex_rebuild(struct lfs_store *s, bool dry_run, unsigned *missing,
		     bool *had_index);

#endif
