/* pfid.c - OST object back-pointers (see pfid.h). */
#include "pfid.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/xattr.h>

#include "crc32.h"

#define PFID_MAGIC   0x4446504Cu  /* "LPFD" in memory order */
#define PFID_VERSION 1
#define PFID_CRC_OFF (PFID_LEN - 4)

enum { O_MAGIC = 0, O_VERSION = 4, O_INO = 8, O_IGEN = 16, O_COMP = 20,
       O_STRIPE = 24, O_GEN = 28, O_SSIZE = 32, O_SCOUNT = 36, O_PATTERN = 40,
       O_START = 44, O_END = 52 };

/* Little-endian fields of `bytes` bytes. */
static void put(unsigned char *b, uint64_t v, int bytes)
{
	for (int i = 0; i < bytes; i++)
		b[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t get(const unsigned char *b, int bytes)
{
	uint64_t v = 0;

	for (int i = bytes; i-- > 0;)
		v = v << 8 | b[i];
	return v;
}

#define put32(b, v) put(b, v, 4)
#define put64(b, v) put(b, v, 8)
#define get32(b) ((uint32_t)get(b, 4))
#define get64(b) get(b, 8)

void pfid_encode(const struct lfs_pfid *p, unsigned char buf[PFID_LEN])
{
	memset(buf, 0, PFID_LEN);
	put32(buf + O_MAGIC, PFID_MAGIC);
	put32(buf + O_VERSION, PFID_VERSION);
	put64(buf + O_INO, p->parent.ino);
	put32(buf + O_IGEN, p->parent.igen);
	put32(buf + O_COMP, p->comp_id);
	put32(buf + O_STRIPE, p->stripe);
	put32(buf + O_GEN, p->layout_gen);
	put32(buf + O_SSIZE, p->stripe_size);
	put32(buf + O_SCOUNT, p->stripe_count);
	put32(buf + O_PATTERN, p->pattern);
	put64(buf + O_START, p->comp_start);
	put64(buf + O_END, p->comp_end);
	put32(buf + PFID_CRC_OFF, lfs_crc32(0, buf, PFID_CRC_OFF));
}

int pfid_decode(const void *buf, size_t len, struct lfs_pfid *p)
{
	const unsigned char *b = buf;

	if (len != PFID_LEN || get32(b + O_MAGIC) != PFID_MAGIC ||
	    get32(b + O_VERSION) != PFID_VERSION ||
	    get32(b + PFID_CRC_OFF) != lfs_crc32(0, b, PFID_CRC_OFF))
		return -EINVAL;
	p->parent.ino = get64(b + O_INO);
	p->parent.igen = get32(b + O_IGEN);
	p->comp_id = get32(b + O_COMP);
	p->stripe = get32(b + O_STRIPE);
	p->layout_gen = get32(b + O_GEN);
	p->stripe_size = get32(b + O_SSIZE);
	p->stripe_count = get32(b + O_SCOUNT);
	p->pattern = get32(b + O_PATTERN);
	p->comp_start = get64(b + O_START);
	p->comp_end = get64(b + O_END);
	return 0;
}

uint32_t pfid_igen(int fd)
{
	int gen = 0;

	/* A host without generations (ENOTTY, EOPNOTSUPP) gives 0. */
	return ioctl(fd, FS_IOC_GETVERSION, &gen) < 0 ? 0 : (uint32_t)gen;
}

int pfid_parent_of(int fd, struct lfs_parent *p)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return -errno;
	p->ino = st.st_ino;
	p->igen = pfid_igen(fd);
	return 0;
}

bool pfid_same_parent(const struct lfs_parent *a, const struct lfs_parent *b)
{
	return a->ino == b->ino && (!a->igen || !b->igen || a->igen == b->igen);
}

int pfid_set(int fd, const struct lfs_pfid *p)
{
	unsigned char buf[PFID_LEN];

	pfid_encode(p, buf);
	return fsetxattr(fd, PFID_XATTR, buf, sizeof(buf), 0) < 0 ? -errno : 0;
}

/* The *at() forms go through the directory's /proc/self/fd link, as
 * there is no setxattrat() yet. */
static void proc_path(char *path, size_t len, int dir_fd, const char *rel)
{
	snprintf(path, len, "/proc/self/fd/%d/%s", dir_fd, rel);
}

int pfid_set_at(int dir_fd, const char *rel, const struct lfs_pfid *p)
{
	unsigned char buf[PFID_LEN];
	char path[160];

	pfid_encode(p, buf);
	proc_path(path, sizeof(path), dir_fd, rel);
	return lsetxattr(path, PFID_XATTR, buf, sizeof(buf), 0) < 0 ? -errno : 0;
}

/* A getxattr's result n into buf: the back-pointer decoded, or -errno. */
static int pfid_got(ssize_t n, const unsigned char *buf, struct lfs_pfid *p)
{
	if (n < 0)
		return errno == ERANGE ? -EINVAL : -errno;
	return pfid_decode(buf, (size_t)n, p);
}

int pfid_get(int fd, struct lfs_pfid *p)
{
	unsigned char buf[PFID_LEN + 1];

	return pfid_got(fgetxattr(fd, PFID_XATTR, buf, sizeof(buf)), buf, p);
}

int pfid_get_at(int dir_fd, const char *rel, struct lfs_pfid *p)
{
	unsigned char buf[PFID_LEN + 1];
	char path[160];

	proc_path(path, sizeof(path), dir_fd, rel);
	return pfid_got(lgetxattr(path, PFID_XATTR, buf, sizeof(buf)), buf, p);
}

static int by_place(const void *a, const void *b)
{
	const struct lfs_pfid *x = &((const struct lfs_pfid_object *)a)->pf;
	const struct lfs_pfid *y = &((const struct lfs_pfid_object *)b)->pf;

	if (x->comp_start != y->comp_start)
		return x->comp_start < y->comp_start ? -1 : 1;
	if (x->comp_id != y->comp_id)
		return x->comp_id < y->comp_id ? -1 : 1;
	return x->stripe < y->stripe ? -1 : x->stripe > y->stripe;
}

static bool same_component(const struct lfs_pfid *a, const struct lfs_pfid *b)
{
	return a->comp_id == b->comp_id && a->stripe_size == b->stripe_size &&
	       a->stripe_count == b->stripe_count && a->pattern == b->pattern &&
	       a->comp_start == b->comp_start && a->comp_end == b->comp_end;
}

/* The component of the objects v[0..count) (stripes 0..count-1). */
static int add_component(struct lfs_layout *l, const struct lfs_pfid_object *v,
			 uint32_t count)
{
	const struct lfs_pfid *pf = &v[0].pf;
	struct lfs_component c = {
		.id = pf->comp_id, .start = pf->comp_start, .end = pf->comp_end,
		.pattern = pf->pattern, .stripe_size = pf->stripe_size,
		.stripe_count = (int32_t)count, .stripe_offset = (int32_t)v[0].obj.ost,
	};
	struct lfs_object objs[LFS_MAX_STRIPE_COUNT];
	int rc;

	for (uint32_t k = 0; k < count; k++)
		objs[k] = v[k].obj;
	rc = layout_add_component(l, &c);
	if (!rc)
		rc = layout_set_objects(&l->comps[l->nr_comps - 1], objs, count);
	return rc;
}

int pfid_rebuild_layout(struct lfs_pfid_object *v, size_t n,
			struct lfs_layout **out)
{
	struct lfs_layout *l = layout_new();
	uint64_t end = 0;
	int rc = l && n ? 0 : -EINVAL;

	if (!l)
		return -ENOMEM;
	qsort(v, n, sizeof(*v), by_place);
	for (size_t i = 0; !rc && i < n;) {
		const struct lfs_pfid *pf = &v[i].pf;
		uint32_t count = pf->stripe_count;

		/* Components follow one another from 0; each has an object
		 * for every stripe, all agreeing on the geometry. */
		if (end == LFS_EOF || pf->comp_start != end || !count ||
		    count > LFS_MAX_STRIPE_COUNT || count > n - i) {
			rc = -EINVAL;
			break;
		}
		for (uint32_t k = 0; !rc && k < count; k++)
			if (v[i + k].pf.stripe != k || !same_component(&v[i + k].pf, pf))
				rc = -EINVAL;
		if (!rc && i + count < n && v[i + count].pf.comp_id == pf->comp_id)
			rc = -EINVAL;       /* a stripe with two objects */
		if (!rc)
			rc = add_component(l, &v[i], count);
		for (uint32_t k = 0; !rc && k < count; k++)
			if (v[i + k].pf.layout_gen >= l->gen)
				l->gen = v[i + k].pf.layout_gen + 1;
		end = pf->comp_end;
		i += count;
	}
	l->composite = l->nr_comps > 1 || end != LFS_EOF;
	if (!rc)
		rc = layout_validate(l, 0, NULL);
	if (rc) {
		layout_free(l);
		return rc;
	}
	*out = l;
	return 0;
}
