/* Unit tests for lib/ns_ops.c: mkdir and default-layout inheritance,
 * moves (into a directory, over a file, refused ones), tree removal,
 * links, metadata changes, touch and listings, on a temporary store. */
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "inode.h"
#include "io.h"
#include "ns_ops.h"
#include "store.h"

static int setup(void **state)
{
	return testutil_fixture_make(state, sizeof(struct testutil_store), "ns",
				     2, 64u << 20);
}

/* A file of `len` bytes, so that it has objects on the OSTs. */
static void mkfile(struct testutil_store *f, const char *rel, size_t len)
{
	struct lfs_error e = { 0 };
	struct lfs_inode *ino;
	uint64_t done = 0;
	char *buf = malloc(len);

	memset(buf, 'x', len);
	assert_int_equal(inode_create(f->s, rel, 0644, NULL, &ino, &e), 0);
	assert_int_equal(io_pwrite_all(ino, buf, len, 0, &done, &e), 0);
	inode_close(ino);
	free(buf);
}

static int nr_objects;

static int count_cb(const char *p, const struct stat *sb, int flag,
		    struct FTW *ftw)
{
	(void)sb; (void)ftw;
	if (flag == FTW_F && strstr(p, "/O/0/d"))
		nr_objects++;
	return 0;
}

/* The object files on the OSTs. */
static int objects(struct testutil_store *f)
{
	char ost[128];

	snprintf(ost, sizeof(ost), "%s/ost", store_path(f->s));
	nr_objects = 0;
	assert_int_equal(nftw(ost, count_cb, 16, FTW_PHYS), 0);
	return nr_objects;
}

static mode_t mode_of(struct testutil_store *f, const char *rel)
{
	struct stat st;

	assert_int_equal(ns_stat(f->s, rel, false, &st), 0);
	return st.st_mode;
}

static struct lfs_layout *dir_default(struct testutil_store *f, const char *rel)
{
	struct lfs_layout *l = NULL;
	int fd = ns_open(f->s, rel, O_RDONLY | O_DIRECTORY, 0);

	assert_true(fd >= 0);
	assert_int_equal(inode_get_dir_default(f->s, fd, &l), 0);
	close(fd);
	return l;
}

static void set_default(struct testutil_store *f, const char *rel, const char *count)
{
	struct lfs_layout_builder b;
	struct lfs_layout *l = NULL;
	struct lfs_error e = { 0 };
	int fd = ns_open(f->s, rel, O_RDONLY | O_DIRECTORY, 0);

	assert_true(fd >= 0);
	layout_builder_init(&b);
	assert_int_equal(layout_builder_option(&b, 'c', count, &e), 0);
	assert_int_equal(layout_builder_finish(&b, 2, &l, &e), 0);
	layout_builder_free(&b);
	assert_int_equal(inode_set_dir_default_fd(fd, l), 0);
	layout_free(l);
	close(fd);
}

static void test_mkdir(void **state)
{
	struct testutil_store *f = *state;
	struct lfs_layout *parent, *child;

	assert_int_equal(ns_mkdir(f->s, "a", -1, false, NULL), 0);
	assert_true(S_ISDIR(mode_of(f, "a")));
	assert_int_equal(ns_mkdir(f->s, "a", -1, false, NULL), -EEXIST);
	assert_int_equal(ns_mkdir(f->s, ".", -1, false, NULL), -EEXIST);
	assert_int_equal(ns_mkdir(f->s, "x/y", -1, false, NULL), -ENOENT);
	/* -p: parents made, existing directories no error; not over a file. */
	assert_int_equal(ns_mkdir(f->s, "p/q/r", -1, true, NULL), 0);
	assert_int_equal(ns_mkdir(f->s, "p/q", -1, true, NULL), 0);
	assert_int_equal(ns_mkdir(f->s, ".", -1, true, NULL), 0);
	assert_true(S_ISDIR(mode_of(f, "p/q/r")));
	mkfile(f, "file", 1);
	assert_int_equal(ns_mkdir(f->s, "file", -1, true, NULL), -EEXIST);
	/* The mode exactly, umask or not. */
	assert_int_equal(ns_mkdir(f->s, "m", 01777, false, NULL), 0);
	assert_int_equal(mode_of(f, "m") & 07777, 01777);
	/* Below the root, a copy of the parent's default; not at the top. */
	set_default(f, "a", "2");
	assert_int_equal(ns_mkdir(f->s, "a/b", -1, false, NULL), 0);
	parent = dir_default(f, "a");
	child = dir_default(f, "a/b");
	assert_non_null(child);
	assert_true(layout_equal(parent, child));
	layout_free(child);
	set_default(f, "a", "1");      /* the copy stays as it was */
	child = dir_default(f, "a/b");
	assert_true(layout_equal(parent, child));
	layout_free(child);
	layout_free(parent);
	assert_null(dir_default(f, "p"));
}

