/* stripe.c - setstripe and getstripe's operations (stripe.h). */
#include "stripe.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dirlist.h"
#include "inode.h"
#include "lock.h"
#include "size.h"
#include "store_internal.h"

/* inode_open() for a layout change; a layout naming an OST the store
 * lacks is explained by naming it. */
static int open_file(struct lfs_store *s, const char *rel,
		     struct lfs_inode **ino, struct lfs_error *e)
{
	struct lfs_layout *l = NULL;
	int fd, rc = inode_open(s, rel, INODE_WRITE, ino, e);

	if (rc != -ENODEV)
		return rc;
	fd = ns_open(s, rel, O_RDONLY | O_NONBLOCK, 0);
	if (fd >= 0 && layout_xattr_get(s, fd, &l) == 0)
		inode_check_osts(s, l, e);
	layout_free(l);
	if (fd >= 0)
		close(fd);
	return rc;
}

int stripe_create(struct lfs_store *s, const char *rel,
		  const struct lfs_layout *l, mode_t mode,
		  struct stripe_result *res, struct lfs_error *e)
{
	struct lfs_inode *ino = NULL;
	char parent[PATH_MAX];
	const char *name;
	int pfd, rc = open_file(s, rel, &ino, e);

	if (rc == -ENOENT) {
		rc = inode_create(s, rel, mode, l, &ino, e);
		if (!rc && res) {
			const struct lfs_component *c = &ino->layout->comps[0];
			bool capped = c->stripe_count > 0 &&
				      (uint32_t)c->stripe_count > c->nr_objects &&
				      !(c->pattern & LFS_PATTERN_OVERSTRIPED);

			res->capped_from = capped ? c->stripe_count : 0;
			res->capped_to = capped ? c->nr_objects : 0;
		}
		inode_close(ino);
		return rc;
	}
	if (rc)
		return rc;
	ns_split(rel, parent, sizeof(parent), &name);
	pfd = ns_open(s, parent, O_RDONLY | O_DIRECTORY, 0);
	rc = pfd < 0 ? pfd : inode_set_new_layout(ino, l, pfd, e);
	if (pfd >= 0)
		close(pfd);
	if (rc == -EEXIST)
		lfs_error_set(e, rc, "stripe already set: %s", strerror(EEXIST));
	inode_close(ino);
	return rc;
}

/* lod_xattr_set_default_lov_on_dir: "Retain the pool name if it is not
 * given". A new default none of whose components names a pool or an OST
 * list keeps the previous default's pool in each of them, unless it is
 * the all-unset one Lustre takes for a deletion (LOVEA_DELETE_VALUES). */
static void retain_pool(struct lfs_layout *set, const struct lfs_layout *prev)
{
	const struct lfs_component *c0 = &set->comps[0];

	if (!layout_pool(prev)[0] || layout_pool(set)[0] ||
	    (!set->composite && !c0->stripe_size && !c0->stripe_count &&
	     c0->stripe_offset < 0))
		return;
	for (uint32_t i = 0; i < set->nr_comps; i++)
		if (set->comps[i].nr_osts)
			return;
	for (uint32_t i = 0; i < set->nr_comps; i++)
		snprintf(set->comps[i].pool, sizeof(set->comps[i].pool), "%s",
			 layout_pool(prev));
}

