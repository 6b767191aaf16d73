/* spare.c - inodes a store handle keeps for reuse (see spare.h). */
#include "spare.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "inode.h"

struct spare_object {
	uint32_t ost;
	char name[96];          /* in the OST's SPARE_DIR: "<run>.<seq>" */
};

struct spare_volatile {
	int fd;                 /* open, LOCK_OWNER held */
	char name[96];          /* in PENDING: "spare.<run>.<seq>" */
};

struct lfs_spares {
	struct spare_object objects[SPARE_OBJECTS_MAX];
	struct spare_volatile volatiles[SPARE_VOLATILES_MAX];
	size_t nr_objects, nr_volatiles;
	unsigned long seq;
};

int spare_enable(struct lfs_store *s)
{
	if (!s->spares && !(s->spares = calloc(1, sizeof(*s->spares))))
		return -ENOMEM;
	return 0;
}

void spare_release(struct lfs_store *s)
{
	struct lfs_spares *sp = s->spares;
	char rel[128];

	if (!sp)
		return;
	for (size_t i = 0; i < sp->nr_objects; i++) {
		struct spare_object *o = &sp->objects[i];

		snprintf(rel, sizeof(rel), SPARE_DIR "/%s", o->name);
		unlinkat(s->ost_fd[o->ost], rel, 0);
	}
	for (size_t i = 0; i < sp->nr_volatiles; i++) {
		struct spare_volatile *v = &sp->volatiles[i];

		layout_side_file_remove(s, v->fd);
		unlinkat(s->pending_fd, v->name, 0);
		close(v->fd);
	}
	free(sp);
	s->spares = NULL;
}

int spare_object_put(struct lfs_store *s, uint32_t ost, const char *rel,
		     uint64_t *freed)
{
	struct lfs_spares *sp = s->spares;
	struct spare_object *o;
	struct stat st;
	char to[128];
	int fd;

	if (!sp || sp->nr_objects == SPARE_OBJECTS_MAX)
		return -ENOSPC;
	fd = openat(s->ost_fd[ost], rel, O_WRONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? -ENOENT : -ENOSPC;
	if (fstat(fd, &st) < 0 || ftruncate(fd, 0) < 0) {
		close(fd);
		return -ENOSPC;
	}
	close(fd);
	*freed = (uint64_t)st.st_blocks * 512;
	o = &sp->objects[sp->nr_objects];
	snprintf(o->name, sizeof(o->name), "%s.%lu", s->run_name, sp->seq++);
	snprintf(to, sizeof(to), SPARE_DIR "/%s", o->name);
	if (renameat(s->ost_fd[ost], rel, s->ost_fd[ost], to) < 0 &&
	    (errno != ENOENT ||
	     (mkdirat(s->ost_fd[ost], SPARE_DIR, 0755) < 0 && errno != EEXIST) ||
	     renameat(s->ost_fd[ost], rel, s->ost_fd[ost], to) < 0)) {
		/* Emptied already: destroyed instead of kept. */
		return unlinkat(s->ost_fd[ost], rel, 0) < 0 ? -errno : 0;
	}
	o->ost = ost;
	sp->nr_objects++;
	return 0;
}

int spare_object_take(struct lfs_store *s, uint32_t ost, const char *rel)
{
	struct lfs_spares *sp = s->spares;
	char from[128];

	for (size_t i = sp ? sp->nr_objects : 0; i-- > 0;) {
		struct spare_object *o = &sp->objects[i];
		int rc;

		if (o->ost != ost)
			continue;
		snprintf(from, sizeof(from), SPARE_DIR "/%s", o->name);
		rc = renameat2(s->ost_fd[ost], from, s->ost_fd[ost], rel,
			       RENAME_NOREPLACE) < 0 ? -errno : 0;
		if (rc == -EEXIST)
			return rc;              /* the object is there */
		if (rc)
			unlinkat(s->ost_fd[ost], from, 0);  /* unusable: freed */
		*o = sp->objects[--sp->nr_objects];
		return rc ? -ENOENT : 0;
	}
	return -ENOENT;
}

int spare_volatile_put(struct lfs_store *s, int fd, const char *name)
{
	struct lfs_spares *sp = s->spares;
	struct spare_volatile *v;

	if (!sp || sp->nr_volatiles == SPARE_VOLATILES_MAX)
		return -ENOSPC;
	v = &sp->volatiles[sp->nr_volatiles];
	/* A name of its own: an intent record naming it as the volatile of
	 * the file it served must not find it (journal.h). */
	snprintf(v->name, sizeof(v->name), "spare.%s.%lu", s->run_name, sp->seq++);
	if (renameat(s->pending_fd, name, s->pending_fd, v->name) < 0)
		return -ENOSPC;
	v->fd = fd;
	sp->nr_volatiles++;
	return 0;
}

int spare_volatile_take(struct lfs_store *s, int *fd, char *name, size_t len)
{
	struct lfs_spares *sp = s->spares;
	struct spare_volatile *v;

	if (!sp || !sp->nr_volatiles)
		return -ENOENT;
	v = &sp->volatiles[--sp->nr_volatiles];
	*fd = v->fd;
	snprintf(name, len, "%s", v->name);
	return 0;
}
