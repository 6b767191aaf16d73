/*
 * crc32.h - the checksum of the store's records: CRC-32 (IEEE 802.3,
 * reflected, initial and final xor 0xffffffff), zlib's crc32().
 *
 * Layout records, back-pointers and journal records carry it (docs/DESIGN.md
 * section 2), so it must never change: tests/test_crc32.c pins values
 * and a record the earlier table-driven code wrote. Start with crc = 0;
 * feed more data by passing the previous result.
 */
#ifndef LFS_CRC32_H
#define LFS_CRC32_H

#include <stddef.h>
#include <stdint.h>
#include <zlib.h>

static inline uint32_t lfs_crc32(uint32_t crc, const void *buf, size_t len)
{
	return (uint32_t)crc32_z(crc, buf, len);
}

#endif
