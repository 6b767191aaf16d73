/* spare.c - inodes a store handle keeps for reuse (see spare.h). */
#include "spare.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lock.h"

struct spare {
	int fd;                 /* open, LOCK_OWNER held */
	uint32_t ost;           /* objects: its OST */
	char name[96];          /* objects: in SPARE_DIR; volatiles: in PENDING */
};

struct lfs_spares {
	struct spare objects[SPARE_MAX], volatiles[SPARE_MAX];
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
		struct spare *o = &sp->objects[i];

		snprintf(rel, sizeof(rel), SPARE_DIR "/%s", o->name);
		unlinkat(s->ost_fd[o->ost], rel, 0);
		close(o->fd);
	}
	for (size_t i = 0; i < sp->nr_volatiles; i++) {
		unlinkat(s->pending_fd, sp->volatiles[i].name, 0);
		close(sp->volatiles[i].fd);
	}
	free(sp);
	s->spares = NULL;
}

int spare_object_put(struct lfs_store *s, uint32_t ost, const char *rel,
		     uint64_t *freed)
{
	struct lfs_spares *sp = s->spares;
	struct spare *o;
	struct stat st;
	char to[128];
	int fd;

	if (!sp || sp->nr_objects == SPARE_MAX)
		return -ENOSPC;
	fd = openat(s->ost_fd[ost], rel, O_RDWR | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	o = &sp->objects[sp->nr_objects];
	snprintf(o->name, sizeof(o->name), "%s.%lu", s->run_name, sp->seq++);
	snprintf(to, sizeof(to), SPARE_DIR "/%s", o->name);
	if (lfs_trylock(fd, LOCK_OWNER, LFS_EXCL) || fstat(fd, &st) < 0 ||
	    ftruncate(fd, 0) < 0) {
		close(fd);
		return -ENOSPC;
	}
	*freed = (uint64_t)st.st_blocks * 512;
	if (renameat(s->ost_fd[ost], rel, s->ost_fd[ost], to) < 0 &&
	    (errno != ENOENT || mkdirat(s->ost_fd[ost], SPARE_DIR, 0755) < 0 ||
	     renameat(s->ost_fd[ost], rel, s->ost_fd[ost], to) < 0)) {
		/* Emptied already: destroyed instead of kept. */
		int rc = unlinkat(s->ost_fd[ost], rel, 0) < 0 ? -errno : 0;

		close(fd);
		return rc;
	}
	o->fd = fd;
	o->ost = ost;
	sp->nr_objects++;
	return 0;
}

int spare_object_take(struct lfs_store *s, uint32_t ost, const char *rel)
{
	struct lfs_spares *sp = s->spares;
	char from[128];

	for (size_t i = sp ? sp->nr_objects : 0; i-- > 0;) {
		struct spare *o = &sp->objects[i];

		if (o->ost != ost)
			continue;
		snprintf(from, sizeof(from), SPARE_DIR "/%s", o->name);
		if (renameat2(s->ost_fd[ost], from, s->ost_fd[ost], rel,
			      RENAME_NOREPLACE) < 0)
			return -errno;
		close(o->fd);
		*o = sp->objects[--sp->nr_objects];
		return 0;
	}
	return -ENOENT;
}

int spare_volatile_put(struct lfs_store *s, int fd, const char *name)
{
	struct lfs_spares *sp = s->spares;
	struct spare *v;

	if (!sp || sp->nr_volatiles == SPARE_MAX || strlen(name) >= sizeof(v->name))
		return -ENOSPC;
	v = &sp->volatiles[sp->nr_volatiles++];
	v->fd = fd;
	snprintf(v->name, sizeof(v->name), "%s", name);
	return 0;
}

int spare_volatile_take(struct lfs_store *s, int *fd, char *name, size_t len)
{
	struct lfs_spares *sp = s->spares;
	struct spare *v;

	if (!sp || !sp->nr_volatiles)
		return -ENOENT;
	v = &sp->volatiles[--sp->nr_volatiles];
	*fd = v->fd;
	snprintf(name, len, "%s", v->name);
	return 0;
}
