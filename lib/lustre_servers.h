/*
 * lustre_servers.h - what belongs to Lustre's servers, asked on a client
 * mount: OST states, adding and retiring OSTs, pools, lfsck.
 * A client cannot do them; these say, in one line, what an admin runs
 * instead and where, with Lustre 2.15.3's names (lfs_migrate.1 for
 * max_create_count, lctl.c for pool_* and lfsck_start, ofd's
 * obdfilter.*.degraded). The commands print the line, the Lua functions
 * return it, so both say the same (docs/lustre.md).
 *
 * Contract:
 *  - Each call fills e with "on a Lustre client this is the servers'
 *    work; run WHERE: COMMAND" and returns -EOPNOTSUPP (status 95), or
 *    -EINVAL with e's message for an operand the line cannot name.
 *  - fs is the filesystem's name (lustre_servers_fsname()). Nothing is
 *    printed, nothing changed. (`mkfs DIR`'s line names DIR, longer than
 *    an lfs_error holds: the command prints it itself.)
 */
#ifndef LFS_LUSTRE_SERVERS_H
#define LFS_LUSTRE_SERVERS_H

#include "error.h"
#include "llapi.h"
#include "store.h"

/* The filesystem name of host path's mount (llapi_search_fsname), or
 * "FSNAME" when the client cannot say: the line is still right but for
 * the name. */
void lustre_servers_fsname(const struct lfs_llapi *api, const char *path,
			   char fsname[LLAPI_FSNAME_BUF]);
/* `ost OP IDX` (op an enum lfs_ost_op), or `ost remove IDX` (remove
 * true); ost is the operand as given: an index (decimal or 0x), else
 * -EINVAL "OST: give the OST index". */
int lustre_servers_ost(const char *fs, const char *ost, enum lfs_ost_op op,
		       bool remove, struct lfs_error *e);
int lustre_servers_ost_add(const char *fs, struct lfs_error *e);
/* `pool SUB NAME [OSTS]`, sub one of new, add, remove, destroy; name
 * POOL or FS.POOL. */
int lustre_servers_pool(const char *fs, const char *sub, const char *name,
			struct lfs_error *e);
int lustre_servers_lfsck(const char *fs, struct lfs_error *e);

#endif
