/* io_write.c - writes and truncates: the size, the data version and
 * their crash order, the size lock and appends (io.h). */
#include "io.h"
#include "io_internal.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "fault.h"
#include "lock.h"
#include "ost.h"
#include "store_internal.h"

int io_range_check(uint64_t off, uint64_t len, struct lfs_error *e)
{
	if (off > LFS_MAX_FILE_SIZE || len > LFS_MAX_FILE_SIZE - off)
		return lfs_error_set(e, -EFBIG,
			"beyond the largest file size (%llu bytes)",
			(unsigned long long)LFS_MAX_FILE_SIZE);
	return 0;
}

/* A file whose last name went (rm, mv onto it) lost its objects then,
 * under LOCK_LAYOUT exclusive: a writer that still has it open is refused
 * (under LOCK_LAYOUT shared) rather than recreate objects nothing names
 * or charge blocks of destroyed ones. */
static int still_named(struct lfs_inode *ino)
{
	struct stat st;

	if (fstat(ino->fd, &st) < 0)
		return -errno;
	return st.st_nlink ? 0 : -ESTALE;
}

/* Write one piece and account the object's new blocks to its OST. */
static ssize_t write_piece(struct lfs_inode *ino, const struct piece *p,
			   const char *buf)
{
	const struct lfs_object *o = &ino->layout->comps[p->ci].objects[p->si];
	struct charge ch;
	uint64_t len, have;
	ssize_t n;
	int fd, rc;

	fd = io_object_fd(ino, p->ci, p->si, 1);
	if (fd < 0)
		return fd;
	rc = io_charge_begin(&ch, ino->s, o->ost, fd);
	if (rc)
		return rc;
	/* Space is needed only for blocks not yet allocated: charge the
	 * bytes from the end of what the object holds (or from the write's
	 * block, past a hole), not the whole piece; when they do not all
	 * fit, write what fits (a short write, as POSIX) and -ENOSPC only
	 * when nothing does. */
	len = p->len;
	have = (uint64_t)ch.before.st_blocks * 512;
	if (have < p->obj_off + len) {
		uint64_t base = (p->obj_off > have ? p->obj_off : have) & ~4095ULL;
		uint64_t need = p->obj_off + len - base;

		rc = ost_space_check(ino->s, o->ost, need);
		if (rc == -ENOSPC) {
			struct lfs_ost_usage u;
			uint64_t cap = ino->s->conf->osts[o->ost].capacity;
			uint64_t fit;

			rc = ost_usage_get(ino->s, o->ost, &u);
			fit = (cap > u.used ? cap - u.used : 0) & ~4095ULL;
			if (!rc && base + fit <= p->obj_off)
				rc = -ENOSPC;
			else if (!rc)
				len = base + fit - p->obj_off;
		}
	}
	n = rc ? rc : pwrite(fd, buf, len, (off_t)p->obj_off);
	if (n < 0 && !rc)
		n = -errno;
	io_charge_end(&ch);
	return n;
}

static ssize_t write_pieces(struct lfs_inode *ino, const char *buf, size_t len,
			    uint64_t off)
{
	size_t done = 0;

	/* Every object the range reaches is opened (made) first: one that is
	 * not this file's fails the write before any byte is written. */
	for (size_t at = 0; at < len;) {
		struct piece p;
		int fd = 0;

		if (io_piece_at(ino->layout, off + at, len - at, &p))
			break;
		if (p.si != UINT32_MAX)
			fd = io_object_fd(ino, p.ci, p.si, 1);
		if (fd < 0)
			return fd;
		at += p.len;
	}
	while (done < len) {
		struct piece p;
		ssize_t n;
		int rc = io_piece_at(ino->layout, off + done, len - done, &p);

		if (rc)
			return done ? (ssize_t)done : rc;
		if (p.si == UINT32_MAX)
			return done ? (ssize_t)done : -EIO;
		n = write_piece(ino, &p, buf + done);
		if (n < 0)
			return done ? (ssize_t)done : n;
		done += (size_t)n;
		if ((uint64_t)n < p.len)
			break;
	}
	return (ssize_t)done;
}

/* Make sure every component meeting [off, off+len) has objects. Called
 * with no layout lock held; takes LOCK_LAYOUT exclusively when it must
 * change the layout. */
