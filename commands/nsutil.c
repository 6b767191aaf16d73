/* nsutil.c - small namespace helpers shared by the namespace commands.
 * Everything goes through ns_open (openat2 RESOLVE_IN_ROOT), so a symlink
 * in the store can never lead to a host path. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common.h"

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

int ns_open_meta(struct lfs_store *s, const char *rel, struct lfs_error *e)
{
	int fd = ns_open(s, rel, O_PATH, 0);
	int rc = fd < 0 ? 0 : inode_vouch_links(s, fd, e);

	if (rc) {
		close(fd);
		return rc;
	}
	return fd;
}

void fd_proc_path(int fd, char *buf, size_t len)
{
	snprintf(buf, len, "/proc/self/fd/%d", fd);
}

int ns_path_join(char *out, size_t len, const char *dir, const char *name)
{
	int n = !strcmp(dir, ".") ? snprintf(out, len, "%s", name)
				  : snprintf(out, len, "%s/%s", dir, name);

	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}
