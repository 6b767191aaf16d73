/*
 * fake_backend.h - a migrate backend (lib/backend.h) of files in memory,
 * for unit tests of lib/migrate.c without a store on disk.
 *
 * A struct fake_fs holds up to three files: a layout, data with explicit
 * extents (the rest holes), a data version and the lease and lock flags.
 * Every operation but the queries layout and ost_acceptable appends
 * "op(arg)" to fs->trace in call order (arg: the file, its volatile
 * "name~", the files of commit_intents, "file,rc" for finish) and goes
 * through fs->rules, which can run a hook (a writer, a broken lease) and
 * fail the n-th call of an operation. swap_prepare answers as
 * llapi_fswap_layouts() would: an errno, no message. swap exchanges
 * layout and data with the volatile; finish undoes a swap that failed and
 * frees the volatile. fake_fs_free() asserts that every handle was
 * closed, every volatile freed and every lock released.
 */
#ifndef LFS_FAKE_BACKEND_H
#define LFS_FAKE_BACKEND_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "backend.h"
#include "testutil.h"

#define MB (1ULL << 20)
#define FAKE_OSTS 4
#define SWAP(x, y) do { __typeof__(x) t_ = (x); (x) = (y); (y) = t_; } while (0)

struct ext {
	uint64_t start, end;
};

/* What a layout swap exchanges: the layout and the data its objects hold,
 * [0, size) of which the extents are data and the rest holes. */
struct content {
	struct lfs_layout *layout;
	uint8_t *data;
	uint64_t size;
	struct ext ext[8];
	unsigned nr_ext;
};

struct fake_file {
	char name[8];
	mode_t mode;
	bool corrupt;                   /* regular, but open says -EINVAL */
	struct content c;
	uint64_t dv;
	bool lease_broken, migrate_locked, group_locked, layout_locked;
};

/* On the nth call of op (on file, or on any when NULL): run hook on the
 * file (the first one for volatiles and batch-wide ops), then fail with
 * rc (0: go on) and, if given, msg. */
struct rule {
	const char *op, *file;
	unsigned nth, seen;
	void (*hook)(struct fake_file *f);
	int rc;
	const char *msg;
};

struct fake_fs {
	struct fake_file files[3];
	unsigned nr_files;
	uint32_t usable;                /* OSTs objects may stay on */
	struct lfs_layout *req;         /* a request: one stripe */
	struct rule rules[4];
	unsigned nr_rules;
	char trace[2048];
	struct ext copies[16];          /* the ranges copy was asked for */
	unsigned nr_copies;
	uint64_t set_size, dv1;         /* set_size's size, swap_prepare's dv1 */
	bool check_lease;               /* swap_prepare's */
	int handles, volatiles;         /* open now */
	uint64_t next_id;
};

struct lfs_bfile {
	struct fake_fs *fs;
	struct fake_file *f;            /* a source in fs, or its own volatile */
	bool migrate_locked, committed, swapped;
	uint32_t gens[2];               /* source's and volatile's before swap */
};

static inline struct fake_file *fake_find(struct fake_fs *fs, const char *name)
{
	for (unsigned i = 0; name && i < fs->nr_files; i++)
		if (!strcmp(fs->files[i].name, name))
			return &fs->files[i];
	return NULL;
}

static inline int fake_call(struct fake_fs *fs, const char *op,
			    const char *arg, struct lfs_error *e)
{
	size_t len = strlen(fs->trace);
	int rc = 0;

	snprintf(fs->trace + len, sizeof(fs->trace) - len, "%s%s%s%s%s",
		 len ? " " : "", op, arg ? "(" : "", arg ? arg : "", arg ? ")" : "");
	for (unsigned i = 0; i < fs->nr_rules; i++) {
		struct rule *r = &fs->rules[i];
		struct fake_file *f = fake_find(fs, arg);

		if (strcmp(r->op, op) || (r->file && (!arg || strcmp(r->file, arg))) ||
		    ++r->seen != r->nth)
			continue;
		if (r->hook)
			r->hook(f ? f : &fs->files[0]);
		if (r->rc)
			rc = r->msg ? lfs_error_set(e, r->rc, "%s", r->msg) : r->rc;
	}
	return rc;
}

