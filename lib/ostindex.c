/* ostindex.c - the OST index's writers (ostindex.h): the hold, exact
 * "+"/"-" appends, durability, compaction when a file outgrows its live
 * entries. Reading and the trust check are in ostindex_read.c, the
 * rebuild in ostindex_rebuild.c. */
#include "ostindex.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "fdio.h"
#include "ostindex_internal.h"
#include "store_internal.h"

int ostindex_create(int store_fd)
{
	int fd, rc;

	if (mkdirat(store_fd, OSTINDEX_DIR, 0755) && errno != EEXIST)
		return -errno;
	fd = openat(store_fd, OSTINDEX_DIR, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	rc = ostindex_write_file(fd, "VERSION", OSTINDEX_VERSION,
				 strlen(OSTINDEX_VERSION), NULL);
	if (!rc && fsync(fd))
		rc = -errno;
	close(fd);
	return rc;
}

static void close_files(struct lfs_store *s)
{
	for (uint32_t i = 0; i < s->ostindex_nfiles; i++)
		if (s->ostindex_files[i].fd >= 0)
			close(s->ostindex_files[i].fd);
	free(s->ostindex_files);
	s->ostindex_files = NULL;
	s->ostindex_nfiles = 0;
	s->ostindex_over = false;
}

void ostindex_close(struct lfs_store *s)
{
	close_files(s);
	if (s->ostindex_dir >= 0)
		close(s->ostindex_dir);
	s->ostindex_dir = -1;
}

/* An fd of ours whose file was replaced (a rebuild's or a compaction's
 * rename) or removed writes where no one reads: nlink 0. */
static bool gone(int fd, struct stat *st)
{
	return fstat(fd, st) < 0 || st->st_nlink == 0;
}

int ostindex_hold(struct lfs_store *s)
{
	struct stat st;

	/* Held already (a caller around several steps, ostindex.h): one
	 * more level, the same fd, the flock kept until the last. */
	if (s->ostindex_depth) {
		s->ostindex_depth++;
		return s->ostindex_dir;
	}
	/* Absence is not kept: an lfsck may make the index meanwhile. */
	if (s->ostindex_dir >= 0 && gone(s->ostindex_dir, &st))
		ostindex_close(s);
	if (s->ostindex_dir < 0) {
		s->ostindex_dir = openat(s->dir_fd, OSTINDEX_DIR,
					 O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (s->ostindex_dir < 0)
			return -errno;
	}
	/* Not cut short by a signal (a wait for a rebuild can be long):
	 * what it guards goes on. */
	while (flock(s->ostindex_dir, LOCK_SH) < 0)
		if (errno != EINTR)
			return -errno;
	s->ostindex_depth = 1;
	s->ostindex_hold_seq++;
	return s->ostindex_dir;
}

/* A name made under the hold (linkat or renameat2); no index directory:
 * nothing to wait for. */
static int name_under_hold(struct lfs_store *s, bool link, int ofd,
			   const char *old, int nfd, const char *new, int flags)
{
	int ix = ostindex_hold(s), rc;

	if (ix < 0 && ix != -ENOENT)
		return ix;
	rc = (link ? linkat(ofd, old, nfd, new, flags)
		   : renameat2(ofd, old, nfd, new, (unsigned)flags)) ? -errno : 0;
	ostindex_release(s, ix);
	return rc;
}

int ostindex_renameat(struct lfs_store *s, int ofd, const char *old,
		      int nfd, const char *new, unsigned flags)
{
	return name_under_hold(s, false, ofd, old, nfd, new, (int)flags);
}

int ostindex_linkat(struct lfs_store *s, int ofd, const char *old,
		    int nfd, const char *new, int flags)
{
	return name_under_hold(s, true, ofd, old, nfd, new, flags);
}

void ostindex_distrust(struct lfs_store *s)
{
	unlinkat(s->dir_fd, OSTINDEX_DIR "/VERSION", 0);
}

/* OST ost's file, open for appends (cached in the handle); notes when
 * it is over the compaction threshold. Under the hold (the caller's),
 * only a rebuild or a compaction (each exclusive) replaces a file, so a
 * cached one is checked once per hold. */
static int ost_fd(struct lfs_store *s, int dfd, uint32_t ost)
{
	struct ostindex_file *f;
	struct stat st;
	char name[16];

	if (ost >= s->ostindex_nfiles) {
		uint32_t n = ost + 1 > 2 * s->ostindex_nfiles ? ost + 1 : 2 * s->ostindex_nfiles;
		struct ostindex_file *a = realloc(s->ostindex_files, n * sizeof(*a));

		if (!a)
			return -ENOMEM;
		for (uint32_t i = s->ostindex_nfiles; i < n; i++)
			a[i] = (struct ostindex_file){ .fd = -1 };
		s->ostindex_files = a;
		s->ostindex_nfiles = n;
	}
	f = &s->ostindex_files[ost];
	if (f->fd >= 0 && f->seen != s->ostindex_hold_seq) {
		if (gone(f->fd, &st)) {
			close(f->fd);
			*f = (struct ostindex_file){ .fd = -1 };
		} else {
			f->records = (uint64_t)st.st_size / 8;
		}
	}
	if (f->fd < 0) {
		ostindex_name(ost, name, sizeof(name));
		f->fd = openat(dfd, name, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
		if (f->fd < 0)
			return -errno;
		if (fstat(f->fd, &st) < 0)
			return -errno;
		f->live = ostindex_live_of(f->fd);
		f->records = (uint64_t)st.st_size / 8;
	}
	f->seen = s->ostindex_hold_seq;
	if (ostindex_over(f->records + 1, f->live))
		s->ostindex_over = f->over = true;
	return f->fd;
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

/* Before the handle's first append: its run file is marked (this boot's
 * id), durably, so a kill or a host crash from now on leaves a run file
 * find recognizes as a dead writer's. */
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

static int append(struct lfs_store *s, int dfd, uint32_t ost, uint64_t rec)
{
	uint8_t b[8];
	int f = ost_fd(s, dfd, ost), rc;

	if (f < 0)
		return f;
	for (int i = 0; i < 8; i++)
		b[i] = (uint8_t)(rec >> (8 * i));
	s->ostindex_dirty = true;
	rc = fd_write_all(f, b, sizeof(b));
	if (!rc)
		s->ostindex_files[ost].records++;
	return rc;
}

/* Mark in bits the OSTs l has an object on; returns end if none of
 * them is at or above it, else the highest one + 1. Objects exist
 * exactly in instantiated components (layout.c), so this is find's
 * --ost test. */
static uint32_t mark(const struct lfs_layout *l, uint8_t *bits, uint32_t nbits,
		     uint32_t end)
{
	for (uint32_t c = 0; l && c < l->nr_comps; c++)
		for (uint32_t j = 0; j < l->comps[c].nr_objects; j++) {
			uint32_t ost = l->comps[c].objects[j].ost;

			if (ost < nbits) {
				bits[ost / 8] |= (uint8_t)(1u << (ost % 8));
				if (ost >= end)
					end = ost + 1;
			}
		}
	return end;
}

static bool bit(const uint8_t *bits, uint32_t ost)
{
	return bits[ost / 8] & (1u << (ost % 8));
}

int ostindex_change(struct lfs_store *s, int fd, uint64_t ino,
		    const struct lfs_layout *old, bool old_known,
		    const struct lfs_layout *new)
{
	uint8_t was[LFS_MAX_OSTS / 8] = { 0 }, now[LFS_MAX_OSTS / 8] = { 0 };
	uint32_t n = LFS_MAX_OSTS, end;
	int rc = 0;

	if (ino & OSTINDEX_REMOVED) {
		ostindex_distrust(s);
		return 0;
	}
	/* Only the OSTs either layout names, or every OST of the store. */
	end = mark(new, now, n, old_known ? 0 : s->conf->ost_count);
	if (old_known)
		end = mark(old, was, n, end);
	for (uint32_t ost = 0; !rc && ost < end; ost++) {
		/* Unknown, the old may have named any OST, or none: each OST
		 * of the store gets its record. */
		bool any = !old_known && ost < s->conf->ost_count &&
			   !s->conf->osts[ost].removed;

		if (!any && bit(now, ost) == bit(was, ost))
			continue;
		if (!rc && !s->ostindex_marked)
			rc = mark_run(s);
		if (!rc)
			rc = append(s, fd, ost, bit(now, ost) ? ino : ino | OSTINDEX_REMOVED);
	}
	return rc;
}

/* Under the exclusive hold: rewrite the files this handle found over
 * the threshold. */
static void compact_over(struct lfs_store *s, int dfd)
{
	for (uint32_t i = 0; i < s->ostindex_nfiles; i++) {
		struct ostindex_file *f = &s->ostindex_files[i];
		struct ostindex_set live;
		size_t records;
		uint64_t was;

		if (!f->over)
			continue;
		f->over = false;
		/* Another handle may have compacted it meanwhile. */
		if (ostindex_live(dfd, i, &live, &records, &was))
			continue;
		if (ostindex_over(records, was))
			ostindex_write_live(dfd, i, &live);
		ostindex_set_free(&live);
	}
	s->ostindex_over = false;
}

void ostindex_release(struct lfs_store *s, int fd)
{
	if (fd < 0 || !s->ostindex_depth || --s->ostindex_depth)
		return;
	flock(fd, LOCK_UN);
	/* Never wait for it: another handle holding the index compacts
	 * later, or this one at close. */
	if (s->ostindex_over && flock(fd, LOCK_EX | LOCK_NB) == 0) {
		compact_over(s, fd);
		flock(fd, LOCK_UN);
	}
}

int ostindex_sync(struct lfs_store *s)
{
	int rc = 0;

	if (s->ostindex_over && s->ostindex_dir >= 0 && !s->ostindex_depth &&
	    flock(s->ostindex_dir, LOCK_EX | LOCK_NB) == 0) {
		compact_over(s, s->ostindex_dir);
		flock(s->ostindex_dir, LOCK_UN);
	}
	if (!s->ostindex_dirty)
		return 0;
	/* The files this handle appended to, and their names. */
	for (uint32_t i = 0; !rc && i < s->ostindex_nfiles; i++)
		if (s->ostindex_files[i].fd >= 0 &&
		    fdatasync(s->ostindex_files[i].fd))
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
	ostindex_release(s, fd);
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
	ostindex_release(s, fd);
}
