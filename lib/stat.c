/* stat.c - a namespace entry's metadata with its objects' blocks (stat.h). */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "inode.h"
#include "ost.h"
#include "stat.h"

static const char *type_name(const struct stat *st)
{
	switch (st->st_mode & S_IFMT) {
	case S_IFREG: return st->st_size ? "regular file" : "regular empty file";
	case S_IFDIR: return "directory";
	case S_IFLNK: return "symbolic link";
	case S_IFIFO: return "fifo";
	case S_IFSOCK: return "socket";
	case S_IFCHR: return "character special file";
	case S_IFBLK: return "block special file";
	}
	return "weird file";
}

int stat_blocks(struct lfs_store *s, int fd, uint64_t *blocks)
{
	struct lfs_layout *l = NULL;
	int rc = layout_xattr_get(s, fd, &l);

	*blocks = 0;
	if (rc)
		return rc == -ENODATA ? 0 : rc;
	for (uint32_t c = 0; c < l->nr_comps; c++) {
		const struct lfs_component *comp = &l->comps[c];

		for (uint32_t i = 0; (comp->flags & LFS_COMP_INIT) &&
				     i < comp->nr_objects; i++) {
			struct stat st;

			if (!ost_object_stat(s, comp->objects[i].ost,
					     comp->objects[i].id, &st))
				*blocks += (uint64_t)st.st_blocks;
		}
	}
	layout_free(l);
	return 0;
}

/* The entry open at fd (O_PATH|O_NOFOLLOW, closed here): its metadata,
 * type and symlink target. */
static int stat_entry(int fd, struct lfs_stat *out)
{
	ssize_t n;

	memset(out, 0, sizeof(*out));
	if (fd < 0)
		return fd;
	if (fstat(fd, &out->st) < 0) {
		int rc = -errno;

		close(fd);
		return rc;
	}
	out->type = type_name(&out->st);
	out->blocks = (uint64_t)out->st.st_blocks;
	if (S_ISLNK(out->st.st_mode) &&
	    (n = readlinkat(fd, "", out->target, sizeof(out->target) - 1)) >= 0)
		out->target[n] = '\0';
	close(fd);
	return 0;
}

int lfs_stat_host(const char *path, struct lfs_stat *out)
{
	int fd = open(path, O_PATH | O_NOFOLLOW | O_CLOEXEC);

	return stat_entry(fd < 0 ? -errno : fd, out);
}

int lfs_stat(struct lfs_store *s, const char *rel, struct lfs_stat *out)
{
	int rc = stat_entry(ns_open(s, rel, O_PATH | O_NOFOLLOW, 0), out);

	if (rc)
		return rc;
	if (S_ISREG(out->st.st_mode)) {
		int rfd = ns_open(s, rel, O_RDONLY | O_NOFOLLOW | O_NONBLOCK, 0);

		if (rfd >= 0) {
			if (stat_blocks(s, rfd, &out->blocks))
				out->blocks = 0;
			close(rfd);
		}
	}
	return 0;
}
