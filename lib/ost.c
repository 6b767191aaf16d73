/* ost.c - object ids, object files and per-OST usage accounting. */
#include "ost.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lock.h"
#include "spare.h"
#include "store_internal.h"

void ost_object_relpath(uint64_t id, char *buf, size_t len)
{
	snprintf(buf, len, "O/0/d%u/%llu", (unsigned)(id % 32),
		 (unsigned long long)id);
}

/* Object ids of sequence 0 stay below Lustre's IDIF_MAX_OID (1 << 48):
 * our layouts name group 0, which a Lustre client reads as an IDIF, and
 * its OST refuses to create past that limit (ofd_precreate_objects). */
#define OBJECT_ID_LIMIT (1ULL << 48)

static int read_last_id(uint32_t ost, int fd, uint64_t *last,
			struct lfs_error *e)
{
	char buf[32], *end;
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);

	if (n < 0)
		return lfs_error_set(e, -errno, "OST%04x: LAST_ID: %s", ost,
				     strerror(errno));
	buf[n] = '\0';
	errno = 0;
	*last = strtoull(buf, &end, 10);
	if (!isdigit((unsigned char)buf[0]) || errno || (*end && *end != '\n') ||
	    (*end && end[1]))
		return lfs_error_set(e, -EUCLEAN,
				     "OST%04x: LAST_ID is damaged, not an object id (lfs lfsck rebuilds it)",
				     ost);
	return 0;
}

static int write_last_id(int fd, uint64_t last)
{
	char buf[32];
	int n = snprintf(buf, sizeof(buf), "%llu\n", (unsigned long long)last);

	if (pwrite(fd, buf, (size_t)n, 0) != n || ftruncate(fd, n) || fdatasync(fd))
		return -errno;
	return 0;
}

static int max_id_one(uint32_t ost, uint64_t id, void *arg)
{
	uint64_t *max = arg;

	(void)ost;
	if (id > *max)
		*max = id;
	return 0;
}

/* Take the next batch of ids from LAST_ID, under its lock. past > 0 when
 * object `past` was found to exist already: LAST_ID is behind the OST's
 * objects (rewound, restored from a backup), so the batch starts beyond
 * the largest object present, as Lustre's LFSCK rebuilds a crashed
 * LAST_ID from the objects it finds; the handle notes it. */
static int reserve_batch(struct lfs_store *s, uint32_t ost, uint64_t past,
			 struct lfs_error *e)
{
	uint64_t last = 0, found = past;
	int fd, rc;

	fd = openat(s->ost_fd[ost], "LAST_ID", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ?
			lfs_error_set(e, -EUCLEAN,
				      "OST%04x: LAST_ID is missing: the store is damaged (lfs lfsck rebuilds it)", ost) :
			lfs_error_set(e, -errno, "OST%04x: LAST_ID: %s", ost, strerror(errno));
	rc = lfs_lock(fd, LOCK_OWNER, LFS_EXCL);
	if (!rc)
		rc = read_last_id(ost, fd, &last, e);
	if (!rc && past)
		rc = ost_for_each_object(s, ost, max_id_one, &found);
	if (rc)
		goto out;
	if (past) {
		struct lfs_lastid_fix *f = &s->lastid_fix[s->nr_lastid_fix++ % LFS_LASTID_FIXES];

		f->ost = ost;
		f->was = s->id_end[ost] - 1 - LFS_ID_BATCH;
		f->found = found;
		/* Our own batch's end, unless another process took ids since:
		 * then theirs stand too. */
		if (last == s->id_end[ost] - 1 || last < found)
			last = found;
	}
	if (last >= OBJECT_ID_LIMIT - 1) {
		rc = lfs_error_set(e, -ENOSPC,
				   "OST%04x: no object ids left after %llu (the limit is 2^48 per sequence)",
				   ost, (unsigned long long)last);
		goto out;
	}
	/* The batch may pass the limit: ost_reserve_id hands out none past
	 * it. It is ours only once LAST_ID says so. */
	rc = write_last_id(fd, last + LFS_ID_BATCH);
	if (rc) {
		lfs_error_set(e, rc, "OST%04x: LAST_ID: %s", ost, strerror(-rc));
		goto out;
	}
	s->id_next[ost] = last + 1;
	s->id_end[ost] = last + 1 + LFS_ID_BATCH;
out:
	close(fd);   /* drops the lock */
	return rc;
}

int ost_reserve_id(struct lfs_store *s, uint32_t ost, uint64_t *id,
		   struct lfs_error *e)
{
	char rel[64];
	struct stat st;
	int rc = 0;