static int instantiate_range(struct lfs_inode *ino, uint64_t off, uint64_t len,
			     struct lfs_error *e)
{
	uint64_t last = len ? off + len - 1 : off;
	int rc;

	for (int pass = 0; pass < 2; pass++) {
		bool missing = false;

		if (pass == 1) {
			rc = lfs_lock(ino->fd, LOCK_LAYOUT, LFS_EXCL);
			if (rc)
				return rc;
		}
		rc = inode_layout_refresh(ino);
		if (!rc && !ino->layout)
			rc = lfs_error_set(e, -ENODATA, "file has no layout");
		if (!rc && layout_component_index_at(ino->layout, last) < 0)
			rc = lfs_error_set(e, -EFBIG,
				"offset %llu is beyond the end of the file's last component",
				(unsigned long long)last);
		for (uint32_t i = 0; !rc && i < ino->layout->nr_comps; i++) {
			const struct lfs_component *c = &ino->layout->comps[i];

			if (c->start > last || (c->end != LFS_EOF && c->end <= off) ||
			    (c->flags & LFS_COMP_INIT))
				continue;
			missing = true;
			if (pass == 1)
				rc = inode_instantiate(ino, i, e);
		}
		if (pass == 1)
			lfs_unlock(ino->fd, LOCK_LAYOUT);
		if (rc || !missing)
			return rc;
	}
	return 0;
}

/* Bump the data version, grow the size to at least new_size (or set it
 * exactly when exact), and touch mtime/ctime. Under LOCK_META. */
static int set_meta(struct lfs_inode *ino, uint64_t new_size, bool exact)
{
	struct timespec ts[2] = { { 0, UTIME_OMIT }, { 0, UTIME_NOW } };
	uint64_t dv = 0;
	struct stat st;
	int rc = inode_data_version(ino, &dv);

	dv++;
	if (!rc && fsetxattr(ino->fd, XATTR_DV, &dv, sizeof(dv), 0))
		rc = -errno;
	if (!rc && fstat(ino->fd, &st))
		rc = -errno;
	if (!rc && (exact ? (uint64_t)st.st_size != new_size :
			    (uint64_t)st.st_size < new_size) &&
	    ftruncate(ino->fd, (off_t)new_size))
		rc = -errno;
	if (!rc && futimens(ino->fd, ts))
		rc = -errno;
	return rc;
}

static int update_meta(struct lfs_inode *ino, uint64_t new_size)
{
	int rc = lfs_lock(ino->fd, LOCK_META, LFS_EXCL);

	if (rc)
		return rc;
	rc = set_meta(ino, new_size, false);
	lfs_unlock(ino->fd, LOCK_META);
	return rc;
}

static int resize_object(struct lfs_inode *ino, uint32_t ci, uint32_t si,
			 uint64_t want)
{
	const struct lfs_object *o = &ino->layout->comps[ci].objects[si];
	uint32_t k = io_flat_index(ino->layout, ci, si);
	struct charge ch;
	struct stat st;
	int fd, rc;

	/* A second name of the source's object: never changed through it
	 * (the source is the same bytes; a short one reads as a hole). */
	if (ino->stale && ino->stale[k].filled)
		return 0;
	/* Already the right size, no old bytes to punch: nothing changes,
	 * so no need to open it or take its charge. */
	if ((!ino->stale || ino->stale[k].clean_to >= ino->stale[k].end) &&
	    (k < ino->nr_obj_fd && ino->obj_fd[k] >= 0 ?
	     fstat(ino->obj_fd[k], &st) : ost_object_stat(ino->s, o->ost, o->id, &st)) == 0 &&
	    (uint64_t)st.st_size == want)
		return 0;
	fd = io_object_fd(ino, ci, si, want > 0);
	if (fd == -ENOENT)
		return 0;
	if (fd < 0)
		return fd;
	rc = io_charge_begin(&ch, ino->s, o->ost, fd);
	if (rc)
		return rc;
	rc = io_punch_stale(ino, k, fd, want);
	if (!rc && (uint64_t)ch.before.st_size != want && ftruncate(fd, (off_t)want) < 0)
		rc = -errno;
	io_charge_end(&ch);
	if (!rc)
		fault_point("truncate-object");
	return rc;
}

