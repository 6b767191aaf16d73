/*
 * store.h - the embedded store: creation, discovery, configuration.
 *
 * A store is a directory (docs/DESIGN.md section 2):
 *   lfs-store.conf   fsname, format, OSTs (capacity, state), pools
 *   mdt/ROOT         the namespace          mdt/PENDING  in-flight inodes
 *   mdt/JOURNAL      layout-swap intents    mdt/LAYOUTS  large layouts
 *   ost/OSTxxxx/     O/0/d<id%32>/<id> objects, LAST_ID, USAGE (an OST
 *                    added with --path lives where the conf says)
 *   ost/RR           the round-robin cursor
 *   ost/ADDING       the intent of an `ost add` under way (ost_admin.c)
 *   run/             one locked file per process that opened for writing
 *
 * Contract:
 *  - store_open() returns a handle holding the directory fds and a snapshot
 *    of the configuration; nothing global. A handle is used by one thread
 *    at a time (migrate -j uses one handle per worker).
 *  - Configuration changes go through store_conf_update(): the file is
 *    locked, reread, changed by the callback, written to a temporary file,
 *    fsynced and renamed, so readers never see half a file.
 *  - Opening for writing runs recovery (recover.h) when an earlier process
 *    died holding the store (its run/ file is unlocked).
 */
#ifndef LFS_STORE_H
#define LFS_STORE_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "error.h"
#include "layout.h"

#define LFS_STORE_FORMAT     1
#define LFS_STORE_MARKER     "lfs-store.conf"
#define LFS_FSNAME_MAX       8        /* Lustre: at most 8 characters */
#define LFS_MAX_OSTS         1024
#define LFS_MAX_POOLS        64
#define LFS_QOS_THRESHOLD_RR 17       /* percent */
#define LFS_LASTID_FIXES     8
#define LFS_CONF_BAD_MAX     16
#define LFS_CONF_BAD_LEN     512
#define LFS_OST_PATH_MAX     256

enum lfs_ost_state { OST_ACTIVE = 0, OST_INACTIVE };

struct lfs_ost_conf {
	uint64_t capacity;           /* bytes */
	enum lfs_ost_state state;
	bool nocreate;               /* max_create_count=0: no new objects */
	bool degraded;
	/* Retired by store_ost_remove(): a tombstone keeping the index
	 * from reuse; no directory, no objects, never allocated from. */
	bool removed;
	/* Its directory when not ost/OSTxxxx: relative to the store
	 * directory when inside it, else absolute (lfs ost add --path). */
	char path[LFS_OST_PATH_MAX];
};

struct lfs_pool {
	char name[LFS_POOL_NAME_MAX + 1];
	uint32_t nr_osts;
	uint32_t osts[LFS_MAX_OSTS];
};

struct lfs_conf {
	unsigned format;
	char fsname[LFS_FSNAME_MAX + 1];
	uint32_t ost_count;
	struct lfs_ost_conf osts[LFS_MAX_OSTS];
	uint32_t nr_pools;
	struct lfs_pool pools[LFS_MAX_POOLS];
	/* Lines read but not understood (a pool line an older lfs wrote
	 * with a name that split it, a duplicate or unknown key): ignored,
	 * kept verbatim on every write, reported by the commands, removed
	 * by store_pool_destroy() of the name that made them. Any other
	 * malformed line is an error naming it. */
	uint32_t nr_bad;
	struct lfs_conf_bad {
		unsigned lineno;
		char text[LFS_CONF_BAD_LEN];
	} bad[LFS_CONF_BAD_MAX];
};

/* LAST_ID found behind an existing object and moved past it (ost.h),
 * as store_take_lastid_fixes() reports it. */
struct lfs_lastid_fix {
	uint32_t ost;
	uint64_t was;        /* the LAST_ID the ids came from */
	uint64_t found;      /* the largest object present */
};

/* A handle on an open store. Its fields are private to lib/
 * (store_internal.h): read them through the accessors below. */
struct lfs_store;

struct lfs_mkfs_opts {
	const char *fsname;          /* default "lustre" */
	uint32_t osts;               /* default 4 */
	uint64_t ost_size;           /* default 1 GiB */
	int32_t stripe_count;        /* root default, default 1 */
	uint64_t stripe_size;        /* root default, default 1 MiB */
};

/* store_open()'s mode: LFS_STORE_RDONLY or LFS_STORE_RDWR, or-ed with
 * LFS_STORE_FREE_LATER to let the handle start processes: the last close
 * of a destroyed object of OST_FREE_LATER_BYTES or more is then left to
 * a forked helper, so the caller does not wait while the host frees its
 * blocks (ost.h). The command line sets it; without it (the library's
 * default, for a host such as a long-lived interpreter that must not
 * see children it did not start) that close frees the blocks itself. */
enum { LFS_STORE_RDONLY = 0, LFS_STORE_RDWR = 1, LFS_STORE_FREE_LATER = 2 };

int store_mkfs(const char *dir, const struct lfs_mkfs_opts *o,
	       struct lfs_error *e);
int store_open(const char *dir, int mode, struct lfs_store **out,
	       struct lfs_error *e);
/* Another handle on s's store, opened with s's mode (a -j worker's). */
int store_open_again(const struct lfs_store *s, struct lfs_store **out,
		     struct lfs_error *e);
void store_close(struct lfs_store *s);
/* Find the store: explicit dir, else $LFS_STORE, else the nearest ancestor
 * of cwd holding the marker. *out is malloc'd. -ENOENT when none. */
int store_discover(const char *explicit_dir, char **out);

/* Reread the configuration from disk into s->conf. */
int store_conf_reload(struct lfs_store *s);
/* Locked read-modify-write of the configuration; fn returns 0 or -errno
 * (nothing is written on error). */
