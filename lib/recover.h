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
 *    rebuilt from them and the ids layouts name when missing, unreadable
 *    or behind (ost.h).
 * Entries whose owner is alive (lock held) are never touched. An entry
 * that cannot be finished (its objects cannot be destroyed, its record not
 * resolved) is noted, counted in unfinished and kept, and recovery goes on
 * with the others: one bad entry must not stop every writer. The volatile
 * of a journal record left unfinished is kept with it (not destroyed by
 * the PENDING scan): until the record is settled it may hold the source's
 * live layout.
 * Then every file is checked: one whose layout cannot be read is named
 * (note) and counted as not checked; a file whose objects say its size
 * is another is given that size, unless an object that should hold bytes
 * below its size is missing or an object does not point back to it
 * (pfid.h): then it is named and counted as damaged, and its size stays.
 * With --orphans (lfsck_orphans_allowed: root or the store's owner only),
 * objects no layout references (and not created after the scan began)
 * are orphans: each becomes a file of one stripe in /.lustre/lost+found
 * (or is destroyed with delete_orphans; reported only with dry_run). An
 * object is kept, not an orphan, when its back-pointer names a file that
 * could not be checked, or when a directory could not be listed and it
 * does not point to a file that was checked. A file of the namespace
 * whose layout does not decode gets the layout its kept objects'
 * back-pointers describe, when they make a whole one (not in dry_run).
 * Last, the OST index (ostindex.h) is rebuilt from a full scan (made
 * when the store had none); the entries it lacked are counted in
 * index_missing, those it had wrongly in index_stale (dry_run: counted,
 * nothing written). The index is kept exact, so either count is a fault,
 * except after a writer died mid-change (what recovery is for).
 */
#ifndef LFS_RECOVER_H
#define LFS_RECOVER_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "error.h"
#include "store.h"

struct lfsck_report {
	unsigned journal_forward, journal_back;  /* intents rolled */
	unsigned pending_destroyed;              /* dead volatiles / removals */
	unsigned orphans;                        /* unreferenced objects */
	unsigned orphans_kept;                   /* ... that a file may want */
	unsigned layouts_rebuilt;                /* from objects' back-pointers */
	unsigned sizes_fixed;                    /* inode size re-derived */
	unsigned lastid_rebuilt;                 /* LAST_ID files rebuilt */
	unsigned unfinished;                     /* entries left, reported */
	unsigned unchecked;                      /* files lfsck could not read */
	unsigned damaged;                        /* missing or foreign objects */
	unsigned index_missing;                  /* OST index entries added */
	unsigned index_stale;                    /* ... and dropped */
	bool index_built;                        /* the OST index made anew */
	bool dry_run;
	bool delete_orphans;                     /* not to lost+found */
	void (*note)(void *arg, const char *fmt, ...)
		__attribute__((format(printf, 2, 3)));  /* optional log */
	void *note_arg;
	/* Polled before each file and object the walks visit (may be NULL):
	 * once set, lfsck_run stops with -EINTR. Every step is safe to stop
	 * between (each is safe against a kill), so what was done stands and
	 * another run finishes. */
	const volatile sig_atomic_t *cancel;
};

/* Orphan scan (lfsck.c), used by lfsck_run. */
int lfsck_orphans(struct lfs_store *s, struct lfsck_report *r);
/* May this process scan for orphans? 0, or -EPERM with *e filled. */
int lfsck_orphans_allowed(struct lfs_store *s, struct lfs_error *e);
/* Re-derive inode sizes from objects where a crash left them short;
 * named[ost] (nr_named of them, zeroed: the OST count when it was
 * allocated, which an `ost add` meanwhile passes) gets the largest id of
 * each OST a layout (of a file, a PENDING inode, a journal record) names. */
int lfsck_fix_sizes(struct lfs_store *s, struct lfsck_report *r,
		    uint64_t *named, uint32_t nr_named);
int recover_if_needed(struct lfs_store *s, struct lfs_error *e);
int lfsck_run(struct lfs_store *s, bool orphans, bool dry_run,
	      struct lfsck_report *r, struct lfs_error *e);

#endif
