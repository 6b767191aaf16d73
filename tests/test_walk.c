/* Unit tests for lib/walk.c: order, paths, depth, descending on demand,
 * stopping, entries removed meanwhile, directory errors. */
#include "testutil.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "walk.h"

struct fix {
	char dir[64];
	int fd;
};

/* dir: b/ (c/ (f), e), a, d -> b, z/ */
static int setup(void **state)
{
	struct fix *f = calloc(1, sizeof(*f));

	strcpy(f->dir, "/tmp/lfs-test-walk-XXXXXX");
	if (!f || !mkdtemp(f->dir))
		return -1;
	f->fd = open(f->dir, O_RDONLY | O_DIRECTORY);
	if (mkdirat(f->fd, "b", 0755) || mkdirat(f->fd, "b/c", 0755) ||
	    mkdirat(f->fd, "z", 0755) || symlinkat("b", f->fd, "d"))
		return -1;
	static const char *const files[] = { "a", "b/e", "b/c/f" };
	for (size_t i = 0; i < 3; i++) {
		int fd = openat(f->fd, files[i], O_CREAT | O_WRONLY, 0644);

		if (fd < 0)
			return -1;
		close(fd);
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fix *f = *state;

	close(f->fd);
	testutil_rm_tree(f->dir);
	free(f);
	return 0;
}

struct seen {
	char log[512];
	const char *stop_at;     /* WALK_STOP there */
	const char *fail_at;     /* -EIO there */
	const char *descend_all; /* WALK_DESCEND for every entry but this */
	const char *rmdir_at;    /* visiting it removes z */
	int dir_fd;
	char errors[256];
};

static int visit(const struct walk_entry *ent, void *arg)
{
	struct seen *s = arg;
	size_t len = strlen(s->log);

	snprintf(s->log + len, sizeof(s->log) - len, "%s:%u%c ", ent->path, ent->depth,
		 ent->type == DT_DIR ? 'd' : ent->type == DT_LNK ? 'l' : 'f');
	if (s->rmdir_at && !strcmp(ent->path, s->rmdir_at))
		unlinkat(s->dir_fd, "z", AT_REMOVEDIR);
	if (s->stop_at && !strcmp(ent->path, s->stop_at))
		return WALK_STOP;
	if (s->fail_at && !strcmp(ent->path, s->fail_at))
		return -EIO;
	if (s->descend_all && strcmp(ent->path, s->descend_all))
		return WALK_DESCEND;
	return ent->type == DT_DIR ? WALK_DESCEND : 0;
}

static int dir_error(const char *path, int err, void *arg)
{
	struct seen *s = arg;
	size_t len = strlen(s->errors);

	snprintf(s->errors + len, sizeof(s->errors) - len, "%s:%d ", path, err);
	return 0;
}

static const struct walk_ops ops = { .visit = visit, .dir_error = dir_error };

static void test_order_paths_depth(void **state)
{
	struct fix *f = *state;
	struct seen s = { .dir_fd = f->fd };

	assert_int_equal(walk_tree(f->fd, "/", &ops, &s), 0);
	/* Sorted, depth first; the symlink is not followed. */
	assert_string_equal(s.log, "/a:0f /b:0d /b/c:1d /b/c/f:2f /b/e:1f /d:0l /z:0d ");
	assert_string_equal(s.errors, "");
	/* Another start path, which ends in no '/'. */
	memset(s.log, 0, sizeof(s.log));
	assert_int_equal(walk_tree(f->fd, "mdt/X", &ops, &s), 0);
	assert_non_null(strstr(s.log, "mdt/X/b/c/f:2f "));
}

static void test_stop_and_fail(void **state)
{
	struct fix *f = *state;
	struct seen s = { .dir_fd = f->fd, .stop_at = "/b/c/f" };

	assert_int_equal(walk_tree(f->fd, "/", &ops, &s), WALK_STOP);
	assert_string_equal(s.log, "/a:0f /b:0d /b/c:1d /b/c/f:2f ");
	memset(&s, 0, sizeof(s));
	s.fail_at = "/b/c";
	assert_int_equal(walk_tree(f->fd, "/", &ops, &s), -EIO);
	assert_string_equal(s.log, "/a:0f /b:0d /b/c:1d ");
}

/* z, listed then removed before its turn, is skipped; a directory that
 * cannot be opened goes to dir_error, or ends the walk without one. */
static void test_removed_and_errors(void **state)
{
	struct fix *f = *state;
	struct seen s = { .dir_fd = f->fd, .rmdir_at = "/a" };
	const struct walk_ops no_handler = { .visit = visit };

	assert_int_equal(walk_tree(f->fd, "/", &ops, &s), 0);
	assert_string_equal(s.errors, "");

	memset(&s, 0, sizeof(s));
	s.descend_all = "/d";            /* descend into files: ENOTDIR */
	assert_int_equal(walk_tree(f->fd, "/", &ops, &s), 0);
	assert_string_equal(s.errors, "/a:-20 /b/c/f:-20 /b/e:-20 ");
	memset(&s, 0, sizeof(s));
	s.descend_all = "/d";
	assert_int_equal(walk_tree(f->fd, "/", &no_handler, &s), -ENOTDIR);
	assert_string_equal(s.log, "/a:0f ");
}

/* Unsorted: the same entries, in readdir's order. */
static void test_unsorted(void **state)
{
	static const char *const want[] = { "/a:0f ", "/b:0d ", "/b/c:1d ",
		"/b/c/f:2f ", "/b/e:1f ", "/d:0l ", "/z:0d " };
	const struct walk_ops streamed = { .visit = visit, .dir_error = dir_error,
					   .unsorted = true };
	struct fix *f = *state;
	struct seen s = { .dir_fd = f->fd };
	size_t total = 0;

	assert_int_equal(walk_tree(f->fd, "/", &streamed, &s), 0);
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		assert_non_null(strstr(s.log, want[i]));
		total += strlen(want[i]);
	}
	assert_int_equal(strlen(s.log), total);
	assert_string_equal(s.errors, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_order_paths_depth, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stop_and_fail, setup, teardown),
		cmocka_unit_test_setup_teardown(test_removed_and_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unsorted, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
