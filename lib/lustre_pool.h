/*
 * lustre_pool.h - the OST pools of a Lustre client mount, through
 * liblustreapi (llapi_get_poollist, llapi_get_poolmembers; llapi.h).
 *
 * Contract:
 *  - Calls return 0 or -errno (Lustre's: -ENOENT for a filesystem or pool
 *    the client does not know) and never print; the library's own
 *    "Pools from" / "Pool:" lines are off (llapi_load sets LLAPI_MSG_OFF).
 *  - lustre_pool_names(): name is a fsname or a path on the mount, as
 *    llapi_get_poollist takes it; *out is a NULL-terminated array of
 *    "FSNAME.POOL" strings in one allocation (free(*out)), in the order
 *    the client gives them. The arrays grow on -EOVERFLOW, as
 *    llapi_get_poolbuf does.
 *  - lustre_pool_members(): fs_pool is "FSNAME.POOL"; *osts (free()) the
 *    OST indexes of the pool's members, in the client's order, each from
 *    its UUID "FSNAME-OSTxxxx_UUID"; a member of another form is -EPROTO.
 *  - lustre_pool_has(): is OST `ost` in pool `pool` of the filesystem of
 *    host path `path`? A pool that does not exist (destroyed) holds no
 *    OST back: true, as the store's (alloc.h); any other failure false.
 */
#ifndef LFS_LUSTRE_POOL_H
#define LFS_LUSTRE_POOL_H

#include <stdbool.h>
#include <stdint.h>

#include "llapi.h"

int lustre_pool_names(const struct lfs_llapi *api, const char *name,
		      char ***out);
int lustre_pool_members(const struct lfs_llapi *api, const char *fs_pool,
			uint32_t **osts, uint32_t *n);
bool lustre_pool_has(const struct lfs_llapi *api, const char *path,
		     const char *pool, uint32_t ost);

#endif
