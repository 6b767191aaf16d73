#include "lock.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>

/* Lock bytes live at the top of the offset space, well past any data. */
#define LOCK_BASE ((off_t)1 << 62)

static void fill(struct flock *fl, enum lfs_lock_byte which,
		 enum lfs_lock_mode mode)
{
	memset(fl, 0, sizeof(*fl));
	fl->l_type = mode == LFS_EXCL ? F_WRLCK :
		     mode == LFS_SHARED ? F_RDLCK : F_UNLCK;
	fl->l_whence = SEEK_SET;
	fl->l_start = LOCK_BASE + (off_t)which;
	fl->l_len = 1;
}

int lfs_lock(int fd, enum lfs_lock_byte which, enum lfs_lock_mode mode)
{
	struct flock fl;

	fill(&fl, which, mode);
	while (fcntl(fd, F_OFD_SETLKW, &fl) < 0) {
		if (errno != EINTR)
			return -errno;
	}
	return 0;
}

int lfs_trylock(int fd, enum lfs_lock_byte which, enum lfs_lock_mode mode)
{
	struct flock fl;

	fill(&fl, which, mode);
	if (fcntl(fd, F_OFD_SETLK, &fl) < 0)
		return errno == EACCES ? -EAGAIN : -errno;
	return 0;
}

int lfs_lock_conflicts(int fd, enum lfs_lock_byte which,
		       enum lfs_lock_mode mode)
{
	struct flock fl;

	fill(&fl, which, mode);
	if (fcntl(fd, F_OFD_GETLK, &fl) < 0)
		return -errno;
	return fl.l_type != F_UNLCK;
}
