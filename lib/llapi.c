/* llapi.c - load liblustreapi, tell a Lustre mount, convert layouts
 * (llapi.h). */
#include "llapi.h"

#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/vfs.h>
#include <unistd.h>

/* Every symbol of struct lfs_llapi_fns, in its order: a missing one is
 * named, so an older library is one clear message. */
#define FN(m) { "llapi_" #m, offsetof(struct lfs_llapi_fns, m) }
static const struct { const char *sym; size_t off; } fns[] = {
	FN(layout_get_by_path), FN(layout_get_by_fd), FN(layout_alloc),
	FN(layout_free), FN(layout_stripe_count_get), FN(layout_stripe_count_set),
	FN(layout_stripe_size_get), FN(layout_stripe_size_set),
	FN(layout_pattern_get), FN(layout_pattern_set), FN(layout_ost_index_get),
	FN(layout_ost_index_set), FN(layout_pool_name_get),
	FN(layout_pool_name_set), FN(layout_file_open), FN(layout_comp_extent_get),
	FN(layout_comp_extent_set), FN(layout_comp_flags_get),
	FN(layout_comp_id_get), FN(layout_comp_add), FN(layout_comp_use),
	FN(layout_is_composite), FN(file_fget_mdtidx), FN(search_fsname),
	FN(get_data_version), FN(fswap_layouts_grouplock), FN(fswap_layouts),
	FN(lease_acquire), FN(lease_release), FN(lease_check), FN(group_lock),
	FN(group_unlock), FN(msg_set_level), FN(get_poollist),
	FN(get_poolmembers), FN(obd_statfs), FN(search_mounts),
	/* phase 4 */
	FN(layout_file_comp_add), FN(layout_file_comp_del),
	FN(fd2fid), FN(file_get_stripe),
};
#undef FN

int llapi_load(struct lfs_llapi **out, struct lfs_error *e)
{
	const char *lib = getenv(LLAPI_ENV);
	struct lfs_llapi *api;

	*out = NULL;
	if (!lib || !*lib)
		lib = LLAPI_SONAME;
	api = calloc(1, sizeof(*api));
	if (!api)
		return -ENOMEM;
	snprintf(api->lib, sizeof(api->lib), "%s", lib);
	api->dl = dlopen(lib, RTLD_NOW | RTLD_LOCAL);
	if (!api->dl) {
		lfs_error_set(e, -ENOPKG, "Lustre client library %s not found (dlopen: %s)",
			      lib, dlerror());
		free(api);
		return -ENOPKG;
	}
	for (size_t i = 0; i < sizeof(fns) / sizeof(fns[0]); i++) {
		void *p = dlsym(api->dl, fns[i].sym);

		if (!p) {
			lfs_error_set(e, -ENOPKG,
				"Lustre client library %s has no %s (Lustre 2.15 or later is needed)",
				lib, fns[i].sym);
			llapi_unload(api);
			return -ENOPKG;
		}
		/* POSIX: a function pointer and a data pointer share a size. */
		memcpy((char *)&api->f + fns[i].off, &p, sizeof(p));
	}
	/* The library's own messages (llapi_printf, llapi_error) off: lfs
	 * prints what it reports, once, in its own form. */
	api->f.msg_set_level(LLAPI_MSG_OFF);
	*out = api;
	return 0;
}

void llapi_unload(struct lfs_llapi *api)
{
	if (!api)
		return;
	if (api->dl)
		dlclose(api->dl);
	free(api);
}

/* Lexically absolute form of path ("." and ".." folded, no symlink
 * followed), for the test-mount prefix check. */
static int absolute(const char *path, char *out, size_t len)
{
	char buf[PATH_MAX * 2];
	size_t n = 0;

	if (path[0] == '/')
		snprintf(buf, sizeof(buf), "%s", path);
	else {
		char cwd[PATH_MAX];

		if (!getcwd(cwd, sizeof(cwd)))
			return -errno;
		snprintf(buf, sizeof(buf), "%s/%s", cwd, path);
	}
	out[0] = '\0';
	for (char *save, *w = strtok_r(buf, "/", &save); w; w = strtok_r(NULL, "/", &save)) {
		if (!strcmp(w, "."))
			continue;
		if (!strcmp(w, "..")) {
			char *slash = strrchr(out, '/');

			n = slash ? (size_t)(slash - out) : 0;
			out[n] = '\0';
			continue;
		}
		if (n + strlen(w) + 2 > len)
			return -ENAMETOOLONG;
		n += (size_t)sprintf(out + n, "/%s", w);
	}
	if (!n)
		snprintf(out, len, "/");
	return 0;
}

