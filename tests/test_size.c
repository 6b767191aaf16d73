/* Unit tests for lib/size.c: llapi_parse_size() semantics. */
#include "testutil.h"

#include <errno.h>
#include <limits.h>
#include <string.h>

#include "size.h"

static uint64_t parse_ok(const char *s)
{
	uint64_t v = 0xdeadbeef;

	assert_int_equal(size_parse(s, &v), 0);
	return v;
}

static void test_plain_and_units(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("0"), 0);
	assert_int_equal(parse_ok("123"), 123);
	assert_int_equal(parse_ok("0x10"), 16);
	assert_int_equal(parse_ok("0XfF"), 255);
	assert_int_equal(parse_ok("010"), 10);  /* decimal, not octal */
	assert_int_equal(parse_ok("1k"), 1024);
	assert_int_equal(parse_ok("1K"), 1024);
	assert_int_equal(parse_ok("2m"), 2ULL << 20);
	assert_int_equal(parse_ok("2M"), 2ULL << 20);
	assert_int_equal(parse_ok("3g"), 3ULL << 30);
	assert_int_equal(parse_ok("3G"), 3ULL << 30);
	assert_int_equal(parse_ok("4t"), 4ULL << 40);
	assert_int_equal(parse_ok("4T"), 4ULL << 40);
	assert_int_equal(parse_ok("5p"), 5ULL << 50);
	assert_int_equal(parse_ok("5P"), 5ULL << 50);
	assert_int_equal(parse_ok("7e"), 7ULL << 60);
	assert_int_equal(parse_ok("7E"), 7ULL << 60);
	assert_int_equal(parse_ok("8b"), 8 * 512);
	assert_int_equal(parse_ok("0x10k"), 16 * 1024);
	assert_int_equal(parse_ok("18446744073709551615"), UINT64_MAX);
}

static void test_fractions(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("1.5M"), 3ULL << 19);
	assert_int_equal(parse_ok("0.5k"), 512);
	assert_int_equal(parse_ok("1.25g"), 5ULL << 28);
	assert_int_equal(parse_ok("1.5"), 1);   /* bytes: fraction truncated */
	assert_int_equal(parse_ok("2.0009765625k"), 2049);
	/* Many digits must neither overflow nor change the value. */
	assert_int_equal(parse_ok("1.50000000000000000000000000000M"),
			 3ULL << 19);
	assert_int_equal(parse_ok("0.99999999999999999999999999e"),
			 (1ULL << 60) - 1);
}

static void test_rejects(void **state)
{
	static const char *bad[] = {
		"", "-1", "-0", "+1", " 1", "1 ", "k", "1kb", "1x", "1B",
		"1.k", ".5k", "1..5k", "0x", "0x1.5", "1.5.5", "12z", "1e3",
		"0x10g5", "abc",
	};
	uint64_t v = 42;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(size_parse(bad[i], &v), -EINVAL);
		assert_int_equal(v, 42);        /* untouched on error */
	}
	assert_int_equal(size_parse(NULL, &v), -EINVAL);
}

static void test_overflow(void **state)
{
	uint64_t v = 42;

	(void)state;
	assert_int_equal(size_parse("18446744073709551616", &v), -ERANGE);
	assert_int_equal(size_parse("16e", &v), -ERANGE);
	assert_int_equal(size_parse("15.9999e", &v), 0);
	assert_int_equal(size_parse("16777216T", &v), -ERANGE);
	assert_int_equal(size_parse("0x8000000000000000k", &v), -ERANGE);
	v = 42;
	/* 2^55 blocks of 512 bytes is 2^64: one past the top. */
	assert_int_equal(size_parse("36028797018963968b", &v), -ERANGE);
	assert_int_equal(v, 42);
}

