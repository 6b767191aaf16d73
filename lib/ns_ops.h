/*
 * ns_ops.h - the namespace operations: mkdir, move, remove, link,
 * chmod/chown/utimes, touch and directory listings, one call each.
 *
 * Contract:
 *  - Paths are relative to the namespace root, as ns_resolve() gives
 *    them, and are reached through ns_open() (RESOLVE_IN_ROOT): a
 *    symlink in the namespace never leads out of it.
 *  - Every call returns 0 or -errno and prints nothing; e (may be NULL)
 *    gets a detail when strerror() alone would not explain the failure.
 *    The calls keep no state: a store handle is all they use.
 *  - The last name of a regular file takes its objects with it,
 *    crash-safely (ns_unlink, ns_rename).
 *  - Metadata changes (mode, owner, times) are refused, -EPERM and e, on
 *    a file with names outside the namespace (inode_vouch_links): those
 *    names share the host inode.
 */
#ifndef LFS_NS_OPS_H
#define LFS_NS_OPS_H

#include <stdbool.h>
#include <sys/stat.h>
#include <time.h>

#include "error.h"
#include "store.h"

/* Make directory rel. mode < 0 is 0777 less the umask, as mkdir(2);
 * otherwise exactly mode (not masked). Below the root, a new directory
 * takes a copy of its parent's default layout, so a later default on
 * the parent leaves it alone (docs/DESIGN.md section 3); the root's
 * default applies anyway and is not copied. parents, as mkdir -p:
 * missing parents are made (0777 less the umask) and an existing
 * directory is no error. */
int ns_mkdir(struct lfs_store *s, const char *rel, int mode, bool parents,
	     struct lfs_error *e);

/* Which operand a failure of ns_move(), ns_link() or ns_symlink() is
 * about, so that a caller can name it as its user wrote it. */
enum ns_culprit {
	NS_SRC,         /* the source (mv), the link target (ln) */
	NS_DST,         /* the destination, the new link's name */
	NS_DST_PARENT,  /* the directory the destination would be in */
	NS_SAME,        /* both: they are the same file (-EINVAL) */
};

/* mv: rename src to dst (ns_rename), or into dst, keeping src's last
 * name, when dst is a directory (a symlink to one is followed). A
 * regular file replaced loses its objects unless another name keeps
 * it; a directory replaces only an empty directory (rename(2): -EISDIR,
 * -ENOTDIR, -ENOTEMPTY). -EBUSY for the root. *who (may be NULL) says
 * which operand a failure is about. */
int ns_move(struct lfs_store *s, const char *src, const char *dst,
	    enum ns_culprit *who, struct lfs_error *e);

/* ln: a hard link link to the file target (-EPERM for a directory, with
 * e "hard link not allowed for directory"); ln -s: a symlink link whose
 * target is `text`, stored as given. When link is a directory (a
 * symlink to one followed) the new name goes into it, named after
 * target's or text's last component. -EEXIST when link exists. */
int ns_link(struct lfs_store *s, const char *target, const char *link,
	    enum ns_culprit *who, struct lfs_error *e);
int ns_symlink(struct lfs_store *s, const char *text, const char *link,
	       enum ns_culprit *who, struct lfs_error *e);

/* rm: remove rel (ns_unlink); a directory only when recursive, then
 * with everything below it, depth first (-EISDIR otherwise). Symlinks
 * met on the way are removed, never followed. -EBUSY for the root. */
int ns_remove(struct lfs_store *s, const char *rel, bool recursive,
	      struct lfs_error *e);

/* Metadata of rel, a final symlink followed. chown: (uid_t)-1 or
 * (gid_t)-1 keeps that id. utimes: times[0] atime, times[1] mtime, as
 * utimensat(2) (UTIME_NOW, UTIME_OMIT). touch: utimes, after creating
 * rel as an empty regular file with its default layout (mode 0666 less
 * the umask) when it does not exist. */
int ns_chmod(struct lfs_store *s, const char *rel, mode_t mode,
	     struct lfs_error *e);
int ns_chown(struct lfs_store *s, const char *rel, uid_t uid, gid_t gid,
	     struct lfs_error *e);
int ns_utimes(struct lfs_store *s, const char *rel,
	      const struct timespec times[2], struct lfs_error *e);
int ns_touch(struct lfs_store *s, const char *rel,
	     const struct timespec times[2], struct lfs_error *e);

/* ls: what rel holds, in the order ls prints it. A directory (dir set):
 * with NS_LIST_ALL "." and ".." and then every name, else the names not
 * starting with '.'; sorted by bytes. Anything else: the one entry rel
 * (name = rel). rel's final symlink is followed unless NS_LIST_NOFOLLOW
 * (a dangling one is listed as itself); entries below it never are. */
struct ns_entry {
	char *name;
	struct stat st;      /* lstat(2) of the entry ... */
	int err;             /* ... unless this is its -errno */
	char *target;        /* a symlink's target, NULL if none or unreadable */
};
struct ns_listing {
	bool dir;
	size_t n;
	struct ns_entry *ents;
};
enum { NS_LIST_ALL = 1 << 0, NS_LIST_NOFOLLOW = 1 << 1 };
int ns_list(struct lfs_store *s, const char *rel, unsigned flags,
	    struct ns_listing *out, struct lfs_error *e);
void ns_listing_free(struct ns_listing *l);

#endif
