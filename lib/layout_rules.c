/*
 * layout_rules.c - Lustre 2.15's layout rules (docs/DESIGN.md section 3): the
 * validator, the pool name rule and the -o OST list syntax.
 *
 * Messages reuse lfs / liblustreapi wording where Lustre has one, so a
 * user who knows Lustre recognises them; lib never prints, the caller
 * does.
 */
#include "layout.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define OST_INDEX_SLOTS (LFS_MAX_STRIPE_OFFSET + 1)

static bool pool_is_reserved(const char *name)
{
	/* LU-15707 (2.15.4): these mean "no pool" to the MDS policy code. */
	return strcmp(name, "ignore") == 0 || strcmp(name, "inherit") == 0;
}

/* lctl's rule (the MGS's mgs_extract_fs_pool): the name goes into
 * configuration lines, so nothing that could split or add one; a '.'
 * only ends the FSNAME prefix (llapi strips up to the first). */
static bool pool_chars_valid(const char *name)
{
	return strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			    "0123456789_-") == strlen(name);
}

int layout_pool_name(const char *name, char out[LFS_POOL_NAME_MAX + 1],
		     struct lfs_error *e)
{
	char shown[64];
	const char *dot;
	size_t len;

	if (!name || !out)
		return lfs_error_set(e, -EINVAL, "invalid pool name");
	/* "FSNAME.POOL" is the full name; we serve one filesystem. */
	dot = strchr(name, '.');
	if (dot)
		name = dot + 1;
	if (name[0] == '\0' || strcmp(name, "none") == 0) {
		out[0] = '\0';
		return 0;
	}
	len = strlen(name);
	if (!pool_chars_valid(name))
		return lfs_error_set(e, -EINVAL,
				     "pool name '%s' can contain only alphanumeric characters, underscores, and dashes",
				     lfs_escape(name, shown, sizeof(shown)));
	if (len > LFS_POOL_NAME_MAX)
		return lfs_error_set(e, -EINVAL,
				     "pool name '%s' is too long (max is %d characters)",
				     name, LFS_POOL_NAME_MAX);
	if (pool_is_reserved(name))
		return lfs_error_set(e, -EINVAL,
				     "pool name '%s' is reserved", name);
	memcpy(out, name, len + 1);
	return 0;
}

/* One decimal OST index; *p advanced past it. */
static int parse_index(const char **p, uint32_t *v)
{
	const char *s = *p;
	uint32_t val = 0;

	if (!isdigit((unsigned char)*s))
		return -EINVAL;
	for (; isdigit((unsigned char)*s); s++) {
		val = val * 10 + (uint32_t)(*s - '0');
		if (val > LFS_MAX_STRIPE_OFFSET)
			return -EINVAL;
	}
	*p = s;
	*v = val;
	return 0;
}

int layout_parse_ost_list(const char *text, uint32_t **osts, uint32_t *n,
			  struct lfs_error *e)
{
	const char *p = text, *stop;
	uint32_t *list, count, lo, hi, i;

	if (!text || !osts || !n)
		return lfs_error_set(e, -EINVAL, "invalid OST target(s)");
	stop = text + strlen(text);
	/* getstripe prints lists as "[1,2]"; accept that form back. */
	if (*p == '[' && stop > p + 1 && stop[-1] == ']') {
		p++;
		stop--;
	}
	count = *n;
	list = malloc(LFS_MAX_STRIPE_COUNT * sizeof(*list));
	if (!list)
		return -ENOMEM;
	if (count)
		memcpy(list, *osts, count * sizeof(*list));
	while (p < stop) {
		if (parse_index(&p, &lo))
			goto bad;
		hi = lo;
		if (*p == '-') {
			p++;
			if (parse_index(&p, &hi) || hi < lo)
				goto bad;
		}
		if (p < stop && *p != ',')
			goto bad;
		/* Keeps the list within what a layout may hold. */
		if (hi - lo + 1 > LFS_MAX_STRIPE_COUNT - count)
			goto bad;
		for (i = lo; i <= hi; i++)
			list[count++] = i;
		if (p < stop && ++p == stop)
			goto bad;       /* trailing comma */
	}
	if (count == *n)
		goto bad;               /* nothing listed */
	free(*osts);
	*osts = list;
	*n = count;
	return 0;
bad:
	free(list);
	return lfs_error_set(e, -EINVAL, "invalid OST target(s) '%s'", text);
}

