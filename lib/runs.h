/*
 * runs.h - what a running migration records in the store, for `lfs jobs`
 * (docs/DESIGN.md section 2.8).
 *
 * A run's record is run/<handle's run name>.job, a few "key: value" text
 * lines. runs_update() writes it whole into an O_TMPFILE locked LOCK_OWNER
 * exclusive, then links it over the old one (renameat), so a reader sees
 * either the old record or the new one, never half of one, and the lock
 * follows the record: the writer keeps the current one's fd open. So a
 * record follows run/'s rule (section 2.8): while its lock can be taken
 * its process is dead, and recovery (recover_if_needed, lfsck) counts and
 * removes it as it removes a dead handle's run/ file. runs_finish()
 * removes the record of a run that ends.
 *
 * The writer needs a writable handle (store_writable); the reader any.
 * Calls on one writer must not run at once (migrate_run serializes its
 * progress callback). Returns 0 or -errno.
 *
 * A run on a Lustre client mount has no store to hold its record: it
 * keeps the same record, locked the same way, in a directory of this host
 * and user, $XDG_RUNTIME_DIR/lfs-runs, else /tmp/lfs-runs-EUID (made 0700;
 * one that is not a directory of the caller's, closed to others, is
 * refused, -EPERM), named FSNAME.PID.NSEC.job. So the client's listing is
 * this host's and this user's runs on that filesystem, no other node's.
 * A dead run there needs no recovery (the kernel dropped its group lock
 * and lease, its volatile file had no name): runs_list_client() lists it
 * once as dead and removes its record.
 */
#ifndef LFS_RUNS_H
#define LFS_RUNS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "llapi.h"
#include "store.h"

struct run_record {
	pid_t pid;
	int64_t started;             /* seconds since the epoch */
	uint64_t files_done;
	uint64_t files_total;        /* 0 while unknown */
	uint64_t bytes;              /* data bytes copied */
	double rate;                 /* bytes per second */
	char current[4096];          /* the file in flight, "" if none */
	bool dead;                   /* runs_list: its process is gone */
};

struct runs_writer;

/* A writer for the run of handle s (no record until runs_update). */
int runs_start(struct lfs_store *s, struct runs_writer **out);
/* Replace the record with r (r->pid and r->dead are not written: the
 * pid is the caller's, liveness the lock's). */
int runs_update(struct runs_writer *w, const struct run_record *r);
/* Remove the record and free w; NULL is a no-op. */
void runs_finish(struct runs_writer *w);

/* The records in the store, oldest first; *out is NULL when none.
 * Free with free(). A record unreadable or gone meanwhile is left out. */
int runs_list(struct lfs_store *s, struct run_record **out, size_t *n);

/* The same for a run on a Lustre client mount of filesystem fsname. */
int runs_start_client(const char *fsname, struct runs_writer **out);
/* A run's writer where its files are: in store s, or, s NULL, for the
 * Lustre mount of host path through api (runs_start_client of its
 * filesystem). What `lfs migrate` and Lua's migrations record. */
int runs_start_at(struct lfs_store *s, const struct lfs_llapi *api,
		  const char *path, struct runs_writer **out);
int runs_list_client(const char *fsname, struct run_record **out, size_t *n);

#endif
