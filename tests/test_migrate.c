/* Unit tests for lib/migrate.c over the fake backend (fake_backend.h):
 * each protocol step in order, each failure, the block and non-block
 * decisions and the data-version checks, without a store on disk. */
#include "testutil.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_backend.h"
#include "migrate.h"

/* The file "a": 100000 bytes of data, one copy chunk. */
static struct fake_file *add_a(struct fake_fs *fs)
{
	return fake_add_file(fs, "a", 100000, 1, &(struct ext){ 0, 100000 });
}

static int migrate_a(struct fake_fs *fs, const struct migrate_opts *o,
		     struct migrate_result *r, struct lfs_error *e)
{
	return migrate_file(&fake_backend, fs, "a", o, r, e);
}

static const char *const abc[] = { "a", "b", "c" };

/* The files abc as one batch. */
static int migrate_abc(struct fake_fs *fs, const struct migrate_opts *o,
		       struct migrate_result *res, struct lfs_error *errs, int *rcs)
{
	return migrate_files(&fake_backend, fs, 3, abc, o, res, errs, rcs);
}

static void assert_trace_ends(const struct fake_fs *fs, const char *tail)
{
	size_t n = strlen(fs->trace), t = strlen(tail);

	assert_true(n >= t);
	assert_string_equal(fs->trace + n - t, tail);
}

static int setup(void **state)
{
	struct fake_fs *fs = malloc(sizeof(*fs));

	if (!fs)
		return -1;
	fake_fs_init(fs);
	*state = fs;
	return 0;
}

static int teardown(void **state)
{
	fake_fs_free(*state);
	free(*state);
	return 0;
}

/* f holds what s held: data, holes and, with layout, the layout. */
static void assert_content(const struct fake_file *f, const struct content *s,
			   bool layout)
{
	assert_int_equal(f->c.size, s->size);
	assert_int_equal(f->c.nr_ext, s->nr_ext);
	assert_memory_equal(f->c.ext, s->ext, s->nr_ext * sizeof(s->ext[0]));
	assert_memory_equal(f->c.data, s->data, s->size);
	if (layout)
		assert_true(layout_equal(f->c.layout, s->layout));
}

/* f was migrated from s: the same data, a layout of one new stripe on
 * OST 2 whose generation follows the old one. */
static void assert_migrated(const struct fake_file *f, const struct content *s)
{
	const struct lfs_component *c = &f->c.layout->comps[0];

	assert_content(f, s, false);
	assert_int_equal(f->c.layout->gen, s->layout->gen + 1);
	assert_int_equal(c->nr_objects, 1);
	assert_int_equal(c->objects[0].ost, 2);
}

static void test_block(void **state)
{
	struct fake_fs *fs = *state;
	struct fake_file *a = add_a(fs);
	struct content before = content_dup(&a->c);
	struct migrate_opts o = { .layout = fs->req };
	struct migrate_result r;
	struct lfs_error e;

	a->dv = 42;
	assert_int_equal(migrate_a(fs, &o, &r, &e), 0);
	/* DV1 before the group lock, the copy under it. */
	assert_string_equal(fs->trace, "open(a) migrate_lock(a) layout_fill(a) "
		"volatile_open(a) data_version(a) group_lock(a) size(a) next_data(a) "
		"copy(a) set_size(a~) sync_data(a~) swap_prepare(a) commit_intents(a) "
		"swap(a) swap_sync(a) finish(a,0) close(a) end_batch");
	assert_int_equal(fs->dv1, 42);
	assert_false(fs->check_lease);
	assert_string_equal(e.msg, "");
	assert_false(r.skipped);
	assert_int_equal(r.bytes, 100000);
	assert_int_equal(r.size, 100000);
	assert_true(layout_equal(r.old_layout, before.layout));
	assert_int_equal(r.new_layout->comps[0].objects[0].ost, 2);
	assert_migrated(a, &before);
	migrate_result_free(&r);
	content_free(&before);
}

/* A write between DV1 and the group lock: the copy has it, DV1 does not,
 * so the swap refuses; the source keeps its layout. */
