/*
 * lustre_df.h - lfs df on a Lustre client mount, through liblustreapi
 * (llapi_obd_statfs per MDT and OST index, as Lustre 2.15.3's lfs.c
 * mntdf() asks; llapi.h), into df.h's shapes so lfs df prints both alike.
 *
 * Contract:
 *  - lustre_df() fills out as lfs_df() does for a store: the MDTs' rows,
 *    then the OSTs' (only the members of `pool` when not NULL: a pool the
 *    filesystem lacks is -EINVAL explained in e), in index order, each
 *    named by its UUID and "MNT[MDT:i]"/"MNT[OST:i]" with MNT the mount
 *    point (llapi_search_mounts); an index not set up (-EAGAIN) is left
 *    out, an inactive target (-ENODATA) is a row with active false; any
 *    other failure of a target is returned, naming it in e. Figures are
 *    bytes (blocks times os_bsize) and inodes (os_files, os_ffree); flags
 *    from os_state (D, N, S, I). The summary is mntdf()'s: the OSTs'
 *    bytes (the MDTs' when there is no OST), the MDTs' inodes with no
 *    more free than the OSTs have objects left.
 *  - Nothing is printed; lfs_df_free() frees the result.
 */
#ifndef LFS_LUSTRE_DF_H
#define LFS_LUSTRE_DF_H

#include "df.h"
#include "llapi.h"

/* path's filesystem name (llapi_search_fsname) into fsname
 * (LLAPI_FSNAME_BUF bytes), or "FSNAME" when it cannot be found: then
 * its negative return. */
int lustre_fsname(const struct lfs_llapi *api, const char *path, char *fsname);
/* The OST that v names on path's filesystem: an index, "OSTxxxx" or
 * "FSNAME-OSTxxxx[_UUID]" that llapi_obd_statfs(LOV, index) knows (an
 * inactive one too); -ENOENT otherwise. */
int lustre_ost_index(const struct lfs_llapi *api, const char *path,
		     const char *v, uint32_t *ost);
int lustre_df(const struct lfs_llapi *api, const char *path, const char *pool,
	      struct lfs_df *out, struct lfs_error *e);

#endif
