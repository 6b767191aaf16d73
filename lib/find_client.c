/* find_client.c - lfs find's checks of OSTs and pools on a Lustre client
 * mount (find.h), through liblustreapi. */
#include "find.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lustre_df.h"
#include "lustre_pool.h"

int find_client_fsname(const struct find_filter *f, char *fsname)
{
	return lustre_fsname(f->api, f->mount_path, fsname);
}

int find_client_ost(const struct find_filter *f, const char *v, uint32_t *ost)
{
	return lustre_ost_index(f->api, f->mount_path, v, ost);
}

int find_client_pool(const struct find_filter *f, const char *pool)
{
	char fsname[LLAPI_FSNAME_BUF], fs_pool[LLAPI_FSNAME_BUF + LFS_POOL_NAME_MAX + 2];
	uint32_t *osts, n;
	int rc;

	find_client_fsname(f, fsname);
	snprintf(fs_pool, sizeof(fs_pool), "%s.%s", fsname, pool);
	rc = lustre_pool_members(f->api, fs_pool, &osts, &n);
	if (!rc)
		free(osts);
	return rc;
}
