/*
 * size.c - sizes and numbers as lfs reads them (llapi_parse_size()).
 *
 * We parse by hand instead of calling strtoull(..., 0) because strtoull
 * would accept octal ("010" = 8), leading blanks and a sign, none of which
 * the contract in size.h allows, and it hides overflow in the unit step.
 */
#include "size.h"

#include <ctype.h>
#include <stdbool.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Fraction digits beyond this cannot change the result of a u64 value
 * (10^19 already exceeds any unit), so they are checked but ignored. */
#define FRAC_DIGITS_MAX 19

static int unit_shift(char c, unsigned *shift)
{
	switch (c) {
	case 'b':
		*shift = 9;     /* 512-byte blocks; Lustre takes only 'b' */
		return 0;
	case 'k': case 'K': *shift = 10; return 0;
	case 'm': case 'M': *shift = 20; return 0;
	case 'g': case 'G': *shift = 30; return 0;
	case 't': case 'T': *shift = 40; return 0;
	case 'p': case 'P': *shift = 50; return 0;
	case 'e': case 'E': *shift = 60; return 0;
	}
	return -EINVAL;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Reads the integer part; returns 0, -EINVAL or -ERANGE, *p past it. */
static int parse_integer(const char **p, bool *hex, uint64_t *v)
{
	const char *s = *p;
	unsigned base = 10;
	uint64_t val = 0;
	const char *start;

	*hex = false;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && hexval(s[2]) >= 0) {
		base = 16;
		*hex = true;
		s += 2;
	}
	start = s;
	for (;; s++) {
		int d = base == 16 ? hexval(*s) : (isdigit((unsigned char)*s) ?
						  *s - '0' : -1);
		if (d < 0)
			break;
		if (val > (UINT64_MAX - (uint64_t)d) / base)
			return -ERANGE;
		val = val * base + (uint64_t)d;
	}
	if (s == start)
		return -EINVAL;
	*p = s;
	*v = val;
	return 0;
}

int size_parse(const char *text, uint64_t *out)
{
	const char *p = text;
	uint64_t whole, frac = 0, frac_d = 1, unit = 1, res;
	unsigned shift = 0;
	unsigned __int128 part;
	bool hex;
	int rc;

	/* Negative sizes are refused as in Lustre; blanks and '+' too. */
	if (!text || !isdigit((unsigned char)text[0]))
		return -EINVAL;
	rc = parse_integer(&p, &hex, &whole);
	if (rc)
		return rc;
	if (*p == '.') {
		int n = 0;

		if (hex || !isdigit((unsigned char)p[1]))
			return -EINVAL;
		for (p++; isdigit((unsigned char)*p); p++, n++) {
			if (n >= FRAC_DIGITS_MAX)
				continue;
			frac = frac * 10 + (uint64_t)(*p - '0');
			frac_d *= 10;
		}
	}
	if (*p) {
		if (unit_shift(*p, &shift) || p[1] != '\0')
			return -EINVAL;
		unit = 1ULL << shift;
	}
	if (shift && whole > (UINT64_MAX >> shift))
		return -ERANGE;
	res = whole * unit;
	/* frac / frac_d < 1, so the product fits in 128 bits. */
	part = (unsigned __int128)frac * unit / frac_d;
	if (part > UINT64_MAX - res)
		return -ERANGE;
	*out = res + (uint64_t)part;
	return 0;
}

int size_parse_stripe(const char *text, uint64_t *out)
{
	uint64_t v;
	int rc = size_parse(text, &v);

	if (rc)
		return rc;
	/* lfs "assumes units of KB if too small", whatever the unit was. */
	if (v < 4096)
		v *= 1024;
	*out = v;
	return 0;
}

int number_parse(const char *text, long long min, long long max,
		 long long *out)
{
	const char *p = text;
	bool neg = false, hex;
	uint64_t mag;
	long long v;
	int rc;

	if (!text)
		return -EINVAL;
	if (*p == '-' || *p == '+') {
		neg = *p == '-';
		p++;
	}
	if (!isdigit((unsigned char)*p))
		return -EINVAL;
	rc = parse_integer(&p, &hex, &mag);
	if (rc)
		return rc;
	if (*p)
		return -EINVAL;
	if (neg) {
		if (mag > (uint64_t)LLONG_MAX + 1)
			return -ERANGE;
		v = mag == (uint64_t)LLONG_MAX + 1 ? LLONG_MIN : -(long long)mag;
	} else {
		if (mag > (uint64_t)LLONG_MAX)
			return -ERANGE;
		v = (long long)mag;
	}
	if (v < min || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

void size_format_human(uint64_t bytes, unsigned base, char *buf, size_t len)
{
	/* showdf(): a lower-case k for powers of 1000. */
	const char *suffix = base == 1000 ? "kMGTPEZY" : "KMGTPEZY";
	double v = (double)bytes;
	int i = 0;

	if (!buf || !len)
		return;
	if (base < 2)
		base = 1024;
	/* lfs df's COOK(): divide while the value is above the base, so
	 * 1 GiB prints 1024.0M. */
	while (v > base && i < (int)strlen(suffix)) {
		v /= base;
		i++;
	}
	/* Below one K lfs prints the integer; keep the column 9 wide like
	 * "%8.1f%c" so callers can align either form. */
	if (i == 0)
		snprintf(buf, len, "%9llu", (unsigned long long)bytes);
	else
		snprintf(buf, len, "%8.1f%c", v, suffix[i - 1]);
}
