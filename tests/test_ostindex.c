/* Unit tests for lib/ostindex*.c: the OST index's exact records ("+"
 * and "-", the last one wins), live sets, torn records, trust,
 * compaction and rebuild. */
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "inode.h"
#include "ns.h"
#include "ostindex.h"
#include "stripe.h"

struct fix {
	struct testutil_store t;
	struct lfs_error e;
	char path[256];
};

static int setup(void **state)
{
	return testutil_fixture_make(state, sizeof(struct fix), "ostindex", 4,
				     64 << 20);
}

static const char *ix(struct fix *f, const char *name)
{
	snprintf(f->path, sizeof(f->path), "%s/" OSTINDEX_DIR "/%s", f->t.path,
		 name);
	return f->path;
}

static uint64_t create(struct fix *f, const char *rel, const char *const *args)
{
	struct lfs_layout *l = testutil_layout(4, args);
	struct stat st;
	char host[256];

	assert_int_equal(stripe_create(f->t.s, rel, l, 0644, NULL, &f->e), 0);
	layout_free(l);
	snprintf(host, sizeof(host), "%s/mdt/ROOT/%s", f->t.path, rel);
	assert_int_equal(stat(host, &st), 0);
	return st.st_ino;
}

#define CREATE(f, rel, ...) create(f, rel, (const char *const[]){ __VA_ARGS__, NULL })

static off_t size_of(const char *p)
{
	struct stat st;

	return stat(p, &st) ? -1 : st.st_size;
}

/* The records of an OST's file, in order (at most max). */
static size_t records(struct fix *f, const char *name, uint64_t *rec, size_t max)
{
	uint8_t b[8];
	size_t n = 0;
	int fd = open(ix(f, name), O_RDONLY);

	assert_true(fd >= 0);
	while (n < max && read(fd, b, 8) == 8) {
		uint64_t v = 0;

		for (int i = 7; i >= 0; i--)
			v = v << 8 | b[i];
		rec[n++] = v;
	}
	close(fd);
	return n;
}

static void append_raw(struct fix *f, const char *name, uint64_t v, int times)
{
	int fd = open(ix(f, name), O_WRONLY | O_APPEND | O_CREAT, 0644);
	uint8_t b[8];

	assert_true(fd >= 0);
	for (int i = 0; i < 8; i++)
		b[i] = (uint8_t)(v >> (8 * i));
	for (int i = 0; i < times; i++)
		assert_int_equal(write(fd, b, 8), 8);
	close(fd);
}

static bool on(struct fix *f, uint32_t ost, uint64_t ino)
{
	struct ostindex_set set;
	bool has;

	assert_int_equal(ostindex_open(f->t.s, &ost, 1, &set), 0);
	has = ostindex_has(&set, ino);
	ostindex_set_free(&set);
	return has;
}

static size_t live_count(struct fix *f, uint32_t ost)
{
	struct ostindex_set set;
	size_t n;

	assert_int_equal(ostindex_open(f->t.s, &ost, 1, &set), 0);
	n = set.n;
	ostindex_set_free(&set);
	return n;
}

/* Set rel's layout to its own with every object moved to OST to (the
 * index sees a layout write; the objects do not matter here). */
static void relayout(struct fix *f, struct lfs_store *s, const char *rel,
		     uint32_t to)
{
	struct lfs_layout *l;
	int fd = ns_open(s, rel, O_RDWR, 0);

	(void)f;
	assert_true(fd >= 0);
	assert_int_equal(layout_xattr_get(s, fd, &l), 0);
	for (uint32_t c = 0; c < l->nr_comps; c++)
		for (uint32_t j = 0; j < l->comps[c].nr_objects; j++)
			l->comps[c].objects[j].ost = to;
	l->gen++;
	assert_int_equal(layout_xattr_set(s, fd, l), 0);
	layout_free(l);
	close(fd);
}

