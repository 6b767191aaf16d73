/*
 * lock.h - OFD byte-range locks on MDT inode files and store files.
 *
 * OFD locks belong to the open file description, so they hold between
 * threads and processes alike and vanish when the owner dies. Each MDT
 * inode file uses a few one-byte ranges as independent locks:
 *
 *   LOCK_LAYOUT   shared for I/O and layout reads, exclusive for a swap
 *   LOCK_GROUP    shared by writers around each write, exclusive for a
 *                 blocking migration (Lustre's group lock)
 *   LOCK_META     short exclusive section: data version and size update
 *   LOCK_WRITERS  shared while a handle is open for writing; a lease
 *                 (non-blocking migration) is refused or broken by it
 *   LOCK_MIGRATE  exclusive while a migration of the inode is in flight
 *   LOCK_SIZE     shared around each write at an offset, exclusive for a
 *                 truncate and for an append or a replacing write (held
 *                 from the size read to the last byte): taken before any
 *                 other, so nothing writes between an appender's size read
 *                 and its write, as O_APPEND promises
 *
 * Offsets are far beyond any byte a program would lock on the host file.
 * All return 0 or -errno; try-locks return -EAGAIN when held elsewhere.
 */
#ifndef LFS_LOCK_H
#define LFS_LOCK_H

#include <stdbool.h>

enum lfs_lock_byte {
	LOCK_LAYOUT = 0,
	LOCK_GROUP,
	LOCK_META,
	LOCK_WRITERS,
	LOCK_MIGRATE,
	LOCK_OWNER,     /* whole-life owner lock of PENDING / JOURNAL entries */
	LOCK_SIZE,
};

enum lfs_lock_mode { LFS_UNLOCK, LFS_SHARED, LFS_EXCL };

int lfs_lock(int fd, enum lfs_lock_byte which, enum lfs_lock_mode mode);
int lfs_trylock(int fd, enum lfs_lock_byte which, enum lfs_lock_mode mode);
static inline int lfs_unlock(int fd, enum lfs_lock_byte which)
{
	return lfs_lock(fd, which, LFS_UNLOCK);
}
/* Release `count` adjacent lock bytes from `first` in one call (those
 * not held are no matter). */
int lfs_unlock_bytes(int fd, enum lfs_lock_byte first, unsigned count);
/* Would `mode` on `which` conflict with a lock held through another open
 * file description?  Returns 1 (yes), 0 (no) or -errno. */
int lfs_lock_conflicts(int fd, enum lfs_lock_byte which,
		       enum lfs_lock_mode mode);

#endif
