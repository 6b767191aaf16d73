/*
 * layout.c - the layout model: lifecycle, deep copies, equality.
 *
 * Components own their OST list and object array; every function that
 * copies a component copies those too, so a layout can be freed without
 * knowing where its parts came from.
 */
#include "layout.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct lfs_layout *layout_new(void)
{
	return calloc(1, sizeof(struct lfs_layout));
}

static void comp_release(struct lfs_component *c)
{
	free(c->osts);
	free(c->objects);
	c->osts = NULL;
	c->objects = NULL;
	c->nr_osts = 0;
	c->nr_objects = 0;
}

void layout_free(struct lfs_layout *l)
{
	uint32_t i;

	if (!l)
		return;
	for (i = 0; i < l->nr_comps; i++)
		comp_release(&l->comps[i]);
	free(l->comps);
	free(l);
}

static void *dup_array(const void *src, size_t n, size_t size)
{
	void *p;

	if (n == 0)
		return NULL;
	p = malloc(n * size);
	if (p)
		memcpy(p, src, n * size);
	return p;
}

/* Deep copy of src into *dst (whose old arrays are not freed). */
static int comp_copy(struct lfs_component *dst, const struct lfs_component *src)
{
	*dst = *src;
	dst->osts = NULL;
	dst->objects = NULL;
	if (src->nr_osts) {
		if (!src->osts)
			return -EINVAL;
		dst->osts = dup_array(src->osts, src->nr_osts, sizeof(uint32_t));
		if (!dst->osts)
			return -ENOMEM;
	}
	if (src->nr_objects) {
		if (!src->objects) {
			free(dst->osts);
			dst->osts = NULL;
			return -EINVAL;
		}
		dst->objects = dup_array(src->objects, src->nr_objects,
					 sizeof(struct lfs_object));
		if (!dst->objects) {
			free(dst->osts);
			dst->osts = NULL;
			return -ENOMEM;
		}
	}
	/* The pool must stay a C string whatever the caller put there. */
	dst->pool[LFS_POOL_NAME_MAX] = '\0';
	return 0;
}

struct lfs_layout *layout_dup(const struct lfs_layout *l)
{
	struct lfs_layout *n;
	uint32_t i;

	if (!l)
		return NULL;
	n = layout_new();
	if (!n)
		return NULL;
	n->gen = l->gen;
	n->composite = l->composite;
	for (i = 0; i < l->nr_comps; i++) {
		if (layout_add_component(n, &l->comps[i])) {
			layout_free(n);
			return NULL;
		}
	}
	return n;
}

static uint32_t next_id(const struct lfs_layout *l)
{
	uint32_t i, max = 0;

	for (i = 0; i < l->nr_comps; i++)
		if (l->comps[i].id > max)
			max = l->comps[i].id;
	return max + 1;
}

int layout_add_component(struct lfs_layout *l, const struct lfs_component *c)
{
	struct lfs_component *comps, tmp;
	int rc;

	if (!l || !c)
		return -EINVAL;
	if (l->nr_comps >= LFS_MAX_COMPONENTS)
		return -EINVAL;
	rc = comp_copy(&tmp, c);
	if (rc)
		return rc;
	comps = realloc(l->comps, (l->nr_comps + 1) * sizeof(*comps));
	if (!comps) {
		comp_release(&tmp);
		return -ENOMEM;
	}
	l->comps = comps;
	if (tmp.id == 0)
		tmp.id = next_id(l);
	l->comps[l->nr_comps++] = tmp;
	return 0;
}

int layout_del_component(struct lfs_layout *l, uint32_t id)
{
	uint32_t i;

	if (!l)
		return -EINVAL;
	for (i = 0; i < l->nr_comps; i++) {
		if (l->comps[i].id != id)
			continue;
		comp_release(&l->comps[i]);
		memmove(&l->comps[i], &l->comps[i + 1],
			(l->nr_comps - i - 1) * sizeof(l->comps[0]));
		l->nr_comps--;
		if (l->nr_comps == 0) {
			free(l->comps);
			l->comps = NULL;
		}
		return 0;
	}
	return -ENOENT;
}

int layout_set_objects(struct lfs_component *c, const struct lfs_object *objs,
		       uint32_t n)
{
	struct lfs_object *copy;

	/* An instantiated component always has objects: refusing n == 0
	 * keeps "LFS_COMP_INIT <=> nr_objects > 0" true everywhere. */
	if (!c || !objs || n == 0 || n > LFS_MAX_STRIPE_COUNT)
		return -EINVAL;
	copy = dup_array(objs, n, sizeof(*copy));
	if (!copy)
		return -ENOMEM;
	free(c->objects);
	c->objects = copy;
	c->nr_objects = n;
	c->flags |= LFS_COMP_INIT;
	return 0;
}

int layout_set_ost_list(struct lfs_component *c, const uint32_t *osts,
			uint32_t n)
{
	uint32_t *copy = NULL;

	if (!c || (n && !osts) || n > LFS_MAX_STRIPE_COUNT)
		return -EINVAL;
	if (n) {
		copy = dup_array(osts, n, sizeof(*copy));
		if (!copy)
			return -ENOMEM;
	}
	free(c->osts);
	c->osts = copy;
	c->nr_osts = n;
	return 0;
}

static bool comp_equal(const struct lfs_component *a,
		       const struct lfs_component *b)
{
	uint32_t i;

	if (a->id != b->id || a->flags != b->flags || a->start != b->start ||
	    a->end != b->end || a->pattern != b->pattern ||
	    a->stripe_size != b->stripe_size ||
	    a->stripe_count != b->stripe_count ||
	    a->stripe_offset != b->stripe_offset ||
	    strncmp(a->pool, b->pool, sizeof(a->pool)) != 0 ||
	    a->nr_osts != b->nr_osts || a->nr_objects != b->nr_objects)
		return false;
	for (i = 0; i < a->nr_osts; i++)
		if (a->osts[i] != b->osts[i])
			return false;
	/* Field by field: struct padding must not decide equality. */
	for (i = 0; i < a->nr_objects; i++)
		if (a->objects[i].ost != b->objects[i].ost ||
		    a->objects[i].id != b->objects[i].id)
			return false;
	return true;
}

bool layout_equal(const struct lfs_layout *a, const struct lfs_layout *b)
{
	uint32_t i;

	if (a == b)
		return true;
	if (!a || !b)
		return false;
	if (a->gen != b->gen || a->composite != b->composite ||
	    a->nr_comps != b->nr_comps)
		return false;
	for (i = 0; i < a->nr_comps; i++)
		if (!comp_equal(&a->comps[i], &b->comps[i]))
			return false;
	return true;
}

void layout_drop_placement(struct lfs_layout *l)
{
	for (uint32_t i = 0; i < l->nr_comps; i++) {
		struct lfs_component *c = &l->comps[i];

		if (c->flags & LFS_COMP_INIT)
			c->stripe_count = (int32_t)c->nr_objects;
		free(c->objects);
		c->objects = NULL;
		c->nr_objects = 0;
		c->flags &= ~LFS_COMP_INIT;
		c->stripe_offset = -1;
	}
}
