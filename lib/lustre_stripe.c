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

#include "dirlist.h"

static int got(const struct lfs_llapi *api, struct llapi_layout *ll,
	       struct lfs_layout **out)
{
	int rc;

	if (!ll)
		return errno ? -errno : -EINVAL;
	rc = llapi_to_layout(api, ll, out);
	api->f.layout_free(ll);
	return rc;
}

/* Has a directory a default of its own (liblustreapi's
 * is_any_specified)? */
static bool specified(const struct lfs_layout *l)
{
	const struct lfs_component *c = &l->comps[0];

	return l->composite || l->nr_comps > 1 || c->stripe_size ||
	       c->stripe_count || c->stripe_offset >= 0 || c->pool[0] || c->nr_osts;
}

struct walk {
	const struct lfs_llapi *api;
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
	ent.rc = got(w->api, w->api->f.layout_get_by_fd(fd, 0),
		     ent.dir ? &ent.own : &ent.layout);
	if (ent.dir && !ent.rc) {
		if (!specified(ent.own)) {
			layout_free(ent.own);
			ent.own = NULL;
		}
		ent.rc = got(w->api, w->api->f.layout_get_by_path(path,
				LLAPI_LAYOUT_GET_EXPECTED), &ent.layout);
	}
	rc = w->cb(w->arg, &ent);
	layout_free(ent.layout);
	layout_free(ent.own);
	if (rc || !ent.dir || ent.rc || (w->max_depth >= 0 && depth >= w->max_depth))
		return rc;
	return walk_entries(w, path, fd, depth + 1);
}

static int walk_entries(struct walk *w, const char *path, int fd, int depth)
{
	bool slash = path[strlen(path) - 1] == '/';
	char **names;
	size_t n;
	int rc = 0;

	if (dir_list(fd, true, &names, &n))
		return 0;
	for (size_t i = 0; !rc && i < n; i++) {
		char *child;
		int cfd;

		if (asprintf(&child, "%s%s%s", path, slash ? "" : "/", names[i]) < 0)
			continue;
		cfd = openat(fd, names[i], O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
		if (cfd >= 0) {
			rc = walk_one(w, child, cfd, depth);
			close(cfd);
		}
		free(child);
	}
	dir_list_free(names, n);
	return rc;
}

int lustre_stripe_walk(const struct lfs_llapi *api, const char *path,
		       int max_depth, stripe_walk_fn cb, void *arg)
{
	struct walk w = { api, max_depth, cb, arg };
	int rc, fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	rc = walk_one(&w, path, fd, 0);
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
	if (!res->dir && !(rc = got(api, api->f.layout_get_by_fd(fd, 0), &made))) {
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