/* mkfs makes an empty, trusted index; a layout write appends one record
 * to the file of each OST it names, once per OST. */
static void test_append(void **state)
{
	struct fix *f = *state;
	struct ostindex_set set;
	uint32_t o2 = 2, both[] = { 0, 3 };
	uint64_t a, b;

	assert_int_equal(ostindex_open(f->t.s, &o2, 1, &set), 0);
	assert_int_equal(set.n, 0);
	ostindex_set_free(&set);
	a = CREATE(f, "a", "c", "2", "i", "2");
	b = CREATE(f, "b", "c", "4", "i", "0");
	assert_int_equal(size_of(ix(f, "OST0002")), 16);
	assert_int_equal(size_of(ix(f, "OST0001")), 8);
	assert_int_equal(ostindex_open(f->t.s, &o2, 1, &set), 0);
	assert_int_equal(set.n, 2);
	assert_true(ostindex_has(&set, a));
	assert_true(ostindex_has(&set, b));
	assert_false(ostindex_has(&set, a + b));
	ostindex_set_free(&set);
	/* Several OSTs: the union, each inode once. */
	assert_int_equal(ostindex_open(f->t.s, both, 2, &set), 0);
	assert_int_equal(set.n, 2);
	assert_true(set.ino[0] < set.ino[1]);
	ostindex_set_free(&set);
}

/* A torn last record is ignored; records straddling reads are whole. */
static void test_torn(void **state)
{
	struct fix *f = *state;
	struct ostindex_set set;
	uint32_t o1 = 1;
	uint64_t a = CREATE(f, "a", "c", "1", "i", "1");
	int fd = open(ix(f, "OST0001"), O_WRONLY | O_APPEND);

	assert_true(fd >= 0);
	for (int i = 0; i < 3000; i++)      /* 24000 bytes: several reads */
		assert_int_equal(write(fd, "\x07\0\0\0\0\0\0\0", 8), 8);
	assert_int_equal(write(fd, "\x09\0\0", 3), 3);
	close(fd);
	assert_int_equal(ostindex_open(f->t.s, &o1, 1, &set), 0);
	assert_int_equal(set.n, 2);
	assert_true(ostindex_has(&set, 7));
	assert_true(ostindex_has(&set, a));
	assert_false(ostindex_has(&set, 9));
	ostindex_set_free(&set);
}

/* A layout write appends "+" for the OSTs it adds and "-" for those it
 * drops, nothing for those it keeps; the last record of an inode wins. */
static void test_exact(void **state)
{
	struct fix *f = *state;
	uint64_t rec[8];
	uint64_t a = CREATE(f, "a", "c", "1", "i", "1");
	uint64_t b = CREATE(f, "b", "c", "1", "i", "1");

	assert_true(on(f, 1, a) && on(f, 1, b));
	relayout(f, f->t.s, "a", 2);
	assert_false(on(f, 1, a));
	assert_true(on(f, 2, a));
	assert_true(on(f, 1, b));
	assert_int_equal(records(f, "OST0001", rec, 8), 3);
	assert_true(rec[0] == a && rec[1] == b);
	assert_true(rec[2] == (a | OSTINDEX_REMOVED));
	assert_int_equal(records(f, "OST0002", rec, 8), 1);
	assert_true(rec[0] == a);
	/* Rewritten on the same OST: no record at all. */
	relayout(f, f->t.s, "a", 2);
	assert_int_equal(size_of(ix(f, "OST0002")), 8);
	assert_int_equal(size_of(ix(f, "OST0001")), 24);
	/* Back: "+" after the "-" wins. */
	relayout(f, f->t.s, "a", 1);
	assert_true(on(f, 1, a));
	assert_false(on(f, 2, a));
	assert_int_equal(live_count(f, 2), 0);
	/* An inode never recorded is on no OST; a stray "-" removes. */
	assert_false(on(f, 3, a));
	append_raw(f, "OST0001", b | OSTINDEX_REMOVED, 1);
	assert_false(on(f, 1, b));
	append_raw(f, "OST0001", b, 1);
	assert_true(on(f, 1, b));
}