static void test_move(void **state)
{
	struct testutil_store *f = *state;
	enum ns_culprit who;
	struct lfs_error e = { 0 };
	struct stat st;
	int before;

	mkfile(f, "f", 100000);
	assert_int_equal(ns_mkdir(f->s, "d", -1, false, NULL), 0);
	/* A plain rename, then into a directory. */
	assert_int_equal(ns_move(f->s, "f", "g", &who, &e), 0);
	assert_int_equal(ns_stat(f->s, "f", false, &st), -ENOENT);
	assert_int_equal(ns_move(f->s, "g", "d", &who, &e), 0);
	assert_int_equal(ns_stat(f->s, "d/g", false, &st), 0);
	assert_int_equal(st.st_size, 100000);
	/* Over a file: the replaced file's objects go... */
	mkfile(f, "o", 100000);
	before = objects(f);
	assert_true(before > 0);
	assert_int_equal(ns_move(f->s, "d/g", "o", &who, &e), 0);
	assert_true(objects(f) < before);
	assert_int_equal(ns_stat(f->s, "o", false, &st), 0);
	assert_int_equal(st.st_size, 100000);
	/* ... unless another name keeps them. */
	mkfile(f, "h", 100000);
	assert_int_equal(ns_link(f->s, "h", "h2", NULL, NULL), 0);
	before = objects(f);
	assert_int_equal(ns_move(f->s, "o", "h", &who, &e), 0);
	assert_int_equal(objects(f), before);
	assert_int_equal(ns_stat(f->s, "h2", false, &st), 0);
	assert_int_equal(st.st_nlink, 1);
	/* Refused: a directory over a file, the same file twice, a missing
	 * destination directory, the root. */
	assert_int_equal(ns_move(f->s, "d", "h", &who, &e), -ENOTDIR);
	assert_int_equal(who, NS_SRC);
	assert_string_equal(lfs_error_text(&e, -ENOTDIR), "Not a directory");
	assert_int_equal(ns_move(f->s, "h", "h", &who, &e), -EINVAL);
	assert_int_equal(who, NS_SAME);
	assert_string_equal(e.msg, "'h' and 'h' are the same file");
	assert_int_equal(ns_move(f->s, "h", "nodir/h", &who, NULL), -ENOENT);
	assert_int_equal(who, NS_DST_PARENT);
	assert_int_equal(ns_move(f->s, "h", "h2/x", &who, NULL), -ENOTDIR);
	assert_int_equal(who, NS_DST_PARENT);
	assert_int_equal(ns_move(f->s, "nope", "z", &who, NULL), -ENOENT);
	assert_int_equal(who, NS_SRC);
	assert_int_equal(ns_move(f->s, "d", "d/sub", &who, NULL), -EINVAL);
	assert_int_equal(who, NS_SRC);
	assert_int_equal(ns_move(f->s, ".", "z", &who, NULL), -EBUSY);
	assert_int_equal(ns_stat(f->s, "h", false, &st), 0);
	assert_true(S_ISDIR(mode_of(f, "d")));
}

