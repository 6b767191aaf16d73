/* inode.c - MDT inode handles, new files and their layouts, objects. */
#include "inode.h"

#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "alloc.h"
#include "closer.h"
#include "fault.h"
#include "lock.h"
#include "ost.h"
#include "ostindex.h"
#include "pending.h"
#include "store_internal.h"

/* ---- effective layout of a new file ---- */

static void fill_from(struct lfs_component *c, const struct lfs_component *d)
{
	if (!c->stripe_size && d->stripe_size)
		c->stripe_size = d->stripe_size;
	if (!c->stripe_count && d->stripe_count)
		c->stripe_count = d->stripe_count;
}

static int check_pools(struct lfs_store *s, const struct lfs_layout *l,
		       struct lfs_error *e)
{
	for (uint32_t i = 0; i < l->nr_comps; i++) {
		const struct lfs_component *c = &l->comps[i];
		const struct lfs_pool *p;

		if (!c->pool[0])
			continue;
		p = store_pool_find(s->conf, c->pool);
		if (!p)
			return lfs_error_set(e, -EINVAL,
				"pool '%s.%s' does not exist", s->conf->fsname,
				c->pool);
		/* With an OST list only its start must be in the pool
		 * (lod_verify_v1v3's lod_check_index_in_pool, lfs.c
		 * setting the start to the list's first OST without -i). */
		if (c->nr_osts && !store_pool_has(p, c->stripe_offset >= 0 ?
				(uint32_t)c->stripe_offset : c->osts[0]))
			return lfs_error_set(e, -EINVAL,
				"OST %u is not in pool '%s'", c->stripe_offset >= 0 ?
				(uint32_t)c->stripe_offset : c->osts[0], c->pool);
		if (!c->nr_osts && c->stripe_offset >= 0 &&
		    !store_pool_has(p, (uint32_t)c->stripe_offset))
			return lfs_error_set(e, -EINVAL,
				"OST %d is not in pool '%s'", c->stripe_offset,
				c->pool);
	}
	return 0;
}

/* The pool a new file in a directory inherits: its default's, else the
 * root's; a plain default without one takes the root's, when that is
 * plain too (lod_ah_init: lod_need_inherit_more from the root). A pool
 * destroyed since is not handed down: Lustre places on all OSTs when
 * lod_find_pool() finds no pool (lod_qos.c). */
static const char *default_pool(const struct lfs_conf *conf,
				const struct lfs_layout *parent,
				const struct lfs_layout *root)
{
	const char *pool = layout_pool(root);

	if (parent && (parent->composite || root->composite ||
		       layout_pool(parent)[0]))
		pool = layout_pool(parent);
	return store_pool_find(conf, pool) ? pool : "";
}

int inode_effective_layout(struct lfs_store *s, int parent_fd,
			   const struct lfs_layout *req,
			   struct lfs_layout **out, struct lfs_error *e)
{
	struct lfs_layout *root = NULL, *parent = NULL, *l = NULL;
	const char *pool;
	int rc = store_root_default(s, &root);