/* The last name of an inode goes: "-" for each OST before its number
 * can be reused; a hard link keeps the inode, and its entries. */
static void test_forget(void **state)
{
	struct fix *f = *state;
	uint64_t a = CREATE(f, "a", "c", "2", "i", "1");
	uint64_t h = CREATE(f, "h", "c", "1", "i", "3");
	uint64_t rec[8];
	char p1[300], p2[300];

	assert_true(on(f, 1, a) && on(f, 2, a));
	assert_int_equal(ns_unlink(f->t.s, "a"), 0);
	assert_false(on(f, 1, a));
	assert_false(on(f, 2, a));
	assert_int_equal(records(f, "OST0002", rec, 8), 2);
	assert_true(rec[1] == (a | OSTINDEX_REMOVED));
	snprintf(p1, sizeof(p1), "%s/mdt/ROOT/h", f->t.path);
	snprintf(p2, sizeof(p2), "%s/mdt/ROOT/h2", f->t.path);
	assert_int_equal(link(p1, p2), 0);
	assert_int_equal(ns_unlink(f->t.s, "h"), 0);
	assert_true(on(f, 3, h));
	assert_int_equal(ns_unlink(f->t.s, "h2"), 0);
	assert_false(on(f, 3, h));
	for (uint32_t o = 0; o < 4; o++)
		assert_int_equal(live_count(f, o), 0);
}

/* An old layout that does not decode may have named any OST: "-" to
 * every OST the new one does not name. */
static void test_undecodable(void **state)
{
	struct fix *f = *state;
	uint64_t a = CREATE(f, "a", "c", "1", "i", "0");
	struct lfs_layout *l;
	int fd = ns_open(f->t.s, "a", O_RDWR, 0);

	append_raw(f, "OST0003", a, 1);     /* as if a once was there */
	assert_true(on(f, 3, a));
	assert_true(fd >= 0);
	assert_int_equal(layout_xattr_get(f->t.s, fd, &l), 0);
	assert_int_equal(fsetxattr(fd, "user.lfs.lov", "junk", 4, 0), 0);
	l->comps[0].objects[0].ost = 2;
	assert_int_equal(layout_xattr_set(f->t.s, fd, l), 0);
	layout_free(l);
	close(fd);
	assert_false(on(f, 0, a));
	assert_false(on(f, 1, a));
	assert_true(on(f, 2, a));
	assert_false(on(f, 3, a));
}

/* No VERSION (or another version's), no directory, or a run file marked
 * by a dead writer (this boot's or another's): not trusted. */
static void test_trust(void **state)
{
	struct fix *f = *state;
	struct ostindex_set set;
	uint32_t o0 = 0;
	char run[256], id[64];
	FILE *fp;
	int fd;

	assert_int_equal(unlink(ix(f, "VERSION")), 0);
	assert_int_equal(ostindex_open(f->t.s, &o0, 1, &set), -ENOENT);
	fp = fopen(ix(f, "VERSION"), "w");
	fputs("1\n", fp);
	fclose(fp);
	assert_int_equal(ostindex_open(f->t.s, &o0, 1, &set), -ENOENT);
	fd = open(f->t.path, O_RDONLY | O_DIRECTORY);
	assert_int_equal(ostindex_create(fd), 0);
	close(fd);
	assert_int_equal(ostindex_open(f->t.s, &o0, 1, &set), 0);
	ostindex_set_free(&set);
	snprintf(run, sizeof(run), "%s/run/1.1", f->t.path);
	fp = fopen(run, "w");
	assert_non_null(fp);
	fputs("not-this-boot\n", fp);
	fclose(fp);
	assert_int_equal(ostindex_open(f->t.s, &o0, 1, &set), -ENOENT);
	fp = fopen("/proc/sys/kernel/random/boot_id", "r");
	assert_non_null(fp);
	assert_non_null(fgets(id, sizeof(id), fp));
	fclose(fp);
	fp = fopen(run, "w");
	fputs(id, fp);
	fclose(fp);
	assert_int_equal(ostindex_open(f->t.s, &o0, 1, &set), -ENOENT);
	/* A dead run file that never appended (empty) is harmless. */
	fp = fopen(run, "w");
	fclose(fp);
	assert_int_equal(ostindex_open(f->t.s, &o0, 1, &set), 0);
	ostindex_set_free(&set);
	unlink(run);
	/* No directory at all: no appends, no index. */
	testutil_rm_tree(ix(f, ""));
	CREATE(f, "a", "c", "1", "i", "0");
	assert_int_equal(access(ix(f, ""), F_OK), -1);
	assert_int_equal(ostindex_open(f->t.s, &o0, 1, &set), -ENOENT);
}

