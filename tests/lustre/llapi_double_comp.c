/* llapi_double_comp.c - llapi_layout_file_comp_add and
 * llapi_layout_file_comp_del of the liblustreapi test double (double.h),
 * with Lustre 2.15.3's semantics: liblustreapi_layout.c's argument
 * checks and the MDS's (lod_object.c lod_declare_layout_add and
 * lod_declare_layout_del) on the layout kept in the file's xattr. */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "double.h"
#include "store.h"

static int fail(int err)
{
	errno = err;
	return -1;
}

/* Open path for writing (as liblustreapi does) and take fd's layout as
 * the MDS has it; a file on the mount only. Callers hold double_mu. */
static int open_layout(const char *path, int *fd, struct lfs_layout **l)
{
	int rc;

	*fd = open(path, O_RDWR | O_CLOEXEC);
	if (*fd < 0)
		return -errno;
	rc = double_file_layout(*fd, l);     /* -ENOTTY off the mount */
	if (!rc && !*l)
		rc = -EINVAL;       /* a directory: the MDS's LASSERT(composite) */
	if (rc) {
		close(*fd);
		*fd = -1;
	}
	return rc;
}

/* The edit rc so far ends: l, changed, kept with the next generation
 * (none left: no layout), fd closed. */
static int finish(int rc, int fd, struct lfs_layout *l)
{
	if (!rc && !l->nr_comps)
		rc = fremovexattr(fd, DOUBLE_XATTR) ? -errno : 0;
	else if (!rc) {
		l->gen++;
		rc = double_xset(fd, l);
	}
	layout_free(l);
	if (fd >= 0)
		close(fd);
	return rc;
}

/* The components of w after the file's (llapi_layout_merge), the first
 * starting where the file's last ends, extents contiguous
 * (llapi_layout_sanity), each new one given an id, the pools and the
 * whole checked (lod_verify_striping), the generation bumped. */
static int comp_add(const char *path, const struct lfs_layout *add)
{
	struct lfs_store *servers;
	struct lfs_layout *l = NULL;
	int fd, rc = open_layout(path, &fd, &l);

	if (!rc && (!l->composite || !add->composite))
		rc = -EINVAL;
	for (uint32_t i = 0; !rc && i < add->nr_comps; i++) {
		struct lfs_component c = add->comps[i];

		if (c.start != l->comps[l->nr_comps - 1].end || c.flags & LFS_COMP_INIT ||
		    c.nr_objects)
			rc = -EINVAL;
		c.id = 0;
		if (!rc)
			rc = layout_add_component(l, &c);
	}
	if (!rc)
		rc = double_servers(&servers);
	if (!rc)
		rc = layout_validate(l, store_conf(servers)->ost_count, NULL);
	if (!rc)
		rc = double_check_pools(l);
	return finish(rc, fd, l);
}

EXPORT int llapi_layout_file_comp_add(const char *path,
				      const struct llapi_layout *w)
{
	int rc;

	if (!path || !w || w->magic != DOUBLE_LAYOUT_MAGIC)
		return fail(EINVAL);
	pthread_mutex_lock(&double_mu);
	rc = comp_add(path, w->l);
	pthread_mutex_unlock(&double_mu);
	return rc ? fail(-rc) : 0;
}

/* lod_declare_layout_del: from the last component back, those with id
 * (or with flags, or without the flags of a LCME_FL_NEG request) go; one
 * that would leave a hole, or none found, is EINVAL. Instantiated ones
 * go too, and the data they held: the file is cut where the layout now
 * ends. None left: the file has no layout. */
static int comp_del(const char *path, uint32_t id, uint32_t flags)
{
	uint32_t neg = flags & LLAPI_LCME_FL_NEG ? flags & ~LLAPI_LCME_FL_NEG : 0;
	struct lfs_layout *l = NULL;
	uint32_t left;
	struct stat st;
	int fd, rc = open_layout(path, &fd, &l);

	if (neg)
		flags = 0;
	if (!rc && !l->composite)
		rc = -EINVAL;
	left = rc ? 0 : l->nr_comps;
	for (uint32_t i = left; !rc && i-- > 0;) {
		const struct lfs_component *c = &l->comps[i];
		uint32_t cf = c->flags & LFS_COMP_INIT ? LLAPI_LCME_FL_INIT : 0;

		if ((id && c->id != id) || (flags && !(flags & cf)) || (neg && (neg & cf)))
			continue;
		if (left != i + 1)
			rc = -EINVAL;
		else
			left--;
	}
	if (!rc && left == l->nr_comps)
		rc = -EINVAL;
	while (!rc && l->nr_comps > left)
		rc = layout_del_component(l, l->comps[l->nr_comps - 1].id);
	if (!rc && !fstat(fd, &st) && left &&
	    (uint64_t)st.st_size > l->comps[left - 1].end)
		rc = ftruncate(fd, (off_t)l->comps[left - 1].end) ? -errno : 0;
	if (!rc && !left)
		rc = ftruncate(fd, 0) ? -errno : 0;
	return finish(rc, fd, l);
}

/* liblustreapi_layout.c: an id past LCME_ID_MAX or unknown flags, both an
 * id and flags, or neither, are EINVAL before the file is opened. */
EXPORT int llapi_layout_file_comp_del(const char *path, uint32_t id,
				      uint32_t flags)
{
	int rc;

	if (!path || id > LLAPI_LCME_ID_MAX || (flags & ~LLAPI_LCME_KNOWN_FLAGS) ||
	    (id && flags) || (!id && !flags))
		return fail(EINVAL);
	pthread_mutex_lock(&double_mu);
	rc = comp_del(path, id, flags);
	pthread_mutex_unlock(&double_mu);
	return rc ? fail(-rc) : 0;
}