	if (rc)
		return lfs_error_set(e, rc, "cannot read the filesystem default layout: %s",
				     strerror(-rc));
	rc = inode_get_dir_default(s, parent_fd, &parent);
	if (rc)
		goto out;
	l = layout_dup(req ? req : parent ? parent : root);
	if (!l) {
		rc = -ENOMEM;
		goto out;
	}
	pool = default_pool(s->conf, parent, root);
	for (uint32_t i = 0; i < l->nr_comps; i++) {
		struct lfs_component *c = &l->comps[i];

		/* Nor is a destroyed pool of a default taken as it is. */
		if (!req && !store_pool_find(s->conf, c->pool))
			c->pool[0] = '\0';

		/* A request's component that names no pool and no OST list
		 * takes the default's pool (lod_qos_parse_config's def_pool),
		 * and so does a plain default's (lod_ah_init). */
		if ((req || !l->composite) && !c->pool[0] && !c->nr_osts)
			snprintf(c->pool, sizeof(c->pool), "%s", pool);

		/* A plain parent default fills what the request left unset,
		 * then the root's fills the rest. */
		if (parent && parent != req && !parent->composite)
			fill_from(c, &parent->comps[0]);
		fill_from(c, &root->comps[0]);
		if (!c->stripe_size)
			c->stripe_size = LFS_DEFAULT_STRIPE_SIZE;
		if (!c->stripe_count)
			c->stripe_count = 1;
		if (!c->pattern)
			c->pattern = LFS_PATTERN_RAID0;
		/* A default stripe size shrinks to fit a component's extent
		 * (-E 128 alone gives 128 KiB stripes); explicit sizes were
		 * checked to fit by the builder. */
		while (c->stripe_size > LFS_STRIPE_UNIT &&
		       (c->start % c->stripe_size ||
			(c->end != LFS_EOF && c->end % c->stripe_size)))
			c->stripe_size -= LFS_STRIPE_UNIT;
		c->flags &= ~LFS_COMP_INIT;
		free(c->objects);
		c->objects = NULL;
		c->nr_objects = 0;
	}
	l->gen = 0;
	rc = layout_validate(l, s->conf->ost_count, e);
	if (!rc)
		rc = check_pools(s, l, e);
	/* Then an OST list drops the pool: lod_qos_parse_config() sets
	 * pool_name = NULL for LOV_USER_MAGIC_SPECIFIC (docs/DESIGN.md
	 * section 3). */
	for (uint32_t i = 0; !rc && i < l->nr_comps; i++)
		if (l->comps[i].nr_osts)
			l->comps[i].pool[0] = '\0';
out:
	layout_free(root);
	layout_free(parent);
	if (rc) {
		layout_free(l);
		return rc;
	}
	*out = l;
	return 0;
}

/* ---- objects of a layout ---- */

void inode_object_pfid(const struct lfs_parent *p, const struct lfs_layout *l,
		       uint32_t ci, uint32_t stripe, struct lfs_pfid *pf)
{
	const struct lfs_component *c = &l->comps[ci];

	pf->parent = *p;
	pf->comp_id = c->id;
	pf->stripe = stripe;
	pf->layout_gen = l->gen;
	pf->stripe_size = (uint32_t)c->stripe_size;
	pf->stripe_count = c->nr_objects;
	pf->pattern = c->pattern;
	pf->comp_start = c->start;
	pf->comp_end = c->end;
}

int inode_create_objects(struct lfs_store *s, const struct lfs_parent *p,
			 const struct lfs_layout *l, uint32_t comp)
{
	uint32_t made = 0;
	int rc = 0;

	for (uint32_t i = 0; i < l->nr_comps; i++)
		for (uint32_t j = 0; (comp == INODE_ALL_COMPS || i == comp) &&
				     j < l->comps[i].nr_objects; j++) {
			struct lfs_pfid pf;

			inode_object_pfid(p, l, i, j, &pf);
			rc = ost_object_create(s, l->comps[i].objects[j].ost,
					       l->comps[i].objects[j].id, &pf);
			if (rc)
				goto undo;
			made++;
			fault_point("object-created");
		}
	return 0;
undo:
	/* Only what we made: an object found there is another file's. */
	for (uint32_t i = 0; made && i < l->nr_comps; i++)
		for (uint32_t j = 0; (comp == INODE_ALL_COMPS || i == comp) &&
				     made && j < l->comps[i].nr_objects; j++, made--)
			ost_object_destroy(s, l->comps[i].objects[j].ost,
					   l->comps[i].objects[j].id);
	return rc;
}

int inode_create_objects_to_fill(struct lfs_store *s, const struct lfs_layout *l,
				 const struct lfs_parent *p, uint64_t size,
				 const struct lfs_layout *from,
				 struct lfs_stale **stale, int *fds)
{
	struct lfs_stale *st = NULL;
	uint32_t n = 0, k = 0;
	bool any = false;
	int rc = 0;