static inline struct rule *fake_rule(struct fake_fs *fs, const char *op,
				     const char *file, unsigned nth, int rc)
{
	struct rule *r;

	assert_true(fs->nr_rules < sizeof(fs->rules) / sizeof(fs->rules[0]));
	r = &fs->rules[fs->nr_rules++];
	*r = (struct rule){ .op = op, .file = file, .nth = nth, .rc = rc };
	return r;
}

static inline void content_resize(struct content *c, uint64_t size)
{
	uint8_t *d = realloc(c->data, size ? size : 1);

	assert_non_null(d);
	if (size > c->size)
		memset(d + c->size, 0, size - c->size);
	c->data = d;
	c->size = size;
}

/* Hooks: what another process does meanwhile. */
static inline void hook_write(struct fake_file *f)
{
	f->c.data[f->c.ext[0].start] ^= 0xff;
	f->dv++;
}

static inline void hook_append(struct fake_file *f)
{
	content_resize(&f->c, f->c.size + 10);
	f->dv++;
}

static inline void hook_break_lease(struct fake_file *f)
{
	f->lease_broken = true;
}

static inline void content_free(struct content *c)
{
	layout_free(c->layout);
	free(c->data);
}

static inline struct content content_dup(const struct content *c)
{
	struct content d = *c;

	d.layout = layout_dup(c->layout);
	d.data = malloc(c->size ? c->size : 1);
	assert_non_null(d.layout);
	assert_non_null(d.data);
	memcpy(d.data, c->data, c->size);
	return d;
}

/* A regular file of size bytes with data in ext[0..n), striped over OSTs
 * 0 and 1 (the fake allocator starts new objects on OST 2). */
static inline struct fake_file *fake_add_file(struct fake_fs *fs,
					      const char *name, uint64_t size,
					      unsigned n, const struct ext *ext)
{
	struct fake_file *f = &fs->files[fs->nr_files];
	struct lfs_component comp = { .end = LFS_EOF, .pattern = LFS_PATTERN_RAID0,
		.stripe_size = MB, .stripe_count = 2, .stripe_offset = 0 };
	struct lfs_object objs[2] = { { 0, ++fs->next_id }, { 1, ++fs->next_id } };

	assert_true(fs->nr_files++ < sizeof(fs->files) / sizeof(fs->files[0]));
	snprintf(f->name, sizeof(f->name), "%s", name);
	f->mode = S_IFREG | 0644;
	f->dv = 7;
	content_resize(&f->c, size);
	for (unsigned i = 0; i < n; i++) {
		f->c.ext[i] = ext[i];
		for (uint64_t o = ext[i].start; o < ext[i].end; o++)
			f->c.data[o] = (uint8_t)(o * 7 + (uint8_t)name[0]);
	}
	f->c.nr_ext = n;
	f->c.layout = layout_new();
	assert_non_null(f->c.layout);
	assert_int_equal(layout_add_component(f->c.layout, &comp), 0);
	assert_int_equal(layout_set_objects(&f->c.layout->comps[0], objs, 2), 0);
	f->c.layout->gen = 3;
	return f;
}

static inline struct lfs_bfile *fake_handle(struct fake_fs *fs,
					    struct fake_file *f)
{
	struct lfs_bfile *h = calloc(1, sizeof(*h));

	assert_non_null(h);
	h->fs = fs;
	h->f = f;
	fs->handles++;
	return h;
}

static int fake_open(void *vfs, const char *path, struct lfs_bfile **out,
		     struct stat *st, struct lfs_error *e)
{
	struct fake_fs *fs = vfs;
	struct fake_file *f = fake_find(fs, path);
	int rc = fake_call(fs, "open", path, e);

