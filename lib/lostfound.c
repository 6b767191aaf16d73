/* lostfound.c - orphan objects made files of /.lustre/lost+found. */
#include "lostfound.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "inode.h"
#include "ost.h"
#include "store_internal.h"

/* /.lustre/lost+found, made on first use (Lustre's LFSCK keeps its own
 * under .lustre too). */
static int lost_found(struct lfs_store *s, int *lf_fd)
{
	int fd;

	if (*lf_fd >= 0)
		return *lf_fd;
	if (mkdirat(s->root_fd, ".lustre", 0755) < 0 && errno != EEXIST)
		return -errno;
	fd = openat(s->root_fd, ".lustre", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (mkdirat(fd, "lost+found", 0700) < 0 && errno != EEXIST) {
		close(fd);
		return -errno;
	}
	*lf_fd = openat(fd, "lost+found", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	close(fd);
	return *lf_fd >= 0 ? *lf_fd : -errno;
}

int lost_found_adopt(struct lfs_store *s, int *lf_fd, uint32_t ost,
		     uint64_t id, const struct lfs_pfid *pf,
		     const struct stat *st, char *name, size_t len)
{
	struct lfs_object obj = { ost, id };
	struct lfs_component c = { .start = 0, .end = LFS_EOF,
				   .pattern = LFS_PATTERN_RAID0,
				   .stripe_size = LFS_DEFAULT_STRIPE_SIZE,
				   .stripe_count = 1, .stripe_offset = (int32_t)ost };
	struct lfs_layout *l = layout_new();
	struct lfs_pfid back;
	char rel[64];
	int dir = lost_found(s, lf_fd), fd = -1, rc = dir < 0 ? dir : 0;

	for (int n = 0; !rc && fd < 0; n++) {
		if (pf)
			snprintf(name, len, "[%#llx:%#llx:0x0]-R-%d", LFS_FID_SEQ,
				 (unsigned long long)pf->parent.ino, n);
		else
			snprintf(name, len, "[%#llx:%#llx:0x0]-N-%d",
				 LFS_OBJECT_FID_SEQ(ost), (unsigned long long)id, n);
		fd = openat(dir, name, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
			    0600);
		if (fd < 0 && errno != EEXIST)
			rc = -errno;
	}
	if (!rc && !l)
		rc = -ENOMEM;
	if (!rc)
		rc = layout_add_component(l, &c);
	if (!rc)
		rc = layout_set_objects(&l->comps[0], &obj, 1);
	if (!rc && fchown(fd, st->st_uid, st->st_gid) && errno != EPERM)
		rc = -errno;
	if (!rc && ftruncate(fd, st->st_size))
		rc = -errno;
	if (!rc)
		rc = layout_xattr_set(s, fd, l);
	/* From now on it is the new file's object: it points there. */
	if (!rc)
		rc = pfid_parent_of(fd, &back.parent);
	if (!rc) {
		inode_object_pfid(&back.parent, l, 0, 0, &back);
		ost_object_relpath(id, rel, sizeof(rel));
		rc = pfid_set_at(s->ost_fd[ost], rel, &back);
	}
	if (fd >= 0)
		close(fd);
	layout_free(l);
	return rc;
}
