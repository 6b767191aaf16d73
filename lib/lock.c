#include "lock.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <time.h>

#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#endif
#ifndef RUNNING_ON_VALGRIND
#define RUNNING_ON_VALGRIND 0
#endif

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

/*
 * Valgrind (3.19, Debian 12's) runs one thread at a time and lets another
 * run only while the first is in a syscall it knows may block; F_OFD_SETLKW
 * is not among them. A thread waiting there for a lock another thread of
 * the process holds would wait forever, as the holder never runs again.
 * Under valgrind, and only there, the wait polls with F_OFD_SETLK instead
 * (1 ms doubling to 64 ms), which valgrind returns from at once. The same
 * lock is taken; only the way of waiting for it differs.
 */
static int lock_polling(int fd, struct flock *fl)
{
	struct timespec nap = { 0, 1000000 };

	while (fcntl(fd, F_OFD_SETLK, fl) < 0) {
		if (errno != EACCES && errno != EAGAIN && errno != EINTR)
			return -errno;
		nanosleep(&nap, NULL);
		if (nap.tv_nsec < 64000000)
			nap.tv_nsec *= 2;
	}
	return 0;
}

int lfs_lock(int fd, enum lfs_lock_byte which, enum lfs_lock_mode mode)
{
	struct flock fl;

	fill(&fl, which, mode);
	if (RUNNING_ON_VALGRIND && mode != LFS_UNLOCK)
		return lock_polling(fd, &fl);
	while (fcntl(fd, F_OFD_SETLKW, &fl) < 0) {
		if (errno != EINTR)
			return -errno;
	}
	return 0;
}

int lfs_unlock_bytes(int fd, enum lfs_lock_byte first, unsigned count)
{
	struct flock fl;

	fill(&fl, first, LFS_UNLOCK);
	fl.l_len = count;
	return fcntl(fd, F_OFD_SETLK, &fl) < 0 ? -errno : 0;
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
