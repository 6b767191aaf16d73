/* Unit tests for lib/find.c and lib/find_walk.c (lfs find as library
 * calls), on a temporary store of 4 OSTs with files of known layouts. */
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "find.h"
#include "stripe.h"

#define MiB (1ULL << 20)

struct fix {
	struct testutil_store t;
	char path[192];
	struct lfs_error e;
	struct find_filter f;
	char seen[1024];
	int last_err;       /* the last failure the walk reported */
	char last_msg[256];
};

static char *host(struct fix *f, const char *rel)
{
	snprintf(f->path, sizeof(f->path), "%s/mdt/ROOT/%s", f->t.path, rel);
	return f->path;
}

static void create(struct fix *f, const char *rel, const char *const *args)
{
	struct lfs_layout *l = testutil_layout(4, args);

	assert_int_equal(stripe_create(f->t.s, rel, l, 0644, NULL, &f->e), 0);
	layout_free(l);
}

#define CREATE(f, rel, ...) create(f, rel, (const char *const[]){ __VA_ARGS__, NULL })

/* The tree every test walks:
 *   a      1 stripe on OST 0, 1 MiB stripes, 10 bytes
 *   b      2 stripes on OSTs 2 and 3, 2 MiB stripes, 3 MiB
 *   c      pool flash (OST 1), 1 stripe
 *   d/     directory
 *   d/e    PFL: [0, 1M) 1 stripe on OST 3, [1M, EOF) 2 stripes (not instantiated)
 *   d/l    symlink to ../a
 *   d/n    a file without a layout */
static int setup(void **state)
{
	struct fix *f;

	if (testutil_fixture_make(state, sizeof(*f), "find", 4, 64 << 20))
		return -1;
	f = *state;
	if (store_pool_new(f->t.s, "flash", &f->e) ||
	    store_pool_add(f->t.s, "flash", (const uint32_t[]){ 1 }, 1, &f->e))
		return -1;
	CREATE(f, "a", "c", "1", "i", "0");
	CREATE(f, "b", "c", "2", "i", "2", "S", "2M");
	CREATE(f, "c", "p", "flash");
	if (truncate(host(f, "a"), 10) || truncate(host(f, "b"), 3 * MiB) ||
	    mkdir(host(f, "d"), 0755) || symlink("../a", host(f, "d/l")) ||
	    close(creat(host(f, "d/n"), 0600)))
		return -1;
	CREATE(f, "d/e", "E", "1M", "c", "1", "i", "3", "E", "-1", "c", "2");
	find_filter_init(&f->f, time(NULL));
	return 0;
}

static int teardown(void **state)
{
	struct fix *f = *state;

	find_filter_free(&f->f);
	return testutil_teardown(state);
}

static int collect(void *arg, struct find_entry *ent)
{
	struct fix *f = arg;

	if (ent->err) {
		strcat(f->seen, "!");
		f->last_err = ent->err;
		strcpy(f->last_msg, ent->e.msg);
	}
	strcat(f->seen, ent->path);
	strcat(f->seen, " ");
	return 0;
}

/* The walk of start with the filter so far, as "path path !failed ". */
static const char *walk(struct fix *f, const char *start)
{
	f->seen[0] = '\0';
	assert_int_equal(find_walk(f->t.s, start, start, &f->f, collect, f), 0);
	return f->seen;
}

static void set(struct fix *f, const char *name, const char *value, bool neg)
{
	assert_int_equal(find_filter_set(&f->f, name, value, neg, f->t.s, &f->e), 0);
}

/* A fresh filter with one test. */
static const char *one(struct fix *f, const char *name, const char *value, bool neg)
{
	find_filter_free(&f->f);
	find_filter_init(&f->f, time(NULL));
	set(f, name, value, neg);
	return walk(f, ".");
}

static bool size_passes(struct fix *f, const char *arg, uint64_t size)
{
	find_filter_free(&f->f);
	find_filter_init(&f->f, 0);
	set(f, "size", arg, false);
	return find_value_cmp(size, f->f.size.val, f->f.size.sign, false,
			      f->f.size.unit) > 0;
}