/* A file over 2 x its live entries + the floor is rewritten by the next
 * writer that can take the exclusive hold without waiting (else at its
 * close): the same live set, sorted "+" records, user.lfs.live. */
static void test_compact(void **state)
{
	struct fix *f = *state;
	uint64_t a = CREATE(f, "a", "c", "1", "i", "1");
	uint64_t c = CREATE(f, "c", "c", "1", "i", "1");
	uint64_t rec[4], b;
	struct lfs_store *s2;
	char live[32];
	ssize_t n;
	int dfd;

	/* Churn: an inode in and out, many times; one left in. */
	for (int i = 0; i < OSTINDEX_COMPACT_FLOOR / 2; i++) {
		append_raw(f, "OST0001", 77, 1);
		append_raw(f, "OST0001", 77 | OSTINDEX_REMOVED, 1);
	}
	append_raw(f, "OST0001", 99, 1);
	assert_int_equal(live_count(f, 1), 3);
	/* Over, but someone holds the index: no wait, no compaction yet. */
	dfd = open(ix(f, ""), O_RDONLY | O_DIRECTORY);
	assert_true(dfd >= 0);
	assert_int_equal(flock(dfd, LOCK_SH), 0);
	b = CREATE(f, "b", "c", "1", "i", "1");
	assert_int_equal(size_of(ix(f, "OST0001")), 8 * (OSTINDEX_COMPACT_FLOOR + 4));
	flock(dfd, LOCK_UN);
	close(dfd);
	/* Another handle's write finds it over and compacts after it. */
	assert_int_equal(store_open(f->t.path, LFS_STORE_RDWR, &s2, &f->e), 0);
	relayout(f, s2, "c", 2);
	store_close(s2);
	assert_int_equal(size_of(ix(f, "OST0001")), 8 * 3);
	assert_int_equal(records(f, "OST0001", rec, 4), 3);
	assert_true(rec[0] < rec[1] && rec[1] < rec[2]);
	assert_true(on(f, 1, a) && on(f, 1, b) && on(f, 1, 99));
	assert_false(on(f, 1, c) || on(f, 1, 77));
	n = getxattr(ix(f, "OST0001"), "user.lfs.live", live, sizeof(live) - 1);
	assert_true(n > 0);
	live[n] = '\0';
	assert_string_equal(live, "3");
	/* The first handle's next append goes to the new file. */
	relayout(f, f->t.s, "a", 3);
	assert_false(on(f, 1, a));
	assert_true(on(f, 3, a));
	assert_int_equal(size_of(ix(f, "OST0001")), 8 * 4);
}

/* Under one hold a handle checks each file once (fstat) and counts its
 * own appends after that: those that take a file over the threshold
 * still compact it when the outermost hold ends. */
