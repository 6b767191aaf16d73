/*
 * migrate_run.h - migrate many files in one run: what `lfs migrate`, the
 * Lua bindings and `lfs find | migrate` call.
 *
 * migrate_run() takes names from an iterator (or migrate_run_list() from
 * an array), resolves each against a namespace cwd (ns.h) and migrates
 * it (migrate.h):
 *  - small files go in batches through migrate_files(), sharing their
 *    durability points; a file of MIGRATE_BATCH_MAX_SIZE or more, and
 *    every file with auto_stripe, goes alone, so a run stopped half-way
 *    keeps each file it finished.
 *    A batch keeps its files open: its size follows the open-file limit
 *    (RLIMIT_NOFILE, divided among the jobs; the library never raises
 *    it: `lfs migrate` raises its soft limit to the hard one first);
 *  - a file already in the requested layout is only opened and compared
 *    (migrate.h): no volatile, no object, no copy, no sync; so a run
 *    interrupted and started again with the same list and layout redoes
 *    nothing it finished. (Without a layout every file is placed afresh:
 *    that is what no layout asks for.);
 *  - a hard-link set is migrated once per run: a further name of a file
 *    the run migrated is reported with skipped_link and left alone; so
 *    is a name listed again in the same batch, settled after the first
 *    and by its outcome (its failure when it failed);
 *  - jobs > 1 with two names or more: that many threads, each with its
 *    own store handle (store_open_again(s)), take names from
 *    the iterator in batches; otherwise the caller's thread does the
 *    work on s. A handle migrating many files keeps spares (spare.h).
 *
 * Callbacks are serialized (called under the run's lock, so the iterator
 * and the callbacks need no locking of their own; they must not use the
 * run's store handles). on_file is called
 * once per name as it is settled: a name that cannot be resolved or is a
 * further hard link at once, a batched file when its batch ends; with
 * jobs <= 1 that is the order `lfs migrate` prints in.
 *
 * on_progress gets the run's figures (struct migrate_run_progress) as
 * files are copied and settled, at most every progress_interval seconds,
 * and once at the end; o->summary, when set, gets what the run did.
 *
 * o->cancel, when set, is the caller's interrupt flag (the library
 * installs no signal handler): once it is nonzero the run takes no more
 * names, begins no more files, and the files in flight either finish
 * (their copy done) or are left as they were (migrate.h); those count as
 * interrupted. The summary says what was done.
 *
 * Returns 0, or the first failure (-errno): a file's, the iterator's, or
 * a -j thread's that could not open its store handle; -EINTR, whatever
 * else failed, when *o->cancel was set by the end.
 */
#ifndef LFS_MIGRATE_RUN_H
#define LFS_MIGRATE_RUN_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "layout.h"
#include "migrate.h"
#include "runs.h"
#include "store.h"

#define MIGRATE_BATCH_MAX_SIZE (4LL << 20)

/* One name's outcome. */
struct migrate_file_result {
	/* The name as given; NULL for a failure that is no file's (a -j
	 * thread could not open its store handle: err is store_open_again()'s). */
	const char *path;
	int rc;                  /* 0 or -errno */
	/* When rc: the migration step that failed ("cannot get lease", ""
	 * if none; Lustre prints "FILE: STEP: strerror"). When name_refused
	 * (the name is empty, climbs above the root or is too long), the
	 * whole reason, "" for strerror(-rc). */
	struct lfs_error err;
	bool name_refused;
	bool skipped_link;       /* a further name (or the same one again) of a
				  * file migrated already */
	struct migrate_result res;   /* freed by the run after on_file */
};

/* What a run did, per name taken (a -j thread's failure to open its
 * handle is no name's). */
struct migrate_run_summary {
	/* = migrated + skipped + busy + failed + interrupted */
	uint64_t names;
	uint64_t migrated;           /* dry run: would be */
	/* Already in the requested layout, or a further name of a hard-link
	 * set the run migrated. */
	uint64_t skipped;
	uint64_t busy;               /* -EBUSY, -EAGAIN: in use; try again */
	uint64_t failed;             /* any other failure, refused names too */
	/* Stopped by o->cancel, left as they were: files in flight and
	 * the rest of their batch (names taken but in no batch yet are not
	 * counted at all). */
	uint64_t interrupted;
	/* Data bytes copied, by failed files too (a dry run: the sizes of
	 * the files that would move). */
	uint64_t bytes;
	double elapsed;              /* seconds */
};