int stripe_set_dir_default(struct lfs_store *s, const char *rel,
			   const struct lfs_layout *l, struct lfs_error *e)
{
	const struct lfs_conf *conf = store_conf(s);
	struct lfs_layout *set = NULL, *prev = NULL;
	int fd, rc = layout_validate(l, conf->ost_count, e);

	for (uint32_t i = 0; !rc && i < l->nr_comps; i++) {
		const char *pool = l->comps[i].pool;

		if (pool[0] && !store_pool_find(conf, pool))
			rc = lfs_error_set(e, -EINVAL, "pool '%s.%s' does not exist",
					   conf->fsname, pool);
	}
	if (rc)
		return rc;
	fd = ns_open(s, rel, O_RDONLY | O_DIRECTORY, 0);
	if (fd < 0)
		return fd;
	if (!(set = layout_dup(l))) {
		close(fd);
		return -ENOMEM;
	}
	/* The previous default (one that cannot be read is replaced). */
	if (!strcmp(rel, ".") ? store_root_default(s, &prev) :
	    inode_get_dir_default(s, fd, &prev))
		prev = NULL;
	/* The root's default is the filesystem default: it keeps concrete
	 * values, the fields not given now keep their previous ones. */
	if (!strcmp(rel, ".") && prev && !set->composite && !prev->composite) {
		struct lfs_component *c = &set->comps[0];

		if (!c->stripe_size)
			c->stripe_size = prev->comps[0].stripe_size;
		if (!c->stripe_count)
			c->stripe_count = prev->comps[0].stripe_count;
	}
	retain_pool(set, prev);
	/* A layout write like any (store_layout_commit_begin): an OST
	 * removed, before or while ost remove counts, is refused. */
	rc = store_layout_commit_begin(s, set);
	if (!rc) {
		rc = inode_set_dir_default_fd(fd, set);
		store_layout_commit_end(s);
	}
	rc = store_layout_refused(s, set, rc, e);
	close(fd);
	layout_free(prev);
	layout_free(set);
	return rc;
}

int stripe_del_dir_default(struct lfs_store *s, const char *rel,
			   struct lfs_error *e)
{
	int fd, rc;

	if (!strcmp(rel, "."))
		return lfs_error_set(e, -EPERM,
			"the root's default is the filesystem default; set it instead of deleting it");
	fd = ns_open(s, rel, O_RDONLY | O_DIRECTORY, 0);
	if (fd < 0)
		return fd;
	rc = inode_del_dir_default_fd(fd);
	close(fd);
	return rc;
}

int stripe_dir_default(struct lfs_store *s, int dir_fd, struct lfs_layout **out)
{
	struct lfs_layout *l = NULL, *root = NULL;
	int rc = inode_get_dir_default(s, dir_fd, &l);

	if (!rc && !l)
		rc = store_root_default(s, &l);
	if (rc)
		return rc;
	/* Unset fields show the filesystem default, as Lustre prints them
	 * (sattr_cache_get_defaults), in every component of a PFL default. */
	for (uint32_t i = 0; i < l->nr_comps; i++) {
		struct lfs_component *c = &l->comps[i];

		if (c->stripe_count && c->stripe_size)
			continue;
		if (!root && store_root_default(s, &root))
			break;
		if (!c->stripe_count)
			c->stripe_count = root->comps[0].stripe_count;
		if (!c->stripe_size)
			c->stripe_size = root->comps[0].stripe_size;
	}
	layout_free(root);
	*out = l;
	return 0;
}

/* --component-add: the new components follow the last one. */
static int add_components(struct lfs_layout *l, const struct lfs_layout *add,
			  struct lfs_error *e)
{
	const struct lfs_component *last = &l->comps[l->nr_comps - 1];
	int rc = 0;

	if (last->end == LFS_EOF)
		return lfs_error_set(e, -EINVAL,
			"the last component already ends at EOF: nothing can follow it");
	for (uint32_t i = 0; !rc && i < add->nr_comps; i++) {
		struct lfs_component c = add->comps[i];

		last = &l->comps[l->nr_comps - 1];
		c.id = 0;
		if (i == 0 && c.start == 0)
			c.start = last->end;
		if (c.end != LFS_EOF && c.end <= c.start)
			return lfs_error_set(e, -EINVAL,
				"component end %llu must be beyond the file's last component end %llu",
				(unsigned long long)c.end, (unsigned long long)c.start);
		if (!c.stripe_size)
			c.stripe_size = last->stripe_size;
		if (!c.stripe_count)
			c.stripe_count = last->stripe_count;
		rc = layout_add_component(l, &c);
	}
	return rc;
}

/* --component-del -I ID: only the last component, and only while it has
 * no objects. */
