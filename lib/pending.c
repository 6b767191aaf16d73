/* pending.c - entries of mdt/PENDING: enter and release. */
#include "pending.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dirlist.h"
#include "fault.h"
#include "inode.h"
#include "ostindex.h"
#include "store_internal.h"

int pending_enter(struct lfs_store *s, int fd, int dir_fd, const char *from,
		  const char *what, char *name, size_t len)
{
	char proc[64];
	struct stat st;

	if (fstat(fd, &st) < 0)
		return -errno;
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	for (int tries = 0;; tries++) {
		int rc;

		snprintf(name, len, "%s.%llu.%u", what, (unsigned long long)st.st_ino,
			 (unsigned)rand_r(&s->rand_state));
		rc = from ? ostindex_renameat(s, dir_fd, from, s->pending_fd, name,
					      RENAME_NOREPLACE)
			  : ostindex_linkat(s, AT_FDCWD, proc, s->pending_fd, name,
					    AT_SYMLINK_FOLLOW);
		if (rc != -EEXIST || tries > 100)
			return rc;
	}
}

int pending_release(struct lfs_store *s, int fd, const char *name,
		    bool dry_run, bool *destroyed)
{
	struct lfs_layout *l = NULL;
	struct stat st;
	int rc;

	if (fstat(fd, &st) < 0)
		return -errno;
	fault_point("pending-counted");
	if (destroyed)
		*destroyed = st.st_nlink <= 1;
	if (st.st_nlink <= 1) {
		rc = layout_xattr_get(s, fd, &l);
		if (rc == -ENODATA || rc == -EINVAL)
			rc = 0;     /* no (readable) layout: nothing to destroy */
		if (!rc && l && !dry_run)
			rc = inode_destroy_objects(s, l);
		layout_free(l);
		if (rc)
			return rc;
		fault_point("pending-destroyed");
		if (!dry_run)
			layout_unlink_last(s, fd, name);
	} else if (!dry_run) {
		unlinkat(s->pending_fd, name, 0);
	}
	return 0;
}

void pending_drop_dead(struct lfs_store *s, int fd, const char *keep)
{
	char infix[32], **names = NULL;
	struct stat st, e;
	size_t n = 0;

	if (fstat(fd, &st) < 0 || st.st_nlink <= 1 ||
	    dir_list(s->pending_fd, true, &names, &n))
		return;
	snprintf(infix, sizeof(infix), ".%llu.", (unsigned long long)st.st_ino);
	for (size_t i = 0; i < n; i++)
		if (strcmp(names[i], keep) && strstr(names[i], infix) &&
		    !fstatat(s->pending_fd, names[i], &e, AT_SYMLINK_NOFOLLOW) &&
		    e.st_ino == st.st_ino && e.st_dev == st.st_dev)
			unlinkat(s->pending_fd, names[i], 0);
	dir_list_free(names, n);
}
