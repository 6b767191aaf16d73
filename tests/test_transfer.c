/* Unit tests for lib/transfer.c: host files and trees imported and
 * exported back byte for byte, holes kept; refusals and lost objects
 * reported as the commands print them. */
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
#include "ost.h"
#include "stripe.h"
#include "transfer.h"

struct fix {
	struct testutil_store t;
	char host[96];          /* host scratch directory */
};

static int setup(void **state)
{
	struct fix *f;

	if (testutil_fixture_make(state, sizeof(*f), "transfer", 3, 64u << 20))
		return -1;
	f = *state;
	snprintf(f->host, sizeof(f->host), "%s/host", f->t.dir);
	return mkdir(f->host, 0755);
}

/* What the callback heard, one line per event: "I sub", "S sub",
 * "F sub: message". */
struct heard {
	char log[1024];
};

static void hear(void *arg, enum transfer_event ev, const char *sub, int rc,
		 const struct lfs_error *e)
{
	struct heard *h = arg;
	size_t n = strlen(h->log);

	if (ev == TRANSFER_FAILED)
		snprintf(h->log + n, sizeof(h->log) - n, "F %s: %s\n", sub,
			 lfs_error_text(e, rc));
	else
		snprintf(h->log + n, sizeof(h->log) - n, "%c %s\n",
			 ev == TRANSFER_IMPORTED ? 'I' : 'S', sub);
}

static void host_path(struct fix *f, const char *name, char *out, size_t len)
{
	snprintf(out, len, "%s/%s", f->host, name);
}

/* A host file of `size` bytes with data at `at` and at the end, holes
 * between. */
static void host_file(struct fix *f, const char *name, off_t at, off_t size)
{
	char path[160];
	int fd;

	host_path(f, name, path, sizeof(path));
	fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0640);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, size), 0);
	assert_int_equal(pwrite(fd, name, strlen(name), at), (ssize_t)strlen(name));
	assert_int_equal(pwrite(fd, "end", 3, size - 3), 3);
	close(fd);
}

static int import_flags(struct fix *f, const char *name, const char *rel,
			unsigned flags, struct heard *h)
{
	char path[160];
	int fd, rc;

	host_path(f, name, path, sizeof(path));
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	rc = transfer_import(f->t.s, fd, path, rel, NULL, flags, NULL, hear, h);
	close(fd);
	return rc;
}

static int import(struct fix *f, const char *name, const char *rel,
		  struct heard *h)
{
	return import_flags(f, name, rel, 0, h);
}

static void slurp(const char *path, char **buf, size_t *len)
{
	FILE *fp = fopen(path, "r");

	assert_non_null(fp);
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	*len = (size_t)ftell(fp);
	rewind(fp);
	*buf = malloc(*len + 1);
	assert_int_equal(fread(*buf, 1, *len, fp), *len);
	fclose(fp);
}

/* Export rel to host file out and compare it with host file name. */
static int export_same(struct fix *f, const char *rel, const char *name,
		       struct lfs_error *e)
{
	char a[160], b[160], *x, *y;
	struct lfs_inode *ino;
	size_t xl, yl;
	int fd, rc;