static int del_component(struct lfs_layout *l, uint32_t id, struct lfs_error *e)
{
	for (uint32_t i = 0; i < l->nr_comps; i++) {
		const struct lfs_component *c = &l->comps[i];

		if (c->id != id)
			continue;
		if (c->flags & LFS_COMP_INIT)
			return lfs_error_set(e, -EBUSY,
				"component %u is instantiated: only uninstantiated components can be deleted",
				c->id);
		if (i != l->nr_comps - 1)
			return lfs_error_set(e, -EINVAL,
				"component %u is not the last one: delete from the end",
				c->id);
		return layout_del_component(l, id);
	}
	return lfs_error_set(e, -ENOENT, "no component with id %u", id);
}

int stripe_comp_change(struct lfs_layout *l, const struct stripe_req *r,
		       struct lfs_error *e)
{
	if (!l)
		return lfs_error_set(e, -ENODATA, "file has no layout");
	if (!l->composite)
		return lfs_error_set(e, -EINVAL, "not a composite (PFL) file");
	return r->op == STRIPE_COMP_ADD ? add_components(l, r->layout, e) :
	       del_component(l, r->comp_id, e);
}

/* Edit a PFL file's layout under the exclusive layout lock: the change
 * works on a copy, which is validated and committed with the next gen. */
static int edit_composite(struct lfs_inode *ino, const struct stripe_req *r,
			  struct lfs_error *e)
{
	struct lfs_layout *l = NULL;
	int rc = lfs_lock(ino->fd, LOCK_LAYOUT, LFS_EXCL);

	if (rc)
		return rc;
	rc = inode_layout_refresh(ino);
	if (!rc && ino->layout && !(l = layout_dup(ino->layout)))
		rc = -ENOMEM;
	if (!rc)
		rc = stripe_comp_change(l, r, e);
	if (!rc)
		rc = layout_validate(l, store_conf(ino->s)->ost_count, e);
	if (!rc) {
		l->gen++;
		rc = store_layout_refused(ino->s, l,
					  layout_xattr_replace(ino->s, ino->fd, ino->ino, l,
							       &ino->layout_side), e);
	}
	lfs_unlock(ino->fd, LOCK_LAYOUT);
	layout_free(l);
	return rc;
}

int stripe_comp_add(struct lfs_store *s, const char *rel,
		    const struct lfs_layout *l, struct lfs_error *e)
{
	struct stripe_req r = { .op = STRIPE_COMP_ADD, .layout = l };
	struct lfs_inode *ino = NULL;
	int rc = open_file(s, rel, &ino, e);

	if (rc)
		return rc;
	if (!l || !l->composite)
		rc = lfs_error_set(e, -EINVAL, "--component-add needs -E components");
	else
		rc = edit_composite(ino, &r, e);
	inode_close(ino);
	return rc;
}

int stripe_comp_del(struct lfs_store *s, const char *rel, uint32_t comp_id,
		    struct lfs_error *e)
{
	struct stripe_req r = { .op = STRIPE_COMP_DEL, .comp_id = comp_id };
	struct lfs_inode *ino = NULL;
	int rc = open_file(s, rel, &ino, e);

	if (!rc)
		rc = edit_composite(ino, &r, e);
	inode_close(ino);
	return rc;
}

int stripe_set(struct lfs_store *s, const char *rel, const struct stripe_req *r,
	       struct stripe_result *res, struct lfs_error *e)
{
	int fd = ns_open(s, rel, O_RDONLY | O_NONBLOCK, 0);
	struct stat st;

	*res = (struct stripe_result){ 0 };
	if (fd >= 0) {
		int rc = fstat(fd, &st) ? -errno : 0;

		close(fd);
		if (rc)
			return rc;
	}
	if (fd >= 0 && S_ISDIR(st.st_mode)) {
		res->dir = true;
		if (r->op == STRIPE_DELETE)
			return stripe_del_dir_default(s, rel, e);
		if (r->op != STRIPE_SET)
			return lfs_error_set(e, -EISDIR, "component add/delete needs a file");
		if (!r->layout)
			return lfs_error_set(e, -EINVAL, "a directory default needs a layout");
		return stripe_set_dir_default(s, rel, r->layout, e);
	}
	if (r->op == STRIPE_DELETE)
		return lfs_error_set(e, -ENOTDIR, "--delete applies to directories");
	if (fd >= 0 && !S_ISREG(st.st_mode))
		return lfs_error_set(e, -EINVAL, "not a regular file");
	if (fd < 0 && (fd != -ENOENT || r->op != STRIPE_SET))
		return fd;
	if (r->op == STRIPE_COMP_ADD)
		return stripe_comp_add(s, rel, r->layout, e);
	if (r->op == STRIPE_COMP_DEL)
		return stripe_comp_del(s, rel, r->comp_id, e);
	return stripe_create(s, rel, r->layout, r->mode, res, e);
}

