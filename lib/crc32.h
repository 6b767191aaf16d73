/*
 * crc32.h - CRC-32 (IEEE 802.3, reflected, as zlib's crc32()).
 *
 * Start with crc = 0; feed more data by passing the previous result.
 */
#ifndef LFS_CRC32_H
#define LFS_CRC32_H

#include <stddef.h>
#include <stdint.h>

uint32_t lfs_crc32(uint32_t crc, const void *buf, size_t len);

#endif
