/*
 * pfid.h - an OST object's back-pointer to the file whose layout names it.
 *
 * Lustre keeps one on every OST object: the trusted.fid xattr (struct
 * filter_fid: the parent's FID with the stripe index in f_ver, the
 * component's id and extent, the layout version), so LFSCK can tell an
 * orphan from an object of a file it could not read, and rebuild a lost
 * layout. Ours is the xattr user.lfs.pfid on the object file:
 *
 *   magic "LPFD" | version 1 (u32) | parent ino (u64) | parent igen (u32) |
 *   component id (u32) | stripe index (u32) | layout gen (u32) |
 *   stripe size, stripe count, pattern (u32 each) |
 *   component start, end (u64 each) | crc32 of what precedes
 *
 * little-endian, 64 bytes. The geometry (Lustre's struct ost_layout) is
 * what lfsck needs to rebuild a layout from its objects. The parent is named by the MDT inode's host
 * inode number (our FID's oid, as getstripe -v prints it) and its
 * generation (FS_IOC_GETVERSION), which the host changes when it reuses
 * the number for a new inode, so a pointer to a removed file never names
 * a later file that got its number. A host without generations gives 0
 * (then only the number is compared). The generation costs one ioctl per
 * file on an open descriptor, where a per-file id of our own would cost
 * an xattr written with every file and read with every check.
 *
 * Contract:
 *  - pfid_decode() accepts exactly what pfid_encode() produces (-EINVAL
 *    otherwise: length, magic, version, checksum).
 *  - The pointer is written when an object is created, renamed from a
 *    spare or linked (ost.h); an object linked as a migration's twin keeps
 *    one inode for two names, both of the same file, so its component,
 *    stripe and generation may be those of either layout: only the parent
 *    identifies it.
 *  - Objects of a migration's volatile point to the file being migrated
 *    (the layouts are swapped, the MDT inode stays).
 */
#ifndef LFS_PFID_H
#define LFS_PFID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "layout.h"

/* Our FIDs, in getstripe -v's form: a file is [LFS_FID_SEQ:ino:0x0], an
 * object [LFS_OBJECT_FID_SEQ(ost):id:0x0] (Lustre's IDIF sequence). */
#define LFS_FID_SEQ 0x200000400ULL
#define LFS_OBJECT_FID_SEQ(ost) (0x100000000ULL | ((unsigned long long)(ost) << 16))

#define PFID_XATTR "user.lfs.pfid"
#define PFID_LEN 64

/* Who a file is: what a back-pointer names. */
struct lfs_parent {
	uint64_t ino;       /* host inode number of the MDT inode */
	uint32_t igen;      /* its generation, 0 if the host has none */
};

struct lfs_pfid {
	struct lfs_parent parent;
	uint32_t comp_id;   /* lcme_id of the component */
	uint32_t stripe;    /* index of the object in the component */
	uint32_t layout_gen;
	/* The component's geometry (Lustre's ost_layout). */
	uint32_t stripe_size, stripe_count, pattern;
	uint64_t comp_start, comp_end;
};

void pfid_encode(const struct lfs_pfid *p, unsigned char buf[PFID_LEN]);
int pfid_decode(const void *buf, size_t len, struct lfs_pfid *p);

/* The identity of the MDT inode open as fd; its generation alone. */
int pfid_parent_of(int fd, struct lfs_parent *p);
uint32_t pfid_igen(int fd);
/* Same file? A 0 generation on either side matches any. */
bool pfid_same_parent(const struct lfs_parent *a, const struct lfs_parent *b);

/* Write (replace) the back-pointer of the object open as fd, or named
 * rel under dir_fd. */
int pfid_set(int fd, const struct lfs_pfid *p);
int pfid_set_at(int dir_fd, const char *rel, const struct lfs_pfid *p);
/* Read it: 0, -ENODATA when there is none, -EINVAL when it is corrupt. */
int pfid_get(int fd, struct lfs_pfid *p);
int pfid_get_at(int dir_fd, const char *rel, struct lfs_pfid *p);

/* An object and its back-pointer. */
struct lfs_pfid_object {
	struct lfs_object obj;
	struct lfs_pfid pf;
};

/* The layout that objects' back-pointers, all naming one file, describe
 * (Lustre's LFSCK rebuilds a lost LOV EA so): 0, or -EINVAL when they do
 * not make a whole one (a stripe with no object or two, components that
 * disagree, overlap or leave a gap from 0). Sorts v. Its generation is
 * one past the newest they name. */
int pfid_rebuild_layout(struct lfs_pfid_object *v, size_t n,
			struct lfs_layout **out);

#endif
