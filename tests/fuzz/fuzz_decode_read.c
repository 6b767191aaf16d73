/* Decode then read: a fuzzed layout record (length and checksum fixed
 * up) is set on a file of a real store whose objects hold known bytes,
 * and the file is read through io.c as cat and export read it. Every
 * byte read must be the byte RAID0 maps it to (zero for a hole or a
 * missing object), and the data ranges must lie inside the file. This is
 * where a layout that passes the checksum but makes no sense used to
 * divide by zero or read another file's bytes (issue 14 item 8).
 *
 * Input: u64 file size, u64 read offset, u32 read length, then the
 * record (all little-endian).
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "fuzz.h"
#include "inode.h"
#include "io.h"
#include "ost.h"
#include "pfid.h"
#include "store_internal.h"

#define NR_OSTS   4
#define NR_IDS    8               /* objects 1..NR_IDS on each OST */
#define OBJ_BYTES (192 << 10)     /* three 64 KiB stripe units each */
#define HDR       20
#define MAX_READ  (256 << 10)

static char dir[] = "/tmp/lfs-fuzz-read.XXXXXX";
static struct lfs_store *store;
static int host_fd = -1;

static unsigned char obj_byte(uint32_t ost, uint64_t id, uint64_t off)
{
	return (unsigned char)(ost * 67 + id * 29 + off * 13 + (off >> 16) + 1);
}

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st; (void)flag; (void)ftw;
	return remove(path);
}

static void cleanup(void)
{
	if (host_fd >= 0)
		close(host_fd);
	if (store)
		store_close(store);
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct lfs_mkfs_opts o = { .osts = NR_OSTS, .ost_size = 64 << 20 };
	static const struct lfs_pfid no_parent;   /* objects of no file */
	struct lfs_error e = { 0, "" };
	static unsigned char buf[OBJ_BYTES];
	char path[64];

	(void)argc; (void)argv;
	FUZZ_CHECK(mkdtemp(dir));
	atexit(cleanup);
	snprintf(path, sizeof(path), "%s/store", dir);
	FUZZ_CHECK(store_mkfs(path, &o, &e) == 0);
	FUZZ_CHECK(store_open(path, LFS_STORE_RDWR, &store, &e) == 0);
	for (uint32_t ost = 0; ost < NR_OSTS; ost++)
		for (uint64_t id = 1; id <= NR_IDS; id++) {
			int fd;

			FUZZ_CHECK(ost_object_create(store, ost, id, &no_parent) == 0);
			fd = ost_object_open(store, ost, id, O_RDWR);
			FUZZ_CHECK(fd >= 0);
			for (uint64_t k = 0; k < OBJ_BYTES; k++)
				buf[k] = obj_byte(ost, id, k);
			FUZZ_CHECK(pwrite(fd, buf, OBJ_BYTES, 0) == OBJ_BYTES);
			close(fd);
		}
	host_fd = openat(store->root_fd, "f", O_RDWR | O_CREAT, 0644);
	FUZZ_CHECK(host_fd >= 0);
	return 0;
}

static uint64_t get(const uint8_t *p, int n)
{
	uint64_t v = 0;

	for (int i = n - 1; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* The byte at file offset off under layout l. */
static unsigned char expected(const struct lfs_layout *l, uint64_t off)
{
	const struct lfs_component *c = layout_component_at(l, off);
	const struct lfs_object *o;
	uint64_t obj_off;
	uint32_t stripe;

	if (!c || !c->nr_objects)
		return 0;
	layout_map(c, off, &stripe, &obj_off);
	FUZZ_CHECK(stripe < c->nr_objects);
	o = &c->objects[stripe];
	if (o->ost >= NR_OSTS || o->id < 1 || o->id > NR_IDS ||
	    obj_off >= OBJ_BYTES)
		return 0;
	return obj_byte(o->ost, o->id, obj_off);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static unsigned char buf[MAX_READ];
	struct lfs_layout *l = NULL;
	struct lfs_inode *ino = NULL;
	unsigned char *rec;
	uint64_t fsize, off, len, want, start, end, at;
	size_t rlen;
	ssize_t n;
	int rc;

	if (size < HDR)
		return 0;
	fsize = get(data, 8) % (1ULL << 40);
	off = get(data + 8, 8) % (fsize + 1);
	len = get(data + 16, 4) % (MAX_READ + 1);
	rlen = size - HDR;
	rec = malloc(rlen ? rlen : 1);
	FUZZ_CHECK(rec);
	memcpy(rec, data + HDR, rlen);
	fuzz_fix_record(rec, rlen);
	if (layout_decode(rec, rlen, &l))
		goto out;
	/* What an xattr cannot hold goes to a side file in the store; the
	 * decoder is the same either way. */
	if (fsetxattr(host_fd, XATTR_LOV, rec, rlen, 0) ||
	    ftruncate(host_fd, (off_t)fsize))
		goto out;
	/* A layout naming an OST the store lacks is damage (ENODEV). */
	rc = inode_open(store, "f", INODE_READ, &ino, NULL);
	FUZZ_CHECK(rc == 0 || rc == -ENODEV);
	if (rc)
		goto out;
	n = io_pread(ino, buf, len, off);
	want = len < fsize - off ? len : fsize - off;
	if (n >= 0) {
		/* Short only at the end, or before an error (an OST the
		 * store lacks): then the next read says which. */
		FUZZ_CHECK((uint64_t)n <= want);
		if ((uint64_t)n < want)
			FUZZ_CHECK(io_pread(ino, buf + n, want - (uint64_t)n,
					    off + (uint64_t)n) < 0);
		for (ssize_t i = 0; i < n; i++)
			if (buf[i] != expected(l, off + (uint64_t)i)) {
				fprintf(stderr, "byte %llu: read %u, expected %u\n",
					(unsigned long long)(off + (uint64_t)i),
					buf[i], expected(l, off + (uint64_t)i));
				abort();
			}
	}
	/* The data ranges export and migrate copy, the first few. */
	at = 0;
	for (int k = 0; k < 8 && io_next_data(ino, at, &start, &end) == 0; k++) {
		FUZZ_CHECK(start >= at && start < end && end <= fsize);
		at = end;
	}
	inode_close(ino);
out:
	layout_free(l);
	free(rec);
	return 0;
}
