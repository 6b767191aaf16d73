/* df.c - the figures of lfs df (df.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>

#include "df.h"
#include "ost.h"
#include "store_internal.h"

static void figures(struct lfs_df_figures *f, uint64_t total, uint64_t used)
{
	f->total = total;
	f->used = used;
	f->avail = total > used ? total - used : 0;
}

static void add(struct lfs_df_figures *sum, const struct lfs_df_figures *f)
{
	sum->total += f->total;
	sum->used += f->used;
	sum->avail += f->avail;
}

/* The MDT: the host filesystem of the namespace, statvfs v. */
static int mdt_row(struct lfs_store *s, const struct statvfs *v,
		   struct lfs_df_row *r)
{
	r->target = LFS_DF_MDT;
	r->active = true;
	snprintf(r->uuid, sizeof(r->uuid), "%s-MDT0000_UUID", s->conf->fsname);
	r->bytes.total = (uint64_t)v->f_blocks * v->f_frsize;
	r->bytes.used = (uint64_t)(v->f_blocks - v->f_bfree) * v->f_frsize;
	r->bytes.avail = (uint64_t)v->f_bavail * v->f_frsize;
	r->inodes.total = v->f_files;
	r->inodes.used = v->f_files - v->f_ffree;
	r->inodes.avail = v->f_favail;
	if (asprintf(&r->mount, "%s[MDT:0]", s->path) < 0) {
		r->mount = NULL;
		return -ENOMEM;
	}
	return 0;
}

static int ost_row(struct lfs_store *s, uint32_t i, struct lfs_df_row *r)
{
	const struct lfs_ost_conf *oc = &s->conf->osts[i];
	struct lfs_ost_usage u = { 0, 0 };

	r->target = LFS_DF_OST;
	r->index = i;
	r->active = oc->state == OST_ACTIVE;
	snprintf(r->uuid, sizeof(r->uuid), "%s-OST%04x_UUID", s->conf->fsname, i);
	if (asprintf(&r->mount, "%s[OST:%u]", s->path, i) < 0) {
		r->mount = NULL;
		return -ENOMEM;
	}
	if (!r->active)
		return 0;
	ost_usage_get(s, i, &u);
	figures(&r->bytes, oc->capacity, u.used);
	figures(&r->inodes, oc->capacity / LFS_DF_BYTES_PER_INODE, u.objects);
	r->flags = (oc->degraded ? LFS_DF_DEGRADED : 0) |
		   (oc->nocreate ? LFS_DF_NOCREATE : 0) |
		   (r->bytes.avail ? 0 : LFS_DF_NOSPACE) |
		   (r->inodes.avail ? 0 : LFS_DF_NOINODES);
	return 0;
}

/* The summary's inodes, as Lustre's mntdf() counts them: the MDT's, and
 * no more free than the OSTs have objects left (then the total shrinks,
 * so that the used count stays the MDT's). */
static void summary_inodes(struct lfs_df *df, const struct lfs_df_figures *ost)
{
	struct lfs_df_figures *sum = &df->summary.inodes;

	if (df->nr_rows && df->rows[0].target == LFS_DF_MDT)
		*sum = df->rows[0].inodes;
	if (ost->total && ost->avail < sum->avail) {
		sum->avail = ost->avail;
		sum->total = sum->used + ost->avail;
	}
}

int lfs_df(struct lfs_store *s, const char *pool_name, struct lfs_df *out,
	   struct lfs_error *e)
{
	const struct lfs_pool *pool = NULL;
	struct lfs_df_figures ost_inodes = { 0, 0, 0 };
	struct statvfs v;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	store_conf_reload(s);
	if (pool_name) {
		char clean[LFS_POOL_NAME_MAX + 1];

		if ((rc = layout_pool_name(pool_name, clean, e)))
			return rc;
		pool = store_pool_find(s->conf, clean);
		if (!pool)
			return lfs_error_set(e, -EINVAL, "pool '%s.%s' does not exist",
					     s->conf->fsname, clean);
	}
	out->rows = calloc(s->conf->ost_count + 1, sizeof(*out->rows));
	if (!out->rows)
		return -ENOMEM;
	if (fstatvfs(s->root_fd, &v) == 0) {     /* else no MDT row */
		out->nr_rows = 1;
		rc = mdt_row(s, &v, &out->rows[0]);
	}
	for (uint32_t i = 0; !rc && i < s->conf->ost_count; i++) {
		struct lfs_df_row *r = &out->rows[out->nr_rows];

		if ((pool && !store_pool_has(pool, i)) || s->conf->osts[i].removed)
			continue;
		out->nr_rows++;
		rc = ost_row(s, i, r);
		if (!rc && r->active) {
			add(&out->summary.bytes, &r->bytes);
			add(&ost_inodes, &r->inodes);
		}
	}
	summary_inodes(out, &ost_inodes);
	strcpy(out->summary.uuid, "filesystem_summary:");
	out->summary.active = true;
	if (!rc && !(out->summary.mount = strdup(s->path)))
		rc = -ENOMEM;
	if (rc)
		lfs_df_free(out);
	return rc;
}

void lfs_df_free(struct lfs_df *df)
{
	for (uint32_t i = 0; i < df->nr_rows; i++)
		free(df->rows[i].mount);
	free(df->rows);
	free(df->summary.mount);
	memset(df, 0, sizeof(*df));
}

int lfs_df_balance(const struct lfs_df *df, bool inodes, double threshold,
		   struct lfs_df_balance *out)
{
	double sum = 0;

	memset(out, 0, sizeof(*out));
	out->fills = calloc(df->nr_rows ? df->nr_rows : 1, sizeof(*out->fills));
	if (!out->fills)
		return -ENOMEM;
	for (uint32_t i = 0; i < df->nr_rows; i++) {
		const struct lfs_df_row *r = &df->rows[i];
		const struct lfs_df_figures *v = inodes ? &r->inodes : &r->bytes;
		struct lfs_df_fill *f = &out->fills[i];
		uint64_t denom = v->used + v->avail;

		f->counted = r->target == LFS_DF_OST && r->active;
		f->pct = denom ? 100.0 * (double)v->used / (double)denom : 0;
		if (f->counted) {
			out->nr_counted++;
			sum += f->pct;
		}
	}
	out->mean = out->nr_counted ? sum / out->nr_counted : 0;
	for (uint32_t i = 0; i < df->nr_rows; i++) {
		struct lfs_df_fill *f = &out->fills[i];

		if (f->counted && f->pct > out->mean + threshold)
			f->off = 1;
		else if (f->counted && f->pct < out->mean - threshold)
			f->off = -1;
	}
	return 0;
}

void lfs_df_balance_free(struct lfs_df_balance *b)
{
	free(b->fills);
	b->fills = NULL;
}
