/*
 * llapi.h - the part of Lustre's liblustreapi that lfs uses on a client
 * mount, loaded at run time (docs/lustre.md).
 *
 * Every prototype and constant here is a fact taken from Lustre 2.15.3,
 * `git show v2_15_3:lustre/include/lustre/lustreapi.h` (cited "lustreapi.h
 * LINE") and `lustre/include/uapi/linux/lustre/lustre_user.h` (cited
 * "lustre_user.h LINE"); a reviewer checks each against its line. Nothing
 * of Lustre is compiled in: one lfs binary serves a store and a mount and
 * builds where Lustre is not installed.
 *
 * Contract:
 *  - llapi_load() dlopens $LFS_LUSTREAPI, else liblustreapi.so.1, and
 *    resolves every symbol of struct lfs_llapi; a missing library or
 *    symbol is -ENOPKG with ONE message naming what was looked for.
 *    The table lives in the caller's handle (no process-wide state of
 *    ours); llapi_unload() closes it.
 *  - The exception to lib/'s rule of no process-wide state: llapi_load()
 *    calls llapi_msg_set_level(LLAPI_MSG_OFF) (lustreapi.h 131), which
 *    sets liblustreapi's one message level (liblustreapi.c 88, a static
 *    int) for the whole process and for good: llapi_unload() does not
 *    restore it, and a program that loaded liblustreapi itself shares
 *    the copy dlopen gives us. It is acceptable because the level only
 *    decides whether liblustreapi prints (llapi_printf on stdout,
 *    llapi_error on stderr), and a library under lib/ must not print:
 *    lfs reports each error itself, once, in its own form. A program
 *    that wants Lustre's messages calls llapi_msg_set_level itself after
 *    llapi_load().
 *  - Calls through the table are Lustre's, with Lustre's conventions
 *    (-1 and errno for llapi_layout_*, -errno for the others), so
 *    callers read the citations, not this file.
 *  - lfs_on_lustre() says whether a host path is on a Lustre client
 *    mount: statfs f_type LL_SUPER_MAGIC, or (tests only) at or under the
 *    directory $LFS_LUSTRE_TEST_MOUNT names. It reads that variable, as
 *    store_discover() reads $LFS_STORE.
 *  - llapi_to_layout() and llapi_from_layout() convert between Lustre's
 *    opaque struct llapi_layout and our struct lfs_layout (layout.h), so
 *    the same code checks and prints both. The opaque API of 2.15.3 does
 *    not give object ids nor the layout generation: converted objects
 *    have id 0 and the layout gen 0; llapi_layout_with_ids() adds them
 *    from the raw layout (llapi_file_get_stripe, llapi_lum_fill()).
 */
#ifndef LFS_LLAPI_H
#define LFS_LLAPI_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "error.h"
#include "layout.h"

/* lustreapi.h 700: the opaque layout. */
struct llapi_layout;

/* The library lfs asks for (Lustre 2.15's soname). */
#define LLAPI_SONAME                 "liblustreapi.so.1"

/* lustre_user.h 252 */
#define LLAPI_SUPER_MAGIC            0x0BD00BD0
/* lustreapi.h 722: enum llapi_layout_get_flags */
#define LLAPI_LAYOUT_GET_EXPECTED    0x0001
/* lustreapi.h 812, 819, 825, 832, 834, 839 */
#define LLAPI_LAYOUT_INVALID         0x1000000000000001ULL
#define LLAPI_LAYOUT_DEFAULT         (LLAPI_LAYOUT_INVALID + 1)
#define LLAPI_LAYOUT_WIDE            (LLAPI_LAYOUT_INVALID + 2)
#define LLAPI_LAYOUT_RAID0           0ULL
#define LLAPI_LAYOUT_OVERSTRIPING    4ULL
#define LLAPI_LAYOUT_SPECIFIC        0x2000000000000000ULL
/* lustreapi.h 1150: enum llapi_layout_comp_use */
#define LLAPI_LAYOUT_COMP_USE_FIRST  1
#define LLAPI_LAYOUT_COMP_USE_LAST   2
#define LLAPI_LAYOUT_COMP_USE_NEXT   3
/* lustre_user.h 249 */
#define LLAPI_LUSTRE_EOF             0xffffffffffffffffULL
/* lustre_user.h 860: LCME_FL_INIT */
#define LLAPI_LCME_FL_INIT           0x00000010
/* lustre_user.h 863, 868-870, 900: LCME_FL_NEG, LCME_KNOWN_FLAGS (NEG,
 * INIT, STALE, PREF_RW, NOSYNC, EXTENSION), LCME_ID_MAX: what
 * llapi_layout_file_comp_del accepts. */
