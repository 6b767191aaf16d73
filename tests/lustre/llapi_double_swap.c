/* llapi_double_swap.c - the data version, group lock, lease and layout
 * swap of the liblustreapi test double (double.h, llapi_double_fs.c's top
 * comment; docs/lustre.md, "The test double"). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "double.h"

#define GROUP_BYTE ((1LL << 62) + 17)
#define MAX_FD 65536

static int group_gid[MAX_FD];
/* The access mode (+ 1) of an fd a read lease made read-only. */
static int saved_acc[MAX_FD];

static int dv_of(int fd, uint64_t *dv)
{
	struct lfs_layout *l = NULL;
	struct stat st;
	uint64_t v[5], h = 0xcbf29ce484222325ULL;

	if (fstat(fd, &st))
		return -errno;
	if (!S_ISREG(st.st_mode))
		return -EINVAL;
	double_xget(fd, &l);
	v[0] = st.st_ino;
	v[1] = (uint64_t)st.st_size;
	v[2] = (uint64_t)st.st_mtim.tv_sec;
	v[3] = (uint64_t)st.st_mtim.tv_nsec;
	v[4] = l ? l->gen : 0;
	layout_free(l);
	for (size_t i = 0; i < sizeof(v); i++)
		h = (h ^ ((unsigned char *)v)[i]) * 0x100000001b3ULL;
	*dv = h;
	return 0;
}

EXPORT int llapi_get_data_version(int fd, uint64_t *data_version, uint64_t flags)
{
	char path[PATH_MAX];

	(void)flags;   /* no client cache to flush: writes are the host's */
	if (!double_fd_path(fd, path))
		return -ENOTTY;
	return dv_of(fd, data_version);
}

static void hook(const char *env)
{
	const char *cmd = getenv(env);

	if (cmd && *cmd && system(cmd) == -1)
		perror(env);
}

static int ofd(int fd, short type, bool wait)
{
	struct flock fl = { .l_type = type, .l_whence = SEEK_SET,
			    .l_start = GROUP_BYTE, .l_len = 1 };

	return fcntl(fd, wait ? F_OFD_SETLKW : F_OFD_SETLK, &fl) ? -errno : 0;
}

/* ll_get_grouplock: gid 0 is invalid; one group lock per open file. */
static int group_lock(int fd, int gid)
{
	char path[PATH_MAX];
	int rc;

	if (!double_fd_path(fd, path))
		return -ENOTTY;
	if (!gid || fd < 0 || fd >= MAX_FD || group_gid[fd])
		return -EINVAL;
	rc = ofd(fd, F_WRLCK, true);
	if (!rc)
		group_gid[fd] = gid;
	return rc;
}

EXPORT int llapi_group_lock(int fd, int gid)
{
	int rc = group_lock(fd, gid);

	if (!rc)
		hook("LLAPI_DOUBLE_HOOK_GROUP_LOCK");
	return rc;
}

EXPORT int llapi_group_unlock(int fd, int gid)
{
	if (fd < 0 || fd >= MAX_FD || !gid || group_gid[fd] != gid)
		return -EINVAL;
	group_gid[fd] = 0;
	return ofd(fd, F_UNLCK, false);
}

static void on_lease_break(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	fcntl(si->si_fd, F_SETLEASE, F_UNLCK);
}

static void lease_setup(void)
{
	struct sigaction sa = { .sa_sigaction = on_lease_break,
				.sa_flags = SA_SIGINFO | SA_RESTART };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGRTMIN + 5, &sa, NULL);
}

/* fd again, on a new open file description with access mode acc. */
static int reopen(int fd, int acc)
{
	char proc[64];
	int fl = fcntl(fd, F_GETFL), cloexec = fcntl(fd, F_GETFD) & FD_CLOEXEC;
	int n;

	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	n = open(proc, (fl & (O_NOATIME | O_APPEND)) | acc);
	if (n < 0)
		return -errno;
	if (dup3(n, fd, cloexec ? O_CLOEXEC : 0) < 0) {
		close(n);
		return -errno;
	}
	close(n);
	return 0;
}

