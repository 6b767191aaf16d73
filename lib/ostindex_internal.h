/* ostindex_internal.h - what ostindex.c, ostindex_read.c and
 * ostindex_rebuild.c share; not an API. */
#ifndef LFS_OSTINDEX_INTERNAL_H
#define LFS_OSTINDEX_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ostindex.h"

#define OSTINDEX_LIVE_XATTR "user.lfs.live"

/* "OSTxxxx" */
void ostindex_name(uint32_t ost, char *buf, size_t len);
/* Write name in dir_fd as name.new, fsynced, renamed over name (an OST
 * file: live entries, with its user.lfs.live; VERSION: live NULL). */
int ostindex_write_file(int dir_fd, const char *name, const void *buf,
			size_t len, const uint64_t *live);
/* The live set of OST ost's file (a missing file: empty), by replaying
 * its log; *records and *was (either may be NULL) get the number of
 * records read and the file's user.lfs.live. */
int ostindex_live(int dfd, uint32_t ost, struct ostindex_set *out,
		  size_t *records, uint64_t *was);
/* A file's user.lfs.live (0: none recorded). */
uint64_t ostindex_live_of(int fd);
/* Write set as OST ost's whole file (compacted). */
int ostindex_write_live(int dfd, uint32_t ost, const struct ostindex_set *set);
/* Does a file of `records` records, `live` live when last written, need
 * compacting? */
bool ostindex_over(uint64_t records, uint64_t live);
/* Sort a[0..n) and drop repeats: the new count. */
size_t ostindex_sort_unique(uint64_t *a, size_t n);
/* qsort/bsearch order of u64s. */
int ostindex_cmp_u64(const void *a, const void *b);
int ostindex_boot_id(char *buf, size_t len);

#endif