	if (rc)
		return rc;
	if (!f)
		return -ENOENT;
	memset(st, 0, sizeof(*st));
	st->st_mode = f->mode;
	st->st_size = (off_t)f->c.size;
	if (S_ISLNK(f->mode))
		return -ELOOP;
	if (S_ISDIR(f->mode))
		return -EISDIR;
	if (!S_ISREG(f->mode) || f->corrupt)
		return -EINVAL;
	*out = fake_handle(fs, f);
	return 0;
}

static void fake_close(struct lfs_bfile *h)
{
	if (!h)
		return;
	fake_call(h->fs, "close", h->f->name, NULL);
	if (h->migrate_locked)
		h->f->migrate_locked = false;
	h->fs->handles--;
	free(h);
}

static const struct lfs_layout *fake_layout(struct lfs_bfile *h)
{
	return h->f->c.layout;
}

static int fake_data_version(struct lfs_bfile *h, uint64_t *dv)
{
	int rc = fake_call(h->fs, "data_version", h->f->name, NULL);

	if (!rc)
		*dv = h->f->dv;
	return rc;
}

static int fake_size(struct lfs_bfile *h, uint64_t *size)
{
	int rc = fake_call(h->fs, "size", h->f->name, NULL);

	if (!rc)
		*size = h->f->c.size;
	return rc;
}

static int fake_migrate_lock(struct lfs_bfile *h)
{
	int rc = fake_call(h->fs, "migrate_lock", h->f->name, NULL);

	if (rc)
		return rc;
	if (h->f->migrate_locked)
		return -EBUSY;
	h->f->migrate_locked = h->migrate_locked = true;
	return 0;
}

static int fake_group_lock(struct lfs_bfile *h)
{
	int rc = fake_call(h->fs, "group_lock", h->f->name, NULL);

	if (!rc)
		h->f->group_locked = true;
	return rc;
}

static bool fake_lease_broken(struct lfs_bfile *h)
{
	fake_call(h->fs, "lease_broken", h->f->name, NULL);
	return h->f->lease_broken;
}

static int fake_layout_fill(void *vfs, const char *path,
			    const struct lfs_layout *req, struct lfs_layout **out,
			    struct lfs_error *e)
{
	struct lfs_layout *l;
	int rc = fake_call(vfs, "layout_fill", path, e);

	if (rc)
		return rc;
	l = layout_dup(req);
	assert_non_null(l);
	for (uint32_t i = 0; i < l->nr_comps; i++) {
		if (!l->comps[i].stripe_size)
			l->comps[i].stripe_size = MB;
		if (!l->comps[i].stripe_count)
			l->comps[i].stripe_count = 1;
	}
	*out = l;
	return 0;
}

static bool fake_ost_acceptable(void *vfs, const char *path, uint32_t ost,
				const char *pool)
{
	struct fake_fs *fs = vfs;

	(void)path;
	(void)pool;
	return fs->usable & (1u << ost);
}

/* Objects for the first component and every one [0, size) reaches, from
 * OST 2 on unless an offset is asked for. */
static int fake_volatile_open(struct lfs_bfile *src, const char *path,
			      struct lfs_layout *want, uint64_t size, bool dry_run,
			      uint32_t *capped, struct lfs_bfile **out,
			      struct lfs_error *e)
{
	struct fake_fs *fs = src->fs;
	struct fake_file *v;
	char arg[16];
	int rc;

