/* llapi_double_fid.c - FIDs and the raw layout of the liblustreapi test
 * double (double.h; docs/lustre.md, "The test double"):
 * llapi_fd2fid and llapi_file_get_stripe with Lustre's semantics over
 * the double's layouts.
 *  - A file's FID is made of its host inode, stable for its life as an
 *    MDT inode's FID is: [FID_SEQ_NORMAL + (ino >> 32) : (u32)ino : 0],
 *    the store's [0x200000400:ino:0x0] for an inode below 2^32.
 *  - llapi_file_get_stripe() gives the layout as the MDS packs it
 *    (lod_gen_component_ea): a plain one as lov_user_md_v1, _v3 with a
 *    pool; a composite one as lov_comp_md_v1 with its entries and a
 *    lov_user_md per component (objects only when instantiated);
 *    lmm_oi the file's FID (fid_to_lmm_oi), each object's l_ost_oi
 *    { oi_id = the store's object id, oi_seq = 0 } (group 0, the IDIF
 *    namespace, as the store prints it), lmm_layout_gen/lcm_layout_gen
 *    the layout's generation (lmm_stripe_offset in that place for a
 *    component without objects); host byte order. A directory gives its
 *    default (objects none), -ENODATA when it has none.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "double.h"

static void fid_of(const struct stat *st, struct llapi_lu_fid *fid)
{
	fid->f_seq = LLAPI_FID_SEQ_NORMAL + ((uint64_t)st->st_ino >> 32);
	fid->f_oid = (uint32_t)st->st_ino;
	fid->f_ver = 0;
}

/* ioctl(LL_IOC_PATH2FID) is the mount's: -ENOTTY elsewhere. */
EXPORT int llapi_fd2fid(int fd, struct llapi_lu_fid *fid)
{
	char path[PATH_MAX];
	struct stat st;

	if (!double_fd_path(fd, path))
		return -ENOTTY;
	if (fstat(fd, &st))
		return -errno;
	fid_of(&st, fid);
	return 0;
}


/* One component's lov_user_md at p (NULL: only its size). */
static size_t put_lum(unsigned char *p, const struct lfs_component *c,
		      const struct llapi_lu_fid *fid, uint32_t gen, bool dir)
{
	bool v3 = c->pool[0], init = !dir && (c->flags & LFS_COMP_INIT);
	size_t hdr = v3 ? sizeof(struct llapi_lov_user_md_v3) :
			  sizeof(struct llapi_lov_user_md_v1);
	uint32_t n = init ? c->nr_objects : 0;
	struct llapi_lov_user_md_v3 m;

	if (!p)
		return hdr + n * sizeof(struct llapi_lov_user_ost_data_v1);
	memset(&m, 0, sizeof(m));
	m.lmm_magic = v3 ? LLAPI_LOV_USER_MAGIC_V3 : LLAPI_LOV_USER_MAGIC_V1;
	m.lmm_pattern = 1 | (c->pattern & LFS_PATTERN_OVERSTRIPED ? 0x200 : 0);
	m.lmm_oi.oi.oi_id = fid->f_oid;     /* fid_to_lmm_oi() */
	m.lmm_oi.oi.oi_seq = fid->f_seq;
	m.lmm_stripe_size = (uint32_t)c->stripe_size;
	m.lmm_stripe_count = init ? (uint16_t)n : (uint16_t)c->stripe_count;
	/* One field: the generation of a component with objects, else the
	 * stripe offset (0xffff: none), as lov_dump_user_lmm_v1v3 reads it. */
	m.lmm_layout_gen = init ? (uint16_t)gen :
			   c->stripe_offset < 0 ? 0xffff : (uint16_t)c->stripe_offset;
	memcpy(m.lmm_pool_name, c->pool, sizeof(m.lmm_pool_name) - 1);
	memcpy(p, &m, hdr);
	for (uint32_t i = 0; i < n; i++) {
		struct llapi_lov_user_ost_data_v1 o = { .l_ost_idx = c->objects[i].ost };

		o.l_ost_oi.oi.oi_id = c->objects[i].id;
		memcpy(p + hdr + i * sizeof(o), &o, sizeof(o));
	}
	return hdr + n * sizeof(struct llapi_lov_user_ost_data_v1);
}

static size_t put_layout(unsigned char *p, const struct lfs_layout *l,
			 const struct llapi_lu_fid *fid, bool dir)
{
	struct llapi_lov_comp_md_v1 h = { .lcm_magic = LLAPI_LOV_USER_MAGIC_COMP_V1 };
	size_t off = sizeof(h) + l->nr_comps * sizeof(h.lcm_entries[0]);

	if (!l->composite)
		return put_lum(p, &l->comps[0], fid, l->gen, dir);
	for (uint32_t i = 0; i < l->nr_comps; i++) {
		const struct lfs_component *c = &l->comps[i];
		struct llapi_lov_comp_md_entry_v1 e = {
			.lcme_id = dir ? 0 : c->id,
			.lcme_flags = !dir && (c->flags & LFS_COMP_INIT) ? LLAPI_LCME_FL_INIT : 0,
			.lcme_extent = { c->start, c->end },
			.lcme_offset = (uint32_t)off,
			.lcme_size = (uint32_t)put_lum(NULL, c, fid, 0, dir),
		};

		if (p) {
			memcpy(p + sizeof(h) + i * sizeof(e), &e, sizeof(e));
			put_lum(p + off, c, fid, 0, dir);
		}
		off += e.lcme_size;
	}
	h.lcm_size = (uint32_t)off;
	h.lcm_layout_gen = l->gen;
	h.lcm_entry_count = (uint16_t)l->nr_comps;
	if (p)
		memcpy(p, &h, sizeof(h));
	return off;
}

/* IOC_MDC_GETFILESTRIPE is not told the buffer's size: the caller's is
 * get_mds_md_size()'s, LLAPI_LUM_BUF; a bigger layout is -EOVERFLOW
 * rather than an overrun. */
EXPORT int llapi_file_get_stripe(const char *path, struct llapi_lov_user_md_v1 *lum)
{
	struct llapi_lu_fid fid;
	struct lfs_layout *l = NULL;
	struct stat st;
	int rc, fd;

	if (!path || !lum)
		return -EINVAL;
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	rc = fstat(fd, &st) ? -errno : llapi_fd2fid(fd, &fid);
	if (!rc) {
		pthread_mutex_lock(&double_mu);
		rc = double_file_layout(fd, &l);
		pthread_mutex_unlock(&double_mu);
	}
	close(fd);
	if (!rc && !l)
		rc = -ENODATA;
	if (!rc && put_layout(NULL, l, &fid, S_ISDIR(st.st_mode)) > LLAPI_LUM_BUF)
		rc = -EOVERFLOW;
	if (!rc)
		put_layout((unsigned char *)lum, l, &fid, S_ISDIR(st.st_mode));
	layout_free(l);
	return rc;
}