	host_path(f, name, a, sizeof(a));
	snprintf(b, sizeof(b), "%s/out", f->t.dir);
	assert_int_equal(inode_open(f->t.s, rel, INODE_READ, &ino, e), 0);
	fd = open(b, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	assert_true(fd >= 0);
	rc = transfer_file_to_host(ino, fd, NULL, e);
	close(fd);
	inode_close(ino);
	if (rc)
		return rc;
	slurp(a, &x, &xl);
	slurp(b, &y, &yl);
	assert_int_equal(xl, yl);
	assert_memory_equal(x, y, xl);
	free(x);
	free(y);
	return 0;
}

static void test_file(void **state)
{
	struct fix *f = *state;
	struct lfs_error e = { 0 };
	struct heard h = { "" };

	host_file(f, "sparse", 3 << 20, 5 << 20);
	assert_int_equal(import(f, "sparse", "f", &h), 0);
	assert_string_equal(h.log, "I \n");
	assert_int_equal(export_same(f, "f", "sparse", &e), 0);
	/* An existing target is refused, as lfs import says it. */
	h.log[0] = '\0';
	assert_int_equal(import(f, "sparse", "f", &h), -EEXIST);
	assert_string_equal(h.log, "F : File exists\n");
	/* Into an existing directory: the host file's name is kept. */
	h.log[0] = '\0';
	assert_int_equal(import(f, "sparse", ".", &h), 0);
	assert_int_equal(export_same(f, "sparse", "sparse", &e), 0);
}

/* A tree with a subdirectory and a symlink: the symlink is skipped, the
 * rest comes back byte for byte. */
static void test_tree(void **state)
{
	struct fix *f = *state;
	struct lfs_error e = { 0 };
	struct heard h = { "" };
	char path[160];
	struct stat st;

	host_path(f, "t", path, sizeof(path));
	assert_int_equal(mkdir(path, 0755), 0);
	host_path(f, "t/sub", path, sizeof(path));
	assert_int_equal(mkdir(path, 0700), 0);
	host_file(f, "t/a", 0, 4);
	host_file(f, "t/sub/b", 1 << 20, (2 << 20) + 5);
	host_path(f, "t/lnk", path, sizeof(path));
	assert_int_equal(symlink("a", path), 0);

	assert_int_equal(import(f, "t", "dst", &h), -ENOENT);
	assert_string_equal(h.log,
		"F : No such file or directory (create the target directory first)\n");
	snprintf(path, sizeof(path), "%s/mdt/ROOT/dst", store_path(f->t.s));
	assert_int_equal(mkdir(path, 0755), 0);
	h.log[0] = '\0';
	assert_int_equal(import(f, "t", "dst", &h), 0);
	assert_string_equal(h.log, "I a\nS lnk\nI sub/b\n");
	assert_int_equal(export_same(f, "dst/a", "t/a", &e), 0);
	assert_int_equal(export_same(f, "dst/sub/b", "t/sub/b", &e), 0);
	snprintf(path, sizeof(path), "%s/mdt/ROOT/dst/sub", store_path(f->t.s));
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0700);

	/* Again: every file is refused, named, and the tree goes on. */
	h.log[0] = '\0';
	assert_int_equal(import(f, "t", "dst", &h), -EEXIST);
	assert_string_equal(h.log, "F a: File exists\nS lnk\nF sub/b: File exists\n");
}

/* Host entry name: mode and mtime (atime a day before). */
static void host_attrs(struct fix *f, const char *name, mode_t mode, time_t mtime)
{
	struct timespec ts[2] = { { mtime - 86400, 123 }, { mtime, 456789 } };
	char path[160];

	host_path(f, name, path, sizeof(path));
	assert_int_equal(chmod(path, mode), 0);
	assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
}

static void store_stat(struct fix *f, const char *rel, struct stat *st)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/mdt/ROOT/%s", store_path(f->t.s), rel);
	assert_int_equal(stat(path, st), 0);
}

/* Kept as cp -a keeps them: mode, atime and mtime to the nanosecond. */
static void expect_kept(struct fix *f, const char *rel, mode_t mode, time_t mtime)
{
	struct stat st;

	store_stat(f, rel, &st);
	assert_int_equal(st.st_mode & 07777, mode);
	assert_int_equal(st.st_mtim.tv_sec, mtime);
	assert_int_equal(st.st_mtim.tv_nsec, 456789);
	assert_int_equal(st.st_atim.tv_sec, mtime - 86400);
	assert_int_equal(st.st_atim.tv_nsec, 123);
}

/* A tree's subdirectories are made as ns_mkdir makes them, each taking
 * its parent's default (pool included); files and directories keep the
 * host's mode and times unless TRANSFER_NO_PRESERVE. */
