/*
 * double.h - the test double of liblustreapi (docs/lustre.md, "The test
 * double"), shared by its two files:
 *   llapi_double.c     the opaque struct llapi_layout and its accessors,
 *                      with liblustreapi_layout.c's semantics;
 *   llapi_double_fs.c  the "servers" and the layout calls on files:
 *                      layouts kept in an xattr of the host file, placed
 *                      by liblfs's allocator over an embedded store that
 *                      models the OSTs and pools;
 *   llapi_double_swap.c data versions, leases, group locks, the swap;
 *   llapi_double_pool.c the library's message level, the pools;
 *   llapi_double_df.c   the targets' statfs, the mount point;
 *   llapi_double_comp.c components added to and deleted from a file.
 * It exports exactly the llapi_* functions of lib/llapi.h (a version
 * script hides the rest, liblfs included).
 */
#ifndef LLAPI_DOUBLE_H
#define LLAPI_DOUBLE_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "layout.h"
#include "llapi.h"

/* struct llapi_layout as the double keeps it: our layout, with Lustre's
 * "unset" spelt as ours (stripe size 0, count 0, offset -1, pattern 0),
 * and Lustre's current-component cursor. */
struct llapi_layout {
	uint32_t magic;
	struct lfs_layout *l;
	uint32_t cur;
	/* Read from a directory (its default): as Lustre's layout of a
	 * lov_user_md without objects (llapi_layout_from_lum:
	 * llc_objects_count 0), its stripes have no OST to give. */
	bool ondisk_dir;
};
#define DOUBLE_LAYOUT_MAGIC 0x0A9C1A70

/* A wrapper (taking ownership of l) or NULL with errno. */
struct llapi_layout *double_wrap(struct lfs_layout *l);

#define EXPORT __attribute__((visibility("default")))

/* Shared by the double's files (llapi_double_fs.c): the lock of its
 * state, fd's host path and whether it is on the mount, the layout xattr,
 * fd's layout as the MDS has it by now (callers hold double_mu). */
extern pthread_mutex_t double_mu;
#define DOUBLE_XATTR "user.lfs-double.lov"
bool double_fd_path(int fd, char *path);
int double_xget(int fd, struct lfs_layout **l);
int double_xset(int fd, const struct lfs_layout *l);
int double_file_layout(int fd, struct lfs_layout **out);
/* Is host path on the mount; the servers' store, its configuration
 * reread (callers hold double_mu). */
struct lfs_store;
bool double_on_mount(const char *path);
bool double_mount_root(char *root);
int double_servers(struct lfs_store **out);
int double_check_pools(const struct lfs_layout *l);

/* Exported ones the double calls itself. */
struct llapi_layout *llapi_layout_alloc(void);

#endif