/* Every instantiated object sized for a file of `size` bytes. Growing,
 * every object that will hold bytes exists first; then the object of the
 * last byte takes its size, and from then on the objects say the file
 * has the new size (a grow's commit point; lfsck derives the size from
 * them); then the others. */
static int resize_objects(struct lfs_inode *ino, uint64_t size)
{
	struct piece last = { .si = UINT32_MAX };
	int rc = 0;

	if (!ino->layout)
		return 0;
	if (size && io_piece_at(ino->layout, size - 1, 1, &last))
		last.si = UINT32_MAX;
	for (int pass = 0; pass < 3; pass++)
		for (uint32_t i = 0; !rc && i < ino->layout->nr_comps; i++) {
			const struct lfs_component *c = &ino->layout->comps[i];

			if (!(c->flags & LFS_COMP_INIT))
				continue;
			for (uint32_t j = 0; !rc && j < c->nr_objects; j++) {
				uint64_t want = layout_object_size(c, j, size);
				struct stat st;
				int fd;

				uint32_t k = io_flat_index(ino->layout, i, j);
				bool is_last = i == last.ci && j == last.si;

				/* One open here exists: no need to look. */
				if (pass == 0 && want &&
				    !(k < ino->nr_obj_fd && ino->obj_fd[k] >= 0) &&
				    ost_object_stat(ino->s, c->objects[j].ost,
						    c->objects[j].id, &st) == -ENOENT) {
					fd = io_object_fd(ino, i, j, 1);
					rc = fd < 0 ? fd : 0;
				} else if ((pass == 2 && !is_last) || (pass == 1 && is_last)) {
					rc = resize_object(ino, i, j, want);
				}
			}
		}
	return rc;
}

/* Every object that holds bytes below cur and keeps some below size
 * exists: else -EIO before anything changes (io_error names it). */
static int objects_present(struct lfs_inode *ino, uint64_t cur, uint64_t size)
{
	struct stat st;
	int rc = 0;

	for (uint32_t i = 0; !rc && ino->layout && i < ino->layout->nr_comps; i++) {
		const struct lfs_component *c = &ino->layout->comps[i];

		for (uint32_t j = 0; !rc && (c->flags & LFS_COMP_INIT) && j < c->nr_objects; j++)
			if (layout_object_size(c, j, cur) && layout_object_size(c, j, size) &&
			    ost_object_stat(ino->s, c->objects[j].ost, c->objects[j].id, &st) == -ENOENT)
				rc = io_object_missing(ino, i, j);
	}
	return rc;
}

/*
 * A truncate, under LOCK_META. Shrinking, the intent (XATTR_TRUNC) is
 * noted first, then the inode takes the new size (readers see the new
 * content from here), then the objects are cut: a kill anywhere after
 * the intent is finished by recovery, which cannot tell a cut under way
 * from a write under way by the objects alone. Growing needs no intent:
 * the objects grow before the inode (resize_objects).
 */
static int truncate_locked(struct lfs_inode *ino, uint64_t size)
{
	uint64_t cur;
	int rc = inode_size(ino, &cur);

	if (!rc)
		rc = objects_present(ino, cur, size);
	if (!rc && size < cur) {
		if (fsetxattr(ino->fd, XATTR_TRUNC, &size, sizeof(size), 0))
			rc = -errno;
		fault_point("truncate-intent");
		if (!rc && ftruncate(ino->fd, (off_t)size))
			rc = -errno;
		fault_point("truncate-size");
	}
	if (!rc)
		rc = resize_objects(ino, size);
	if (!rc)
		rc = set_meta(ino, size, true);
	fault_point("truncate-done");
	if (!rc && fremovexattr(ino->fd, XATTR_TRUNC) && errno != ENODATA)
		rc = -errno;
	return rc;
}

/* Finish the truncate whose intent is on the inode, if any, under
 * LOCK_META: 1 if there was one, 0 if none, -errno. */
