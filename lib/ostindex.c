/* ostindex.c - the OST index (ostindex.h): appends, durability, loading
 * a candidate set. The rebuild is in ostindex_rebuild.c. */
#include "ostindex.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lock.h"
#include "ostindex_internal.h"
#include "store_internal.h"

void ostindex_name(uint32_t ost, char *buf, size_t len)
{
	snprintf(buf, len, "OST%04x", ost);
}

int ostindex_write_file(int dir_fd, const char *name, const void *buf,
			size_t len)
{
	char tmp[64];
	int fd, rc = 0;

	snprintf(tmp, sizeof(tmp), "%s.new", name);
	fd = openat(dir_fd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	if ((len && write(fd, buf, len) != (ssize_t)len) || fsync(fd))
		rc = errno ? -errno : -EIO;
	close(fd);
	if (!rc && renameat(dir_fd, tmp, dir_fd, name))
		rc = -errno;
	if (rc)
		unlinkat(dir_fd, tmp, 0);
	return rc;
}

int ostindex_create(int store_fd)
{
	int fd, rc;

	if (mkdirat(store_fd, OSTINDEX_DIR, 0755) && errno != EEXIST)
		return -errno;
	fd = openat(store_fd, OSTINDEX_DIR, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	rc = ostindex_write_file(fd, "VERSION", "1\n", 2);
	if (!rc && fsync(fd))
		rc = -errno;
	close(fd);
	return rc;
}

void ostindex_close(struct lfs_store *s)
{
	for (uint32_t i = 0; i < s->ostindex_nfds; i++)
		if (s->ostindex_fds[i] >= 0)
			close(s->ostindex_fds[i]);
	free(s->ostindex_fds);
	s->ostindex_fds = NULL;
	s->ostindex_nfds = 0;
	if (s->ostindex_dir >= 0)
		close(s->ostindex_dir);
	s->ostindex_dir = -1;
}

/* An fd of ours whose file was replaced (a rebuild's rename) or removed
 * writes where no one reads: nlink 0. */
static bool gone(int fd)
{
	struct stat st;

	return fstat(fd, &st) < 0 || st.st_nlink == 0;
}

int ostindex_hold(struct lfs_store *s)
{
	/* Absence is not kept: an lfsck may make the index meanwhile. */
	if (s->ostindex_dir >= 0 && gone(s->ostindex_dir))
		ostindex_close(s);
	if (s->ostindex_dir < 0) {
		s->ostindex_dir = openat(s->dir_fd, OSTINDEX_DIR,
					 O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (s->ostindex_dir < 0)
			return -errno;
	}
	if (flock(s->ostindex_dir, LOCK_SH) < 0)
		return -errno;
	return s->ostindex_dir;
}

void ostindex_release(int fd)
{
	if (fd >= 0)
		flock(fd, LOCK_UN);
}

/* OST ost's file, open for appends (cached in the handle). */
static int ost_fd(struct lfs_store *s, int dfd, uint32_t ost)
{
	char name[16];

	if (ost >= s->ostindex_nfds) {
		uint32_t n = ost + 1 > 2 * s->ostindex_nfds ? ost + 1 : 2 * s->ostindex_nfds;
		int *a = realloc(s->ostindex_fds, n * sizeof(*a));

		if (!a)
			return -ENOMEM;
		for (uint32_t i = s->ostindex_nfds; i < n; i++)
			a[i] = -1;
		s->ostindex_fds = a;
		s->ostindex_nfds = n;
	}
	if (s->ostindex_fds[ost] >= 0 && gone(s->ostindex_fds[ost])) {
		close(s->ostindex_fds[ost]);
		s->ostindex_fds[ost] = -1;
	}
	if (s->ostindex_fds[ost] < 0) {
		ostindex_name(ost, name, sizeof(name));
		s->ostindex_fds[ost] = openat(dfd, name, O_WRONLY | O_APPEND |
					      O_CREAT | O_CLOEXEC, 0644);
		if (s->ostindex_fds[ost] < 0)
			return -errno;
	}
	return s->ostindex_fds[ost];
}

/* This boot's id, 36 characters and a newline. */
int ostindex_boot_id(char *buf, size_t len)
{
	int fd = open("/proc/sys/kernel/random/boot_id", O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n <= 0)
		return -EIO;
	buf[n] = '\0';
	return 0;
}

/* Before the handle's first append: its run file names this boot,
 * durably, so a host crash from now on leaves a run file find
 * recognizes as another boot's. */
static int mark_run(struct lfs_store *s)
{
	char id[64];
	int run_dir, rc;

	if (s->ostindex_marked)
		return 0;
	if (s->run_fd < 0)
		return 0;       /* read-only: no layout write gets here */
	rc = ostindex_boot_id(id, sizeof(id));
	if (!rc && (pwrite(s->run_fd, id, strlen(id), 0) < 0 || fsync(s->run_fd)))
		rc = -errno;
	if (rc)
		return rc;
	run_dir = openat(s->dir_fd, "run", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (run_dir < 0)
		return -errno;
	rc = fsync(run_dir) ? -errno : 0;
	close(run_dir);
	s->ostindex_marked = !rc;
	return rc;
}

int ostindex_add(struct lfs_store *s, int fd, uint64_t ino,
		 const struct lfs_layout *l)
{
	uint32_t done[64];
	size_t ndone = 0;
	uint8_t rec[8];
	int rc = mark_run(s);

	for (int i = 0; i < 8; i++)
		rec[i] = (uint8_t)(ino >> (8 * i));
	for (uint32_t c = 0; !rc && c < l->nr_comps; c++)
		for (uint32_t j = 0; !rc && j < l->comps[c].nr_objects; j++) {
			uint32_t ost = l->comps[c].objects[j].ost;
			bool seen = false;
			int f;

			for (size_t k = 0; k < ndone && !seen; k++)
				seen = done[k] == ost;
			if (seen)
				continue;
			if (ndone < sizeof(done) / sizeof(done[0]))
				done[ndone++] = ost;
			f = ost_fd(s, fd, ost);
			if (f < 0) {
				rc = f;
				break;
			}
			if (write(f, rec, sizeof(rec)) != (ssize_t)sizeof(rec))
				rc = errno ? -errno : -ENOSPC;
			s->ostindex_dirty = true;
		}
	return rc;
}

int ostindex_sync(struct lfs_store *s)
{
	int rc = 0;

	if (!s->ostindex_dirty)
		return 0;
	/* The files this handle appended to, and their names. */
	for (uint32_t i = 0; !rc && i < s->ostindex_nfds; i++)
		if (s->ostindex_fds[i] >= 0 && fdatasync(s->ostindex_fds[i]))
			rc = -errno;
	if (!rc && s->ostindex_dir >= 0 && fsync(s->ostindex_dir))
		rc = -errno;
	if (!rc)
		s->ostindex_dirty = false;
	return rc;
}

int ostindex_ost_added(struct lfs_store *s, uint32_t ost)
{
	char name[16];
	int fd = ostindex_hold(s), f, rc = 0;

	if (fd == -ENOENT)
		return 0;
	if (fd < 0)
		return fd;
	ostindex_name(ost, name, sizeof(name));
	f = openat(fd, name, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	if (f < 0 || fsync(f) || fsync(fd))
		rc = -errno;
	if (f >= 0)
		close(f);
	ostindex_release(fd);
	return rc;
}

void ostindex_ost_removed(struct lfs_store *s, uint32_t ost)
{
	char name[16];
	int fd = ostindex_hold(s);

	if (fd < 0)
		return;
	ostindex_name(ost, name, sizeof(name));
	unlinkat(fd, name, 0);
	ostindex_release(fd);
}

static bool run_name(const char *n)
{
	size_t d = strspn(n, "0123456789");

	return d && n[d] == '.' && n[d + 1] &&
	       strspn(n + d + 1, "0123456789") == strlen(n + d + 1);
}

/* Would a host crash have left the index behind? A dead process's run
 * file naming another boot (or unreadable) says it may have. */
static bool host_crash_left(struct lfs_store *s)
{
	char id[64], theirs[64];
	int run_dir = openat(s->dir_fd, "run", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d;
	struct dirent *de;
	bool left = false;

	if (run_dir < 0 || ostindex_boot_id(id, sizeof(id)))
		return true;
	d = fdopendir(run_dir);
	if (!d) {
		close(run_dir);
		return true;
	}
	while (!left && (de = readdir(d))) {
		int fd;
		ssize_t n;

		/* Run files only (<pid>.<n>), not lfs jobs' records. */
		if (!run_name(de->d_name))
			continue;
		fd = openat(run_dir, de->d_name, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;       /* gone: its owner closed */
		if (lfs_lock_conflicts(fd, LOCK_OWNER, LFS_EXCL) == 0) {
			n = pread(fd, theirs, sizeof(theirs) - 1, 0);
			/* Empty: the dead process never appended. */
			left = n < 0 || (n > 0 && ((theirs[n] = '\0'), strcmp(theirs, id)));
		}
		close(fd);
	}
	closedir(d);
	return left;
}

/* readdir's d_ino is fstat's st_ino here (VERSION's). */
static bool inode_numbers_agree(int dfd)
{
	int fd = openat(dfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd < 0 ? NULL : fdopendir(fd);
	struct dirent *de;
	struct stat st;
	bool ok = false;

	if (!d) {
		if (fd >= 0)
			close(fd);
		return false;
	}
	if (fstatat(dfd, "VERSION", &st, AT_SYMLINK_NOFOLLOW) == 0)
		while ((de = readdir(d)))
			if (!strcmp(de->d_name, "VERSION")) {
				ok = de->d_ino == st.st_ino;
				break;
			}
	closedir(d);
	return ok;
}

int ostindex_cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

int ostindex_read(int dfd, uint32_t ost, uint64_t **arr, size_t *n, size_t *cap)
{
	char name[16];
	uint8_t buf[8192];
	int fd;
	ssize_t got;
	size_t keep = 0;

	ostindex_name(ost, name, sizeof(name));
	fd = openat(dfd, name, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? 0 : -errno;
	/* Records straddle reads: keep the partial one. */
	while ((got = read(fd, buf + keep, sizeof(buf) - keep)) > 0) {
		size_t have = keep + (size_t)got, i;

		for (i = 0; i + 8 <= have; i += 8) {
			uint64_t v = 0;

			for (int k = 7; k >= 0; k--)
				v = v << 8 | buf[i + (size_t)k];
			if (*n == *cap) {
				size_t c = *cap ? *cap * 2 : 1024;
				uint64_t *a = realloc(*arr, c * sizeof(*a));

				if (!a) {
					close(fd);
					return -ENOMEM;
				}
				*arr = a;
				*cap = c;
			}
			(*arr)[(*n)++] = v;
		}
		keep = have - i;
		memmove(buf, buf + i, keep);
	}
	close(fd);
	return got < 0 ? -errno : 0;
}

size_t ostindex_sort_unique(uint64_t *a, size_t n)
{
	size_t k = 0;

	if (n)
		qsort(a, n, sizeof(*a), ostindex_cmp_u64);
	for (size_t i = 0; i < n; i++)
		if (!k || a[k - 1] != a[i])
			a[k++] = a[i];
	return k;
}

int ostindex_open(struct lfs_store *s, const uint32_t *osts, size_t n,
		  struct ostindex_set *set)
{
	int dfd = openat(s->dir_fd, OSTINDEX_DIR, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	size_t cap = 0;
	int rc = 0;

	set->ino = NULL;
	set->n = 0;
	if (dfd < 0)
		return -ENOENT;
	if (faccessat(dfd, "VERSION", F_OK, AT_SYMLINK_NOFOLLOW) ||
	    !inode_numbers_agree(dfd) || host_crash_left(s))
		rc = -ENOENT;
	for (size_t i = 0; !rc && i < n; i++)
		rc = ostindex_read(dfd, osts[i], &set->ino, &set->n, &cap);
	close(dfd);
	if (rc) {
		ostindex_set_free(set);
		return rc;
	}
	set->n = ostindex_sort_unique(set->ino, set->n);
	return 0;
}

bool ostindex_has(const struct ostindex_set *set, uint64_t ino)
{
	size_t lo = 0, hi = set->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (set->ino[mid] == ino)
			return true;
		if (set->ino[mid] < ino)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

void ostindex_set_free(struct ostindex_set *set)
{
	free(set->ino);
	set->ino = NULL;
	set->n = 0;
}
