/* ns_ops.c - the namespace operations of the commands (see ns_ops.h). */
#include "ns_ops.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dirlist.h"
#include "inode.h"
#include "ostindex.h"

static int mkdir_one(struct lfs_store *s, const char *rel, int mode, bool parents)
{
	char parent[PATH_MAX];
	const char *name;
	struct lfs_layout *def = NULL;
	int pfd, fd, rc;

	pfd = ns_parent_open(s, rel, parent, sizeof(parent), &name);
	if (pfd == -EBUSY)
		return parents ? 0 : -EEXIST;
	if (pfd < 0)
		return pfd;
	if (mkdirat(pfd, name, 0777) < 0) {
		rc = -errno;
		if (rc == -EEXIST && parents) {
			struct stat st;

			if (ns_stat(s, rel, true, &st) == 0 && S_ISDIR(st.st_mode))
				rc = 0;
		}
		goto out;
	}
	fd = openat(pfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		rc = -errno;
		goto out;
	}
	rc = 0;
	if (mode >= 0 && fchmod(fd, (mode_t)mode) < 0)
		rc = -errno;
	if (!rc && strcmp(parent, ".")) {
		rc = inode_get_dir_default(s, pfd, &def);
		if (!rc && def)
			rc = inode_set_dir_default_fd(fd, def);
		layout_free(def);
	}
	close(fd);
	if (rc)
		unlinkat(pfd, name, AT_REMOVEDIR);
out:
	close(pfd);
	return rc;
}

int ns_mkdir(struct lfs_store *s, const char *rel, int mode, bool parents,
	     struct lfs_error *e)
{
	char part[PATH_MAX];
	int rc;

	(void)e;
	if (!parents)
		return mkdir_one(s, rel, mode, false);
	for (const char *p = strchr(rel, '/'); p; p = strchr(p + 1, '/')) {
		if (snprintf(part, sizeof(part), "%.*s", (int)(p - rel), rel) >=
		    (int)sizeof(part))
			return -ENAMETOOLONG;
		rc = mkdir_one(s, part, -1, true);
		if (rc)
			return rc;
	}
	return mkdir_one(s, rel, mode, true);
}

/* The last component of path ("" after a trailing slash). */
static const char *last_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

int ns_move(struct lfs_store *s, const char *src, const char *dst,
	    enum ns_culprit *who, struct lfs_error *e)
{
	char into[PATH_MAX], parent[PATH_MAX];
	enum ns_culprit unused;
	struct stat sst, dst_st;
	const char *name;
	int rc, fd;

	who = who ? who : &unused;
	*who = NS_SRC;
	if (!strcmp(src, "."))
		return -EBUSY;
	rc = ns_stat(s, src, false, &sst);
	if (rc)
		return rc;
	if (ns_stat(s, dst, true, &dst_st) == 0 && S_ISDIR(dst_st.st_mode) &&
	    strcmp(src, dst)) {
		rc = ns_path_join(into, sizeof(into), dst, last_name(src));
		if (rc) {
			*who = NS_DST;
			return rc;
		}
		dst = into;
	}
	if (!strcmp(src, dst) ||
	    (ns_stat(s, dst, false, &dst_st) == 0 && dst_st.st_dev == sst.st_dev &&
	     dst_st.st_ino == sst.st_ino)) {
		*who = NS_SAME;
		return lfs_error_set(e, -EINVAL, "'%s' and '%s' are the same file",
				     src, dst);
	}
	rc = ns_rename(s, src, dst);
	if (rc) {
		/* What is missing may be the destination's directory. */
		fd = ns_parent_open(s, dst, parent, sizeof(parent), &name);
		if (fd >= 0)
			close(fd);
		else
			*who = NS_DST_PARENT;
	}
	return rc;
}