bool lfs_on_lustre(const char *path)
{
	const char *test = getenv(LLAPI_TEST_MOUNT_ENV);
	char abs[PATH_MAX], mnt[PATH_MAX];
	struct statfs sf;

	if (!path || !*path || absolute(path, abs, sizeof(abs)))
		return false;
	if (test && *test && !absolute(test, mnt, sizeof(mnt))) {
		size_t n = strlen(mnt);

		if (!strcmp(mnt, "/") ||
		    (!strncmp(abs, mnt, n) && (abs[n] == '/' || !abs[n])))
			return true;
	}
	/* The nearest existing ancestor: a file about to be created. */
	while (statfs(abs, &sf)) {
		char *slash = strrchr(abs, '/');

		if (errno != ENOENT || !slash || slash == abs)
			return false;
		*slash = '\0';
	}
	return (uint32_t)sf.f_type == LLAPI_SUPER_MAGIC;
}

static int lerr(void)
{
	return errno ? -errno : -EINVAL;
}

/* Has a plain layout its count objects: each stripe's OST given (a
 * layout without objects has none to give, llapi_layout_ost_index_get). */
static bool plain_objects(const struct lfs_llapi_fns *f, struct llapi_layout *l,
			  int32_t count)
{
	uint64_t idx;

	for (int32_t i = 0; i < count; i++)
		if (f->layout_ost_index_get(l, (uint64_t)i, &idx) ||
		    idx == LLAPI_LAYOUT_DEFAULT)
			return false;
	return count > 0;
}

/* The current component of l into c (of a composite layout or not). */
static int comp_from(const struct lfs_llapi *api, struct llapi_layout *l,
		     bool composite, struct lfs_component *c)
{
	const struct lfs_llapi_fns *f = &api->f;
	uint64_t count, size, pattern, idx;
	char pool[LLAPI_MAXPOOLNAME + 1] = "";

	if (f->layout_comp_extent_get(l, &c->start, &c->end) ||
	    f->layout_comp_id_get(l, &c->id) ||
	    f->layout_comp_flags_get(l, &c->flags) ||
	    f->layout_stripe_count_get(l, &count) ||
	    f->layout_stripe_size_get(l, &size) ||
	    f->layout_pattern_get(l, &pattern) ||
	    f->layout_pool_name_get(l, pool, sizeof(pool)) < 0)
		return lerr();
	c->flags &= LFS_COMP_INIT;
	c->stripe_count = count == LLAPI_LAYOUT_WIDE ? -1 :
			  count == LLAPI_LAYOUT_DEFAULT ? 0 : (int32_t)count;
	c->stripe_size = size == LLAPI_LAYOUT_DEFAULT ? 0 : size;
	c->pattern = LFS_PATTERN_RAID0;
	if (pattern != LLAPI_LAYOUT_DEFAULT &&
	    (pattern & ~LLAPI_LAYOUT_SPECIFIC) == LLAPI_LAYOUT_OVERSTRIPING)
		c->pattern |= LFS_PATTERN_OVERSTRIPED;
	memcpy(c->pool, pool, sizeof(c->pool));
	c->stripe_offset = -1;
	if (!f->layout_ost_index_get(l, 0, &idx) && idx != LLAPI_LAYOUT_DEFAULT)
		c->stripe_offset = (int32_t)idx;
	/* A plain layout has no component flags (llapi_layout_from_lum sets
	 * 0, liblustreapi_layout.c 549): it is instantiated when it has its
	 * objects (a directory's default has none). */
	if (!composite)
		c->flags = plain_objects(f, l, c->stripe_count) ? LFS_COMP_INIT : 0;
	if ((c->flags & LFS_COMP_INIT) && c->stripe_count > 0) {
		struct lfs_object objs[LFS_MAX_STRIPE_COUNT];
		uint32_t n = (uint32_t)c->stripe_count;

		for (uint32_t i = 0; i < n; i++) {
			if (f->layout_ost_index_get(l, i, &idx))
				return lerr();
			objs[i] = (struct lfs_object){ (uint32_t)idx, 0 };
		}
		c->flags &= ~LFS_COMP_INIT;
		return layout_set_objects(c, objs, n);
	}
	return 0;
}

