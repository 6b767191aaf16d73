/* backend_lustre.c - the migrate backend over a Lustre client mount,
 * through liblustreapi (llapi.h; docs/lustre.md). fs is the loaded
 * struct lfs_llapi *; paths are host paths.
 *
 * The calls and their order are Lustre 2.15.3's lfs.c: the source opened
 * O_RDWR|O_NOATIME (migrate_open_files), the volatile made by
 * llapi_layout_file_open() on "%s/%s:%.4X:%.4X:fd=%.2d" in the source's
 * directory (LUSTRE_VOLATILE_HDR, the MDT index, random(), the fd),
 * O_CREAT|O_EXCL|O_NOFOLLOW, mode 0600, retried on EEXIST, then unlinked
 * and fchown()ed to the source's owner; llapi_get_data_version
 * (LL_DV_RD_FLUSH); llapi_group_lock with a random non-zero gid
 * (migrate_block) or llapi_lease_acquire(LL_LEASE_RDLCK) and
 * llapi_lease_check (migrate_nonblock); the volatile given the source's
 * atime and mtime (migrate_set_timestamps); then the swap:
 * llapi_fswap_layouts_grouplock(gid 0, SWAP_LAYOUTS_CHECK_DV1) under the
 * group lock, llapi_fswap_layouts(SWAP_LAYOUTS_CLOSE) under the lease.
 * The swap is atomic on the servers, so it happens whole in swap_prepare
 * (which names a moved data version "file changed", as lfs.c does), and
 * the batch steps after it have nothing to do.
 */
#include "backend.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fdio.h"
#include "llapi.h"
#include "lustre_df.h"
#include "lustre_pool.h"
#include "migrate.h"

struct lfs_bfile {
	const struct lfs_llapi *api;
	int fd;
	struct stat st;
	struct lfs_layout *layout;
	int gid;                 /* group lock held with this gid, or 0 */
	bool lease;              /* a read lease was asked for */
	bool swapped;            /* SWAP_LAYOUTS_CLOSE gave the lease up */
};

static struct lfs_bfile *bfile_new(const struct lfs_llapi *api, int fd)
{
	struct lfs_bfile *f = calloc(1, sizeof(*f));

	if (f) {
		f->api = api;
		f->fd = fd;
	}
	return f;
}

/* The layout Lustre gives for fd, as ours. */
static int read_layout(const struct lfs_llapi *api, int fd, struct lfs_layout **out)
{
	return llapi_take_layout(api, api->f.layout_get_by_fd(fd, 0), out);
}

static int lustre_open(void *fs, const char *path, struct lfs_bfile **out,
		       struct stat *st, struct lfs_error *e)
{
	struct lfs_bfile *f;
	int fd, rc;

