/* lustre_df.c - lfs df on a Lustre mount (lustre_df.h). */
#include "lustre_df.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lustre_pool.h"

static void add(struct lfs_df_figures *sum, const struct lfs_df_figures *f)
{
	sum->total += f->total;
	sum->used += f->used;
	sum->avail += f->avail;
}

/* One target's row from what llapi_obd_statfs gave (rc 0 or -ENODATA). */
static int fill_row(struct lfs_df_row *r, bool ost, uint32_t index, int rc,
		    const struct llapi_obd_statfs *st,
		    const struct llapi_obd_uuid *uuid, const char *mnt)
{
	uint64_t bs = st->os_bsize;

	r->target = ost ? LFS_DF_OST : LFS_DF_MDT;
	r->index = index;
	r->active = rc == 0;
	if (uuid->uuid[0])
		snprintf(r->uuid, sizeof(r->uuid), "%.*s", LLAPI_UUID_MAX, uuid->uuid);
	else
		snprintf(r->uuid, sizeof(r->uuid), "%s%04x", ost ? "OST" : "MDT", index);
	if (asprintf(&r->mount, "%s[%s:%u]", mnt, ost ? "OST" : "MDT", index) < 0) {
		r->mount = NULL;
		return -ENOMEM;
	}
	if (!r->active)
		return 0;
	r->bytes.total = st->os_blocks * bs;
	r->bytes.used = (st->os_blocks - st->os_bfree) * bs;
	r->bytes.avail = st->os_bavail * bs;
	r->inodes.total = st->os_files;
	r->inodes.used = st->os_files - st->os_ffree;
	r->inodes.avail = st->os_ffree;
	r->flags = (st->os_state & LLAPI_OS_STATFS_DEGRADED ? LFS_DF_DEGRADED : 0) |
		   (st->os_state & LLAPI_OS_STATFS_NOPRECREATE ? LFS_DF_NOCREATE : 0) |
		   (st->os_state & LLAPI_OS_STATFS_ENOSPC ? LFS_DF_NOSPACE : 0) |
		   (st->os_state & LLAPI_OS_STATFS_ENOINO ? LFS_DF_NOINODES : 0);
	return 0;
}

static bool member(const uint32_t *osts, uint32_t n, uint32_t index)
{
	for (uint32_t i = 0; i < n; i++)
		if (osts[i] == index)
			return true;
	return false;
}

/* The pool's OSTs, or -EINVAL when the filesystem has no such pool. */
static int pool_osts(const struct lfs_llapi *api, const char *fsname,
		     const char *pool, uint32_t **osts, uint32_t *n,
		     struct lfs_error *e)
{
	char clean[LFS_POOL_NAME_MAX + 1], fs_pool[LLAPI_FSNAME_BUF + LFS_POOL_NAME_MAX + 2];
	int rc = layout_pool_name(pool, clean, e);

	if (rc)
		return rc;
	snprintf(fs_pool, sizeof(fs_pool), "%s.%s", fsname, clean);
	rc = lustre_pool_members(api, fs_pool, osts, n);
	if (rc == -ENOENT)
		return lfs_error_set(e, -EINVAL, "pool '%s' does not exist", fs_pool);
	return rc;
}

/* The rows of targets of one type, mntdf()'s loop: bytes and inodes get
 * what the active ones add up to, *seen whether any target answered
 * (before the pool filter, as mntdf's have_ost). */
