/*
 * lustre_stripe.h - setstripe and getstripe on a Lustre client mount,
 * through liblustreapi (llapi.h), with stripe.h's shapes so the commands
 * print and report both alike.
 *
 * Contract:
 *  - Paths are host paths. Calls return 0 or -errno (Lustre's errno for
 *    what the servers refused) and never print.
 *  - lustre_stripe_walk() is stripe_walk() on the mount: a file's layout
 *    (llapi_layout_get_by_fd), a directory's default as a new file there
 *    would see it (llapi_layout_get_by_path(LLAPI_LAYOUT_GET_EXPECTED))
 *    and its own one when it has one (ent->own), entries in name order,
 *    symlinks and special files skipped. A file's object ids, groups,
 *    layout generation and FID come from its raw layout
 *    (llapi_layout_with_ids), a directory's FID from llapi_fd2fid:
 *    ent->fid_known, ent->groups (stripe.h).
 *  - lustre_stripe_set() is stripe_set() on the mount, `lfs setstripe`
 *    of one path as r asks:
 *    STRIPE_SET: a directory's default set (llapi_layout_file_open on
 *    the directory, O_DIRECTORY|O_RDONLY, as lfs.c's
 *    lfs_component_create), or a file created with r->layout
 *    (O_CREAT|O_WRONLY, r->mode; a file that has a layout is -EEXIST; a
 *    name the call made for a layout the servers refused is removed
 *    again, where Lustre leaves an empty file).
 *    STRIPE_DELETE: a directory's default removed (an all-default
 *    llapi_layout set on it, which the MDS takes as delete; the mount's
 *    root too, whose default the filesystem's then replaces).
 *    STRIPE_COMP_ADD/STRIPE_COMP_DEL: the file's layout (read with
 *    llapi_layout_get_by_path) checked by the store's rules and
 *    messages (stripe_comp_change), then the components it would gain
 *    sent with llapi_layout_file_comp_add, or the component deleted with
 *    llapi_layout_file_comp_del(path, id, 0).
 *    What a path may be for each op, and the messages, are
 *    stripe_set()'s. res as stripe_set()'s.
 *  - lustre_layout_of() is migrate_layout_of() on the mount (--copy):
 *    a file's layout (llapi_layout_get_by_path, as lfs.c's --copy), a
 *    directory's the default a new file there takes
 *    (LLAPI_LAYOUT_GET_EXPECTED, getstripe -d's), its placement dropped
 *    (layout_drop_placement: objects, OSTs and instantiation, so the
 *    allocator places afresh, as on a store).
 */
#ifndef LFS_LUSTRE_STRIPE_H
#define LFS_LUSTRE_STRIPE_H

#include <stdbool.h>
#include <sys/types.h>

#include "llapi.h"
#include "stripe.h"

/* find's layout of one entry on a mount: a regular file's layout
 * (llapi_layout_get_by_fd on fd, else on name opened in dir_fd), or a
 * directory's own default (NULL when it has none, as a store's). */
int lustre_entry_layout(const struct lfs_llapi *api, int dir_fd,
			const char *name, int fd, bool dir,
			struct lfs_layout **out);
int lustre_stripe_walk(const struct lfs_llapi *api, const char *path,
		       int max_depth, stripe_walk_fn cb, void *arg);
int lustre_stripe_set(const struct lfs_llapi *api, const char *path,
		      const struct stripe_req *r, struct stripe_result *res,
		      struct lfs_error *e);
int lustre_layout_of(const struct lfs_llapi *api, const char *path,
		     struct lfs_layout **out);

#endif
