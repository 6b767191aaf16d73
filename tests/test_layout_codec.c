/* Unit tests for the layout record: round trips, size, and a decoder
 * that rejects every damaged record without reading out of bounds (run
 * these under ASan/valgrind to make the last point bite). */
#include "testutil.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "crc32.h"
#include "layout.h"

#define MiB (1ULL << 20)

static void add(struct lfs_layout *l, uint64_t start, uint64_t end,
		uint64_t s, int32_t count, uint32_t nobj)
{
	struct lfs_component c;
	struct lfs_object objs[8];
	uint32_t i;

	memset(&c, 0, sizeof(c));
	c.start = start;
	c.end = end;
	c.pattern = LFS_PATTERN_RAID0;
	c.stripe_size = s;
	c.stripe_count = count;
	c.stripe_offset = -1;
	assert_int_equal(layout_add_component(l, &c), 0);
	for (i = 0; i < nobj; i++) {
		objs[i].ost = i * 3 + 1;
		objs[i].id = 0x100000000ULL + i;
	}
	if (nobj)
		assert_int_equal(layout_set_objects(&l->comps[l->nr_comps - 1],
						    objs, nobj), 0);
}

static struct lfs_layout *plain(uint32_t stripes)
{
	struct lfs_layout *l = layout_new();

	add(l, 0, LFS_EOF, MiB, (int32_t)stripes, stripes);
	l->gen = 3;
	return l;
}

/* A PFL layout using every field: pool, OST list, objects, flags. */
static struct lfs_layout *rich(void)
{
	struct lfs_layout *l = layout_new();
	uint32_t osts[3] = { 2, 0, 2 };

	l->composite = true;
	l->gen = 0xfedcba98;
	add(l, 0, MiB, MiB, 1, 1);
	add(l, MiB, 64 * MiB, 4 * MiB, 3, 3);
	add(l, 64 * MiB, LFS_EOF, 0, -1, 0);
	strcpy(l->comps[1].pool, "fifteen_chars_x");
	assert_int_equal(layout_set_ost_list(&l->comps[1], osts, 3), 0);
	l->comps[1].pattern |= LFS_PATTERN_OVERSTRIPED;
	l->comps[1].stripe_offset = 2;
	l->comps[2].flags = 0x8;
	l->comps[2].id = 77;
	return l;
}

static void roundtrip(struct lfs_layout *l)
{
	struct lfs_layout *back = NULL;
	void *buf = NULL, *buf2 = NULL;
	size_t len, len2;

	assert_int_equal(layout_encode(l, &buf, &len), 0);
	assert_int_equal(layout_decode(buf, len, &back), 0);
	assert_true(layout_equal(l, back));
	assert_int_equal(layout_encode(back, &buf2, &len2), 0);
	assert_int_equal(len, len2);
	assert_memory_equal(buf, buf2, len);
	free(buf);
	free(buf2);
	layout_free(back);
	layout_free(l);
}

static void test_roundtrip(void **state)
{
	struct lfs_layout *l;

	(void)state;
	roundtrip(plain(1));
	roundtrip(plain(3));
	roundtrip(rich());
	roundtrip(layout_new());        /* empty, mid-construction */
	/* Garbage after a pool's NUL is not part of the layout. */
	l = plain(1);
	memcpy(l->comps[0].pool, "ab\0zzzzzzzzzzzz", 16);
	roundtrip(l);
	/* Large: 2000 objects (the overstriping maximum). */
	l = layout_new();
	add(l, 0, LFS_EOF, MiB, 2000, 0);
	struct lfs_object *objs = calloc(2000, sizeof(*objs));
	for (int i = 0; i < 2000; i++) {
		objs[i].ost = (uint32_t)i % 7;
		objs[i].id = (uint64_t)i * 1000003;
	}
	assert_int_equal(layout_set_objects(&l->comps[0], objs, 2000), 0);
	free(objs);
	roundtrip(l);
}

