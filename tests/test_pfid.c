/* Unit tests for lib/pfid.c: OST object back-pointers. */
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "pfid.h"

static const struct lfs_pfid sample = {
	{ 0x1234567890abcdefULL, 0xdeadbeef }, 3, 7, 42, 1 << 20, 8, 1,
	4ULL << 20, UINT64_MAX,
};

static void assert_pfid_equal(const struct lfs_pfid *a, const struct lfs_pfid *b)
{
	assert_int_equal(a->parent.ino, b->parent.ino);
	assert_int_equal(a->parent.igen, b->parent.igen);
	assert_int_equal(a->comp_id, b->comp_id);
	assert_int_equal(a->stripe, b->stripe);
	assert_int_equal(a->layout_gen, b->layout_gen);
	assert_int_equal(a->stripe_size, b->stripe_size);
	assert_int_equal(a->stripe_count, b->stripe_count);
	assert_int_equal(a->pattern, b->pattern);
	assert_int_equal(a->comp_start, b->comp_start);
	assert_int_equal(a->comp_end, b->comp_end);
}

static void test_round_trip(void **state)
{
	unsigned char buf[PFID_LEN];
	struct lfs_pfid got;

	(void)state;
	pfid_encode(&sample, buf);
	/* Little-endian, magic first: "LPFD", version 1, ino low word. */
	assert_memory_equal(buf, "LPFD\1\0\0\0\xef\xcd\xab\x90", 12);
	assert_int_equal(pfid_decode(buf, sizeof(buf), &got), 0);
	assert_pfid_equal(&got, &sample);
}

static void test_rejects_damage(void **state)
{
	unsigned char buf[PFID_LEN + 1];
	struct lfs_pfid got;

	(void)state;
	pfid_encode(&sample, buf);
	/* Every single flipped bit is caught (magic, version, fields, crc). */
	for (size_t i = 0; i < PFID_LEN * 8; i++) {
		buf[i / 8] ^= (unsigned char)(1u << (i % 8));
		assert_int_equal(pfid_decode(buf, PFID_LEN, &got), -EINVAL);
		buf[i / 8] ^= (unsigned char)(1u << (i % 8));
	}
	/* Wrong lengths: short, long, empty. */
	assert_int_equal(pfid_decode(buf, PFID_LEN - 1, &got), -EINVAL);
	buf[PFID_LEN] = 0;
	assert_int_equal(pfid_decode(buf, PFID_LEN + 1, &got), -EINVAL);
	assert_int_equal(pfid_decode(buf, 0, &got), -EINVAL);
	assert_int_equal(pfid_decode(buf, PFID_LEN, &got), 0);
}

static void test_same_parent(void **state)
{
	struct lfs_parent a = { 10, 5 }, b = { 10, 6 }, c = { 11, 5 },
			  nogen = { 10, 0 };

	(void)state;
	assert_true(pfid_same_parent(&a, &a));
	assert_false(pfid_same_parent(&a, &b));   /* number reused */
	assert_false(pfid_same_parent(&a, &c));
	assert_true(pfid_same_parent(&a, &nogen)); /* no generation known */
	assert_true(pfid_same_parent(&nogen, &b));
}

