/*
 * counter.h - small counter files shared by every process of the host.
 *
 * A counter file (an OST's USAGE, the allocator's RR cursor) is mapped
 * MAP_SHARED, so every thread and process that maps it sees one page of
 * the host's page cache, and updates it with atomic operations instead of
 * a lock, a read and a write. Like the pwrite it replaces, an update is
 * durable when the host writes the page back (syncfs, or its own time);
 * whoever needs exact values after a crash recounts them (recovery does).
 *
 * Contract: counter_map() creates the file if needed and grows it to hold
 * `n` counters (zeros), with their blocks allocated; the counters are native-endian, naturally aligned,
 * 32-bit (COUNTER_U32) or 64-bit (COUNTER_U64) as the file's format says.
 * It returns 0 or -errno; counter_unmap() undoes it. The accessors never
 * fail.
 */
#ifndef LFS_COUNTER_H
#define LFS_COUNTER_H

#include <stddef.h>
#include <stdint.h>

enum counter_width { COUNTER_U32 = 4, COUNTER_U64 = 8 };

struct counter_file {
	int fd;                 /* kept open: callers lock its bytes */
	void *base;             /* NULL when not mapped */
	size_t len;
};

int counter_map(int dir_fd, const char *name, enum counter_width w, size_t n,
		struct counter_file *c);
void counter_unmap(struct counter_file *c);

uint64_t counter_get64(const struct counter_file *c, size_t i);
void counter_set64(struct counter_file *c, size_t i, uint64_t v);
/* Add a signed delta, clamped at 0 (a drifted counter must not wrap). */
void counter_add64(struct counter_file *c, size_t i, int64_t delta);
/* Add to a 32-bit counter (wrapping); returns the value before. */
uint32_t counter_fetch_add32(struct counter_file *c, size_t i, uint32_t delta);

#endif
