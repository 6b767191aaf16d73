/*
 * backend.h - the seam between lfs migrate and a filesystem
 * (docs/DESIGN.md section 1).
 *
 * migrate.c speaks Lustre's protocol; a backend carries it out. Each
 * operation names the liblustreapi call a client backend would make, so a
 * backend over a real Lustre mount can slot in beside the embedded store
 * (backend_store.c), which is the one lfs runs and is tested on.
 *
 * Contract:
 *  - Operations return 0 or -errno and never print; where a message helps
 *    more than strerror they fill *e.
 *  - A file handle (struct lfs_bfile) is a source being migrated or the
 *    volatile that receives its data; handles are used by one thread.
 *  - The swap runs in steps so that a batch of files can share its
 *    durability points: swap_prepare for each file, commit_intents once,
 *    swap for each, swap_sync for each (or sync_all once), finish for
 *    each, end_batch once. The client backend (backend_lustre.c) does
 *    llapi_fswap_layouts() in swap_prepare, where a moved data version
 *    is named, and nothing in the others.
 */
#ifndef LFS_BACKEND_H
#define LFS_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "error.h"
#include "layout.h"

struct lfs_bfile;

struct lfs_backend_ops {
	const char *name;

	/* open(O_RDWR) of a regular file, never through a final symlink
	 * (-ELOOP for a symlink, -EISDIR for a directory, -EINVAL for
	 * another type or a corrupt layout, -ENODEV for a layout naming an
	 * OST the filesystem does not have, -EPERM explained in e for a file
	 * the store cannot vouch for: inode_vouch()); *st is its stat,
	 * filled also when -EINVAL is returned. */
	int (*open)(void *fs, const char *path, struct lfs_bfile **f,
		    struct stat *st, struct lfs_error *e);
	void (*close)(struct lfs_bfile *f);
	/* llapi_layout_get_by_fd(): the layout as last read. */
	const struct lfs_layout *(*layout)(struct lfs_bfile *f);
	/* llapi_get_data_version(LL_DV_RD_FLUSH) */
	int (*data_version)(struct lfs_bfile *f, uint64_t *dv);
	/* The file's size now (fstat st_size on a client). */
	int (*size)(struct lfs_bfile *f, uint64_t *size);
	/* One migration of a file at a time: -EBUSY if another holds it.
	 * A backend whose copy reads the objects of the layout open() read
	 * takes it before that read: the store backend takes it in open()
	 * and reports it here. */
	int (*migrate_lock)(struct lfs_bfile *f);
	/* llapi_group_lock(); finish() releases it (llapi_group_unlock()
	 * after the swap or the failure). */
	int (*group_lock)(struct lfs_bfile *f);
	/* llapi_lease_check() on a read lease: true once a writer opened
	 * the file (the lease is broken). */
	bool (*lease_broken)(struct lfs_bfile *f);

	/* The layout a new file at path would get for the request: unset
	 * fields from the directory's defaults (the MDS does it on create). */
	int (*layout_fill)(void *fs, const char *path,
			   const struct lfs_layout *req, struct lfs_layout **out,
			   struct lfs_error *e);
	/* May an object of path's layout in `pool` ("" none; a destroyed
	 * pool counts as none) stay on `ost`? */
	bool (*ost_acceptable)(void *fs, const char *path, uint32_t ost,
			       const char *pool);
	/* llapi_file_open_param() on a volatile name in path's directory:
	 * the objects of every component [0, size) reaches are allocated
	 * into *want; *capped is set when a count was capped to the usable
	 * OSTs. dry_run allocates nothing and creates nothing. */
	int (*volatile_open)(struct lfs_bfile *src, const char *path,
			     struct lfs_layout *want, uint64_t size, bool dry_run,
			     uint32_t *capped, struct lfs_bfile **vol,
			     struct lfs_error *e);

	/* The copy: data ranges (SEEK_DATA/SEEK_HOLE; -ENXIO past the last),
	 * a range copied into the volatile (-ENOSPC when an OST is full), its
	 * final size, and its data made durable. A lost object of the
	 * source is -EIO with *e naming it, never copied as zeros. */
	int (*next_data)(struct lfs_bfile *f, uint64_t off, uint64_t *start,
			 uint64_t *end, struct lfs_error *e);
	int (*copy)(struct lfs_bfile *src, struct lfs_bfile *vol, uint64_t off,
		    uint64_t len, struct lfs_error *e);
	int (*set_size)(struct lfs_bfile *vol, uint64_t size);
	int (*sync_data)(struct lfs_bfile *vol);

	/* llapi_fswap_layouts(SWAP_LAYOUTS_CHECK_DV1), in steps:
	 * swap_prepare locks the layout, checks the data version (-EAGAIN)
	 * and, with check_lease, the lease (-EBUSY), and records the intent;
	 * commit_intents makes the batch's intents durable; swap exchanges
	 * the layouts (gen = max + 1); swap_sync makes the source's new
	 * layout durable; finish (rc = the file's status) destroys the old
	 * objects and the volatile on success, and otherwise undoes what
	 * was done, deciding from the intent once one exists; either way it
	 * releases the group lock and the lease. */
	int (*swap_prepare)(struct lfs_bfile *src, struct lfs_bfile *vol,
			    uint64_t dv1, bool check_lease, struct lfs_error *e);
	int (*commit_intents)(struct lfs_bfile *const *srcs, size_t n);
	int (*swap)(struct lfs_bfile *src, struct lfs_bfile *vol);
	int (*swap_sync)(struct lfs_bfile *src);
	void (*finish)(struct lfs_bfile *src, struct lfs_bfile *vol, int rc);
	/* Everything changed so far made durable at once: a batch's
	 * sync_data or swap_sync for all its files. */
	int (*sync_all)(void *fs);
	/* Every file of the batch is finished: its intents can go. */
	void (*end_batch)(void *fs);

	/* What migrate_run (many names, -j threads) needs besides: */
	/* A name as given -> what open() takes (the store: root-relative,
	 * relative names from cwd; -EINVAL when it climbs above the root). */
	int (*resolve)(void *fs, const char *cwd, const char *name, char *rel,
		       size_t len);
	/* lstat of rel, a symlink not followed (hard-link sets, sizes). */
	int (*lstat)(void *fs, const char *rel, struct stat *st);
	/* A handle for another thread, and its release. */
	int (*fs_again)(void *fs, void **out, struct lfs_error *e);
	void (*fs_close)(void *fs);
	/* Many files follow: keep what each frees for the next. NULL: no such
	 * thing. */
	void (*many_files)(void *fs);
	/* lfs_migrate's -A stripe count for file rel of size bytes
	 * (migrate.h; rel chooses the client's filesystem), or -errno.
	 * NULL: -A is not offered. */
	int (*auto_stripe_count)(void *fs, const char *rel, uint64_t size,
				 const char *pool);
};

/* The embedded store; fs is its struct lfs_store *. */
extern const struct lfs_backend_ops lfs_store_backend;
/* A Lustre client mount through liblustreapi (backend_lustre.c); fs is
 * the loaded struct lfs_llapi * (llapi.h), paths are host paths. The
 * swap happens whole in swap_prepare (llapi_fswap_layouts is atomic);
 * -A counts the OSTs' available space from their statfs (lustre_df). */
extern const struct lfs_backend_ops lfs_lustre_backend;

#endif