static int finish_intent(struct lfs_inode *ino)
{
	uint64_t size;
	ssize_t n = fgetxattr(ino->fd, XATTR_TRUNC, &size, sizeof(size));
	int rc;

	if (n < 0)
		return errno == ENODATA ? 0 : -errno;
	if (n != sizeof(size))     /* not ours: no intent to finish */
		rc = fremovexattr(ino->fd, XATTR_TRUNC) ? -errno : 0;
	else
		rc = ino->writer ? truncate_locked(ino, size) : -EBADF;
	return rc ? rc : 1;
}

/* Under LOCK_SIZE (which a live truncate holds exclusive) and
 * LOCK_LAYOUT: an intent left by a dead truncate is finished before the
 * file is written or resized, lest the bytes its objects still hold past
 * its size reappear in the gap. */
static int finish_dead_truncate(struct lfs_inode *ino)
{
	int rc;

	if (fgetxattr(ino->fd, XATTR_TRUNC, NULL, 0) < 0)
		return errno == ENODATA ? 0 : -errno;
	rc = lfs_lock(ino->fd, LOCK_META, LFS_EXCL);
	if (rc)
		return rc;
	rc = finish_intent(ino);
	lfs_unlock(ino->fd, LOCK_META);
	return rc < 0 ? rc : 0;
}

/* LOCK_SIZE for one write or truncate, unless io_size_lock() holds it
 * (taking it again would convert the handle's exclusive lock). */
static int size_lock(struct lfs_inode *ino, enum lfs_lock_mode mode)
{
	return ino->size_held ? 0 : lfs_lock(ino->fd, LOCK_SIZE, mode);
}

static void size_unlock(struct lfs_inode *ino)
{
	if (!ino->size_held)
		lfs_unlock(ino->fd, LOCK_SIZE);
}

int io_size_lock(struct lfs_inode *ino)
{
	int rc = ino->writer ? lfs_lock(ino->fd, LOCK_SIZE, LFS_EXCL) : -EBADF;

	ino->size_held = !rc;
	return rc;
}

void io_size_unlock(struct lfs_inode *ino)
{
	if (ino->size_held)
		lfs_unlock(ino->fd, LOCK_SIZE);
	ino->size_held = false;
}

/* A write ending at `end` grows the size past bytes of objects no byte
 * reached yet (a hole before it): they are created before the size says
 * they hold bytes, so that a missing object is always a lost one. */
static int create_reached(struct lfs_inode *ino, uint64_t end)
{
	uint64_t size;
	int rc = inode_size(ino, &size);

	for (uint32_t i = 0; !rc && end > size && i < ino->layout->nr_comps; i++) {
		const struct lfs_component *c = &ino->layout->comps[i];

		if (!(c->flags & LFS_COMP_INIT) || c->start >= end)
			continue;
		for (uint32_t j = 0; !rc && j < c->nr_objects; j++) {
			int fd = 0;

			if (layout_object_size(c, j, size) == 0 &&
			    layout_object_size(c, j, end) > 0)
				fd = io_object_fd(ino, i, j, 1);
			rc = fd < 0 ? fd : 0;
		}
	}
	return rc;
}

int io_append_offset(struct lfs_inode *ino, uint64_t *off)
{
	int rc;

	if (!ino->size_held)
		return -ENOLCK;
	rc = lfs_lock(ino->fd, LOCK_GROUP, LFS_SHARED);
	if (rc)
		return rc;
	rc = lfs_lock(ino->fd, LOCK_LAYOUT, LFS_SHARED);
	if (!rc) {
		rc = inode_layout_refresh(ino);
		if (!rc)
			rc = finish_dead_truncate(ino);
		if (!rc)
			rc = inode_size(ino, off);
		lfs_unlock(ino->fd, LOCK_LAYOUT);
	}
	lfs_unlock(ino->fd, LOCK_GROUP);
	return rc;
}

