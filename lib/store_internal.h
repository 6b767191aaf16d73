/* store_internal.h - the store handle's fields, xattr names and the
 * configuration parser: shared by lib/'s files (and the tests); not an
 * API. A program outside lib/ sees struct lfs_store as opaque. */
#ifndef LFS_STORE_INTERNAL_H
#define LFS_STORE_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "counter.h"
#include "store.h"

#define XATTR_LOV  "user.lfs.lov"   /* binary layout (or side-file ref) */
#define XATTR_DV   "user.lfs.dv"    /* data version, u64 little-endian */
#define XATTR_TRUNC "user.lfs.trunc" /* size of a shrink under way, u64 (io_write.c) */

/* The handle store_open() returns (store.h). */
struct lfs_store {
	char *path;          /* absolute store directory */
	int dir_fd;          /* STORE */
	int root_fd;         /* STORE/mdt/ROOT (namespace root) */
	int pending_fd;      /* STORE/mdt/PENDING */
	int journal_fd;      /* STORE/mdt/JOURNAL */
	int layouts_fd;      /* STORE/mdt/LAYOUTS */
	int *ost_fd;         /* STORE/ost/OSTxxxx, nr_ost_slots; -1 when
				removed or unavailable */
	dev_t *ost_dev;      /* the host filesystem of each */
	int *ost_errno;      /* why an OST is unavailable (0: it is not) */
	uint32_t nr_ost_slots;   /* length of the per-OST arrays */
	struct counter_file *usage;  /* their USAGE files, mapped on first use */
	struct counter_file rr;      /* ost/RR, the round-robin cursor */
	struct timespec conf_mtime;   /* of the lfs-store.conf read last */
	ino_t conf_ino;
	int run_fd;          /* our locked run/ file, -1 when read-only */
	int commit_fd;       /* STORE again: the shared flock a layout write
				holds (store_layout_commit), -1 until then */
	unsigned commit_depth;   /* begins not ended yet (nested: a batch) */
	char run_name[64];
	bool writable;
	int mode;            /* store_open()'s */
	struct lfs_conf *conf;
	/* Object ids reserved from LAST_ID but not handed out yet. */
	uint64_t *id_next, *id_end;
	unsigned int rand_state;   /* allocator's QoS choice (rand_r) */
	/* This handle's journal file (journal.h), -1 until its first swap. */
	int journal_own_fd;
	char journal_own_name[64];
	size_t journal_len;
	/* Inodes kept for reuse (spare.h), NULL unless enabled. */
	struct lfs_spares *spares;
	/* Closes its small objects' descriptors (closer.h), NULL unless
	 * migrating many files. */
	struct closer *closer;
	bool no_openat2;           /* kernel (or valgrind) lacks openat2 */
	/* Pairs of host filesystems (source, target) between which
	 * copy_file_range() said EXDEV: copied through a buffer at once
	 * (io_copy.c). */
	struct { dev_t from, to; } no_copy_range[8];
	unsigned nr_no_copy_range;
	/* The migrate backend's last layout_fill(): the request and the
	 * parent directory it was filled for, until the batch ends
	 * (backend_store.c). */
	const struct lfs_layout *fill_req;
	char *fill_parent;
	struct lfs_layout *fill_layout;
	bool batch_commit;         /* it holds the configuration lock */
	int batch_index;           /* and the OST index (ostindex_hold's) */
	/* What recovery did when this handle opened the store. */
	unsigned recovered_forward, recovered_back, recovered_pending;
	unsigned recovered_unfinished;   /* entries it had to leave (recover.h) */
	/* LAST_ID found behind an existing object and moved past it
	 * (ost.h): the last LFS_LASTID_FIXES of nr_lastid_fix, for the
	 * caller to report and then reset. */
	struct lfs_lastid_fix lastid_fix[LFS_LASTID_FIXES];
	unsigned nr_lastid_fix;
	/* The OST index (ostindex.h): this handle appended to it since
	 * its last sync; its run file names this boot, made durable; a
	 * file it appended to is over the compaction threshold. */
	bool ostindex_dirty, ostindex_marked, ostindex_over;
	/* Its directory (-1 until used) and files, open for appends. */
	int ostindex_dir;
	unsigned ostindex_depth;  /* holds not released (ostindex.h) */
	uint64_t ostindex_hold_seq;  /* outermost holds taken */
	struct ostindex_file *ostindex_files;
	uint32_t ostindex_nfiles;
};