static void restore_access(int fd)
{
	if (fd >= 0 && fd < MAX_FD && saved_acc[fd]) {
		reopen(fd, saved_acc[fd] - 1);
		saved_acc[fd] = 0;
	}
}

static int access_of(int fd)
{
	return fd >= 0 && fd < MAX_FD && saved_acc[fd] ? saved_acc[fd] - 1 :
	       fcntl(fd, F_GETFL) & O_ACCMODE;
}

/* A read lease on an fd open for writing: Lustre's lease ignores the
 * holder's own open, the kernel's does not, so the open file description
 * becomes a read-only one until the lease goes. */
EXPORT int llapi_lease_acquire(int fd, int mode)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	char path[PATH_MAX];
	int acc, rc;

	if (mode != LLAPI_LEASE_RDLCK && mode != LLAPI_LEASE_WRLCK)
		return -EINVAL;
	if (!double_fd_path(fd, path) || fd >= MAX_FD)
		return -ENOTTY;
	pthread_once(&once, lease_setup);
	acc = fcntl(fd, F_GETFL) & O_ACCMODE;
	if (mode == LLAPI_LEASE_RDLCK && acc != O_RDONLY) {
		rc = reopen(fd, O_RDONLY);
		if (rc)
			return rc;
		saved_acc[fd] = acc + 1;
	}
	if (fcntl(fd, F_SETSIG, SIGRTMIN + 5) ||
	    fcntl(fd, F_SETLEASE, mode == LLAPI_LEASE_RDLCK ? F_RDLCK : F_WRLCK)) {
		rc = errno == EAGAIN ? -EBUSY : -errno;
		restore_access(fd);
		return rc;
	}
	hook("LLAPI_DOUBLE_HOOK_LEASE");
	return 0;
}

EXPORT int llapi_lease_check(int fd)
{
	int l = fcntl(fd, F_GETLEASE);

	if (l < 0)
		return -errno;
	return l == F_RDLCK ? LLAPI_LEASE_RDLCK : l == F_WRLCK ? LLAPI_LEASE_WRLCK : 0;
}

EXPORT int llapi_lease_release(int fd)
{
	int held = llapi_lease_check(fd);

	if (held > 0 && fcntl(fd, F_SETLEASE, F_UNLCK))
		held = -errno;
	restore_access(fd);
	return held;
}

/* All of from's data into to, holes kept. */
static int copy_all(int from, int to)
{
	static char buf[1 << 20];
	struct stat st;
	off_t off = 0, d, h;

	if (fstat(from, &st) || ftruncate(to, 0))
		return -errno;
	while (off < st.st_size && (d = lseek(from, off, SEEK_DATA)) >= 0) {
		h = lseek(from, d, SEEK_HOLE);
		for (off = d; off < h;) {
			ssize_t n = pread(from, buf, (size_t)(h - off < (off_t)sizeof(buf) ?
					  h - off : (off_t)sizeof(buf)), off);

			if (n <= 0 || pwrite(to, buf, (size_t)n, off) != n)
				return n < 0 ? -errno : -EIO;
			off += n;
		}
	}
	if (off < st.st_size && errno != ENXIO)
		return -errno;
	return ftruncate(to, st.st_size) ? -errno : 0;
}

/* Layouts, data and times exchanged, under double_mu, the data versions
 * checked first. */
