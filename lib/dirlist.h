/*
 * dirlist.h - the names in a directory, read in one go.
 *
 * dir_list() reads through its own descriptor (a fresh open of "."
 * relative to dir_fd), so the caller's fd and its offset are untouched
 * and the same directory can be listed any number of times. Names come
 * sorted (byte order), without "." and ".."; with all = false names
 * starting with '.' are left out too. 0 or -errno.
 */
#ifndef LFS_DIRLIST_H
#define LFS_DIRLIST_H

#include <stdbool.h>
#include <stddef.h>

int dir_list(int dir_fd, bool all, char ***names, size_t *n);
void dir_list_free(char **names, size_t n);

#endif