	if (!store_ost_present(s, ost))
		return store_ost_state(s, ost) == -ENODEV ? -ENODEV : -ENOMEDIUM;
	for (;;) {
		if (s->id_next[ost] >= s->id_end[ost] &&
		    (rc = reserve_batch(s, ost, 0, e)))
			return rc;
		*id = s->id_next[ost]++;
		if (*id >= OBJECT_ID_LIMIT)
			return lfs_error_set(e, -ENOSPC,
					     "OST%04x: no object ids left after %llu (the limit is 2^48 per sequence)",
					     ost, (unsigned long long)*id - 1);
		/* An id is handed out only if no object holds it: a LAST_ID
		 * behind the objects must not give a live object to a new
		 * file (one stat, which the create's lookup then finds
		 * cached). */
		ost_object_relpath(*id, rel, sizeof(rel));
		if (fstatat(s->ost_fd[ost], rel, &st, AT_SYMLINK_NOFOLLOW) < 0) {
			if (errno == ENOENT)
				return 0;
			return lfs_error_set(e, -errno, "OST%04x: object %llu: %s", ost,
					     (unsigned long long)*id, strerror(errno));
		}
		rc = reserve_batch(s, ost, *id, e);
		if (rc)
			return rc;
	}
}

int ost_last_id_repair(struct lfs_store *s, uint32_t ost, bool dry_run,
		       uint64_t named, uint64_t *was, uint64_t *max)
{
	bool missing = faccessat(s->ost_fd[ost], "LAST_ID", F_OK, 0) < 0 &&
		       errno == ENOENT;
	uint64_t last = 0;
	int fd, rc, bad;

	*max = *was = 0;
	if (missing && dry_run) {
		rc = ost_for_each_object(s, ost, max_id_one, max);
		if (*max < named)
			*max = named;
		return rc ? rc : 3;
	}
	fd = openat(s->ost_fd[ost], "LAST_ID",
		    (dry_run ? O_RDONLY : O_RDWR | O_CREAT) | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	/* Held across the scan: no reservation may slip in between. */
	rc = lfs_lock(fd, LOCK_OWNER, dry_run ? LFS_SHARED : LFS_EXCL);
	if (!rc)
		rc = ost_for_each_object(s, ost, max_id_one, max);
	if (rc)
		goto out;
	bad = missing ? 3 : read_last_id(ost, fd, &last, NULL) ? 2 :
	      last < named && named > *max ? 4 : last < *max;
	if (*max < named)
		*max = named;
	*was = last;
	if (bad && !dry_run)
		rc = write_last_id(fd, *max);
	if (!rc)
		rc = bad;
out:
	close(fd);
	return rc;
}

/* Create object rel with its back-pointer in one step: an unnamed inode
 * marked, then linked in (-EEXIST if the name is taken), so that no one
 * finds the object without one (io.c refuses such an object). A host
 * without O_TMPFILE: created, then marked. With keep, the object's fd
 * (read-write) is handed back in *keep rather than closed: its writer
 * need not look it up again. */
static int object_create_marked(int ost_fd, const char *rel,
				const struct lfs_pfid *pf, int *keep)
{
	const char *slash = strrchr(rel, '/');
	char dir[64], proc[64];
	int fd, rc;

	snprintf(dir, sizeof(dir), "%.*s", (int)(slash - rel), rel);
	fd = openat(ost_fd, dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0644);
	if (fd < 0 && errno != EOPNOTSUPP && errno != EISDIR)
		return -errno;
	if (fd < 0) {
		fd = openat(ost_fd, rel, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
		if (fd < 0)
			return -errno;
		rc = pfid_set(fd, pf);
		if (rc)
			unlinkat(ost_fd, rel, 0);
	} else {
		snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
		rc = pfid_set(fd, pf);
		if (!rc && linkat(AT_FDCWD, proc, ost_fd, rel, AT_SYMLINK_FOLLOW) < 0)
			rc = -errno;
	}
	if (!rc && keep)
		*keep = fd;
	else
		close(fd);
	return rc;
}

int ost_object_create_to_fill(struct lfs_store *s, uint32_t ost, uint64_t id,
			      const struct lfs_pfid *pf, uint64_t fill,
			      uint64_t *stale, int *fd)
{
	char rel[64];
	uint64_t held = 0;
	int rc = ost_charge_lock(s, ost);

	*stale = 0;
	if (fd)
		*fd = -1;
	if (rc)
		return rc;
	ost_object_relpath(id, rel, sizeof(rel));
	/* A spare's old blocks count at once: only if they fit. */
	if (fill && ost_space_check(s, ost, fill))
		fill = 0;
	rc = spare_object_take(s, ost, rel, pf, fill, stale, &held);
	if (rc == -ENOENT)
		rc = object_create_marked(s->ost_fd[ost], rel, pf, fd);
	if (!rc)
		rc = ost_usage_add(s, ost, (int64_t)held, 1);
	if (rc && fd && *fd >= 0) {
		close(*fd);
		*fd = -1;
	}
	ost_charge_unlock(s, ost);
	return rc;
}

int ost_object_link(struct lfs_store *s, uint32_t from_ost, uint64_t from_id,
		    uint32_t ost, uint64_t id, const struct lfs_pfid *pf,
		    uint64_t max_size)
{
	char from[64], rel[64];
	struct stat st;
	int rc;

	if (!store_ost_present(s, from_ost) || !store_ost_present(s, ost))
		return -ENODEV;
	if (!ost_same_host_fs(s, from_ost, ost))
		return -EXDEV;
	rc = ost_charge_lock(s, ost);
	if (rc)
		return rc;
	ost_object_relpath(from_id, from, sizeof(from));
	ost_object_relpath(id, rel, sizeof(rel));
	if (fstatat(s->ost_fd[from_ost], from, &st, AT_SYMLINK_NOFOLLOW) < 0)
		rc = -errno;
	else if (!S_ISREG(st.st_mode) || (uint64_t)st.st_size > max_size)
		rc = -EINVAL;
	else if ((rc = ost_space_check(s, ost, (uint64_t)st.st_blocks * 512)))
		;                       /* the copy will say it */
	else if (linkat(s->ost_fd[from_ost], from, s->ost_fd[ost], rel, 0) < 0)
		rc = -errno;
	else if ((rc = pfid_set_at(s->ost_fd[ost], rel, pf)))
		unlinkat(s->ost_fd[ost], rel, 0);
	else
		rc = ost_usage_add(s, ost, (int64_t)st.st_blocks * 512, 1);
	ost_charge_unlock(s, ost);
	return rc;
}

int ost_object_create(struct lfs_store *s, uint32_t ost, uint64_t id,
		      const struct lfs_pfid *pf)
{
	uint64_t stale;

	return ost_object_create_to_fill(s, ost, id, pf, 0, &stale, NULL);
}

int ost_object_open(struct lfs_store *s, uint32_t ost, uint64_t id, int flags)
{
	char rel[64];
	int fd;

	if (!store_ost_present(s, ost))
		return store_ost_state(s, ost) == -ENODEV ? -ENODEV : -ENOMEDIUM;
	ost_object_relpath(id, rel, sizeof(rel));
	fd = openat(s->ost_fd[ost], rel, flags | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

int ost_object_dir_sync(struct lfs_store *s, uint32_t ost, uint64_t id)
{
	char rel[64], *slash;
	int fd, rc = 0;

	ost_object_relpath(id, rel, sizeof(rel));
	slash = strrchr(rel, '/');
	if (slash)
		*slash = '\0';
	fd = openat(s->ost_fd[ost], rel, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fsync(fd) < 0)
		rc = -errno;
	close(fd);
	return rc;
}

bool ost_same_host_fs(const struct lfs_store *s, uint32_t a, uint32_t b)
{
	return s->ost_dev[a] && s->ost_dev[a] == s->ost_dev[b];
}

/* Close an object descriptor. If it is the last hold on a destroyed
 * object of some size, freeing its blocks happens at this close, and
 * hosts that trim freed extents do it synchronously (0.5-1.1 s per GiB
 * here), so, when the handle allows it (LFS_STORE_FREE_LATER: a library
 * host may not want children), a process of our own does that last
 * close while we go on,
 * as Lustre's OSTs destroy objects after the MDS has moved on. The name
 * is gone and the OST uncharged already; should that process die, the
 * kernel frees the object all the same. It holds no other descriptor of
 * ours (no lock outlives our own close), and closes only once ours are
 * closed, so that the last close is its own. */
void ost_object_close(const struct lfs_store *s, int fd)
{
	struct stat st;
	int p[2];
	pid_t pid;

	if (!(s->mode & LFS_STORE_FREE_LATER) ||
	    fstat(fd, &st) < 0 || st.st_nlink || fd < 3 ||
	    (uint64_t)st.st_blocks * 512 < OST_FREE_LATER_BYTES ||
	    pipe2(p, O_CLOEXEC) < 0) {
		close(fd);
		return;
	}
	pid = fork();
	if (pid == 0) {
		int lo = fd < p[0] ? fd : p[0], hi = fd < p[0] ? p[0] : fd;
		char c;

		close_range(0, (unsigned)lo - 1, 0);
		close_range((unsigned)lo + 1, (unsigned)hi - 1, 0);
		close_range((unsigned)hi + 1, ~0U, 0);
		if (fork() == 0) {
			while (read(p[0], &c, 1) < 0 && errno == EINTR)
				;
			close(fd);              /* the last: frees it */
		}
		_exit(0);
	}
	if (pid > 0)
		waitpid(pid, NULL, 0);
	close(fd);
	close(p[1]);                    /* now it may close */
	close(p[0]);
}

int ost_object_stat(struct lfs_store *s, uint32_t ost, uint64_t id,
		    struct stat *st)
{
	char rel[64];

	if (!store_ost_present(s, ost))
		return store_ost_state(s, ost) == -ENODEV ? -ENODEV : -ENOMEDIUM;
	ost_object_relpath(id, rel, sizeof(rel));
	return fstatat(s->ost_fd[ost], rel, st, AT_SYMLINK_NOFOLLOW) < 0 ? -errno : 0;
}

int ost_object_destroy(struct lfs_store *s, uint32_t ost, uint64_t id)
{
	char rel[64];
	struct stat st;
	uint64_t freed = 0;
	int rc;

	if (!store_ost_present(s, ost))
		return store_ost_state(s, ost) == -ENODEV ? -ENODEV : -ENOMEDIUM;
	rc = ost_charge_lock(s, ost);
	if (rc)
		return rc;
	ost_object_relpath(id, rel, sizeof(rel));
	rc = spare_object_put(s, ost, rel, &freed);
	if (rc == -ENOSPC) {
		if (fstatat(s->ost_fd[ost], rel, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
		    unlinkat(s->ost_fd[ost], rel, 0) < 0)
			rc = -errno;
		else
			rc = 0, freed = (uint64_t)st.st_blocks * 512;
	}
	if (!rc)
		rc = ost_usage_add(s, ost, -(int64_t)freed, -1);
	else if (rc == -ENOENT)
		rc = 0;
	ost_charge_unlock(s, ost);
	return rc;
}

/* The OST's USAGE file (used bytes, object count), mapped once per
 * handle (counter.h): every object created, written or destroyed changes
 * it. Its fd carries the charge lock. */
static struct counter_file *usage_map(struct lfs_store *s, uint32_t ost,
				      int *rc)
{
	struct counter_file *c = &s->usage[ost];

	*rc = c->base ? 0 : counter_map(s->ost_fd[ost], "USAGE", COUNTER_U64, 2, c);
	return *rc ? NULL : c;
}

int ost_usage_get(struct lfs_store *s, uint32_t ost, struct lfs_ost_usage *u)
{
	int rc;
	struct counter_file *c = usage_map(s, ost, &rc);

	if (!c)
		return rc;
	u->used = counter_get64(c, 0);
	u->objects = counter_get64(c, 1);
	return 0;
}

/* Applied at once, not collected in the handle: recovery may recount
 * usage from the objects while this process lives, and a delta held back
 * over a recount would be counted twice. */
int ost_usage_add(struct lfs_store *s, uint32_t ost, int64_t bytes,
		  int64_t objects)
{
	int rc;
	struct counter_file *c = usage_map(s, ost, &rc);

	if (!c)
		return rc;
	if (bytes)
		counter_add64(c, 0, bytes);
	if (objects)
		counter_add64(c, 1, objects);
	return 0;
}

int ost_for_each_object(struct lfs_store *s, uint32_t ost,
			int (*fn)(uint32_t ost, uint64_t id, void *arg),
			void *arg)
{
	char rel[32];
	int rc = 0;

	for (int d = 0; d < 32 && !rc; d++) {
		struct dirent *de;
		DIR *dir;
		int fd;

		snprintf(rel, sizeof(rel), "O/0/d%d", d);
		if (!store_ost_present(s, ost))
			return 0;      /* removed or unavailable: none to see */
		fd = openat(s->ost_fd[ost], rel, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0)
			return -errno;
		dir = fdopendir(fd);
		if (!dir) {
			close(fd);
			return -errno;
		}
		while (!rc && (de = readdir(dir))) {
			char *end;
			unsigned long long id = strtoull(de->d_name, &end, 10);

			if (de->d_name[0] == '.' || *end)
				continue;
			rc = fn(ost, id, arg);
		}
		closedir(dir);
	}
	return rc;
}

struct recount {
	struct lfs_store *s;
	struct lfs_ost_usage u;
};

static int recount_one(uint32_t ost, uint64_t id, void *arg)
{
	struct recount *r = arg;
	char rel[64];
	struct stat st;

	ost_object_relpath(id, rel, sizeof(rel));
	if (fstatat(r->s->ost_fd[ost], rel, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return errno == ENOENT ? 0 : -errno;
	r->u.used += (uint64_t)st.st_blocks * 512;
	r->u.objects++;
	return 0;
}

/* The charge lock is the USAGE file's LOCK_GROUP byte. */
int ost_charge_lock(struct lfs_store *s, uint32_t ost)
{
	int rc;
	struct counter_file *c = usage_map(s, ost, &rc);

	return c ? lfs_lock(c->fd, LOCK_GROUP, LFS_SHARED) : rc;
}

void ost_charge_unlock(struct lfs_store *s, uint32_t ost)
{
	if (s->usage[ost].fd >= 0)
		lfs_unlock(s->usage[ost].fd, LOCK_GROUP);
}

int ost_usage_recount(struct lfs_store *s, uint32_t ost,
		      struct lfs_ost_usage *u)
{
	struct recount r = { s, { 0, 0 } };
	struct counter_file *c;
	int rc;

	c = usage_map(s, ost, &rc);
	if (!c)
		return rc;
	/* No block change may be half-charged while we count. */
	rc = lfs_lock(c->fd, LOCK_GROUP, LFS_EXCL);
	if (!rc)
		rc = ost_for_each_object(s, ost, recount_one, &r);
	if (!rc) {
		counter_set64(c, 0, r.u.used);
		counter_set64(c, 1, r.u.objects);
	}
	lfs_unlock(c->fd, LOCK_GROUP);
	if (!rc && u)
		*u = r.u;
	return rc;
}

int ost_space_check(struct lfs_store *s, uint32_t ost, uint64_t bytes)
{
	struct lfs_ost_usage u = { 0, 0 };
	int rc = ost_usage_get(s, ost, &u);

	if (rc)
		return rc;
	return u.used + bytes > s->conf->osts[ost].capacity ? -ENOSPC : 0;
}
