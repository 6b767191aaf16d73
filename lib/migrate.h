/*
 * migrate.h - restripe a file in place, as Lustre 2.15's lfs migrate does.
 *
 * migrate_file() follows lfs.c function by function, doing the filesystem
 * work through a backend (backend.h):
 *   migrate_open_files()  open the source (never following a symlink) and
 *                         a volatile inode in mdt/PENDING carrying the new
 *                         layout (Lustre: "%s/%s:%.4X:%.4X:fd=%.2d" in the
 *                         parent, O_CREAT|O_EXCL, mode 0600);
 *   migrate_block()       default: data version DV1 read before the group
 *                         lock, copy under it; the swap checks DV1 (EAGAIN
 *                         "file changed" if it moved);
 *   migrate_nonblock()    -n: a read lease (EBUSY "cannot get lease" when a
 *                         writer has the file open or another migration
 *                         holds it), copy checking the lease at each chunk
 *                         (EBUSY "data copy failed"), DV2 != DV1 -> EAGAIN
 *                         "source file changed"; the swap checks the lease;
 *   migrate_copy_data()   stripe-sized chunks, holes skipped, bounded
 *                         memory; new objects fsynced before the swap;
 *   migrate_swap_layouts() journal intent, source <- new layout, volatile
 *                         <- old, both with layout_gen = max + 1, the
 *                         source fsynced; the old objects and the
 *                         volatile destroyed; the intent removed.
 * The inode, its hard links, mode, owner, atime/mtime (nanoseconds) and
 * xattrs stay; only the layout and objects change. Any failure before the
 * swap leaves the file exactly as it was and removes the new objects; a
 * kill at any point is repaired by recovery (recover.h).
 *
 * Failures return -errno with the Lustre step name in e->msg ("cannot get
 * lease", "data copy failed", ...); the caller prints
 * "error: lfs migrate: FILE: STEP: strerror".
 *
 * Interrupts: once *o->cancel is nonzero (the caller's flag, set by its
 * signal handler: the library installs none), a file not yet opened is
 * not begun and a copy stops after its chunk (a bandwidth wait ends
 * within 0.1 s): those files fail with -EINTR "interrupted" and are left
 * exactly as they were. A file whose copy finished is swapped: never
 * half-done.
 */
#ifndef LFS_MIGRATE_H
#define LFS_MIGRATE_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "backend.h"
#include "error.h"
#include "layout.h"
#include "store.h"

struct migrate_opts {
	/* Requested layout; NULL keeps the geometry and lets the allocator
	 * choose OSTs afresh (Lustre 2.16, LU-16500). */
	const struct lfs_layout *layout;
	bool nonblock;
	uint64_t bandwidth;      /* bytes per second, 0 = unlimited */
	bool dry_run;            /* choose the layout, change nothing */
	/* Progress, called after each chunk (may be NULL): the file's rel as
	 * given (which file of a batch), its data bytes copied, its size. */
	void (*progress)(void *arg, const char *rel, uint64_t done,
			 uint64_t total);
	void *progress_arg;
	/* Polled between steps and chunks; NULL: never interrupted. */
	const volatile sig_atomic_t *cancel;
};

struct migrate_result {
	bool skipped;            /* already in the requested layout */
	uint32_t capped;         /* stripe count capped to this many usable
				  * OSTs (in some component), 0 if not */
	uint64_t bytes;          /* data bytes copied */
	uint64_t size;           /* file size */
	struct lfs_layout *old_layout, *new_layout;   /* caller frees */
};

/* be/fs: the backend and its filesystem (&lfs_store_backend and the
 * struct lfs_store * for the embedded store). */
int migrate_file(const struct lfs_backend_ops *be, void *fs, const char *rel,
		 const struct migrate_opts *o, struct migrate_result *r,
		 struct lfs_error *e);
/* Migrate n files as one batch: each goes through the same steps, but
 * the batch shares its durability points (data, intent records, swapped
 * inodes), so many small files cost a few journal commits, not several
 * each. Per-file status in rcs[i] and errs[i]; returns the first failure.
 * The batch holds the files' group locks until it ends: keep it small. */
int migrate_files(const struct lfs_backend_ops *be, void *fs, size_t n,
		  const char *const *rels, const struct migrate_opts *o,
		  struct migrate_result *res, struct lfs_error *errs, int *rcs);
void migrate_result_free(struct migrate_result *r);

/* lfs_migrate's auto-stripe rule (-A, docs/DESIGN.md section 5.2) for a
 * file of `size` bytes: returns the stripe count (-ENOMEM). */
int migrate_auto_stripe_count(struct lfs_store *s, uint64_t size,
			      const char *pool);
/* The rule itself, given the available bytes of each OST that takes new
 * objects (of the pool): the store's above, the client's from its OSTs'
 * statfs (backend_lustre.c). */
int migrate_auto_count(uint64_t size, const uint64_t *avail, uint32_t n);

#endif
