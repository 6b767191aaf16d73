/* inode.c - namespace paths, MDT inode handles, layouts in xattrs. */
#include "inode.h"

#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "alloc.h"
#include "lock.h"
#include "ost.h"
#include "store_internal.h"

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

/* ---- layouts in xattrs ---- */

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

int layout_xattr_get(struct lfs_store *s, int fd, struct lfs_layout **out)
{
	char *val;
	size_t len;
	int rc = xattr_read(fd, XATTR_LOV, &val, &len);

	if (rc)
		return rc;
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
	if (write(fd, buf, len) != (ssize_t)len || fsync(fd))
		rc = errno ? -errno : -EIO;
	close(fd);
	if (!rc && renameat(s->layouts_fd, tmp, s->layouts_fd, name))
		rc = -errno;
	if (!rc && fsync(s->layouts_fd))
		rc = -errno;
	if (rc)
		unlinkat(s->layouts_fd, tmp, 0);
	return rc;
}

int layout_xattr_set(struct lfs_store *s, int fd, const struct lfs_layout *l)
{
	char *old = NULL, ref[96];
	size_t old_len = 0;
	void *buf;
	size_t len;
	int rc = layout_encode(l, &buf, &len);

	if (rc)
		return rc;
	if (xattr_read(fd, XATTR_LOV, &old, &old_len) || old_len < 2 ||
	    old[0] != '@') {
		free(old);
		old = NULL;
	}
	if (len <= LFS_LAYOUT_XATTR_MAX) {
		rc = fsetxattr(fd, XATTR_LOV, buf, len, 0) ? -errno : 0;
	} else {
		struct stat st;

		if (fstat(fd, &st) < 0) {
			rc = -errno;
			goto out;
		}
		snprintf(ref, sizeof(ref), "@%llu.%u",
			 (unsigned long long)st.st_ino, l->gen);
		rc = write_side_file(s, ref + 1, buf, len);
		if (!rc && fsetxattr(fd, XATTR_LOV, ref, strlen(ref), 0))
			rc = -errno;
		if (!rc && old && !strcmp(old, ref)) {
			free(old);      /* rewritten in place: keep it */
			old = NULL;
		}
	}
	/* The xattr is committed: the previous side file is garbage now. */
	if (!rc && old && !strchr(old + 1, '/'))
		unlinkat(s->layouts_fd, old + 1, 0);
out:
	free(old);
	free(buf);
	return rc;
}