static void test_block_write_before_lock(void **state)
{
	struct fake_fs *fs = *state;
	struct fake_file *a = add_a(fs);
	struct content before = content_dup(&a->c);
	struct migrate_opts o = { .layout = fs->req };
	struct migrate_result r;
	struct lfs_error e;

	fake_rule(fs, "group_lock", "a", 1, 0)->hook = hook_write;
	assert_int_equal(migrate_a(fs, &o, &r, &e), -EAGAIN);
	assert_string_equal(e.msg, "file changed");
	assert_int_equal(fs->dv1, 7);
	assert_trace_ends(fs, "copy(a) set_size(a~) sync_data(a~) "
		"swap_prepare(a) finish(a,-11) close(a) end_batch");
	assert_true(layout_equal(a->c.layout, before.layout));
	migrate_result_free(&r);
	content_free(&before);
}

/* A write that grew the file before DV1: the volatile was sized for less. */
static void test_block_size_changed(void **state)
{
	struct fake_fs *fs = *state;
	struct fake_file *a = add_a(fs);
	struct migrate_opts o = { .layout = fs->req };
	struct migrate_result r;
	struct lfs_error e;

	fake_rule(fs, "data_version", "a", 1, 0)->hook = hook_append;
	assert_int_equal(migrate_a(fs, &o, &r, &e), -EAGAIN);
	assert_string_equal(e.msg, "file changed");
	assert_trace_ends(fs, "data_version(a) group_lock(a) size(a) "
		"finish(a,-11) close(a) end_batch");
	assert_int_equal(a->c.layout->gen, 3);
	migrate_result_free(&r);
}

static void test_nonblock(void **state)
{
	struct fake_fs *fs = *state;
	struct fake_file *a = add_a(fs);
	struct content before = content_dup(&a->c);
	struct migrate_opts o = { .layout = fs->req, .nonblock = true };
	struct migrate_result r;
	struct lfs_error e;

	assert_int_equal(migrate_a(fs, &o, &r, &e), 0);
	/* No group lock: the lease, checked with the data version at each
	 * chunk, DV2 after the copy, and the lease again at the swap. */
	assert_string_equal(fs->trace, "open(a) migrate_lock(a) layout_fill(a) "
		"volatile_open(a) lease_broken(a) data_version(a) size(a) next_data(a) "
		"copy(a) lease_broken(a) data_version(a) set_size(a~) data_version(a) "
		"sync_data(a~) swap_prepare(a) commit_intents(a) swap(a) swap_sync(a) "
		"finish(a,0) close(a) end_batch");
	assert_true(fs->check_lease);
	assert_int_equal(fs->dv1, 7);
	assert_migrated(a, &before);
	migrate_result_free(&r);
	content_free(&before);
}

/* How -n fails: a writer before (lease), during the copy (lease, or a
 * data version that moved with it), after it (DV2), or at the swap. */
static void test_nonblock_changes(void **state)
{
	static const struct {
		const char *op;
		unsigned nth;
		void (*hook)(struct fake_file *f);
		int rc;
		const char *msg, *tail;
	} cases[] = {
		{ "open", 1, hook_break_lease, -EBUSY, "cannot get lease",
		  "volatile_open(a) lease_broken(a) finish(a,-16) close(a) end_batch" },
		{ "copy", 1, hook_break_lease, -EBUSY, "data copy failed",
		  "copy(a) lease_broken(a) finish(a,-16) close(a) end_batch" },
		{ "copy", 1, hook_write, -EAGAIN, "source file changed", "copy(a) "
		  "lease_broken(a) data_version(a) finish(a,-11) close(a) end_batch" },
		{ "set_size", 1, hook_write, -EAGAIN, "source file changed",
		  "set_size(a~) data_version(a) finish(a,-11) close(a) end_batch" },
		{ "sync_data", 1, hook_break_lease, -EBUSY, "cannot swap layout",
		  "sync_data(a~) swap_prepare(a) finish(a,-16) close(a) end_batch" },
		{ "sync_data", 1, hook_write, -EAGAIN, "source file changed",
		  "sync_data(a~) swap_prepare(a) finish(a,-11) close(a) end_batch" },
	};
	struct fake_fs *fs = *state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct migrate_opts o = { .nonblock = true };
		struct fake_file *a;
		struct content before;
		struct migrate_result r;
		struct lfs_error e;

		fake_fs_free(fs);
		fake_fs_init(fs);
		o.layout = fs->req;
		a = add_a(fs);
		before = content_dup(&a->c);
		fake_rule(fs, cases[i].op, NULL, cases[i].nth, 0)->hook = cases[i].hook;
		assert_int_equal(migrate_a(fs, &o, &r, &e), cases[i].rc);
		assert_string_equal(e.msg, cases[i].msg);
		assert_trace_ends(fs, cases[i].tail);
		/* The writer's data stays the file's, on its old layout. */
		assert_true(layout_equal(a->c.layout, before.layout));
		content_free(&before);
		migrate_result_free(&r);
	}
}

