/*
 * find.h - lfs find as library calls: a filter built from Lustre's find
 * options, a walk handing each matching entry to a callback, and
 * --printf's directives: find.c (the filter; its time tests in
 * find_time.c, sharing find_internal.h), find_walk.c (the match, the
 * walk's entry points, --printf), find_tree.c (the walk), find_client.c
 * (a Lustre client mount).
 *
 * Contract:
 *  - A filter is built with find_filter_init() and one find_filter_set()
 *    per test, keyed by the test's long option name ("size", "ost",
 *    "mtime", "newercm"; '_' may stand for '-') and taking the option's
 *    text exactly as `lfs find` gets it, so the command and Lua parse
 *    alike. Malformed text is -EINVAL; an OST, MDT, pool, user or group
 *    that does not exist is -ENOENT; both with a message in *e.
 *  - Tests AND; `negate` is Lustre's `!` before the option. Semantics
 *    are Lustre 2.15.3's cb_find_init (docs/DESIGN.md section 6):
 *    numbers as find_value_cmp(), times as set_time + find_time_check.
 *  - find_walk() visits a tree in a fixed order: the start, then each
 *    directory's entries sorted bytewise by name, a directory before its
 *    contents. Symbolic links are never followed (the start included).
 *    It holds one directory's name list per level being walked, never
 *    the tree. An entry's layout is read only when a test or
 *    find_printf() needs it; when the tests read layouts, those of a
 *    directory's regular files that pass -name and -type are read ahead,
 *    256 at a time, on every core (one thread per core, sharing the
 *    store handle, which they only read), and matched in order.
 *  - With --ost (not negated) and a trusted OST index (ostindex.h, which
 *    is exact), a regular file is on the named OSTs exactly when its
 *    d_ino is in the index's live set of one of them: --ost is answered
 *    without reading its layout. When --ost is the only layout test, the
 *    walk reads no layout at all (only directory listings); other layout
 *    tests read the layouts of the files on the OSTs only. A layout that
 *    cannot be read is then not reported where no layout is read. The
 *    set is held sorted (8 bytes per file on the OSTs). `! --ost`, or no
 *    trusted index, reads every regular file's layout.
 *  - An entry is lstat'ed only when a test needs more than its type
 *    (find_filter_needs_stat()) or the caller sets want_stat (as
 *    find_printf() needs); otherwise ent->st holds only st_mode and
 *    st_ino, as the directory listing gave them.
 *  - A failure on one entry (a directory that cannot be listed, a layout
 *    that cannot be read) goes to the callback as an entry with err set,
 *    and the walk goes on.
 *  - f->cancel, when set, is the caller's interrupt flag: once it is
 *    nonzero the walk ends before its next entry with -EINTR.
 *  - Nothing prints; the filter is read-only during a walk, so one filter
 *    may serve several walks (one thread per store handle, store.h).
 */
#ifndef LFS_FIND_H
#define LFS_FIND_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <time.h>

#include "error.h"
#include "layout.h"
#include "llapi.h"
#include "store.h"

/* One number test: find_value_cmp's sign (-1 above, 0 equal, +1 at most
 * N-1 units: Lustre's parser inverts "+" and "-"), value and unit. */
struct find_num {
	bool set, negate;
	int sign;
	uint64_t val, unit;
};

enum { FIND_ATIME, FIND_MTIME, FIND_CTIME, FIND_BTIME, FIND_NTIMES };
enum { FIND_PERM_EXACT = 1, FIND_PERM_ALL, FIND_PERM_ANY };

struct find_filter {
	time_t now;                  /* what -mtime N counts back from */
	const char *cwd;             /* resolves --newer FILE; "/" default */
	int max_depth, min_depth;    /* -1: no limit; 0 */
	bool lazy;                   /* accepted: the inode size is the size */
	bool want_stat;              /* the callback reads ent->st: lstat all */
	char *name;                  /* -n GLOB, or NULL */
	bool name_negate;
	mode_t type;                 /* S_IF* or 0 */
	bool type_negate;
	struct find_num size, blocks, stripe_count, stripe_size;
	struct find_num comp_count, comp_start, comp_end;
	/* -A -M -C -B: limit = now - N units, sign +1 older, -1 newer. */
	struct find_num times[FIND_NTIMES];
	uint64_t time_margin;        /* seconds; 24 h unless a unit says */
	/* --newerXY: [X][negated] reference seconds, 0 unset. */
	time_t newer[FIND_NTIMES][2];
	bool check_uid, uid_negate, check_gid, gid_negate;
	uint32_t uid, gid;
	int perm_sign;               /* FIND_PERM_*, 0 unset */
	bool perm_negate;
	mode_t perm;
	uint32_t *osts, nr_osts;     /* --ost: any of them */
	bool ost_negate;
	bool check_mdt, mdt_negate;
	bool check_pool, pool_negate;
	char pool[LFS_POOL_NAME_MAX + 1];   /* "" no pool, "*" any */
	bool check_layout, layout_negate;
	uint32_t layout;             /* FIND_PAT_* bits */
	bool check_comp_flags;
	uint32_t comp_flags, comp_neg_flags;
	/* Not a test: the walk's interrupt flag (see above), NULL none. */
	const volatile sig_atomic_t *cancel;
	/* Walk every layout even where the OST index could answer --ost
	 * (a test hook: LFS_FIND_NO_INDEX in the command). */
	bool no_index;
	/* Not a test: set (before any find_filter_set) when the paths are on
	 * a Lustre client mount, mount_path one of them; then find_filter_set
	 * takes s NULL and checks OSTs, MDTs, pools and --newer files on the
	 * client (find_client.c), and find_walk walks host paths reading
	 * layouts through liblustreapi (lustre_entry_layout). */
	const struct lfs_llapi *api;
	const char *mount_path;
};

