/*
 * df.h - space and objects of the MDT and each OST, as lfs df shows them.
 *
 * Contract:
 *  - lfs_df() rereads the configuration, then fills one row for the MDT
 *    (the host filesystem of the namespace; left out when it cannot be
 *    statted) and one per OST (only the OSTs of `pool` when it is not
 *    NULL), in index order, and a summary: the bytes of the active OSTs'
 *    rows, the MDT's inodes, with no more free than those OSTs have
 *    objects left (Lustre's mntdf()).
 *  - An OST's bytes are its configured capacity and the bytes its objects
 *    allocate (USAGE); its inodes are objects, one per
 *    LFS_DF_BYTES_PER_INODE of capacity. Available is what is left,
 *    never below 0. An inactive OST's row carries only its name: its
 *    figures are not read nor summed.
 *  - Nothing is printed; the caller frees the result with lfs_df_free().
 */
#ifndef LFS_DF_H
#define LFS_DF_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"
#include "store.h"

#define LFS_DF_BYTES_PER_INODE (64ULL << 10)

enum lfs_df_target { LFS_DF_MDT, LFS_DF_OST };

/* Flags of an OST row: lfs df prints D, N, then S (no bytes left) or I
 * (no inodes left) as it shows bytes or inodes. */
enum {
	LFS_DF_DEGRADED   = 1 << 0,
	LFS_DF_NOCREATE   = 1 << 1,
	LFS_DF_NOSPACE    = 1 << 2,
	LFS_DF_NOINODES   = 1 << 3,
};

struct lfs_df_figures {
	uint64_t total, used, avail;
};

struct lfs_df_row {
	enum lfs_df_target target;
	uint32_t index;
	bool active;
	unsigned flags;
	char uuid[64];                 /* "lustre-OST0003_UUID" */
	char *mount;                   /* "STORE[OST:3]" */
	struct lfs_df_figures bytes, inodes;
};

struct lfs_df {
	uint32_t nr_rows;
	struct lfs_df_row *rows;
	struct lfs_df_row summary;     /* "filesystem_summary:", mount STORE */
};

/* -EINVAL (explained in e) for a bad pool name or one the store lacks. */
int lfs_df(struct lfs_store *s, const char *pool, struct lfs_df *out,
	   struct lfs_error *e);
void lfs_df_free(struct lfs_df *df);

/*
 * How full each OST is against the others, for lfs df --graph and a
 * rebalance: lfs_df_balance() gives, for each row of df, its fill (used
 * / (used + available), in percent, of bytes or of inodes; 0 for an OST
 * with neither), whether it counts (an active OST row: not the MDT nor an
 * inactive OST), and for one that counts its side of the mean of those
 * that count: +1 above it, -1 below it by more than threshold percentage
 * points, else 0. 0, or -ENOMEM; lfs_df_balance_free() the result.
 */
struct lfs_df_fill {
	bool counted;
	double pct;
	int off;
};
struct lfs_df_balance {
	uint32_t nr_counted;
	double mean;                   /* 0 when none counts */
	struct lfs_df_fill *fills;     /* one per row of the df */
};
int lfs_df_balance(const struct lfs_df *df, bool inodes, double threshold,
		   struct lfs_df_balance *out);
void lfs_df_balance_free(struct lfs_df_balance *b);

#endif