/* Already in the requested layout on OSTs it may stay on: nothing done.
 * On an OST it may not stay on: migrated. */
static void test_already_there(void **state)
{
	struct fake_fs *fs = *state;
	struct fake_file *a = add_a(fs);
	struct content before = content_dup(&a->c);
	struct migrate_opts o = { .layout = fs->req };
	struct migrate_result r;
	struct lfs_error e;

	fs->req->comps[0].stripe_count = 2;
	assert_int_equal(migrate_a(fs, &o, &r, &e), 0);
	assert_true(r.skipped);
	assert_string_equal(fs->trace, "open(a) migrate_lock(a) layout_fill(a) "
		"finish(a,0) close(a) end_batch");
	assert_content(a, &before, true);
	migrate_result_free(&r);

	fs->trace[0] = '\0';
	fs->usable &= ~2u;
	assert_int_equal(migrate_a(fs, &o, &r, &e), 0);
	assert_false(r.skipped);
	assert_non_null(strstr(fs->trace, "swap(a)"));
	assert_int_equal(a->c.layout->comps[0].objects[0].ost, 2);
	assert_int_equal(a->c.layout->comps[0].objects[1].ost, 3);
	migrate_result_free(&r);
	content_free(&before);
}

/* migrate -C 2 of a file on two distinct OSTs: the allocator would clear
 * the overstriping flag (lod_qos.c), so the file is already there. With
 * an OST list the flag is kept as asked, so a raid0 file is not. */
static void test_already_overstriped(void **state)
{
	struct fake_fs *fs = *state;
	struct fake_file *a = add_a(fs);
	struct migrate_opts o = { .layout = fs->req };
	struct migrate_result r;
	struct lfs_error e;

	fs->req->comps[0].stripe_count = 2;
	fs->req->comps[0].pattern |= LFS_PATTERN_OVERSTRIPED;
	assert_int_equal(migrate_a(fs, &o, &r, &e), 0);
	assert_true(r.skipped);
	migrate_result_free(&r);

	/* Two objects on one OST meet it too, as before. */
	a->c.layout->comps[0].objects[1].ost = 0;
	a->c.layout->comps[0].pattern |= LFS_PATTERN_OVERSTRIPED;
	assert_int_equal(migrate_a(fs, &o, &r, &e), 0);
	assert_true(r.skipped);
	migrate_result_free(&r);

	a->c.layout->comps[0].objects[1].ost = 1;
	a->c.layout->comps[0].pattern = LFS_PATTERN_RAID0;
	assert_int_equal(layout_set_ost_list(&fs->req->comps[0],
					     (uint32_t[]){ 0, 1 }, 2), 0);
	assert_int_equal(migrate_a(fs, &o, &r, &e), 0);
	assert_false(r.skipped);
	migrate_result_free(&r);
}

/* migrate -o 1,0 -i 0 of a file on OSTs 0,1: the allocator starts the
 * list at the offset, so the file is already there; -o 1,0 alone is not. */
static void test_already_listed(void **state)
{
	struct fake_fs *fs = *state;
	struct migrate_opts o = { .layout = fs->req };
	struct migrate_result r;
	struct lfs_error e;

	add_a(fs);
	fs->req->comps[0].stripe_count = 2;
	fs->req->comps[0].stripe_offset = 0;
	assert_int_equal(layout_set_ost_list(&fs->req->comps[0],
					     (uint32_t[]){ 1, 0 }, 2), 0);
	assert_int_equal(migrate_a(fs, &o, &r, &e), 0);
	assert_true(r.skipped);
	migrate_result_free(&r);

	fs->req->comps[0].stripe_offset = -1;
	assert_int_equal(migrate_a(fs, &o, &r, &e), 0);
	assert_false(r.skipped);
	migrate_result_free(&r);
}

static void progress(void *arg, const char *rel, uint64_t done, uint64_t total)
{
	char *log = arg;

	assert_string_equal(rel, "a");
	snprintf(log + strlen(log), 256 - strlen(log), "%llu/%llu ",
		 (unsigned long long)done, (unsigned long long)total);
}

