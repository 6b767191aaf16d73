/* llapi_double.c - the opaque llapi_layout of the test double, with the
 * semantics of Lustre 2.15.3's lustre/utils/liblustreapi_layout.c: -1 and
 * errno on failure, LLAPI_LAYOUT_DEFAULT for what is unset, a current
 * component that the setters and getters act on (double.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "double.h"

struct llapi_layout *double_wrap(struct lfs_layout *l)
{
	struct llapi_layout *w = calloc(1, sizeof(*w));

	if (!w) {
		layout_free(l);
		errno = ENOMEM;
		return NULL;
	}
	w->magic = DOUBLE_LAYOUT_MAGIC;
	w->l = l;
	w->cur = 0;
	return w;
}

/* __llapi_layout_cur_comp(): the current component, or NULL and EINVAL. */
static struct lfs_component *cur(const struct llapi_layout *w)
{
	if (!w || w->magic != DOUBLE_LAYOUT_MAGIC || w->cur >= w->l->nr_comps) {
		errno = EINVAL;
		return NULL;
	}
	return &w->l->comps[w->cur];
}

static int fail(int err)
{
	errno = err;
	return -1;
}

/* llapi_layout_alloc(): one component, [0, EOF), everything unset. */
EXPORT struct llapi_layout *llapi_layout_alloc(void)
{
	struct lfs_component c = { .end = LFS_EOF, .stripe_offset = -1 };
	struct lfs_layout *l = layout_new();

	if (!l || layout_add_component(l, &c)) {
		layout_free(l);
		errno = ENOMEM;
		return NULL;
	}
	return double_wrap(l);
}

EXPORT void llapi_layout_free(struct llapi_layout *w)
{
	if (!w)
		return;
	layout_free(w->l);
	free(w);
}

EXPORT int llapi_layout_stripe_count_get(const struct llapi_layout *w,
					 uint64_t *count)
{
	const struct lfs_component *c = cur(w);

	if (!c || !count)
		return fail(EINVAL);
	/* An instantiated component has as many stripes as objects. */
	if (c->flags & LFS_COMP_INIT)
		*count = c->nr_objects;
	else
		*count = c->stripe_count == -1 ? LLAPI_LAYOUT_WIDE :
			 c->stripe_count == 0 ? LLAPI_LAYOUT_DEFAULT :
			 (uint64_t)c->stripe_count;
	return 0;
}

/* llapi_layout_stripe_count_is_valid(): DEFAULT, WIDE, or 1..2000. */
EXPORT int llapi_layout_stripe_count_set(struct llapi_layout *w, uint64_t count)
{
	struct lfs_component *c = cur(w);

	if (!c)
		return -1;
	if (count == LLAPI_LAYOUT_DEFAULT)
		c->stripe_count = 0;
	else if (count == LLAPI_LAYOUT_WIDE)
		c->stripe_count = -1;
	else if (count >= 1 && count <= LFS_MAX_STRIPE_COUNT)
		c->stripe_count = (int32_t)count;
	else
		return fail(EINVAL);
	return 0;
}

EXPORT int llapi_layout_stripe_size_get(const struct llapi_layout *w,
					uint64_t *size)
{
	const struct lfs_component *c = cur(w);

	if (!c || !size)
		return fail(EINVAL);
	*size = c->stripe_size ? c->stripe_size : LLAPI_LAYOUT_DEFAULT;
	return 0;
}

/* llapi_layout_stripe_size_is_valid(): DEFAULT, or a non-zero multiple
 * of 64 KiB below 4 GiB. */
EXPORT int llapi_layout_stripe_size_set(struct llapi_layout *w, uint64_t size)
{
	struct lfs_component *c = cur(w);

	if (!c)
		return -1;
	if (size == LLAPI_LAYOUT_DEFAULT)
		size = 0;
	else if (!size || size % LFS_STRIPE_UNIT || size >= LFS_STRIPE_SIZE_LIMIT)
		return fail(EINVAL);
	c->stripe_size = size;
	return 0;
}

