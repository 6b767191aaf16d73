/*
 * journal.h - intent records for crash-safe layout swaps (DESIGN 5.7).
 *
 * Before a swap changes two inodes' layouts, journal_begin() writes a
 * record in mdt/JOURNAL naming the source (namespace path and inode
 * number), the volatile (its PENDING name) and both layouts, and holds the
 * record's owner lock for as long as the migrating process lives;
 * journal_sync() makes records durable (several at once: one commit for a
 * batch of files), and must return before any layout changes.
 * journal_end() removes a record once both inodes are fsynced.
 *
 * journal_recover() is run by recovery on a record whose owner died: the
 * source's current layout says whether the swap committed (roll forward:
 * the old layout's objects are garbage) or not (roll back: the new
 * layout's objects are). Either way the volatile inode is removed with
 * the garbage objects. A source that cannot be identified destroys
 * nothing (lfsck --orphans finds the objects later): never lose data.
 */
#ifndef LFS_JOURNAL_H
#define LFS_JOURNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "layout.h"
#include "store.h"

struct journal_handle {
	int fd;
	char name[64];
};

int journal_begin(struct lfs_store *s, const char *src_rel, uint64_t src_ino,
		  const char *volatile_name, const struct lfs_layout *old_l,
		  const struct lfs_layout *new_l, struct journal_handle *j);
int journal_sync(struct lfs_store *s, struct journal_handle *const *j,
		 size_t n);
int journal_end(struct lfs_store *s, struct journal_handle *j);
int journal_recover(struct lfs_store *s, int fd, bool dry_run,
		    unsigned *forward, unsigned *back);

#endif