/* A hard link to target, or (target NULL) a symlink holding text. */
static int make_link(struct lfs_store *s, const char *target, const char *text,
		     const char *link, enum ns_culprit *who, struct lfs_error *e)
{
	char into[PATH_MAX], lparent[PATH_MAX], tparent[PATH_MAX];
	const char *lname, *tname;
	enum ns_culprit unused;
	struct stat st;
	int rc = 0, lpfd, tpfd;

	who = who ? who : &unused;
	*who = NS_DST;
	if (ns_stat(s, link, true, &st) == 0 && S_ISDIR(st.st_mode)) {
		const char *base = last_name(target ? target : text);

		if (!*base || !strcmp(base, ".") || !strcmp(base, ".."))
			return -EEXIST;
		rc = ns_path_join(into, sizeof(into), link, base);
		if (rc)
			return rc;
		link = into;
	}
	lpfd = ns_parent_open(s, link, lparent, sizeof(lparent), &lname);
	if (lpfd < 0)
		return lpfd == -EBUSY ? -EEXIST : lpfd;
	if (!target) {
		rc = symlinkat(text, lpfd, lname) < 0 ? -errno : 0;
		close(lpfd);
		return rc;
	}
	/* -EISDIR here: the target is a directory (the root too). */
	tpfd = ns_parent_open(s, target, tparent, sizeof(tparent), &tname);
	if (tpfd == -EBUSY) {
		rc = -EISDIR;
	} else if (tpfd < 0) {
		rc = tpfd;
	} else {
		if (fstatat(tpfd, tname, &st, AT_SYMLINK_NOFOLLOW) < 0)
			rc = -errno;
		else if (S_ISDIR(st.st_mode))
			rc = -EISDIR;
		else
			rc = ostindex_linkat(s, tpfd, tname, lpfd, lname, 0);
		close(tpfd);
	}
	close(lpfd);
	if (rc && rc != -EEXIST)
		*who = NS_SRC;
	if (rc == -EISDIR)
		return lfs_error_set(e, -EPERM, "hard link not allowed for directory");
	return rc;
}

int ns_link(struct lfs_store *s, const char *target, const char *link,
	    enum ns_culprit *who, struct lfs_error *e)
{
	return make_link(s, target, NULL, link, who, e);
}

int ns_symlink(struct lfs_store *s, const char *text, const char *link,
	       enum ns_culprit *who, struct lfs_error *e)
{
	return make_link(s, NULL, text, link, who, e);
}

/* Entries are joined to rel and removed through the namespace again, so a
 * symlink met on the way is removed, never followed. */
static int remove_tree(struct lfs_store *s, const char *rel)
{
	struct dirent *de;
	DIR *d;
	int fd, rc = 0;

	fd = ns_open(s, rel, O_RDONLY | O_DIRECTORY | O_NOFOLLOW, 0);
	if (fd < 0)
		return fd;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return -errno;
	}
	while (!rc && (de = readdir(d))) {
		char child[PATH_MAX];
		struct stat st;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		rc = ns_path_join(child, sizeof(child), rel, de->d_name);
		if (!rc && fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
			rc = -errno;
		if (!rc && S_ISDIR(st.st_mode))
			rc = remove_tree(s, child);
		else if (!rc)
			rc = ns_unlink(s, child);
	}
	closedir(d);
	return rc ? rc : ns_unlink(s, rel);
}

int ns_remove(struct lfs_store *s, const char *rel, bool recursive,
	      struct lfs_error *e)
{
	struct stat st;
	int rc;

	(void)e;
	if (!strcmp(rel, "."))
		return -EBUSY;
	rc = ns_stat(s, rel, false, &st);
	if (rc)
		return rc;
	if (S_ISDIR(st.st_mode))
		return recursive ? remove_tree(s, rel) : -EISDIR;
	return ns_unlink(s, rel);
}

enum meta_op { META_MODE, META_OWNER, META_TIMES };
struct meta {
	mode_t mode;
	uid_t uid;
	gid_t gid;
	const struct timespec *times;
};

/* Apply op to rel through an O_PATH descriptor; chmod(2) and
 * utimensat(2) take it as /proc/self/fd/N (they refuse O_PATH fds). */
