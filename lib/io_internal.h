/* io_internal.h - private to lib/io*.c: the object layer io.c offers
 * io_write.c and io_copy.c (the RAID0 mapping, object fds, the OST
 * charge, stale bytes). Not an API; nothing outside io*.c includes it. */
#ifndef LFS_IO_INTERNAL_H
#define LFS_IO_INTERNAL_H

#include <stdint.h>
#include <sys/stat.h>

#include "inode.h"

/*
 * A change to an object's blocks and its charge to the OST's usage are one
 * step, which a recount by recovery must not split (it would count the
 * change twice or not at all): io_charge_begin takes the OST's charge lock
 * shared and notes the blocks before; io_charge_end charges the difference
 * and releases it. io_charge_end is called on every path once begun.
 */
struct charge {
	struct lfs_store *s;
	uint32_t ost;
	int fd;
	struct stat before;
};

int io_charge_begin(struct charge *ch, struct lfs_store *s, uint32_t ost, int fd);
void io_charge_end(struct charge *ch);

/* One contiguous run of file bytes inside one object. */
struct piece {
	uint32_t ci, si;       /* component, stripe */
	uint64_t obj_off;
	uint64_t len;          /* up to the stripe or component boundary */
};

/* The piece at file offset off (si UINT32_MAX: an uninstantiated
 * component, a hole); -EFBIG past the last component. */
int io_piece_at(const struct lfs_layout *l, uint64_t off, uint64_t max,
	     struct piece *p);
/* Object (ci, si)'s index in the handle's obj_fd[] and stale[]. */
uint32_t io_flat_index(const struct lfs_layout *l, uint32_t ci, uint32_t si);
/* Object (ci, si) is lost: noted for io_error(); -EIO. */
int io_object_missing(struct lfs_inode *ino, uint32_t ci, uint32_t si);
/* The object's fd, kept in the handle; with create, made if no byte
 * below the size reaches it (and checked to be this file's). */
int io_object_fd(struct lfs_inode *ino, uint32_t ci, uint32_t si, int create);
/* Punch object k's stale bytes below `to`, under its charge. */
int io_punch_stale(struct lfs_inode *ino, uint32_t k, int fd, uint64_t to);
#endif