static void test_remove(void **state)
{
	struct testutil_store *f = *state;
	struct stat st;
	int keep, all;

	mkfile(f, "keep", 1000);
	keep = objects(f);
	assert_true(keep > 0);
	assert_int_equal(ns_mkdir(f->s, "t/u/v", -1, true, NULL), 0);
	assert_int_equal(ns_mkdir(f->s, "empty", -1, false, NULL), 0);
	mkfile(f, "t/a", 200000);
	mkfile(f, "t/u/b", 200000);
	mkfile(f, "t/u/v/c", 200000);
	assert_int_equal(ns_symlink(f->s, "/keep", "t/u/l", NULL, NULL), 0);
	assert_int_equal(ns_symlink(f->s, "/", "t/root", NULL, NULL), 0);
	all = objects(f);
	assert_true(all > keep);
	/* Without recursion a directory stays, empty or not. */
	assert_int_equal(ns_remove(f->s, "t", false, NULL), -EISDIR);
	assert_int_equal(ns_remove(f->s, "empty", false, NULL), -EISDIR);
	assert_int_equal(ns_stat(f->s, "t/u/v/c", false, &st), 0);
	assert_int_equal(objects(f), all);
	/* With it the tree goes, and its files' objects; symlinks are
	 * removed, not followed. */
	assert_int_equal(ns_remove(f->s, "t", true, NULL), 0);
	assert_int_equal(ns_stat(f->s, "t", false, &st), -ENOENT);
	assert_int_equal(objects(f), keep);
	assert_int_equal(ns_stat(f->s, "keep", false, &st), 0);
	assert_int_equal(ns_stat(f->s, "empty", false, &st), 0);
	assert_int_equal(ns_remove(f->s, "keep", false, NULL), 0);
	assert_int_equal(objects(f), 0);
	assert_int_equal(ns_remove(f->s, "nope", true, NULL), -ENOENT);
	assert_int_equal(ns_remove(f->s, ".", true, NULL), -EBUSY);
}

static void test_links(void **state)
{
	struct testutil_store *f = *state;
	struct lfs_error e = { 0 };
	enum ns_culprit who;
	struct stat a, b;
	char text[64];
	ssize_t n;
	int fd;

	mkfile(f, "f", 10);
	assert_int_equal(ns_mkdir(f->s, "d", -1, false, NULL), 0);
	assert_int_equal(ns_link(f->s, "f", "g", &who, &e), 0);
	assert_int_equal(ns_link(f->s, "f", "d", &who, &e), 0);   /* into d */
	assert_int_equal(ns_stat(f->s, "f", false, &a), 0);
	assert_int_equal(ns_stat(f->s, "d/f", false, &b), 0);
	assert_int_equal(a.st_ino, b.st_ino);
	assert_int_equal(a.st_nlink, 3);
	assert_int_equal(ns_link(f->s, "f", "g", &who, &e), -EEXIST);
	assert_int_equal(who, NS_DST);
	assert_int_equal(ns_link(f->s, "nope", "h", &who, &e), -ENOENT);
	assert_int_equal(who, NS_SRC);
	assert_int_equal(ns_link(f->s, "d", "h", &who, &e), -EPERM);
	assert_int_equal(who, NS_SRC);
	assert_string_equal(e.msg, "hard link not allowed for directory");
	lfs_error_clear(&e);
	assert_int_equal(ns_link(f->s, ".", "h", &who, &e), -EPERM);
	assert_int_equal(ns_link(f->s, "f", "nodir/h", &who, &e), -ENOENT);
	assert_int_equal(who, NS_DST);
	/* A symlink keeps its text; it resolves inside the store only. */
	assert_int_equal(ns_symlink(f->s, "/f", "s", &who, &e), 0);
	assert_int_equal(ns_symlink(f->s, "../../../../etc/passwd", "esc", &who, &e), 0);
	assert_int_equal(ns_symlink(f->s, "/f", "d", &who, &e), -EEXIST);  /* d/f */
	assert_int_equal(who, NS_DST);
	fd = ns_open(f->s, ".", O_RDONLY | O_DIRECTORY, 0);
	assert_true(fd >= 0);
	n = readlinkat(fd, "s", text, sizeof(text) - 1);
	close(fd);
	assert_int_equal(n, 2);
	text[n] = '\0';
	assert_string_equal(text, "/f");
	assert_int_equal(ns_stat(f->s, "s", true, &b), 0);
	assert_int_equal(b.st_ino, a.st_ino);
	assert_int_equal(ns_stat(f->s, "esc", true, &b), -ENOENT);
}

