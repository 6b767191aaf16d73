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
		objs[i].id = 0x100000000ULL + l->nr_comps * 100 + i;
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
	l->comps[0].pattern |= LFS_PATTERN_OVERSTRIPED;
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
	l = layout_new();                               /* no components */
	assert_int_equal(layout_encode(l, &buf, &len), -EINVAL);
	layout_free(l);
	assert_null(buf);
	assert_int_equal(layout_encode(NULL, &buf, &len), -EINVAL);
}

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

static void put64(unsigned char *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

/* Component field offsets in the record (layout_codec.c). */
enum { F_ID = 0, F_FLAGS = 4, F_START = 8, F_END = 16, F_SSIZE = 24,
       F_PATTERN = 32, F_COUNT = 36, F_OFFSET = 40, F_POOL = 44,
       F_NR_OSTS = 60, F_NR_OBJS = 64, COMP = 68, OBJ = 12 };

/* Layouts that pass the checksum but break a rule setstripe enforces
 * (docs/DESIGN.md section 3): each would crash or misread a reader
 * (issue 14 item 8). A PFL layout: component 0 [0, 1M) 1 object,
 * component 1 [1M, 64M) 4 MiB stripes, 3 objects on OSTs 1, 4, 7. */
static void test_rule_rejects(void **state)
{
	struct lfs_layout *l = layout_new(), *out = NULL;
	unsigned char *rec, *m;
	size_t len, c0 = 24, c1 = 24 + COMP + OBJ, o1 = c1 + COMP;

	(void)state;
	l->composite = true;
	add(l, 0, MiB, MiB, 1, 1);
	add(l, MiB, 64 * MiB, 4 * MiB, 3, 3);
	assert_int_equal(layout_encode(l, (void **)&rec, &len), 0);
	m = malloc(len);
#define REJECT(stmt) do { memcpy(m, rec, len); stmt; fix_crc(m, len); \
		assert_int_equal(layout_decode(m, len, &out), -EINVAL); \
		assert_null(out); } while (0)
	REJECT(put64(m + c1 + F_SSIZE, 0));             /* SIGFPE in io.c */
	REJECT(put64(m + c1 + F_SSIZE, 1));             /* 64 s migration */
	REJECT(put64(m + c1 + F_SSIZE, 4 * MiB + 4096));/* not 64 KiB units */
	REJECT(put64(m + c1 + F_SSIZE, 1ULL << 63));    /* over 4 GiB */
	REJECT(put64(m + c1 + F_SSIZE, 4096 * MiB));    /* 4 GiB itself */
	REJECT(put64(m + c1 + F_SSIZE, 3 << 16));        /* end not aligned */
	REJECT(put64(m + c0 + F_START, 64 << 10));      /* first start != 0 */
	REJECT(put64(m + c1 + F_START, 2 * MiB));       /* gap */
	REJECT(put64(m + c1 + F_END, 64 * MiB + 4096)); /* end not 64 KiB */
	REJECT(put32(m + c1 + F_COUNT, 2));             /* 3 objects, count 2 */
	REJECT(put32(m + c1 + F_COUNT, 0));             /* objects, count 0 */
	REJECT(put32(m + c1 + F_COUNT, (uint32_t)-2));  /* count < -1 */
	REJECT(put32(m + c1 + F_OFFSET, 65533));        /* offset range */
	REJECT(put32(m + c1 + F_OFFSET, (uint32_t)-2));
	REJECT(put32(m + c1 + F_PATTERN, 0));           /* no raid0 */
	REJECT(put32(m + c1 + F_PATTERN, 0x5));         /* unknown bit */
	REJECT(put32(m + o1 + OBJ, 65533));             /* OST range */
	REJECT(put32(m + o1 + OBJ, 1));                 /* OST twice, raid0 */
	REJECT(memcpy(m + o1 + OBJ, m + o1, OBJ));      /* same object twice */
	REJECT(memcpy(m + o1, m + c0 + COMP, OBJ));     /* shared with comp 0 */
	REJECT(memcpy(m + c1 + F_POOL, "a b", 3));      /* pool characters */
	REJECT(memcpy(m + c1 + F_POOL, "a\nb", 3));
	REJECT(memcpy(m + c1 + F_POOL, "ignore", 6));   /* reserved */
	REJECT(put16(m + 6, 0));                        /* plain with 2 comps */
#undef REJECT
	/* A plain layout must cover [0, EOF). */
	free(rec);
	layout_free(l);
	l = plain(1);
	assert_int_equal(layout_encode(l, (void **)&rec, &len), 0);
	put64(rec + c0 + F_END, MiB);
	fix_crc(rec, len);
	assert_int_equal(layout_decode(rec, len, &out), -EINVAL);
	/* No components (getstripe's SIGSEGV): a bare header. */
	put16(rec + 20, 0);
	put32(rec + 8, 24);
	fix_crc(rec, 24);
	assert_int_equal(layout_decode(rec, 24, &out), -EINVAL);
	assert_null(out);
	free(m);
	free(rec);
	layout_free(l);
}

/* The other side of the rules: what commands do write still decodes. */
static void test_rule_accepts(void **state)
{
	struct lfs_layout *l;
	struct lfs_object objs[3] = { { 0, 5 }, { 0, 6 }, { 1, 5 } };

	(void)state;
	/* A directory default: every field unset (plain and PFL). */
	l = layout_new();
	add(l, 0, LFS_EOF, 0, 0, 0);
	roundtrip(l);
	l = layout_new();
	l->composite = true;
	add(l, 0, 64 << 10, 0, 0, 0);
	add(l, 64 << 10, LFS_EOF, 0, -1, 0);
	roundtrip(l);
	/* -c -1 instantiated on 3 OSTs; -c 8 capped to 3 OSTs. */
	l = plain(3);
	l->comps[0].stripe_count = -1;
	roundtrip(l);
	l = plain(3);
	l->comps[0].stripe_count = 8;
	roundtrip(l);
	/* Overstriped: OST 0 twice, the same id on another OST. */
	l = plain(0);
	l->comps[0].pattern |= LFS_PATTERN_OVERSTRIPED;
	l->comps[0].stripe_count = 3;
	assert_int_equal(layout_set_objects(&l->comps[0], objs, 3), 0);
	roundtrip(l);
	/* PFL with uninstantiated components, the last ending before EOF. */
	l = layout_new();
	l->composite = true;
	add(l, 0, MiB, MiB, 1, 1);
	add(l, MiB, 8 * MiB, 0, 4, 0);
	add(l, 8 * MiB, 64 * MiB, 4 * MiB, -1, 0);
	roundtrip(l);
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
		cmocka_unit_test(test_rule_rejects),
		cmocka_unit_test(test_rule_accepts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
