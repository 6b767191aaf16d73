/* io.c - the objects behind a file's layout (the RAID0 mapping, opening
 * and creating them, their OST charge, stale bytes), reads and fsync.
 * Writes and truncates are in io_write.c, copies in io_copy.c. */
#include "io.h"
#include "io_internal.h"

#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lock.h"
#include "ost.h"
#include "store_internal.h"

int io_charge_begin(struct charge *ch, struct lfs_store *s, uint32_t ost, int fd)
{
	int rc = ost_charge_lock(s, ost);

	ch->s = s;
	ch->ost = ost;
	ch->fd = fd;
	if (!rc && fstat(fd, &ch->before) < 0) {
		rc = -errno;
		ost_charge_unlock(s, ost);
	}
	return rc;
}

void io_charge_end(struct charge *ch)
{
	struct stat after;

	if (fstat(ch->fd, &after) == 0 && after.st_blocks != ch->before.st_blocks)
		ost_usage_add(ch->s, ch->ost,
			      ((int64_t)after.st_blocks - (int64_t)ch->before.st_blocks) * 512, 0);
	ost_charge_unlock(ch->s, ch->ost);
}

/* The piece holding file offset off (at most max bytes); -EFBIG when off
 * is past the layout's last component. */
int io_piece_at(const struct lfs_layout *l, uint64_t off, uint64_t max,
	     struct piece *p)
{
	int ci = layout_component_index_at(l, off);
	const struct lfs_component *c;
	uint64_t in_stripe, n;

	if (ci < 0)
		return -EFBIG;
	c = &l->comps[ci];
	p->ci = (uint32_t)ci;
	if (!(c->flags & LFS_COMP_INIT) || !c->nr_objects) {
		/* Uninstantiated: the whole component reads as a hole. */
		p->si = UINT32_MAX;
		p->obj_off = 0;
		n = c->end == LFS_EOF ? max : c->end - off;
		p->len = n < max ? n : max;
		return 0;
	}
	layout_map(c, off, &p->si, &p->obj_off);
	in_stripe = c->stripe_size - (off - c->start) % c->stripe_size;
	n = in_stripe < max ? in_stripe : max;
	if (c->end != LFS_EOF && c->end - off < n)
		n = c->end - off;
	p->len = n;
	return 0;
}

uint32_t io_flat_index(const struct lfs_layout *l, uint32_t ci, uint32_t si)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < ci; i++)
		n += l->comps[i].nr_objects;
	return n + si;
}

/* Object (ci, si) is missing though bytes below the file's size live in
 * it: lost, not a hole (objects are created before the size reaches
 * them); or it is another file's (foreign). Noted for io_error(). */
static int object_bad(struct lfs_inode *ino, uint32_t ci, uint32_t si, int rc)
{
	ino->missing = ino->layout->comps[ci].objects[si];
	ino->missing_known = true;
	return rc;
}

int io_object_missing(struct lfs_inode *ino, uint32_t ci, uint32_t si)
{
	return object_bad(ino, ci, si, -EIO);
}

int io_error(const struct lfs_inode *ino, int rc, struct lfs_error *e)
{
	if ((rc == -EIO || rc == -EUCLEAN) && ino->missing_known)
		return lfs_error_set(e, rc, "object OST%04x:%llu %s",
				     ino->missing.ost,
				     (unsigned long long)ino->missing.id,
				     rc == -EIO ? "is missing" :
				     "belongs to another file");
	if (rc == -ENOMEDIUM && ino->missing_known) {
		char dir[PATH_MAX];
		int why = store_ost_state(ino->s, ino->missing.ost);

		store_ost_dir(ino->s, ino->missing.ost, dir, sizeof(dir));
		return lfs_error_set(e, rc,
			"object OST%04x:%llu is on an unavailable OST (%s: %s)",
			ino->missing.ost, (unsigned long long)ino->missing.id,
			dir, strerror(why ? -why : ENOMEDIUM));
	}
	if (rc == -ESTALE)
		return lfs_error_set(e, rc, "file was removed while open for writing");
	return rc;
}

/* An object this file's bytes have not reached yet, found in place: its
 * back-pointer must name this file (a writer of it racing us made it).
 * One naming another file, or none, got an id this layout names though
 * it never was created (LAST_ID set back): another file's, never shared. */
static int object_ours(struct lfs_inode *ino, uint32_t ci, uint32_t si, int fd)
{
	struct lfs_parent parent;
	struct lfs_pfid pf;
	int rc = pfid_get(fd, &pf);

	inode_parent(ino, &parent);
	if (rc == -ENODATA || rc == -EINVAL ||
	    (!rc && !pfid_same_parent(&pf.parent, &parent)))
		return object_bad(ino, ci, si, -EUCLEAN);
	return rc;
}

/* The object fd behind component ci, stripe si, opened on demand and kept
 * in the handle; -ENOENT if never created and !create. With create, an
 * object no byte below the size reaches is created if missing (a stripe
 * no byte reached yet, or a crash between the layout and the object),
 * and must be this file's (object_ours); one that bytes below the size
 * live in is lost if missing. */
