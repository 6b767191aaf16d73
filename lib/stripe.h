/*
 * stripe.h - setstripe and getstripe as library calls: give a new or
 * empty file a layout, set or delete a directory's default, add or delete
 * PFL components, and read the layouts of a tree.
 *
 * Contract:
 *  - Paths are root-relative (ns_resolve()). Every call returns 0 or
 *    -errno and, where strerror() would not say enough, fills e->msg with
 *    the detail `lfs setstripe` prints after "PATH: ".
 *  - Layouts passed in are templates (layout_builder_finish(),
 *    layout_from_yaml()); they are never changed.
 *  - Nothing here prints or keeps state between calls; the same handle
 *    must not be used by two threads at once (store.h).
 */
#ifndef LFS_STRIPE_H
#define LFS_STRIPE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "error.h"
#include "layout.h"
#include "store.h"

/* What stripe_set() found, and what a file made by stripe_create() got. */
struct stripe_result {
	bool dir;            /* the path was a directory */
	/* Its first component asked for more stripes than there were
	 * usable OSTs (and is not overstriped): asked, and the objects it
	 * got. capped_from is 0 when it got what it asked. */
	int32_t capped_from;
	uint32_t capped_to;
};

/* A new file rel (mode) with layout l (NULL: the default it inherits;
 * a component of l naming no pool and no OST list takes the inherited
 * default's pool, as in Lustre), its first component instantiated; or, when rel is an existing regular
 * file without a layout, that file given one (-EEXIST "stripe already
 * set: ..." when it has one). res may be NULL. */
int stripe_create(struct lfs_store *s, const char *rel,
		  const struct lfs_layout *l, mode_t mode,
		  struct stripe_result *res, struct lfs_error *e);

/* Set directory rel's default layout to l, after layout_validate() and a
 * check that its pools exist. An l that names no pool and no OST list
 * keeps the previous default's pool (Lustre's "Retain the pool name if
 * it is not given"); only stripe_del_dir_default() drops it. The root's
 * default is the filesystem default: it keeps concrete values, so a
 * plain l's unset stripe size and count keep the root's previous ones. */
int stripe_set_dir_default(struct lfs_store *s, const char *rel,
			   const struct lfs_layout *l, struct lfs_error *e);
/* Remove directory rel's default (-EPERM for the root). */
int stripe_del_dir_default(struct lfs_store *s, const char *rel,
			   struct lfs_error *e);
/* The default directory dir_fd shows (getstripe -d): its own, else the
 * root's, with the unset stripe size and count of each component taken
 * from the root's, as Lustre shows them. */
int stripe_dir_default(struct lfs_store *s, int dir_fd, struct lfs_layout **out);

/* --component-add: append l's components (l composite, else -EINVAL) to
 * PFL file rel; the first starts where the file's last one ends, unset
 * stripe size and count come from the file's last component. */
int stripe_comp_add(struct lfs_store *s, const char *rel,
		    const struct lfs_layout *l, struct lfs_error *e);
/* --component-del -I: delete component comp_id of PFL file rel; only the
 * last one, and only while it has no objects (-EBUSY). */
int stripe_comp_del(struct lfs_store *s, const char *rel, uint32_t comp_id,
		    struct lfs_error *e);

/* `lfs setstripe` on one path, whatever it names: a directory's default
 * set (layout given, else -EINVAL) or deleted, a component added to or
 * deleted from a file, or a file created or given a layout. res->dir
 * tells which kind rel was. */
enum stripe_op { STRIPE_SET, STRIPE_DELETE, STRIPE_COMP_ADD, STRIPE_COMP_DEL };
struct stripe_req {
	enum stripe_op op;
	const struct lfs_layout *layout;  /* STRIPE_SET, STRIPE_COMP_ADD */
	uint32_t comp_id;                 /* STRIPE_COMP_DEL */
	mode_t mode;                      /* of a new file */
};
int stripe_set(struct lfs_store *s, const char *rel, const struct stripe_req *r,
	       struct stripe_result *res, struct lfs_error *e);
/* The rules of STRIPE_COMP_ADD (r->layout composite) and STRIPE_COMP_DEL
 * applied to l, a copy of a file's layout (NULL: it has none, -ENODATA),
 * with their messages: what stripe_comp_add() and stripe_comp_del()
 * commit, and what lustre_stripe_set() checks before asking the servers. */
int stripe_comp_change(struct lfs_layout *l, const struct stripe_req *r,
		       struct lfs_error *e);

/* Which components getstripe -I, -E and --component-start select
 * (lfs find's --component-* too): op '=', '+' (above), '-' (below) or 0
 * for no filter. */
struct stripe_comp_filter {
	uint32_t id;             /* 0: any */
	char end_op, start_op;
	uint64_t end_val, start_val;
};
bool stripe_comp_selected(const struct lfs_component *c,
			  const struct stripe_comp_filter *f);
/* "[+-]N" with a size unit, "EOF"/"eof"/"-1" for the end of file, an
 * optional leading '=' (getopt keeps it in -E=END); -EINVAL otherwise. */
int stripe_extent_filter_parse(const char *arg, char *op, uint64_t *val);

/* Walk the layouts of a tree: rel, then (if a directory and max_depth >
 * 0) its entries in name order, directories down to max_depth (-1: no
 * limit). Symbolic links and special files are skipped. Each regular file
 * and directory is passed to cb in pre-order; a directory whose default
 * cannot be read is not entered. cb may take ent->layout (set it NULL);
 * a non-zero return stops the walk and is returned. */
struct stripe_entry {
	const char *path;          /* name: rel's, joined with the names below */
	int depth;                 /* 0 for rel itself */
	bool dir;
	ino_t ino;                 /* host inode (getstripe's lmm_object_id) */
	int rc;                    /* reading the layout: 0, -ENODATA (a file
				    * without one), -EINVAL (corrupt), -errno */
	struct lfs_layout *layout; /* the file's, or stripe_dir_default() */
	/* A directory's own default as stored, its unset fields unfilled
	 * (getstripe -R); NULL when it has none and shows the root's. */
	struct lfs_layout *own;
	int damage;                /* 0, or -ENODEV: names an OST the store */
	struct lfs_error damage_e; /* lacks (inode_check_osts) */
	/* On a Lustre mount (lustre_stripe_walk), from llapi_fd2fid (a
	 * directory) or the raw layout (a file, llapi_lum_fill): the FID,
	 * lmm_oi, and each object's group in the layout's order (freed by
	 * the walk). fid_known false: the store's, made of ino. */
	bool fid_known;
	uint64_t fid_seq, lmm_seq, lmm_oid;
	uint32_t fid_oid, fid_ver;
	uint64_t *groups;
};
typedef int (*stripe_walk_fn)(void *arg, struct stripe_entry *ent);
/* name: what the caller calls rel (paths passed to cb start with it).
 * Returns 0, cb's non-zero, or -errno when rel cannot be opened. */
int stripe_walk(struct lfs_store *s, const char *rel, const char *name,
		int max_depth, stripe_walk_fn cb, void *arg);
/* The walk itself from open fd, each entry's layouts filled by
 * read(rarg, its path, its fd, ent) (ent->path, depth, dir and ino set):
 * stripe_walk() reads the store's, lustre_stripe_walk() liblustreapi's. */
typedef void (*stripe_read_fn)(void *rarg, const char *path, int fd,
			       struct stripe_entry *ent);
int stripe_walk_fd(int fd, const char *name, int max_depth, stripe_read_fn read,
		   void *rarg, stripe_walk_fn cb, void *arg);

#endif
