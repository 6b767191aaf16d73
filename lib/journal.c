/* journal.c - layout-swap intent records and their recovery. */
#include "journal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crc32.h"
#include "inode.h"
#include "lock.h"

#define JOURNAL_MAGIC 0x4a53464cu   /* "LFSJ" */
#define JOURNAL_VERSION 1

/* Record: magic, version, src_ino, then four length-prefixed blobs
 * (src path, volatile name, old layout, new layout), then CRC-32 of all
 * that precedes it. Integers are host-endian: records never leave the
 * machine that wrote them. */
struct blob {
	const void *p;
	uint32_t len;
};

static int append(char **buf, size_t *len, const void *p, size_t n)
{
	char *nb = realloc(*buf, *len + n);

	if (!nb)
		return -ENOMEM;
	memcpy(nb + *len, p, n);
	*buf = nb;
	*len += n;
	return 0;
}

int journal_begin(struct lfs_store *s, const char *src_rel, uint64_t src_ino,
		  const char *volatile_name, const struct lfs_layout *old_l,
		  const struct lfs_layout *new_l, struct journal_handle *j)
{
	uint32_t head[2] = { JOURNAL_MAGIC, JOURNAL_VERSION }, crc;
	void *ob = NULL, *nb = NULL;
	size_t ol = 0, nl = 0, len = 0;
	char *buf = NULL, proc[64];
	int rc, fd = -1;

	rc = layout_encode(old_l, &ob, &ol);
	if (!rc)
		rc = layout_encode(new_l, &nb, &nl);
	struct blob blobs[4] = {
		{ src_rel, (uint32_t)strlen(src_rel) },
		{ volatile_name, (uint32_t)strlen(volatile_name) },
		{ ob, (uint32_t)ol }, { nb, (uint32_t)nl },
	};
	if (!rc)
		rc = append(&buf, &len, head, sizeof(head));
	if (!rc)
		rc = append(&buf, &len, &src_ino, sizeof(src_ino));
	for (int i = 0; !rc && i < 4; i++) {
		rc = append(&buf, &len, &blobs[i].len, sizeof(blobs[i].len));
		if (!rc)
			rc = append(&buf, &len, blobs[i].p, blobs[i].len);
	}
	if (!rc) {
		crc = lfs_crc32(0, buf, len);
		rc = append(&buf, &len, &crc, sizeof(crc));
	}
	if (rc)
		goto out;
	/* Written and locked before it has a name: recovery must
	 * never see a record of a live process that it can lock (an empty
	 * one it would take for torn and remove under the swap). */
	fd = openat(s->journal_fd, ".", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd < 0) {
		rc = -errno;
		goto out;
	}
	/* Owned from birth: recovery skips records whose owner lives. It is
	 * made durable by journal_sync(), with the rest of its batch. */
	rc = lfs_lock(fd, LOCK_OWNER, LFS_EXCL);
	if (!rc && write(fd, buf, len) != (ssize_t)len)
		rc = errno ? -errno : -EIO;
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	for (int tries = 0; !rc; tries++) {
		snprintf(j->name, sizeof(j->name), "swap.%d.%u", (int)getpid(),
			 (unsigned)rand_r(&s->rand_state));
		if (linkat(AT_FDCWD, proc, s->journal_fd, j->name,
			   AT_SYMLINK_FOLLOW) == 0)
			break;
		if (errno != EEXIST || tries > 100)
			rc = -errno;
	}
	if (rc) {
		close(fd);
		goto out;
	}
	j->fd = fd;
out:
	free(buf);
	free(ob);
	free(nb);
	return rc;
}

int journal_sync(struct lfs_store *s, struct journal_handle *const *j, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (j[i] && fsync(j[i]->fd) < 0)
			return -errno;
	return fsync(s->journal_fd) < 0 ? -errno : 0;
}

int journal_end(struct lfs_store *s, struct journal_handle *j)
{
	int rc = 0;

	if (unlinkat(s->journal_fd, j->name, 0) < 0)
		rc = -errno;
	close(j->fd);
	j->fd = -1;
	return rc;
}

/* Parse a record; pointers point into buf. */
struct record {
	uint64_t src_ino;
	struct blob b[4];
};

