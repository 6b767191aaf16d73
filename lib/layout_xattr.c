/* layout_xattr.c - layouts in the user.lfs.lov xattr, large ones in
 * mdt/LAYOUTS side files; directory defaults. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "fault.h"
#include "fdio.h"
#include "inode.h"
#include "ostindex.h"
#include "store_internal.h"

static int read_side_file(struct lfs_store *s, const char *name, void **buf,
			  size_t *len)
{
	int fd = openat(s->layouts_fd, name, O_RDONLY | O_CLOEXEC);
	struct stat st;
	ssize_t n;
	int rc = 0;

	if (fd < 0)
		return errno == ENOENT ? -EINVAL : -errno;
	if (fstat(fd, &st) < 0 || st.st_size > (64 << 20)) {
		rc = st.st_size > (64 << 20) ? -EINVAL : -errno;
		goto out;
	}
	*buf = malloc((size_t)st.st_size + 1);
	if (!*buf) {
		rc = -ENOMEM;
		goto out;
	}
	n = pread(fd, *buf, (size_t)st.st_size, 0);
	if (n != st.st_size) {
		rc = n < 0 ? -errno : -EIO;
		free(*buf);
		*buf = NULL;
		goto out;
	}
	*len = (size_t)n;
out:
	close(fd);
	return rc;
}

/* The raw xattr value: -ENODATA when absent. One call in the common case
 * (a value that fits the stack buffer). A larger value may grow between
 * asking its size and reading it (a layout swap by another process):
 * ERANGE then means "ask again". */
static int xattr_read(int fd, const char *name, char **val, size_t *len)
{
	char small[LFS_LAYOUT_XATTR_MAX];
	ssize_t n = fgetxattr(fd, name, small, sizeof(small));

	if (n >= 0) {
		*val = malloc((size_t)n + 1);
		if (!*val)
			return -ENOMEM;
		memcpy(*val, small, (size_t)n);
		(*val)[n] = '\0';
		*len = (size_t)n;
		return 0;
	}
	if (errno != ERANGE)
		return -errno;
	for (int tries = 0; ; tries++) {
		n = fgetxattr(fd, name, NULL, 0);
		if (n < 0)
			return -errno;
		*val = malloc((size_t)n + 1);
		if (!*val)
			return -ENOMEM;
		n = fgetxattr(fd, name, *val, (size_t)n);
		if (n < 0) {
			int rc = -errno;

			free(*val);
			*val = NULL;
			if (rc == -ERANGE && tries < 100)
				continue;
			return rc;
		}
		(*val)[n] = '\0';
		*len = (size_t)n;
		return 0;
	}
}

/* A value as read (val[len] is NUL): a record, or "@NAME" naming a
 * side file. Frees val. */
static int decode_value(struct lfs_store *s, char *val, size_t len,
			struct lfs_layout **out)
{
	int rc;

	if (len > 1 && val[0] == '@') {
		void *buf = NULL;
		size_t blen = 0;

		if (memchr(val + 1, '/', len - 1) || strlen(val) != len) {
			free(val);
			return -EINVAL;
		}
		rc = read_side_file(s, val + 1, &buf, &blen);
		free(val);
		if (rc)
			return rc;
		rc = layout_decode(buf, blen, out);
		free(buf);
		return rc;
	}
	rc = layout_decode(val, len, out);
	free(val);
	return rc;
}

int layout_xattr_get_side(struct lfs_store *s, int fd, struct lfs_layout **out,
			  int *side)
{
	char *val;
	size_t len;
	int rc = xattr_read(fd, XATTR_LOV, &val, &len);

	*side = rc == -ENODATA ? 0 : -1;
	if (rc)
		return rc;
	*side = len > 1 && val[0] == '@';
	return decode_value(s, val, len, out);
}

int layout_xattr_get(struct lfs_store *s, int fd, struct lfs_layout **out)
{
	int side;

	return layout_xattr_get_side(s, fd, out, &side);
}

/* getxattrat(2), Linux 6.13: the same number on every architecture but
 * alpha's. Older kernels say ENOSYS. */
#if !defined(__NR_getxattrat) && !defined(__alpha__)
#define __NR_getxattrat 464
#endif
struct getxattrat_args {
	uint64_t value;
	uint32_t size, flags;
};

