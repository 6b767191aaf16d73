/* llapi_double_df.c - the targets' statfs and the mount point of the
 * liblustreapi test double (double.h), with Lustre 2.15.3's semantics:
 *  - llapi_obd_statfs(path, LL_STATFS_LMV|LOV, index): the figures of
 *    MDT or OST `index` of the filesystem path is on, in 4 KiB blocks
 *    (os_bsize 4096, as an OST reports), os_files/os_ffree its inodes
 *    (objects), os_state its flags (degraded, no precreation for a
 *    nocreate OST, ENOSPC/ENOINO when full); -ENODEV past the last index
 *    (one MDT; the servers' OST count), -EAGAIN for an index not set up
 *    (an OST removed from the servers), -ENODATA with the UUID filled for
 *    an inactive OST (lov's IOC_OBD_STATFS, which lfs.c's mntdf reads so).
 *    A path off the mount cannot be opened: -ENODEV (llapi_obd_statfs).
 *  - llapi_search_mounts(path, index, mntdir, fsname): the mount point and
 *    fsname of the mount path is on (-ENODEV off it); with no path, the
 *    index-th Lustre mount (only the test mount: index 0).
 * The figures are the servers' store's (liblfs's lfs_df), so a store and
 * the mount it models show the same df.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "df.h"
#include "double.h"
#include "store.h"

#define BSIZE 4096

static void put_figures(struct llapi_obd_statfs *st, const struct lfs_df_row *r)
{
	st->os_bsize = BSIZE;
	st->os_blocks = r->bytes.total / BSIZE;
	st->os_bfree = (r->bytes.total - r->bytes.used) / BSIZE;
	st->os_bavail = r->bytes.avail / BSIZE;
	st->os_files = r->inodes.total;
	st->os_ffree = r->inodes.total - r->inodes.used;
	st->os_namelen = 255;
	st->os_state = (r->flags & LFS_DF_DEGRADED ? LLAPI_OS_STATFS_DEGRADED : 0) |
		       (r->flags & LFS_DF_NOCREATE ? LLAPI_OS_STATFS_NOPRECREATE : 0) |
		       (r->flags & LFS_DF_NOSPACE ? LLAPI_OS_STATFS_ENOSPC : 0) |
		       (r->flags & LFS_DF_NOINODES ? LLAPI_OS_STATFS_ENOINO : 0);
}

EXPORT int llapi_obd_statfs(char *path, uint32_t type, uint32_t index,
			    struct llapi_obd_statfs *stat_buf,
			    struct llapi_obd_uuid *uuid_buf)
{
	enum lfs_df_target want = type & LLAPI_STATFS_LOV ? LFS_DF_OST : LFS_DF_MDT;
	struct lfs_error e = { 0, "" };
	struct lfs_store *s;
	struct lfs_df df;
	int rc;

	if (!path || !double_on_mount(path))
		return -ENODEV;
	pthread_mutex_lock(&double_mu);
	rc = double_servers(&s);
	if (!rc)
		rc = lfs_df(s, NULL, &df, &e);
	if (!rc) {
		uint32_t last = want == LFS_DF_OST ? store_conf(s)->ost_count : 1;

		rc = index >= last ? -ENODEV : -EAGAIN;
		for (uint32_t i = 0; rc == -EAGAIN && i < df.nr_rows; i++) {
			const struct lfs_df_row *r = &df.rows[i];

			if (r->target != want || r->index != index)
				continue;
			snprintf(uuid_buf->uuid, sizeof(uuid_buf->uuid), "%.*s",
				 LLAPI_UUID_MAX - 1, r->uuid);
			rc = r->active ? 0 : -ENODATA;
			if (r->active)
				put_figures(stat_buf, r);
		}
		lfs_df_free(&df);
	}
	pthread_mutex_unlock(&double_mu);
	return rc;
}

EXPORT int llapi_search_mounts(const char *pathname, int index, char *mntdir,
			       char *fsname)
{
	char root[PATH_MAX];
	struct lfs_store *s;
	int rc;

	if (pathname && *pathname ? !double_on_mount(pathname) : index != 0)
		return -ENODEV;
	if (!double_mount_root(root))
		return -ENODEV;
	pthread_mutex_lock(&double_mu);
	rc = double_servers(&s);
	if (!rc) {
		snprintf(mntdir, PATH_MAX, "%s", root);
		if (fsname)
			snprintf(fsname, LLAPI_FSNAME_BUF, "%s", store_conf(s)->fsname);
	}
	pthread_mutex_unlock(&double_mu);
	return rc;
}