#define LLAPI_LCME_FL_NEG            0x80000000U
#define LLAPI_LCME_KNOWN_FLAGS       0x80000077U
#define LLAPI_LCME_ID_MAX            0x7FFFFFFFU
/* lustre_user.h 533: enum ll_lease_mode */
#define LLAPI_LEASE_RDLCK            0x01
#define LLAPI_LEASE_WRLCK            0x02
/* lustre_user.h 2171: LL_DV_RD_FLUSH */
#define LLAPI_DV_RD_FLUSH            (1 << 0)
/* lustre_user.h 1457-1461 */
#define LLAPI_SWAP_LAYOUTS_CHECK_DV1 (1 << 0)
#define LLAPI_SWAP_LAYOUTS_CHECK_DV2 (1 << 1)
#define LLAPI_SWAP_LAYOUTS_KEEP_MTIME (1 << 2)
#define LLAPI_SWAP_LAYOUTS_KEEP_ATIME (1 << 3)
#define LLAPI_SWAP_LAYOUTS_CLOSE     (1 << 4)
/* lustre_user.h 1406: LUSTRE_VOLATILE_HDR, 14 bytes */
#define LLAPI_VOLATILE_HDR           ".\x0c\x13\x14\x12:VOLATILE"
/* lustre_user.h 747: LOV_MAXPOOLNAME; a fsname is at most 8 (MTI_NAME_MAXLEN
 * less the target suffix); the buffer llapi_search_fsname fills. */
#define LLAPI_MAXPOOLNAME            15
#define LLAPI_FSNAME_BUF             64
/* lustreapi.h 97, 101, 105: enum llapi_message_level. The library prints
 * on its own (llapi_printf: "Pools from FS:", "Pool: FS.P"; llapi_error)
 * up to LLAPI_MSG_MAX by default; lfs sets OFF at load and prints what it
 * reports itself. */
#define LLAPI_MSG_OFF                0
#define LLAPI_MSG_NORMAL             4
#define LLAPI_MSG_MAX                7

/* lustre_user.h 659-661 */
#define LLAPI_STATFS_LMV             1
#define LLAPI_STATFS_LOV             2
#define LLAPI_STATFS_NODELAY         4
/* lustre_user.h 259-268: enum obd_statfs_state (the ones lfs df shows) */
#define LLAPI_OS_STATFS_DEGRADED     0x00000001
#define LLAPI_OS_STATFS_READONLY     0x00000002
#define LLAPI_OS_STATFS_NOPRECREATE  0x00000004
#define LLAPI_OS_STATFS_ENOSPC       0x00000020
#define LLAPI_OS_STATFS_ENOINO       0x00000040
/* lustre_user.h 272-295: struct obd_statfs, field for field (the name
 * ours, so it cannot clash). */
struct llapi_obd_statfs {
	uint64_t os_type;
	uint64_t os_blocks;       /* total size in os_bsize blocks */
	uint64_t os_bfree;        /* unused blocks */
	uint64_t os_bavail;       /* blocks available for allocation */
	uint64_t os_files;        /* total number of objects */
	uint64_t os_ffree;        /* objects that could be created */
	uint8_t  os_fsid[40];
	uint32_t os_bsize;        /* block size in bytes for os_blocks */
	uint32_t os_namelen;
	uint64_t os_maxbytes;
	uint32_t os_state;        /* LLAPI_OS_STATFS_* */
	uint32_t os_fprecreated;
	uint32_t os_granted;
	uint32_t os_spare3, os_spare4, os_spare5, os_spare6, os_spare7,
		 os_spare8, os_spare9;
};
/* lustre_user.h 1192-1195: UUID_MAX, struct obd_uuid */
#define LLAPI_UUID_MAX               40
struct llapi_obd_uuid {
	char uuid[LLAPI_UUID_MAX];
};

