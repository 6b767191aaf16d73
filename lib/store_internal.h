/* store_internal.h - shared between the store's own files; not an API. */
#ifndef LFS_STORE_INTERNAL_H
#define LFS_STORE_INTERNAL_H

#include "store.h"

#define XATTR_LOV  "user.lfs.lov"   /* binary layout (or side-file ref) */
#define XATTR_DV   "user.lfs.dv"    /* data version, u64 little-endian */
#define XATTR_TRUNC "user.lfs.trunc" /* size of a shrink under way, u64 (io.c) */

/* 1 to LFS_FSNAME_MAX letters, digits or '_' (mkfs.lustre also takes
 * '-'; ours does not, so "FSNAME-OSTxxxx" splits one way only). */
bool store_fsname_ok(const char *name);
int store_conf_read(int dir_fd, struct lfs_conf *c, struct lfs_error *e);
/* The same parser over text in memory (the fuzz target's entry). */
int store_conf_parse(const char *text, size_t len, struct lfs_conf *c,
		     struct lfs_error *e);
int store_conf_create(int dir_fd, const struct lfs_conf *c);

#endif
