/*
 * ns.h - the namespace: paths inside STORE/mdt/ROOT.
 *
 * Contract:
 *  - ns_resolve() turns a namespace path (absolute, or relative to the
 *    namespace cwd) into a path relative to the root, lexically: "." and
 *    ".." are folded and a path that climbs above the root is -EINVAL.
 *  - ns_open() opens such a path with openat2(RESOLVE_IN_ROOT), so a
 *    symlink inside the namespace can never lead out of it (a user-space
 *    equivalent is used where the kernel lacks openat2).
 *  - ns_unlink() removes an entry; the last name of a regular file takes
 *    its objects with it, crash-safely (through mdt/PENDING), and under
 *    the inode's owner lock whatever its link count (pending.h).
 *  - ns_rename() is one rename(2); a regular file it replaces loses its
 *    name as ns_unlink() would, and a kill at any step leaves either the
 *    names before the move or after it (pending.h).
 */
#ifndef LFS_NS_H
#define LFS_NS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "store.h"

/* Paths. out gets "a/b" or "." for the root. */
int ns_resolve(const char *cwd, const char *path, char *out, size_t len);
/* Open a namespace entry relative to the root (O_* flags); -errno. */
int ns_open(struct lfs_store *s, const char *rel, int flags, mode_t mode);
/* Lustre's volatile files: a name whose last part starts with this
 * header (".\x0c\x13\x14\x12:VOLATILE", 14 bytes) never enters the
 * namespace; the store keeps the inode in mdt/PENDING under
 * "VOLATILE" + the rest of the name. ns_pending_name() gives that
 * entry name (-EINVAL when the name has no header). */
#define VOLATILE_HEADER ".\x0c\x13\x14\x12:VOLATILE"
int ns_pending_name(const char *name, char *out, size_t len);
/* Split rel into its parent ("." for top level) and last name. */
void ns_split(const char *rel, char *parent, size_t plen, const char **name);
/* The directory part of a path as its user wrote it (trailing slashes
 * dropped; "." when it has none, "/" for "/name"), into buf: how mv
 * names the directory a destination would be in. Returns buf or ".". */
const char *ns_dir_of(const char *path, char *buf, size_t len);
/* The parent of rel opened as a directory (ns_split into parent, *name
 * pointing into rel); -EBUSY for the root, which has none here. */
int ns_parent_open(struct lfs_store *s, const char *rel, char *parent,
		   size_t plen, const char **name);
/* stat(2) of rel, following a final symlink when follow. */
int ns_stat(struct lfs_store *s, const char *rel, bool follow, struct stat *st);
/* out = dir/name ("." joins to name alone); -ENAMETOOLONG past len. */
int ns_path_join(char *out, size_t len, const char *dir, const char *name);

/* How many names the inode (dev, ino) has in the namespace and in
 * mdt/PENDING, counting up to `max` (the walk stops there). Entries are
 * matched by readdir's d_ino, confirmed by fstatat, so only candidates
 * are stat'ed: one pass over the directories, no file opened. */
int ns_count_names(struct lfs_store *s, dev_t dev, ino_t ino, nlink_t max,
		   nlink_t *found);

/* Remove a namespace entry. A name of a regular file, whatever its link
 * count, is taken under the inode's owner and layout locks and moved to
 * PENDING first, so a crash while its objects are destroyed leaves work
 * for recovery rather than orphans, and the last name's removal is the
 * one that destroys (pending.h). A name that another file took after
 * the look (mv away, then a new file) removes that file. Directories
 * must be empty (-ENOTEMPTY). LFS_FAULT points: unlink-name (locked, not
 * yet moved), unlink-pending (moved). */
int ns_unlink(struct lfs_store *s, const char *rel);
/* Rename src to dst (paths from the root), replacing dst as rename(2)
 * does (a directory only by a directory, and only when empty); a new
 * name is made with RENAME_NOREPLACE. The replaced regular file's objects
 * are destroyed unless it has another hard link. A target removed or
 * created by another process meanwhile is looked at again (bounded), so
 * mv then does the plain rename or the replace. LFS_FAULT points (fault.h):
 * mv-pending (the target also named in PENDING), mv-renamed, and
 * pending-destroyed (objects gone, the PENDING entry not yet). */
int ns_rename(struct lfs_store *s, const char *src, const char *dst);

#endif