/* N: rounded up to the unit equals N; +N above; -N at most N-1 units. */
static void test_value_boundaries(void **state)
{
	struct fix *f = *state;

	assert_false(size_passes(f, "1M", 0));
	assert_true(size_passes(f, "1M", 1));
	assert_true(size_passes(f, "1M", MiB));
	assert_false(size_passes(f, "1M", MiB + 1));
	assert_false(size_passes(f, "+1M", MiB));
	assert_true(size_passes(f, "+1M", MiB + 1));
	assert_true(size_passes(f, "-1M", 0));
	assert_false(size_passes(f, "-1M", 1));
	assert_true(size_passes(f, "-2M", MiB));
	assert_false(size_passes(f, "-2M", MiB + 1));
	assert_true(size_passes(f, "10", 10));
	/* hex digits are no units */
	assert_true(size_passes(f, "0x1e", 30));
	assert_false(size_passes(f, "0x1e", 31));
	assert_true(size_passes(f, "0x1k", 1024));
	assert_false(size_passes(f, "10", 9));
	/* -b without a unit counts KiB. */
	set(f, "blocks", "2", false);
	assert_int_equal(f->f.blocks.val, 2048);
	assert_int_equal(f->f.blocks.unit, 1024);
	/* negation flips a result */
	assert_int_equal(find_value_cmp(5, 5, 0, true, 1), -1);
	assert_int_equal(find_value_cmp(6, 5, 0, true, 1), 1);
}

static void test_time_parse(void **state)
{
	struct fix *f = *state;
	struct find_num *m = &f->f.times[FIND_MTIME];

	find_filter_init(&f->f, 1000000);
	set(f, "mtime", "+3", false);
	assert_int_equal(m->sign, 1);
	assert_int_equal(m->val, 1000000 - 3 * 86400);
	assert_int_equal(f->f.time_margin, 86400);
	set(f, "mtime", "-8h20m", false);
	assert_int_equal(m->sign, -1);
	assert_int_equal(m->val, 1000000 - 30000);
	assert_int_equal(f->f.time_margin, 60);

	find_filter_init(&f->f, 100000000);
	set(f, "atime", "1w", false);
	assert_int_equal(f->f.time_margin, 86400);
	find_filter_init(&f->f, 100000000);
	set(f, "atime", "1y", false);
	assert_int_equal(f->f.times[FIND_ATIME].val, 100000000 - 365 * 86400);
	assert_int_equal(f->f.time_margin, 8 * 86400);

	find_filter_init(&f->f, 1000);
	assert_int_equal(find_filter_set(&f->f, "mtime", "3x", false, f->t.s, &f->e), -EINVAL);
	assert_string_equal(f->e.msg, "bad time string '3x'");
	assert_int_equal(find_filter_set(&f->f, "mtime", "1", false, f->t.s, &f->e), -EINVAL);
	assert_string_equal(f->e.msg, "bad time '1': too large");

	/* "1" (days): an age in [1 d, 2 d) passes, as GNU find -mtime 1. */
	find_filter_init(&f->f, 1000000);
	set(f, "mtime", "1", false);
	assert_int_equal(find_value_cmp(1000000 - 86400, m->val, 0, false, f->f.time_margin), 1);
	assert_int_equal(find_value_cmp(1000000 - 86399, m->val, 0, false, f->f.time_margin), -1);
	assert_int_equal(find_value_cmp(1000000 - 2 * 86400 + 1, m->val, 0, false, f->f.time_margin), 1);
	assert_int_equal(find_value_cmp(1000000 - 2 * 86400, m->val, 0, false, f->f.time_margin), -1);
}

