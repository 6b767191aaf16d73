/*
 * pending.h - mdt/PENDING: inodes on their way out of the namespace (a
 * last name removed or replaced) or not yet in it (a file being created).
 * Migration volatiles live there too (backend_store.c, spare.h).
 *
 * Contract:
 *  - An entry belongs to the process holding its inode's LOCK_OWNER
 *    (lock.h), taken before the entry exists; recovery (recover.h) takes
 *    only entries whose owner died.
 *  - pending_enter() gives an open inode the entry "<what>.<ino>.<n>":
 *    its namespace name moved there, or a link beside its other names.
 *  - pending_release() ends an entry. An inode with no other name (link
 *    count 1) has its objects destroyed, then its OST index entries, its
 *    layout side file and the entry (layout_unlink_last); an inode that
 *    has another name loses only the entry. So an
 *    entry is a safe reference at every step: a replace killed before
 *    its rename, or a new file killed after getting its name, keeps its
 *    data; a replaced or never named inode is destroyed. Recovery
 *    releases a dead owner's entries the same way.
 *  - Every removal of a name of a regular file or of an entry holds the
 *    inode's LOCK_OWNER (ns.c: rm and mv too, whatever the link count),
 *    so the link count a release reads under it changes only by names
 *    added (ln), never by one taken: the last link's removal destroys,
 *    exactly once. A link count above one never lets a name go unlocked:
 *    every new file has two links for a moment (its name and new.*).
 *  - A release that fails for a named inode (it only drops the entry)
 *    fails nothing: the file is whole. The entry is left, a dead
 *    owner's once the lock goes: recovery and lfsck drop it, and so does
 *    the removal of the file's last name (pending_drop_dead()).
 */
#ifndef LFS_PENDING_H
#define LFS_PENDING_H

#include <stdbool.h>
#include <stddef.h>

#include "store.h"

/* fd: the inode, locked LOCK_OWNER. from: its name in dir_fd to move into
 * PENDING, or NULL to add a link (fd may be an O_TMPFILE). name gets the
 * entry's name (64 bytes are enough). */
int pending_enter(struct lfs_store *s, int fd, int dir_fd, const char *from,
		  const char *what, char *name, size_t len);
/* Remove the entries of fd's inode other than keep, the caller's. The
 * caller holds the inode's LOCK_OWNER, so no live process owns them: they
 * are a dead owner's (or a release that failed), which recovery would
 * drop as the caller's own entry still names the inode. Then the
 * caller's release counts only names, and destroys at the last one
 * rather than leave that to the next recovery. Lists PENDING only when
 * the inode has another link. Best effort: what it cannot drop (it
 * cannot list PENDING) is left for recovery, as before it. */
void pending_drop_dead(struct lfs_store *s, int fd, const char *keep);
/* *destroyed (may be NULL) tells whether the inode went with the entry.
 * dry_run changes nothing. 0 or -errno (the objects' destruction). */
int pending_release(struct lfs_store *s, int fd, const char *name,
		    bool dry_run, bool *destroyed);

#endif
