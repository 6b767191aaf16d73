/*
 * inode.h - MDT inodes: handles, layouts in xattrs, new files.
 *
 * The namespace is the real directory tree STORE/mdt/ROOT. A regular file
 * is an MDT inode: a host file with no data blocks whose size is the file's
 * size, whose xattr user.lfs.lov holds its layout and user.lfs.dv its data
 * version. Directories may carry a default layout in the same xattr.
 *
 * Contract:
 *  - An inode handle caches the layout; inode_layout_refresh() rereads it
 *    (I/O does this under LOCK_LAYOUT, since a migration may swap it).
 *  - layout_xattr_set() writes large layouts to a side file in mdt/LAYOUTS
 *    first and commits by setting the xattr.
 */
#ifndef LFS_INODE_H
#define LFS_INODE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>

#include "error.h"
#include "layout.h"
#include "ns.h"
#include "pfid.h"
#include "store.h"

#define LFS_LAYOUT_XATTR_MAX 2048   /* larger layouts go to a side file */

/* What a new object of a migration's volatile holds before the copy:
 * bytes of a reused spare's (spare.h) in [clean_to, end) until written
 * over or punched. An object that would be a copy of the source's object
 * twin (layout_object_twin) is not created but may be linked to it
 * (io_link_twins); once it is, it is filled: nothing to copy, nothing
 * ever written through it while both names live. */
struct lfs_stale {
	uint64_t clean_to, end;  /* old bytes of a reused spare's */
	struct lfs_object twin;  /* linkable: the source's object ... */
	uint64_t twin_size;      /* ... and the most bytes it may hold */
	bool linkable, filled;
};

struct lfs_inode {
	struct lfs_store *s;
	int fd;                   /* host MDT file */
	bool writer;              /* holds LOCK_WRITERS shared */
	bool size_held;           /* holds LOCK_SIZE exclusive (io_size_lock) */
	uint64_t ino;             /* host inode number */
	struct lfs_layout *layout;/* NULL: no layout yet */
	int *obj_fd;              /* per object of the layout, -1 = closed */
	uint32_t nr_obj_fd;
	struct lfs_stale *stale;  /* per object, or NULL: none has old bytes */
	struct lfs_parent parent; /* whom its objects point to (pfid.h) ... */
	bool parent_known;        /* ... once read or set (a volatile's) */
	struct lfs_object missing;/* the object a call found lost or foreign (io.h) */
	bool missing_known;
	bool small;               /* no object can hold OST_FREE_LATER_BYTES
				   * (ost.h): each is closed without a look */
	int layout_side;          /* the layout xattr as last read or set
				   * (layout_xattr_replace's *side) */
	bool filling;             /* a migration's volatile: its size, set
				   * last (maybe a reused one's till then),
				   * says nothing about its objects */
};

/* INODE_ADMIN opens read-write for layout changes (swap, migrate) without
 * counting as a writer, so it neither takes nor breaks a lease. */
enum { INODE_READ = 0, INODE_WRITE = 1, INODE_ADMIN = 2 };

/* Open an existing regular file of the namespace (-EISDIR, -ENOENT,
 * -ELOOP for a symlink when nofollow; -ENODEV when its layout names an
 * OST the store does not have: inode_check_osts), refusing one the store
 * cannot vouch for (inode_vouch(): -EPERM, explained in e). */
int inode_open(struct lfs_store *s, const char *rel, int mode,
	       struct lfs_inode **out, struct lfs_error *e);
/* Is this namespace file the store's? A hard link from the namespace to
 * a host file outside the store (same filesystem) must not let the store
 * give that file a layout, cut it or write it. The store makes a file with
 * a layout, or empty (touch, a host tool) until its first write or
 * setstripe gives it one, and every name of its inode lives in mdt/ROOT
 * (lfs ln, or a host tool's hard link) or mdt/PENDING. So -EPERM when the
 * file has no layout but bytes (a reader would see zeros; the bytes are
 * not the store's), and, for INODE_WRITE and INODE_ADMIN, when it has
 * more links than names there (inode_vouch_links, ns_count_names: a
 * walk, only for the rare file with nlink > 1). A name itself may always be removed (ns_unlink
 * drops just the name while other links remain). */
