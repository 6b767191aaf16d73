/* ns.c - namespace paths, and removals that keep objects and inodes in step. */
#include "ns.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fault.h"
#include "lock.h"
#include "ostindex.h"
#include "pending.h"
#include "store_internal.h"
#include "walk.h"

int ns_resolve(const char *cwd, const char *path, char *out, size_t len)
{
	char *full, *tok, *save = NULL;
	size_t n = 0, cap;
	int rc = 0;

	if (!path || !*path)
		return -ENOENT;
	if (!cwd || !*cwd)
		cwd = "/";
	cap = strlen(cwd) + strlen(path) + 2;
	full = malloc(cap);
	if (!full)
		return -ENOMEM;
	if (path[0] == '/')
		snprintf(full, cap, "%s", path);
	else
		snprintf(full, cap, "%s/%s", cwd, path);
	out[0] = '\0';
	for (tok = strtok_r(full, "/", &save); tok; tok = strtok_r(NULL, "/", &save)) {
		if (!strcmp(tok, "."))
			continue;
		if (!strcmp(tok, "..")) {
			char *slash;

			if (n == 0) {   /* climbing above the root */
				rc = -EINVAL;
				break;
			}
			slash = strrchr(out, '/');
			n = slash ? (size_t)(slash - out) : 0;
			out[n] = '\0';
			continue;
		}
		if (n + strlen(tok) + 2 > len) {
			rc = -ENAMETOOLONG;
			break;
		}
		if (n)
			out[n++] = '/';
		strcpy(out + n, tok);
		n += strlen(tok);
	}
	free(full);
	if (!rc && n == 0)
		snprintf(out, len, ".");
	return rc;
}

/* RESOLVE_IN_ROOT done in user space, for kernels (and valgrind) without
 * openat2: symlinks are expanded against the namespace root, ".." stops
 * there. It checks then opens, so unlike openat2 it is not proof against
 * a symlink swapped in between by someone with write access to the
 * namespace; it is only the fallback. */