static int set_meta(struct lfs_store *s, const char *rel, enum meta_op op,
		    const struct meta *m, struct lfs_error *e)
{
	char proc[64];
	int fd = ns_open(s, rel, O_PATH, 0), rc;

	if (fd < 0)
		return fd;
	rc = inode_vouch_links(s, fd, e);
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	if (!rc && (op == META_MODE ? chmod(proc, m->mode) :
		    op == META_OWNER ? fchownat(fd, "", m->uid, m->gid, AT_EMPTY_PATH) :
		    utimensat(AT_FDCWD, proc, m->times, 0)) < 0)
		rc = -errno;
	close(fd);
	return rc;
}

int ns_chmod(struct lfs_store *s, const char *rel, mode_t mode,
	     struct lfs_error *e)
{
	return set_meta(s, rel, META_MODE, &(struct meta){ .mode = mode }, e);
}

int ns_chown(struct lfs_store *s, const char *rel, uid_t uid, gid_t gid,
	     struct lfs_error *e)
{
	return set_meta(s, rel, META_OWNER, &(struct meta){ .uid = uid, .gid = gid }, e);
}

int ns_utimes(struct lfs_store *s, const char *rel,
	      const struct timespec times[2], struct lfs_error *e)
{
	return set_meta(s, rel, META_TIMES, &(struct meta){ .times = times }, e);
}

int ns_touch(struct lfs_store *s, const char *rel,
	     const struct timespec times[2], struct lfs_error *e)
{
	struct lfs_inode *ino;
	int rc = ns_utimes(s, rel, times, e);

	if (rc != -ENOENT)
		return rc;
	rc = inode_create(s, rel, 0666, NULL, &ino, e);
	if (rc)
		return rc;
	inode_close(ino);
	return ns_utimes(s, rel, times, e);
}

/* Append the entry `at` of directory dfd ("" for dfd itself) as name. */
static int add_entry(struct ns_listing *l, int dfd, const char *at,
		     const char *name)
{
	struct ns_entry *en = &l->ents[l->n];
	char target[PATH_MAX];
	ssize_t len;

	if (!(en->name = strdup(name)))
		return -ENOMEM;
	l->n++;
	if (fstatat(dfd, at, &en->st, AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH) < 0)
		en->err = -errno;
	else if (S_ISLNK(en->st.st_mode) &&
		 (len = readlinkat(dfd, at, target, sizeof(target) - 1)) >= 0) {
		target[len] = '\0';
		if (!(en->target = strdup(target)))
			return -ENOMEM;
	}
	return 0;
}

int ns_list(struct lfs_store *s, const char *rel, unsigned flags,
	    struct ns_listing *out, struct lfs_error *e)
{
	bool follow = !(flags & NS_LIST_NOFOLLOW), all = flags & NS_LIST_ALL;
	char **names = NULL;
	struct stat st;
	size_t n = 0;
	int fd, rc = ns_stat(s, rel, follow, &st);

	(void)e;
	memset(out, 0, sizeof(*out));
	if (rc == -ENOENT && follow)   /* a dangling symlink is still listed */
		rc = ns_stat(s, rel, false, &st);
	if (rc)
		return rc;
	out->dir = S_ISDIR(st.st_mode);
	fd = out->dir ? ns_open(s, rel, O_RDONLY | O_DIRECTORY | (follow ? 0 : O_NOFOLLOW), 0)
		      : ns_open(s, rel, O_PATH | O_NOFOLLOW, 0);
	if (fd < 0)
		return fd;
	if (out->dir)
		rc = dir_list(fd, all, &names, &n);
	if (!rc && !(out->ents = calloc(n + 2, sizeof(*out->ents))))
		rc = -ENOMEM;
	if (!rc && !out->dir)
		rc = add_entry(out, fd, "", rel);
	if (!rc && out->dir && all) {   /* as ls -a: the directory and its parent */
		rc = add_entry(out, fd, ".", ".");
		if (!rc)
			rc = add_entry(out, fd, "..", "..");
	}
	for (size_t i = 0; !rc && i < n; i++)
		rc = add_entry(out, fd, names[i], names[i]);
	dir_list_free(names, n);
	close(fd);
	if (rc)
		ns_listing_free(out);
	return rc;
}

void ns_listing_free(struct ns_listing *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->ents[i].name);
		free(l->ents[i].target);
	}
	free(l->ents);
	memset(l, 0, sizeof(*l));
}
