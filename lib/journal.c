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
#include "fdio.h"
#include "inode.h"
#include "lock.h"
#include "store_internal.h"

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

int journal_entry_make(const char *src_rel, uint64_t src_ino,
		       const char *volatile_name, const struct lfs_layout *old_l,
		       const struct lfs_layout *new_l, struct journal_entry *j)
{
	uint32_t head[2] = { JOURNAL_MAGIC, JOURNAL_VERSION }, crc;
	void *ob = NULL, *nb = NULL;
	size_t ol = 0, nl = 0, len = 0;
	char *buf = NULL;
	int rc;

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
	free(ob);
	free(nb);
	if (rc) {
		free(buf);
		return rc;
	}
	*j = (struct journal_entry){ .rec = buf, .len = len };
	return 0;
}

void journal_entry_free(struct journal_entry *j)
{
	free(j->rec);
	*j = (struct journal_entry){ 0 };
}

/* The handle's journal file: written and locked before it has a name, so
 * recovery never sees a live handle's file unowned; its name made
 * durable at once, its content by each commit. */
static int journal_file(struct lfs_store *s)
{
	char proc[64];
	bool linked = false;
	int fd, rc;

	if (s->journal_own_fd >= 0)
		return 0;
	fd = openat(s->journal_fd, ".", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	rc = lfs_lock(fd, LOCK_OWNER, LFS_EXCL);
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	for (int tries = 0; !rc; tries++) {
		snprintf(s->journal_own_name, sizeof(s->journal_own_name),
			 "swap.%d.%u", (int)getpid(), (unsigned)rand_r(&s->rand_state));
		if (linkat(AT_FDCWD, proc, s->journal_fd, s->journal_own_name,
			   AT_SYMLINK_FOLLOW) == 0) {
			linked = true;
			break;
		}
		if (errno != EEXIST || tries > 100)
			rc = -errno;
	}
	if (!rc && fsync(s->journal_fd) < 0)
		rc = -errno;
	if (rc) {
		if (linked)
			unlinkat(s->journal_fd, s->journal_own_name, 0);
		close(fd);
		return rc;
	}
	s->journal_own_fd = fd;
	s->journal_len = 0;
	return 0;
}

int journal_commit(struct lfs_store *s, struct journal_entry *const *j, size_t n)
{
	size_t len = 0, pos = 0;
	char *buf;
	int rc = journal_file(s);

	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++)
		len += j[i]->len;
	buf = malloc(len ? len : 1);
	if (!buf)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		memcpy(buf + pos, j[i]->rec, j[i]->len);
		pos += j[i]->len;
	}
	/* Records after the end of this batch would be an earlier batch's
	 * (journal_clear failed): cut them off in the same commit. Whatever
	 * happens, the file may now be this long. */
	size_t had = s->journal_len;

	s->journal_len = len > had ? len : had;
	rc = fd_pwrite_all(s->journal_own_fd, buf, len, 0);
	if (!rc && had > len && ftruncate(s->journal_own_fd, (off_t)len) < 0)
		rc = -errno;
	else if (!rc && fdatasync(s->journal_own_fd) < 0)
		rc = -errno;
	free(buf);
	if (rc)
		return rc;
	s->journal_len = len;
	for (size_t i = 0; i < n; i++)
		j[i]->committed = true;
	return 0;
}

int journal_clear(struct lfs_store *s)
{
	if (s->journal_own_fd < 0 || !s->journal_len)
		return 0;
	if (ftruncate(s->journal_own_fd, 0) < 0)
		return -errno;
	s->journal_len = 0;
	return 0;
}

void journal_close(struct lfs_store *s)
{
	if (s->journal_own_fd < 0)
		return;
	/* Only an empty journal goes: records left mean a swap this handle
	 * could not settle, which the next recovery will. */
	if (!s->journal_len)
		unlinkat(s->journal_fd, s->journal_own_name, 0);
	close(s->journal_own_fd);
	s->journal_own_fd = -1;
}

/* Parse the record at the start of buf (a journal file holds them end to
 * end); *used is its length. Pointers point into buf. */
struct record {
	uint64_t src_ino;
	struct blob b[4];
};

