/*
 * ostindex.h - the OST index: for each OST, exactly the MDT inodes whose
 * layout has an object on it, so `lfs find --ost N` answers from
 * directory listings (d_ino) without reading a layout.
 *
 * Format: STORE/mdt/OSTINDEX/OSTxxxx (xxxx the OST index in hex, as
 * ost/OSTxxxx) is a log of little-endian u64 records: an inode number
 * ("+": its layout names the OST), or an inode number with bit 63 set
 * ("-": it does not). For each inode the LAST record wins; an inode
 * without a record is not on the OST. A torn last record (a size not a
 * multiple of 8) is ignored. The xattr user.lfs.live of a file holds the
 * number of live entries it had when last rewritten (decimal; none: 0),
 * which is what compaction measures growth against. STORE/mdt/OSTINDEX/
 * VERSION ("2\n") says the index is complete: a store without it (no
 * directory, an index of another version, an append that failed) has no
 * trusted index and find walks every layout until `lfs lfsck` builds it.
 *
 * Contract (EXACTNESS): "names OST N" means an object of the layout is
 * on N (objects exist exactly in instantiated components, layout.c, so
 * this is find's --ost test). For every inode of the host filesystem
 * (named in mdt/ROOT or mdt/PENDING, or open), the last record for it in
 * OSTxxxx of N is "+" exactly when its user.lfs.lov names N; an inode
 * number not in use has no "+" as its last record anywhere. So when no
 * writer is mid-way, the live set of OSTxxxx is the set find --ost
 * would compute by reading every layout.
 *  - Every layout write goes through layout_xattr_set(), which reads the
 *    old layout (the fgetxattr it needs anyway), appends "+" for the OSTs
 *    the new names and the old did not and "-" for those the old named
 *    and the new does not (ostindex_change), then sets the xattr,
 *    holding the index shared (ostindex_hold) across all three; an
 *    fsetxattr that fails appends the reverse records. The one caller
 *    that passes the old layout instead of having it read
 *    (layout_xattr_replace_known: a migration's swap) may do so only
 *    because no other writer can have changed it since it was read: the
 *    source's layout lock is held since then, the volatile is owned.
 *  - An inode whose last name goes (pending_release destroying a removed,
 *    replaced or never named inode, a migration's volatile, a spare
 *    volatile at close) first gets "-" for each OST its layout names, and
 *    its entry is unlinked under the same hold (layout_unlink_last): the
 *    number may be reused by the next file created. Hard links share the
 *    inode: nothing is recorded per name.
 *  - A layout that cannot be decoded (the old one of a write, or one
 *    being forgotten) counts as naming every OST: "-" goes to each OST
 *    the new layout does not name.
 *  - An append that fails where the operation cannot fail (forgetting
 *    an inode that is going anyway, undoing a failed write) removes
 *    VERSION: the index is not trusted until lfsck rebuilds it.
 *  - Inode numbers must stay below 2^63 (bit 63 is the sign); an inode
 *    above removes VERSION too (no host filesystem we know makes one).
 *
 * Trust (ostindex_open): find uses the index when VERSION says "2", the
 * host's d_ino agrees with st_ino, and no run/ file (<pid>.<n>) was left
 * marked by a dead process. A store handle marks its run file before its
 * first append (the boot id written and fsynced with run/), so:
 *  - a kill -9 of a writer between an append and its layout write (or
 *    its unlink) leaves a marked run file of a dead process: find walks
 *    every layout until the next read-write open recovers, and recovery
 *    (lfsck_run) rebuilds the index last;
 *  - a host crash: store_close() fdatasyncs the files it appended to and
 *    the directory before it removes its run file, so either the index
 *    is durable or a marked run file of an earlier boot is left (dead as
 *    well); the same recovery follows;
 *  - a dead process's run file that is empty never appended: it made no
 *    layout change, and does not stop find.
 * A live writer mid-way (between its append and its layout write) is the
 * usual race of a find against a concurrent change: the file may be
 * listed with its old or its new OSTs.
 *
 * Compaction: a file's records exceed its live entries by at most about
 * 2x plus OSTINDEX_COMPACT_FLOOR: when an append finds the file above
 * 2 * user.lfs.live + OSTINDEX_COMPACT_FLOOR records, the handle
 * rewrites it after its layout write (or at store_close) if it can take
 * the directory's flock exclusively without waiting: the live entries,
 * sorted, as "+" records, written to OSTxxxx.new, fsynced, renamed over
 * OSTxxxx, the directory fsynced. The live set is unchanged, so a kill
 * at any point is harmless (a stale .new is overwritten by the next).
 *
 * Rebuild (ostindex_rebuild, from lfsck_run): a full scan of mdt/ROOT
 * and mdt/PENDING under the exclusive hold; it counts the entries the
 * old index lacked (missing) and had wrongly (stale), then writes each
 * file compacted, then VERSION. Layout writers wait for it, and so does
 * every rename or link in mdt/ROOT and mdt/PENDING (ostindex_renameat).
 * Inode numbers are readdir's d_ino in find and fstat's st_ino here:
 * ostindex_open checks that they agree on this filesystem (ext4, xfs,
 * btrfs, tmpfs do; an overlayfs may not) and refuses the index if not.
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
#define OSTINDEX_VERSION "2\n"
#define OSTINDEX_REMOVED (1ULL << 63)        /* a "-" record */
#define OSTINDEX_COMPACT_FLOOR 8192          /* records */

