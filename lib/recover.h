/*
 * recover.h - crash recovery and lfsck.
 *
 * Every process that opens a store for writing holds a locked file in
 * run/. recover_if_needed() (called by store_open for writing) looks for
 * run/ files whose lock it can take: their owner died, maybe mid-way
 * through a migration, an rm or a write. Then it runs lfsck_run():
 *  - each JOURNAL intent record whose owner died is rolled forward or back
 *    by comparing the source's layout with the two layouts it names, and
 *    the layout not in use has its objects destroyed;
 *  - each PENDING inode whose owner died (a migration's volatile, or a
 *    file being removed) has its objects destroyed and is unlinked;
 *  - each OST's usage is recounted from its objects, and its LAST_ID
 *    rebuilt from them when missing, unreadable or behind (ost.h).
 * Entries whose owner is alive (lock held) are never touched. An entry
 * that cannot be finished (its objects cannot be destroyed, its record not
 * resolved) is noted, counted in unfinished and kept, and recovery goes on
 * with the others: one bad entry must not stop every writer.
 * With --orphans, objects no layout references (and not created after
 * the scan began) are reported and, unless dry_run, destroyed.
 */
#ifndef LFS_RECOVER_H
#define LFS_RECOVER_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"
#include "store.h"

struct lfsck_report {
	unsigned journal_forward, journal_back;  /* intents rolled */
	unsigned pending_destroyed;              /* dead volatiles / removals */
	unsigned orphans;                        /* unreferenced objects */
	unsigned sizes_fixed;                    /* inode size re-derived */
	unsigned lastid_rebuilt;                 /* LAST_ID files rebuilt */
	unsigned unfinished;                     /* entries left, reported */
	bool dry_run;
	void (*note)(void *arg, const char *fmt, ...)
		__attribute__((format(printf, 2, 3)));  /* optional log */
	void *note_arg;
};

/* Orphan scan (lfsck.c), used by lfsck_run. */
int lfsck_orphans(struct lfs_store *s, struct lfsck_report *r);
/* Re-derive inode sizes from objects where a crash left them short. */
int lfsck_fix_sizes(struct lfs_store *s, struct lfsck_report *r);
int recover_if_needed(struct lfs_store *s, struct lfs_error *e);
int lfsck_run(struct lfs_store *s, bool orphans, bool dry_run,
	      struct lfsck_report *r, struct lfs_error *e);

#endif