/* Only data is copied, in chunks of 4 MiB; the size covers the holes. */
static void test_holes(void **state)
{
	static const struct ext ext[] = { { 0, 100000 }, { 6 * MB, 15 * MB } };
	static const struct ext copies[] = { { 0, 100000 }, { 6 * MB, 10 * MB },
		{ 10 * MB, 14 * MB }, { 14 * MB, 15 * MB } };
	struct fake_fs *fs = *state;
	struct fake_file *a = fake_add_file(fs, "a", 16 * MB, 2, ext);
	struct content before = content_dup(&a->c);
	char log[256] = "";
	struct migrate_opts o = { .layout = fs->req, .progress = progress,
		.progress_arg = log };
	struct migrate_result r;
	struct lfs_error e;

	assert_int_equal(migrate_a(fs, &o, &r, &e), 0);
	assert_int_equal(fs->nr_copies, 4);
	assert_memory_equal(fs->copies, copies, sizeof(copies));
	assert_int_equal(fs->set_size, 16 * MB);
	assert_int_equal(r.bytes, 100000 + 9 * MB);
	assert_string_equal(log, "100000/16777216 4294304/16777216 "
		"8488608/16777216 9537184/16777216 ");
	assert_non_null(strstr(fs->trace, "size(a) next_data(a) copy(a) next_data(a) "
		"copy(a) copy(a) copy(a) next_data(a) set_size(a~)"));
	assert_migrated(a, &before);
	migrate_result_free(&r);
	content_free(&before);
}

/* No layout asked for: the geometry stays, the OSTs are chosen afresh. */
static void test_same_geometry(void **state)
{
	struct fake_fs *fs = *state;
	struct fake_file *a = add_a(fs);
	struct migrate_opts o = { 0 };
	struct migrate_result r;
	struct lfs_error e;

	assert_int_equal(migrate_a(fs, &o, &r, &e), 0);
	assert_null(strstr(fs->trace, "layout_fill"));
	assert_int_equal(a->c.layout->comps[0].nr_objects, 2);
	assert_int_equal(a->c.layout->comps[0].objects[0].ost, 2);
	assert_int_equal(a->c.layout->comps[0].objects[1].ost, 3);
	assert_int_equal(a->c.layout->comps[0].stripe_size, MB);
	migrate_result_free(&r);
}

static void test_dry_run(void **state)
{
	struct fake_fs *fs = *state;
	struct fake_file *a = add_a(fs);
	struct content before = content_dup(&a->c);
	struct migrate_opts o = { .layout = fs->req, .dry_run = true };
	struct migrate_result r;
	struct lfs_error e;

	assert_int_equal(migrate_a(fs, &o, &r, &e), 0);
	assert_string_equal(fs->trace, "open(a) migrate_lock(a) layout_fill(a) "
		"volatile_open(a,dry) finish(a,0) close(a) end_batch");
	/* The layout it would get, with the OSTs chosen. */
	assert_int_equal(r.new_layout->comps[0].objects[0].ost, 2);
	assert_content(a, &before, true);
	migrate_result_free(&r);
	content_free(&before);
}

/* Each step's failure: its errno, Lustre's step name (or the backend's
 * message when it gives one), the file finished with it and unchanged. */
