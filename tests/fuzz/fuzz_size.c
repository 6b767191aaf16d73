/* The size and number parsers (size.c). A parsed size or number prints
 * back as decimal and parses to the same value; the stripe form follows
 * the below-4096-is-KiB rule; a failure leaves the output alone. */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>

#include "fuzz.h"
#include "size.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_string(data, size), buf[32];
	uint64_t v = 7, back, st = 7;
	long long n;
	int rc = size_parse(text, &v);

	if (rc) {
		FUZZ_CHECK((rc == -EINVAL || rc == -ERANGE) && v == 7);
	} else {
		snprintf(buf, sizeof(buf), "%" PRIu64, v);
		FUZZ_CHECK(size_parse(buf, &back) == 0 && back == v);
		size_format_human(v, 1024, buf, sizeof(buf));
		size_format_human(v, 1000, buf, sizeof(buf));
	}
	rc = size_parse_stripe(text, &st);
	if (!rc && v < 4096)
		FUZZ_CHECK(st == v * 1024);
	else if (!rc)
		FUZZ_CHECK(st == v);
	if (number_parse(text, -1, 65532, &n) == 0)
		FUZZ_CHECK(n >= -1 && n <= 65532);
	if (number_parse(text, LLONG_MIN, LLONG_MAX, &n) == 0) {
		long long n2;

		snprintf(buf, sizeof(buf), "%lld", n);
		FUZZ_CHECK(number_parse(buf, LLONG_MIN, LLONG_MAX, &n2) == 0 &&
			   n2 == n);
	}
	free(text);
	return 0;
}