static int targets(const struct lfs_llapi *api, char *mnt, bool ost,
		   const uint32_t *osts, uint32_t nr_osts, bool pool,
		   struct lfs_df *out, uint32_t *cap, struct lfs_df_figures *bytes,
		   struct lfs_df_figures *inodes, bool *seen, struct lfs_error *e)
{
	for (uint32_t index = 0; index < 0xffff; index++) {
		struct llapi_obd_statfs st;
		struct llapi_obd_uuid uuid;
		struct lfs_df_row *r;
		int rc;

		memset(&st, 0, sizeof(st));
		memset(&uuid, 0, sizeof(uuid));
		rc = api->f.obd_statfs(mnt, ost ? LLAPI_STATFS_LOV : LLAPI_STATFS_LMV,
				       index, &st, &uuid);
		if (rc == -ENODEV)
			return 0;
		if (rc == -EAGAIN)
			continue;
		*seen = true;
		if (ost && pool && !member(osts, nr_osts, index))
			continue;
		if (rc && rc != -ENODATA)
			return lfs_error_set(e, rc, "%s%04x: cannot get its statfs",
					     ost ? "OST" : "MDT", index);
		if (out->nr_rows == *cap) {
			struct lfs_df_row *rows = realloc(out->rows, sizeof(*rows) * (*cap * 2));

			if (!rows)
				return -ENOMEM;
			memset(rows + *cap, 0, sizeof(*rows) * *cap);
			out->rows = rows;
			*cap *= 2;
		}
		r = &out->rows[out->nr_rows++];
		rc = fill_row(r, ost, index, rc, &st, &uuid, mnt);
		if (rc)
			return rc;
		if (r->active) {
			add(bytes, &r->bytes);
			add(inodes, &r->inodes);
		}
	}
	return 0;
}

int lustre_df(const struct lfs_llapi *api, const char *path, const char *pool,
	      struct lfs_df *out, struct lfs_error *e)
{
	struct lfs_df_figures mdt_bytes = { 0, 0, 0 }, ost_bytes = { 0, 0, 0 };
	struct lfs_df_figures mdt_inodes = { 0, 0, 0 }, ost_inodes = { 0, 0, 0 };
	char mnt[PATH_MAX], fsname[LLAPI_FSNAME_BUF];
	uint32_t *osts = NULL, nr_osts = 0, cap = 8;
	bool mdts = false, have_ost = false;
	struct lfs_df_figures *sum = &out->summary.inodes;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = api->f.search_mounts(path, 0, mnt, fsname);
	if (rc)
		return rc;
	if (pool && (rc = pool_osts(api, fsname, pool, &osts, &nr_osts, e)))
		return rc;
	out->rows = calloc(cap, sizeof(*out->rows));
	if (!out->rows) {
		free(osts);
		return -ENOMEM;
	}
	rc = targets(api, mnt, false, NULL, 0, false, out, &cap, &mdt_bytes,
		     &mdt_inodes, &mdts, e);
	if (!rc)
		rc = targets(api, mnt, true, osts, nr_osts, pool != NULL, out, &cap,
			     &ost_bytes, &ost_inodes, &have_ost, e);
	free(osts);
	/* mntdf(): the OSTs' bytes when there are OSTs, the MDTs' inodes
	 * with no more free than the OSTs' objects left. */
	out->summary.bytes = have_ost ? ost_bytes : mdt_bytes;
	*sum = mdt_inodes;
	if (ost_inodes.total && ost_inodes.avail < sum->avail) {
		sum->total = sum->used + ost_inodes.avail;
		sum->avail = ost_inodes.avail;
	}
	strcpy(out->summary.uuid, "filesystem_summary:");
	out->summary.active = true;
	if (!rc && !(out->summary.mount = strdup(mnt)))
		rc = -ENOMEM;
	if (rc)
		lfs_df_free(out);
	return rc;
}

int lustre_fsname(const struct lfs_llapi *api, const char *path, char *fsname)
{
	int rc = api->f.search_fsname(path, fsname);

	if (rc < 0)
		snprintf(fsname, LLAPI_FSNAME_BUF, "FSNAME");
	return rc < 0 ? rc : 0;
}

int lustre_ost_index(const struct lfs_llapi *api, const char *path,
		     const char *v, uint32_t *ost)
{
	char fsname[LLAPI_FSNAME_BUF], tail[8] = "";
	struct llapi_obd_statfs st;
	struct llapi_obd_uuid uuid;
	unsigned long idx;
	size_t n;
	char *end;
	int rc;

	lustre_fsname(api, path, fsname);
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
	rc = api->f.obd_statfs((char *)path, LLAPI_STATFS_LOV,
			       (uint32_t)idx, &st, &uuid);
	if (rc && rc != -ENODATA)
		return -ENOENT;
	*ost = (uint32_t)idx;
	return 0;
}