static bool value_matches(char op, uint64_t have, uint64_t want)
{
	return !op || (op == '=' && have == want) || (op == '+' && have > want) ||
	       (op == '-' && have < want);
}

bool stripe_comp_selected(const struct lfs_component *c,
			  const struct stripe_comp_filter *f)
{
	return (!f->id || c->id == f->id) &&
	       value_matches(f->end_op, c->end, f->end_val) &&
	       value_matches(f->start_op, c->start, f->start_val);
}

int stripe_extent_filter_parse(const char *arg, char *op, uint64_t *val)
{
	*op = '=';
	if (*arg == '=')
		arg++;
	if (*arg == '+' || (*arg == '-' && strcmp(arg, "-1")))
		*op = *arg++;
	if (!strcmp(arg, "EOF") || !strcmp(arg, "eof") || !strcmp(arg, "-1")) {
		*val = LFS_EOF;
		return 0;
	}
	return size_parse(arg, val);
}

struct walk {
	stripe_read_fn read;
	void *rarg;
	int max_depth;
	stripe_walk_fn cb;
	void *arg;
};

static int walk_entries(struct walk *w, const char *path, int fd, int depth);

static int walk_one(struct walk *w, const char *path, int fd, int depth)
{
	struct stripe_entry ent = { .path = path, .depth = depth };
	struct stat st;
	int rc;

	if (fstat(fd, &st) < 0 || !(S_ISDIR(st.st_mode) || S_ISREG(st.st_mode)))
		return 0;
	ent.dir = S_ISDIR(st.st_mode);
	ent.ino = st.st_ino;
	w->read(w->rarg, path, fd, &ent);
	rc = w->cb(w->arg, &ent);
	layout_free(ent.layout);
	layout_free(ent.own);
	free(ent.groups);
	if (rc || !ent.dir || ent.rc || (w->max_depth >= 0 && depth >= w->max_depth))
		return rc;
	return walk_entries(w, path, fd, depth + 1);
}

/* The entries of a directory one level down (its depth is the walk's
 * depth of its entries). */
struct level {
	struct walk *w;
	int depth;
};

static int walk_child(void *arg, const char *child, int cfd)
{
	struct level *lv = arg;

	return walk_one(lv->w, child, cfd, lv->depth);
}

static int walk_entries(struct walk *w, const char *path, int fd, int depth)
{
	struct level lv = { w, depth };

	/* Entries in name order, so output is stable. */
	return dir_each_open(fd, path, walk_child, &lv);
}

int stripe_walk_fd(int fd, const char *name, int max_depth, stripe_read_fn read,
		   void *rarg, stripe_walk_fn cb, void *arg)
{
	struct walk w = { read, rarg, max_depth, cb, arg };

	return walk_one(&w, name, fd, 0);
}

/* The store's layouts for the walk. */
static void store_read(void *arg, const char *path, int fd,
		       struct stripe_entry *ent)
{
	struct lfs_store *s = arg;

	(void)path;
	if (ent->dir) {
		ent->rc = stripe_dir_default(s, fd, &ent->layout);
		if (!ent->rc)
			ent->rc = inode_get_dir_default(s, fd, &ent->own);
	} else {
		ent->rc = layout_xattr_get(s, fd, &ent->layout);
		if (!ent->rc)
			ent->damage = inode_check_osts(s, ent->layout, &ent->damage_e);
	}
}

int stripe_walk(struct lfs_store *s, const char *rel, const char *name,
		int max_depth, stripe_walk_fn cb, void *arg)
{
	int rc, fd = ns_open(s, rel, O_RDONLY | O_NONBLOCK, 0);

	if (fd < 0)
		return fd;
	rc = stripe_walk_fd(fd, name, max_depth, store_read, s, cb, arg);
	close(fd);
	return rc;
}
