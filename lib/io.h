/*
 * io.h - striped I/O over an MDT inode's objects (RAID0 per component):
 * io.c (the objects, reads, fsync), io_write.c (writes, truncates, the
 * size lock), io_copy.c (copies between layouts, data ranges); what they
 * share is in io_internal.h, private to them.
 *
 * Contract:
 *  - io_pread() reads up to len bytes at off and returns the count (short
 *    at end of file, or when an object fails after some bytes were read:
 *    the next call returns the error); holes read as zeros, and so do
 *    objects no byte below the size reaches (created lazily). An object
 *    that holds bytes below the size is created before the size grows to
 *    reach it, so a missing one is lost: reads, io_next_data() and
 *    io_copy_range() fail with -EIO, and io_error() names it.
 *  - An object a write or truncate reaches that no byte below the size
 *    reached yet is created, or found made (by a racing writer of the
 *    file); one found whose back-pointer (pfid.h) names another file, or
 *    none, is not this file's (an id LAST_ID handed out twice): the call
 *    fails with -EUCLEAN before writing a byte of that call, and
 *    io_error() names the object.
 *  - A file whose last name went (rm, mv onto it) had its objects
 *    destroyed then: a handle still open on it is refused writes and
 *    truncates with -ESTALE, rather than recreate objects nothing names.
 *    (Lustre keeps an open-unlinked file's objects until the last close;
 *    our rm destroys them at once, so a late write has nowhere to go.)
 *  - io_pwrite() writes all of buf or fails; on -ENOSPC after some bytes
 *    reached their objects, it returns the count written (short write, as
 *    POSIX) and the next call returns -ENOSPC. Writing instantiates the
 *    components the range reaches; writing past the end of a layout whose
 *    last component ends before EOF is -EFBIG.
 *  - No file grows beyond LFS_MAX_FILE_SIZE (off_t's limit, as Lustre's
 *    MAX_LFS_FILESIZE): a write or truncate reaching past it is -EFBIG,
 *    refused before anything changes.
 *  - Every write and truncate bumps the data version and keeps the MDT
 *    inode's size (and mtime/ctime) in step, under LOCK_META; writers wait
 *    on LOCK_GROUP while a blocking migration holds it.
 *  - Crash order: a write reaches the objects before the inode's size, a
 *    grow too (the object of the last byte first); a shrink notes its
 *    intent, sets the inode's size, then cuts the objects. So after a kill
 *    the objects say the old size or the new one, or an intent is there to
 *    finish (io_truncate_finish); never an old size over cut objects.
 *  - A write holds LOCK_SIZE shared, a truncate exclusive. io_size_lock()
 *    holds it exclusive on the handle until io_size_unlock(), so that a
 *    size read and the writes after it are one step for every other
 *    writer, appender or truncate (an append, as O_APPEND is).
 *  - io_next_data() finds the next data range at or after off (sparse-aware
 *    copy): returns 0 with [*start, *end) or -ENXIO past the last data.
 */
#ifndef LFS_IO_H
#define LFS_IO_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "error.h"
#include "inode.h"

#define LFS_MAX_FILE_SIZE ((uint64_t)INT64_MAX)

/* -EFBIG (explained in e) when [off, off+len) reaches past
 * LFS_MAX_FILE_SIZE; lets a command refuse before it creates a file. */
int io_range_check(uint64_t off, uint64_t len, struct lfs_error *e);
ssize_t io_pread(struct lfs_inode *ino, void *buf, size_t len, uint64_t off);
ssize_t io_pwrite(struct lfs_inode *ino, const void *buf, size_t len,
		  uint64_t off, struct lfs_error *e);
/* io_pwrite() until all of buf is written or a call fails; the error is
 * the one the library reports (a short write is retried to get it).
 * *done grows by the bytes written, kept even on error. 0 or -errno. */
int io_pwrite_all(struct lfs_inode *ino, const void *buf, size_t len,
		  uint64_t off, uint64_t *done, struct lfs_error *e);
int io_truncate(struct lfs_inode *ino, uint64_t size, struct lfs_error *e);
/* Recovery (lfsck): finish a truncate whose process died, as its intent
 * on the inode says (see truncate_locked in io_write.c). The caller holds
 * LOCK_LAYOUT shared and LOCK_META exclusive, which a live truncate holds
 * throughout; a writer handle. 1 if there was one (finished unless
 * dry_run), 0 if none, or -errno. */
int io_truncate_finish(struct lfs_inode *ino, bool dry_run);
/* Hold the file's size for this handle alone (see above); the handle's
 * own writes and truncates go on meanwhile. 0 or -errno. */
int io_size_lock(struct lfs_inode *ino);
void io_size_unlock(struct lfs_inode *ino);
/* After a call on ino failed with rc: fills *e with the detail when the
 * failure was a missing object ("object OST0001:5 is missing"), another
 * file's ("... belongs to another file") or a removed file; rc. */
int io_error(const struct lfs_inode *ino, int rc, struct lfs_error *e);
/* The offset an append writes at, under io_size_lock() (-ENOLCK
 * without): the size once a dead truncate's intent is finished, which
 * may shrink the file. 0 or -errno. */
int io_append_offset(struct lfs_inode *ino, uint64_t *off);
int io_next_data(struct lfs_inode *ino, uint64_t off, uint64_t *start,
		 uint64_t *end);
/* Copy [off, off+len) of src into the same range of dst, object to object
 * with copy_file_range() (buffers where the kernel cannot), without locks
 * or data-version bumps: migrate's copy into its volatile. dst's
 * components covering the range must be instantiated. Returns 0 or -errno
 * (-ENOSPC when an OST of dst is full). */
int io_copy_range(struct lfs_inode *src, struct lfs_inode *dst, uint64_t off,
		  uint64_t len);
/* A migration's volatile (inode.h, stale): link each object noted as
 * linkable to its twin in the source, once nothing can write the source
 * (its group lock is held); one not linked is copied like any other. */
void io_link_twins(struct lfs_inode *dst);

/* fsync every object of the layout (before a layout swap). */
int io_sync(struct lfs_inode *ino);

/* Set the size without the locks or dv bump (migrate's volatile, whose
 * components were instantiated when it was made). */
int io_truncate_raw(struct lfs_inode *ino, uint64_t size);
#endif
