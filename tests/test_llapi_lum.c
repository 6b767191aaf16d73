/* Unit tests for lib/llapi_lum.c: decoding Lustre's raw layout
 * (lov_user_md_v1/_v3, lov_comp_md_v1) onto a layout read through the
 * opaque API, and what a bad buffer gives (an error, never a read past
 * it: the buffers are exactly their size, for ASan and valgrind). */
#include "testutil.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "llapi.h"

typedef struct llapi_lov_user_md_v1 lmm1;
typedef struct llapi_lov_user_md_v3 lmm3;
typedef struct llapi_lov_user_ost_data_v1 lobj;
typedef struct llapi_lov_comp_md_v1 lcm;
typedef struct llapi_lov_comp_md_entry_v1 lcme;

/* A layout as llapi_to_layout() gives it: components with their OSTs,
 * ids 0. osts[i] per component, -1 ends, n[i] 0 for not instantiated. */
static struct lfs_layout *layout_of(bool composite, uint32_t ncomps,
				    const uint32_t *n, const uint32_t osts[][4])
{
	struct lfs_layout *l = layout_new();

	assert_non_null(l);
	l->composite = composite;
	for (uint32_t i = 0; i < ncomps; i++) {
		struct lfs_component c = { .id = i + 1, .start = i << 20,
					   .end = i + 1 == ncomps ? LFS_EOF : (i + 1) << 20,
					   .stripe_count = 2, .stripe_offset = -1 };
		struct lfs_object o[4];

		assert_int_equal(layout_add_component(l, &c), 0);
		for (uint32_t k = 0; k < n[i]; k++)
			o[k] = (struct lfs_object){ osts[i][k], 0 };
		if (n[i])
			assert_int_equal(layout_set_objects(&l->comps[i], o, n[i]), 0);
	}
	return l;
}

/* A lov_user_md of n objects on osts with ids id0, id0 + 1, ... at p;
 * its size. group 0: { oi_id = id, oi_seq = 0 }; else a FID. */
static size_t put_lmm(unsigned char *p, bool v3, uint16_t gen, uint32_t n,
		      const uint32_t *osts, uint64_t id0, uint64_t group)
{
	size_t hdr = v3 ? sizeof(lmm3) : sizeof(lmm1);
	lmm3 m;

	memset(&m, 0, sizeof(m));
	m.lmm_magic = v3 ? LLAPI_LOV_USER_MAGIC_V3 : LLAPI_LOV_USER_MAGIC_V1;
	m.lmm_pattern = 1;
	m.lmm_oi.oi.oi_id = 0x2a;
	m.lmm_oi.oi.oi_seq = 0x200000401ULL;
	m.lmm_stripe_size = 1 << 20;
	m.lmm_stripe_count = (uint16_t)n;
	m.lmm_layout_gen = gen;
	if (v3)
		strcpy(m.lmm_pool_name, "flash");
	memcpy(p, &m, hdr);
	for (uint32_t i = 0; i < n; i++) {
		lobj o;

		memset(&o, 0, sizeof(o));
		o.l_ost_idx = osts[i];
		if (group) {
			o.l_ost_oi.oi_fid.f_seq = group;
			o.l_ost_oi.oi_fid.f_oid = (uint32_t)(id0 + i);
		} else {
			o.l_ost_oi.oi.oi_id = id0 + i;
		}
		memcpy(p + hdr + i * sizeof(o), &o, sizeof(o));
	}
	return hdr + n * sizeof(lobj);
}

/* An exact-size copy, so a read past it is caught. */
static void *exact(const void *buf, size_t len)
{
	void *p = malloc(len ? len : 1);

	assert_non_null(p);
	memcpy(p, buf, len);
	return p;
}