/* The run's progress (on_progress). */
struct migrate_run_progress {
	uint64_t files_done;         /* names settled */
	/* Names in the run: o->total, else, once the iterator has ended,
	 * the names it gave; 0 while unknown. */
	uint64_t files_total;
	uint64_t bytes;              /* as the summary's, files in flight too */
	double elapsed, rate;        /* seconds; bytes per second */
	/* Seconds left, from the share of the names done (a file in flight
	 * counts by its bytes copied); < 0 while files_total is unknown or
	 * nothing is done. */
	double eta;
	/* The file this call is about (copied or settled; at the end the
	 * last one settled, NULL if none): its name, data bytes copied and
	 * size. */
	const char *path;
	uint64_t file_bytes, file_size;
	bool end;                    /* the last call: the run is over */
};

struct migrate_run_opts {
	/* Requested layout; NULL keeps each file's geometry (migrate.h). */
	const struct lfs_layout *layout;
	bool nonblock, dry_run;
	/* -A: the stripe count from each file's size (migrate_auto_stripe_
	 * count), the stripe size and pool from layout's first component. */
	bool auto_stripe;
	uint64_t bandwidth;          /* bytes per second, 0 = unlimited */
	unsigned jobs;               /* 0 or 1: the caller's thread */
	void (*on_file)(void *arg, const struct migrate_file_result *f);
	void (*on_progress)(void *arg, const struct migrate_run_progress *p);
	double progress_interval;    /* seconds */
	/* Names the iterator will give, 0 if unknown (migrate_run_list()
	 * sets it): files_total and the ETA. */
	uint64_t total;
	struct migrate_run_summary *summary;   /* filled at the end; may be NULL */
	/* A -j thread's handle is about to close: the caller may take what
	 * the library noted in it (store_take_lastid_fixes). May be NULL. */
	void (*on_handle_close)(void *arg, struct lfs_store *s);
	void *arg;                   /* passed to the callbacks */
	/* Polled between names, files and chunks; NULL: never interrupted. */
	const volatile sig_atomic_t *cancel;
	/* The run's record for `lfs jobs` (runs.h), started by the caller
	 * (migrate_run_record) and finished after the run: the
	 * run writes it at its start and then at each progress report
	 * (every progress_interval seconds, on_progress set or not). A
	 * record that cannot be written costs only the listing: ignored.
	 * NULL: none. */
	struct runs_writer *record;
};

/* next() gives the next name (valid until its next call) and returns 1,
 * 0 at the end, or -errno (the run stops taking names). cwd: the
 * namespace directory relative names start from (NULL: "/"). */
int migrate_run(struct lfs_store *s, const char *cwd,
		int (*next)(void *arg, const char **path), void *next_arg,
		const struct migrate_run_opts *o);
int migrate_run_list(struct lfs_store *s, const char *cwd,
		     const char *const *paths, size_t n,
		     const struct migrate_run_opts *o);
/* The same over any backend (backend.h): fs its handle, names as its
 * resolve() takes them (the client's: host paths); -j threads get
 * handles from fs_again(). on_handle_close is called for the store's
 * only. */
int migrate_run_on(const struct lfs_backend_ops *be, void *fs, const char *cwd,
		   int (*next)(void *arg, const char **path), void *next_arg,
		   const struct migrate_run_opts *o);
int migrate_run_list_on(const struct lfs_backend_ops *be, void *fs,
			const char *cwd, const char *const *paths, size_t n,
			const struct migrate_run_opts *o);

/* o->record for a run in store s, or, s NULL, on the Lustre mount of
 * host path through api (runs_start_at): what `lfs migrate` and Lua's
 * migrations record for `lfs jobs`. None for a dry run, which moves
 * nothing, nor when it cannot be made: only the listing misses the run. */
void migrate_run_record(struct lfs_store *s, const struct lfs_llapi *api,
			const char *path, struct migrate_run_opts *o);

/* `--copy FILE`: the layout of the file at rel (root-relative), or of a
 * directory the default its new files take (getstripe -d's), its
 * placement (OSTs, objects) dropped, for migrating others to. -ENODATA
 * when it has none. */
int migrate_layout_of(struct lfs_store *s, const char *rel,
		      struct lfs_layout **out, struct lfs_error *e);

#endif