static void test_small_records(void **state)
{
	void *buf;
	size_t len;
	uint32_t n;

	(void)state;
	for (n = 1; n <= 3; n++) {
		struct lfs_layout *l = plain(n);

		assert_int_equal(layout_encode(l, &buf, &len), 0);
		assert_int_equal(len, 92 + 12 * n);     /* 104, 116, 128 */
		assert_true(len < 200);
		free(buf);
		layout_free(l);
	}
}

static void test_encode_refuses(void **state)
{
	struct lfs_layout *l;
	void *buf = NULL;
	size_t len;

	(void)state;
	l = rich(); l->comps[1].start = MiB / 2;        /* overlaps */
	assert_int_equal(layout_encode(l, &buf, &len), -EINVAL);
	layout_free(l);
	l = rich(); l->comps[2].id = l->comps[0].id;
	assert_int_equal(layout_encode(l, &buf, &len), -EINVAL);
	layout_free(l);
	l = rich(); l->comps[0].flags &= ~LFS_COMP_INIT;
	assert_int_equal(layout_encode(l, &buf, &len), -EINVAL);
	layout_free(l);
	l = rich(); memset(l->comps[0].pool, 'x', 16);
	assert_int_equal(layout_encode(l, &buf, &len), -EINVAL);
	layout_free(l);
	l = rich(); l->comps[0].end = 0;
	assert_int_equal(layout_encode(l, &buf, &len), -EINVAL);
	layout_free(l);
	assert_null(buf);
	assert_int_equal(layout_encode(NULL, &buf, &len), -EINVAL);
}

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

/* Recompute the checksum so the structural checks are reached. */
static void fix_crc(unsigned char *p, size_t len)
{
	if (len < 16)
		return;
	put32(p + 12, 0);
	put32(p + 12, lfs_crc32(0, p, len));
}

/* Decode a damaged copy (in an exact-size heap buffer, so ASan sees any
 * overrun): it must fail with -EINVAL, or succeed on a record that the
 * encoder reproduces byte for byte. Returns true if it was accepted. */
static bool decode_damaged(const unsigned char *rec, size_t len)
{
	unsigned char *copy = malloc(len ? len : 1);
	struct lfs_layout *l = NULL;
	void *again;
	size_t len2;
	int rc;

	memcpy(copy, rec, len);
	rc = layout_decode(copy, len, &l);
	if (rc) {
		assert_int_equal(rc, -EINVAL);
		assert_null(l);
		free(copy);
		return false;
	}
	assert_int_equal(layout_encode(l, &again, &len2), 0);
	assert_int_equal(len2, len);
	assert_memory_equal(again, copy, len);
	free(again);
	free(copy);
	layout_free(l);
	return true;
}

static void test_crc_matters(void **state)
{
	struct lfs_layout *l = plain(2), *out = NULL;
	unsigned char *rec;
	size_t len;

	(void)state;
	assert_int_equal(layout_encode(l, (void **)&rec, &len), 0);
	rec[30] ^= 1;
	assert_int_equal(layout_decode(rec, len, &out), -EINVAL);
	fix_crc(rec, len);
	assert_int_equal(layout_decode(rec, len, &out), 0);
	assert_false(layout_equal(l, out));
	layout_free(out);
	free(rec);
	layout_free(l);
	/* Known CRC-32 check value. */
	assert_int_equal(lfs_crc32(0, "123456789", 9), 0xCBF43926);
}