void layout_side_file_remove(struct lfs_store *s, int fd)
{
	char *val = NULL;
	size_t len;

	if (xattr_read(fd, XATTR_LOV, &val, &len) == 0 && len > 1 &&
	    val[0] == '@' && !strchr(val + 1, '/'))
		unlinkat(s->layouts_fd, val + 1, 0);
	free(val);
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

/* ---- effective layout of a new file ---- */

static void fill_from(struct lfs_component *c, const struct lfs_component *d)
{
	if (!c->stripe_size && d->stripe_size)
		c->stripe_size = d->stripe_size;
	if (!c->stripe_count && d->stripe_count)
		c->stripe_count = d->stripe_count;
}

static int check_pools(struct lfs_store *s, const struct lfs_layout *l,
		       struct lfs_error *e)
{
	for (uint32_t i = 0; i < l->nr_comps; i++) {
		const struct lfs_component *c = &l->comps[i];
		const struct lfs_pool *p;

		if (!c->pool[0])
			continue;
		p = store_pool_find(s->conf, c->pool);
		if (!p)
			return lfs_error_set(e, -EINVAL,
				"pool '%s.%s' does not exist", s->conf->fsname,
				c->pool);
		for (uint32_t j = 0; j < c->nr_osts; j++)
			if (!store_pool_has(p, c->osts[j]))
				return lfs_error_set(e, -EINVAL,
					"OST %u is not in pool '%s'", c->osts[j],
					c->pool);
		if (!c->nr_osts && c->stripe_offset >= 0 &&
		    !store_pool_has(p, (uint32_t)c->stripe_offset))
			return lfs_error_set(e, -EINVAL,
				"OST %d is not in pool '%s'", c->stripe_offset,
				c->pool);
	}
	return 0;
}

int inode_effective_layout(struct lfs_store *s, int parent_fd,
			   const struct lfs_layout *req,
			   struct lfs_layout **out, struct lfs_error *e)
{
	struct lfs_layout *root = NULL, *parent = NULL, *l = NULL;
	int rc = store_root_default(s, &root);

	if (rc)
		return lfs_error_set(e, rc, "cannot read the filesystem default layout: %s",
				     strerror(-rc));
	rc = inode_get_dir_default(s, parent_fd, &parent);
	if (rc)
		goto out;
	l = layout_dup(req ? req : parent ? parent : root);
	if (!l) {
		rc = -ENOMEM;
		goto out;
	}
	for (uint32_t i = 0; i < l->nr_comps; i++) {
		struct lfs_component *c = &l->comps[i];

		/* A plain parent default fills what the request left unset,
		 * then the root's fills the rest. */
		if (parent && parent != req && !parent->composite)
			fill_from(c, &parent->comps[0]);
		fill_from(c, &root->comps[0]);
		if (!c->stripe_size)
			c->stripe_size = LFS_DEFAULT_STRIPE_SIZE;
		if (!c->stripe_count)
			c->stripe_count = 1;
		if (!c->pattern)
			c->pattern = LFS_PATTERN_RAID0;
		/* A default stripe size shrinks to fit a component's extent
		 * (-E 128 alone gives 128 KiB stripes); explicit sizes were
		 * checked to fit by the builder. */
		while (c->stripe_size > LFS_STRIPE_UNIT &&
		       (c->start % c->stripe_size ||
			(c->end != LFS_EOF && c->end % c->stripe_size)))
			c->stripe_size -= LFS_STRIPE_UNIT;
		c->flags &= ~LFS_COMP_INIT;
		free(c->objects);
		c->objects = NULL;
		c->nr_objects = 0;
	}
	l->gen = 0;
	rc = layout_validate(l, s->conf->ost_count, e);
	if (!rc)
		rc = check_pools(s, l, e);
out:
	layout_free(root);
	layout_free(parent);
	if (rc) {
		layout_free(l);
		return rc;
	}
	*out = l;
	return 0;
}

/* ---- objects of a layout ---- */

int inode_create_objects(struct lfs_store *s, const struct lfs_layout *l)
{
	for (uint32_t i = 0; i < l->nr_comps; i++)
		for (uint32_t j = 0; j < l->comps[i].nr_objects; j++) {
			const struct lfs_object *o = &l->comps[i].objects[j];
			int rc = ost_object_create(s, o->ost, o->id);

			if (rc)
				return rc;
		}
	return 0;
}

int inode_destroy_objects(struct lfs_store *s, const struct lfs_layout *l)
{
	int first = 0;

	for (uint32_t i = 0; i < l->nr_comps; i++)
		for (uint32_t j = 0; j < l->comps[i].nr_objects; j++) {
			const struct lfs_object *o = &l->comps[i].objects[j];
			int rc = ost_object_destroy(s, o->ost, o->id);

			if (rc && !first)
				first = rc;
		}
	return first;
}

/* ---- handles ---- */

static void close_objects(struct lfs_inode *ino)
{
	for (uint32_t i = 0; i < ino->nr_obj_fd; i++)
		if (ino->obj_fd[i] >= 0)
			close(ino->obj_fd[i]);
	free(ino->obj_fd);
	ino->obj_fd = NULL;
	ino->nr_obj_fd = 0;
}

static int reset_objects(struct lfs_inode *ino)
{
	uint32_t n = 0;

	close_objects(ino);
	if (!ino->layout)
		return 0;
	for (uint32_t i = 0; i < ino->layout->nr_comps; i++)
		n += ino->layout->comps[i].nr_objects;
	if (!n)
		return 0;
	ino->obj_fd = malloc(n * sizeof(int));
	if (!ino->obj_fd)
		return -ENOMEM;
	for (uint32_t i = 0; i < n; i++)
		ino->obj_fd[i] = -1;
	ino->nr_obj_fd = n;
	return 0;
}

int inode_layout_refresh(struct lfs_inode *ino)
{
	struct lfs_layout *l = NULL;
	int rc = layout_xattr_get(ino->s, ino->fd, &l);

	if (rc == -ENODATA)
		l = NULL;
	else if (rc)
		return rc;
	if (l && ino->layout && layout_equal(l, ino->layout)) {
		layout_free(l);
		return 0;
	}
	layout_free(ino->layout);
	ino->layout = l;
	return reset_objects(ino);
}

int inode_from_fd(struct lfs_store *s, int fd, int mode,
		  struct lfs_inode **out)
{
	struct lfs_inode *ino;
	struct stat st;
	int rc;

	if (fstat(fd, &st) < 0) {
		rc = -errno;
		close(fd);
		return rc;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;
	}
	ino = calloc(1, sizeof(*ino));
	if (!ino) {
		close(fd);
		return -ENOMEM;
	}
	ino->s = s;
	ino->fd = fd;
	ino->ino = st.st_ino;
	if (mode == INODE_WRITE) {
		rc = lfs_lock(fd, LOCK_WRITERS, LFS_SHARED);
		if (rc) {
			inode_close(ino);
			return rc;
		}
		ino->writer = true;
	}
	rc = inode_layout_refresh(ino);
	if (rc) {
		inode_close(ino);
		return rc;
	}
	*out = ino;
	return 0;
}

int inode_open(struct lfs_store *s, const char *rel, int mode,
	       struct lfs_inode **out)
{
	int fd = ns_open(s, rel, (mode == INODE_READ ? O_RDONLY : O_RDWR) |
			 O_NONBLOCK, 0);

	if (fd == -EISDIR)
		return -EISDIR;
	if (fd < 0)
		return fd;
	return inode_from_fd(s, fd, mode, out);
}

void inode_close(struct lfs_inode *ino)
{
	if (!ino)
		return;
	close_objects(ino);
	layout_free(ino->layout);
	if (ino->fd >= 0)
		close(ino->fd);     /* drops every OFD lock of this handle */
	free(ino);
}

int inode_instantiate(struct lfs_inode *ino, uint32_t idx, struct lfs_error *e)
{
	struct lfs_layout *l;
	int rc;

	if (!ino->layout || idx >= ino->layout->nr_comps)
		return -EINVAL;
	if (ino->layout->comps[idx].flags & LFS_COMP_INIT)
		return 0;
	l = layout_dup(ino->layout);
	if (!l)
		return -ENOMEM;
	rc = alloc_component(ino->s, l, idx, NULL, e);
	if (!rc) {
		l->gen++;
		rc = layout_xattr_set(ino->s, ino->fd, l);
	}
	if (!rc)
		rc = inode_create_objects(ino->s, l);
	if (!rc) {
		layout_free(ino->layout);
		ino->layout = l;
		return reset_objects(ino);
	}
	layout_free(l);
	return rc;
}

static int commit_new_layout(struct lfs_store *s, int fd, struct lfs_layout *l,
			     struct lfs_error *e)
{
	int rc = alloc_component(s, l, 0, NULL, e);

	if (!rc)
		rc = layout_xattr_set(s, fd, l);
	if (!rc)
		rc = inode_create_objects(s, l);
	return rc;
}

int inode_create(struct lfs_store *s, const char *rel, mode_t mode,
		 const struct lfs_layout *req, struct lfs_inode **out,
		 struct lfs_error *e)
{
	char parent[4096];
	const char *name;
	struct lfs_layout *l = NULL;
	int pfd, fd, rc;

	ns_split(rel, parent, sizeof(parent), &name);
	if (!strcmp(rel, "."))
		return -EISDIR;
	pfd = ns_open(s, parent, O_RDONLY | O_DIRECTORY, 0);
	if (pfd < 0)
		return pfd;
	rc = inode_effective_layout(s, pfd, req, &l, e);
	if (rc)
		goto out;
	/* Allocate before creating: a refused allocation leaves nothing. */
	rc = alloc_component(s, l, 0, NULL, e);
	if (rc)
		goto out;
	fd = openat(pfd, name, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		    mode);
	if (fd < 0) {
		rc = -errno;
		goto out;
	}
	rc = layout_xattr_set(s, fd, l);
	if (!rc)
		rc = inode_create_objects(s, l);
	if (rc) {
		inode_destroy_objects(s, l);
		unlinkat(pfd, name, 0);
		close(fd);
		goto out;
	}
	rc = inode_from_fd(s, fd, INODE_WRITE, out);
out:
	layout_free(l);
	close(pfd);
	return rc;
}

int inode_set_new_layout(struct lfs_inode *ino, const struct lfs_layout *req,
			 int parent_fd, struct lfs_error *e)
{
	struct lfs_layout *l = NULL;
	int rc;

	rc = lfs_lock(ino->fd, LOCK_LAYOUT, LFS_EXCL);
	if (rc)
		return rc;
	rc = inode_layout_refresh(ino);
	if (!rc && ino->layout)
		rc = -EEXIST;
	if (!rc)
		rc = inode_effective_layout(ino->s, parent_fd, req, &l, e);
	if (!rc)
		rc = commit_new_layout(ino->s, ino->fd, l, e);
	layout_free(l);
	if (!rc)
		rc = inode_layout_refresh(ino);
	lfs_unlock(ino->fd, LOCK_LAYOUT);
	return rc;
}

int inode_data_version(struct lfs_inode *ino, uint64_t *dv)
{
	uint64_t v = 0;
	ssize_t n = fgetxattr(ino->fd, XATTR_DV, &v, sizeof(v));

	if (n < 0 && errno != ENODATA)
		return -errno;
	*dv = n == sizeof(v) ? v : 0;
	return 0;
}

int inode_size(struct lfs_inode *ino, uint64_t *size)
{
	struct stat st;

	if (fstat(ino->fd, &st) < 0)
		return -errno;
	*size = (uint64_t)st.st_size;
	return 0;
}