static void test_compact_in_hold(void **state)
{
	struct fix *f = *state;
	uint64_t a = CREATE(f, "a", "c", "1", "i", "1");
	uint64_t rec[4];
	int h;

	for (int i = 0; i < OSTINDEX_COMPACT_FLOOR / 2 - 1; i++) {
		append_raw(f, "OST0001", 77, 1);
		append_raw(f, "OST0001", 77 | OSTINDEX_REMOVED, 1);
	}
	/* The threshold is the floor (the file had no live entries when
	 * written): one record short of it. */
	assert_int_equal(size_of(ix(f, "OST0001")), 8 * (OSTINDEX_COMPACT_FLOOR - 1));
	h = ostindex_hold(f->t.s);
	assert_true(h >= 0);
	relayout(f, f->t.s, "a", 2);     /* "-" on OST0001: at the threshold */
	relayout(f, f->t.s, "a", 1);     /* "+": over it */
	assert_int_equal(size_of(ix(f, "OST0001")), 8 * (OSTINDEX_COMPACT_FLOOR + 1));
	ostindex_release(f->t.s, h);
	assert_int_equal(records(f, "OST0001", rec, 4), 1);
	assert_int_equal(rec[0], a);
	assert_true(on(f, 1, a) && !on(f, 2, a));
}

/* The hold nests per handle (ostindex.h): an inner release
 * keeps the flock; the outermost drops it. */
static void test_hold_nests(void **state)
{
	struct fix *f = *state;
	int other = open(ix(f, "."), O_RDONLY | O_DIRECTORY);
	int a, b;

	assert_true(other >= 0);
	a = ostindex_hold(f->t.s);
	assert_true(a >= 0);
	b = ostindex_hold(f->t.s);
	assert_int_equal(b, a);
	ostindex_release(f->t.s, b);
	assert_int_equal(flock(other, LOCK_EX | LOCK_NB), -1);
	assert_int_equal(errno, EWOULDBLOCK);
	ostindex_release(f->t.s, a);
	assert_int_equal(flock(other, LOCK_EX | LOCK_NB), 0);
	close(other);
}

static int usr1_pipe = -1;

static void on_usr1(int sig)
{
	(void)sig;
	if (write(usr1_pipe, "s", 1) < 0)
		_exit(4);
}

/* Is pid inside flock(2) now (/proc/PID/syscall: its number first)? */
static bool in_flock(pid_t pid)
{
	char path[64], buf[32] = "";
	FILE *fp;
	long nr;

	snprintf(path, sizeof(path), "/proc/%d/syscall", (int)pid);
	fp = fopen(path, "r");
	if (!fp)
		return false;
	if (!fgets(buf, sizeof(buf), fp))
		buf[0] = '\0';
	fclose(fp);
	return sscanf(buf, "%ld ", &nr) == 1 && nr == SYS_flock;
}

/* A signal while the hold waits for a rebuild (the exclusive flock) does
 * not fail it: rm, mv and ln go on once the rebuild is done. The child
 * waits in ostindex_hold, gets SIGUSR1 (no SA_RESTART: flock returns
 * EINTR; the handler tells through a pipe that it ran), then the
 * exclusive lock goes. */