static int open_in_root_fallback(int root_fd, const char *rel, int flags,
				 mode_t mode)
{
	char done[PATH_MAX] = "", todo[PATH_MAX], link[PATH_MAX];
	size_t dn = 0;
	int links = 0, fd;

	if (snprintf(todo, sizeof(todo), "%s", rel) >= (int)sizeof(todo))
		return -ENAMETOOLONG;
	for (;;) {
		char *p = todo, *slash, comp[NAME_MAX + 1];
		struct stat st;
		size_t n;
		ssize_t ln;
		bool last;

		while (*p == '/')
			p++;
		if (!*p)
			break;
		slash = strchr(p, '/');
		n = slash ? (size_t)(slash - p) : strlen(p);
		if (n > NAME_MAX)
			return -ENAMETOOLONG;
		memcpy(comp, p, n);
		comp[n] = '\0';
		memmove(todo, p + n, strlen(p + n) + 1);
		last = !todo[strspn(todo, "/")];
		if (!strcmp(comp, "."))
			continue;
		if (!strcmp(comp, "..")) {
			char *up = strrchr(done, '/');

			dn = up ? (size_t)(up - done) : 0;
			done[dn] = '\0';
			continue;
		}
		if (dn + n + 2 > sizeof(done))
			return -ENAMETOOLONG;
		snprintf(done + dn, sizeof(done) - dn, "%s%s", dn ? "/" : "", comp);
		if (fstatat(root_fd, done, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
		    !S_ISLNK(st.st_mode) || (last && (flags & O_NOFOLLOW))) {
			dn = strlen(done);
			continue;
		}
		if (++links > 40)
			return -ELOOP;
		ln = readlinkat(root_fd, done, link, sizeof(link) - 1);
		if (ln < 0)
			return -errno;
		link[ln] = '\0';
		done[dn] = '\0';
		if (link[0] == '/')
			dn = 0, done[0] = '\0';
		if (strlen(link) + strlen(todo) + 2 > sizeof(todo))
			return -ENAMETOOLONG;
		memmove(todo + ln + 1, todo, strlen(todo) + 1);
		memcpy(todo, link, (size_t)ln);
		todo[ln] = '/';
	}
	fd = openat(root_fd, dn ? done : ".", flags | O_CLOEXEC, mode);
	return fd < 0 ? -errno : fd;
}

int ns_open(struct lfs_store *s, const char *rel, int flags, mode_t mode)
{
	struct open_how how = {
		.flags = (uint64_t)(flags | O_CLOEXEC),
		.mode = (flags & O_CREAT) ? mode : 0,
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};
	long fd;

	if (s->no_openat2)
		return open_in_root_fallback(s->root_fd, rel, flags, mode);
	fd = syscall(SYS_openat2, s->root_fd, rel, &how, sizeof(how));
	if (fd < 0 && errno == ENOSYS) {
		s->no_openat2 = true;
		return open_in_root_fallback(s->root_fd, rel, flags, mode);
	}
	return fd < 0 ? -errno : (int)fd;
}

int ns_pending_name(const char *name, char *out, size_t len)
{
	const char *base = strrchr(name, '/');

	base = base ? base + 1 : name;
	if (strncmp(base, VOLATILE_HEADER, sizeof(VOLATILE_HEADER) - 1))
		return -EINVAL;
	if (snprintf(out, len, "VOLATILE%s", base + sizeof(VOLATILE_HEADER) - 1) >=
	    (int)len)
		return -ENAMETOOLONG;
	return 0;
}

struct name_count {
	dev_t dev;
	ino_t ino;
	nlink_t max, found;
};

static int count_name(const struct walk_entry *ent, void *arg)
{
	struct name_count *c = arg;
	struct stat st;

	if (ent->type == DT_DIR)
		return WALK_DESCEND;
	if (ent->ino == c->ino &&
	    !fstatat(ent->dir_fd, ent->name, &st, AT_SYMLINK_NOFOLLOW) &&
	    st.st_ino == c->ino && st.st_dev == c->dev && ++c->found >= c->max)
		return WALK_STOP;
	return 0;
}

/* A directory too deep is not counted; any other failure is the walk's. */
static int count_dir_error(const char *path, int err, void *arg)
{
	(void)path;
	(void)arg;
	return err == -ELOOP ? 0 : err;
}

int ns_count_names(struct lfs_store *s, dev_t dev, ino_t ino, nlink_t max,
		   nlink_t *found)
{
	static const struct walk_ops ops = {
		.visit = count_name, .dir_error = count_dir_error, .unsorted = true,
	};
	struct name_count c = { dev, ino, max, 0 };
	int rc = walk_tree(s->root_fd, "", &ops, &c);

	if (!rc)
		rc = walk_tree(s->pending_fd, "", &ops, &c);
	*found = c.found;
	return rc == WALK_STOP ? 0 : rc;
}

void ns_split(const char *rel, char *parent, size_t plen, const char **name)
{
	const char *slash = strrchr(rel, '/');

	if (!slash) {
		snprintf(parent, plen, ".");
		*name = rel;
	} else {
		snprintf(parent, plen, "%.*s", (int)(slash - rel), rel);
		*name = slash + 1;
	}
}

const char *ns_dir_of(const char *path, char *buf, size_t len)
{
	char *slash;

	snprintf(buf, len, "%s", path);
	for (size_t n = strlen(buf); n > 1 && buf[n - 1] == '/'; n--)
		buf[n - 1] = '\0';
	slash = strrchr(buf, '/');
	if (!slash)
		return ".";
	slash[slash == buf] = '\0';     /* "/nodir" -> "/" */
	return buf;
}

int ns_parent_open(struct lfs_store *s, const char *rel, char *parent,
		   size_t plen, const char **name)
{
	if (!strcmp(rel, "."))
		return -EBUSY;
	ns_split(rel, parent, plen, name);
	return ns_open(s, parent, O_RDONLY | O_DIRECTORY, 0);
}

int ns_stat(struct lfs_store *s, const char *rel, bool follow, struct stat *st)
{
	int fd = ns_open(s, rel, O_PATH | (follow ? 0 : O_NOFOLLOW), 0);
	int rc = 0;

	if (fd < 0)
		return fd;
	if (fstat(fd, st) < 0)
		rc = -errno;
	close(fd);
	return rc;
}

int ns_path_join(char *out, size_t len, const char *dir, const char *name)
{
	int n = !strcmp(dir, ".") ? snprintf(out, len, "%s", name)
				  : snprintf(out, len, "%s/%s", dir, name);

	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

/* Own a regular file's inode before it enters PENDING, so recovery by
 * another process leaves it to us while we live; and hold its layout,
 * so a migration swapping it finishes first (or sees it gone). Having
 * waited for those locks, the name may hold another inode (a concurrent
 * mv replaced it): then that one is taken. */
static int open_owned(int pfd, const char *name)
{
	for (int tries = 0;; tries++) {
		int fd = openat(pfd, name, O_RDWR | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
		struct stat st, now;
		int rc;

		if (fd < 0)
			return -errno;
		rc = lfs_lock(fd, LOCK_OWNER, LFS_EXCL);
		if (!rc)
			rc = lfs_lock(fd, LOCK_LAYOUT, LFS_EXCL);
		if (!rc && (fstat(fd, &st) < 0 ||
			    fstatat(pfd, name, &now, AT_SYMLINK_NOFOLLOW) < 0))
			rc = -errno;
		if (!rc && st.st_ino == now.st_ino)
			return fd;
		close(fd);
		if (rc)
			return rc;
		if (tries == 100)
			return -EAGAIN;
	}
}

static int remove_name(struct lfs_store *s, int pfd, const char *name);

/* The name of a regular file goes under the inode's owner and layout
 * locks, always through PENDING, whatever its link count: every removal
 * of a name of a regular file (rm, mv onto it, a PENDING entry's
 * release, recovery) holds the owner lock, so the count that
 * pending_release() takes under it is exact, and the last name's removal
 * is the one that destroys. The name is moved, then what was moved is
 * checked to be the inode locked: mv may have taken the name away after
 * the look, and another file taken it. */
static int unlink_file(struct lfs_store *s, int pfd, const char *name)
{
	char pend[64];
	struct stat st, moved;
	int fd = open_owned(pfd, name), rc;

	if (fd < 0)
		return fd;
	fault_point("unlink-name");
	rc = pending_enter(s, fd, pfd, name, "unlink", pend, sizeof(pend));
	if (!rc && (fstat(fd, &st) < 0 ||
		    fstatat(s->pending_fd, pend, &moved, AT_SYMLINK_NOFOLLOW) < 0))
		rc = -errno;
	if (!rc && (moved.st_ino != st.st_ino || moved.st_dev != st.st_dev)) {
		/* Not ours: put it back and look again. A name made there
		 * meanwhile keeps it out (-EEXIST); then it is removed from
		 * PENDING (as rm of the name would have, a moment ago). The
		 * inode locked is not the one moved: its fd and locks go
		 * first, so the removal, which locks the moved one, never
		 * waits for a lock while holding another inode's. Any other
		 * failure (the index hold's open or flock, the rename) says
		 * nothing of the name: the entry stays in PENDING, unowned,
		 * and the error is rm's; recovery or lfsck releases it later
		 * (destroys it if it has no other name, as this rm would). */
		close(fd);
		rc = ostindex_renameat(s, s->pending_fd, pend, pfd, name,
				       RENAME_NOREPLACE);
		if (!rc)
			return -EAGAIN;
		if (rc == -EEXIST)
			rc = remove_name(s, s->pending_fd, pend);
		else if (rc == -ENOENT &&
			 !fstatat(s->pending_fd, pend, &moved, AT_SYMLINK_NOFOLLOW))
			return rc;      /* the entry is there: name's directory gone */
		return rc == -ENOENT ? 0 : rc;  /* recovery took it, unowned */
	}
	if (!rc) {
		/* Entries its dead creator or replacer left go first. */
		pending_drop_dead(s, fd, pend);
		fault_point("unlink-pending");
		rc = pending_release(s, fd, pend, false, NULL);
	}
	close(fd);
	return rc;
}

/* name of pfd, whatever it is, looked at again (a bounded number of
 * times) when it changed under unlink_file. */
static int remove_name(struct lfs_store *s, int pfd, const char *name)
{
	struct stat st;
	int rc = -EAGAIN;

	for (int tries = 0; rc == -EAGAIN && tries < 100; tries++) {
		if (fstatat(pfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
			return -errno;
		if (S_ISDIR(st.st_mode))
			return unlinkat(pfd, name, AT_REMOVEDIR) ? -errno : 0;
		if (!S_ISREG(st.st_mode))
			return unlinkat(pfd, name, 0) ? -errno : 0;
		rc = unlink_file(s, pfd, name);
	}
	return rc;
}

int ns_unlink(struct lfs_store *s, const char *rel)
{
	char parent[4096];
	const char *name;
	int pfd = ns_parent_open(s, rel, parent, sizeof(parent), &name), rc;

	if (pfd < 0)
		return pfd;
	rc = remove_name(s, pfd, name);
	close(pfd);
	return rc;
}

/* Replace the regular file named dname by the source, in one rename: the
 * target is first linked into PENDING, so a kill before the rename leaves
 * it named (recovery drops the entry), and a kill after it leaves an
 * entry recovery destroys. Other hard links of the target keep it. */
static int replace_file(struct lfs_store *s, int spfd, const char *sname,
			int dpfd, const char *dname)
{
	char pend[64];
	int fd = open_owned(dpfd, dname), rc, prc;

	if (fd < 0)
		return fd;
	rc = pending_enter(s, fd, -1, NULL, "replace", pend, sizeof(pend));
	if (rc)
		goto out;
	fault_point("mv-pending");
	rc = ostindex_renameat(s, spfd, sname, dpfd, dname, 0);
	if (!rc)
		fault_point("mv-renamed");
	/* Renamed: the target goes, unless another name keeps it (not a
	 * dead owner's entry: pending_drop_dead). Not: only the entry goes. */
	if (!rc)
		pending_drop_dead(s, fd, pend);
	prc = pending_release(s, fd, pend, false, NULL);
	if (!rc)
		rc = prc;
out:
	close(fd);
	return rc;
}

int ns_rename(struct lfs_store *s, const char *src, const char *dst)
{
	char sparent[4096], dparent[4096];
	const char *sname, *dname;
	struct stat sst, dst_st;
	int spfd, dpfd = -1, rc = 0;
	bool replace;

	if (!strcmp(src, ".") || !strcmp(dst, "."))
		return -EBUSY;
	ns_split(src, sparent, sizeof(sparent), &sname);
	ns_split(dst, dparent, sizeof(dparent), &dname);
	spfd = ns_open(s, sparent, O_RDONLY | O_DIRECTORY, 0);
	if (spfd < 0)
		return spfd;
	dpfd = ns_open(s, dparent, O_RDONLY | O_DIRECTORY, 0);
	if (dpfd < 0) {
		rc = dpfd;
		goto out;
	}
	/* The target may go or come between the look and the rename (a
	 * concurrent rm or create): then look again, a bounded number of
	 * times. A source gone is ENOENT at the next look. */
	for (int tries = 0; tries < 100; tries++) {
		if (fstatat(spfd, sname, &sst, AT_SYMLINK_NOFOLLOW) < 0) {
			rc = -errno;
			break;
		}
		replace = fstatat(dpfd, dname, &dst_st, AT_SYMLINK_NOFOLLOW) == 0;
		if (replace && !S_ISDIR(sst.st_mode) && S_ISREG(dst_st.st_mode) &&
		    dst_st.st_ino != sst.st_ino) {
			rc = replace_file(s, spfd, sname, dpfd, dname);
			if (rc != -ENOENT)
				break;
		} else {
			rc = ostindex_renameat(s, spfd, sname, dpfd, dname,
					       replace ? 0 : RENAME_NOREPLACE);
			if (rc != -EEXIST || replace)
				break;
		}
	}
out:
	if (dpfd >= 0)
		close(dpfd);
	close(spfd);
	return rc;
}