static void test_plain(void **state)
{
	static const uint32_t osts[1][4] = { { 3, 0 } };
	unsigned char buf[512];
	struct llapi_lum_ids ids;
	struct lfs_layout *l;

	(void)state;
	for (int v3 = 0; v3 < 2; v3++) {
		size_t len = put_lmm(buf, v3, 7, 2, osts[0], 100, 0);
		void *p = exact(buf, len);

		l = layout_of(false, 1, (uint32_t[]){ 2 }, osts);
		assert_int_equal(llapi_lum_fill(p, len, l, &ids), 0);
		assert_int_equal(l->gen, 7);
		assert_int_equal(l->comps[0].objects[0].id, 100);
		assert_int_equal(l->comps[0].objects[1].id, 101);
		assert_int_equal(ids.nr_groups, 2);
		assert_int_equal(ids.groups[0], 0);
		/* lmm_oi, and the FID lov_dump_user_lmm_header() prints. */
		assert_int_equal(ids.oi_seq, 0x200000401ULL);
		assert_int_equal(ids.oi_id, 0x2a);
		assert_int_equal(ids.fid.f_seq, 0x200000401ULL);
		assert_int_equal(ids.fid.f_oid, 0x2a);
		assert_int_equal(ids.fid.f_ver, 0);
		free(ids.groups);
		layout_free(l);
		free(p);
	}
}

/* A directory's default, or a component not instantiated: no objects,
 * and the field after lmm_stripe_count is the stripe offset (0xffff:
 * none), not the generation (lov_dump_user_lmm_v1v3): the offset the
 * opaque API cannot give is taken, the generation stays 0. */
static void test_offset_without_objects(void **state)
{
	static const uint32_t osts[2][4] = { { 3, 0 }, { 0 } };
	unsigned char buf[1024];
	struct llapi_lum_ids ids;
	struct lfs_layout *l;
	size_t len;
	void *p;

	(void)state;
	for (int none = 0; none < 2; none++) {
		len = put_lmm(buf, false, none ? 0xffff : 2, 0, NULL, 0, 0);
		p = exact(buf, len);
		l = layout_of(false, 1, (uint32_t[]){ 0 }, osts);
		assert_int_equal(llapi_lum_fill(p, len, l, &ids), 0);
		assert_int_equal(l->comps[0].stripe_offset, none ? -1 : 2);
		assert_int_equal(l->gen, 0);
		assert_int_equal(l->comps[0].nr_objects, 0);
		free(ids.groups);
		layout_free(l);
		free(p);
	}
	/* A PFL file: the first component with objects (its field the
	 * generation), the second without (its field the offset, 1). */
	{
		lcm h;
		lcme e[2];
		size_t off = sizeof(h) + sizeof(e), n0, n1;

		memset(&h, 0, sizeof(h));
		memset(e, 0, sizeof(e));
		n0 = put_lmm(buf + off, false, 5, 1, osts[0], 40, 0);
		n1 = put_lmm(buf + off + n0, false, 1, 0, NULL, 0, 0);
		h.lcm_magic = LLAPI_LOV_USER_MAGIC_COMP_V1;
		h.lcm_size = (uint32_t)(off + n0 + n1);
		h.lcm_layout_gen = 9;
		h.lcm_entry_count = 2;
		for (int i = 0; i < 2; i++) {
			e[i].lcme_id = (uint32_t)i + 1;
			e[i].lcme_offset = (uint32_t)(i ? off + n0 : off);
			e[i].lcme_size = (uint32_t)(i ? n1 : n0);
		}
		memcpy(buf, &h, sizeof(h));
		memcpy(buf + sizeof(h), e, sizeof(e));
		p = exact(buf, h.lcm_size);
		l = layout_of(true, 2, (uint32_t[]){ 1, 0 }, osts);
		assert_int_equal(llapi_lum_fill(p, h.lcm_size, l, &ids), 0);
		assert_int_equal(l->gen, 9);
		assert_int_equal(l->comps[0].objects[0].id, 40);
		assert_int_equal(l->comps[0].stripe_offset, -1);   /* as read */
		assert_int_equal(l->comps[1].stripe_offset, 1);
		free(ids.groups);
		layout_free(l);
		free(p);
	}
}