EXPORT int llapi_layout_pattern_get(const struct llapi_layout *w,
				    uint64_t *pattern)
{
	const struct lfs_component *c = cur(w);

	if (!c || !pattern)
		return fail(EINVAL);
	*pattern = !c->pattern ? LLAPI_LAYOUT_DEFAULT :
		   c->pattern & LFS_PATTERN_OVERSTRIPED ? LLAPI_LAYOUT_OVERSTRIPING :
		   LLAPI_LAYOUT_RAID0;
	if (c->nr_osts)
		*pattern |= LLAPI_LAYOUT_SPECIFIC;
	return 0;
}

/* Only DEFAULT, RAID0, MDT and OVERSTRIPING (EOPNOTSUPP otherwise); the
 * double has no Data-on-MDT, so MDT is EOPNOTSUPP too. */
EXPORT int llapi_layout_pattern_set(struct llapi_layout *w, uint64_t pattern)
{
	struct lfs_component *c = cur(w);

	if (!c)
		return -1;
	if (pattern == LLAPI_LAYOUT_DEFAULT)
		c->pattern = 0;
	else if (pattern == LLAPI_LAYOUT_RAID0)
		c->pattern = LFS_PATTERN_RAID0;
	else if (pattern == LLAPI_LAYOUT_OVERSTRIPING)
		c->pattern = LFS_PATTERN_RAID0 | LFS_PATTERN_OVERSTRIPED;
	else
		return fail(EOPNOTSUPP);
	return 0;
}

/* Stripe i's OST: an instantiated component's object, else the OST list
 * given, else for stripe 0 the start index; EINVAL past them, as
 * liblustreapi checks llc_objects_count. */
EXPORT int llapi_layout_ost_index_get(const struct llapi_layout *w,
				      uint64_t stripe, uint64_t *index)
{
	const struct lfs_component *c = cur(w);

	if (!c || !index)
		return fail(EINVAL);
	if (c->flags & LFS_COMP_INIT) {
		if (stripe >= c->nr_objects)
			return fail(EINVAL);
		*index = c->objects[stripe].ost;
	} else if (c->nr_osts) {
		if (stripe >= c->nr_osts)
			return fail(EINVAL);
		*index = c->osts[stripe];
	} else if (w->ondisk_dir && !w->l->composite) {
		return fail(EINVAL);
	} else {
		if (stripe != 0)
			return fail(EINVAL);
		*index = c->stripe_offset < 0 ? LLAPI_LAYOUT_DEFAULT :
			 (uint64_t)c->stripe_offset;
	}
	return 0;
}

/* Stripe 0 sets the start (DEFAULT clears it and any list); a further
 * stripe makes an OST list (LLAPI_LAYOUT_SPECIFIC), whose first entry is
 * the start; the stripe count grows to cover it. */
EXPORT int llapi_layout_ost_index_set(struct llapi_layout *w, int stripe,
				      uint64_t index)
{
	struct lfs_component *c = cur(w);

	if (!c)
		return -1;
	if (stripe == 0 && index == LLAPI_LAYOUT_DEFAULT) {
		c->stripe_offset = -1;
		layout_set_ost_list(c, NULL, 0);
		return 0;
	}
	if (stripe < 0 || stripe >= LFS_MAX_STRIPE_COUNT ||
	    index > LFS_MAX_STRIPE_OFFSET)
		return fail(EINVAL);
	if (stripe == 0)
		c->stripe_offset = (int32_t)index;
	if (stripe > 0 || c->nr_osts) {
		uint32_t list[LFS_MAX_STRIPE_COUNT], n = c->nr_osts;

		if (n)
			memcpy(list, c->osts, n * sizeof(*list));
		if (!n)
			list[n++] = (uint32_t)c->stripe_offset;
		while (n <= (uint32_t)stripe)
			list[n++] = (uint32_t)index;
		list[stripe] = (uint32_t)index;
		if (layout_set_ost_list(c, list, n))
			return fail(ENOMEM);
	}
	if (c->stripe_count != -1 && c->stripe_count <= stripe)
		c->stripe_count = stripe + 1;
	if (c->nr_osts)
		c->stripe_count = (int32_t)c->nr_osts;
	return 0;
}