int io_object_fd(struct lfs_inode *ino, uint32_t ci, uint32_t si, int create)
{
	const struct lfs_object *o = &ino->layout->comps[ci].objects[si];
	uint32_t k = io_flat_index(ino->layout, ci, si);
	struct lfs_parent parent;
	struct lfs_pfid pf;
	uint64_t size;
	int fd, rc;

	if (k >= ino->nr_obj_fd)
		return -EINVAL;
	if (ino->obj_fd[k] >= 0)
		return ino->obj_fd[k];
	fd = ost_object_open(ino->s, o->ost, o->id, ino->writer ? O_RDWR : O_RDONLY);
	if (fd == -ENOMEDIUM)
		return object_bad(ino, ci, si, fd);   /* its OST is unavailable */
	if (!create || (fd < 0 && fd != -ENOENT))
		goto out;
	rc = inode_size(ino, &size);
	if (!rc && !ino->filling &&
	    layout_object_size(&ino->layout->comps[ci], si, size))
		goto out;          /* holds this file's bytes, or is lost */
	if (!rc && fd == -ENOENT) {
		inode_parent(ino, &parent);
		inode_object_pfid(&parent, ino->layout, ci, si, &pf);
		rc = ost_object_create(ino->s, o->ost, o->id, &pf);
		if (!rc || rc == -EEXIST)
			rc = fd = ost_object_open(ino->s, o->ost, o->id, O_RDWR);
	}
	if (rc >= 0)
		rc = object_ours(ino, ci, si, fd);
	if (rc < 0) {
		if (fd >= 0)
			close(fd);
		return rc;
	}
out:
	if (fd == -ENOENT && create)
		fd = io_object_missing(ino, ci, si);
	if (fd >= 0)
		ino->obj_fd[k] = fd;
	return fd;
}

static ssize_t read_locked(struct lfs_inode *ino, char *buf, size_t len,
			   uint64_t off)
{
	uint64_t size;
	size_t done = 0;
	int rc = inode_size(ino, &size);

	ino->missing_known = false;
	if (rc)
		return rc;
	if (off >= size)
		return 0;
	if (len > size - off)
		len = (size_t)(size - off);
	while (done < len) {
		struct piece p;
		ssize_t n = 0;
		int fd;

		rc = io_piece_at(ino->layout, off + done, len - done, &p);
		if (rc == -EFBIG) {        /* size beyond the layout: zeros */
			memset(buf + done, 0, len - done);
			break;
		}
		if (p.si != UINT32_MAX) {
			fd = io_object_fd(ino, p.ci, p.si, 0);
			if (fd == -ENOENT)
				fd = io_object_missing(ino, p.ci, p.si);
			if (fd < 0)
				return done ? (ssize_t)done : fd;
			n = pread(fd, buf + done, p.len, (off_t)p.obj_off);
			if (n < 0)
				return done ? (ssize_t)done : -errno;
		}
		if ((uint64_t)n < p.len)
			memset(buf + done + n, 0, p.len - (uint64_t)n);
		done += p.len;
	}
	return (ssize_t)len;
}

ssize_t io_pread(struct lfs_inode *ino, void *buf, size_t len, uint64_t off)
{
	ssize_t rc = lfs_lock(ino->fd, LOCK_LAYOUT, LFS_SHARED);

	if (rc)
		return rc;
	rc = inode_layout_refresh(ino);
	if (!rc && !ino->layout)
		rc = 0;     /* no layout: no data */
	else if (!rc)
		rc = read_locked(ino, buf, len, off);
	lfs_unlock(ino->fd, LOCK_LAYOUT);
	return rc;
}

/* Object k's old bytes (a reused spare's, inode.h) below `to` and not
 * written over: punched (zeroed where the host cannot punch). Called
 * under the object's charge, which gives the blocks' charge back. */
int io_punch_stale(struct lfs_inode *ino, uint32_t k, int fd, uint64_t to)
{
	static const char zeros[65536];
	struct lfs_stale *st = ino->stale ? &ino->stale[k] : NULL;

	if (!st || st->clean_to >= st->end || to <= st->clean_to)
		return 0;
	if (to > st->end)
		to = st->end;
	if (fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
		      (off_t)st->clean_to, (off_t)(to - st->clean_to)) < 0) {
		if (errno != EOPNOTSUPP && errno != ENOSYS)
			return -errno;
		while (st->clean_to < to) {
			size_t n = to - st->clean_to < sizeof(zeros) ?
				   (size_t)(to - st->clean_to) : sizeof(zeros);
			ssize_t w = pwrite(fd, zeros, n, (off_t)st->clean_to);

			if (w <= 0)
				return w < 0 ? -errno : -EIO;
			st->clean_to += (uint64_t)w;
		}
	}
	st->clean_to = to;
	return 0;
}

int io_sync(struct lfs_inode *ino)
{
	/* Start write-back on every object first so the disk works on all
	 * of them at once, then wait for each. A linked object's new name
	 * is an entry of its directory, which is synced too. */
	for (int pass = 0; pass < 2; pass++)
		for (uint32_t i = 0, k = 0; ino->layout && i < ino->layout->nr_comps; i++)
			for (uint32_t j = 0; j < ino->layout->comps[i].nr_objects; j++, k++) {
				const struct lfs_object *o = &ino->layout->comps[i].objects[j];
				int fd, rc;

				if (pass && ino->stale && ino->stale[k].filled &&
				    (rc = ost_object_dir_sync(ino->s, o->ost, o->id)))
					return rc;
				fd = io_object_fd(ino, i, j, 0);
				if (fd == -ENOENT)
					continue;
				if (fd < 0)
					return fd;
				if (pass == 0) {
					sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
				} else {
					/* Write-back may allocate extent-tree
					 * blocks: charged like any change. */
					struct charge ch;

					rc = io_charge_begin(&ch, ino->s, o->ost, fd);
					if (rc)
						return rc;
					rc = fdatasync(fd) < 0 ? -errno : 0;
					io_charge_end(&ch);
					if (rc)
						return rc;
				}
			}
	return 0;
}