/* Phase 4: FIDs and the raw layout, for what the opaque API does not
 * give (object ids, the layout generation, the file's FID). */
/* lustre_user.h 310-326: struct lu_fid (DFID "[%#llx:0x%x:0x%x]", 1254) */
struct llapi_lu_fid {
	uint64_t f_seq;
	uint32_t f_oid;
	uint32_t f_ver;
};
/* lustre_user.h 503-511: struct ost_id, packed: oi_id and oi_seq, or the
 * same 16 bytes as a struct lu_fid. */
struct llapi_ost_id {
	union {
		struct { uint64_t oi_id, oi_seq; } oi;
		struct llapi_lu_fid oi_fid;
	};
} __attribute__((packed));
/* lustre_user.h 699, 702, 705 */
#define LLAPI_LOV_USER_MAGIC_V1      0x0BD10BD0
#define LLAPI_LOV_USER_MAGIC_V3      0x0BD30BD0
#define LLAPI_LOV_USER_MAGIC_COMP_V1 0x0BD60BD0
/* lustre_user.h 716, 722 */
#define LLAPI_LOV_PATTERN_MDT        0x100
#define LLAPI_LOV_PATTERN_F_RELEASED 0x80000000
/* lustre_user.h 762 */
#define LLAPI_LOV_MAX_STRIPE_COUNT   2000
/* lustre_user.h 776-781: struct lov_user_ost_data_v1 */
struct llapi_lov_user_ost_data_v1 {
	struct llapi_ost_id l_ost_oi;
	uint32_t l_ost_gen;
	uint32_t l_ost_idx;
} __attribute__((packed));
/* lustre_user.h 783-796, 798-812: struct lov_user_md_v1 and _v3 ("LOV
 * EA user data (host-endian)"); lmm_layout_gen shares its place with
 * lmm_stripe_offset, the generation when read. */
#define LLAPI_LOV_USER_MD_HEAD            \
	uint32_t lmm_magic;               \
	uint32_t lmm_pattern;             \
	struct llapi_ost_id lmm_oi;       \
	uint32_t lmm_stripe_size;         \
	uint16_t lmm_stripe_count;        \
	uint16_t lmm_layout_gen
struct llapi_lov_user_md_v1 {
	LLAPI_LOV_USER_MD_HEAD;
	struct llapi_lov_user_ost_data_v1 lmm_objects[];
} __attribute__((packed));
struct llapi_lov_user_md_v3 {
	LLAPI_LOV_USER_MD_HEAD;
	char lmm_pool_name[LLAPI_MAXPOOLNAME + 1];
	struct llapi_lov_user_ost_data_v1 lmm_objects[];
} __attribute__((packed));
/* lustre_user.h 835-838, 908-918, 950-961: struct lu_extent,
 * lov_comp_md_entry_v1 (lcme_offset from the lov_comp_md_v1's start),
 * lov_comp_md_v1. */
struct llapi_lov_comp_md_entry_v1 {
	uint32_t lcme_id;
	uint32_t lcme_flags;
	struct { uint64_t e_start, e_end; } lcme_extent;
	uint32_t lcme_offset;
	uint32_t lcme_size;
	uint32_t lcme_layout_gen;
	uint64_t lcme_timestamp;
	uint32_t lcme_padding_1;
} __attribute__((packed));
struct llapi_lov_comp_md_v1 {
	uint32_t lcm_magic;
	uint32_t lcm_size;
	uint32_t lcm_layout_gen;
	uint16_t lcm_flags;
	uint16_t lcm_entry_count;
	uint16_t lcm_mirror_count;
	uint16_t lcm_padding1[3];
	uint64_t lcm_padding2;
	struct llapi_lov_comp_md_entry_v1 lcm_entries[];
} __attribute__((packed));
/* liblustreapi.c 568-585 get_mds_md_size(): lov_user_md_size
 * (lustre_user.h 964) of LOV_MAX_STRIPE_COUNT objects in a v3, at least
 * XATTR_SIZE_MAX (linux/limits.h, 65536): the buffer file_get_stripe
 * fills. */
