/* ost_admin.c - growing and shrinking the store: lfs ost add and remove,
 * and the handle's view of its OSTs (store_osts_sync).
 *
 * Adding is crash-safe by ordering, under the configuration lock:
 *   1. ost/ADDING names the directories about to be made (fsynced,
 *      renamed into place);
 *   2. each new OST directory is made (O/0/d0..d31, LAST_ID);
 *   3. lfs-store.conf is rewritten with the new OSTs (the commit);
 *   4. ost/ADDING is removed.
 * A kill before 3 leaves the old store plus directories no configuration
 * names: the next `ost add`, and recovery (lfsck), remove what ADDING
 * lists for indexes the configuration lacks. A kill after 3 leaves the
 * new store and a stale ADDING, removed the same way.
 * Removing marks the OST removed in the configuration (a tombstone: its
 * index is never reused), then removes its empty directory; a kill
 * between leaves a directory no OST uses, which the same cleanup
 * removes. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fault.h"
#include "fdio.h"
#include "inode.h"
#include "journal.h"
#include "ostindex.h"
#include "find.h"
#include "ost.h"
#include "spare.h"
#include "store_internal.h"
#include "walk.h"

#define ADDING "ost/ADDING"

bool store_ost_path_ok(const char *path)
{
	size_t n = strlen(path);

	if (!n || n >= LFS_OST_PATH_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)path[i] <= ' ' || path[i] == 0x7f)
			return false;
	return true;
}

int store_ost_dir(const struct lfs_store *s, uint32_t ost, char *buf,
		  size_t len)
{
	const struct lfs_ost_conf *o = &s->conf->osts[ost];
	int n;

	if (!o->path[0])
		n = snprintf(buf, len, "%s/ost/OST%04x", s->path, ost);
	else if (o->path[0] == '/')
		n = snprintf(buf, len, "%s", o->path);
	else
		n = snprintf(buf, len, "%s/%s", s->path, o->path);
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

int store_ost_state(const struct lfs_store *s, uint32_t ost)
{
	if (ost >= s->conf->ost_count)
		return -ENODEV;
	if (s->conf->osts[ost].removed)
		return -ENODEV;
	if (ost >= s->nr_ost_slots || s->ost_fd[ost] < 0)
		return ost < s->nr_ost_slots && s->ost_errno[ost] ?
		       -s->ost_errno[ost] : -ENOMEDIUM;
	return 0;
}

static int grow(struct lfs_store *s, uint32_t n)
{
	void *p;

#define GROW(field) \
	do { \
		p = realloc(s->field, n * sizeof(*s->field)); \
		if (!p) \
			return -ENOMEM; \
		s->field = p; \
	} while (0)
	GROW(ost_fd);
	GROW(ost_dev);
	GROW(ost_errno);
	GROW(usage);
	GROW(id_next);
	GROW(id_end);
#undef GROW
	for (uint32_t i = s->nr_ost_slots; i < n; i++) {
		s->ost_fd[i] = -1;
		s->ost_dev[i] = 0;
		s->ost_errno[i] = 0;
		memset(&s->usage[i], 0, sizeof(s->usage[i]));
		s->usage[i].fd = -1;
		s->id_next[i] = s->id_end[i] = 0;
	}
	s->nr_ost_slots = n;
	return 0;
}

int store_osts_sync(struct lfs_store *s)
{
	struct lfs_conf *c = s->conf;
	char dir[PATH_MAX];
	struct stat st;
	int rc = 0;

	if (c->ost_count > s->nr_ost_slots && (rc = grow(s, c->ost_count)))
		return rc;
	for (uint32_t i = 0; i < c->ost_count; i++) {
		if (c->osts[i].removed) {
			if (s->ost_fd[i] >= 0)
				close(s->ost_fd[i]);
			s->ost_fd[i] = -1;
			counter_unmap(&s->usage[i]);
			continue;
		}
		if (s->ost_fd[i] < 0) {
			s->ost_errno[i] = store_ost_dir(s, i, dir, sizeof(dir)) ?
					  ENAMETOOLONG : 0;
			if (!s->ost_errno[i])
				s->ost_fd[i] = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
			if (!s->ost_errno[i] && s->ost_fd[i] < 0)
				s->ost_errno[i] = errno;
			if (s->ost_fd[i] >= 0 && fstat(s->ost_fd[i], &st) == 0)
				s->ost_dev[i] = st.st_dev;
		}
		/* Unavailable: out of service in this handle's view (df, ost
		 * list, the allocator), not in the configuration. */
		if (s->ost_fd[i] < 0)
			c->osts[i].state = OST_INACTIVE;
	}
	return 0;
}

