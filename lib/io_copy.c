/* io_copy.c - object to object copies between two layouts (migrate's
 * volatile) and the data ranges of a sparse file (io.h). */
#include "io.h"
#include "io_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <unistd.h>

#include "ost.h"
#include "store_internal.h"

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
	uint32_t kd = io_flat_index(dst->layout, dp->ci, dp->si);
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
		return io_object_missing(src, sp->ci, sp->si);
	if (sfd < 0)
		return sfd;
	rc = io_charge_begin(&ch, dst->s, o->ost, dfd);
	if (rc)
		return rc;
	rc = ost_space_check(dst->s, o->ost, n);
	if (!rc)
		rc = io_punch_stale(dst, kd, dfd, dp->obj_off);
	buffered = copy_range_refused(dst->s, so, o->ost);
	while (!rc && n) {
		ssize_t k = -1;

		errno = EXDEV;
		if (!buffered && (k = copy_file_range(sfd, &soff, dfd, &doff, n, 0)) < 0 &&
		    errno == EXDEV) {
			copy_range_refuses(dst->s, so, o->ost);
			buffered = true;   /* the rest of the piece too */
		}
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
	io_charge_end(&ch);
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
		int rc = io_piece_at(src->layout, off, len, &sp);

		if (!rc)
			rc = io_piece_at(dst->layout, off, len, &dp);
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
			return io_object_missing(ino, ci, k);
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

		rc = io_piece_at(ino->layout, off, size - off, &p);
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
			return io_object_missing(ino, p.ci, p.si);
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