static void test_bad_values(void **state)
{
	struct fix *f = *state;
	static const char *const bad[][2] = {
		{ "size", "10Q" }, { "stripe-count", "2x" }, { "mtime", "3x" },
		{ "type", "q" }, { "layout", "raid5" }, { "perm", "9" },
		{ "maxdepth", "-1" }, { "component-flags", "bogus" },
		{ "newermt", "yesterday" }, { "frobnicate", "1" },
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(find_filter_set(&f->f, bad[i][0], bad[i][1], false,
						 f->t.s, &f->e), -EINVAL);
	assert_int_equal(find_filter_set(&f->f, "ost", "9", false, f->t.s, &f->e), -ENOENT);
	assert_string_equal(f->e.msg, "9: unknown obduuid");
	assert_int_equal(find_filter_set(&f->f, "ost", "1,lustre-OST0007_UUID", false,
					 f->t.s, &f->e), -ENOENT);
	assert_string_equal(f->e.msg, "lustre-OST0007_UUID: unknown obduuid");
	assert_int_equal(find_filter_set(&f->f, "pool", "slow", false, f->t.s, &f->e), -ENOENT);
	assert_string_equal(f->e.msg, "pool 'lustre.slow' does not exist");
	assert_int_equal(find_filter_set(&f->f, "mdt", "1", false, f->t.s, &f->e), -ENOENT);
	assert_int_equal(find_filter_set(&f->f, "uid", "no-such-user-x", false, f->t.s, &f->e),
			 -ENOENT);
}

static void test_ost_pool_stripe(void **state)
{
	struct fix *f = *state;

	assert_string_equal(one(f, "ost", "0", false), "./a ");
	assert_string_equal(one(f, "ost", "lustre-OST0003_UUID", false), "./b ./d/e ");
	assert_string_equal(one(f, "obd", "OST0002,OST0000", false), "./a ./b ");
	assert_string_equal(one(f, "stripe_index", "1", false), "./c ");
	/* not on OST 3: regular files only */
	assert_string_equal(one(f, "ost", "3", true), "./a ./c ./d/n ");
	assert_string_equal(one(f, "pool", "flash", false), "./c ");
	assert_string_equal(one(f, "pool", "lustre.flash", true), ". ./a ./b ./d ./d/e ./d/l ./d/n ");
	/* "" is no pool: the root's default and a directory without one */
	assert_string_equal(one(f, "pool", "", false), ". ./a ./b ./d ./d/e ./d/l ./d/n ");
	/* the last instantiated component's */
	assert_string_equal(one(f, "stripe-count", "2", false), "./b ");
	assert_string_equal(one(f, "stripe-count", "+1", false), "./b ");
	assert_string_equal(one(f, "stripe-count", "-2", false), ". ./a ./c ./d ./d/e ./d/l ./d/n ");
	assert_string_equal(one(f, "stripe-size", "2M", false), "./b ");
	assert_string_equal(one(f, "stripe-size", "1024", false), ". ./a ./c ./d/e ");
	assert_string_equal(one(f, "layout", "raid0", false), ". ./a ./b ./c ./d/e ");
	assert_string_equal(one(f, "layout", "released,mdt", false), "");
	assert_string_equal(one(f, "layout", "raid0", true), "");
	assert_string_equal(one(f, "component-count", "2", false), "./d/e ");
	assert_string_equal(one(f, "component-start", "+0", false), "./d/e ");
	assert_string_equal(one(f, "component-end", "1M", false), "./d/e ");
	assert_string_equal(one(f, "component-end", "EOF", true), "./d/e ");
	assert_string_equal(one(f, "component-flags", "^init", false), ". ./d ./d/e ");
	assert_string_equal(one(f, "mdt-index", "0", false), ". ./a ./b ./c ./d ./d/e ./d/l ./d/n ");
	assert_string_equal(one(f, "mdt", "lustre-MDT0000_UUID", true), "");
}

static void test_names_types_owner(void **state)
{
	struct fix *f = *state;
	char uid[16];

	assert_string_equal(one(f, "type", "f", false), "./a ./b ./c ./d/e ./d/n ");
	assert_string_equal(one(f, "type", "d", true), "./a ./b ./c ./d/e ./d/l ./d/n ");
	assert_string_equal(one(f, "type", "l", false), "./d/l ");
	assert_string_equal(one(f, "name", "[ab]", false), "./a ./b ");
	assert_string_equal(one(f, "name", "[a-c]", true), ". ./d ./d/e ./d/l ./d/n ");
	assert_string_equal(one(f, "size", "+1M", false), "./b ");
	assert_string_equal(one(f, "perm", "0600", false), "./d/n ");
	assert_string_equal(one(f, "perm", "/o+r", true), "./d/n ");
	assert_string_equal(one(f, "perm", "-u=rw,g=r", false),
			    ". ./a ./b ./c ./d ./d/e ./d/l ");
	snprintf(uid, sizeof(uid), "%u", (unsigned)getuid());
	assert_string_equal(one(f, "uid", uid, true), "");
	snprintf(uid, sizeof(uid), "%u", (unsigned)getgid());
	assert_string_equal(one(f, "group", uid, false), ". ./a ./b ./c ./d ./d/e ./d/l ./d/n ");
	/* two tests AND */
	set(f, "type", "f", false);
	set(f, "name", "d*", true);
	assert_string_equal(walk(f, "."), "./a ./b ./c ./d/e ./d/n ");
}

static void test_order_depth(void **state)
{
	struct fix *f = *state;

	assert_string_equal(walk(f, "."), ". ./a ./b ./c ./d ./d/e ./d/l ./d/n ");
	assert_string_equal(walk(f, "d"), "d d/e d/l d/n ");
	f->f.max_depth = 1;
	assert_string_equal(walk(f, "."), ". ./a ./b ./c ./d ");
	f->f.max_depth = 0;
	assert_string_equal(walk(f, "d"), "d ");
	f->f.max_depth = -1;
	f->f.min_depth = 2;
	assert_string_equal(walk(f, "."), "./d/e ./d/l ./d/n ");
	/* A symlink start is not followed. */
	f->f.min_depth = 0;
	assert_string_equal(walk(f, "d/l"), "d/l ");
	assert_int_equal(find_walk(f->t.s, "x", "x", &f->f, collect, f), -ENOENT);
}

struct buf {
	char b[512];
	size_t n;
};

static int into(void *arg, const char *bytes, size_t n)
{
	struct buf *b = arg;

	memcpy(b->b + b->n, bytes, n);
	b->n += n;
	return 0;
}

struct pf {
	const char *fmt;
	struct buf out;
};

static int print_one(void *arg, struct find_entry *ent)
{
	struct pf *p = arg;

	return find_printf(p->fmt, ent, into, &p->out);
}

static const char *pf(struct fix *f, const char *rel, const char *fmt, size_t *n)
{
	static struct pf p;

	memset(&p, 0, sizeof(p));
	p.fmt = fmt;
	f->f.max_depth = 0;
	assert_int_equal(find_walk(f->t.s, rel, rel, &f->f, print_one, &p), 0);
	if (n)
		*n = p.out.n;
	return p.out.b;
}

static void test_printf(void **state)
{
	struct fix *f = *state;
	struct stat st;
	char want[128];
	size_t n;

	assert_string_equal(pf(f, "b", "%p %s %y %m %Lc %LS %Li %Lo %Lp|\\n", NULL),
			    "b 3145728 f 0644 2 2097152 2 [2,3] |\n");
	assert_string_equal(pf(f, "c", "%Lp %Li", NULL), "flash 1");
	assert_string_equal(pf(f, "d/e", "%Lc %Lo", NULL), "1 [3][?,?]");
	assert_string_equal(pf(f, "d", "%y %Lc %Li %Lo %Lh %LS.", NULL), "d 0 0 [0] none .");
	assert_string_equal(pf(f, "d/l", "%y %s %Lc.", NULL), "l 4 .");
	/* unknown directives and escapes print as they stand */
	assert_string_equal(pf(f, "a", "%q %A %Lz \\q %% \\\\ %", NULL), "%q %A %Lz \\q % \\ %");
	assert_memory_equal(pf(f, "a", "%p\\0", &n), "a\0", 2);
	assert_int_equal(n, 2);
	assert_int_equal(stat(host(f, "a"), &st), 0);
	snprintf(want, sizeof(want), "%u %u %lld %lld 0x200000400:%#llx:0x0",
		 (unsigned)st.st_uid, (unsigned)st.st_gid, (long long)st.st_mtime,
		 (long long)st.st_atime, (unsigned long long)st.st_ino);
	assert_string_equal(pf(f, "a", "%U %G %T@ %A@ %LF", NULL), want);
	/* 10 bytes written by truncate: no object holds a block */
	assert_string_equal(pf(f, "a", "%b %k", NULL), "0 0");
}

/* Tests of names, types and sizes read no layout: a corrupt one does
 * not stop them, while a stripe test reports it and goes on. */
static void test_layout_read_only_when_needed(void **state)
{
	struct fix *f = *state;

	assert_int_equal(setxattr(host(f, "b"), "user.lfs.lov", "junk", 4, 0), 0);
	assert_string_equal(one(f, "size", "+1M", false), "./b ");
	assert_string_equal(one(f, "stripe-count", "1", false), ". ./a !./b ./c ./d/e ");
}

/* Only tests of the inode's fields lstat each entry; --printf gets the
 * whole lstat all the same. */
static void test_stat_only_when_needed(void **state)
{
	struct fix *f = *state;
	const char *seen;
	struct pf p = { .fmt = "%p %s %y|" };

	assert_false(find_filter_needs_stat(&f->f));
	set(f, "name", "a", false);
	set(f, "type", "f", false);
	set(f, "ost", "0", false);
	assert_false(find_filter_needs_stat(&f->f));
	for (const char *const *t = (const char *const[]){ "size", "+1", "mtime", "-1",
			"uid", "0", "gid", "0", "perm", "/0644", "blocks", "+0", NULL }; *t; t += 2) {
		find_filter_free(&f->f);
		find_filter_init(&f->f, time(NULL));
		set(f, t[0], t[1], false);
		assert_true(find_filter_needs_stat(&f->f));
	}
	find_filter_free(&f->f);
	find_filter_init(&f->f, time(NULL));
	f->f.want_stat = true;
	assert_true(find_filter_needs_stat(&f->f));
	/* Without want_stat, below the start. */
	f->f.want_stat = false;
	set(f, "type", "f", false);
	assert_int_equal(find_walk(f->t.s, "d", "d", &f->f, print_one, &p), 0);
	seen = p.out.b;
	assert_string_equal(seen, "d/e 0 f|d/n 0 f|");
	find_filter_free(&f->f);
	find_filter_init(&f->f, time(NULL));
	memset(&p.out, 0, sizeof(p.out));
	set(f, "name", "b", false);
	assert_int_equal(find_walk(f->t.s, ".", ".", &f->f, print_one, &p), 0);
	assert_string_equal(p.out.b, "./b 3145728 f|");
}

/* A directory that cannot be read is reported and the walk goes on
 * (as another user when run as root, who reads everything). */
static void test_unreadable_dir(void **state)
{
	struct fix *f = *state;
	int status;
	pid_t pid;

	assert_int_equal(mkdir(host(f, "d/x"), 0), 0);
	assert_int_equal(mkdir(host(f, "z"), 0755), 0);
	pid = fork();
	if (pid == 0) {
		if (getuid() == 0 && (setgid(65534) || setuid(65534)))
			_exit(2);
		walk(f, ".");
		_exit(strcmp(f->seen, ". ./a ./b ./c ./d ./d/e ./d/l ./d/n ./d/x !./d/x ./z ") ||
		      f->last_err != -EACCES ||
		      strcmp(f->last_msg, "cannot read directory: Permission denied") ? 1 : 0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_value_boundaries, setup, teardown),
		cmocka_unit_test_setup_teardown(test_time_parse, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ost_pool_stripe, setup, teardown),
		cmocka_unit_test_setup_teardown(test_names_types_owner, setup, teardown),
		cmocka_unit_test_setup_teardown(test_order_depth, setup, teardown),
		cmocka_unit_test_setup_teardown(test_printf, setup, teardown),
		cmocka_unit_test_setup_teardown(test_layout_read_only_when_needed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stat_only_when_needed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unreadable_dir, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