static int parse(const char *buf, size_t len, struct record *r, size_t *used)
{
	size_t pos = 0;
	uint32_t head[2], crc;

	if (len < sizeof(head) + 8 + 4 * 4 + 4)
		return -EINVAL;
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
	if (len - pos < 4)
		return -EINVAL;
	memcpy(&crc, buf + pos, 4);
	if (crc != lfs_crc32(0, buf, pos))
		return -EINVAL;
	*used = pos + 4;
	return 0;
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

/* Is the volatile named by a record still the record's? Only while it
 * holds one of the record's two layouts: a record left from an earlier
 * batch may name a volatile reused since (or kept empty, a spare: the
 * pending scan removes those). */
static bool volatile_is_records(struct lfs_store *s, int vfd,
				const struct lfs_layout *old_l,
				const struct lfs_layout *new_l)
{
	struct lfs_layout *l = NULL;
	bool ours = layout_xattr_get(s, vfd, &l) == 0 &&
		    (same_objects(l, old_l) || same_objects(l, new_l));

	layout_free(l);
	return ours;
}

static int recover_record(struct lfs_store *s, const struct record *r,
			  bool dry_run, unsigned *forward, unsigned *back)
{
	struct lfs_layout *old_l = NULL, *new_l = NULL, *cur = NULL;
	const struct lfs_layout *garbage = NULL;
	unsigned *rolled = NULL;
	char *src = blob_str(&r->b[0]), *vol = blob_str(&r->b[1]);
	struct stat st;
	int rc = -ENOMEM, sfd = -1, vfd = -1;

	if (!src || !vol)
		goto out;
	if (layout_decode(r->b[2].p, r->b[2].len, &old_l) ||
	    layout_decode(r->b[3].p, r->b[3].len, &new_l)) {
		rc = 0;         /* checked but unreadable: leave it to lfsck */
		goto out;
	}
	sfd = ns_open(s, src, O_RDONLY | O_NOFOLLOW | O_NONBLOCK, 0);
	if (sfd >= 0 && fstat(sfd, &st) == 0 && st.st_ino == r->src_ino &&
	    layout_xattr_get(s, sfd, &cur) == 0) {
		if (same_objects(cur, new_l)) {
			garbage = old_l;
			rolled = forward;
		} else if (same_objects(cur, old_l)) {
			garbage = new_l;
			rolled = back;
		}
	}
	rc = 0;
	if (garbage && !dry_run)
		rc = inode_destroy_objects(s, garbage);
	if (rolled && !rc)
		(*rolled)++;   /* not a record left for the next run */
	if (dry_run)
		goto out;
	vfd = openat(s->pending_fd, vol, O_RDWR | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (rc || vfd < 0 || !volatile_is_records(s, vfd, old_l, new_l))
		goto out;
	if (garbage) {
		layout_unlink_last(s, vfd, vol);
	} else {
		/* Unidentified source: the volatile stays for lfsck to
		 * report; its objects may be the only copy. It is renamed
		 * so the pending scan does not destroy them. */
		char keep[96];

		snprintf(keep, sizeof(keep), "%s.unresolved", vol);
		renameat(s->pending_fd, vol, s->pending_fd, keep);
	}
out:
	if (sfd >= 0)
		close(sfd);
	if (vfd >= 0)
		close(vfd);
	layout_free(old_l);
	layout_free(new_l);
	layout_free(cur);
	free(src);
	free(vol);
	return rc;
}

int journal_entry_settle(struct lfs_store *s, const struct journal_entry *j,
			 unsigned *forward, unsigned *back)
{
	struct record r;
	size_t used;

	if (parse(j->rec, j->len, &r, &used))
		return -EUCLEAN;
	return recover_record(s, &r, false, forward, back);
}

/* fn() on each record of a journal file, up to a torn tail (a batch
 * that never swapped: records are durable before any layout changes);
 * stops at fn's first nonzero return, which it returns. */
static int for_each_record(int fd, int (*fn)(const struct record *r, void *arg),
			   void *arg)
{
	struct stat st;
	struct record r;
	size_t pos = 0, used, len;
	ssize_t got;
	char *buf;
	int rc = 0;

	if (fstat(fd, &st) < 0)
		return -errno;
	buf = malloc((size_t)st.st_size + 1);
	if (!buf)
		return -ENOMEM;
	/* A live owner may empty its file meanwhile (a batch ended): what
	 * is read is what there is, and a torn record does not parse. */
	got = pread(fd, buf, (size_t)st.st_size, 0);
	if (got < 0) {
		free(buf);
		return -errno;
	}
	len = (size_t)got;
	while (!rc && !parse(buf + pos, len - pos, &r, &used)) {
		rc = fn(&r, arg);
		pos += used;
	}
	free(buf);
	return rc;
}

struct layouts_walk {
	int (*fn)(const struct lfs_layout *l, void *arg);
	void *arg;
};

static int record_layouts(const struct record *r, void *arg)
{
	struct layouts_walk *w = arg;
	int rc = 0;

	for (int i = 2; !rc && i < 4; i++) {
		struct lfs_layout *l = NULL;

		if (!layout_decode(r->b[i].p, r->b[i].len, &l))
			rc = w->fn(l, w->arg);
		layout_free(l);
	}
	return rc;
}

int journal_layouts(int fd, int (*fn)(const struct lfs_layout *l, void *arg),
		    void *arg)
{
	struct layouts_walk w = { fn, arg };

	return for_each_record(fd, record_layouts, &w);
}

struct recovery_walk {
	struct lfs_store *s;
	bool dry_run;
	unsigned *forward, *back;
	int (*keep)(const char *vol, void *arg);
	void *arg;
	int rc;          /* the first record's error */
};

static int record_recover(const struct record *r, void *arg)
{
	struct recovery_walk *w = arg;
	char *vol;
	int rc;

	if (!w->rc)
		w->rc = recover_record(w->s, r, w->dry_run, w->forward, w->back);
	if (!w->rc)
		return 0;
	/* This record and the ones after it stay: so do their volatiles,
	 * which may hold the source's live objects. */
	vol = blob_str(&r->b[1]);
	rc = vol ? w->keep(vol, w->arg) : -ENOMEM;
	free(vol);
	return rc;
}

int journal_recover(struct lfs_store *s, int fd, bool dry_run,
		    unsigned *forward, unsigned *back,
		    int (*keep)(const char *vol, void *arg), void *arg)
{
	struct recovery_walk w = { s, dry_run, forward, back, keep, arg, 0 };
	int rc = for_each_record(fd, record_recover, &w);

	return rc ? rc : w.rc;
}
