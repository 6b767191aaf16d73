/* llapi_lum.c - the raw layout (lov_user_md) and FIDs on a Lustre mount:
 * what the 2.15 opaque layout API does not give (llapi.h, phase 4). */
#include "llapi.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* lustre_ostid.h 76-104, ostid_seq() and ostid_id(); lustre_fid.h
 * fid_idif_id(), IDIF_OID_MASK (lustre_idl.h: (1ULL << 48) - 1). */
static bool seq_is_idif(uint64_t seq)
{
	return seq >= LLAPI_FID_SEQ_IDIF && seq <= LLAPI_FID_SEQ_IDIF_MAX;
}

static uint64_t ostid_seq(const struct llapi_ost_id *o)
{
	if (o->oi.oi_seq == LLAPI_FID_SEQ_OST_MDT0)
		return LLAPI_FID_SEQ_OST_MDT0;
	if (o->oi.oi_seq == ~0ULL)            /* FID_SEQ_LOV_DEFAULT */
		return ~0ULL;
	if (seq_is_idif(o->oi_fid.f_seq))
		return LLAPI_FID_SEQ_OST_MDT0;
	return o->oi_fid.f_seq;
}

static uint64_t ostid_id(const struct llapi_ost_id *o)
{
	if (o->oi.oi_seq == LLAPI_FID_SEQ_OST_MDT0)
		return o->oi.oi_id & ((1ULL << 48) - 1);
	if (o->oi.oi_seq == ~0ULL)
		return o->oi.oi_id;
	if (seq_is_idif(o->oi_fid.f_seq))
		return ((o->oi_fid.f_seq & 0xffff) << 32) | o->oi_fid.f_oid;
	return o->oi_fid.f_oid;
}

struct llapi_lu_fid llapi_object_fid(uint64_t id, uint64_t group, uint32_t ost)
{
	/* ostid_to_fid(): group 0 is the IDIF namespace of OST ost. */
	if (group == LLAPI_FID_SEQ_OST_MDT0)
		return (struct llapi_lu_fid){
			LLAPI_FID_SEQ_IDIF | ((uint64_t)ost << 16) | ((id >> 32) & 0xffff),
			(uint32_t)id, (uint32_t)(id >> 48) };
	return (struct llapi_lu_fid){ group, (uint32_t)id, 0 };
}

bool llapi_group_decimal(uint64_t group)
{
	return group <= LLAPI_FID_SEQ_RSVD;
}

/* One lov_user_md_v1/_v3 at lum[off, off + size) onto component c: its
 * objects' ids and groups at *g on, its lmm_oi into x (when not NULL).
 * The field after lmm_stripe_count is the layout generation of a
 * component with objects, else (a directory's default, a component not
 * instantiated) the stripe offset, 0xffff for none: into *gen or
 * *offset (lov_dump_user_lmm_v1v3 reads it so; -2: not given). */
