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

	ent->rc = llapi_take_layout(api, api->f.layout_get_by_fd(fd, 0),
				    ent->dir ? &ent->own : &ent->layout);
	if (ent->dir && !ent->rc) {
		if (!specified(ent->own)) {
			layout_free(ent->own);
			ent->own = NULL;
		}
		ent->rc = llapi_take_layout(api, api->f.layout_get_by_path(path,
				LLAPI_LAYOUT_GET_EXPECTED), &ent->layout);
	}
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

int lustre_stripe_set(const struct lfs_llapi *api, const char *path,
		      const struct lfs_layout *l, mode_t mode,
		      struct stripe_result *res, struct lfs_error *e)
{
	struct llapi_layout *ll;
	struct lfs_layout *made = NULL;
	struct stat st;
	bool existed;
	int fd, rc;

	(void)e;
	memset(res, 0, sizeof(*res));
	existed = !lstat(path, &st);
	res->dir = !stat(path, &st) && S_ISDIR(st.st_mode);
	if (!l)
		return -EINVAL;
	rc = llapi_from_layout(api, l, &ll);
	if (rc)
		return rc;
	fd = api->f.layout_file_open(path, res->dir ? O_DIRECTORY | O_RDONLY :
				     O_CREAT | O_WRONLY | O_CLOEXEC, mode, ll);
	rc = fd < 0 ? -errno : 0;
	api->f.layout_free(ll);
	/* The open made the name, the servers refused the layout: Lustre
	 * leaves an empty file there; we take the name back. */
	if (rc && !existed && rc != -EEXIST)
		unlink(path);
	if (rc)
		return rc;
	if (!res->dir && !(rc = llapi_take_layout(api, api->f.layout_get_by_fd(fd, 0), &made))) {
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