	for (uint32_t i = 0; i < l->nr_comps; i++)
		n += l->comps[i].nr_objects;
	for (uint32_t m = 0; m < n; m++)
		fds[m] = -1;
	if (n && !(st = calloc(n, sizeof(*st))))
		return -ENOMEM;
	for (uint32_t i = 0; !rc && i < l->nr_comps; i++) {
		const struct lfs_component *c = &l->comps[i];

		for (uint32_t j = 0; !rc && j < c->nr_objects; j++, k++) {
			uint64_t fill = layout_object_size(c, j, size);
			struct lfs_pfid pf;
			uint32_t fc, fj;

			/* An object no byte will reach stays missing, which
			 * reads as a hole; a write that reaches it later
			 * creates it (io_object_fd). */
			if (!fill)
				continue;
			/* A twin on another host filesystem cannot be
			 * linked: created now, as any other, and copied. */
			if (layout_object_twin(c, j, size, from, &fc, &fj) &&
			    ost_same_host_fs(s, from->comps[fc].objects[fj].ost,
					     c->objects[j].ost)) {
				st[k].twin = from->comps[fc].objects[fj];
				st[k].twin_size = fill;
				st[k].linkable = any = true;
				continue;
			}
			inode_object_pfid(p, l, i, j, &pf);
			rc = ost_object_create_to_fill(s, c->objects[j].ost,
						       c->objects[j].id, &pf, fill,
						       &st[k].end, &fds[k]);
			any |= st[k].end > 0;
		}
	}
	/* Undo only what was made here: object k - 1 failed, and one found
	 * already there is another file's. */
	for (uint32_t i = 0, m = 0; rc && i < l->nr_comps; i++)
		for (uint32_t j = 0; j < l->comps[i].nr_objects; j++, m++)
			if (m + 1 < k && !st[m].linkable &&
			    layout_object_size(&l->comps[i], j, size)) {
				if (fds[m] >= 0)
					close(fds[m]);
				fds[m] = -1;
				ost_object_destroy(s, l->comps[i].objects[j].ost,
						   l->comps[i].objects[j].id);
			}
	if (rc || !any) {
		free(st);
		st = NULL;
	}
	*stale = st;
	return rc;
}

int inode_check_osts(struct lfs_store *s, const struct lfs_layout *l,
		     struct lfs_error *e)
{
	for (uint32_t i = 0; l && i < l->nr_comps; i++)
		for (uint32_t j = 0; j < l->comps[i].nr_objects; j++) {
			uint32_t o = l->comps[i].objects[j].ost;

			if (o >= s->conf->ost_count)
				return lfs_error_set(e, -ENODEV,
					"layout names OST%04x, which the store does not have (it has %u OSTs): the file is damaged",
					o, s->conf->ost_count);
			if (s->conf->osts[o].removed)
				return lfs_error_set(e, -ENODEV,
					"layout names OST%04x, which was removed from the store (lfs ost remove): the file is damaged",
					o);
		}
	return 0;
}

int inode_destroy_objects(struct lfs_store *s, const struct lfs_layout *l)
{
	int first = 0;

	for (uint32_t i = 0; i < l->nr_comps; i++)
		for (uint32_t j = 0; j < l->comps[i].nr_objects; j++) {
			const struct lfs_object *o = &l->comps[i].objects[j];
			/* A removed OST held no object when it went (ost
			 * remove): a layout naming it (a spare volatile's,
			 * spare.h) has nothing left there. */
			int rc = o->ost >= s->conf->ost_count ||
				 s->conf->osts[o->ost].removed ? 0 :
				 ost_object_destroy(s, o->ost, o->id);

			if (rc && !first)
				first = rc;
		}
	return first;
}

/* ---- handles ---- */

static void close_objects(struct lfs_inode *ino)
{
	for (uint32_t i = 0; i < ino->nr_obj_fd; i++) {
		int fd = ino->obj_fd[i];

		if (fd < 0)
			continue;
		if (!ino->small)
			ost_object_close(ino->s, fd);
		else if (!ino->s->closer || !closer_put(ino->s->closer, fd))
			close(fd);
	}
	free(ino->obj_fd);
	ino->obj_fd = NULL;
	ino->nr_obj_fd = 0;
	free(ino->stale);
	ino->stale = NULL;
}

static int reset_objects(struct lfs_inode *ino)
{
	uint32_t n = 0;

	close_objects(ino);
	if (!ino->layout)
		return 0;
	for (uint32_t i = 0; i < ino->layout->nr_comps; i++)
		n += ino->layout->comps[i].nr_objects;
	if (!n)
		return 0;
	ino->obj_fd = malloc(n * sizeof(int));
	if (!ino->obj_fd)
		return -ENOMEM;
	for (uint32_t i = 0; i < n; i++)
		ino->obj_fd[i] = -1;
	ino->nr_obj_fd = n;
	return 0;
}