static void test_step_failures(void **state)
{
	static const struct {
		const char *op;
		unsigned nth;
		bool nonblock;
		int rc;
		const char *backend_msg, *msg;
	} cases[] = {
		{ "open", 1, false, -EACCES, NULL, "" },
		{ "migrate_lock", 1, false, -EBUSY, NULL,
		  "cannot get lease: another migration holds the file" },
		{ "layout_fill", 1, false, -EINVAL, NULL, "invalid layout" },
		{ "layout_fill", 1, false, -EINVAL, "OST 7 is not in pool 'flash'",
		  "OST 7 is not in pool 'flash'" },
		{ "volatile_open", 1, false, -ENOSPC, NULL, "cannot create volatile file" },
		{ "data_version", 1, false, -EIO, NULL, "cannot get dataversion" },
		{ "group_lock", 1, false, -EDEADLK, NULL, "cannot get group lock" },
		{ "size", 1, false, -EIO, NULL, "cannot stat source file" },
		{ "data_version", 1, true, -EIO, NULL, "cannot get data version" },
		{ "size", 1, true, -EIO, NULL, "cannot stat source file" },
		{ "data_version", 3, true, -EIO, NULL, "cannot get data version" },
		{ "next_data", 1, false, -EIO, NULL, "data copy failed" },
		{ "copy", 1, false, -ENOSPC, NULL, "data copy failed" },
		{ "copy", 1, false, -EIO, "OST0001: object lost", "OST0001: object lost" },
		{ "set_size", 1, false, -EFBIG, NULL, "data copy failed" },
		{ "sync_data", 1, false, -EIO, NULL, "data copy failed" },
		{ "swap_prepare", 1, false, -EIO, NULL, "cannot swap layout" },
		{ "commit_intents", 1, false, -ENOSPC, NULL, "cannot swap layout" },
		{ "swap", 1, false, -EIO, NULL, "cannot swap layout" },
		{ "swap_sync", 1, false, -EIO, NULL, "cannot swap layout" },
		{ "swap_sync", 1, true, -EIO, NULL, "cannot swap layout" },
	};
	struct fake_fs *fs = *state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct migrate_opts o = { .nonblock = cases[i].nonblock };
		struct fake_file *a;
		struct content before;
		struct migrate_result r;
		struct lfs_error e;
		char fin[48];
		struct rule *ru;

		fake_fs_free(fs);
		fake_fs_init(fs);
		o.layout = fs->req;
		a = add_a(fs);
		before = content_dup(&a->c);
		ru = fake_rule(fs, cases[i].op, NULL, cases[i].nth, cases[i].rc);
		ru->msg = cases[i].backend_msg;
		assert_int_equal(migrate_a(fs, &o, &r, &e), cases[i].rc);
		assert_string_equal(e.msg, cases[i].msg);
		snprintf(fin, sizeof(fin), "finish(a,%d) close(a) end_batch", cases[i].rc);
		if (strcmp(cases[i].op, "open"))
			assert_trace_ends(fs, fin);
		else
			assert_string_equal(fs->trace, "open(a) end_batch");
		assert_content(a, &before, true);
		content_free(&before);
		migrate_result_free(&r);
	}
}

/* What is not a regular file with a layout is refused, untouched. */
static void test_refused(void **state)
{
	static const struct {
		const char *name;
		mode_t mode;
		bool corrupt, no_layout;
		int rc;
		const char *msg;
	} cases[] = {
		{ "l", S_IFLNK | 0777, false, false, -ELOOP,
		  "is a symbolic link: not followed, migrate its target" },
		{ "d", S_IFDIR | 0755, false, false, -EISDIR, "is a directory: migrate its files" },
		{ "p", S_IFIFO | 0644, false, false, -EINVAL, "not a regular file" },
		{ "c", S_IFREG | 0644, true, false, -EINVAL, "layout is corrupt" },
		{ "n", S_IFREG | 0644, false, true, -ENODATA, "has no layout" },
		{ "gone", 0, false, false, -ENOENT, "" },
	};
	struct fake_fs *fs = *state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct migrate_opts o = { .layout = fs->req };
		struct migrate_result r;
		struct lfs_error e;
		struct fake_file *f = fake_add_file(fs, cases[i].name, 10, 0, NULL);
		char want[64];

		fs->trace[0] = '\0';
		f->mode = cases[i].mode;
		f->corrupt = cases[i].corrupt;
		if (cases[i].no_layout) {
			layout_free(f->c.layout);
			f->c.layout = NULL;
		}
		if (!cases[i].mode)
			snprintf(f->name, sizeof(f->name), "x");
		assert_int_equal(migrate_file(&fake_backend, fs, cases[i].name, &o, &r, &e),
				 cases[i].rc);
		assert_string_equal(e.msg, cases[i].msg);
		if (cases[i].no_layout)
			snprintf(want, sizeof(want), "open(n) finish(n,-61) close(n) end_batch");
		else
			snprintf(want, sizeof(want), "open(%s) end_batch", cases[i].name);
		assert_string_equal(fs->trace, want);
		migrate_result_free(&r);
		fake_fs_free(fs);
		fake_fs_init(fs);
	}
}

/* A batch shares commit_intents, its syncs and end_batch; one file that
 * fails leaves the others migrated. */