static int check_stripe_fields(const struct lfs_component *c,
			       struct lfs_error *e)
{
	if (!(c->pattern & LFS_PATTERN_RAID0) ||
	    (c->pattern & ~(LFS_PATTERN_RAID0 | LFS_PATTERN_OVERSTRIPED)))
		return lfs_error_set(e, -EINVAL, "invalid stripe pattern %#x",
				     c->pattern);
	if (c->stripe_size % LFS_STRIPE_UNIT)
		return lfs_error_set(e, -EINVAL,
				     "bad stripe_size %llu, must be an even multiple of %llu bytes",
				     (unsigned long long)c->stripe_size,
				     LFS_STRIPE_UNIT);
	if (c->stripe_size >= LFS_STRIPE_SIZE_LIMIT)
		return lfs_error_set(e, -EINVAL,
				     "stripe size '%llu' over 4GB limit",
				     (unsigned long long)c->stripe_size);
	if (c->stripe_count < -1 || c->stripe_count > LFS_MAX_STRIPE_COUNT)
		return lfs_error_set(e, -EINVAL, "bad stripe count %d",
				     c->stripe_count);
	if (c->stripe_offset < -1 || c->stripe_offset > LFS_MAX_STRIPE_OFFSET)
		return lfs_error_set(e, -EINVAL, "bad stripe offset %d",
				     c->stripe_offset);
	if (!memchr(c->pool, '\0', sizeof(c->pool)) ||
	    pool_is_reserved(c->pool) || !pool_chars_valid(c->pool))
		return lfs_error_set(e, -EINVAL, "invalid pool name '%.*s'",
				     LFS_POOL_NAME_MAX, c->pool);
	return 0;
}

static int check_ost_list(const struct lfs_component *c, uint32_t ost_count,
			  struct lfs_error *e)
{
	unsigned char seen[OST_INDEX_SLOTS / 8 + 1] = { 0 };
	bool found = false;
	uint32_t i, o;

	if (c->nr_osts == 0)
		goto offset;
	if (c->nr_osts > LFS_MAX_STRIPE_COUNT || !c->osts)
		return lfs_error_set(e, -EINVAL, "Invalid nr_tgts(%u)",
				     c->nr_osts);
	if (c->stripe_count > 0 && (uint32_t)c->stripe_count != c->nr_osts)
		return lfs_error_set(e, -EINVAL, "stripe_count(%d) != nr_tgts(%d)",
				     c->stripe_count, (int)c->nr_osts);
	for (i = 0; i < c->nr_osts; i++) {
		o = c->osts[i];
		if (o > LFS_MAX_STRIPE_OFFSET)
			return lfs_error_set(e, -EINVAL, "OST %u does not exist",
					     o);
		/* A listed OST the filesystem lacks is ENODEV
		 * (docs/DESIGN.md section 4). */
		if (ost_count && o >= ost_count)
			return lfs_error_set(e, -ENODEV, "OST %u does not exist",
					     o);
		if (seen[o / 8] & (1u << (o % 8))) {
			if (!(c->pattern & LFS_PATTERN_OVERSTRIPED))
				return lfs_error_set(e, -EINVAL,
						     "OST %u is listed twice without overstriping",
						     o);
		}
		seen[o / 8] |= (unsigned char)(1u << (o % 8));
		if ((int64_t)o == c->stripe_offset)
			found = true;
	}
	if (c->stripe_offset != -1 && !found)
		return lfs_error_set(e, -EINVAL,
				     "Invalid stripe offset '%d', not in the target list",
				     c->stripe_offset);
offset:
	if (ost_count && c->stripe_offset >= 0 &&
	    (uint32_t)c->stripe_offset >= ost_count)
		return lfs_error_set(e, -EINVAL, "OST %d does not exist",
				     c->stripe_offset);
	return 0;
}

/* An instantiated component is what the allocator made of it: a stripe
 * size, at most the requested count of objects (-1: any), a repeated OST
 * only when overstriped. */
static int check_objects(const struct lfs_component *c, uint32_t ost_count,
			 struct lfs_error *e)
{
	unsigned char seen[OST_INDEX_SLOTS / 8 + 1] = { 0 };
	uint32_t i, o;

