/* find_client.c - lfs find's checks of OSTs and pools on a Lustre client
 * mount (find.h), through liblustreapi. */
#include "find.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lustre_pool.h"

int find_client_fsname(const struct find_filter *f, char *fsname)
{
	int rc = f->api->f.search_fsname(f->mount_path, fsname);

	if (rc < 0)
		snprintf(fsname, LLAPI_FSNAME_BUF, "FSNAME");
	return rc < 0 ? rc : 0;
}

int find_client_ost(const struct find_filter *f, const char *v, uint32_t *ost)
{
	char fsname[LLAPI_FSNAME_BUF], tail[8] = "";
	struct llapi_obd_statfs st;
	struct llapi_obd_uuid uuid;
	unsigned long idx;
	size_t n;
	char *end;
	int rc;

	find_client_fsname(f, fsname);
	n = strlen(fsname);
	if (!strncmp(v, fsname, n) && v[n] == '-')
		v += n + 1;
	if (!strncmp(v, "OST", 3)) {
		unsigned int x;
		int used = 0;

		if (sscanf(v, "OST%4x%n%7s", &x, &used, tail) < 1 || used != 7 ||
		    (tail[0] && strcmp(tail, "_UUID")))
			return -ENOENT;
		idx = x;
	} else {
		errno = 0;
		idx = strtoul(v, &end, 0);
		if (!*v || *end || errno || idx > 0xffff)
			return -ENOENT;
	}
	memset(&st, 0, sizeof(st));
	memset(&uuid, 0, sizeof(uuid));
	rc = f->api->f.obd_statfs((char *)f->mount_path, LLAPI_STATFS_LOV,
				  (uint32_t)idx, &st, &uuid);
	if (rc && rc != -ENODATA)
		return -ENOENT;
	*ost = (uint32_t)idx;
	return 0;
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