/* One OST's index file as a handle keeps it (ostindex.c). */
struct ostindex_file {
	int fd;             /* open for appends, -1 */
	uint64_t live;      /* its user.lfs.live when opened */
	/* Checked (not replaced, its size) in hold ostindex_hold_seq
	 * `seen` (none can replace it while the hold lasts); records
	 * then, plus this handle's appends since. */
	uint64_t seen, records;
	bool over;          /* above the compaction threshold */
};


/* 1 to LFS_FSNAME_MAX letters, digits or '_' (mkfs.lustre also takes
 * '-'; ours does not, so "FSNAME-OSTxxxx" splits one way only). */
bool store_fsname_ok(const char *name);
/* A path= value the configuration can hold on its line: 1 to
 * LFS_OST_PATH_MAX-1 bytes, no blank or control character. */
bool store_ost_path_ok(const char *path);
/* Probe that dir (open as fd) takes user xattrs; e names dir. */
int store_check_xattrs(int fd, const char *dir, struct lfs_error *e);
/* Make an empty OST at rel (relative to at_fd, or absolute): its
 * O/0/d0..d31 and a LAST_ID of 0, fsynced. */
int store_ost_make(int at_fd, const char *rel);
/* Is OST ost there to hold objects in this handle (in the store, not
 * removed, its directory open)? */
static inline bool store_ost_present(const struct lfs_store *s, uint32_t ost)
{
	return ost < s->conf->ost_count && ost < s->nr_ost_slots &&
	       s->ost_fd[ost] >= 0;
}
/* Bring the handle's per-OST arrays and directory fds in line with
 * s->conf after it changed (OSTs added, removed, or their directory
 * appeared or vanished): an OST whose directory cannot be opened is
 * unavailable (ost_fd -1, shown inactive in the handle's conf). */
int store_osts_sync(struct lfs_store *s);
/* A layout write (layout_xattr_set) happens between these two: under the
 * configuration lock held shared, with the configuration reread, it is
 * refused (-ENODEV) when l names an OST removed meanwhile. `ost remove`
 * counts the layouts naming its OST under the same lock held exclusive,
 * so no layout naming it lands after the count. begin returns 0 (then
 * call end) or -errno. They nest: a migrate batch holds the lock (l
 * NULL) from its intents to its end, and its swaps' layout writes cost
 * no system call; store_conf_reload() has nothing to reread then. */
int store_layout_commit_begin(struct lfs_store *s, const struct lfs_layout *l);
void store_layout_commit_end(struct lfs_store *s);
/* rc, explained in e ("OST0002 was removed (ost remove)") when it is the
 * refusal above of l, for a new layout's callers to pass on. */
int store_layout_refused(struct lfs_store *s, const struct lfs_layout *l,
			 int rc, struct lfs_error *e);
/* Undo what an `ost add` killed before its configuration was written
 * left (ost/ADDING); called with the configuration lock held or by
 * recovery. 0, or -errno. */
int ost_add_cleanup(struct lfs_store *s, const struct lfs_conf *c);
int store_conf_read(int dir_fd, struct lfs_conf *c, struct lfs_error *e);
/* The same parser over text in memory (the fuzz target's entry). */
int store_conf_parse(const char *text, size_t len, struct lfs_conf *c,
		     struct lfs_error *e);
int store_conf_create(int dir_fd, const struct lfs_conf *c);

#endif
