/*
 * transfer.h - bytes between the host and the store: import, export,
 * cat, write.
 *
 * Contract:
 *  - Holes stay holes both ways: only the data ranges are copied
 *    (SEEK_DATA/SEEK_HOLE on the host, io_next_data() in the store), then
 *    the size is set. A host fd that is not a regular file (a pipe) is
 *    streamed.
 *  - transfer_import() makes each file whole or not at all: it is written
 *    with no name (held by a PENDING entry, pending.h) and named only when
 *    complete, so a failure or a kill leaves no name and, after recovery,
 *    no object. Fault points (fault.h): import-pending, import-copied,
 *    import-linked.
 *  - cancel (may be NULL): a flag polled before each chunk of at most
 *    4 MiB and before each file of a tree; once set, the copy stops with
 *    -EINTR (an import's file in flight is then not named, as any failed
 *    one) and a tree's files not begun are left.
 *  - Nothing is printed: 0 or -errno, with struct lfs_error for detail; a
 *    read that failed on a lost object names it (io_error()). Where one
 *    call handles many files, each result goes to a callback.
 */
#ifndef LFS_TRANSFER_H
#define LFS_TRANSFER_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "error.h"
#include "inode.h"
#include "store.h"

/* Copy host_fd (read from offset 0) into ino, which is then its size. */
int transfer_host_to_file(int host_fd, struct lfs_inode *ino,
			  const volatile sig_atomic_t *cancel, struct lfs_error *e);
/* Copy ino to host_fd at the same offsets; a regular host file gets the
 * store file's size. */
int transfer_file_to_host(struct lfs_inode *ino, int host_fd,
			  const volatile sig_atomic_t *cancel, struct lfs_error *e);
/* Every byte of ino, holes read as zeros, handed in order to sink (which
 * returns 0 or -errno to stop). */
int transfer_read(struct lfs_inode *ino,
		  int (*sink)(void *arg, const void *buf, size_t len),
		  void *arg, struct lfs_error *e);

/* Write what source gives (its length, 0 at its end, or -errno) into ino,
 * a writer handle: over the file (TRANSFER_REPLACE: cut to 0 first), at
 * its end (TRANSFER_APPEND) or at `offset` keeping the rest (TRANSFER_AT).
 * A replace or an append is one step for every other writer of the file,
 * as O_APPEND is: the size is held (io_size_lock) from the size read or
 * the cut to the last byte, taken once the first input is in hand so
 * that a source yet to produce holds no one up. *done: the bytes
 * written, kept on failure too (as POSIX keeps them). 0 or -errno. */
enum transfer_how { TRANSFER_REPLACE, TRANSFER_APPEND, TRANSFER_AT };
int transfer_write(struct lfs_inode *ino, enum transfer_how how,
		   uint64_t offset,
		   ssize_t (*source)(void *arg, void *buf, size_t len),
		   void *arg, uint64_t *done, struct lfs_error *e);

enum transfer_event {
	TRANSFER_IMPORTED,   /* a file is in, named */
	TRANSFER_SKIPPED,    /* neither a regular file nor a directory */
	TRANSFER_FAILED,     /* rc (-errno) and e say why; nothing left */
};
/* sub: the entry's path below the target ("a/b"), "" for the target;
 * e: the detail of a failure (never NULL then), NULL otherwise. */
typedef void transfer_report_fn(void *arg, enum transfer_event ev,
				const char *sub, int rc,
				const struct lfs_error *e);

/* Import host_fd (host_path, for its name) as rel (root-relative): a
 * regular file (or a pipe) becomes rel, or rel/NAME when rel is an
 * existing directory; a directory's tree goes into the existing
 * directory rel, subdirectories made as needed as ns_mkdir() makes them
 * (each takes its parent's default layout), symlinks and special files
 * skipped. New files get `layout` (NULL: the directory default,
 * inode_create()). Files and the subdirectories keep the host's mode,
 * atime and mtime, as cp -a does (not rel itself, which exists already);
 * with TRANSFER_NO_PRESERVE files get the host mode less the umask,
 * directories mkdir's mode, and both the time of the import. Each file,
 * skip and failure is reported (report may be NULL); the tree goes on
 * after a failure. Returns 0 or the first failure's -errno. */
#define TRANSFER_NO_PRESERVE 0x1
int transfer_import(struct lfs_store *s, int host_fd, const char *host_path,
		    const char *rel, const struct lfs_layout *layout,
		    unsigned flags, const volatile sig_atomic_t *cancel,
		    transfer_report_fn *report, void *arg);

#endif