int inode_layout_refresh(struct lfs_inode *ino)
{
	struct lfs_layout *l = NULL;
	int rc = layout_xattr_get_side(ino->s, ino->fd, &l, &ino->layout_side);

	if (rc == -ENODATA)
		l = NULL;
	else if (rc)
		return rc;
	if (l && ino->layout && layout_equal(l, ino->layout)) {
		layout_free(l);
		return 0;
	}
	layout_free(ino->layout);
	ino->layout = l;
	return reset_objects(ino);
}

int inode_from_fd_known(struct lfs_store *s, int fd, int mode,
			const struct stat *st, const struct lfs_layout *l,
			struct lfs_inode **out)
{
	struct lfs_inode *ino;
	int rc;

	if (!S_ISREG(st->st_mode)) {
		close(fd);
		return S_ISDIR(st->st_mode) ? -EISDIR : -EINVAL;
	}
	ino = calloc(1, sizeof(*ino));
	if (!ino) {
		close(fd);
		return -ENOMEM;
	}
	ino->s = s;
	ino->fd = fd;
	ino->ino = st->st_ino;
	ino->layout_side = -1;
	if (mode == INODE_WRITE) {
		rc = lfs_lock(fd, LOCK_WRITERS, LFS_SHARED);
		if (rc) {
			inode_close(ino);
			return rc;
		}
		ino->writer = true;
	}
	if (!l) {
		rc = inode_layout_refresh(ino);
	} else {
		ino->layout = layout_dup(l);
		rc = ino->layout ? reset_objects(ino) : -ENOMEM;
	}
	if (rc) {
		inode_close(ino);
		return rc;
	}
	*out = ino;
	return 0;
}

int inode_from_fd(struct lfs_store *s, int fd, int mode,
		  struct lfs_inode **out)
{
	struct stat st;
	int rc;

	if (fstat(fd, &st) < 0) {
		rc = -errno;
		close(fd);
		return rc;
	}
	return inode_from_fd_known(s, fd, mode, &st, NULL, out);
}

/* inode_vouch_links() with fd's stat in hand. */
static int vouch_links(struct lfs_store *s, int fd, struct stat st,
		       struct lfs_error *e)
{
	nlink_t links, names = 0;
	int rc;

	if (!S_ISREG(st.st_mode))
		return 0;
	/* Walk again if a name came or went meanwhile (lfs ln, rm, mv). */
	for (int tries = 0; (links = st.st_nlink) > 1; tries++) {
		rc = ns_count_names(s, st.st_dev, st.st_ino, links, &names);
		if (rc || names >= links)
			return rc;
		if (fstat(fd, &st) < 0)
			return -errno;
		if (st.st_nlink == links || tries == 2)
			return lfs_error_set(e, -EPERM,
				"not a file of this store (%lu link%s outside it)",
				(unsigned long)(links - names),
				links - names > 1 ? "s" : "");
	}
	return 0;
}

int inode_vouch_links(struct lfs_store *s, int fd, struct lfs_error *e)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return -errno;
	return vouch_links(s, fd, st, e);
}

int inode_vouch_known(struct lfs_inode *ino, int mode, const struct stat *st,
		      struct lfs_error *e)
{
	if (!ino->layout && st->st_size > 0)
		return lfs_error_set(e, -EPERM,
			"not a file of this store (%lld bytes but no layout)",
			(long long)st->st_size);
	return mode == INODE_READ ? 0 : vouch_links(ino->s, ino->fd, *st, e);
}

int inode_vouch(struct lfs_inode *ino, int mode, struct lfs_error *e)
{
	struct stat st;

	if (fstat(ino->fd, &st) < 0)
		return -errno;
	return inode_vouch_known(ino, mode, &st, e);
}

int inode_open(struct lfs_store *s, const char *rel, int mode,
	       struct lfs_inode **out, struct lfs_error *e)
{
	int rc, fd = ns_open(s, rel, (mode == INODE_READ ? O_RDONLY : O_RDWR) |
			     O_NONBLOCK, 0);

	if (fd == -EISDIR)
		return -EISDIR;
	if (fd < 0)
		return fd;
	rc = inode_from_fd(s, fd, mode, out);
	if (!rc && ((rc = inode_check_osts(s, (*out)->layout, NULL)) ||
		    (rc = inode_vouch(*out, mode, e)))) {
		inode_close(*out);
		*out = NULL;
	}
	return rc;
}