static void test_stripe_rule(void **state)
{
	uint64_t v;

	(void)state;
	assert_int_equal(size_parse_stripe("64", &v), 0);
	assert_int_equal(v, 64 << 10);
	assert_int_equal(size_parse_stripe("2k", &v), 0);  /* 2048 < 4096 */
	assert_int_equal(v, 2ULL << 20);
	assert_int_equal(size_parse_stripe("4095", &v), 0);
	assert_int_equal(v, 4095ULL * 1024);
	assert_int_equal(size_parse_stripe("4096", &v), 0);
	assert_int_equal(v, 4096);
	assert_int_equal(size_parse_stripe("4k", &v), 0);
	assert_int_equal(v, 4096);
	assert_int_equal(size_parse_stripe("1M", &v), 0);
	assert_int_equal(v, 1 << 20);
	assert_int_equal(size_parse_stripe("0", &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(size_parse_stripe("7b", &v), 0);  /* 3584 */
	assert_int_equal(v, 3584ULL * 1024);
	assert_int_equal(size_parse_stripe("x", &v), -EINVAL);
}

static void test_number_parse(void **state)
{
	long long v = 7;

	(void)state;
	assert_int_equal(number_parse("-1", -1, 2000, &v), 0);
	assert_int_equal(v, -1);
	assert_int_equal(number_parse("2000", -1, 2000, &v), 0);
	assert_int_equal(v, 2000);
	assert_int_equal(number_parse("0x10", 0, 100, &v), 0);
	assert_int_equal(v, 16);
	assert_int_equal(number_parse("+5", 0, 100, &v), 0);
	assert_int_equal(v, 5);
	assert_int_equal(number_parse("010", 0, 100, &v), 0);
	assert_int_equal(v, 10);
	v = 7;
	assert_int_equal(number_parse("2001", -1, 2000, &v), -ERANGE);
	assert_int_equal(number_parse("-2", -1, 2000, &v), -ERANGE);
	assert_int_equal(number_parse("", 0, 1, &v), -EINVAL);
	assert_int_equal(number_parse("-", 0, 1, &v), -EINVAL);
	assert_int_equal(number_parse("1k", 0, 10000, &v), -EINVAL);
	assert_int_equal(number_parse(" 1", 0, 10, &v), -EINVAL);
	assert_int_equal(number_parse("99999999999999999999", 0, 1, &v),
			 -ERANGE);
	assert_int_equal(v, 7);
	assert_int_equal(number_parse("-9223372036854775808", LLONG_MIN,
				      LLONG_MAX, &v), 0);
	assert_true(v == LLONG_MIN);
	assert_int_equal(number_parse("9223372036854775808", LLONG_MIN,
				      LLONG_MAX, &v), -ERANGE);
}

static void test_format_human(void **state)
{
	char buf[32];

	(void)state;
	size_format_human(0, 1024, buf, sizeof(buf));
	assert_string_equal(buf, "        0");
	size_format_human(1023, 1024, buf, sizeof(buf));
	assert_string_equal(buf, "     1023");
	/* COOK() divides only while the value is above the base. */
	size_format_human(1024, 1024, buf, sizeof(buf));
	assert_string_equal(buf, "     1024");
	size_format_human(1025, 1024, buf, sizeof(buf));
	assert_string_equal(buf, "     1.0K");
	size_format_human(1ULL << 30, 1024, buf, sizeof(buf));
	assert_string_equal(buf, "  1024.0M");
	size_format_human(1536ULL << 20, 1024, buf, sizeof(buf));
	assert_string_equal(buf, "     1.5G");
	size_format_human(1001, 1000, buf, sizeof(buf));
	assert_string_equal(buf, "     1.0k");
	size_format_human(2500000, 1000, buf, sizeof(buf));
	assert_string_equal(buf, "     2.5M");
	size_format_human(UINT64_MAX, 1024, buf, sizeof(buf));
	assert_string_equal(buf, "    16.0E");
	/* Truncates instead of overflowing a short buffer. */
	size_format_human(2048, 1024, buf, 4);
	assert_int_equal(strlen(buf), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_and_units),
		cmocka_unit_test(test_fractions),
		cmocka_unit_test(test_rejects),
		cmocka_unit_test(test_overflow),
		cmocka_unit_test(test_stripe_rule),
		cmocka_unit_test(test_number_parse),
		cmocka_unit_test(test_format_human),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