	(void)e;
	*out = NULL;
	if (lstat(path, st))
		return -errno;
	if (S_ISLNK(st->st_mode))
		return -ELOOP;
	if (S_ISDIR(st->st_mode))
		return -EISDIR;
	if (!S_ISREG(st->st_mode))
		return -EINVAL;
	/* Read-write, to allow the layout swap on fd (lfs.c). */
	fd = open(path, O_RDWR | O_NOATIME | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 && errno == EPERM)   /* O_NOATIME: not the owner */
		fd = open(path, O_RDWR | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	f = bfile_new(fs, fd);
	if (!f) {
		close(fd);
		return -ENOMEM;
	}
	rc = fstat(fd, &f->st) ? -errno : read_layout(fs, fd, &f->layout);
	if (rc) {
		close(fd);
		free(f);
		return rc;
	}
	*st = f->st;
	*out = f;
	return 0;
}

static void lustre_close(struct lfs_bfile *f)
{
	if (!f)
		return;
	if (f->fd >= 0)
		close(f->fd);
	layout_free(f->layout);
	free(f);
}

static const struct lfs_layout *lustre_layout(struct lfs_bfile *f)
{
	return f->layout;
}

static int lustre_data_version(struct lfs_bfile *f, uint64_t *dv)
{
	return f->api->f.get_data_version(f->fd, dv, LLAPI_DV_RD_FLUSH);
}

static int lustre_size(struct lfs_bfile *f, uint64_t *size)
{
	struct stat st;

	if (fstat(f->fd, &st))
		return -errno;
	*size = (uint64_t)st.st_size;
	return 0;
}

/* Lustre has no such lock: a second migration of the file waits for the
 * group lock, or holds a lease of its own, and its swap then fails on the
 * data version the first one's swap moved. */
static int lustre_migrate_lock(struct lfs_bfile *f)
{
	(void)f;
	return 0;
}

static int lustre_group_lock(struct lfs_bfile *f)
{
	int gid, rc;

	do
		gid = (int)random();
	while (!gid);
	rc = f->api->f.group_lock(f->fd, gid);
	if (!rc)
		f->gid = gid;
	return rc;
}

/* The first call takes the read lease (llapi_lease_acquire: a writer
 * holding the file open refuses it: "cannot get lease"), the later ones
 * check it (llapi_lease_check > 0 while held; lfs.c's check_lease). */
static bool lustre_lease_broken(struct lfs_bfile *f)
{
	if (!f->lease) {
		f->lease = true;
		return f->api->f.lease_acquire(f->fd, LLAPI_LEASE_RDLCK) < 0;
	}
	return f->api->f.lease_check(f->fd) <= 0;
}

/* Unset fields of req from the layout a new file in path's directory
 * would get (llapi_layout_get_by_path(LLAPI_LAYOUT_GET_EXPECTED)). */
static int lustre_layout_fill(void *fs, const char *path,
			      const struct lfs_layout *req, struct lfs_layout **out,
			      struct lfs_error *e)
{
	const struct lfs_llapi *api = fs;
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	struct lfs_layout *d = NULL, *l;
	const char *pool;
	int rc;

	(void)e;
	*out = NULL;
	snprintf(dir, sizeof(dir), "%.*s", !slash ? 1 : slash == path ? 1 :
		 (int)(slash - path), !slash ? "." : path);
	rc = llapi_take_layout(api, api->f.layout_get_by_path(dir,
				LLAPI_LAYOUT_GET_EXPECTED), &d);
	if (rc)
		return rc;
	l = layout_dup(req);
	if (!l) {
		layout_free(d);
		return -ENOMEM;
	}
	pool = layout_pool(d);
	for (uint32_t i = 0; i < l->nr_comps; i++) {
		struct lfs_component *c = &l->comps[i];
		const struct lfs_component *s =
			&d->comps[d->composite && i < d->nr_comps ? i : 0];

		if (!c->stripe_size)
			c->stripe_size = s->stripe_size;
		if (!c->stripe_count)
			c->stripe_count = s->stripe_count;
		if (!c->pool[0] && !c->nr_osts && pool)
			snprintf(c->pool, sizeof(c->pool), "%s", pool);
	}
	layout_free(d);
	*out = l;
	return 0;
}

/* Which OSTs a pool holds is the MGS's: llapi_get_poolmembers of the
 * file's filesystem (lustre_pool_has). Whether the OST takes new objects
 * (the MDS's max_create_count) is not visible to a client: not asked. */
static bool lustre_ost_acceptable(void *fs, const char *path, uint32_t ost,
				  const char *pool)
{
	return lustre_pool_has(fs, path, pool, ost);
}

/* The stripe count of a component was capped to the usable OSTs. */
static uint32_t capped_of(const struct lfs_layout *want,
			  const struct lfs_layout *got)
{
	for (uint32_t i = 0; i < want->nr_comps && i < got->nr_comps; i++) {
		const struct lfs_component *w = &want->comps[i], *g = &got->comps[i];

		if ((g->flags & LFS_COMP_INIT) && w->stripe_count > 0 &&
		    !(w->pattern & LFS_PATTERN_OVERSTRIPED) &&
		    g->nr_objects < (uint32_t)w->stripe_count)
			return g->nr_objects;
	}
	return 0;
}

static int lustre_volatile_open(struct lfs_bfile *src, const char *path,
				struct lfs_layout *want, uint64_t size,
				bool dry_run, uint32_t *capped,
				struct lfs_bfile **vol, struct lfs_error *e)
{
	const struct lfs_llapi *api = src->api;
	const char *slash = strrchr(path, '/');
	char dir[PATH_MAX], name[PATH_MAX + 64];
	struct llapi_layout *ll;
	struct lfs_bfile *v;
	int mdt = 0, fdv, rc;