	(void)capped;
	snprintf(arg, sizeof(arg), "%s%s", path, dry_run ? ",dry" : "");
	rc = fake_call(fs, "volatile_open", arg, e);
	if (rc)
		return rc;
	for (uint32_t i = 0; i < want->nr_comps; i++) {
		struct lfs_component *c = &want->comps[i];
		struct lfs_object objs[FAKE_OSTS];
		uint32_t n = c->stripe_count > 0 && c->stripe_count < FAKE_OSTS ?
			     (uint32_t)c->stripe_count : FAKE_OSTS;
		uint32_t first = c->stripe_offset >= 0 ? (uint32_t)c->stripe_offset : 2;

		if (i && c->start >= size)
			break;
		for (uint32_t k = 0; k < n; k++)
			objs[k] = (struct lfs_object){ (first + k) % FAKE_OSTS,
						       ++fs->next_id };
		assert_int_equal(layout_set_objects(c, objs, n), 0);
	}
	if (dry_run)
		return 0;
	v = calloc(1, sizeof(*v));
	assert_non_null(v);
	snprintf(v->name, sizeof(v->name), "%s~", path);
	v->mode = S_IFREG | 0600;
	v->c.layout = layout_dup(want);
	assert_non_null(v->c.layout);
	fs->volatiles++;
	*out = fake_handle(fs, v);
	return 0;
}

static int fake_next_data(struct lfs_bfile *h, uint64_t off, uint64_t *start,
			  uint64_t *end, struct lfs_error *e)
{
	int rc = fake_call(h->fs, "next_data", h->f->name, e);

	if (rc)
		return rc;
	for (unsigned i = 0; i < h->f->c.nr_ext; i++) {
		const struct ext *x = &h->f->c.ext[i];

		if (x->end > off) {
			*start = x->start > off ? x->start : off;
			*end = x->end;
			return 0;
		}
	}
	return -ENXIO;
}

static int fake_copy(struct lfs_bfile *src, struct lfs_bfile *vol, uint64_t off,
		     uint64_t len, struct lfs_error *e)
{
	struct fake_fs *fs = src->fs;
	struct content *v = &vol->f->c;
	int rc = fake_call(fs, "copy", src->f->name, e);

	if (rc)
		return rc;
	assert_true(off + len <= src->f->c.size);
	assert_true(fs->nr_copies < sizeof(fs->copies) / sizeof(fs->copies[0]));
	fs->copies[fs->nr_copies++] = (struct ext){ off, off + len };
	if (off + len > v->size)
		content_resize(v, off + len);
	memcpy(v->data + off, src->f->c.data + off, len);
	if (v->nr_ext && v->ext[v->nr_ext - 1].end == off) {
		v->ext[v->nr_ext - 1].end += len;
	} else {
		assert_true(v->nr_ext < sizeof(v->ext) / sizeof(v->ext[0]));
		v->ext[v->nr_ext++] = (struct ext){ off, off + len };
	}
	return 0;
}

static int fake_set_size(struct lfs_bfile *vol, uint64_t size)
{
	int rc = fake_call(vol->fs, "set_size", vol->f->name, NULL);

	if (!rc) {
		vol->fs->set_size = size;
		content_resize(&vol->f->c, size);
	}
	return rc;
}

static int fake_sync_data(struct lfs_bfile *vol)
{
	return fake_call(vol->fs, "sync_data", vol->f->name, NULL);
}

/* As llapi_fswap_layouts() would: an errno, no message. */
static int fake_swap_prepare(struct lfs_bfile *src, struct lfs_bfile *vol,
			     uint64_t dv1, bool check_lease, struct lfs_error *e)
{
	int rc = fake_call(src->fs, "swap_prepare", src->f->name, e);

	(void)vol;
	if (rc)
		return rc;
	src->fs->dv1 = dv1;
	src->fs->check_lease = check_lease;
	src->f->layout_locked = true;
	if (dv1 != src->f->dv)
		return -EAGAIN;
	return check_lease && src->f->lease_broken ? -EBUSY : 0;
}

static int fake_commit_intents(struct lfs_bfile *const *srcs, size_t n)
{
	char arg[32] = "";
	int rc;

	assert_true(n > 0);
	for (size_t i = 0; i < n; i++)
		snprintf(arg + strlen(arg), sizeof(arg) - strlen(arg), "%s%s",
			 i ? "," : "", srcs[i]->f->name);
	rc = fake_call(srcs[0]->fs, "commit_intents", arg, NULL);
	for (size_t i = 0; !rc && i < n; i++)
		srcs[i]->committed = true;
	return rc;
}

