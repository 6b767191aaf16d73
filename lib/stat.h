/*
 * stat.h - what lfs stat shows of a namespace entry.
 *
 * The MDT inode holds a file's metadata and size (docs/DESIGN.md
 * section 3a); the data is in its objects, so a regular file's blocks are
 * its objects' blocks, not the MDT inode's. Nothing is printed.
 */
#ifndef LFS_STAT_H
#define LFS_STAT_H

#include <limits.h>
#include <stdint.h>
#include <sys/stat.h>

#include "store.h"

struct lfs_stat {
	struct stat st;          /* of the entry itself (a symlink not followed) */
	uint64_t blocks;         /* 512-byte blocks: a regular file's objects' */
	const char *type;        /* coreutils stat's: "regular empty file", ... */
	char target[PATH_MAX];   /* a symlink's target; "" if none or unreadable */
};

/* The entry rel (root-relative, ns.h). A regular file whose layout cannot
 * be read counts 0 blocks. 0 or -errno. */
int lfs_stat(struct lfs_store *s, const char *rel, struct lfs_stat *out);
/* The same of a host path on a Lustre client mount: there the client's
 * st_blocks is already the objects' (the OSTs' glimpse). 0 or -errno. */
int lfs_stat_host(const char *path, struct lfs_stat *out);
/* The 512-byte blocks the objects of the file open at fd (readable) hold:
 * those of its instantiated components found on OSTs the store has (a
 * lost object holds none). 0 for a file with no layout; else 0 or -errno. */
int stat_blocks(struct lfs_store *s, int fd, uint64_t *blocks);

#endif