	if (!(c->flags & LFS_COMP_INIT) != !c->nr_objects ||
	    c->nr_objects > LFS_MAX_STRIPE_COUNT ||
	    (c->nr_objects && !c->objects))
		return lfs_error_set(e, -EINVAL,
				     "component %u: %u objects do not match its flags %#x",
				     c->id, c->nr_objects, c->flags);
	if (!c->nr_objects)
		return 0;
	if (!c->stripe_size)
		return lfs_error_set(e, -EINVAL,
				     "component %u: instantiated without a stripe size",
				     c->id);
	if (c->stripe_count != -1 && c->nr_objects > (uint32_t)c->stripe_count)
		return lfs_error_set(e, -EINVAL,
				     "component %u: %u objects for stripe count %d",
				     c->id, c->nr_objects, c->stripe_count);
	for (i = 0; i < c->nr_objects; i++) {
		o = c->objects[i].ost;
		if (o > LFS_MAX_STRIPE_OFFSET || (ost_count && o >= ost_count))
			return lfs_error_set(e, -EINVAL, "OST %u does not exist",
					     o);
		if ((seen[o / 8] & (1u << (o % 8))) &&
		    !(c->pattern & LFS_PATTERN_OVERSTRIPED))
			return lfs_error_set(e, -EINVAL,
					     "component %u: OST %u used twice without overstriping",
					     c->id, o);
		seen[o / 8] |= (unsigned char)(1u << (o % 8));
	}
	return 0;
}

static int cmp_object(const void *a, const void *b)
{
	const struct lfs_object *x = a, *y = b;

	if (x->ost != y->ost)
		return x->ost < y->ost ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* Two stripes on one object would read and write each other's bytes. */
static int check_shared_objects(const struct lfs_layout *l,
				struct lfs_error *e)
{
	struct lfs_object *all;
	size_t n = 0, i;
	int rc = 0;

	for (i = 0; i < l->nr_comps; i++)
		n += l->comps[i].nr_objects;
	if (n < 2)
		return 0;
	all = malloc(n * sizeof(*all));
	if (!all)
		return -ENOMEM;
	for (i = n = 0; i < l->nr_comps; i++) {
		if (!l->comps[i].nr_objects)
			continue;
		memcpy(all + n, l->comps[i].objects,
		       l->comps[i].nr_objects * sizeof(*all));
		n += l->comps[i].nr_objects;
	}
	qsort(all, n, sizeof(*all), cmp_object);
	for (i = 1; i < n && !rc; i++)
		if (!cmp_object(&all[i - 1], &all[i]))
			rc = lfs_error_set(e, -EINVAL,
					   "object %u:%llu is used twice",
					   all[i].ost,
					   (unsigned long long)all[i].id);
	free(all);
	return rc;
}

static int check_extent(const struct lfs_layout *l, uint32_t i,
			struct lfs_error *e)
{
	const struct lfs_component *c = &l->comps[i];
	uint64_t prev_end = i ? l->comps[i - 1].end : 0;

	if (i == 0 && c->start != 0)
		return lfs_error_set(e, -EINVAL,
				     "The first component must start at 0");
	if (i > 0 && c->start != prev_end)
		return lfs_error_set(e, -EINVAL,
				     "Components not adjacent (end != next->start)");
	if (c->end <= c->start)
		return lfs_error_set(e, -EINVAL, i ?
				     "Component end is before end of previous component" :
				     "Component start is > end");
	if (c->end != LFS_EOF && c->end % LFS_STRIPE_UNIT)
		return lfs_error_set(e, -EINVAL,
				     "Component end %llu is not a multiple of min size %llu",
				     (unsigned long long)c->end, LFS_STRIPE_UNIT);
	if (c->end != LFS_EOF && c->stripe_size && c->end % c->stripe_size)
		return lfs_error_set(e, -EINVAL,
				     "The component end must be aligned by the stripe size");
	return 0;
}

int layout_validate(const struct lfs_layout *l, uint32_t ost_count,
		    struct lfs_error *e)
{
	uint32_t i, j;
	int rc;

	if (!l || l->nr_comps == 0 || !l->comps)
		return lfs_error_set(e, -EINVAL, "layout has no components");
	if (l->nr_comps > LFS_MAX_COMPONENTS)
		return lfs_error_set(e, -EINVAL,
				     "too many components (%u, max is %d)",
				     l->nr_comps, LFS_MAX_COMPONENTS);
	if (!l->composite &&
	    (l->nr_comps != 1 || l->comps[0].end != LFS_EOF))
		return lfs_error_set(e, -EINVAL,
				     "a plain layout has one component [0, EOF)");
	for (i = 0; i < l->nr_comps; i++) {
		const struct lfs_component *c = &l->comps[i];

		if (c->id == 0)
			return lfs_error_set(e, -EINVAL, "component id 0 is invalid");
		for (j = 0; j < i; j++)
			if (l->comps[j].id == c->id)
				return lfs_error_set(e, -EINVAL,
						     "duplicate component id %u",
						     c->id);
		rc = check_stripe_fields(c, e);
		if (!rc)
			rc = check_ost_list(c, ost_count, e);
		if (!rc)
			rc = check_objects(c, ost_count, e);
		if (!rc)
			rc = check_extent(l, i, e);
		if (rc)
			return rc;
	}
	return check_shared_objects(l, e);
}
