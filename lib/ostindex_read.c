/* ostindex_read.c - the OST index's readers (ostindex.h): replaying a
 * file's log into its live set, writing a file compacted, and whether
 * find may trust the index. */
#include "ostindex.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "fdio.h"
#include "lock.h"
#include "ostindex_internal.h"
#include "store_internal.h"

void ostindex_name(uint32_t ost, char *buf, size_t len)
{
	snprintf(buf, len, "OST%04x", ost);
}

bool ostindex_over(uint64_t records, uint64_t live)
{
	return records > 2 * live + OSTINDEX_COMPACT_FLOOR;
}

int ostindex_write_file(int dir_fd, const char *name, const void *buf,
			size_t len, const uint64_t *live)
{
	char tmp[64], num[32];
	int fd, rc = 0;

	snprintf(tmp, sizeof(tmp), "%s.new", name);
	fd = openat(dir_fd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	if (live) {
		snprintf(num, sizeof(num), "%llu", (unsigned long long)*live);
		if (fsetxattr(fd, OSTINDEX_LIVE_XATTR, num, strlen(num), 0))
			rc = -errno;
	}
	if (!rc)
		rc = fd_write_all(fd, buf, len);
	if (!rc && fsync(fd))
		rc = -errno;
	close(fd);
	if (!rc && renameat(dir_fd, tmp, dir_fd, name))
		rc = -errno;
	if (!rc && fsync(dir_fd))
		rc = -errno;
	if (rc)
		unlinkat(dir_fd, tmp, 0);
	return rc;
}

int ostindex_write_live(int dfd, uint32_t ost, const struct ostindex_set *set)
{
	char name[16];
	uint64_t live = set->n;
	uint8_t *buf = malloc(set->n * 8 + 1);
	int rc;

	if (!buf)
		return -ENOMEM;
	for (size_t i = 0; i < set->n; i++)
		for (int k = 0; k < 8; k++)
			buf[i * 8 + (size_t)k] = (uint8_t)(set->ino[i] >> (8 * k));
	ostindex_name(ost, name, sizeof(name));
	rc = ostindex_write_file(dfd, name, buf, set->n * 8, &live);
	free(buf);
	return rc;
}

uint64_t ostindex_live_of(int fd)
{
	char buf[32];
	ssize_t n = fgetxattr(fd, OSTINDEX_LIVE_XATTR, buf, sizeof(buf) - 1);

	if (n <= 0)
		return 0;
	buf[n] = '\0';
	return strtoull(buf, NULL, 10);
}

int ostindex_cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
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

/* A record and where it was in the log: the last one of an inode wins. */
struct rec {
	uint64_t v;
	size_t pos;
};

static int cmp_rec(const void *a, const void *b)
{
	const struct rec *x = a, *y = b;
	uint64_t i = x->v & ~OSTINDEX_REMOVED, j = y->v & ~OSTINDEX_REMOVED;

	if (i != j)
		return i < j ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* The whole file (records only: a torn tail dropped). */
static int read_all(int fd, uint8_t **buf, size_t *n)
{
	struct stat st;
	size_t len, got = 0;

	*buf = NULL;
	*n = 0;
	if (fstat(fd, &st) < 0)
		return -errno;
	len = (size_t)st.st_size;
	if (!(*buf = malloc(len + 1)))
		return -ENOMEM;
	/* It may grow meanwhile (appends): what fstat saw is enough. */
	while (got < len) {
		ssize_t r = read(fd, *buf + got, len - got);

		if (r < 0) {
			free(*buf);
			*buf = NULL;
			return -errno;
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	*n = got / 8;
	return 0;
}

int ostindex_live(int dfd, uint32_t ost, struct ostindex_set *out,
		  size_t *records, uint64_t *was)
{
	char name[16];
	uint8_t *buf;
	struct rec *r;
	size_t n, k = 0;
	int fd, rc;

	out->ino = NULL;
	out->n = 0;
	if (records)
		*records = 0;
	if (was)
		*was = 0;
	ostindex_name(ost, name, sizeof(name));
	fd = openat(dfd, name, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? 0 : -errno;
	if (was)
		*was = ostindex_live_of(fd);
	rc = read_all(fd, &buf, &n);
	close(fd);
	if (rc)
		return rc;
	if (records)
		*records = n;
	r = malloc((n ? n : 1) * sizeof(*r));
	out->ino = malloc((n ? n : 1) * sizeof(*out->ino));
	if (!r || !out->ino) {
		free(r);
		free(buf);
		ostindex_set_free(out);
		return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		uint64_t v = 0;

		for (int b = 7; b >= 0; b--)
			v = v << 8 | buf[i * 8 + (size_t)b];
		r[i] = (struct rec){ v, i };
	}
	free(buf);
	qsort(r, n, sizeof(*r), cmp_rec);
	/* Each inode's last record, "+" ones kept: sorted, unique. */
	for (size_t i = 0; i < n; i++) {
		bool last = i + 1 == n ||
			    ((r[i].v ^ r[i + 1].v) & ~OSTINDEX_REMOVED) != 0;

		if (last && !(r[i].v & OSTINDEX_REMOVED))
			out->ino[k++] = r[i].v;
	}
	free(r);
	out->n = k;
	return 0;
}

static bool run_name(const char *n)
{
	size_t d = strspn(n, "0123456789");

	return d && n[d] == '.' && n[d + 1] &&
	       strspn(n + d + 1, "0123456789") == strlen(n + d + 1);
}

/* Did a writer die with the index maybe mid-change? A run file that its
 * owner marked (ostindex.c mark_run) and no one holds says it may have:
 * a kill -9, or a host crash (any earlier boot's process is dead). */
static bool dead_writer(struct lfs_store *s)
{
	int run_dir = openat(s->dir_fd, "run", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d;
	struct dirent *de;
	bool dead = false;

	if (run_dir < 0)
		return true;
	d = fdopendir(run_dir);
	if (!d) {
		close(run_dir);
		return true;
	}
	while (!dead && (de = readdir(d))) {
		struct stat st;
		int fd;

		/* Run files only (<pid>.<n>), not lfs jobs' records. */
		if (!run_name(de->d_name))
			continue;
		fd = openat(run_dir, de->d_name, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;       /* gone: its owner closed */
		/* Empty: it never appended, so changed no layout. */
		if (fstat(fd, &st) < 0 || st.st_size > 0)
			dead = lfs_lock_conflicts(fd, LOCK_OWNER, LFS_EXCL) == 0;
		close(fd);
	}
	closedir(d);
	return dead;
}

/* readdir's d_ino is fstat's st_ino here (VERSION's), and VERSION is
 * this format's. */
static bool version_ok(int dfd)
{
	int fd = openat(dfd, "VERSION", O_RDONLY | O_CLOEXEC);
	char buf[8];
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf));
	struct stat st;
	struct dirent *de;
	DIR *d;
	bool ok = false;

	if (fd >= 0 && fstat(fd, &st) < 0)
		n = -1;
	if (fd >= 0)
		close(fd);
	if (n != (ssize_t)strlen(OSTINDEX_VERSION) ||
	    memcmp(buf, OSTINDEX_VERSION, (size_t)n))
		return false;
	fd = openat(dfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	d = fd < 0 ? NULL : fdopendir(fd);
	if (!d) {
		if (fd >= 0)
			close(fd);
		return false;
	}
	while ((de = readdir(d)))
		if (!strcmp(de->d_name, "VERSION")) {
			ok = de->d_ino == st.st_ino;
			break;
		}
	closedir(d);
	return ok;
}

int ostindex_open(struct lfs_store *s, const uint32_t *osts, size_t n,
		  struct ostindex_set *set)
{
	int dfd = openat(s->dir_fd, OSTINDEX_DIR, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc = 0;

	set->ino = NULL;
	set->n = 0;
	if (dfd < 0)
		return -ENOENT;
	if (!version_ok(dfd) || dead_writer(s))
		rc = -ENOENT;
	for (size_t i = 0; !rc && i < n; i++) {
		struct ostindex_set one;
		uint64_t *a;

		if ((rc = ostindex_live(dfd, osts[i], &one, NULL, NULL)))
			break;
		if (!set->n) {
			ostindex_set_free(set);
			*set = one;
			continue;
		}
		a = realloc(set->ino, (set->n + one.n + 1) * sizeof(*a));
		if (!a) {
			ostindex_set_free(&one);
			rc = -ENOMEM;
			break;
		}
		memcpy(a + set->n, one.ino, one.n * sizeof(*a));
		set->ino = a;
		set->n = ostindex_sort_unique(a, set->n + one.n);
		ostindex_set_free(&one);
	}
	close(dfd);
	if (rc)
		ostindex_set_free(set);
	return rc;
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