#define LLAPI_LUM_BUF \
	(sizeof(struct llapi_lov_user_md_v3) + LLAPI_LOV_MAX_STRIPE_COUNT * \
	 sizeof(struct llapi_lov_user_ost_data_v1) > 65536 ? \
	 sizeof(struct llapi_lov_user_md_v3) + LLAPI_LOV_MAX_STRIPE_COUNT * \
	 sizeof(struct llapi_lov_user_ost_data_v1) : 65536)
/* lustre_idl.h 281, 287, 290, 314: FID sequences */
#define LLAPI_FID_SEQ_OST_MDT0       0ULL
#define LLAPI_FID_SEQ_RSVD           11ULL
#define LLAPI_FID_SEQ_IDIF           0x100000000ULL
#define LLAPI_FID_SEQ_IDIF_MAX       0x1ffffffffULL
#define LLAPI_FID_SEQ_NORMAL         0x200000400ULL

/* The functions lfs calls. The member is the Lustre name without
 * "llapi_"; the comment is the lustreapi.h line of its declaration. */
struct lfs_llapi_fns {
	/* lustreapi.h 739 */
	struct llapi_layout *(*layout_get_by_path)(const char *path, int flags);
	/* lustreapi.h 749 */
	struct llapi_layout *(*layout_get_by_fd)(int fd, int flags);
	/* lustreapi.h 791, 796 */
	struct llapi_layout *(*layout_alloc)(void);
	void (*layout_free)(struct llapi_layout *layout);
	/* lustreapi.h 857, 866 */
	int (*layout_stripe_count_get)(const struct llapi_layout *l, uint64_t *count);
	int (*layout_stripe_count_set)(struct llapi_layout *l, uint64_t count);
	/* lustreapi.h 880, 889 */
	int (*layout_stripe_size_get)(const struct llapi_layout *l, uint64_t *size);
	int (*layout_stripe_size_set)(struct llapi_layout *l, uint64_t size);
	/* lustreapi.h 920, 929 */
	int (*layout_pattern_get)(const struct llapi_layout *l, uint64_t *pattern);
	int (*layout_pattern_set)(struct llapi_layout *l, uint64_t pattern);
	/* lustreapi.h 944, 957 */
	int (*layout_ost_index_get)(const struct llapi_layout *l,
				    uint64_t stripe_number, uint64_t *index);
	int (*layout_ost_index_set)(struct llapi_layout *l, int stripe_number,
				    uint64_t index);
	/* lustreapi.h 984, 1002 */
	int (*layout_pool_name_get)(const struct llapi_layout *l, char *name,
				    size_t len);
	int (*layout_pool_name_set)(struct llapi_layout *l, const char *name);
	/* lustreapi.h 1028 */
	int (*layout_file_open)(const char *path, int open_flags, mode_t mode,
				const struct llapi_layout *l);
	/* lustreapi.h 1095, 1100 */
	int (*layout_comp_extent_get)(const struct llapi_layout *l,
				      uint64_t *start, uint64_t *end);
	int (*layout_comp_extent_set)(struct llapi_layout *l, uint64_t start,
				      uint64_t end);
	/* lustreapi.h 1119, 1132 */
	int (*layout_comp_flags_get)(const struct llapi_layout *l, uint32_t *flags);
	int (*layout_comp_id_get)(const struct llapi_layout *l, uint32_t *id);
	/* lustreapi.h 1140, 1164 */
	int (*layout_comp_add)(struct llapi_layout *l);
	int (*layout_comp_use)(struct llapi_layout *l, uint32_t pos);
	/* lustreapi.h 1186 */
	bool (*layout_is_composite)(struct llapi_layout *l);
	/* lustreapi.h 427 */
	int (*file_fget_mdtidx)(int fd, int *mdtidx);
	/* lustreapi.h 466 */
	int (*search_fsname)(const char *pathname, char *fsname);
	/* lustreapi.h 522 */
	int (*get_data_version)(int fd, uint64_t *data_version, uint64_t flags);
	/* lustreapi.h 549, 551 */
	int (*fswap_layouts_grouplock)(int fd1, int fd2, uint64_t dv1,
				       uint64_t dv2, int gid, uint64_t flags);
	int (*fswap_layouts)(int fd1, int fd2, uint64_t dv1, uint64_t dv2,
			     uint64_t flags);
	/* lustreapi.h 646, 647, 649 */
	int (*lease_acquire)(int fd, int mode);
	int (*lease_release)(int fd);
	int (*lease_check)(int fd);
	/* lustreapi.h 654, 655 */
	int (*group_lock)(int fd, int gid);
	int (*group_unlock)(int fd, int gid);
	/* lustreapi.h 131 */
	void (*msg_set_level)(int level);
	/* lustreapi.h 187: name a fsname or a path; fills list with
	 * "FSNAME.POOL" in buffer, returns their number, -EOVERFLOW when
	 * list_size or buffer_size is too small. */
	int (*get_poollist)(const char *name, char **poollist, int list_size,
			    char *buffer, int buffer_size);
	/* lustreapi.h 189: poolname "FSNAME.POOL"; fills members with the
	 * pool's OST UUIDs ("FSNAME-OST0002_UUID"), as get_poollist. */
	int (*get_poolmembers)(const char *poolname, char **members,
			       int list_size, char *buffer, int buffer_size);
	/* lustreapi.h 445: type LLAPI_STATFS_LMV (MDTs) or _LOV (OSTs),
	 * index from 0: 0, -ENODEV past the last, -EAGAIN for an index not
	 * set up, -ENODATA for an inactive target (lfs.c mntdf). */
	int (*obd_statfs)(char *path, uint32_t type, uint32_t index,
			  struct llapi_obd_statfs *stat_buf,
			  struct llapi_obd_uuid *uuid_buf);
	/* lustreapi.h 464: the mount point (mntdir, PATH_MAX) and fsname of
	 * the Lustre mount pathname is on. */
	int (*search_mounts)(const char *pathname, int index, char *mntdir,
			     char *fsname);
	/* Phase 4, setstripe --component-add/--component-del (as lfs.c's
	 * lfs_component_add/_del). lustreapi.h 1168: add layout's
	 * components (a composite layout) after the last one of the file at
	 * path; lustreapi.h 1173: delete the component id (or, id 0, those
	 * with flags, LLAPI_LCME_FL_NEG for those without), from the end. */
	int (*layout_file_comp_add)(const char *path,
				    const struct llapi_layout *layout);
	int (*layout_file_comp_del)(const char *path, uint32_t id, uint32_t flags);
	/* Phase 4, FIDs and the raw layout (llapi_lum.c). */
	/* lustreapi.h 508: the FID of an open fd; -errno. */
	int (*fd2fid)(int fd, struct llapi_lu_fid *fid);
	/* lustreapi.h 191: path's layout as the MDS keeps it, in host byte
	 * order, into lum (the caller's buffer, LLAPI_LUM_BUF bytes as
	 * liblustreapi.c's get_mds_md_size(): the ioctl is not told its
	 * size); -errno. */
	int (*file_get_stripe)(const char *path, struct llapi_lov_user_md_v1 *lum);
};