/* Objects named by a FID (FID-on-OST): the group is its sequence, printed
 * in hex, the object's FID passes through; group 0 is the IDIF of the OST. */
static void test_groups(void **state)
{
	static const uint32_t osts[1][4] = { { 1 } };
	unsigned char buf[512];
	struct llapi_lum_ids ids;
	struct lfs_layout *l = layout_of(false, 1, (uint32_t[]){ 1 }, osts);
	size_t len = put_lmm(buf, false, 0, 1, osts[0], 5, 0x240000400ULL);
	struct llapi_lu_fid f;

	(void)state;
	assert_int_equal(llapi_lum_fill(buf, len, l, &ids), 0);
	assert_int_equal(l->comps[0].objects[0].id, 5);
	assert_int_equal(ids.groups[0], 0x240000400ULL);
	assert_false(llapi_group_decimal(ids.groups[0]));
	f = llapi_object_fid(5, ids.groups[0], 1);
	assert_int_equal(f.f_seq, 0x240000400ULL);
	assert_int_equal(f.f_oid, 5);
	assert_true(llapi_group_decimal(0));
	f = llapi_object_fid(0x123456789ULL, 0, 3);
	assert_int_equal(f.f_seq, 0x100030001ULL);
	assert_int_equal(f.f_oid, 0x23456789);
	free(ids.groups);
	layout_free(l);
}

/* A PFL file: the header, entries at their offsets, objects of the
 * instantiated component only, lcm_layout_gen. */
static size_t put_comp(unsigned char *buf, uint32_t gen, uint32_t c2_objs)
{
	static const uint32_t o1[] = { 2 }, o2[] = { 0, 1 };
	size_t off = sizeof(lcm) + 2 * sizeof(lcme);
	lcm h;
	lcme e[2];

	memset(&h, 0, sizeof(h));
	memset(e, 0, sizeof(e));
	for (int i = 0; i < 2; i++) {
		e[i].lcme_id = (uint32_t)i + 1;
		e[i].lcme_offset = (uint32_t)off;
		e[i].lcme_size = (uint32_t)put_lmm(buf + off, false, 0, i ? c2_objs : 1,
						   i ? o2 : o1, i ? 20 : 10, 0);
		off += e[i].lcme_size;
	}
	h.lcm_magic = LLAPI_LOV_USER_MAGIC_COMP_V1;
	h.lcm_size = (uint32_t)off;
	h.lcm_layout_gen = gen;
	h.lcm_entry_count = 2;
	memcpy(buf, &h, sizeof(h));
	memcpy(buf + sizeof(h), e, sizeof(e));
	return off;
}

static void test_composite(void **state)
{
	static const uint32_t osts[2][4] = { { 2 }, { 0, 1 } };
	unsigned char buf[1024];
	struct llapi_lum_ids ids;
	struct lfs_layout *l = layout_of(true, 2, (uint32_t[]){ 1, 0 }, osts);
	size_t len = put_comp(buf, 3, 0);
	void *p = exact(buf, len);

	(void)state;
	assert_int_equal(llapi_lum_fill(p, len, l, &ids), 0);
	assert_int_equal(l->gen, 3);
	assert_int_equal(l->comps[0].objects[0].id, 10);
	assert_int_equal(ids.nr_groups, 1);
	free(ids.groups);
	layout_free(l);
	free(p);

	l = layout_of(true, 2, (uint32_t[]){ 1, 2 }, osts);
	len = put_comp(buf, 4, 2);
	assert_int_equal(llapi_lum_fill(buf, len, l, &ids), 0);
	assert_int_equal(l->comps[1].objects[0].id, 20);
	assert_int_equal(l->comps[1].objects[1].id, 21);
	assert_int_equal(ids.nr_groups, 3);
	free(ids.groups);
	layout_free(l);
}

/* Every truncation of a good buffer, a bad magic, offsets outside it,
 * bytes of noise: -EINVAL, the layout untouched. */
