/* ostindex_rebuild.c - the OST index from a full scan (ostindex.h): what
 * lfsck, and so recovery, does. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fault.h"
#include "inode.h"
#include "ostindex.h"
#include "ostindex_internal.h"
#include "store_internal.h"
#include "walk.h"

struct list {
	uint64_t *ino;
	size_t n, cap;
};

struct scan {
	struct lfs_store *s;
	struct list *per_ost;
	uint32_t nr;
	struct list unread;     /* files whose layout could not be read */
};

static int push(struct list *l, uint64_t ino)
{
	if (l->n == l->cap) {
		size_t c = l->cap ? l->cap * 2 : 256;
		uint64_t *a = realloc(l->ino, c * sizeof(*a));

		if (!a)
			return -ENOMEM;
		l->ino = a;
		l->cap = c;
	}
	l->ino[l->n++] = ino;
	return 0;
}

static int visit(const struct walk_entry *ent, void *arg)
{
	struct scan *sc = arg;
	struct lfs_layout *l = NULL;
	int rc = 0;

	if (ent->type == DT_DIR) {
		/* Tests stop here: the directories met before this one are
		 * scanned, this one and those after it not yet. */
		fault_point("ostindex-scan-dir");
		return WALK_DESCEND;
	}
	if (ent->type != DT_REG)
		return 0;
	rc = layout_xattr_getat(sc->s, ent->dir_fd, ent->name, &l);
	if (rc == -ENODATA)
		return 0;       /* no layout: on no OST */
	/* One that cannot be read (corrupt, say): see compare_and_write. */
	if (rc)
		return push(&sc->unread, ent->ino);
	for (uint32_t c = 0; !rc && c < l->nr_comps; c++)
		for (uint32_t j = 0; !rc && j < l->comps[c].nr_objects; j++) {
			uint32_t ost = l->comps[c].objects[j].ost;

			if (ost < sc->nr)
				rc = push(&sc->per_ost[ost], ent->ino);
		}
	layout_free(l);
	return rc;
}

static int not_listed(const char *path, int err, void *arg)
{
	(void)path;
	(void)err;
	(void)arg;
	return 0;       /* lfsck's own walk reports it */
}

/* Entries of want (sorted, unique) that have (sorted, unique) lacks. */
static unsigned count_missing(const uint64_t *want, size_t nw,
			      const uint64_t *have, size_t nh)
{
	unsigned missing = 0;
	size_t j = 0;

	for (size_t i = 0; i < nw; i++) {
		while (j < nh && have[j] < want[i])
			j++;
		missing += j == nh || have[j] != want[i];
	}
	return missing;
}

static bool unread(const struct scan *sc, uint64_t ino)
{
	return sc->unread.n && bsearch(&ino, sc->unread.ino, sc->unread.n,
				       sizeof(uint64_t), ostindex_cmp_u64);
}

static int compare_and_write(struct lfs_store *s, int dfd, struct scan *sc,
			     bool dry_run, bool had, unsigned *missing,
			     unsigned *stale)
{
	bool huge = false;
	int rc = 0;

	for (uint32_t i = 0; !rc && i < sc->nr; i++) {
		struct list *l = &sc->per_ost[i];
		struct ostindex_set old = { 0 }, now;
		char name[16];

		if (had && dfd >= 0)
			rc = ostindex_live(dfd, i, &old, NULL, NULL);
		/* A layout that cannot be read keeps the entries the old
		 * index had for the file: a repair may bring it back. */
		for (size_t k = 0; !rc && k < old.n; k++)
			if (unread(sc, old.ino[k]))
				rc = push(l, old.ino[k]);
		l->n = ostindex_sort_unique(l->ino, l->n);
		*missing += count_missing(l->ino, l->n, old.ino, old.n);
		if (had)
			*stale += count_missing(old.ino, old.n, l->ino, l->n);
		ostindex_set_free(&old);
		huge |= l->n && (l->ino[l->n - 1] & OSTINDEX_REMOVED);
		if (rc || dry_run)
			continue;
		ostindex_name(i, name, sizeof(name));
		now = (struct ostindex_set){ l->ino, l->n };
		if (s->conf->osts[i].removed)
			unlinkat(dfd, name, 0);
		else
			rc = ostindex_write_live(dfd, i, &now);
	}
	if (rc || dry_run)
		return rc;
	/* An inode number the format cannot hold: no index to trust. */
	if (huge)
		return unlinkat(dfd, "VERSION", 0) && errno != ENOENT ? -errno : 0;
	return ostindex_write_file(dfd, "VERSION", OSTINDEX_VERSION,
				   strlen(OSTINDEX_VERSION), NULL);
}

int ostindex_rebuild(struct lfs_store *s, bool dry_run, unsigned *missing,
		     unsigned *stale, bool *had_index)
{
	static const struct walk_ops ops = { .visit = visit,
					     .dir_error = not_listed,
					     .unsorted = true };
	struct scan sc = { s, NULL, s->conf->ost_count, { 0 } };
	int dfd, rc = 0;

	*missing = *stale = 0;
	if (!dry_run && mkdirat(s->dir_fd, OSTINDEX_DIR, 0755) && errno != EEXIST)
		return -errno;
	dfd = openat(s->dir_fd, OSTINDEX_DIR, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0 && (errno != ENOENT || !dry_run))
		return -errno;
	*had_index = dfd >= 0 && !faccessat(dfd, "VERSION", F_OK, AT_SYMLINK_NOFOLLOW);
	/* Layout writers wait: each is wholly before the scan or after. */
	if (dfd >= 0 && flock(dfd, LOCK_EX) < 0)
		rc = -errno;
	sc.per_ost = calloc(sc.nr ? sc.nr : 1, sizeof(*sc.per_ost));
	if (!rc && !sc.per_ost)
		rc = -ENOMEM;
	if (!rc)
		rc = walk_tree(s->root_fd, "", &ops, &sc);
	if (!rc)
		rc = walk_tree(s->pending_fd, "", &ops, &sc);
	if (!rc)
		sc.unread.n = ostindex_sort_unique(sc.unread.ino, sc.unread.n);
	if (!rc)
		rc = compare_and_write(s, dfd, &sc, dry_run, *had_index, missing,
				       stale);
	for (uint32_t i = 0; sc.per_ost && i < sc.nr; i++)
		free(sc.per_ost[i].ino);
	free(sc.per_ost);
	free(sc.unread.ino);
	if (dfd >= 0)
		close(dfd);
	return rc;
}