static int fake_swap(struct lfs_bfile *src, struct lfs_bfile *vol)
{
	struct lfs_layout *a = src->f->c.layout, *b = vol->f->c.layout;
	int rc = fake_call(src->fs, "swap", src->f->name, NULL);

	if (rc)
		return rc;
	/* Never without a durable intent: a crash could not be repaired. */
	assert_true(src->committed);
	src->gens[0] = a->gen;
	src->gens[1] = b->gen;
	a->gen = b->gen = (a->gen > b->gen ? a->gen : b->gen) + 1;
	SWAP(src->f->c, vol->f->c);
	src->swapped = true;
	return 0;
}

static int fake_swap_sync(struct lfs_bfile *src)
{
	return fake_call(src->fs, "swap_sync", src->f->name, NULL);
}

/* A failed swap is undone (as the store settles it from the intent);
 * the volatile goes, with the old content once swapped. */
static void fake_finish(struct lfs_bfile *src, struct lfs_bfile *vol, int rc)
{
	char arg[24];

	snprintf(arg, sizeof(arg), "%s,%d", src->f->name, rc);
	fake_call(src->fs, "finish", arg, NULL);
	if (src->swapped && rc) {
		SWAP(src->f->c, vol->f->c);
		src->f->c.layout->gen = src->gens[0];
		vol->f->c.layout->gen = src->gens[1];
	}
	src->f->layout_locked = src->f->group_locked = false;
	if (vol) {
		content_free(&vol->f->c);
		free(vol->f);
		src->fs->volatiles--;
		src->fs->handles--;
		free(vol);
	}
}

static int fake_sync_all(void *vfs)
{
	return fake_call(vfs, "sync_all", NULL, NULL);
}

static void fake_end_batch(void *vfs)
{
	fake_call(vfs, "end_batch", NULL, NULL);
}

static const struct lfs_backend_ops fake_backend = {
	.name = "fake",
	.open = fake_open,
	.close = fake_close,
	.layout = fake_layout,
	.data_version = fake_data_version,
	.size = fake_size,
	.migrate_lock = fake_migrate_lock,
	.group_lock = fake_group_lock,
	.lease_broken = fake_lease_broken,
	.layout_fill = fake_layout_fill,
	.ost_acceptable = fake_ost_acceptable,
	.volatile_open = fake_volatile_open,
	.next_data = fake_next_data,
	.copy = fake_copy,
	.set_size = fake_set_size,
	.sync_data = fake_sync_data,
	.swap_prepare = fake_swap_prepare,
	.commit_intents = fake_commit_intents,
	.swap = fake_swap,
	.swap_sync = fake_swap_sync,
	.finish = fake_finish,
	.sync_all = fake_sync_all,
	.end_batch = fake_end_batch,
};

static inline void fake_fs_init(struct fake_fs *fs)
{
	struct lfs_component c = { .end = LFS_EOF, .pattern = LFS_PATTERN_RAID0,
		.stripe_count = 1, .stripe_offset = -1 };

	memset(fs, 0, sizeof(*fs));
	fs->usable = (1u << FAKE_OSTS) - 1;
	fs->req = layout_new();
	assert_non_null(fs->req);
	assert_int_equal(layout_add_component(fs->req, &c), 0);
}

/* Every handle closed, every volatile gone, every lock released. */
static inline void fake_fs_free(struct fake_fs *fs)
{
	assert_int_equal(fs->handles, 0);
	assert_int_equal(fs->volatiles, 0);
	for (unsigned i = 0; i < fs->nr_files; i++) {
		struct fake_file *f = &fs->files[i];

		assert_false(f->migrate_locked || f->group_locked || f->layout_locked);
		content_free(&f->c);
	}
	layout_free(fs->req);
}

#endif