/* A fresh store's index: the directory and VERSION (mkfs). */
int ostindex_create(int store_fd);

/* Hold the index shared around appends and the change they describe:
 * the handle's fd of the directory (kept open, with those of the files
 * appended to; reopened when a rebuild or a compaction replaced them),
 * to pass to ostindex_release, or -ENOENT when the store has no index
 * directory (nothing to keep up). layout_xattr_replace,
 * layout_unlink_last and the renames and links below each take and
 * release it around their own step; a caller making several such steps
 * may hold it around them all (the migrate backend: a volatile's name
 * and layout; a batch's swaps and finishes), so it nests per handle: a
 * flock belongs to the open directory, shared by every level, and only
 * the last release unlocks. An inner level costs no system call, and an
 * index file is checked for a replacement (fstat) once per outer hold:
 * only a rebuild or a compaction replaces one, each exclusive. */
int ostindex_hold(struct lfs_store *s);
/* Drop one level of the hold (fd < 0: none); at the last, unlock, then
 * compact what the handle's appends found over the threshold, if the
 * exclusive hold is free. */
void ostindex_release(struct lfs_store *s, int fd);
/* renameat2(2) and linkat(2) under the hold: how every name of an
 * existing inode is made in mdt/ROOT and mdt/PENDING (mv, ln, a create's
 * or an import's link, PENDING entries, volatiles). The rebuild's scan
 * would miss an inode whose name moved from a directory it had not
 * scanned yet into one it had; so each name change is wholly before
 * the scan or after it. Return 0 or -errno. */
int ostindex_renameat(struct lfs_store *s, int ofd, const char *old,
		      int nfd, const char *new, unsigned flags);
int ostindex_linkat(struct lfs_store *s, int ofd, const char *old,
		    int nfd, const char *new, int flags);
/* Append the records that take inode ino from layout old to layout new
 * (fd from ostindex_hold). NULL: no layout; old_known false: the old
 * one could not be decoded (it may name any OST). */
int ostindex_change(struct lfs_store *s, int fd, uint64_t ino,
		    const struct lfs_layout *old, bool old_known,
		    const struct lfs_layout *new);
/* The index is not to be trusted until rebuilt (VERSION removed). */
void ostindex_distrust(struct lfs_store *s);
/* store_close(): compact what is pending, then make this handle's
 * appends durable (see above); on failure the run file must stay. */
int ostindex_sync(struct lfs_store *s);
/* store_close(): the handle's cached fds. */
void ostindex_close(struct lfs_store *s);

/* ost add / ost remove: the empty file of a new OST, or none. */
int ostindex_ost_added(struct lfs_store *s, uint32_t ost);
void ostindex_ost_removed(struct lfs_store *s, uint32_t ost);

/* A set of inode numbers: sorted, without duplicates. */
struct ostindex_set {
	uint64_t *ino;
	size_t n;
};
/* The inodes on any of osts[0..n) into *set. -ENOENT: no index to
 * trust (none built, a dead writer not recovered yet, d_ino unlike
 * st_ino); the caller walks every layout instead. */
int ostindex_open(struct lfs_store *s, const uint32_t *osts, size_t n,
		  struct ostindex_set *set);
bool ostindex_has(const struct ostindex_set *set, uint64_t ino);
void ostindex_set_free(struct ostindex_set *set);

/* Scan the store and rewrite the index (dry_run: only count). *missing,
 * *stale: entries the scan found that the old index lacked, and entries
 * the old index had that the scan did not find (all found are missing
 * when there was none: *had_index false). */
int ostindex_rebuild(struct lfs_store *s, bool dry_run, unsigned *missing,
		     unsigned *stale, bool *had_index);

#endif