static void test_tree_as_mkdir(void **state)
{
	struct fix *f = *state;
	const uint32_t fast[] = { 1, 2 };
	struct lfs_layout_builder b;
	struct lfs_layout *l = NULL;
	struct lfs_inode *ino = NULL;
	struct lfs_error e = { 0 };
	struct heard h = { "" };
	char path[160];
	struct stat st;
	mode_t mask = umask(022);

	host_path(f, "t", path, sizeof(path));
	assert_int_equal(mkdir(path, 0755), 0);
	host_path(f, "t/sub", path, sizeof(path));
	assert_int_equal(mkdir(path, 0755), 0);
	host_path(f, "t/sub/ro", path, sizeof(path));
	assert_int_equal(mkdir(path, 0755), 0);
	host_file(f, "t/a", 0, 4);
	host_file(f, "t/sub/ro/b", 0, 5);
	host_attrs(f, "t/a", 0604, 1000000000);
	host_attrs(f, "t/sub/ro/b", 0440, 1100000000);
	host_attrs(f, "t/sub/ro", 0555, 1200000000);
	host_attrs(f, "t/sub", 0750, 1300000000);

	assert_int_equal(store_pool_new(f->t.s, "fast", &e), 0);
	assert_int_equal(store_pool_add(f->t.s, "fast", fast, 2, &e), 0);
	assert_int_equal(ns_mkdir(f->t.s, "dst", -1, false, &e), 0);
	layout_builder_init(&b);
	assert_int_equal(layout_builder_option(&b, 'p', "fast", &e), 0);
	assert_int_equal(layout_builder_finish(&b, 3, &l, &e), 0);
	layout_builder_free(&b);
	assert_int_equal(stripe_set_dir_default(f->t.s, "dst", l, &e), 0);
	layout_free(l);

	assert_int_equal(import(f, "t", "dst", &h), 0);
	assert_string_equal(h.log, "I a\nI sub/ro/b\n");
	expect_kept(f, "dst/a", 0604, 1000000000);
	expect_kept(f, "dst/sub/ro/b", 0440, 1100000000);
	expect_kept(f, "dst/sub/ro", 0555, 1200000000);
	expect_kept(f, "dst/sub", 0750, 1300000000);
	/* The file two directories down is in dst's pool. */
	assert_int_equal(inode_open(f->t.s, "dst/sub/ro/b", INODE_READ, &ino, &e), 0);
	assert_string_equal(ino->layout->comps[0].pool, "fast");
	inode_close(ino);

	/* --no-preserve: directories as mkdir makes them, files with the
	 * host mode less the umask, times of the import. */
	assert_int_equal(ns_mkdir(f->t.s, "dst2", -1, false, &e), 0);
	h.log[0] = '\0';
	assert_int_equal(import_flags(f, "t", "dst2", TRANSFER_NO_PRESERVE, &h), 0);
	assert_string_equal(h.log, "I a\nI sub/ro/b\n");
	store_stat(f, "dst2/sub", &st);
	assert_int_equal(st.st_mode & 07777, 0755);
	assert_true(st.st_mtim.tv_sec > 1300000000);
	store_stat(f, "dst2/a", &st);
	assert_int_equal(st.st_mode & 07777, 0604);
	assert_true(st.st_mtim.tv_sec > 1300000000);
	umask(mask);
	/* So that the scratch tree can be removed. */
	snprintf(path, sizeof(path), "%s/mdt/ROOT/dst/sub/ro", store_path(f->t.s));
	assert_int_equal(chmod(path, 0755), 0);
	host_path(f, "t/sub/ro", path, sizeof(path));
	assert_int_equal(chmod(path, 0755), 0);
}

static int sink(void *arg, const void *buf, size_t len)
{
	FILE *fp = arg;

	return fwrite(buf, 1, len, fp) == len ? 0 : -EIO;
}

