/* io.c - RAID0 reads, writes and truncates over a file's objects. */
#include "io.h"

#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "fault.h"
#include "lock.h"
#include "ost.h"
#include "store_internal.h"

/*
 * A change to an object's blocks and its charge to the OST's usage are one
 * step, which a recount by recovery must not split (it would count the
 * change twice or not at all): charge_begin takes the OST's charge lock
 * shared and notes the blocks before; charge_end charges the difference
 * and releases it. charge_end is called on every path once begun.
 */
struct charge {
	struct lfs_store *s;
	uint32_t ost;
	int fd;
	struct stat before;
};

static int charge_begin(struct charge *ch, struct lfs_store *s, uint32_t ost,
			int fd)
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

static void charge_end(struct charge *ch)
{
	struct stat after;

	if (fstat(ch->fd, &after) == 0 && after.st_blocks != ch->before.st_blocks)
		ost_usage_add(ch->s, ch->ost,
			      ((int64_t)after.st_blocks - (int64_t)ch->before.st_blocks) * 512, 0);
	ost_charge_unlock(ch->s, ch->ost);
}

int io_range_check(uint64_t off, uint64_t len, struct lfs_error *e)
{
	if (off > LFS_MAX_FILE_SIZE || len > LFS_MAX_FILE_SIZE - off)
		return lfs_error_set(e, -EFBIG,
			"beyond the largest file size (%llu bytes)",
			(unsigned long long)LFS_MAX_FILE_SIZE);
	return 0;
}

/* One contiguous run of file bytes inside one object. */
struct piece {
	uint32_t ci, si;       /* component, stripe */
	uint64_t obj_off;
	uint64_t len;          /* up to the stripe or component boundary */
};

/* The piece holding file offset off (at most max bytes); -EFBIG when off
 * is past the layout's last component. */