int llapi_to_layout(const struct lfs_llapi *api, struct llapi_layout *l,
		    struct lfs_layout **out)
{
	struct lfs_layout *r = layout_new();
	int rc = 0, more;

	*out = NULL;
	if (!r)
		return -ENOMEM;
	r->composite = api->f.layout_is_composite(l);
	errno = 0;
	more = api->f.layout_comp_use(l, LLAPI_LAYOUT_COMP_USE_FIRST);
	while (!rc && more == 0) {
		struct lfs_component c = { 0 };

		rc = comp_from(api, l, r->composite, &c);
		if (!rc)
			rc = layout_add_component(r, &c);
		free(c.objects);
		more = api->f.layout_comp_use(l, LLAPI_LAYOUT_COMP_USE_NEXT);
	}
	if (!rc && more < 0)
		rc = lerr();
	if (rc) {
		layout_free(r);
		return rc;
	}
	*out = r;
	return 0;
}

int llapi_take_layout(const struct lfs_llapi *api, struct llapi_layout *l,
		      struct lfs_layout **out)
{
	int rc;

	*out = NULL;
	if (!l)
		return lerr();
	rc = llapi_to_layout(api, l, out);
	api->f.layout_free(l);
	return rc;
}

static int comp_to(const struct lfs_llapi *api, struct llapi_layout *l,
		   const struct lfs_layout *t, const struct lfs_component *c)
{
	const struct lfs_llapi_fns *f = &api->f;
	uint64_t count = c->stripe_count == -1 ? LLAPI_LAYOUT_WIDE :
			 c->stripe_count == 0 ? LLAPI_LAYOUT_DEFAULT :
			 (uint64_t)c->stripe_count;

	if (t->composite && f->layout_comp_extent_set(l, c->start, c->end))
		return lerr();
	if (f->layout_stripe_size_set(l, c->stripe_size ? c->stripe_size :
				      LLAPI_LAYOUT_DEFAULT) ||
	    f->layout_pattern_set(l, c->pattern & LFS_PATTERN_OVERSTRIPED ?
				  LLAPI_LAYOUT_OVERSTRIPING : LLAPI_LAYOUT_RAID0) ||
	    (c->pool[0] && f->layout_pool_name_set(l, c->pool)))
		return lerr();
	if (c->nr_osts) {
		/* An OST list: stripe i on the list's i-th OST, in the
		 * order the allocator would place it (layout_listed_ost). */
		for (uint32_t i = 0; i < c->nr_osts; i++)
			if (f->layout_ost_index_set(l, (int)i, layout_listed_ost(c, i)))
				return lerr();
	} else if (c->stripe_offset >= 0 &&
		   f->layout_ost_index_set(l, 0, (uint64_t)c->stripe_offset)) {
		return lerr();
	}
	if (!c->nr_osts && f->layout_stripe_count_set(l, count))
		return lerr();
	return 0;
}

int llapi_from_layout(const struct lfs_llapi *api, const struct lfs_layout *t,
		      struct llapi_layout **out)
{
	struct llapi_layout *l = api->f.layout_alloc();
	int rc = 0;

	*out = NULL;
	if (!l)
		return -ENOMEM;
	for (uint32_t i = 0; !rc && i < t->nr_comps; i++) {
		errno = 0;
		if (i && api->f.layout_comp_add(l))
			rc = lerr();
		if (!rc)
			rc = comp_to(api, l, t, &t->comps[i]);
	}
	if (rc) {
		api->f.layout_free(l);
		return rc;
	}
	*out = l;
	return 0;
}
