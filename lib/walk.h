/*
 * walk.h - visit a directory of the store, and below it: lfsck's walks
 * of the namespace and of mdt/PENDING, recovery's of mdt/JOURNAL, run/
 * and the spares, ns_count_names().
 *
 * walk_tree() lists the directory dir_fd in one go (dir_list_entries:
 * every name but "." and "..", sorted, so what a walk reports comes in
 * a stable order; see also ops->unsorted) and calls ops->visit for each entry with its
 * directory's fd, its name, inode number and type (readdir's; when the
 * filesystem does not say, fstatat's, and an entry gone meanwhile is
 * skipped), its depth (0 in dir_fd) and its path: `path` and "/NAME"
 * per level ("/" not doubled; cut at PATH_MAX). visit returns
 *   0             go on;
 *   WALK_DESCEND  walk the entry (a directory) too, then go on;
 *   WALK_STOP     end the walk: walk_tree returns WALK_STOP;
 *   -errno        end the walk: walk_tree returns it.
 * A directory that cannot be listed, or opened (but for one removed
 * meanwhile, skipped), or lies WALK_MAX_DEPTH levels down (-ELOOP) goes
 * to ops->dir_error with its path and the error, whose return is taken
 * as visit's (0 goes on); without dir_error the walk ends with it.
 * Nothing is kept between calls; the caller's fd and its offset are
 * untouched.
 */
#ifndef LFS_WALK_H
#define LFS_WALK_H

#include <stdbool.h>
#include <sys/types.h>

#define WALK_MAX_DEPTH 4096

enum { WALK_DESCEND = 1, WALK_STOP = 2 };

struct walk_entry {
	int dir_fd;              /* the directory holding it */
	const char *name;
	const char *path;
	ino_t ino;
	unsigned char type;      /* DT_REG, DT_DIR, ... */
	unsigned depth;
};

struct walk_ops {
	int (*visit)(const struct walk_entry *ent, void *arg);
	int (*dir_error)(const char *path, int err, void *arg);
	/* Entries in readdir's order, as they come, none kept: for a walk
	 * whose result does not depend on the order (ns_count_names), at
	 * less than half the cost of a large directory's sorted list. */
	bool unsorted;
};

int walk_tree(int dir_fd, const char *path, const struct walk_ops *ops,
	      void *arg);

#endif