static void test_metadata(void **state)
{
	struct testutil_store *f = *state;
	struct timespec t[2] = { { 1000, 5 }, { 2000, 7 } };
	uid_t uid = geteuid() ? geteuid() : 12;
	gid_t gid = geteuid() ? getegid() : 34;
	char host[256], out[256];
	struct lfs_error e = { 0 };
	struct stat st;

	mkfile(f, "f", 10);
	assert_int_equal(ns_chmod(f->s, "f", 0640, &e), 0);
	assert_int_equal(mode_of(f, "f") & 07777, 0640);
	assert_int_equal(ns_chown(f->s, "f", uid, gid, &e), 0);
	assert_int_equal(ns_chown(f->s, "f", (uid_t)-1, (gid_t)-1, &e), 0);
	assert_int_equal(ns_utimes(f->s, "f", t, &e), 0);
	assert_int_equal(ns_stat(f->s, "f", false, &st), 0);
	assert_int_equal(st.st_uid, uid);
	assert_int_equal(st.st_gid, gid);
	assert_int_equal(st.st_atim.tv_sec, 1000);
	assert_int_equal(st.st_atim.tv_nsec, 5);
	assert_int_equal(st.st_mtim.tv_sec, 2000);
	assert_int_equal(st.st_mtim.tv_nsec, 7);
	/* UTIME_OMIT keeps a time. */
	t[0].tv_nsec = UTIME_OMIT;
	t[1].tv_sec = 3000;
	assert_int_equal(ns_utimes(f->s, "f", t, &e), 0);
	assert_int_equal(ns_stat(f->s, "f", false, &st), 0);
	assert_int_equal(st.st_atim.tv_sec, 1000);
	assert_int_equal(st.st_mtim.tv_sec, 3000);
	/* Through a symlink: the target changes. */
	assert_int_equal(ns_symlink(f->s, "f", "s", NULL, NULL), 0);
	assert_int_equal(ns_chmod(f->s, "s", 0600, &e), 0);
	assert_int_equal(mode_of(f, "f") & 07777, 0600);
	assert_int_equal(ns_chmod(f->s, "nope", 0600, &e), -ENOENT);
	/* A name outside the namespace shares the inode: refused. */
	snprintf(host, sizeof(host), "%s/mdt/ROOT/f", store_path(f->s));
	snprintf(out, sizeof(out), "%s/outside", f->dir);
	assert_int_equal(link(host, out), 0);
	assert_int_equal(ns_chmod(f->s, "f", 0777, &e), -EPERM);
	assert_string_equal(e.msg, "not a file of this store (1 link outside it)");
	assert_int_equal(ns_utimes(f->s, "f", t, NULL), -EPERM);
	assert_int_equal(mode_of(f, "f") & 07777, 0600);
}