struct lfs_llapi {
	void *dl;                 /* dlopen handle */
	char lib[256];            /* what was loaded */
	struct lfs_llapi_fns f;
};

/* The environment variable naming the library to load instead. */
#define LLAPI_ENV            "LFS_LUSTREAPI"
/* Test only: a directory treated as a Lustre mount. */
#define LLAPI_TEST_MOUNT_ENV "LFS_LUSTRE_TEST_MOUNT"

int llapi_load(struct lfs_llapi **out, struct lfs_error *e);
void llapi_unload(struct lfs_llapi *api);

/* Is host path (absolute, or relative to the working directory) on a
 * Lustre client mount? A path that does not exist is judged by its
 * nearest existing ancestor (a file about to be created). */
bool lfs_on_lustre(const char *path);

/* l (Lustre's) into a new struct lfs_layout in *out: components,
 * extents, stripe size and count (0 for LLAPI_LAYOUT_DEFAULT, -1 for
 * WIDE), offset, pattern, pool, and the OST of each stripe of an
 * instantiated component (its object, id unknown: 0). */
int llapi_to_layout(const struct lfs_llapi *api, struct llapi_layout *l,
		    struct lfs_layout **out);
/* llapi_to_layout() of l, which it frees; l NULL (the call that was to
 * give it failed) is -errno. */