int inode_vouch(struct lfs_inode *ino, int mode, struct lfs_error *e);
/* The same with the stat of ino->fd just taken (st). */
int inode_vouch_known(struct lfs_inode *ino, int mode, const struct stat *st,
		      struct lfs_error *e);
/* The link count part alone, for any namespace fd (O_PATH will do): what
 * chmod, chown and touch check before they change a file's metadata,
 * which an outside name shares too. 0 for anything but a regular file. */
int inode_vouch_links(struct lfs_store *s, int fd, struct lfs_error *e);
/* Wrap an already open MDT file (e.g. a PENDING volatile); takes fd. */
int inode_from_fd(struct lfs_store *s, int fd, int mode,
		  struct lfs_inode **out);
/* The same for a caller that has just fstat()ed fd (st) and, unless l is
 * NULL, set its layout to l (a copy is cached): nothing is read again. */
int inode_from_fd_known(struct lfs_store *s, int fd, int mode,
			const struct stat *st, const struct lfs_layout *l,
			struct lfs_inode **out);
void inode_close(struct lfs_inode *ino);
int inode_layout_refresh(struct lfs_inode *ino);

/* Create a regular file with O_EXCL. Layout: `req` (unset fields filled
 * from the defaults), else the parent's default, else the root's; its
 * first component is instantiated. It is named last, as
 * inode_create_unnamed() then inode_link() would: a kill leaves no name,
 * or a file with its layout and objects, never a name without them. */
int inode_create(struct lfs_store *s, const char *rel, mode_t mode,
		 const struct lfs_layout *req, struct lfs_inode **out,
		 struct lfs_error *e);
/* The same file, layout and objects, but with no name yet: its inode is
 * owned by this process and held by the PENDING entry *pend (pending.h),
 * so whatever a kill interrupts, recovery destroys. -EEXIST already if rel
 * exists. inode_link() then gives it the name rel (-EEXIST if rel appeared
 * meanwhile), and pending_release() of pend ends the entry: it drops only
 * the entry once the inode is named, and destroys the inode otherwise. It
 * is the same host inode throughout (identity, back-pointers kept). */
int inode_create_unnamed(struct lfs_store *s, const char *rel, mode_t mode,
			 const struct lfs_layout *req, struct lfs_inode **out,
			 char *pend, size_t plen, struct lfs_error *e);
int inode_link(struct lfs_inode *ino, const char *rel);
/* Give a file that has no layout yet one (setstripe on an empty inode);
 * -EEXIST if it has one. */
int inode_set_new_layout(struct lfs_inode *ino, const struct lfs_layout *req,
			 int parent_fd, struct lfs_error *e);
/* The layout a new file in directory parent_fd would take (filled and
 * validated, not instantiated). A component that names no pool and no
 * OST list takes the pool of the default the file inherits (the
 * parent's, else the root's), as Lustre's lod_qos_parse_config does; a
 * default's pool that has been destroyed is not handed down. A pool req
 * names must exist (-EINVAL "pool 'FS.NAME' does not exist"). */
int inode_effective_layout(struct lfs_store *s, int parent_fd,
			   const struct lfs_layout *req,
			   struct lfs_layout **out, struct lfs_error *e);
/* Allocate objects for component `idx` and commit the layout. */
int inode_instantiate(struct lfs_inode *ino, uint32_t idx,
		      struct lfs_error *e);

/* Layout xattr access on any MDT fd. get: -ENODATA when none. */
int layout_xattr_get(struct lfs_store *s, int fd, struct lfs_layout **out);
/* The same for NAME in dir_fd, not following a symlink: one system call
 * (getxattrat) where the kernel has it, else open, read, close. Safe from
 * several threads on one handle (it only reads). */
int layout_xattr_getat(struct lfs_store *s, int dir_fd, const char *name,
		       struct lfs_layout **out);
int layout_xattr_set(struct lfs_store *s, int fd, const struct lfs_layout *l);
/* The same for a caller that knows fd's host inode number (ino, as
 * fstat gives it), telling it what the xattr holds now in *side (0 a
 * record, 1 a side file reference, -1 after a failure). The old value is
 * read all the same: the OST index needs the old layout (ostindex.h). */
