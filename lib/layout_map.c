/*
 * layout_map.c - RAID0 mapping between file offsets and object offsets.
 *
 * Offsets are taken relative to the component start (layout.h). The
 * geometry of a component is its stripe size S (LFS_DEFAULT_STRIPE_SIZE
 * while still unset, so a template maps like the file it will create) and
 * its width C: the objects it has once instantiated, else its requested
 * count, else 1 (0 = default and -1 = "all OSTs" are not known here).
 */
#include "layout.h"

#include <stddef.h>

static uint64_t comp_stripe_size(const struct lfs_component *c)
{
	return c->stripe_size ? c->stripe_size : LFS_DEFAULT_STRIPE_SIZE;
}

static uint64_t comp_width(const struct lfs_component *c)
{
	if (c->nr_objects)
		return c->nr_objects;
	if (c->stripe_count > 0)
		return (uint64_t)c->stripe_count;
	return 1;
}

int layout_component_index_at(const struct lfs_layout *l, uint64_t off)
{
	uint32_t i;

	if (!l)
		return -1;
	for (i = 0; i < l->nr_comps; i++)
		if (off >= l->comps[i].start && off < l->comps[i].end)
			return (int)i;
	return -1;
}

const struct lfs_component *layout_component_at(const struct lfs_layout *l,
						uint64_t off)
{
	int i = layout_component_index_at(l, off);

	return i < 0 ? NULL : &l->comps[i];
}

void layout_map(const struct lfs_component *c, uint64_t off,
		uint32_t *stripe, uint64_t *obj_off)
{
	uint64_t s = comp_stripe_size(c), w = comp_width(c);
	uint64_t rel = off - c->start;
	uint64_t unit = rel / s;        /* stripe unit number in the extent */

	if (stripe)
		*stripe = (uint32_t)(unit % w);
	if (obj_off)
		*obj_off = (unit / w) * s + rel % s;
}

uint64_t layout_file_offset(const struct lfs_component *c, uint32_t stripe,
			    uint64_t obj_off)
{
	uint64_t s = comp_stripe_size(c), w = comp_width(c);

	return c->start + (obj_off / s) * s * w + (uint64_t)stripe * s +
	       obj_off % s;
}

uint64_t layout_object_size(const struct lfs_component *c, uint32_t stripe,
			    uint64_t size)
{
	uint64_t s = comp_stripe_size(c), w = comp_width(c);
	uint64_t len, units, rem, full;

	if (stripe >= w || size <= c->start)
		return 0;
	len = (size < c->end ? size : c->end) - c->start;
	units = len / s;        /* whole stripe units in the extent */
	rem = len % s;
	/* The partial unit, if any, is the last byte this stripe holds. */
	if (rem && units % w == stripe)
		return (units / w) * s + rem;
	full = units / w + (stripe < units % w ? 1 : 0);
	return full * s;
}

bool layout_object_twin(const struct lfs_component *c, uint32_t stripe,
			uint64_t size, const struct lfs_layout *from,
			uint32_t *from_ci, uint32_t *from_stripe)
{
	int fi = layout_component_index_at(from, 0);
	const struct lfs_component *f = fi < 0 ? NULL : &from->comps[fi];

	if (!size || !f || c->start || (c->end != LFS_EOF && c->end < size) ||
	    (f->end != LFS_EOF && f->end < size) || !c->nr_objects ||
	    !f->nr_objects || stripe >= c->nr_objects)
		return false;
	*from_ci = (uint32_t)fi;
	if (size <= comp_stripe_size(c) && size <= comp_stripe_size(f)) {
		*from_stripe = 0;       /* all of it in the first unit of each */
		return stripe == 0;
	}
	*from_stripe = stripe;
	return comp_stripe_size(c) == comp_stripe_size(f) &&
	       comp_width(c) == comp_width(f);
}

const struct lfs_component *layout_last_init(const struct lfs_layout *l)
{
	const struct lfs_component *last = NULL;
	uint32_t i;

	if (!l)
		return NULL;
	for (i = 0; i < l->nr_comps; i++)
		if (l->comps[i].flags & LFS_COMP_INIT)
			last = &l->comps[i];
	return last;
}

bool layout_is_overstriped(const struct lfs_layout *l)
{
	uint32_t i;

	if (!l)
		return false;
	for (i = 0; i < l->nr_comps; i++)
		if (l->comps[i].pattern & LFS_PATTERN_OVERSTRIPED)
			return true;
	return false;
}

const char *layout_pool(const struct lfs_layout *l)
{
	for (uint32_t i = 0; l && i < l->nr_comps; i++)
		if (l->comps[i].pool[0])
			return l->comps[i].pool;
	return "";
}

uint32_t layout_listed_ost(const struct lfs_component *c, uint32_t i)
{
	uint32_t first = 0;

	while (c->stripe_offset >= 0 && first < c->nr_osts &&
	       c->osts[first] != (uint32_t)c->stripe_offset)
		first++;
	if (first == c->nr_osts)
		first = 0;
	return c->osts[(first + i) % c->nr_osts];
}
