/*
 * layout_codec.c - the on-disk layout record (the user.lfs.lov xattr).
 *
 * Record, all little-endian:
 *   header (24 bytes)
 *     u32 magic "LFSL"   u16 version   u16 flags (bit 0: composite)
 *     u32 total length   u32 CRC-32 of the record with this field zeroed
 *     u32 layout gen     u16 nr_comps  u16 reserved (0)
 *   per component (68 bytes, then its arrays)
 *     u32 id  u32 flags  u64 start  u64 end  u64 stripe_size
 *     u32 pattern  i32 stripe_count  i32 stripe_offset
 *     char pool[16] (NUL-terminated, zero-padded)
 *     u32 nr_osts  u32 nr_objects
 *     u32 osts[nr_osts]
 *     { u32 ost; u64 id; } objects[nr_objects]
 *
 * A 1-stripe plain layout is 104 bytes, 3 stripes 128. docs/DESIGN.md section 3
 * wants the common record inside the inode; on a host whose inodes are
 * 256 bytes (ext4's default) only about 90 bytes of xattrs fit there, so
 * the record takes an xattr block of its own.
 *
 * The decoder trusts nothing: every count is bounded before it is used
 * to size a read, and it accepts only canonical records (the ones the
 * encoder would write for the layout it returns), so encode(decode(x))
 * == x for every accepted x. The encoder refuses layouts the decoder
 * would refuse, so every record it writes can be read back.
 */
#include "layout.h"
#include "crc32.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define LAYOUT_MAGIC      0x4C53464Cu  /* "LFSL" in memory order */
#define LAYOUT_VERSION    1
#define LAYOUT_F_COMPOSITE 0x1
#define HDR_SIZE          24
#define HDR_CRC_OFF       12
#define COMP_SIZE         68
#define OBJ_SIZE          12

static void put16(unsigned char *p, uint16_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
}

static void put32(unsigned char *p, uint32_t v)
{
	put16(p, (uint16_t)v);
	put16(p + 2, (uint16_t)(v >> 16));
}

static void put64(unsigned char *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

static uint16_t get16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)get16(p) | (uint32_t)get16(p + 2) << 16;
}

static uint64_t get64(const unsigned char *p)
{
	return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}

/* The structural rules both directions share (layout_validate() adds the
 * user-facing ones on top; a stored layout may be mid-change). */
static int check_comp(const struct lfs_layout *l, uint32_t i)
{
	const struct lfs_component *c = &l->comps[i];
	uint32_t j;

	if (c->id == 0 || c->start >= c->end)
		return -EINVAL;
	if (i > 0 && c->start < l->comps[i - 1].end)
		return -EINVAL;         /* overlapping or out of order */
	for (j = 0; j < i; j++)
		if (l->comps[j].id == c->id)
			return -EINVAL;
	if (!memchr(c->pool, '\0', sizeof(c->pool)))
		return -EINVAL;
	if (c->nr_osts > LFS_MAX_STRIPE_COUNT ||
	    c->nr_objects > LFS_MAX_STRIPE_COUNT)
		return -EINVAL;
	if (!(c->flags & LFS_COMP_INIT) != !c->nr_objects)
		return -EINVAL;
	return 0;
}

static int check_structure(const struct lfs_layout *l)
{
	uint32_t i;

	if (l->nr_comps > LFS_MAX_COMPONENTS || (l->nr_comps && !l->comps))
		return -EINVAL;
	for (i = 0; i < l->nr_comps; i++) {
		const struct lfs_component *c = &l->comps[i];

		if ((c->nr_osts && !c->osts) || (c->nr_objects && !c->objects))
			return -EINVAL;
		if (check_comp(l, i))
			return -EINVAL;
	}
	return 0;
}

static uint32_t record_crc(const unsigned char *p, size_t len)
{
	static const unsigned char zero[4];
	uint32_t crc;

	crc = lfs_crc32(0, p, HDR_CRC_OFF);
	crc = lfs_crc32(crc, zero, sizeof(zero));
	return lfs_crc32(crc, p + HDR_CRC_OFF + 4, len - HDR_CRC_OFF - 4);
}

static unsigned char *encode_comp(unsigned char *p,
				  const struct lfs_component *c)
{
	uint32_t i;

	put32(p, c->id);
	put32(p + 4, c->flags);
	put64(p + 8, c->start);
	put64(p + 16, c->end);
	put64(p + 24, c->stripe_size);
	put32(p + 32, c->pattern);
	put32(p + 36, (uint32_t)c->stripe_count);
	put32(p + 40, (uint32_t)c->stripe_offset);
	memset(p + 44, 0, sizeof(c->pool));
	memcpy(p + 44, c->pool, strnlen(c->pool, sizeof(c->pool)));
	put32(p + 60, c->nr_osts);
	put32(p + 64, c->nr_objects);
	p += COMP_SIZE;
	for (i = 0; i < c->nr_osts; i++, p += 4)
		put32(p, c->osts[i]);
	for (i = 0; i < c->nr_objects; i++, p += OBJ_SIZE) {
		put32(p, c->objects[i].ost);
		put64(p + 4, c->objects[i].id);
	}
	return p;
}