void inode_close(struct lfs_inode *ino)
{
	if (!ino)
		return;
	close_objects(ino);
	layout_free(ino->layout);
	if (ino->fd >= 0)
		close(ino->fd);     /* drops every OFD lock of this handle */
	free(ino);
}

int inode_instantiate(struct lfs_inode *ino, uint32_t idx, struct lfs_error *e)
{
	struct lfs_parent p;
	struct lfs_layout *l;
	uint64_t size = 0;
	bool early;
	int rc;

	if (!ino->layout || idx >= ino->layout->nr_comps)
		return -EINVAL;
	if (ino->layout->comps[idx].flags & LFS_COMP_INIT)
		return 0;
	l = layout_dup(ino->layout);
	if (!l)
		return -ENOMEM;
	inode_parent(ino, &p);
	l->gen++;
	rc = alloc_component(ino->s, l, idx, NULL, e);
	if (!rc)
		rc = inode_size(ino, &size);
	/* Objects holding bytes below the size must exist (io.h): when the
	 * file already reaches into the component, they come before the
	 * layout names them (a crash leaves objects no layout names, which
	 * point back here and lfsck --orphans finds); else after it, as
	 * usual (a crash leaves objects missing that no byte reaches). */
	early = !rc && l->comps[idx].start < size;
	if (early)
		rc = inode_create_objects(ino->s, &p, l, idx);
	if (!rc)
		rc = store_layout_refused(ino->s, l,
					  layout_xattr_replace(ino->s, ino->fd, ino->ino, l,
							       &ino->layout_side), e);
	fault_point("instantiated");
	if (!rc && !early)
		rc = inode_create_objects(ino->s, &p, l, idx);
	if (!rc) {
		layout_free(ino->layout);
		ino->layout = l;
		return reset_objects(ino);
	}
	layout_free(l);
	return rc;
}

static int commit_new_layout(struct lfs_store *s, int fd, struct lfs_layout *l,
			     struct lfs_error *e)
{
	struct lfs_parent p;
	int rc = alloc_component(s, l, 0, NULL, e);

	if (!rc)
		rc = store_layout_refused(s, l, layout_xattr_set(s, fd, l), e);
	if (!rc)
		rc = pfid_parent_of(fd, &p);
	if (!rc)
		rc = inode_create_objects(s, &p, l, INODE_ALL_COMPS);
	return rc;
}

/* The new file itself, unnamed, then entered in PENDING: owned before it
 * gets the entry. Made in pfd, so the kernel gives it what a name there
 * would (the permission check, the group of a setgid directory even to a
 * creator not in it, which a fchown could not, a default ACL, umask). */
static int create_host_file(struct lfs_store *s, int pfd, mode_t mode,
			    char *pend, size_t plen)
{
	int fd, rc;

	fd = openat(pfd, ".", O_TMPFILE | O_RDWR | O_CLOEXEC, mode);
	if (fd < 0)
		return -errno;
	rc = lfs_lock(fd, LOCK_OWNER, LFS_EXCL);
	if (!rc)
		rc = pending_enter(s, fd, -1, NULL, "new", pend, plen);
	if (rc) {
		close(fd);
		return rc;
	}
	return fd;
}

static int create_file(struct lfs_store *s, const char *rel, mode_t mode,
		       const struct lfs_layout *req, char *pend, size_t plen,
		       struct lfs_inode **out, struct lfs_error *e)
{
	char parent[4096];
	const char *name;
	struct lfs_layout *l = NULL;
	struct stat st;
	struct lfs_parent p;
	int pfd, fd, rc;

