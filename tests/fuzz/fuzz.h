/* fuzz.h - shared by the libFuzzer targets (make fuzz). */
#ifndef LFS_FUZZ_H
#define LFS_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crc32.h"

/* A finding that is not a crash: say what and stop like one. */
#define FUZZ_CHECK(cond) do { if (!(cond)) { \
	fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, \
		#cond); abort(); } } while (0)

/* Set a layout record's length and checksum fields (layout_codec.c:
 * u32 length at 8, u32 CRC-32 at 12 over the record with it zeroed), so
 * that mutations reach the fields behind them instead of dying at the
 * checksum. */
static inline void fuzz_fix_record(unsigned char *p, size_t len)
{
	if (len < 16)
		return;
	for (int i = 0; i < 4; i++) {
		p[8 + i] = (unsigned char)((uint32_t)len >> (8 * i));
		p[12 + i] = 0;
	}
	uint32_t crc = lfs_crc32(0, p, len);

	for (int i = 0; i < 4; i++)
		p[12 + i] = (unsigned char)(crc >> (8 * i));
}

/* The input as a NUL-terminated string (in an exact-size heap block, so
 * ASan sees a read past it). */
static inline char *fuzz_string(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	FUZZ_CHECK(s);
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

#endif
