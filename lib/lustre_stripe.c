/* lustre_stripe.c - setstripe and getstripe on a Lustre client mount
 * (lustre_stripe.h). */
#include "lustre_stripe.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Has a directory a default of its own (liblustreapi's
 * is_any_specified)? */
static bool specified(const struct lfs_layout *l)
{
	const struct lfs_component *c = &l->comps[0];

	return l->composite || l->nr_comps > 1 || c->stripe_size ||
	       c->stripe_count || c->stripe_offset >= 0 || c->pool[0] || c->nr_osts;
}

/* A file's layout, a directory's default as a new file there would see
 * it and the one of its own, if any (stripe_read_fn). */
static void client_read(void *arg, const char *path, int fd,
			struct stripe_entry *ent)
{
	const struct lfs_llapi *api = arg;

	if (!ent->dir) {
		struct llapi_lum_ids ids;

		ent->rc = llapi_layout_with_ids(api, path, fd, &ent->layout, &ids);
		ent->fid_known = !ent->rc;
		ent->fid_seq = ids.fid.f_seq;
		ent->fid_oid = ids.fid.f_oid;
		ent->fid_ver = ids.fid.f_ver;
		ent->lmm_seq = ids.oi_seq;
		ent->lmm_oid = ids.oi_id;
		ent->groups = ids.groups;
		return;
	}
	ent->rc = llapi_take_layout(api, api->f.layout_get_by_fd(fd, 0), &ent->own);
	if (!ent->rc) {
		struct llapi_lu_fid fid;

		ent->rc = api->f.fd2fid(fd, &fid);
		ent->fid_known = !ent->rc;
		ent->fid_seq = fid.f_seq;
		ent->fid_oid = fid.f_oid;
		ent->fid_ver = fid.f_ver;
	}
	if (!ent->rc) {
		/* Its own default's stripe offsets are only in the raw
		 * layout: a failure (none of its own, changed meanwhile)
		 * leaves them unset. */
		llapi_dir_offsets(api, path, ent->own);
		if (!specified(ent->own)) {
			layout_free(ent->own);
			ent->own = NULL;
		}
		ent->rc = llapi_take_layout(api, api->f.layout_get_by_path(path,
				LLAPI_LAYOUT_GET_EXPECTED), &ent->layout);
	}
	if (!ent->rc && ent->own)
		llapi_dir_offsets(api, path, ent->layout);
}

int lustre_entry_layout(const struct lfs_llapi *api, int dir_fd,
			const char *name, int fd, bool dir,
			struct lfs_layout **out)
{
	int own = fd < 0 ? openat(dir_fd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
				  O_CLOEXEC | (dir ? O_DIRECTORY : 0)) : fd;
	int rc;

	*out = NULL;
	if (own < 0)
		return -errno;
	rc = llapi_take_layout(api, api->f.layout_get_by_fd(own, 0), out);
	if (own != fd)
		close(own);
	if (rc == -ENODATA)
		return 0;
	if (!rc && dir && !specified(*out)) {
		layout_free(*out);
		*out = NULL;
	}
	return rc;
}

int lustre_stripe_walk(const struct lfs_llapi *api, const char *path,
		       int max_depth, stripe_walk_fn cb, void *arg)
{
	int rc, fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	rc = stripe_walk_fd(fd, path, max_depth, client_read, (void *)api, cb, arg);
	close(fd);
	return rc;
}

/* setstripe -d DIR: what lfs.c sends (llapi_file_open_param of stripe
 * size 0, count 0, offset -1, no pool), here as a new llapi_layout, all
 * of it LLAPI_LAYOUT_DEFAULT, set on the directory: the MDS takes those
 * values as "delete the default" (lod_xattr_set_lov_on_dir,
 * LOVEA_DELETE_VALUES). */
static int delete_default(const struct lfs_llapi *api, const char *path)
{
	struct llapi_layout *ll = api->f.layout_alloc();
	int fd, rc;

	if (!ll)
		return -ENOMEM;
	errno = 0;
	fd = api->f.layout_file_open(path, O_DIRECTORY | O_RDONLY, 0, ll);
	rc = fd < 0 ? (errno ? -errno : -EIO) : 0;     /* before free's */
	api->f.layout_free(ll);
	if (fd >= 0)
		close(fd);
	return rc;
}

/* The components --component-add sends: those the store's rules
 * (stripe_comp_change) appended to the file's layout l, from n on. */
static int added(const struct lfs_llapi *api, const struct lfs_layout *l,
		 uint32_t n, struct llapi_layout **out)
{
	struct lfs_layout *t = layout_new();
	int rc = t ? 0 : -ENOMEM;

	for (uint32_t i = n; !rc && i < l->nr_comps; i++) {
		struct lfs_component c = l->comps[i];

		c.id = 0;
		rc = layout_add_component(t, &c);
	}
	if (!rc) {
		t->composite = true;
		rc = llapi_from_layout(api, t, out);
	}
	layout_free(t);
	return rc;
}