int layout_xattr_replace(struct lfs_store *s, int fd, uint64_t ino,
			 const struct lfs_layout *l, int *side);
/* The same when the caller knows what the xattr holds: was, decoded,
 * and was_side as *side said it (0: a record). The read is saved when
 * was is a record; only for a caller that keeps every other layout
 * writer out (the layout lock held since was was read, or a volatile
 * it owns), as the OST index is kept from was. */
int layout_xattr_replace_known(struct lfs_store *s, int fd, uint64_t ino,
			       const struct lfs_layout *was, int was_side,
			       const struct lfs_layout *l, int *side);
/* layout_xattr_get() saying what the xattr held (*side as above). */
int layout_xattr_get_side(struct lfs_store *s, int fd, struct lfs_layout **out,
			  int *side);
/* An inode's last name goes: its PENDING entry pend. Its OST index
 * entries first ("-" for each OST its layout names, ostindex.h), then
 * its side file and the entry, under the index's hold. */
void layout_unlink_last(struct lfs_store *s, int fd, const char *pend);
/* Directory defaults. get: *out NULL when the directory has none. */
int inode_get_dir_default(struct lfs_store *s, int dir_fd,
			  struct lfs_layout **out);
int inode_set_dir_default_fd(int dir_fd, const struct lfs_layout *l);
int inode_del_dir_default_fd(int dir_fd);

/* Data version and size. */
int inode_data_version(struct lfs_inode *ino, uint64_t *dv);
int inode_size(struct lfs_inode *ino, uint64_t *size);
/* The back-pointer for object `stripe` of component ci of l, a layout
 * of file p. */
void inode_object_pfid(const struct lfs_parent *p, const struct lfs_layout *l,
		       uint32_t ci, uint32_t stripe, struct lfs_pfid *pf);
/* Whom the handle's objects point to: the file itself, or for a
 * migration's volatile the file being migrated (set by its maker). */
void inode_parent(struct lfs_inode *ino, struct lfs_parent *p);
/* Create the object files of component comp (INODE_ALL_COMPS: of every
 * instantiated one) of a layout of file p whose ids were just reserved.
 * Creation is exclusive: an object already there is another file's,
 * -EEXIST, left alone; on any failure the objects made here are
 * destroyed again. */
#define INODE_ALL_COMPS UINT32_MAX
int inode_create_objects(struct lfs_store *s, const struct lfs_parent *p,
			 const struct lfs_layout *l, uint32_t comp);
/* The same for a layout about to receive the `size` bytes of a file laid
 * out as `from` (a migration's volatile): an object no byte will reach is
 * not created (it reads as a hole until a write creates it), nor is one
 * that would be a copy of one of from's (it is noted as linkable: see
 * io_link_twins), and an object may come holding old bytes it will be
 * written over with (ost_object_create_to_fill). *stale is NULL when none
 * of that happened, else one entry per object (layout order) for the
 * handle's stale field, which the copy and io_truncate_raw() then use.
 * A twin is linkable only on the same host filesystem (ost_same_host_fs);
 * on another it is created like the rest. fds has one slot per object of
 * l (layout order): the object created here, open read-write for the
 * handle's obj_fd (the caller owns it), or -1 (not created, or made from
 * a spare). Exclusive and undone on failure as inode_create_objects(). */
int inode_create_objects_to_fill(struct lfs_store *s, const struct lfs_layout *l,
				 const struct lfs_parent *p, uint64_t size,
				 const struct lfs_layout *from,
				 struct lfs_stale **stale, int *fds);
/* A layout naming an OST the store does not have (a damaged file): 0, or
 * -ENODEV and a message naming the OST. */
int inode_check_osts(struct lfs_store *s, const struct lfs_layout *l,
		     struct lfs_error *e);
/* Destroy every object of a layout; an OST the store does not have holds
 * none of them, so a damaged file can still be removed. */
int inode_destroy_objects(struct lfs_store *s, const struct lfs_layout *l);

#endif