int llapi_take_layout(const struct lfs_llapi *api, struct llapi_layout *l,
		      struct lfs_layout **out);
/* A new Lustre layout from template t (layout_builder_finish()'s: unset
 * fields become LLAPI_LAYOUT_DEFAULT, an OST list the stripes' indexes);
 * objects are not carried. -errno on a value Lustre refuses. */
int llapi_from_layout(const struct lfs_llapi *api, const struct lfs_layout *t,
		      struct llapi_layout **out);

/* Phase 4 (llapi_lum.c). What the raw layout adds to a converted one:
 * the file's FID (lmm_oi) and each object's group. */
struct llapi_lum_ids {
	uint64_t oi_seq, oi_id;       /* lmm_oi: getstripe -v's lmm_seq,
				       * lmm_object_id */
	struct llapi_lu_fid fid;      /* the file's FID made of it as
				       * lov_dump_user_lmm_header() does */
	uint64_t *groups;             /* each object's ostid_seq(), the
				       * instantiated components' objects in
				       * order; malloc'd, the caller frees */
	uint32_t nr_groups;
};
/* Decode lum (len bytes: a lov_user_md_v1/_v3 or a lov_comp_md_v1, host
 * byte order) onto l, the same layout read through the opaque API: each
 * object's id (ostid_id() of l_ost_oi) and l->gen (lmm_layout_gen,
 * lcm_layout_gen), *ids filled. -EINVAL for a buffer that is truncated,
 * has an unknown magic or an offset outside it; -EAGAIN when it is not
 * l's layout (another component count, stripe count or OST: the layout
 * changed between the two reads). l is unchanged on error. */
int llapi_lum_fill(const void *lum, size_t len, struct lfs_layout *l,
		   struct llapi_lum_ids *ids);
/* An object's FID as liblustreapi prints it (ostid_to_fid(), lustre_ostid.h
 * 198): id and group as llapi_lum_fill() gives them, on OST ost. */
struct llapi_lu_fid llapi_object_fid(uint64_t id, uint64_t group, uint32_t ost);
/* Is group printed in decimal (fid_seq_is_rsvd() || fid_seq_is_mdt0(),
 * lov_dump_user_lmm_v1v3), else in hex? */
bool llapi_group_decimal(uint64_t group);
/* Path's layout with its ids: llapi_layout_get_by_fd(fd) then
 * llapi_file_get_stripe(path) decoded onto it (read again when the
 * layout moved between the two, then -EAGAIN). */
/* A directory's default as the opaque API gives it has no stripe offset
 * (a lov_user_md without objects gives no OST, llapi_layout_ost_index_
 * get); Lustre's getstripe prints the raw one. Into l's components from
 * path's raw layout (llapi_file_get_stripe, llapi_lum_fill()): 0, or
 * -errno (-ENODATA: no default of its own; -EAGAIN: l is not path's). */
int llapi_dir_offsets(const struct lfs_llapi *api, const char *path,
		      struct lfs_layout *l);
int llapi_layout_with_ids(const struct lfs_llapi *api, const char *path,
			  int fd, struct lfs_layout **out,
			  struct llapi_lum_ids *ids);

#endif