	ns_split(rel, parent, sizeof(parent), &name);
	if (!strcmp(rel, "."))
		return -EISDIR;
	pfd = ns_open(s, parent, O_RDONLY | O_DIRECTORY, 0);
	if (pfd < 0)
		return pfd;
	/* The file is named only at the end: fail early all the same. */
	if (fstatat(pfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
		rc = -EEXIST;
		goto out;
	}
	rc = inode_effective_layout(s, pfd, req, &l, e);
	if (rc)
		goto out;
	/* Allocate before creating: a refused allocation leaves nothing. */
	rc = alloc_component(s, l, 0, NULL, e);
	if (rc)
		goto out;
	fault_point("create-allocated");
	fd = rc = create_host_file(s, pfd, mode, pend, plen);
	if (fd < 0)
		goto out;
	rc = store_layout_refused(s, l, layout_xattr_set(s, fd, l), e);
	if (!rc)
		rc = pfid_parent_of(fd, &p);
	if (!rc)
		rc = inode_create_objects(s, &p, l, INODE_ALL_COMPS);
	if (rc) {
		layout_unlink_last(s, fd, pend);
		close(fd);
		goto out;
	}
	rc = inode_from_fd(s, fd, INODE_WRITE, out);
out:
	layout_free(l);
	close(pfd);
	return rc;
}

/* Named last, as a whole: a kill at any point leaves no name, or the
 * name of a file with its layout and objects (recovery destroys an
 * unnamed one); a name without a layout was the crash campaign's find. */
int inode_create(struct lfs_store *s, const char *rel, mode_t mode,
		 const struct lfs_layout *req, struct lfs_inode **out,
		 struct lfs_error *e)
{
	char pend[64];
	int rc = create_file(s, rel, mode, req, pend, sizeof(pend), out, e);

	if (rc)
		return rc;
	fault_point("create-unnamed");
	rc = inode_link(*out, rel);
	if (!rc)
		fault_point("create-linked");
	/* Named: only the entry goes; not: the inode and objects too. Its
	 * failure is no failure of the create (pending.h). */
	pending_release(s, (*out)->fd, pend, false, NULL);
	/* Named, it is an ordinary file: rm and mv need not wait for us. */
	if (!rc)
		rc = lfs_unlock((*out)->fd, LOCK_OWNER);
	if (rc) {
		inode_close(*out);
		*out = NULL;
	}
	return rc;
}

int inode_create_unnamed(struct lfs_store *s, const char *rel, mode_t mode,
			 const struct lfs_layout *req, struct lfs_inode **out,
			 char *pend, size_t plen, struct lfs_error *e)
{
	return create_file(s, rel, mode, req, pend, plen, out, e);
}

int inode_link(struct lfs_inode *ino, const char *rel)
{
	char parent[4096], proc[64];
	const char *name;
	int pfd, rc;

	if (!strcmp(rel, "."))
		return -EEXIST;
	ns_split(rel, parent, sizeof(parent), &name);
	pfd = ns_open(ino->s, parent, O_RDONLY | O_DIRECTORY, 0);
	if (pfd < 0)
		return pfd;
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", ino->fd);
	rc = ostindex_linkat(ino->s, AT_FDCWD, proc, pfd, name, AT_SYMLINK_FOLLOW);
	close(pfd);
	return rc;
}

int inode_set_new_layout(struct lfs_inode *ino, const struct lfs_layout *req,
			 int parent_fd, struct lfs_error *e)
{
	struct lfs_layout *l = NULL;
	int rc;

	rc = lfs_lock(ino->fd, LOCK_LAYOUT, LFS_EXCL);
	if (rc)
		return rc;
	rc = inode_layout_refresh(ino);
	if (!rc && ino->layout)
		rc = -EEXIST;
	if (!rc)
		rc = inode_effective_layout(ino->s, parent_fd, req, &l, e);
	if (!rc)
		rc = commit_new_layout(ino->s, ino->fd, l, e);
	layout_free(l);
	if (!rc)
		rc = inode_layout_refresh(ino);
	lfs_unlock(ino->fd, LOCK_LAYOUT);
	return rc;
}

void inode_parent(struct lfs_inode *ino, struct lfs_parent *p)
{
	if (!ino->parent_known) {
		ino->parent.ino = ino->ino;
		ino->parent.igen = pfid_igen(ino->fd);
		ino->parent_known = true;
	}
	*p = ino->parent;
}

int inode_data_version(struct lfs_inode *ino, uint64_t *dv)
{
	uint64_t v = 0;
	ssize_t n = fgetxattr(ino->fd, XATTR_DV, &v, sizeof(v));

	if (n < 0 && errno != ENODATA)
		return -errno;
	*dv = n == sizeof(v) ? v : 0;
	return 0;
}

int inode_size(struct lfs_inode *ino, uint64_t *size)
{
	struct stat st;

	if (fstat(ino->fd, &st) < 0)
		return -errno;
	*size = (uint64_t)st.st_size;
	return 0;
}