static int parse(const char *buf, size_t len, struct record *r)
{
	size_t pos = 0;
	uint32_t head[2], crc;

	if (len < sizeof(head) + 8 + 4 * 4 + 4)
		return -EINVAL;
	memcpy(&crc, buf + len - 4, 4);
	if (crc != lfs_crc32(0, buf, len - 4))
		return -EINVAL;
	len -= 4;
	memcpy(head, buf, sizeof(head));
	if (head[0] != JOURNAL_MAGIC || head[1] != JOURNAL_VERSION)
		return -EINVAL;
	pos = sizeof(head);
	memcpy(&r->src_ino, buf + pos, 8);
	pos += 8;
	for (int i = 0; i < 4; i++) {
		if (len - pos < 4)
			return -EINVAL;
		memcpy(&r->b[i].len, buf + pos, 4);
		pos += 4;
		if (len - pos < r->b[i].len)
			return -EINVAL;
		r->b[i].p = buf + pos;
		pos += r->b[i].len;
	}
	return pos == len ? 0 : -EINVAL;
}

static char *blob_str(const struct blob *b)
{
	char *s = malloc(b->len + 1);

	if (s) {
		memcpy(s, b->p, b->len);
		s[b->len] = '\0';
	}
	return s;
}

/* Layouts are the same placement if their objects are the same. */
static bool same_objects(const struct lfs_layout *a, const struct lfs_layout *b)
{
	if (a->nr_comps != b->nr_comps)
		return false;
	for (uint32_t i = 0; i < a->nr_comps; i++) {
		const struct lfs_component *x = &a->comps[i], *y = &b->comps[i];

		if (x->nr_objects != y->nr_objects)
			return false;
		for (uint32_t k = 0; k < x->nr_objects; k++)
			if (x->objects[k].ost != y->objects[k].ost ||
			    x->objects[k].id != y->objects[k].id)
				return false;
	}
	return true;
}

int journal_recover(struct lfs_store *s, int fd, bool dry_run,
		    unsigned *forward, unsigned *back)
{
	struct lfs_layout *old_l = NULL, *new_l = NULL, *cur = NULL;
	const struct lfs_layout *garbage = NULL;
	char *buf = NULL, *src = NULL, *vol = NULL;
	struct record r;
	struct stat st;
	int rc, sfd = -1;

	if (fstat(fd, &st) < 0)
		return -errno;
	buf = malloc((size_t)st.st_size + 1);
	if (!buf)
		return -ENOMEM;
	if (pread(fd, buf, (size_t)st.st_size, 0) != st.st_size) {
		rc = -EIO;
		goto out;
	}
	if (parse(buf, (size_t)st.st_size, &r) ||
	    layout_decode(r.b[2].p, r.b[2].len, &old_l) ||
	    layout_decode(r.b[3].p, r.b[3].len, &new_l)) {
		/* A torn record: the swap had not begun (the record is
		 * fsynced before any layout changes). */
		rc = 0;
		goto out;
	}
	src = blob_str(&r.b[0]);
	vol = blob_str(&r.b[1]);
	if (!src || !vol) {
		rc = -ENOMEM;
		goto out;
	}
	sfd = ns_open(s, src, O_RDONLY | O_NOFOLLOW | O_NONBLOCK, 0);
	if (sfd >= 0 && fstat(sfd, &st) == 0 && st.st_ino == r.src_ino &&
	    layout_xattr_get(s, sfd, &cur) == 0) {
		if (same_objects(cur, new_l)) {
			garbage = old_l;
			(*forward)++;
		} else if (same_objects(cur, old_l)) {
			garbage = new_l;
			(*back)++;
		}
	}
	rc = 0;
	if (!dry_run) {
		int vfd = openat(s->pending_fd, vol, O_RDWR | O_NOFOLLOW | O_NONBLOCK |
				 O_CLOEXEC);

		if (garbage)
			rc = inode_destroy_objects(s, garbage);
		if (vfd >= 0) {
			layout_side_file_remove(s, vfd);
			close(vfd);
		}
		if (!rc && garbage)
			unlinkat(s->pending_fd, vol, 0);
		/* Unidentified source: the volatile stays for lfsck to
		 * report; its objects may be the only copy. It is renamed so
		 * the pending scan does not destroy them. */
		if (!rc && !garbage) {
			char keep[96];

			snprintf(keep, sizeof(keep), "%s.unresolved", vol);
			renameat(s->pending_fd, vol, s->pending_fd, keep);
		}
	}
out:
	if (sfd >= 0)
		close(sfd);
	layout_free(old_l);
	layout_free(new_l);
	layout_free(cur);
	free(buf);
	free(src);
	free(vol);
	return rc;
}