static void test_hold_eintr(void **state)
{
	struct fix *f = *state;
	struct sigaction sa = { .sa_handler = on_usr1 };
	int other = open(ix(f, "."), O_RDONLY | O_DIRECTORY), st, tries, p[2];
	pid_t pid;
	char c;

	assert_true(other >= 0);
	assert_int_equal(pipe(p), 0);
	usr1_pipe = p[1];
	assert_int_equal(flock(other, LOCK_EX), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int fd;

		sigaction(SIGUSR1, &sa, NULL);
		fd = ostindex_hold(f->t.s);
		_exit(fd >= 0 ? 0 : fd == -EINTR ? 2 : 3);
	}
	for (tries = 0; tries < 10000 && !in_flock(pid); tries++)
		usleep(1000);
	assert_true(tries < 10000);
	kill(pid, SIGUSR1);
	/* Handled: flock returned EINTR before the unlock. */
	assert_int_equal(read(p[0], &c, 1), 1);
	flock(other, LOCK_UN);
	close(p[0]);
	close(p[1]);
	close(other);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

/* lfsck's rebuild: counts what was missing and what was stale, writes
 * each file compacted (8 bytes per file on the OST); a dry run writes
 * nothing. */
static void test_rebuild(void **state)
{
	struct fix *f = *state;
	unsigned missing, stale;
	uint64_t b;
	bool had;

	CREATE(f, "a", "c", "2", "i", "0");
	b = CREATE(f, "b", "c", "1", "i", "1");
	CREATE(f, "gone", "c", "1", "i", "1");
	assert_int_equal(ns_unlink(f->t.s, "gone"), 0);
	assert_int_equal(ostindex_rebuild(f->t.s, true, &missing, &stale, &had), 0);
	assert_true(had);
	assert_int_equal(missing + stale, 0);       /* exact as kept */
	assert_int_equal(truncate(ix(f, "OST0000"), 0), 0);
	append_raw(f, "OST0002", b, 1);
	append_raw(f, "OST0003", 12345, 1);
	assert_int_equal(ostindex_rebuild(f->t.s, true, &missing, &stale, &had), 0);
	assert_int_equal(missing, 1);
	assert_int_equal(stale, 2);
	assert_int_equal(size_of(ix(f, "OST0000")), 0);
	assert_int_equal(ostindex_rebuild(f->t.s, false, &missing, &stale, &had), 0);
	assert_int_equal(missing, 1);
	assert_int_equal(stale, 2);
	assert_int_equal(size_of(ix(f, "OST0000")), 8);
	assert_int_equal(size_of(ix(f, "OST0001")), 16);   /* a, b: not gone */
	assert_int_equal(size_of(ix(f, "OST0002")), 0);
	assert_false(on(f, 2, b));
	assert_int_equal(ostindex_rebuild(f->t.s, false, &missing, &stale, &had), 0);
	assert_int_equal(missing + stale, 0);
	/* A store without an index: made, every entry counted. */
	testutil_rm_tree(ix(f, ""));
	assert_int_equal(ostindex_rebuild(f->t.s, true, &missing, &stale, &had), 0);
	assert_false(had);
	assert_int_equal(access(ix(f, ""), F_OK), -1);
	assert_int_equal(ostindex_rebuild(f->t.s, false, &missing, &stale, &had), 0);
	assert_false(had);
	assert_int_equal(missing, 3);
	assert_int_equal(size_of(ix(f, "VERSION")), 2);
}

/* ost add makes an empty file; ost remove's hook deletes it. */
static void test_ost_files(void **state)
{
	struct fix *f = *state;

	assert_int_equal(ostindex_ost_added(f->t.s, 9), 0);
	assert_int_equal(size_of(ix(f, "OST0009")), 0);
	ostindex_ost_removed(f->t.s, 9);
	assert_int_equal(size_of(ix(f, "OST0009")), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_append, setup, testutil_teardown),
		cmocka_unit_test_setup_teardown(test_torn, setup, testutil_teardown),
		cmocka_unit_test_setup_teardown(test_exact, setup, testutil_teardown),
		cmocka_unit_test_setup_teardown(test_forget, setup, testutil_teardown),
		cmocka_unit_test_setup_teardown(test_undecodable, setup, testutil_teardown),
		cmocka_unit_test_setup_teardown(test_trust, setup, testutil_teardown),
		cmocka_unit_test_setup_teardown(test_compact, setup, testutil_teardown),
		cmocka_unit_test_setup_teardown(test_compact_in_hold, setup, testutil_teardown),
		cmocka_unit_test_setup_teardown(test_hold_nests, setup, testutil_teardown),
		cmocka_unit_test_setup_teardown(test_hold_eintr, setup, testutil_teardown),
		cmocka_unit_test_setup_teardown(test_rebuild, setup, testutil_teardown),
		cmocka_unit_test_setup_teardown(test_ost_files, setup, testutil_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