EXPORT int llapi_layout_pool_name_get(const struct llapi_layout *w, char *dest,
				      size_t n)
{
	const struct lfs_component *c = cur(w);

	if (!c || !dest)
		return fail(EINVAL);
	strncpy(dest, c->pool, n);
	return 0;
}

/* llapi_pool_name_is_valid(): "FSNAME." dropped, at most 15 bytes. */
EXPORT int llapi_layout_pool_name_set(struct llapi_layout *w, const char *name)
{
	struct lfs_component *c = cur(w);
	const char *dot;

	if (!c || !name)
		return fail(EINVAL);
	dot = strchr(name, '.');
	if (dot)
		name = dot + 1;
	if (strlen(name) > LFS_POOL_NAME_MAX)
		return fail(EINVAL);
	strncpy(c->pool, name, sizeof(c->pool));
	return 0;
}

EXPORT int llapi_layout_comp_extent_get(const struct llapi_layout *w,
					uint64_t *start, uint64_t *end)
{
	const struct lfs_component *c = cur(w);

	if (!c || !start || !end)
		return fail(EINVAL);
	*start = c->start;
	*end = c->end;
	return 0;
}

/* Setting an extent makes the layout composite, as in Lustre. */
EXPORT int llapi_layout_comp_extent_set(struct llapi_layout *w, uint64_t start,
					uint64_t end)
{
	struct lfs_component *c = cur(w);

	if (!c)
		return -1;
	if (start > end)
		return fail(EINVAL);
	c->start = start;
	c->end = end;
	w->l->composite = true;
	return 0;
}

EXPORT int llapi_layout_comp_flags_get(const struct llapi_layout *w,
				       uint32_t *flags)
{
	const struct lfs_component *c = cur(w);

	if (!c || !flags)
		return fail(EINVAL);
	/* A plain layout has no component flags: llapi_layout_from_lum sets
	 * 0 (liblustreapi_layout.c 549), instantiated or not. */
	*flags = w->l->composite && (c->flags & LFS_COMP_INIT) ? LLAPI_LCME_FL_INIT : 0;
	return 0;
}

EXPORT int llapi_layout_comp_id_get(const struct llapi_layout *w, uint32_t *id)
{
	const struct lfs_component *c = cur(w);

	if (!c || !id)
		return fail(EINVAL);
	*id = c->id;
	return 0;
}

/* A component after the last, starting at its end (which must not be
 * EOF), unset, made current; the layout becomes composite. */
EXPORT int llapi_layout_comp_add(struct llapi_layout *w)
{
	struct lfs_component c = { .end = LFS_EOF - 1, .stripe_offset = -1 };
	struct lfs_layout *l;

	if (!cur(w))
		return -1;
	l = w->l;
	c.start = l->comps[l->nr_comps - 1].end;
	if (c.start == LFS_EOF)
		return fail(EINVAL);
	if (layout_add_component(l, &c))
		return fail(EINVAL);
	l->composite = true;
	w->cur = l->nr_comps - 1;
	return 0;
}

/* FIRST/LAST always succeed; NEXT/PREV past the ends return 1 with
 * ENOENT; a plain layout has only FIRST and LAST. */
EXPORT int llapi_layout_comp_use(struct llapi_layout *w, uint32_t pos)
{
	if (!cur(w))
		return -1;
	switch (pos) {
	case LLAPI_LAYOUT_COMP_USE_FIRST:
		w->cur = 0;
		return 0;
	case LLAPI_LAYOUT_COMP_USE_LAST:
		w->cur = w->l->nr_comps - 1;
		return 0;
	case LLAPI_LAYOUT_COMP_USE_NEXT:
		if (!w->l->composite || w->cur + 1 >= w->l->nr_comps) {
			errno = ENOENT;
			return 1;
		}
		w->cur++;
		return 0;
	case 4: /* LLAPI_LAYOUT_COMP_USE_PREV */
		if (!w->l->composite || w->cur == 0) {
			errno = ENOENT;
			return 1;
		}
		w->cur--;
		return 0;
	}
	return fail(EINVAL);
}

EXPORT bool llapi_layout_is_composite(struct llapi_layout *w)
{
	return w && w->magic == DOUBLE_LAYOUT_MAGIC && w->l->composite;
}