/* Remove an OST directory made by store_ost_make() (and what the store
 * put there while it served: USAGE, an empty spare directory). Anything
 * else in it stops the removal: it is not ours to delete. */
static int unmake(const char *dir)
{
	char sub[PATH_MAX];
	static const char *const files[] = { "LAST_ID", "USAGE" };
	static const char *const dirs[] = { "O/0/spare", "O/0", "O" };

	for (int d = 0; d < 32; d++) {
		snprintf(sub, sizeof(sub), "%s/O/0/d%d", dir, d);
		if (rmdir(sub) < 0 && errno != ENOENT)
			return -errno;
	}
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(sub, sizeof(sub), "%s/%s", dir, files[i]);
		if (unlink(sub) < 0 && errno != ENOENT)
			return -errno;
	}
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(sub, sizeof(sub), "%s/%s", dir, dirs[i]);
		if (rmdir(sub) < 0 && errno != ENOENT)
			return -errno;
	}
	return rmdir(dir) < 0 && errno != ENOENT ? -errno : 0;
}

/* The absolute form of a recorded OST directory. */
static void resolve(const struct lfs_store *s, const char *rec, char *buf,
		    size_t len)
{
	if (rec[0] == '/')
		snprintf(buf, len, "%s", rec);
	else
		snprintf(buf, len, "%s/%s", s->path, rec);
}

int ost_add_cleanup(struct lfs_store *s, const struct lfs_conf *c)
{
	char line[LFS_OST_PATH_MAX + 32], dir[PATH_MAX], rec[LFS_OST_PATH_MAX];
	FILE *f;
	int fd, rc = 0;

	fd = openat(s->dir_fd, ADDING, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno != ENOENT)
		return -errno;
	f = fd < 0 ? NULL : fdopen(fd, "r");
	if (fd >= 0 && !f) {
		close(fd);
		return -ENOMEM;
	}
	while (f && !rc && fgets(line, sizeof(line), f)) {
		unsigned idx;

		if (sscanf(line, "%u %255s", &idx, rec) != 2)
			continue;
		if (idx < c->ost_count)
			continue;       /* committed: the OST is in the store */
		resolve(s, rec, dir, sizeof(dir));
		rc = unmake(dir);
	}
	if (f)
		fclose(f);
	if (f && !rc && unlinkat(s->dir_fd, ADDING, 0) < 0 && errno != ENOENT)
		rc = -errno;
	/* A removed OST whose directory stayed (killed in between): best
	 * effort, what is not ours (a live handle's spare) stays. */
	for (uint32_t i = 0; !rc && i < c->ost_count; i++) {
		if (!c->osts[i].removed)
			continue;
		if (c->osts[i].path[0])
			resolve(s, c->osts[i].path, dir, sizeof(dir));
		else
			snprintf(dir, sizeof(dir), "%s/ost/OST%04x", s->path, i);
		unmake(dir);
	}
	return rc;
}

int store_ost_cleanup(struct lfs_store *s, struct lfs_error *e)
{
	struct lfs_conf *c = malloc(sizeof(*c));
	int lock_fd, rc;

	if (!c)
		return -ENOMEM;
	lock_fd = openat(s->dir_fd, ".", O_RDONLY | O_CLOEXEC);
	rc = lock_fd < 0 ? -errno : flock(lock_fd, LOCK_EX) < 0 ? -errno : 0;
	if (!rc)
		rc = store_conf_read(s->dir_fd, c, e);
	if (!rc && (rc = ost_add_cleanup(s, c)))
		lfs_error_set(e, rc, "cannot undo an interrupted ost add: %s",
			      strerror(-rc));
	if (lock_fd >= 0)
		close(lock_fd);
	free(c);
	return rc;
}