/* -L names: raid0 and overstriping are our patterns; released and mdt
 * are Lustre's and never match here. */
#define FIND_PAT_MDT      0x100
#define FIND_PAT_RELEASED 0x80000000u

void find_filter_init(struct find_filter *f, time_t now);
void find_filter_free(struct find_filter *f);
/* One test, as `lfs find --long_name value` (value NULL for "lazy").
 * s is needed for ost, obd, stripe-index, mdt, pool and newer*. */
int find_filter_set(struct find_filter *f, const char *long_name,
		    const char *value, bool negate, struct lfs_store *s,
		    struct lfs_error *e);
/* Does the filter read layouts (ost, pool, stripe and component tests,
 * -b)? Without them a walk opens no file. */
bool find_filter_needs_layout(const struct find_filter *f);
/* ... for a test other than --ost? Without, a trusted OST index answers
 * --ost and the walk reads no layout. */
bool find_filter_needs_layout_but_ost(const struct find_filter *f);
/* Does the walk lstat each entry (tests of size, -b, times, owners,
 * --perm, or want_stat)? Without, a directory listing's types suffice. */
bool find_filter_needs_stat(const struct find_filter *f);

/* Lustre's find_value_cmp (mds = 0): 1 when file passes, -1 when not. */
int find_value_cmp(uint64_t file, uint64_t limit, int sign, bool negate,
		   uint64_t margin);

struct find_entry {
	const char *path;   /* the start's name joined with the names below */
	int depth;          /* 0 for the start */
	struct stat st;     /* lstat (only st_mode, st_ino: see above) */
	bool st_full;       /* st is a whole lstat */
	int err;            /* 0: a match; -errno: this entry failed */
	struct lfs_error e; /* with err: what failed */
	/* The walk's; read through find_entry_layout(). */
	struct lfs_store *s;
	const struct lfs_llapi *api;   /* on a mount: s NULL */
	int dir_fd, fd;     /* parent, and the entry (a directory) or -1 */
	const char *base;   /* name in dir_fd */
	bool layout_read;
	int layout_rc;
	struct lfs_layout *layout;
	/* The walk's, from a trusted OST index: 1 when the entry (a
	 * regular file) has an object on one of --ost's OSTs, -1 when it
	 * has none, 0 not known (read the layout). */
	int ost_indexed;
};
/* The entry's layout (a directory's own default), read once; NULL with 0
 * when it has none (a special file, a file not yet striped). -errno when
 * it cannot be read (-EINVAL: corrupt). */
int find_entry_layout(struct find_entry *ent, const struct lfs_layout **out);
/* 1 when ent passes every test, 0 when not, -errno (with ent->e) when a
 * layout a test needs cannot be read. */
int find_match(const struct find_filter *f, struct find_entry *ent);

/* cb gets each match (err 0) and each failure (err set); its non-zero
 * return stops the walk and is returned. rel: root-relative start
 * (ns_resolve), name: what the caller called it; with f->api, s is NULL
 * and rel a host path. -errno when the start cannot be reached. */
typedef int (*find_fn)(void *arg, struct find_entry *ent);
int find_walk(struct lfs_store *s, const char *rel, const char *name,
	      const struct find_filter *f, find_fn cb, void *arg);

/* --printf: fmt with ent's values, in pieces to out (bytes may hold
 * NUL, from \0). Directives as Lustre's printf_format_directive; an
 * unknown one goes out as it stands. It lstats an entry the walk did
 * not. Returns 0 or out's non-zero. */
typedef int (*find_out_fn)(void *arg, const char *bytes, size_t n);
int find_printf(const char *fmt, struct find_entry *ent, find_out_fn out,
		void *arg);

/* find_client.c, for find.c on a mount (f->api): the filesystem's name,
 * an --ost operand's index (an index, OSTxxxx or FSNAME-OSTxxxx, _UUID
 * optional; -ENOENT when the client has no such OST: llapi_obd_statfs
 * says -ENODEV or -EAGAIN), whether a pool exists (0, -ENOENT). */
int find_client_fsname(const struct find_filter *f, char *fsname);
int find_client_ost(const struct find_filter *f, const char *v, uint32_t *ost);
int find_client_pool(const struct find_filter *f, const char *pool);

#endif