int layout_encode(const struct lfs_layout *l, void **buf, size_t *len)
{
	unsigned char *rec, *p;
	size_t size = HDR_SIZE;
	uint32_t i;

	if (!l || !buf || !len || check_structure(l) ||
	    layout_validate(l, 0, NULL))
		return -EINVAL;
	for (i = 0; i < l->nr_comps; i++)
		size += COMP_SIZE + (size_t)l->comps[i].nr_osts * 4 +
			(size_t)l->comps[i].nr_objects * OBJ_SIZE;
	rec = malloc(size);
	if (!rec)
		return -ENOMEM;
	put32(rec, LAYOUT_MAGIC);
	put16(rec + 4, LAYOUT_VERSION);
	put16(rec + 6, l->composite ? LAYOUT_F_COMPOSITE : 0);
	put32(rec + 8, (uint32_t)size);
	put32(rec + HDR_CRC_OFF, 0);
	put32(rec + 16, l->gen);
	put16(rec + 20, (uint16_t)l->nr_comps);
	put16(rec + 22, 0);
	p = rec + HDR_SIZE;
	for (i = 0; i < l->nr_comps; i++)
		p = encode_comp(p, &l->comps[i]);
	put32(rec + HDR_CRC_OFF, record_crc(rec, size));
	*buf = rec;
	*len = size;
	return 0;
}

/* Decode component i at *pos; the caller checked nothing past HDR_SIZE. */
static int decode_comp(const unsigned char *rec, size_t len, size_t *pos,
		       struct lfs_layout *l, uint32_t i)
{
	struct lfs_component *c = &l->comps[i];
	const unsigned char *p;
	size_t k, pool_len;

	if (len - *pos < COMP_SIZE)
		return -EINVAL;
	p = rec + *pos;
	c->id = get32(p);
	c->flags = get32(p + 4);
	c->start = get64(p + 8);
	c->end = get64(p + 16);
	c->stripe_size = get64(p + 24);
	c->pattern = get32(p + 32);
	c->stripe_count = (int32_t)get32(p + 36);
	c->stripe_offset = (int32_t)get32(p + 40);
	memcpy(c->pool, p + 44, sizeof(c->pool));
	c->nr_osts = get32(p + 60);
	c->nr_objects = get32(p + 64);
	/* Counts are checked before they size anything below. */
	if (check_comp(l, i))
		return -EINVAL;
	pool_len = strnlen(c->pool, sizeof(c->pool));
	for (k = pool_len; k < sizeof(c->pool); k++)
		if (c->pool[k])
			return -EINVAL;         /* not canonical padding */
	*pos += COMP_SIZE;
	if ((len - *pos) / 4 < c->nr_osts)
		return -EINVAL;
	if (c->nr_osts) {
		c->osts = malloc(c->nr_osts * sizeof(*c->osts));
		if (!c->osts)
			return -ENOMEM;
		for (k = 0; k < c->nr_osts; k++, *pos += 4)
			c->osts[k] = get32(rec + *pos);
	}
	if ((len - *pos) / OBJ_SIZE < c->nr_objects)
		return -EINVAL;
	if (c->nr_objects) {
		c->objects = calloc(c->nr_objects, sizeof(*c->objects));
		if (!c->objects)
			return -ENOMEM;
		for (k = 0; k < c->nr_objects; k++, *pos += OBJ_SIZE) {
			c->objects[k].ost = get32(rec + *pos);
			c->objects[k].id = get64(rec + *pos + 4);
		}
	}
	return 0;
}

int layout_decode(const void *buf, size_t len, struct lfs_layout **out)
{
	const unsigned char *rec = buf;
	struct lfs_layout *l;
	uint16_t flags, nr;
	size_t pos = HDR_SIZE;
	uint32_t i;
	int rc = 0;

	if (!buf || !out || len < HDR_SIZE)
		return -EINVAL;
	flags = get16(rec + 6);
	nr = get16(rec + 20);
	if (get32(rec) != LAYOUT_MAGIC || get16(rec + 4) != LAYOUT_VERSION ||
	    (flags & ~LAYOUT_F_COMPOSITE) || get32(rec + 8) != len ||
	    get16(rec + 22) != 0 || nr > LFS_MAX_COMPONENTS ||
	    get32(rec + HDR_CRC_OFF) != record_crc(rec, len))
		return -EINVAL;
	l = layout_new();
	if (!l)
		return -ENOMEM;
	l->composite = flags & LAYOUT_F_COMPOSITE;
	l->gen = get32(rec + 16);
	if (nr) {
		l->comps = calloc(nr, sizeof(*l->comps));
		if (!l->comps) {
			layout_free(l);
			return -ENOMEM;
		}
	}
	for (i = 0; i < nr && !rc; i++) {
		/* Count it first so layout_free() releases a partial one. */
		l->nr_comps = i + 1;
		rc = decode_comp(rec, len, &pos, l, i);
	}
	if (!rc && pos != len)
		rc = -EINVAL;           /* trailing bytes */
	/* Only what a command could have written: a layout that breaks the
	 * rules would divide by a zero stripe size or read another
	 * file's object. */
	if (!rc)
		rc = layout_validate(l, 0, NULL);
	if (rc) {
		layout_free(l);
		return rc;
	}
	*out = l;
	return 0;
}