	(void)size;
	(void)e;
	*vol = NULL;
	if (dry_run)
		return 0;
	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else
		snprintf(dir, sizeof(dir), "%.*s", slash == path ? 1 : (int)(slash - path), path);
	rc = api->f.file_fget_mdtidx(src->fd, &mdt);
	if (rc < 0)
		return rc;
	rc = llapi_from_layout(api, want, &ll);
	if (rc)
		return rc;
	do {
		snprintf(name, sizeof(name), "%s/%s:%.4X:%.4X:fd=%.2d", dir,
			 LLAPI_VOLATILE_HDR, mdt, (unsigned)random() & 0xffff, src->fd);
		fdv = api->f.layout_file_open(name, O_RDWR | O_CREAT | O_EXCL |
					      O_NOFOLLOW | O_CLOEXEC, 0600, ll);
		rc = fdv < 0 ? -errno : 0;
	} while (rc == -EEXIST);
	api->f.layout_free(ll);
	if (rc)
		return rc;
	/* An MDT that made a name of it: gone at the last close all the same. */
	(void)unlink(name);
	v = bfile_new(api, fdv);
	if (!v) {
		close(fdv);
		return -ENOMEM;
	}
	if (fstat(fdv, &v->st))
		rc = -errno;
	else if ((v->st.st_uid != src->st.st_uid || v->st.st_gid != src->st.st_gid) &&
		 fchown(fdv, src->st.st_uid, src->st.st_gid))
		rc = -errno;
	if (!rc)
		rc = read_layout(api, fdv, &v->layout);
	if (rc) {
		lustre_close(v);
		return rc;
	}
	*capped = capped_of(want, v->layout);
	/* want becomes what was made (the caller reports its OSTs), the
	 * volatile keeps the request, which nothing reads again. */
	{
		struct lfs_layout made = *v->layout;

		*v->layout = *want;
		*want = made;
	}
	*vol = v;
	return 0;
}

static int lustre_next_data(struct lfs_bfile *f, uint64_t off, uint64_t *start,
			    uint64_t *end, struct lfs_error *e)
{
	off_t d = lseek(f->fd, (off_t)off, SEEK_DATA), h;

	(void)e;
	if (d < 0)
		return -errno;
	h = lseek(f->fd, d, SEEK_HOLE);
	if (h < 0)
		return -errno;
	*start = (uint64_t)d;
	*end = (uint64_t)h;
	return 0;
}

static int lustre_copy(struct lfs_bfile *src, struct lfs_bfile *vol,
		       uint64_t off, uint64_t len, struct lfs_error *e)
{
	char buf[1 << 16];
	int rc;

	(void)e;
	while (len) {
		size_t n = len < sizeof(buf) ? (size_t)len : sizeof(buf);
		ssize_t r = pread(src->fd, buf, n, (off_t)off);

		if (r < 0)
			return -errno;
		if (r == 0)
			return 0;   /* shorter than seen: the DV check tells */
		/* A short write is written again, so the next says why (a
		 * full OST: ENOSPC; fdio.h). */
		if ((rc = fd_pwrite_all(vol->fd, buf, (size_t)r, (off_t)off)))
			return rc;
		off += (uint64_t)r;
		len -= (uint64_t)r;
	}
	return 0;
}

static int lustre_set_size(struct lfs_bfile *vol, uint64_t size)
{
	return ftruncate(vol->fd, (off_t)size) ? -errno : 0;
}

static int lustre_sync_data(struct lfs_bfile *vol)
{
	return fsync(vol->fd) ? -errno : 0;
}

/* The swap itself (see the top): the volatile given the source's times
 * first, so the source keeps them. */
static int lustre_swap_prepare(struct lfs_bfile *src, struct lfs_bfile *vol,
			       uint64_t dv1, bool check_lease, struct lfs_error *e)
{
	const struct lfs_llapi *api = src->api;
	struct timespec t[2] = { src->st.st_atim, src->st.st_mtim };
	int rc;

	(void)e;
	if (futimens(vol->fd, t))
		return -errno;
	if (check_lease) {
		rc = api->f.fswap_layouts(src->fd, vol->fd, 0, 0,
					  LLAPI_SWAP_LAYOUTS_CLOSE);
		src->swapped = !rc;
	} else {
		rc = api->f.fswap_layouts_grouplock(src->fd, vol->fd, dv1, 0, 0,
						    LLAPI_SWAP_LAYOUTS_CHECK_DV1);
	}
	return rc;
}

static int lustre_nothing(struct lfs_bfile *f)
{
	(void)f;
	return 0;
}

static int lustre_commit_intents(struct lfs_bfile *const *srcs, size_t n)
{
	(void)srcs;
	(void)n;
	return 0;
}

static int lustre_swap(struct lfs_bfile *src, struct lfs_bfile *vol)
{
	(void)src;
	(void)vol;
	return 0;
}

/* The group lock or the lease given back; the volatile closed (the MDS
 * destroys an unnamed file, with the old objects after a swap). */
static void lustre_finish(struct lfs_bfile *src, struct lfs_bfile *vol, int rc)
{
	(void)rc;
	if (src->gid && !src->api->f.group_unlock(src->fd, src->gid))
		src->gid = 0;
	if (src->lease && !src->swapped)
		src->api->f.lease_release(src->fd);
	lustre_close(vol);
}

/* migrate_run's part: names are host paths (relative ones against the
 * working directory, as a shell's), one table serves every thread. */
static int lustre_resolve(void *fs, const char *cwd, const char *name,
			  char *rel, size_t len)
{
	(void)fs;
	(void)cwd;
	if (snprintf(rel, len, "%s", name) >= (int)len)
		return -ENAMETOOLONG;
	return 0;
}

static int lustre_lstat(void *fs, const char *rel, struct stat *st)
{
	(void)fs;
	return lstat(rel, st) ? -errno : 0;
}

/* -A: the rule over the OSTs that take new objects (active, not
 * nocreate; of the pool, every OST when the filesystem has no such pool,
 * as the store's), each one's available bytes from its statfs, as
 * lfs_migrate reads them from lfs df. */
static int lustre_auto_stripe_count(void *fs, const char *path, uint64_t size,
				    const char *pool)
{
	struct lfs_error e = { 0, "" };
	struct lfs_df df;
	uint64_t *avail;
	uint32_t n = 0;
	int rc = lustre_df(fs, path, pool && *pool ? pool : NULL, &df, &e);

	if (rc == -EINVAL && pool && *pool)
		rc = lustre_df(fs, path, NULL, &df, &e);
	if (rc)
		return rc;
	avail = calloc(df.nr_rows + 1, sizeof(*avail));
	if (!avail) {
		lfs_df_free(&df);
		return -ENOMEM;
	}
	for (uint32_t i = 0; i < df.nr_rows; i++) {
		const struct lfs_df_row *row = &df.rows[i];

		if (row->target == LFS_DF_OST && row->active &&
		    !(row->flags & LFS_DF_NOCREATE))
			avail[n++] = row->bytes.avail;
	}
	rc = migrate_auto_count(size, avail, n);
	free(avail);
	lfs_df_free(&df);
	return rc;
}

static int lustre_again(void *fs, void **out, struct lfs_error *e)
{
	(void)e;
	*out = fs;
	return 0;
}

static void lustre_release(void *fs)
{
	(void)fs;
}

const struct lfs_backend_ops lfs_lustre_backend = {
	.name = "lustre",
	.open = lustre_open,
	.close = lustre_close,
	.layout = lustre_layout,
	.data_version = lustre_data_version,
	.size = lustre_size,
	.migrate_lock = lustre_migrate_lock,
	.group_lock = lustre_group_lock,
	.lease_broken = lustre_lease_broken,
	.layout_fill = lustre_layout_fill,
	.ost_acceptable = lustre_ost_acceptable,
	.volatile_open = lustre_volatile_open,
	.next_data = lustre_next_data,
	.copy = lustre_copy,
	.set_size = lustre_set_size,
	.sync_data = lustre_sync_data,
	.swap_prepare = lustre_swap_prepare,
	.commit_intents = lustre_commit_intents,
	.swap = lustre_swap,
	.swap_sync = lustre_nothing,
	.finish = lustre_finish,
	.resolve = lustre_resolve,
	.lstat = lustre_lstat,
	.fs_again = lustre_again,
	.fs_close = lustre_release,
	.auto_stripe_count = lustre_auto_stripe_count,
};