static void test_batch(void **state)
{
	struct fake_fs *fs = *state;
	struct content before[3];
	struct migrate_opts o = { .layout = fs->req };
	struct migrate_result res[3];
	struct lfs_error errs[3];
	int rcs[3];

	for (int i = 0; i < 3; i++)
		before[i] = content_dup(&fake_add_file(fs, abc[i], 1000, 1,
					&(struct ext){ 0, 1000 })->c);
	fake_rule(fs, "copy", "b", 1, -ENOSPC);
	assert_int_equal(migrate_abc(fs, &o, res, errs, rcs), -ENOSPC);
	assert_int_equal(rcs[0], 0);
	assert_int_equal(rcs[1], -ENOSPC);
	assert_int_equal(rcs[2], 0);
	assert_string_equal(errs[0].msg, "");
	assert_string_equal(errs[1].msg, "data copy failed");
	assert_trace_ends(fs, "set_size(c~) "
		"sync_all swap_prepare(a) swap_prepare(c) commit_intents(a,c) "
		"swap(a) swap(c) sync_all finish(a,0) close(a) finish(b,-28) close(b) "
		"finish(c,0) close(c) end_batch");
	assert_migrated(&fs->files[0], &before[0]);
	assert_content(&fs->files[1], &before[1], true);
	assert_migrated(&fs->files[2], &before[2]);
	for (int i = 0; i < 3; i++) {
		migrate_result_free(&res[i]);
		content_free(&before[i]);
	}
}

/* One file left in a batch syncs on its own; a failed commit of the
 * intents fails every file that reached it, each left as it was (here
 * beside one already migrated, so skipped). */
static void test_batch_sync_and_commit(void **state)
{
	struct fake_fs *fs = *state;
	struct content before[3];
	struct migrate_opts o = { .layout = fs->req };
	struct migrate_result res[3];
	struct lfs_error errs[3];
	int rcs[3];

	for (int i = 0; i < 3; i++)
		before[i] = content_dup(&fake_add_file(fs, abc[i], 1000, 1,
					&(struct ext){ 0, 1000 })->c);
	fake_rule(fs, "open", "b", 1, -EACCES);
	fake_rule(fs, "group_lock", "c", 1, -EDEADLK);
	assert_int_equal(migrate_abc(fs, &o, res, errs, rcs), -EACCES);
	assert_int_equal(rcs[0], 0);
	assert_int_equal(rcs[1], -EACCES);
	assert_int_equal(rcs[2], -EDEADLK);
	assert_trace_ends(fs, "set_size(a~) "
		"open(b) open(c) migrate_lock(c) layout_fill(c) volatile_open(c) "
		"data_version(c) group_lock(c) sync_data(a~) swap_prepare(a) "
		"commit_intents(a) swap(a) swap_sync(a) finish(a,0) close(a) "
		"finish(c,-35) close(c) end_batch");
	assert_migrated(&fs->files[0], &before[0]);
	for (int i = 0; i < 3; i++)
		migrate_result_free(&res[i]);

	fs->nr_rules = 0;
	fs->trace[0] = '\0';
	fake_rule(fs, "commit_intents", NULL, 1, -EIO);
	assert_int_equal(migrate_abc(fs, &o, res, errs, rcs), -EIO);
	assert_true(res[0].skipped);
	assert_int_equal(rcs[0], 0);
	for (int i = 1; i < 3; i++) {
		assert_int_equal(rcs[i], -EIO);
		assert_string_equal(errs[i].msg, "cannot swap layout");
	}
	for (int i = 0; i < 3; i++)
		migrate_result_free(&res[i]);
	assert_trace_ends(fs, "set_size(c~) "
		"sync_all swap_prepare(b) swap_prepare(c) commit_intents(b,c) "
		"finish(a,0) close(a) finish(b,-5) close(b) finish(c,-5) close(c) "
		"end_batch");
	assert_content(&fs->files[1], &before[1], true);
	assert_content(&fs->files[2], &before[2], true);
	for (int i = 0; i < 3; i++)
		content_free(&before[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_block, setup, teardown),
		cmocka_unit_test_setup_teardown(test_block_write_before_lock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_block_size_changed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nonblock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nonblock_changes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_already_there, setup, teardown),
		cmocka_unit_test_setup_teardown(test_already_overstriped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_already_listed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_holes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_same_geometry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dry_run, setup, teardown),
		cmocka_unit_test_setup_teardown(test_step_failures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_batch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_batch_sync_and_commit, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