static int swap_locked(int fd1, int fd2, uint64_t dv1, uint64_t dv2,
		       uint64_t flags)
{
	struct lfs_layout *l1 = NULL, *l2 = NULL;
	struct stat st1, st2;
	struct timespec t1[2], t2[2];
	int w1 = -1, w2 = -1, tmp = -1, rc;
	uint64_t dv;
	uint32_t gen;
	char proc[64];

	if (flags & LLAPI_SWAP_LAYOUTS_CHECK_DV1) {
		if ((rc = dv_of(fd1, &dv)))
			return rc;
		if (dv != dv1)
			return -EAGAIN;
	}
	if (flags & LLAPI_SWAP_LAYOUTS_CHECK_DV2) {
		if ((rc = dv_of(fd2, &dv)))
			return rc;
		if (dv != dv2)
			return -EAGAIN;
	}
	if (fstat(fd1, &st1) || fstat(fd2, &st2))
		return -errno;
	if ((rc = double_file_layout(fd1, &l1)) || (rc = double_file_layout(fd2, &l2)))
		goto out;
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd1);
	w1 = open(proc, O_RDWR);
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd2);
	w2 = open(proc, O_RDWR);
	tmp = memfd_create("llapi-double-swap", 0);
	if (w1 < 0 || w2 < 0 || tmp < 0) {
		rc = -errno;
		goto out;
	}
	if ((rc = copy_all(w1, tmp)) || (rc = copy_all(w2, w1)) ||
	    (rc = copy_all(tmp, w2)))
		goto out;
	gen = (l1->gen > l2->gen ? l1->gen : l2->gen) + 1;
	l1->gen = l2->gen = gen;
	if ((rc = double_xset(w1, l2)) || (rc = double_xset(w2, l1)))
		goto out;
	t1[0] = flags & LLAPI_SWAP_LAYOUTS_KEEP_ATIME ? st1.st_atim : st2.st_atim;
	t1[1] = flags & LLAPI_SWAP_LAYOUTS_KEEP_MTIME ? st1.st_mtim : st2.st_mtim;
	t2[0] = flags & LLAPI_SWAP_LAYOUTS_KEEP_ATIME ? st2.st_atim : st1.st_atim;
	t2[1] = flags & LLAPI_SWAP_LAYOUTS_KEEP_MTIME ? st2.st_mtim : st1.st_mtim;
	if (futimens(w1, t1) || futimens(w2, t2))
		rc = -errno;
out:
	layout_free(l1);
	layout_free(l2);
	if (w1 >= 0)
		close(w1);
	if (w2 >= 0)
		close(w2);
	if (tmp >= 0)
		close(tmp);
	return rc;
}

EXPORT int llapi_fswap_layouts_grouplock(int fd1, int fd2, uint64_t dv1,
					 uint64_t dv2, int gid, uint64_t flags)
{
	char p1[PATH_MAX], p2[PATH_MAX];
	struct stat st1, st2;
	int rc;

	if (!double_fd_path(fd1, p1) || !double_fd_path(fd2, p2))
		return -ENOTTY;
	if (fstat(fd1, &st1) || fstat(fd2, &st2))
		return -errno;
	if (!S_ISREG(st1.st_mode) || !S_ISREG(st2.st_mode) ||
	    st1.st_ino == st2.st_ino)
		return -EINVAL;
	/* Both open for writing, as ll_ioctl's swap wants. */
	if (access_of(fd1) == O_RDONLY || access_of(fd2) == O_RDONLY)
		return -EPERM;
	/* The lease given up and the swap done as one (Lustre's close
	 * intent): a writer that broke it first wins. */
	if (flags & LLAPI_SWAP_LAYOUTS_CLOSE) {
		if (llapi_lease_check(fd1) <= 0)
			return -EBUSY;
		llapi_lease_release(fd1);
	}
	if (gid && (rc = group_lock(fd1, gid)))
		return rc;
	if (gid && (rc = group_lock(fd2, gid))) {
		llapi_group_unlock(fd1, gid);
		return rc;
	}
	pthread_mutex_lock(&double_mu);
	rc = swap_locked(fd1, fd2, dv1, dv2, flags);
	pthread_mutex_unlock(&double_mu);
	if (gid) {
		llapi_group_unlock(fd2, gid);
		llapi_group_unlock(fd1, gid);
	}
	return rc;
}

EXPORT int llapi_fswap_layouts(int fd1, int fd2, uint64_t dv1, uint64_t dv2,
			       uint64_t flags)
{
	int gid;

	do
		gid = (int)random();
	while (!gid);
	return llapi_fswap_layouts_grouplock(fd1, fd2, dv1, dv2, gid, flags);
}