static int blob(const unsigned char *lum, size_t off, size_t size,
		const struct lfs_component *c, uint64_t *ids, uint64_t *groups,
		uint32_t *g, struct llapi_lum_ids *x, uint16_t *gen,
		int32_t *offset)
{
	struct llapi_lov_user_md_v1 v1;
	size_t hdr, n;

	if (size < sizeof(v1))
		return -EINVAL;
	memcpy(&v1, lum + off, sizeof(v1));
	if (v1.lmm_magic == LLAPI_LOV_USER_MAGIC_V1)
		hdr = sizeof(struct llapi_lov_user_md_v1);
	else if (v1.lmm_magic == LLAPI_LOV_USER_MAGIC_V3)
		hdr = sizeof(struct llapi_lov_user_md_v3);
	else
		return -EINVAL;
	if (size < hdr)
		return -EINVAL;
	if (x) {
		x->oi_seq = v1.lmm_oi.oi.oi_seq;
		x->oi_id = v1.lmm_oi.oi.oi_id;
	}
	*gen = 0;
	*offset = -2;
	if (c->flags & LFS_COMP_INIT)
		*gen = v1.lmm_layout_gen;
	else
		*offset = v1.lmm_layout_gen == 0xffff ? -1 : v1.lmm_layout_gen;
	/* Objects only for an instantiated, neither released nor DoM,
	 * component (lov_dump_user_lmm_v1v3). */
	if (!(c->flags & LFS_COMP_INIT) ||
	    (v1.lmm_pattern & (LLAPI_LOV_PATTERN_F_RELEASED | LLAPI_LOV_PATTERN_MDT))) {
		*g += c->nr_objects;      /* the layout's, if any: id 0 */
		return 0;
	}
	n = v1.lmm_stripe_count;
	if ((size - hdr) / sizeof(struct llapi_lov_user_ost_data_v1) < n)
		return -EINVAL;
	if (n != c->nr_objects)
		return -EAGAIN;
	for (size_t i = 0; i < n; i++) {
		struct llapi_lov_user_ost_data_v1 o;

		memcpy(&o, lum + off + hdr + i * sizeof(o), sizeof(o));
		if (o.l_ost_idx != c->objects[i].ost)
			return -EAGAIN;
		ids[*g] = ostid_id(&o.l_ost_oi);
		groups[(*g)++] = ostid_seq(&o.l_ost_oi);
	}
	return 0;
}

int llapi_lum_fill(const void *lum, size_t len, struct lfs_layout *l,
		   struct llapi_lum_ids *ids)
{
	const unsigned char *p = lum;
	struct llapi_lum_ids x = { 0 };
	uint32_t magic, total = 0, g = 0, gen = 0;
	uint64_t *oids;
	int32_t *offs = NULL;
	uint16_t g16 = 0;
	int rc = 0;

	memset(ids, 0, sizeof(*ids));
	if (len < sizeof(magic))
		return -EINVAL;
	memcpy(&magic, p, sizeof(magic));
	for (uint32_t i = 0; i < l->nr_comps; i++)
		total += l->comps[i].nr_objects;
	oids = calloc(total + 1, sizeof(*oids));
	x.groups = calloc(total + 1, sizeof(*x.groups));
	if (l->nr_comps)
		offs = calloc(l->nr_comps, sizeof(*offs));
	if (!oids || !x.groups || (l->nr_comps && !offs)) {
		rc = -ENOMEM;
	} else if (magic == LLAPI_LOV_USER_MAGIC_COMP_V1) {
		struct llapi_lov_comp_md_v1 h;

		memset(&h, 0, sizeof(h));
		if (len >= sizeof(h))
			memcpy(&h, p, sizeof(h));
		if (len < sizeof(h) || h.lcm_size > len || h.lcm_size < sizeof(h) ||
		    (h.lcm_size - sizeof(h)) / sizeof(h.lcm_entries[0]) < h.lcm_entry_count)
			rc = -EINVAL;
		else if (!l->composite || h.lcm_entry_count != l->nr_comps)
			rc = -EAGAIN;
		gen = h.lcm_layout_gen;
		for (uint32_t i = 0; !rc && i < h.lcm_entry_count; i++) {
			struct llapi_lov_comp_md_entry_v1 e;

			memcpy(&e, p + sizeof(h) + i * sizeof(e), sizeof(e));
			if (e.lcme_offset > h.lcm_size || e.lcme_size > h.lcm_size - e.lcme_offset)
				rc = -EINVAL;
			else if (e.lcme_id != l->comps[i].id)
				rc = -EAGAIN;
			else
				rc = blob(p, e.lcme_offset, e.lcme_size, &l->comps[i],
					  oids, x.groups, &g, i ? NULL : &x, &g16, &offs[i]);
		}
	} else if (magic == LLAPI_LOV_USER_MAGIC_V1 || magic == LLAPI_LOV_USER_MAGIC_V3) {
		if (l->composite || l->nr_comps != 1)
			rc = -EAGAIN;
		else
			rc = blob(p, 0, len, &l->comps[0], oids, x.groups, &g, &x, &g16,
				  &offs[0]);
		gen = g16;
	} else {
		rc = -EINVAL;
	}
	if (rc) {
		free(oids);
		free(offs);
		free(x.groups);
		return rc;
	}
	/* Only now, all checked: l changes whole or not at all. A stripe
	 * offset the opaque API could not give (a component without
	 * objects has none to read, llapi_layout_ost_index_get) comes from
	 * here. */
	g = 0;
	for (uint32_t i = 0; i < l->nr_comps; i++) {
		for (uint32_t j = 0; j < l->comps[i].nr_objects; j++)
			l->comps[i].objects[j].id = oids[g++];
		if (l->comps[i].stripe_offset < 0 && offs[i] >= 0)
			l->comps[i].stripe_offset = offs[i];
	}
	l->gen = gen;
	free(oids);
	free(offs);
	/* lov_dump_user_lmm_header(): a 1.x lmm_oi (seq 0) is shown as an
	 * IGIF, a 2.x one as the FID it holds. */
	x.fid.f_seq = x.oi_seq == 0 ? x.oi_id : x.oi_seq;
	x.fid.f_oid = x.oi_seq == 0 ? 0 : (uint32_t)x.oi_id;
	x.fid.f_ver = (uint32_t)(x.oi_id >> 32);
	x.nr_groups = g;
	*ids = x;
	return 0;
}

