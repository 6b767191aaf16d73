/* Unit tests for lib/crc32.h: zlib's crc32() gives the checksums the
 * store's records have always carried (values computed by the
 * table-driven lib/crc32.c it replaced). */
#include "testutil.h"

#include <string.h>

#include "crc32.h"
#include "pfid.h"

static void test_known_values(void **state)
{
	static const struct { const char *in; uint32_t crc; } known[] = {
		{ "", 0x00000000 },
		{ "a", 0xe8b7be43 },
		{ "123456789", 0xcbf43926 },
		{ "The quick brown fox jumps over the lazy dog", 0x414fa339 },
		{ "LPFD", 0x4ba87b23 },
	};
	unsigned char bytes[256], zero[64] = { 0 };

	(void)state;
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		assert_int_equal(lfs_crc32(0, known[i].in, strlen(known[i].in)),
				 known[i].crc);
	for (int i = 0; i < 256; i++)
		bytes[i] = (unsigned char)i;
	assert_int_equal(lfs_crc32(0, bytes, sizeof(bytes)), 0x29058c73);
	assert_int_equal(lfs_crc32(0, zero, sizeof(zero)), 0x758d6336);
	/* Fed in pieces (layout_codec.c does), or from a previous value. */
	assert_int_equal(lfs_crc32(lfs_crc32(0, "12345", 5), "6789", 4), 0xcbf43926);
	assert_int_equal(lfs_crc32(0xdeadbeef, "abc", 3), 0x45bb8ae2);
	assert_int_equal(lfs_crc32(0x12345678, "", 0), 0x12345678);
}

/* A back-pointer as the table-driven code encoded it: still valid, and
 * encoded the same today. */
static void test_old_record(void **state)
{
	static const unsigned char old[PFID_LEN] =
		"\x4c\x50\x46\x44\x01\x00\x00\x00\x9a\x78\x56\x34\x12\x00\x00\x00"
		"\x4d\x00\x00\x00\x03\x00\x00\x00\x02\x00\x00\x00\x09\x00\x00\x00"
		"\x00\x00\x10\x00\x04\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00"
		"\x00\x00\x00\x00\x00\x00\x00\x40\x00\x00\x00\x00\xd8\x69\x3c\x80";
	unsigned char now[PFID_LEN];
	struct lfs_pfid p;

	(void)state;
	assert_int_equal(pfid_decode(old, sizeof(old), &p), 0);
	assert_int_equal(p.parent.ino, 0x123456789aULL);
	assert_int_equal(p.comp_end, 1ULL << 30);
	pfid_encode(&p, now);
	assert_memory_equal(now, old, PFID_LEN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_values),
		cmocka_unit_test(test_old_record),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