/* A lost object: export and a streamed read fail with -EIO naming it. */
static void test_lost_object(void **state)
{
	struct fix *f = *state;
	struct lfs_error e = { 0 };
	struct heard h = { "" };
	struct lfs_inode *ino;
	struct lfs_object o;
	char want[64], *mem = NULL;
	size_t memlen = 0;
	FILE *fp;

	host_file(f, "sparse", 3 << 20, 5 << 20);
	assert_int_equal(import(f, "sparse", "f", &h), 0);
	assert_int_equal(inode_open(f->t.s, "f", INODE_READ, &ino, &e), 0);
	fp = open_memstream(&mem, &memlen);
	assert_int_equal(transfer_read(ino, sink, fp, &e), 0);
	fclose(fp);
	assert_int_equal(memlen, 5 << 20);
	assert_memory_equal(mem + (3 << 20), "sparse", 6);
	free(mem);
	o = ino->layout->comps[0].objects[0];
	inode_close(ino);

	assert_int_equal(ost_object_destroy(f->t.s, o.ost, o.id), 0);
	snprintf(want, sizeof(want), "object OST%04x:%llu is missing", o.ost,
		 (unsigned long long)o.id);
	assert_int_equal(export_same(f, "f", "sparse", &e), -EIO);
	assert_string_equal(e.msg, want);
	lfs_error_clear(&e);
	assert_int_equal(inode_open(f->t.s, "f", INODE_READ, &ino, &e), 0);
	fp = open_memstream(&mem, &memlen);
	assert_int_equal(transfer_read(ino, sink, fp, &e), -EIO);
	fclose(fp);
	free(mem);
	assert_string_equal(e.msg, want);
	inode_close(ino);
}

/* A source handing out a string in pieces of at most 2 bytes. */
struct pieces {
	const char *p;
};

static ssize_t from_pieces(void *arg, void *buf, size_t len)
{
	struct pieces *src = arg;
	size_t n = strlen(src->p) < 2 ? strlen(src->p) : 2;

	(void)len;
	memcpy(buf, src->p, n);
	src->p += n;
	return (ssize_t)n;
}

static void write_as(struct fix *f, enum transfer_how how, uint64_t off,
		     const char *data, const char *want)
{
	struct pieces src = { data };
	struct lfs_error e = { 0 };
	struct lfs_inode *ino;
	uint64_t done = 99, size;
	char got[64] = "";

	assert_int_equal(inode_open(f->t.s, "w", INODE_WRITE, &ino, &e), 0);
	assert_int_equal(transfer_write(ino, how, off, from_pieces, &src, &done, &e), 0);
	assert_int_equal(done, strlen(data));
	assert_int_equal(inode_size(ino, &size), 0);
	assert_int_equal(size, strlen(want));
	assert_int_equal(io_pread(ino, got, sizeof(got) - 1, 0), (ssize_t)size);
	assert_string_equal(got, want);
	inode_close(ino);
}

/* Replace cuts first, append goes to the end, at an offset keeps the
 * rest. */
static void test_write(void **state)
{
	struct fix *f = *state;
	struct lfs_error e = { 0 };
	struct lfs_inode *ino;

	assert_int_equal(inode_create(f->t.s, "w", 0644, NULL, &ino, &e), 0);
	inode_close(ino);
	write_as(f, TRANSFER_REPLACE, 0, "hello world", "hello world");
	write_as(f, TRANSFER_REPLACE, 7, "bye", "bye");
	write_as(f, TRANSFER_APPEND, 0, " now", "bye now");
	write_as(f, TRANSFER_AT, 1, "YE", "bYE now");
	write_as(f, TRANSFER_REPLACE, 0, "", "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_file, setup, testutil_teardown),
		cmocka_unit_test_setup_teardown(test_tree, setup, testutil_teardown),
		cmocka_unit_test_setup_teardown(test_tree_as_mkdir, setup, testutil_teardown),
		cmocka_unit_test_setup_teardown(test_lost_object, setup, testutil_teardown),
		cmocka_unit_test_setup_teardown(test_write, setup, testutil_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