/* Is the FID of fd the one the raw layout's lmm_oi names? (Unknown, as
 * when fd2fid fails, counts as the same: the shapes were compared.) */
static bool same_file(const struct lfs_llapi *api, int fd,
		      const struct llapi_lum_ids *ids)
{
	struct llapi_lu_fid f;

	return api->f.fd2fid(fd, &f) ||
	       (f.f_seq == ids->fid.f_seq && f.f_oid == ids->fid.f_oid);
}

int llapi_layout_with_ids(const struct lfs_llapi *api, const char *path,
			  int fd, struct lfs_layout **out,
			  struct llapi_lum_ids *ids)
{
	void *lum = malloc(LLAPI_LUM_BUF);
	int rc = -EAGAIN;

	*out = NULL;
	memset(ids, 0, sizeof(*ids));
	if (!lum)
		return -ENOMEM;
	/* A migration may swap the layout between the two reads: once more. */
	for (int tries = 0; rc == -EAGAIN && tries < 2; tries++) {
		layout_free(*out);
		*out = NULL;
		rc = llapi_take_layout(api, api->f.layout_get_by_fd(fd, 0), out);
		if (!rc) {
			memset(lum, 0, LLAPI_LUM_BUF);
			rc = api->f.file_get_stripe(path, lum);
		}
		if (!rc)
			rc = llapi_lum_fill(lum, LLAPI_LUM_BUF, *out, ids);
		/* The raw layout is read by path: the same file as fd's
		 * (a rename between the reads would give another's)? */
		if (!rc && !same_file(api, fd, ids)) {
			free(ids->groups);
			memset(ids, 0, sizeof(*ids));
			rc = -EAGAIN;
		}
	}
	free(lum);
	if (rc) {
		layout_free(*out);
		*out = NULL;
	}
	return rc;
}

int llapi_dir_offsets(const struct lfs_llapi *api, const char *path,
		      struct lfs_layout *l)
{
	void *lum = calloc(1, LLAPI_LUM_BUF);
	struct llapi_lum_ids ids;
	int rc;

	if (!lum)
		return -ENOMEM;
	rc = api->f.file_get_stripe(path, lum);
	if (!rc && !(rc = llapi_lum_fill(lum, LLAPI_LUM_BUF, l, &ids)))
		free(ids.groups);
	free(lum);
	return rc;
}
