/* ostindex_internal.h - what ostindex.c and ostindex_rebuild.c share;
 * not an API. */
#ifndef LFS_OSTINDEX_INTERNAL_H
#define LFS_OSTINDEX_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

/* "OSTxxxx" */
void ostindex_name(uint32_t ost, char *buf, size_t len);
/* Write name in dir_fd as name.new, fsynced, renamed over name. */
int ostindex_write_file(int dir_fd, const char *name, const void *buf,
			size_t len);
/* Append OST ost's records to arr (n used, cap allocated); a missing
 * file adds none. */
int ostindex_read(int dfd, uint32_t ost, uint64_t **arr, size_t *n,
		  size_t *cap);
/* Sort a[0..n) and drop repeats: the new count. */
size_t ostindex_sort_unique(uint64_t *a, size_t n);
/* qsort/bsearch order of u64s. */
int ostindex_cmp_u64(const void *a, const void *b);
int ostindex_boot_id(char *buf, size_t len);

#endif