struct ost_add {
	struct lfs_store *s;
	const struct lfs_ost_add_opts *o;
	const char *base;    /* recorded form of --path, NULL: ost/ */
	uint32_t first;
};

static int write_intent(struct lfs_store *s, const char *text)
{
	int fd = openat(s->dir_fd, ADDING ".tmp",
			O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	size_t n = strlen(text);
	int rc = 0;

	if (fd < 0)
		return -errno;
	if (!(rc = fd_write_all(fd, text, n)) && fsync(fd) < 0)
		rc = -errno;
	close(fd);
	if (!rc && renameat(s->dir_fd, ADDING ".tmp", s->dir_fd, ADDING) < 0)
		rc = -errno;
	return rc;
}

static int add_apply(struct lfs_conf *c, void *arg, struct lfs_error *e)
{
	struct ost_add *a = arg;
	uint32_t n = a->o->count ? a->o->count : 1;
	uint64_t cap = a->o->size;
	char (*rec)[LFS_OST_PATH_MAX] = NULL;
	char *intent = NULL, dir[PATH_MAX];
	size_t len = 0;
	int rc;

	rc = ost_add_cleanup(a->s, c);
	if (rc)
		return lfs_error_set(e, rc, "cannot undo an interrupted ost add: %s",
				     strerror(-rc));
	if (n > LFS_MAX_OSTS - c->ost_count)
		return lfs_error_set(e, -ENOSPC,
			"cannot add %u OST(s): the store has used %u of its %d OST indexes",
			n, c->ost_count, LFS_MAX_OSTS);
	for (uint32_t i = c->ost_count; !cap && i-- > 0;)
		if (!c->osts[i].removed)
			cap = c->osts[i].capacity;
	/* Every OST removed: the last one's size, not 0 (a store that
	 * takes no object). */
	for (uint32_t i = c->ost_count; !cap && i-- > 0;)
		cap = c->osts[i].capacity;
	a->first = c->ost_count;
	rec = calloc(n, sizeof(*rec));
	intent = malloc(n * (LFS_OST_PATH_MAX + 16) + 1);
	if (!rec || !intent) {
		rc = -ENOMEM;
		goto out;
	}
	intent[0] = '\0';
	for (uint32_t k = 0; k < n; k++) {
		uint32_t idx = a->first + k;
		int w = a->base ? snprintf(rec[k], sizeof(rec[k]), "%s/OST%04x", a->base, idx) :
				  snprintf(rec[k], sizeof(rec[k]), "ost/OST%04x", idx);

		if (w < 0 || (size_t)w >= sizeof(rec[k]) || !store_ost_path_ok(rec[k])) {
			rc = lfs_error_set(e, -ENAMETOOLONG,
				"%s: an OST directory's path must be under %d bytes",
				a->o->path, LFS_OST_PATH_MAX);
			goto out;
		}
		resolve(a->s, rec[k], dir, sizeof(dir));
		if (access(dir, F_OK) == 0) {
			rc = lfs_error_set(e, -EEXIST, "%s: already exists", dir);
			goto out;
		}
		len += (size_t)sprintf(intent + len, "%u %s\n", idx, rec[k]);
	}
	rc = write_intent(a->s, intent);
	fault_point("ost-add-intent");
	for (uint32_t k = 0; !rc && k < n; k++) {
		resolve(a->s, rec[k], dir, sizeof(dir));
		rc = store_ost_make(AT_FDCWD, dir);
		if (rc)
			lfs_error_set(e, rc, "%s: %s", dir, strerror(-rc));
		fault_point("ost-add-dir");
	}
	if (rc) {
		ost_add_cleanup(a->s, c);
		goto out;
	}
	for (uint32_t k = 0; k < n; k++) {
		struct lfs_ost_conf *o = &c->osts[a->first + k];

		memset(o, 0, sizeof(*o));
		o->capacity = cap;
		o->state = OST_ACTIVE;
		if (a->base)
			strcpy(o->path, rec[k]);
	}
	c->ost_count += n;
out:
	free(rec);
	free(intent);
	return rc;
}

static bool inside(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	return !strncmp(path, dir, n) && (path[n] == '/' || !path[n]);
}

/* A directory the store owns, which REAL is in: the namespace and the
 * metadata (mdt/), run/, an OST's directory (its objects). An OST made
 * there would be a namespace entry (lfs rm -r deletes its objects) or
 * objects no one names (lfsck). 0 or -EINVAL with e filled. */
static int owned_by_store(struct lfs_store *s, const char *real,
			  const char *hostdir, struct lfs_error *e)
{
	static const char *const own[] = { "mdt", "run" };
	char dir[PATH_MAX], *ost;

	for (size_t i = 0; i < sizeof(own) / sizeof(own[0]); i++) {
		snprintf(dir, sizeof(dir), "%s/%s", s->path, own[i]);
		if (inside(real, dir))
			return lfs_error_set(e, -EINVAL, "%s: inside %s, which the store owns",
					     hostdir, dir);
	}
	for (uint32_t i = 0; i < s->conf->ost_count; i++) {
		if (s->conf->osts[i].removed || store_ost_dir(s, i, dir, sizeof(dir)))
			continue;
		ost = realpath(dir, NULL);
		if (ost && inside(real, ost)) {
			lfs_error_set(e, -EINVAL, "%s: inside %s, which the store owns",
				      hostdir, ost);
			free(ost);
			return -EINVAL;
		}
		free(ost);
	}
	return 0;
}

/* The recorded form of HOSTDIR: relative to the store when inside it
 * (the store can move), else absolute. */
static int record_base(struct lfs_store *s, const char *hostdir, char *out,
		       size_t len, struct lfs_error *e)
{
	char *real = realpath(hostdir, NULL);
	size_t sl = strlen(s->path);
	struct stat st;
	int fd, rc;

	if (!real)
		return lfs_error_set(e, -errno, "%s: %s", hostdir, strerror(errno));
	if (stat(real, &st) < 0 || !S_ISDIR(st.st_mode)) {
		free(real);
		return lfs_error_set(e, -ENOTDIR, "%s: %s", hostdir, strerror(ENOTDIR));
	}
	fd = open(real, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	rc = fd < 0 ? lfs_error_set(e, -errno, "%s: %s", hostdir, strerror(errno)) :
		      store_check_xattrs(fd, hostdir, e);
	if (fd >= 0)
		close(fd);
	if (!rc)
		rc = owned_by_store(s, real, hostdir, e);
	if (!rc && !strcmp(real, s->path))
		snprintf(out, len, ".");
	else if (!rc && !strncmp(real, s->path, sl) && real[sl] == '/')
		snprintf(out, len, "%s", real + sl + 1);
	else if (!rc)
		snprintf(out, len, "%s", real);
	free(real);
	return rc;
}

int store_ost_add(struct lfs_store *s, const struct lfs_ost_add_opts *o,
		  uint32_t *first, struct lfs_error *e)
{
	char base[LFS_OST_PATH_MAX];
	struct ost_add a = { s, o, NULL, 0 };
	int rc;

	if (o->count > LFS_MAX_OSTS)
		return lfs_error_set(e, -EINVAL, "invalid OST count %u: 1 to %d",
				     o->count, LFS_MAX_OSTS);
	if (o->path) {
		rc = record_base(s, o->path, base, sizeof(base), e);
		if (rc)
			return rc;
		a.base = base;
	}
	rc = store_conf_update(s, add_apply, &a, e);
	if (rc)
		return rc;
	fault_point("ost-add-conf");
	*first = a.first;
	/* Empty index files (an append would make them all the same). */
	for (uint32_t i = 0; i < o->count; i++)
		if ((rc = ostindex_ost_added(s, a.first + i)))
			return lfs_error_set(e, rc, "%s: %s", OSTINDEX_DIR, strerror(-rc));
	/* Under the lock: once it was dropped, ost/ADDING may be another
	 * add's record, which only the cleanup may judge. */
	return store_ost_cleanup(s, e);
}

static int count_one(uint32_t ost, uint64_t id, void *arg)
{
	(void)ost;
	(void)id;
	(*(uint64_t *)arg)++;
	return 0;
}

struct ost_remove {
	struct lfs_store *s;
	uint32_t ost;
	const volatile sig_atomic_t *cancel;
	bool was_nocreate;
	int refused;      /* why it stays, the fence undone */
	uint64_t named;   /* layouts naming it */
	bool in_pending;  /* walking mdt/PENDING */
};

static bool names_ost(const struct lfs_layout *l, uint32_t ost)
{
	for (uint32_t i = 0; i < l->nr_comps; i++) {
		const struct lfs_component *c = &l->comps[i];

		for (uint32_t j = 0; j < c->nr_objects; j++)
			if (c->objects[j].ost == ost)
				return true;
		for (uint32_t j = 0; j < c->nr_osts; j++)
			if (c->osts[j] == ost)
				return true;
	}
	return false;
}

static int count_named(const struct walk_entry *ent, void *arg)
{
	struct ost_remove *r = arg;
	struct lfs_layout *l = NULL;
	int rc;

	if (r->cancel && *r->cancel)
		return -EINTR;
	if (ent->type != DT_REG && ent->type != DT_DIR)
		return 0;
	/* A spare volatile's layout names only destroyed objects, and its
	 * next use overwrites it (spare.h): not a layout that keeps the
	 * OST. A migration's own spares would refuse the removal of the
	 * OST it drained, in the same shell or while it runs. */
	if (r->in_pending && !strncmp(ent->name, SPARE_VOLATILE_PREFIX,
				      strlen(SPARE_VOLATILE_PREFIX)))
		return 0;
	rc = layout_xattr_getat(r->s, ent->dir_fd, ent->name, &l);
	if (!rc && names_ost(l, r->ost))
		r->named++;
	layout_free(l);
	/* Gone meanwhile, or no layout (a directory without a default). */
	if (rc && rc != -ENOENT && rc != -ENODATA)
		return rc;
	return ent->type == DT_DIR ? WALK_DESCEND : 0;
}

static int count_record_layout(const struct lfs_layout *l, void *arg)
{
	struct ost_remove *r = arg;

	r->named += names_ost(l, r->ost);
	return 0;
}

static int count_journal(const struct walk_entry *ent, void *arg)
{
	int rc, fd = openat(ent->dir_fd, ent->name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0)
		return 0;      /* its batch finished meanwhile */
	rc = journal_layouts(fd, count_record_layout, arg);
	close(fd);
	return rc;
}

/* The layouts that name the OST, by an object or an OST list (-o), of
 * the files and directory defaults of the namespace and of mdt/PENDING
 * (files being created or migrated, and those a dead process left until
 * recovery): an object no byte reaches is created only when written,
 * so a layout may name an OST that holds none of its objects. And those
 * of mdt/JOURNAL's swap intents: between a swap's two layout writes the
 * source's old layout is nowhere else, and the volatile's write of it
 * would be refused once the OST is removed. */
static int walk_named(struct ost_remove *r)
{
	static const struct walk_ops ops = { .visit = count_named, .unsorted = true };
	static const struct walk_ops journal = { .visit = count_journal };
	int rc = r->cancel && *r->cancel ? -EINTR : walk_tree(r->s->root_fd, "/", &ops, r);

	if (rc)
		return rc;
	r->in_pending = true;
	rc = walk_tree(r->s->pending_fd, "", &ops, r);
	return rc ? rc : walk_tree(r->s->journal_fd, "", &journal, r);
}

/* Does the store keep an OST besides ost? */
static bool other_ost(const struct lfs_conf *c, uint32_t ost)
{
	for (uint32_t i = 0; i < c->ost_count; i++)
		if (i != ost && !c->osts[i].removed)
			return true;
	return false;
}

/* First no new objects (nocreate), so none lands while we count. */
static int fence_apply(struct lfs_conf *c, void *arg, struct lfs_error *e)
{
	struct ost_remove *r = arg;

	if (r->ost >= c->ost_count || c->osts[r->ost].removed)
		return lfs_error_set(e, -ENODEV, "OST%04x: %s", r->ost,
				     r->ost >= c->ost_count ? "does not exist" :
				     "was removed already");
	/* A store without an OST takes no object at all. */
	if (!other_ost(c, r->ost))
		return lfs_error_set(e, -EBUSY, "OST%04x: the store's last OST; "
				     "add another first (lfs ost add)", r->ost);
	r->was_nocreate = c->osts[r->ost].nocreate;
	c->osts[r->ost].nocreate = true;
	return 0;
}

static int refuse(struct lfs_conf *c, struct ost_remove *r, int rc)
{
	c->osts[r->ost].nocreate = r->was_nocreate;
	r->refused = rc;
	return 0;      /* written: the fence undone */
}

static int remove_apply(struct lfs_conf *c, void *arg, struct lfs_error *e)
{
	struct ost_remove *r = arg;
	uint64_t n = 0;
	int rc;

	if (r->ost >= c->ost_count || c->osts[r->ost].removed)
		return lfs_error_set(e, -ENODEV, "OST%04x: was removed already",
				     r->ost);    /* by another process between */
	rc = store_ost_state(r->s, r->ost);
	if (rc) {
		char dir[PATH_MAX];

		store_ost_dir(r->s, r->ost, dir, sizeof(dir));
		return refuse(c, r, lfs_error_set(e, rc,
			"OST%04x: unavailable (%s: %s): cannot tell whether it holds objects",
			r->ost, dir, strerror(-rc)));
	}
	rc = ost_for_each_object(r->s, r->ost, count_one, &n);
	if (rc)
		return refuse(c, r, lfs_error_set(e, rc, "OST%04x: %s", r->ost,
						  strerror(-rc)));
	if (n)
		return refuse(c, r, lfs_error_set(e, -ENOTEMPTY,
			"OST%04x: holds %llu object%s; drain it first (lfs ost nocreate %u; lfs find / --ost %u | lfs migrate --files-from -)",
			r->ost, (unsigned long long)n, n == 1 ? "" : "s", r->ost, r->ost));
	/* Under the configuration lock, which every layout write holds
	 * shared (store_layout_commit_begin): no layout naming the OST can
	 * land between this count and the removal, and one allocated before
	 * the fence but not written yet is refused once it is removed. */
	rc = walk_named(r);
	if (rc)
		return refuse(c, r, lfs_error_set(e, rc,
			"cannot tell which layouts name OST%04x: %s", r->ost,
			strerror(-rc)));
	if (r->named)
		return refuse(c, r, lfs_error_set(e, -ENOTEMPTY,
			"OST%04x: named by %llu layout%s; drain it first (lfs ost nocreate %u; lfs find / --ost %u | lfs migrate --files-from -)",
			r->ost, (unsigned long long)r->named, r->named == 1 ? "" : "s",
			r->ost, r->ost));
	c->osts[r->ost].removed = true;
	c->osts[r->ost].state = OST_INACTIVE;
	for (uint32_t i = 0; i < c->nr_pools; i++) {
		struct lfs_pool *p = &c->pools[i];

		for (uint32_t j = 0; j < p->nr_osts; j++)
			if (p->osts[j] == r->ost) {
				memmove(&p->osts[j], &p->osts[j + 1],
					(p->nr_osts - j - 1) * sizeof(p->osts[0]));
				p->nr_osts--;
				break;
			}
	}
	return 0;
}

int store_ost_remove(struct lfs_store *s, uint32_t ost,
		     const volatile sig_atomic_t *cancel, struct lfs_error *e)
{
	struct ost_remove r = { s, ost, cancel, false, 0, 0, false };
	char dir[PATH_MAX];
	int rc;

	/* The directory's path before the handle forgets it. */
	if (ost < s->conf->ost_count && store_ost_dir(s, ost, dir, sizeof(dir)))
		return -ENAMETOOLONG;
	/* Fenced in one update (no new object lands there), counted and
	 * removed in the next (remove_apply). */
	rc = store_conf_update(s, fence_apply, &r, e);
	if (!rc)
		rc = store_conf_update(s, remove_apply, &r, e);
	if (rc || r.refused)
		return rc ? rc : r.refused;
	fault_point("ost-remove-conf");
	ostindex_ost_removed(s, ost);
	/* Parked spares are no one's objects: freed with the directory. */
	spare_release(s);
	rc = unmake(dir);
	return rc ? lfs_error_set(e, rc, "%s: left in place: %s", dir,
				  strerror(-rc)) : 0;
}