static void fuzz_record(struct lfs_layout *l)
{
	unsigned char *rec, *m;
	size_t len, i, accepted = 0;
	unsigned bit;

	assert_int_equal(layout_encode(l, (void **)&rec, &len), 0);
	m = malloc(len);
	/* Every truncation, with and without a matching checksum. */
	for (i = 0; i < len; i++) {
		assert_false(decode_damaged(rec, i));
		memcpy(m, rec, i);
		fix_crc(m, i);
		assert_false(decode_damaged(m, i));
	}
	/* Every bit of every byte, checksum left stale: always refused. */
	for (i = 0; i < len; i++)
		for (bit = 0; bit < 8; bit++) {
			memcpy(m, rec, len);
			m[i] ^= (unsigned char)(1u << bit);
			assert_false(decode_damaged(m, len));
		}
	/* Every byte set to a few values, checksum fixed: the structural
	 * checks alone must hold; some changes are legitimately valid. */
	for (i = 0; i < len; i++) {
		static const unsigned char vals[] = { 0x00, 0x01, 0x7f, 0x80,
						      0xff };
		size_t v;

		for (v = 0; v < sizeof(vals); v++) {
			memcpy(m, rec, len);
			if (m[i] == vals[v] || (i >= 12 && i < 16))
				continue;
			m[i] = vals[v];
			fix_crc(m, len);
			accepted += decode_damaged(m, len);
		}
	}
	/* Sanity of the harness: e.g. a gen change is a valid record. */
	assert_true(accepted > 0);
	/* Extra trailing bytes, checksum fixed, are refused. */
	m = realloc(m, len + 4);
	memcpy(m, rec, len);
	memset(m + len, 0, 4);
	put32(m + 8, (uint32_t)len + 4);
	fix_crc(m, len + 4);
	assert_false(decode_damaged(m, len + 4));
	free(m);
	free(rec);
	layout_free(l);
}

static void test_fuzz_plain(void **state)
{
	(void)state;
	fuzz_record(plain(1));
	fuzz_record(plain(3));
}

static void test_fuzz_rich(void **state)
{
	(void)state;
	fuzz_record(rich());
}

/* Hand-made records aimed at each structural rule. */
static void test_structural_rejects(void **state)
{
	struct lfs_layout *l = rich();
	unsigned char *rec, *m;
	size_t len, c1;
	struct lfs_layout *out = NULL;

	(void)state;
	assert_int_equal(layout_encode(l, (void **)&rec, &len), 0);
	m = malloc(len);
	/* Component 1 starts after header (24) + comp 0 (68 + 12). */
	c1 = 24 + 68 + 12;
#define REJECT(stmt) do { memcpy(m, rec, len); stmt; fix_crc(m, len); \
		assert_int_equal(layout_decode(m, len, &out), -EINVAL); \
		assert_null(out); } while (0)
	REJECT(m[0] ^= 0xff);                           /* magic */
	REJECT(m[4] = 2);                               /* version */
	REJECT(m[6] = 2);                               /* unknown flag */
	REJECT(put32(m + 8, (uint32_t)len - 1));        /* length */
	REJECT(m[22] = 1);                              /* reserved */
	REJECT(m[20] = 65);                             /* > max comps */
	REJECT(m[20] = 4);                              /* more than there */
	REJECT(m[20] = 2);                              /* fewer: trailing */
	REJECT(put32(m + c1, 0));                       /* id 0 */
	REJECT(put32(m + c1, 1));                       /* duplicate id */
	REJECT(m[c1 + 8 + 2] = 0x08);                   /* start < prev end */
	REJECT(memset(m + c1 + 16, 0, 8));              /* end <= start */
	REJECT(memset(m + c1 + 44, 'x', 16));           /* pool not NUL'd */
	REJECT(m[24 + 44 + 5] = 0x78);                  /* padding garbage */
	REJECT(put32(m + c1 + 60, 2001));               /* nr_osts limit */
	REJECT(put32(m + c1 + 60, 4));                  /* osts past data */
	REJECT(put32(m + c1 + 64, 2001));               /* nr_objects limit */
	REJECT(put32(m + c1 + 64, 0));                  /* INIT, no objects */
	REJECT(put32(m + c1 + 64, 0x40000000));         /* huge count */
	REJECT(put32(m + c1 + 4, 0));                   /* objects, no INIT */
#undef REJECT
	assert_int_equal(layout_decode(rec, len, &out), 0);
	layout_free(out);
	assert_int_equal(layout_decode(NULL, 0, &out), -EINVAL);
	assert_int_equal(layout_decode(rec, len, NULL), -EINVAL);
	free(m);
	free(rec);
	layout_free(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_small_records),
		cmocka_unit_test(test_encode_refuses),
		cmocka_unit_test(test_crc_matters),
		cmocka_unit_test(test_structural_rejects),
		cmocka_unit_test(test_fuzz_plain),
		cmocka_unit_test(test_fuzz_rich),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