ssize_t io_pwrite(struct lfs_inode *ino, const void *buf, size_t len,
		  uint64_t off, struct lfs_error *e)
{
	ssize_t n;
	int rc = io_range_check(off, len, e);

	if (rc)
		return rc;
	if (!ino->writer)
		return -EBADF;
	if (!len)
		return 0;
	ino->missing_known = false;
	rc = size_lock(ino, LFS_SHARED);
	if (rc)
		return rc;
	rc = lfs_lock(ino->fd, LOCK_GROUP, LFS_SHARED);
	if (rc)
		goto out_size;
	/* A layout whose last component ends before EOF takes what fits
	 * below its end, then refuses: a short write, then -EFBIG, as a
	 * write meeting RLIMIT_FSIZE does. */
	rc = inode_layout_refresh(ino);
	if (!rc && ino->layout && ino->layout->nr_comps) {
		uint64_t end = ino->layout->comps[ino->layout->nr_comps - 1].end;

		if (end != LFS_EOF && off < end && len > end - off)
			len = (size_t)(end - off);
	}
	if (!rc)
		rc = instantiate_range(ino, off, len, e);
	if (rc)
		goto out_group;
	rc = lfs_lock(ino->fd, LOCK_LAYOUT, LFS_SHARED);
	if (rc)
		goto out_group;
	rc = inode_layout_refresh(ino);
	if (!rc)
		rc = still_named(ino);
	if (!rc)
		rc = finish_dead_truncate(ino);
	n = rc ? rc : write_pieces(ino, buf, len, off);
	fault_point("write-data");
	if (n > 0)
		rc = create_reached(ino, off + (uint64_t)n);
	if (n > 0 && !rc)
		rc = update_meta(ino, off + (uint64_t)n);
	lfs_unlock(ino->fd, LOCK_LAYOUT);
	lfs_unlock(ino->fd, LOCK_GROUP);
	size_unlock(ino);
	if (rc)
		n = rc;
	if (n < 0 && e && !e->msg[0]) {
		io_error(ino, (int)n, e);
		if (!e->msg[0])
			lfs_error_set(e, (int)n, "%s", strerror((int)-n));
	}
	return n;
out_group:
	lfs_unlock(ino->fd, LOCK_GROUP);
out_size:
	size_unlock(ino);
	return rc;
}

int io_pwrite_all(struct lfs_inode *ino, const void *buf, size_t len,
		  uint64_t off, uint64_t *done, struct lfs_error *e)
{
	size_t got = 0;

	while (got < len) {
		ssize_t w = io_pwrite(ino, (const char *)buf + got, len - got,
				      off + got, e);

		if (w <= 0)
			return w ? (int)w : -EIO;
		got += (size_t)w;
		*done += (uint64_t)w;
	}
	return 0;
}

int io_truncate(struct lfs_inode *ino, uint64_t size, struct lfs_error *e)
{
	int rc = io_range_check(0, size, e);

	if (rc)
		return rc;
	if (!ino->writer)
		return -EBADF;
	rc = size_lock(ino, LFS_EXCL);
	if (rc)
		return rc;
	rc = lfs_lock(ino->fd, LOCK_GROUP, LFS_SHARED);
	if (rc) {
		size_unlock(ino);
		return rc;
	}
	rc = size ? instantiate_range(ino, 0, size, e) : inode_layout_refresh(ino);
	if (!rc)
		rc = lfs_lock(ino->fd, LOCK_LAYOUT, LFS_SHARED);
	if (rc)
		goto out;
	ino->missing_known = false;
	rc = inode_layout_refresh(ino);
	if (!rc)
		rc = still_named(ino);
	/* LOCK_META throughout: lfsck sees no truncate half done but a
	 * dead one's, which is finished first. */
	if (!rc && !(rc = lfs_lock(ino->fd, LOCK_META, LFS_EXCL))) {
		rc = finish_intent(ino);
		if (rc >= 0)
			rc = truncate_locked(ino, size);
		lfs_unlock(ino->fd, LOCK_META);
	}
	lfs_unlock(ino->fd, LOCK_LAYOUT);
out:
	lfs_unlock(ino->fd, LOCK_GROUP);
	size_unlock(ino);
	return io_error(ino, rc, e);
}

int io_truncate_finish(struct lfs_inode *ino, bool dry_run)
{
	if (!dry_run)
		return finish_intent(ino);
	if (fgetxattr(ino->fd, XATTR_TRUNC, NULL, 0) < 0)
		return errno == ENODATA ? 0 : -errno;
	return 1;
}

int io_truncate_raw(struct lfs_inode *ino, uint64_t size)
{
	int rc = resize_objects(ino, size);

	if (!rc && ftruncate(ino->fd, (off_t)size) < 0)
		rc = -errno;
	return rc;
}