int layout_xattr_getat(struct lfs_store *s, int dir_fd, const char *name,
		       struct lfs_layout **out)
{
#ifdef __NR_getxattrat
	char small[LFS_LAYOUT_XATTR_MAX];
	struct getxattrat_args a = { (uintptr_t)small, sizeof(small), 0 };
	long n = syscall(__NR_getxattrat, dir_fd, name, AT_SYMLINK_NOFOLLOW,
			 XATTR_LOV, &a, sizeof(a));
	char *val;
#endif
	int fd, rc;

#ifdef __NR_getxattrat
	if (n >= 0) {
		if (!(val = malloc((size_t)n + 1)))
			return -ENOMEM;
		memcpy(val, small, (size_t)n);
		val[n] = '\0';
		return decode_value(s, val, (size_t)n, out);
	}
	/* ERANGE: a large value, read below as any other. */
	if (errno != ENOSYS && errno != ERANGE)
		return -errno;
#endif
	fd = openat(dir_fd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	rc = layout_xattr_get(s, fd, out);
	close(fd);
	return rc;
}

static int write_side_file(struct lfs_store *s, const char *name,
			   const void *buf, size_t len)
{
	char tmp[128];
	int fd, rc = 0;

	snprintf(tmp, sizeof(tmp), "%s.tmp", name);
	fd = openat(s->layouts_fd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
		    0644);
	if (fd < 0)
		return -errno;
	if (!(rc = fd_write_all(fd, buf, len)) && fsync(fd))
		rc = -errno;
	close(fd);
	if (!rc && renameat(s->layouts_fd, tmp, s->layouts_fd, name))
		rc = -errno;
	if (!rc && fsync(s->layouts_fd))
		rc = -errno;
	if (rc)
		unlinkat(s->layouts_fd, tmp, 0);
	return rc;
}

/* The layout an xattr value decodes to (*known false: it does not
 * decode, or could not be read); rc is xattr_read's. */
static struct lfs_layout *old_layout(struct lfs_store *s, int rc,
				     const char *val, size_t len, bool *known)
{
	struct lfs_layout *l = NULL;
	char *copy;

	*known = rc == -ENODATA;
	if (rc || !(copy = malloc(len + 1)))
		return NULL;
	memcpy(copy, val, len + 1);
	*known = decode_value(s, copy, len, &l) == 0;
	return l;
}

/* The layout was not set, its records may be in: the index back to the
 * old layout, or not trusted when that is not known. */
static void undo(struct lfs_store *s, int ix, uint64_t ino,
		 const struct lfs_layout *l, const struct lfs_layout *was,
		 bool known)
{
	if (!known || ostindex_change(s, ix, ino, l, true, was))
		ostindex_distrust(s);
}

/* layout_xattr_replace(), with the old layout read, or known (a record,
 * no side file) when known_was is not NULL. */
static int replace(struct lfs_store *s, int fd, uint64_t ino,
		   const struct lfs_layout *known_was, const struct lfs_layout *l,
		   int *side)
{
	char *old = NULL, ref[96];
	size_t old_len = 0;
	void *buf;
	size_t len;
	struct lfs_layout *read_was = NULL;
	const struct lfs_layout *was = known_was;
	bool known = known_was != NULL;
	int ix = -ENOENT, orc = -ENODATA, rc = layout_encode(l, &buf, &len);

	if (!rc && (rc = store_layout_commit_begin(s, l)))
		free(buf);
	if (rc)
		return rc;
	/* The OST index first (ostindex.h), held until the layout is set:
	 * what changes from the old layout to this one. */
	ix = ostindex_hold(s);
	if (ix < 0 && ix != -ENOENT) {
		rc = ix;
		goto out;
	}
	if (!known_was)
		orc = xattr_read(fd, XATTR_LOV, &old, &old_len);
	if (ix >= 0) {
		if (!known_was)
			was = read_was = old_layout(s, orc, old, old_len, &known);
		rc = ostindex_change(s, ix, ino, was, known, l);
	}
	if (rc) {
		undo(s, ix, ino, l, was, known);
		goto out;
	}
	fault_point("ostindex-appended");
	if (orc || old_len < 2 || old[0] != '@') {
		free(old);
		old = NULL;
	}
	if (len <= LFS_LAYOUT_XATTR_MAX) {
		rc = fsetxattr(fd, XATTR_LOV, buf, len, 0) ? -errno : 0;
	} else {
		snprintf(ref, sizeof(ref), "@%llu.%u",
			 (unsigned long long)ino, l->gen);
		rc = write_side_file(s, ref + 1, buf, len);
		if (!rc && fsetxattr(fd, XATTR_LOV, ref, strlen(ref), 0))
			rc = -errno;
		if (!rc && old && !strcmp(old, ref)) {
			free(old);      /* rewritten in place: keep it */
			old = NULL;
		}
	}
	if (rc && ix >= 0)
		undo(s, ix, ino, l, was, known);
	if (!rc)
		fault_point("layout-set");
	/* The xattr is committed: the previous side file is garbage now. */
	if (!rc && old && !strchr(old + 1, '/'))
		unlinkat(s->layouts_fd, old + 1, 0);
	*side = rc ? -1 : len > LFS_LAYOUT_XATTR_MAX;
out:
	ostindex_release(s, ix);
	store_layout_commit_end(s);
	layout_free(read_was);
	free(old);
	free(buf);
	return rc;
}

int layout_xattr_replace(struct lfs_store *s, int fd, uint64_t ino,
			 const struct lfs_layout *l, int *side)
{
	return replace(s, fd, ino, NULL, l, side);
}

int layout_xattr_replace_known(struct lfs_store *s, int fd, uint64_t ino,
			       const struct lfs_layout *was, int was_side,
			       const struct lfs_layout *l, int *side)
{
	return replace(s, fd, ino, was_side == 0 ? was : NULL, l, side);
}

int layout_xattr_set(struct lfs_store *s, int fd, const struct lfs_layout *l)
{
	struct stat st;
	int side = -1;

	if (fstat(fd, &st) < 0)
		return -errno;
	return layout_xattr_replace(s, fd, st.st_ino, l, &side);
}

/* The side file an xattr value names, if any. */
static void remove_side_file(struct lfs_store *s, const char *val, size_t len)
{
	if (len > 1 && val[0] == '@' && !strchr(val + 1, '/'))
		unlinkat(s->layouts_fd, val + 1, 0);
}

void layout_unlink_last(struct lfs_store *s, int fd, const char *pend)
{
	char *val = NULL;
	size_t len = 0;
	struct lfs_layout *l;
	struct stat st;
	bool known;
	int ix = ostindex_hold(s);
	int orc = xattr_read(fd, XATTR_LOV, &val, &len);

	/* Forgotten before the number can be reused; under the hold, so a
	 * rebuild sees the inode named with its entries, or neither. */
	if (ix >= 0) {
		l = old_layout(s, orc, val, len, &known);
		if (fstat(fd, &st) < 0 ||
		    ostindex_change(s, ix, st.st_ino, l, known, NULL))
			ostindex_distrust(s);
		layout_free(l);
	} else if (ix != -ENOENT) {
		ostindex_distrust(s);
	}
	fault_point("index-forgotten");
	if (!orc)
		remove_side_file(s, val, len);
	free(val);
	unlinkat(s->pending_fd, pend, 0);
	ostindex_release(s, ix);
}

int inode_get_dir_default(struct lfs_store *s, int dir_fd,
			  struct lfs_layout **out)
{
	int rc = layout_xattr_get(s, dir_fd, out);

	if (rc == -ENODATA) {
		*out = NULL;
		return 0;
	}
	return rc;
}

int inode_set_dir_default_fd(int dir_fd, const struct lfs_layout *l)
{
	void *buf;
	size_t len;
	int rc = layout_encode(l, &buf, &len);

	if (rc)
		return rc;
	if (len > LFS_LAYOUT_XATTR_MAX)
		rc = -E2BIG;
	else if (fsetxattr(dir_fd, XATTR_LOV, buf, len, 0))
		rc = -errno;
	free(buf);
	return rc;
}

int inode_del_dir_default_fd(int dir_fd)
{
	if (fremovexattr(dir_fd, XATTR_LOV) && errno != ENODATA)
		return -errno;
	return 0;
}

int store_root_default(struct lfs_store *s, struct lfs_layout **out)
{
	int rc = layout_xattr_get(s, s->root_fd, out);

	return rc == -ENODATA ? -EUCLEAN : rc;
}