static void test_bad(void **state)
{
	static const uint32_t osts[2][4] = { { 2 }, { 0, 1 } };
	unsigned char buf[1024];
	struct llapi_lum_ids ids;
	struct lfs_layout *l = layout_of(true, 2, (uint32_t[]){ 1, 2 }, osts);
	size_t len = put_comp(buf, 4, 2);
	uint32_t bad = 0x0BD00BD0;
	lcme e;

	(void)state;
	for (size_t n = 0; n < len; n++) {
		void *p = exact(buf, n);

		assert_int_equal(llapi_lum_fill(p, n, l, &ids), -EINVAL);
		assert_null(ids.groups);
		free(p);
	}
	assert_int_equal(l->comps[1].objects[0].id, 0);
	assert_int_equal(l->gen, 0);
	/* An entry's blob past the end. */
	memcpy(&e, buf + sizeof(lcm) + sizeof(e), sizeof(e));
	e.lcme_offset = (uint32_t)len - 8;
	memcpy(buf + sizeof(lcm) + sizeof(e), &e, sizeof(e));
	assert_int_equal(llapi_lum_fill(buf, len, l, &ids), -EINVAL);
	/* Another magic, a byte-swapped one. */
	memcpy(buf, &bad, sizeof(bad));
	assert_int_equal(llapi_lum_fill(buf, len, l, &ids), -EINVAL);
	bad = __builtin_bswap32(LLAPI_LOV_USER_MAGIC_V1);
	memcpy(buf, &bad, sizeof(bad));
	assert_int_equal(llapi_lum_fill(buf, len, l, &ids), -EINVAL);
	/* Noise. */
	srand(7);
	for (int k = 0; k < 2000; k++) {
		size_t n = (size_t)rand() % 300;
		unsigned char *p = malloc(n + 4);

		assert_non_null(p);
		for (size_t i = 0; i < n + 4; i++)
			p[i] = (unsigned char)rand();
		/* Half of them with a real magic first. */
		if (k & 1) {
			uint32_t m = k & 2 ? LLAPI_LOV_USER_MAGIC_COMP_V1 : LLAPI_LOV_USER_MAGIC_V1;

			memcpy(p, &m, 4);
		}
		if (!llapi_lum_fill(p, n, l, &ids))
			free(ids.groups);
		free(p);
	}
	assert_int_equal(l->comps[1].objects[0].id, 0);
	layout_free(l);
}

/* Not this layout (it changed between the two reads): -EAGAIN, untouched. */
static void test_other_layout(void **state)
{
	static const uint32_t osts[2][4] = { { 2 }, { 0, 1 } }, moved[2][4] = { { 3 }, { 0, 1 } };
	unsigned char buf[1024];
	struct llapi_lum_ids ids;
	struct lfs_layout *l;
	size_t len = put_comp(buf, 4, 2);

	(void)state;
	l = layout_of(true, 2, (uint32_t[]){ 1, 2 }, moved);     /* another OST */
	assert_int_equal(llapi_lum_fill(buf, len, l, &ids), -EAGAIN);
	layout_free(l);
	l = layout_of(true, 2, (uint32_t[]){ 1, 1 }, osts);      /* another count */
	assert_int_equal(llapi_lum_fill(buf, len, l, &ids), -EAGAIN);
	layout_free(l);
	l = layout_of(false, 1, (uint32_t[]){ 1 }, osts);        /* plain */
	assert_int_equal(llapi_lum_fill(buf, len, l, &ids), -EAGAIN);
	assert_int_equal(l->comps[0].objects[0].id, 0);
	layout_free(l);
	l = layout_of(true, 2, (uint32_t[]){ 1, 2 }, osts);
	len = put_lmm(buf, false, 1, 1, osts[0], 1, 0);          /* now plain */
	assert_int_equal(llapi_lum_fill(buf, len, l, &ids), -EAGAIN);
	assert_int_equal(l->gen, 0);
	layout_free(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_offset_without_objects),
		cmocka_unit_test(test_groups),
		cmocka_unit_test(test_composite),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_other_layout),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