int store_conf_update(struct lfs_store *s,
		      int (*fn)(struct lfs_conf *c, void *arg,
				struct lfs_error *e),
		      void *arg, struct lfs_error *e);

/* Pools and OST states (the lctl side of Lustre). */
const struct lfs_pool *store_pool_find(const struct lfs_conf *c,
				       const char *name);
bool store_pool_has(const struct lfs_pool *p, uint32_t ost);
int store_pool_new(struct lfs_store *s, const char *name,
		   struct lfs_error *e);
/* Also takes a name that fails the rule when the lines an unchecked
 * `pool new NAME` wrote are found (lfs_conf.bad, or an empty pool for a
 * valid first line): they are removed, so an admin can undo it. */
int store_pool_destroy(struct lfs_store *s, const char *name,
		       struct lfs_error *e);
int store_pool_add(struct lfs_store *s, const char *name,
		   const uint32_t *osts, uint32_t n, struct lfs_error *e);
int store_pool_remove(struct lfs_store *s, const char *name,
		      const uint32_t *osts, uint32_t n, struct lfs_error *e);
enum lfs_ost_op { OST_OP_ACTIVATE, OST_OP_DEACTIVATE, OST_OP_NOCREATE,
		  OST_OP_CREATE, OST_OP_DEGRADE, OST_OP_UNDEGRADE };
int store_ost_set(struct lfs_store *s, uint32_t ost, enum lfs_ost_op op,
		  struct lfs_error *e);
/* Growing and shrinking the store (ost_admin.c). store_ost_add() makes
 * count (default 1) OSTs at the next never-used indexes (*first the
 * first), of size bytes each (default: the last OST's capacity), in
 * ost/ or, with path, in that host directory (recorded relative to the
 * store when inside it, else absolute), and commits them to the
 * configuration at once: a kill leaves the old store or the new one, and
 * what an interrupted add made is removed by the next add or by
 * recovery (store_ost_cleanup). */
struct lfs_ost_add_opts {
	uint32_t count;
	uint64_t size;
	const char *path;
};
int store_ost_add(struct lfs_store *s, const struct lfs_ost_add_opts *o,
		  uint32_t *first, struct lfs_error *e);
/* Retire an OST that holds no objects (-ENOTEMPTY naming the count
 * otherwise, and nothing changes): the configuration keeps it as removed,
 * so its index is never reused; pools drop it; its directory goes. The
 * namespace walk polls cancel (may be NULL): set, it stops, and the OST
 * is left as it was (-EINTR). */
int store_ost_remove(struct lfs_store *s, uint32_t ost,
		     const volatile sig_atomic_t *cancel, struct lfs_error *e);
/* Undo an interrupted add or remove (under the configuration lock). */
int store_ost_cleanup(struct lfs_store *s, struct lfs_error *e);
/* The absolute path of OST ost's directory. */
int store_ost_dir(const struct lfs_store *s, uint32_t ost, char *buf,
		  size_t len);
/* 0 when the OST serves in this handle; -ENODEV when the store has no
 * such OST or it was removed; else why its directory cannot be opened
 * (-ENOENT: missing: the OST is unavailable, shown inactive). */
int store_ost_state(const struct lfs_store *s, uint32_t ost);
/* Parse "3", "0x3", "lustre-OST0003", "lustre-OST0003_UUID". */
int store_parse_ost_name(const struct lfs_conf *c, const char *text,
			 uint32_t *ost);
/* An OST operand of `ost` and lfs.ost_set: store_parse_ost_name() with
 * the message a user gets: -EINVAL "TEXT: not an OST index or UUID",
 * -ENODEV "OST TEXT does not exist (the filesystem has N OSTs)" or
 * "OSTxxxx was removed (ost remove)". */
int store_ost_lookup(const struct lfs_conf *c, const char *text,
		     uint32_t *ost, struct lfs_error *e);
/* One OST operand of `pool add` and `pool remove` (lctl's): an index,
 * a name (store_parse_ost_name, or lctl's "OST0002" without the fsname)
 * or a list "1,3-5", appended to *osts (realloc'd). -EINVAL "TEXT: not
 * an OST index, range or UUID", -ENODEV "OST N does not exist (the
 * filesystem has N OSTs)", -ENOMEM. */
int store_parse_ost_operand(const struct lfs_conf *c, const char *text,
			    uint32_t **osts, uint32_t *n, struct lfs_error *e);
/* Can the OST take new objects? */
bool store_ost_usable(const struct lfs_conf *c, uint32_t ost);

/* Accessors: what a program outside lib/ may read of a handle (the
 * struct itself becomes private to lib/). */
const struct lfs_conf *store_conf(const struct lfs_store *s);
const char *store_path(const struct lfs_store *s);
bool store_writable(const struct lfs_store *s);
/* Is the store still there: its marker in the directory the handle
 * opened (false once the store was removed under an open handle)? */
bool store_present(const struct lfs_store *s);
/* What recovery did when this handle opened the store. */
struct lfs_recovery_counts {
	unsigned forward, back, pending, unfinished;
};
void store_recovery_counts(const struct lfs_store *s,
			   struct lfs_recovery_counts *out);
/* The LAST_ID repairs noted since the last call, oldest first (the
 * newest LFS_LASTID_FIXES of them), copied into fixes[LFS_LASTID_FIXES];
 * the handle forgets them. Returns the number copied. */
unsigned store_take_lastid_fixes(struct lfs_store *s,
				 struct lfs_lastid_fix *fixes);

/* The filesystem default layout (root directory's), never NULL fields. */
int store_root_default(struct lfs_store *s, struct lfs_layout **out);

#endif
