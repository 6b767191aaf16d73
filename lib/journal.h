/*
 * journal.h - intent records for crash-safe layout swaps
 * (docs/DESIGN.md section 5.7).
 *
 * Before a swap changes two inodes' layouts, its intent is recorded: the
 * source (namespace path and inode number), the volatile (its PENDING
 * name) and both layouts, one self-checking record (CRC-32) per swap.
 * A store handle keeps one journal file in mdt/JOURNAL, created on its
 * first commit and owned (locked) for as long as the handle lives; a
 * batch of swaps writes its records there with one write and one
 * fdatasync (journal_commit), which must return before any layout
 * changes, and empties it once every swap of the batch is finished
 * (journal_clear). Reusing the file keeps a long migration from
 * allocating and freeing an inode per file.
 *
 * journal_recover() is run by recovery on the journal file of a dead
 * handle, record by record (a torn tail is a batch that never swapped):
 * the source's current layout says whether the swap committed (roll
 * forward: the old layout's objects are garbage) or not (roll back: the
 * new layout's objects are). Either way the volatile goes with the
 * garbage, if it still holds one of the two layouts (a record left from
 * an earlier batch may name a volatile reused since). A source that
 * cannot be identified destroys nothing (lfsck --orphans finds the
 * objects later): never lose data.
 */
#ifndef LFS_JOURNAL_H
#define LFS_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "layout.h"
#include "store.h"

/* One swap's intent, encoded; committed once journal_commit() wrote it. */
struct journal_entry {
	char *rec;
	size_t len;
	bool committed;
};

int journal_entry_make(const char *src_rel, uint64_t src_ino,
		       const char *volatile_name, const struct lfs_layout *old_l,
		       const struct lfs_layout *new_l, struct journal_entry *j);
void journal_entry_free(struct journal_entry *j);
/* Write the batch's entries to the handle's journal file, durably. */
int journal_commit(struct lfs_store *s, struct journal_entry *const *j,
		   size_t n);
/* Settle one committed entry now, as recovery would (a swap that failed
 * half way); counts in *forward or *back. */
int journal_entry_settle(struct lfs_store *s, const struct journal_entry *j,
			 unsigned *forward, unsigned *back);
/* Every swap of the batch is finished: empty the journal file. */
int journal_clear(struct lfs_store *s);
/* store_close(): remove the handle's journal file. */
void journal_close(struct lfs_store *s);
/* lfsck: fn() on both layouts of every readable record of a journal
 * file (its ids are taken, its objects not orphans). */
int journal_layouts(int fd, int (*fn)(const struct lfs_layout *l, void *arg),
		    void *arg);
/* Recovery: every record of a dead handle's journal file. On an error
 * (a record that cannot be finished, e.g. its garbage objects cannot be
 * destroyed) the file must stay, and keep() is called with the volatile
 * name of that record and of each after it: those volatiles must stay
 * too (one may hold the source's live layout). The error is returned,
 * or keep()'s. */
int journal_recover(struct lfs_store *s, int fd, bool dry_run,
		    unsigned *forward, unsigned *back,
		    int (*keep)(const char *vol, void *arg), void *arg);

#endif