static void test_touch(void **state)
{
	struct testutil_store *f = *state;
	struct timespec t[2] = { { 86400, 0 }, { 86400, 0 } };
	struct timespec now[2] = { { 0, UTIME_NOW }, { 0, UTIME_NOW } };
	struct lfs_error e = { 0 };
	struct lfs_inode *ino;
	struct stat st;

	assert_int_equal(ns_touch(f->s, "new", t, &e), 0);
	assert_int_equal(ns_stat(f->s, "new", false, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_size, 0);
	assert_int_equal(st.st_atim.tv_sec, 86400);
	assert_int_equal(st.st_mtim.tv_sec, 86400);
	/* Created with the default layout. */
	assert_int_equal(inode_open(f->s, "new", INODE_READ, &ino, &e), 0);
	assert_non_null(ino->layout);
	inode_close(ino);
	/* An existing file keeps its bytes and gets the times. */
	mkfile(f, "old", 10);
	assert_int_equal(ns_touch(f->s, "old", t, &e), 0);
	assert_int_equal(ns_stat(f->s, "old", false, &st), 0);
	assert_int_equal(st.st_size, 10);
	assert_int_equal(st.st_mtim.tv_sec, 86400);
	assert_int_equal(ns_touch(f->s, "old", now, &e), 0);
	assert_int_equal(ns_stat(f->s, "old", false, &st), 0);
	assert_true(st.st_mtim.tv_sec > 86400);
	assert_int_equal(ns_touch(f->s, "nodir/x", t, &e), -ENOENT);
}

static void test_list(void **state)
{
	struct testutil_store *f = *state;
	const char *all[] = { ".", "..", ".hidden", "a", "b", "c" };
	struct ns_listing l;

	assert_int_equal(ns_mkdir(f->s, "d", -1, false, NULL), 0);
	mkfile(f, "d/b", 3);
	mkfile(f, "d/.hidden", 1);
	assert_int_equal(ns_mkdir(f->s, "d/a", -1, false, NULL), 0);
	assert_int_equal(ns_symlink(f->s, "/d", "d/c", NULL, NULL), 0);
	assert_int_equal(ns_symlink(f->s, "nowhere", "dangling", NULL, NULL), 0);
	assert_int_equal(ns_symlink(f->s, "/d", "sd", NULL, NULL), 0);

	assert_int_equal(ns_list(f->s, "d", 0, &l, NULL), 0);
	assert_true(l.dir);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.ents[0].name, "a");
	assert_true(S_ISDIR(l.ents[0].st.st_mode));
	assert_string_equal(l.ents[1].name, "b");
	assert_int_equal(l.ents[1].st.st_size, 3);
	assert_null(l.ents[1].target);
	assert_string_equal(l.ents[2].name, "c");
	assert_true(S_ISLNK(l.ents[2].st.st_mode));
	assert_string_equal(l.ents[2].target, "/d");
	ns_listing_free(&l);

	assert_int_equal(ns_list(f->s, "d", NS_LIST_ALL, &l, NULL), 0);
	assert_int_equal(l.n, 6);
	for (size_t i = 0; i < 6; i++)
		assert_string_equal(l.ents[i].name, all[i]);
	assert_int_equal(l.ents[0].err, 0);
	assert_true(S_ISDIR(l.ents[0].st.st_mode));
	ns_listing_free(&l);

	/* Not a directory: the entry itself. */
	assert_int_equal(ns_list(f->s, "d/b", 0, &l, NULL), 0);
	assert_false(l.dir);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.ents[0].name, "d/b");
	ns_listing_free(&l);
	/* A symlink is followed unless NOFOLLOW; a dangling one listed. */
	assert_int_equal(ns_list(f->s, "sd", 0, &l, NULL), 0);
	assert_true(l.dir);
	assert_int_equal(l.n, 3);
	ns_listing_free(&l);
	assert_int_equal(ns_list(f->s, "sd", NS_LIST_NOFOLLOW, &l, NULL), 0);
	assert_false(l.dir);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.ents[0].target, "/d");
	ns_listing_free(&l);
	assert_int_equal(ns_list(f->s, "dangling", 0, &l, NULL), 0);
	assert_false(l.dir);
	assert_string_equal(l.ents[0].target, "nowhere");
	ns_listing_free(&l);
	assert_int_equal(ns_list(f->s, "nope", 0, &l, NULL), -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_mkdir, setup, testutil_teardown),
		cmocka_unit_test_setup_teardown(test_move, setup, testutil_teardown),
		cmocka_unit_test_setup_teardown(test_remove, setup, testutil_teardown),
		cmocka_unit_test_setup_teardown(test_links, setup, testutil_teardown),
		cmocka_unit_test_setup_teardown(test_metadata, setup, testutil_teardown),
		cmocka_unit_test_setup_teardown(test_touch, setup, testutil_teardown),
		cmocka_unit_test_setup_teardown(test_list, setup, testutil_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