static int piece_at(const struct lfs_layout *l, uint64_t off, uint64_t max,
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

static uint32_t flat_index(const struct lfs_layout *l, uint32_t ci, uint32_t si)
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

static int object_missing(struct lfs_inode *ino, uint32_t ci, uint32_t si)
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

/* The object fd behind component ci, stripe si, opened on demand and kept
 * in the handle; -ENOENT if never created and !create. With create, an
 * object no byte below the size reaches is created if missing (a stripe
 * no byte reached yet, or a crash between the layout and the object),
 * and must be this file's (object_ours); one that bytes below the size
 * live in is lost if missing. */
static int io_object_fd(struct lfs_inode *ino, uint32_t ci, uint32_t si,
			int create)
{
	const struct lfs_object *o = &ino->layout->comps[ci].objects[si];
	uint32_t k = flat_index(ino->layout, ci, si);
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
		fd = object_missing(ino, ci, si);
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

		rc = piece_at(ino->layout, off + done, len - done, &p);
		if (rc == -EFBIG) {        /* size beyond the layout: zeros */
			memset(buf + done, 0, len - done);
			break;
		}
		if (p.si != UINT32_MAX) {
			fd = io_object_fd(ino, p.ci, p.si, 0);
			if (fd == -ENOENT)
				fd = object_missing(ino, p.ci, p.si);
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
	rc = charge_begin(&ch, ino->s, o->ost, fd);
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
	charge_end(&ch);
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

		if (piece_at(ino->layout, off + at, len - at, &p))
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
		int rc = piece_at(ino->layout, off + done, len - done, &p);

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

/* Object k's old bytes (a reused spare's, inode.h) below `to` and not
 * written over: punched (zeroed where the host cannot punch). Called
 * under the object's charge, which gives the blocks' charge back. */
static int punch_stale(struct lfs_inode *ino, uint32_t k, int fd, uint64_t to)
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

/* Bytes [from, to) of object k were written: what was stale there is not. */
static void stale_written(struct lfs_inode *ino, uint32_t k, uint64_t from,
			  uint64_t to)
{
	struct lfs_stale *st = ino->stale ? &ino->stale[k] : NULL;

	if (st && from <= st->clean_to && to > st->clean_to)
		st->clean_to = to < st->end ? to : st->end;
}

/* Has copy_file_range() from OST a's host filesystem to b's said EXDEV
 * to this handle? Then the copy goes through a buffer from the start. */
static bool copy_range_refused(const struct lfs_store *s, uint32_t a, uint32_t b)
{
	for (unsigned i = 0; i < s->nr_no_copy_range; i++)
		if (s->no_copy_range[i].from == s->ost_dev[a] &&
		    s->no_copy_range[i].to == s->ost_dev[b])
			return true;
	return false;
}

static void copy_range_refuses(struct lfs_store *s, uint32_t a, uint32_t b)
{
	unsigned n = sizeof(s->no_copy_range) / sizeof(s->no_copy_range[0]);

	if (s->ost_dev[a] && s->ost_dev[b] && !copy_range_refused(s, a, b) &&
	    s->nr_no_copy_range < n) {
		s->no_copy_range[s->nr_no_copy_range].from = s->ost_dev[a];
		s->no_copy_range[s->nr_no_copy_range++].to = s->ost_dev[b];
	}
}

/* One run of bytes that is a single piece in both layouts. */
static int copy_piece(struct lfs_inode *src, struct lfs_inode *dst,
		      const struct piece *sp, const struct piece *dp, uint64_t n)
{
	const struct lfs_object *o = &dst->layout->comps[dp->ci].objects[dp->si];
	uint32_t kd = flat_index(dst->layout, dp->ci, dp->si);
	loff_t soff = (loff_t)sp->obj_off, doff = (loff_t)dp->obj_off;
	uint32_t so = sp->si == UINT32_MAX ? 0 :
		      src->layout->comps[sp->ci].objects[sp->si].ost;
	struct charge ch;
	bool buffered;
	int sfd, dfd, rc;

	if (dst->stale && dst->stale[kd].filled)
		return 0;          /* a second name of the source's object */
	dfd = io_object_fd(dst, dp->ci, dp->si, 1);
	if (dfd < 0)
		return dfd;
	if (sp->si == UINT32_MAX)
		return 0;          /* nothing there: the hole stays a hole */
	sfd = io_object_fd(src, sp->ci, sp->si, 0);
	if (sfd == -ENOENT)
		return object_missing(src, sp->ci, sp->si);
	if (sfd < 0)
		return sfd;
	rc = charge_begin(&ch, dst->s, o->ost, dfd);
	if (rc)
		return rc;
	rc = ost_space_check(dst->s, o->ost, n);
	if (!rc)
		rc = punch_stale(dst, kd, dfd, dp->obj_off);
	buffered = copy_range_refused(dst->s, so, o->ost);
	while (!rc && n) {
		ssize_t k = -1;

		errno = EXDEV;
		if (!buffered && (k = copy_file_range(sfd, &soff, dfd, &doff, n, 0)) < 0 &&
		    errno == EXDEV)
			copy_range_refuses(dst->s, so, o->ost);
		if (k < 0 && (errno == EXDEV || errno == EINVAL || errno == ENOSYS ||
			      errno == EOPNOTSUPP)) {
			/* No kernel copy here: through a buffer. */
			char buf[65536];
			size_t want = n < sizeof(buf) ? (size_t)n : sizeof(buf);

			k = pread(sfd, buf, want, soff);
			for (ssize_t w, put = 0; k > 0 && put < k; put += w) {
				/* A short write is a full disk: the next says so. */
				w = pwrite(dfd, buf + put, (size_t)(k - put), doff + put);
				if (w <= 0) {
					if (!w)
						errno = EIO;
					k = -1;
					break;
				}
			}
			if (k > 0) {
				soff += k;
				doff += k;
			}
		}
		if (k < 0) {
			rc = -errno;
			break;
		}
		if (k == 0)
			break;     /* source object ends early: the rest is a hole */
		n -= (uint64_t)k;
	}
	stale_written(dst, kd, dp->obj_off, (uint64_t)doff);
	/* Stream write-back while copying, so the fsync before the swap
	 * finds little left to do; inside the charge, since allocating the
	 * blocks may add the object's extent-tree blocks. */
	if (!rc)
		sync_file_range(dfd, (off_t)dp->obj_off, (off_t)(doff - (loff_t)dp->obj_off),
				SYNC_FILE_RANGE_WRITE);
	charge_end(&ch);
	return rc;
}

void io_link_twins(struct lfs_inode *dst)
{
	struct lfs_parent parent;
	uint32_t k = 0;

	if (!dst->stale)
		return;
	inode_parent(dst, &parent);
	for (uint32_t i = 0; dst->layout && i < dst->layout->nr_comps; i++)
		for (uint32_t j = 0; j < dst->layout->comps[i].nr_objects; j++, k++) {
			struct lfs_stale *st = &dst->stale[k];
			const struct lfs_object *o = &dst->layout->comps[i].objects[j];
			struct lfs_pfid pf;

			if (k >= dst->nr_obj_fd || !st->linkable)
				continue;
			st->linkable = false;
			inode_object_pfid(&parent, dst->layout, i, j, &pf);
			/* Not linked (another filesystem, no room): copied. */
			st->filled = ost_object_link(dst->s, st->twin.ost, st->twin.id,
						     o->ost, o->id, &pf, st->twin_size) == 0;
		}
}

int io_copy_range(struct lfs_inode *src, struct lfs_inode *dst, uint64_t off,
		  uint64_t len)
{
	src->missing_known = false;
	while (len) {
		struct piece sp, dp;
		uint64_t n;
		int rc = piece_at(src->layout, off, len, &sp);

		if (!rc)
			rc = piece_at(dst->layout, off, len, &dp);
		if (rc)
			return rc;
		if (dp.si == UINT32_MAX)
			return -EIO;
		n = sp.len < dp.len ? sp.len : dp.len;
		rc = copy_piece(src, dst, &sp, &dp, n);
		if (rc)
			return rc;
		off += n;
		len -= n;
	}
	return 0;
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
	uint32_t k = flat_index(ino->layout, ci, si);
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
	rc = charge_begin(&ch, ino->s, o->ost, fd);
	if (rc)
		return rc;
	rc = punch_stale(ino, k, fd, want);
	if (!rc && (uint64_t)ch.before.st_size != want && ftruncate(fd, (off_t)want) < 0)
		rc = -errno;
	charge_end(&ch);
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
	if (size && piece_at(ino->layout, size - 1, 1, &last))
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

				uint32_t k = flat_index(ino->layout, i, j);
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
				rc = object_missing(ino, i, j);
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

/* The first offset in [off, limit) of instantiated component ci that is
 * data in its object, or limit: one SEEK_DATA per object, where walking
 * the stripe units of a sparse file would take one per unit. */
static int next_data_in_comp(struct lfs_inode *ino, uint32_t ci, uint64_t off,
			     uint64_t limit, uint64_t *next)
{
	const struct lfs_component *c = &ino->layout->comps[ci];
	uint64_t s = c->stripe_size, w = c->nr_objects, rel = off - c->start;
	uint64_t unit = rel / s, best = limit - c->start;

	for (uint32_t k = 0; k < w; k++) {
		/* Stripe k's first unit at or after rel, in its object. */
		uint64_t u = unit + (k + w - unit % w) % w, r;
		uint64_t from = (u / w) * s + (u == unit ? rel % s : 0);
		int fd = io_object_fd(ino, ci, k, 0);
		off_t d;

		/* Visited in the round before: it holds bytes below the size. */
		if (fd == -ENOENT)
			return object_missing(ino, ci, k);
		if (fd < 0)
			return fd;
		d = lseek(fd, (off_t)from, SEEK_DATA);
		if (d < 0 && errno != ENXIO)
			return -errno;
		if (d < 0 || __builtin_mul_overflow((uint64_t)d / s, s * w, &r) ||
		    __builtin_add_overflow(r, k * s + (uint64_t)d % s, &r))
			continue;
		if (r < best)
			best = r;
	}
	*next = c->start + best;
	return 0;
}

int io_next_data(struct lfs_inode *ino, uint64_t off, uint64_t *start,
		 uint64_t *end)
{
	uint64_t size, limit;
	uint32_t empty = 0, ci = UINT32_MAX;
	int rc = inode_size(ino, &size);

	ino->missing_known = false;
	if (rc)
		return rc;
	if (!ino->layout)
		return -ENXIO;
	while (off < size) {
		const struct lfs_component *c;
		struct piece p;
		off_t d, h;
		int fd;

		rc = piece_at(ino->layout, off, size - off, &p);
		if (rc)
			return rc == -EFBIG ? -ENXIO : rc;
		if (p.si == UINT32_MAX) {
			off += p.len;
			continue;
		}
		c = &ino->layout->comps[p.ci];
		if (p.ci != ci) {
			ci = p.ci;
			empty = 0;
		}
		/* A whole round of empty stripe units: ask each object. */
		if (empty >= c->nr_objects) {
			limit = c->end < size ? c->end : size;
			rc = next_data_in_comp(ino, p.ci, off, limit, &off);
			if (rc)
				return rc;
			empty = 0;
			continue;
		}
		empty++;
		fd = io_object_fd(ino, p.ci, p.si, 0);
		if (fd == -ENOENT)
			return object_missing(ino, p.ci, p.si);
		if (fd < 0)
			return fd;
		d = lseek(fd, (off_t)p.obj_off, SEEK_DATA);
		if (d < 0 && errno != ENXIO)
			return -errno;
		if (d < 0 || (uint64_t)d >= p.obj_off + p.len) {
			off += p.len;
			continue;
		}
		h = lseek(fd, d, SEEK_HOLE);
		if (h < 0)
			return -errno;
		*start = off + ((uint64_t)d - p.obj_off);
		if ((uint64_t)h > p.obj_off + p.len)
			h = (off_t)(p.obj_off + p.len);
		*end = off + ((uint64_t)h - p.obj_off);
		if (*end > size)
			*end = size;
		return 0;
	}
	return -ENXIO;
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

					rc = charge_begin(&ch, ino->s, o->ost, fd);
					if (rc)
						return rc;
					rc = fdatasync(fd) < 0 ? -errno : 0;
					charge_end(&ch);
					if (rc)
						return rc;
				}
			}
	return 0;
}
