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
#include <sys/types.h>

int dir_list(int dir_fd, bool all, char ***names, size_t *n);
void dir_list_free(char **names, size_t n);

/* Each entry of directory fd (named path), in name order, dotfiles too:
 * fn(arg, "path/name", its fd opened O_RDONLY|O_NOFOLLOW|O_NONBLOCK) for
 * those that open (the fd is closed after), until fn returns non-zero,
 * which is returned. A directory that cannot be listed has no entries. */
int dir_each_open(int fd, const char *path,
		  int (*fn)(void *arg, const char *child, int child_fd),
		  void *arg);

/* The same with each entry's inode number and type as readdir gave them
 * (type DT_UNKNOWN when the filesystem does not say). */
struct dir_entry {
	char *name;
	ino_t ino;
	unsigned char type;
};
int dir_list_entries(int dir_fd, bool all, struct dir_entry **ents,
		     size_t *n);
void dir_entries_free(struct dir_entry *ents, size_t n);

#endif