static void test_xattr(void **state)
{
	char dir[] = "/tmp/lfs-test-pfid-XXXXXX";
	struct lfs_parent me;
	struct lfs_pfid got;
	int dfd, fd;

	(void)state;
	assert_non_null(mkdtemp(dir));
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	assert_true(dfd >= 0);
	fd = openat(dfd, "obj", O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(pfid_get_at(dfd, "obj", &got), -ENODATA);
	assert_int_equal(pfid_set(fd, &sample), 0);
	assert_int_equal(pfid_get_at(dfd, "obj", &got), 0);
	assert_pfid_equal(&got, &sample);
	got = sample;
	got.stripe = 9;
	assert_int_equal(pfid_set_at(dfd, "obj", &got), 0);
	memset(&got, 0, sizeof(got));
	assert_int_equal(pfid_get_at(dfd, "obj", &got), 0);
	assert_int_equal(got.stripe, 9);
	/* Junk of another size is corrupt, not a pointer. */
	assert_int_equal(fsetxattr(fd, PFID_XATTR, "junk", 4, 0), 0);
	assert_int_equal(pfid_get_at(dfd, "obj", &got), -EINVAL);
	assert_int_equal(pfid_get_at(dfd, "none", &got), -ENOENT);
	assert_int_equal(pfid_parent_of(fd, &me), 0);
	{
		struct stat st;

		assert_int_equal(fstat(fd, &st), 0);
		assert_int_equal(me.ino, st.st_ino);
	}
	close(fd);
	close(dfd);
	testutil_rm_tree(dir);
}

/* Object `stripe` of a component [start, end) of `count` 1 MiB stripes. */
static struct lfs_pfid_object claim(uint32_t comp, uint64_t start, uint64_t end,
				    uint32_t count, uint32_t stripe, uint32_t ost,
				    uint64_t id)
{
	struct lfs_pfid_object o = {
		{ ost, id },
		{ { 77, 5 }, comp, stripe, 3, 1 << 20, count, LFS_PATTERN_RAID0, start, end },
	};
	return o;
}

static void test_rebuild(void **state)
{
	struct lfs_pfid_object v[4];
	struct lfs_layout *l = NULL;

	(void)state;
	/* A plain 2-stripe layout, objects found in any order. */
	v[0] = claim(1, 0, LFS_EOF, 2, 1, 3, 10);
	v[1] = claim(1, 0, LFS_EOF, 2, 0, 2, 11);
	assert_int_equal(pfid_rebuild_layout(v, 2, &l), 0);
	assert_false(l->composite);
	assert_int_equal(l->gen, 4);
	assert_int_equal(l->nr_comps, 1);
	assert_int_equal(l->comps[0].stripe_size, 1 << 20);
	assert_int_equal(l->comps[0].nr_objects, 2);
	assert_int_equal(l->comps[0].objects[0].ost, 2);
	assert_int_equal(l->comps[0].objects[0].id, 11);
	assert_int_equal(l->comps[0].objects[1].id, 10);
	layout_free(l);
	/* A stripe with no object, or with two: no layout. */
	assert_int_equal(pfid_rebuild_layout(v, 1, &l), -EINVAL);
	v[2] = claim(1, 0, LFS_EOF, 2, 1, 1, 12);
	assert_int_equal(pfid_rebuild_layout(v, 3, &l), -EINVAL);
	assert_int_equal(pfid_rebuild_layout(v, 0, &l), -EINVAL);
	/* PFL: [0, 1M) one stripe, [1M, EOF) two. */
	v[0] = claim(2, 1 << 20, LFS_EOF, 2, 1, 0, 20);
	v[1] = claim(1, 0, 1 << 20, 1, 0, 1, 21);
	v[2] = claim(2, 1 << 20, LFS_EOF, 2, 0, 2, 22);
	assert_int_equal(pfid_rebuild_layout(v, 3, &l), 0);
	assert_true(l->composite);
	assert_int_equal(l->nr_comps, 2);
	assert_int_equal(l->comps[0].end, 1 << 20);
	assert_int_equal(l->comps[1].objects[0].id, 22);
	layout_free(l);
	/* A gap (the first component's object lost) or stripes that
	 * disagree on the geometry: no layout. */
	v[0] = claim(2, 1 << 20, LFS_EOF, 2, 1, 0, 20);
	v[1] = claim(2, 1 << 20, LFS_EOF, 2, 0, 2, 22);
	assert_int_equal(pfid_rebuild_layout(v, 2, &l), -EINVAL);
	v[0] = claim(2, 1 << 20, LFS_EOF, 2, 1, 0, 20);
	v[1] = claim(2, 1 << 20, LFS_EOF, 2, 0, 2, 22);
	v[2] = claim(1, 0, 1 << 20, 1, 0, 1, 21);
	v[1].pf.stripe_size = 2 << 20;
	assert_int_equal(pfid_rebuild_layout(v, 3, &l), -EINVAL);
	for (int i = 0; i < 3; i++)
		v[i].pf.stripe_size = 1 << 20;
	assert_int_equal(pfid_rebuild_layout(v, 3, &l), 0);
	layout_free(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_rejects_damage),
		cmocka_unit_test(test_same_parent),
		cmocka_unit_test(test_xattr),
		cmocka_unit_test(test_rebuild),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
