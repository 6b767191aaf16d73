/* ns.c - namespace operations that must keep objects and inodes in step. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "inode.h"
#include "lock.h"

int ns_unlink(struct lfs_store *s, const char *rel)
{
	char parent[4096], pend[64];
	struct lfs_layout *l = NULL;
	const char *name;
	struct stat st;
	int pfd, fd, rc;

	if (!strcmp(rel, "."))
		return -EBUSY;
	ns_split(rel, parent, sizeof(parent), &name);
	pfd = ns_open(s, parent, O_RDONLY | O_DIRECTORY, 0);
	if (pfd < 0)
		return pfd;
	if (fstatat(pfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
		rc = -errno;
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		rc = unlinkat(pfd, name, AT_REMOVEDIR) ? -errno : 0;
		goto out;
	}
	if (!S_ISREG(st.st_mode) || st.st_nlink > 1) {
		rc = unlinkat(pfd, name, 0) ? -errno : 0;
		goto out;
	}
	fd = openat(pfd, name, O_RDWR | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		rc = -errno;
		goto out;
	}
	/* Own the inode before it enters PENDING, so recovery by another
	 * process leaves it to us while we live; and hold its layout, so a
	 * migration swapping it finishes first (or sees it gone). */
	rc = lfs_lock(fd, LOCK_OWNER, LFS_EXCL);
	if (!rc)
		rc = lfs_lock(fd, LOCK_LAYOUT, LFS_EXCL);
	for (int tries = 0; !rc; tries++) {
		snprintf(pend, sizeof(pend), "unlink.%llu.%u",
			 (unsigned long long)st.st_ino, (unsigned)rand_r(&s->rand_state));
		if (renameat2(pfd, name, s->pending_fd, pend, RENAME_NOREPLACE) == 0)
			break;
		if (errno != EEXIST || tries > 100)
			rc = -errno;
	}
	if (!rc) {
		rc = layout_xattr_get(s, fd, &l);
		if (rc == -ENODATA || rc == -EINVAL)
			rc = 0;     /* no (readable) layout: nothing to destroy */
		if (!rc && l)
			rc = inode_destroy_objects(s, l);
		if (!rc) {
			layout_side_file_remove(s, fd);
			unlinkat(s->pending_fd, pend, 0);
		}
		layout_free(l);
	}
	close(fd);
out:
	close(pfd);
	return rc;
}