/* --component-add and --component-del: the file's layout checked by the
 * store's rules (the same messages), then the servers asked, as lfs.c's
 * lfs_component_add/_del. */
static int comp_edit(const struct lfs_llapi *api, const char *path,
		     const struct stripe_req *r, struct lfs_error *e)
{
	struct llapi_layout *ll = NULL;
	struct lfs_layout *l = NULL;
	uint32_t n;
	int rc;

	if (r->op == STRIPE_COMP_ADD && (!r->layout || !r->layout->composite))
		return lfs_error_set(e, -EINVAL, "--component-add needs -E components");
	rc = llapi_take_layout(api, api->f.layout_get_by_path(path, 0), &l);
	if (rc && rc != -ENODATA)
		return rc;
	n = l ? l->nr_comps : 0;
	rc = stripe_comp_change(l, r, e);
	if (!rc && r->op == STRIPE_COMP_ADD)
		rc = added(api, l, n, &ll);
	layout_free(l);
	if (rc)
		return rc;
	errno = 0;
	if (r->op == STRIPE_COMP_ADD)
		rc = api->f.layout_file_comp_add(path, ll);
	else
		rc = api->f.layout_file_comp_del(path, r->comp_id, 0);
	rc = rc ? (errno ? -errno : -EIO) : 0;   /* before free's */
	if (r->op == STRIPE_COMP_ADD)
		api->f.layout_free(ll);
	return rc;
}

int lustre_stripe_set(const struct lfs_llapi *api, const char *path,
		      const struct stripe_req *r, struct stripe_result *res,
		      struct lfs_error *e)
{
	const struct lfs_layout *l = r->layout;
	struct llapi_layout *ll;
	struct lfs_layout *made = NULL;
	struct stat st;
	bool existed;
	int fd, rc;

	memset(res, 0, sizeof(*res));
	existed = !lstat(path, &st);
	res->dir = !stat(path, &st) && S_ISDIR(st.st_mode);
	/* The store's rules for what a path may be (stripe_set). */
	if (r->op != STRIPE_SET) {
		if (res->dir && r->op != STRIPE_DELETE)
			return lfs_error_set(e, -EISDIR, "component add/delete needs a file");
		if (!res->dir && r->op == STRIPE_DELETE)
			return lfs_error_set(e, -ENOTDIR, "--delete applies to directories");
		if (!existed)
			return -ENOENT;
		if (!res->dir && !S_ISREG(st.st_mode))
			return lfs_error_set(e, -EINVAL, "not a regular file");
		return r->op == STRIPE_DELETE ? delete_default(api, path) :
		       comp_edit(api, path, r, e);
	}
	/* No layout: a directory needs one (stripe_set's rule); a file takes
	 * the default it inherits, an all-default llapi_layout as lfs.c's
	 * llapi_file_open_param of zeros asks. */
	if (!l && res->dir)
		return lfs_error_set(e, -EINVAL, "a directory default needs a layout");
	rc = l ? llapi_from_layout(api, l, &ll) : (ll = api->f.layout_alloc()) ? 0 : -ENOMEM;
	if (rc)
		return rc;
	fd = api->f.layout_file_open(path, res->dir ? O_DIRECTORY | O_RDONLY :
				     O_CREAT | O_WRONLY | O_CLOEXEC, r->mode, ll);
	rc = fd < 0 ? -errno : 0;
	api->f.layout_free(ll);
	/* The open made the name, the servers refused the layout: Lustre
	 * leaves an empty file there; we take the name back. */
	if (rc && !existed && rc != -EEXIST)
		unlink(path);
	if (rc)
		return rc;
	if (l && !res->dir && !(rc = llapi_take_layout(api, api->f.layout_get_by_fd(fd, 0), &made))) {
		const struct lfs_component *w = &l->comps[0], *g = &made->comps[0];

		if ((g->flags & LFS_COMP_INIT) && w->stripe_count > 0 &&
		    !(w->pattern & LFS_PATTERN_OVERSTRIPED) &&
		    g->nr_objects < (uint32_t)w->stripe_count) {
			res->capped_from = w->stripe_count;
			res->capped_to = g->nr_objects;
		}
	}
	layout_free(made);
	close(fd);
	return rc;
}

int lustre_layout_of(const struct lfs_llapi *api, const char *path,
		     struct lfs_layout **out)
{
	struct stat st;
	int rc;

	*out = NULL;
	if (stat(path, &st))
		return -errno;
	rc = llapi_take_layout(api, api->f.layout_get_by_path(path,
			S_ISDIR(st.st_mode) ? LLAPI_LAYOUT_GET_EXPECTED : 0), out);
	if (!rc)
		layout_drop_placement(*out);
	return rc;
}
