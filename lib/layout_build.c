/*
 * layout_build.c - a layout from setstripe / migrate options, in order.
 *
 * Follows lfs_setstripe_internal() and comp_args_to_layout() of Lustre
 * 2.15.3:
 *  - options accumulate in `cur`; -E sets its end, and a second -E first
 *    closes the component being described (so options given before the
 *    first -E belong to the first component, as in lfs);
 *  - a closed component passes its stripe size, count and pool on to the
 *    next one (setstripe_args_init_inherit()); -o, -i and the
 *    overstriping pattern of -C are not inherited, as in lfs;
 *  - -o makes -i default to the first listed OST, and a repeated OST
 *    makes the component overstriped (parse_targets());
 *  - without a stripe size, a component whose end is not a multiple of
 *    the default stripe size gets the largest power of two dividing its
 *    end (the server's lod_adjust_stripe_size()), e.g. -E 128 -> 128 KiB.
 * Rules that need the whole layout are left to layout_validate().
 */
#include "layout.h"
#include "size.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static void args_reset(struct lfs_stripe_args *a)
{
	free(a->osts);
	memset(a, 0, sizeof(*a));
	a->stripe_offset = -1;
}

void layout_builder_init(struct lfs_layout_builder *b)
{
	memset(b, 0, sizeof(*b));
	b->cur.stripe_offset = -1;
	b->carry.stripe_offset = -1;
}

void layout_builder_free(struct lfs_layout_builder *b)
{
	if (!b)
		return;
	args_reset(&b->cur);
	args_reset(&b->carry);
	layout_free(b->layout);
	b->layout = NULL;
}

static bool has_duplicate(const uint32_t *osts, uint32_t n)
{
	uint32_t i, j;

	for (i = 1; i < n; i++)
		for (j = 0; j < i; j++)
			if (osts[i] == osts[j])
				return true;
	return false;
}

/* Stripe size the server would pick when none was given (see top). */
static uint64_t fitted_stripe_size(uint64_t end)
{
	if (end == LFS_EOF || end % LFS_DEFAULT_STRIPE_SIZE == 0)
		return 0;               /* the default fits: leave it unset */
	return end & (~end + 1);        /* lowest set bit */
}

/* Close `cur` as the next component ending at `end`. */
static int close_component(struct lfs_layout_builder *b, uint64_t end,
			   struct lfs_error *e)
{
	const struct lfs_stripe_args *a = &b->cur;
	struct lfs_component c;
	uint32_t n;
	int rc;

	if (!b->layout) {
		b->layout = layout_new();
		if (!b->layout)
			return -ENOMEM;
	}
	n = b->layout->nr_comps;
	if (n >= LFS_MAX_COMPONENTS)
		return lfs_error_set(e, -EINVAL,
				     "too many components (max is %d)",
				     LFS_MAX_COMPONENTS);
	memset(&c, 0, sizeof(c));
	c.start = n ? b->layout->comps[n - 1].end : 0;
	c.end = end;
	c.pattern = LFS_PATTERN_RAID0;
	if (a->overstripe || has_duplicate(a->osts, a->nr_osts))
		c.pattern |= LFS_PATTERN_OVERSTRIPED;
	c.stripe_size = a->stripe_size_set ? a->stripe_size :
			fitted_stripe_size(end);
	c.stripe_count = (int32_t)a->stripe_count;
	c.stripe_offset = (int32_t)a->stripe_offset;
	if (a->pool_set)
		memcpy(c.pool, a->pool, sizeof(c.pool));
	if (a->nr_osts) {
		/* The list is the striping: its length is the count unless a
		 * count was given, which layout_validate() compares. */
		if (c.stripe_count <= 0)
			c.stripe_count = (int32_t)a->nr_osts;
		if (!a->stripe_offset_set)
			c.stripe_offset = (int32_t)a->osts[0];
		c.nr_osts = a->nr_osts;
		c.osts = a->osts;
	}
	rc = layout_add_component(b->layout, &c);
	if (rc)
		return rc;
	/* What the next component inherits. */
	args_reset(&b->carry);
	b->carry.stripe_size = a->stripe_size;
	b->carry.stripe_size_set = a->stripe_size_set;
	b->carry.stripe_count = a->stripe_count;
	b->carry.stripe_count_set = a->stripe_count_set;
	memcpy(b->carry.pool, a->pool, sizeof(a->pool));
	b->carry.pool_set = a->pool_set;
	args_reset(&b->cur);
	b->cur = b->carry;
	return 0;
}

static int opt_count(struct lfs_stripe_args *a, const char *arg,
		     struct lfs_error *e)
{
	long long v;

	if (number_parse(arg, -1, LFS_MAX_STRIPE_COUNT, &v))
		return lfs_error_set(e, -EINVAL, "invalid stripe count '%s'",
				     arg);
	a->stripe_count = v;
	a->stripe_count_set = true;
	return 0;
}

static int opt_size(struct lfs_stripe_args *a, const char *arg,
		    struct lfs_error *e)
{
	uint64_t v;

	if (size_parse_stripe(arg, &v) || v % LFS_STRIPE_UNIT)
		return lfs_error_set(e, -EINVAL, "invalid stripe size '%s'",
				     arg);
	a->stripe_size = v;
	a->stripe_size_set = v != 0;    /* -S 0 asks for the default */
	return 0;
}

static int opt_offset(struct lfs_stripe_args *a, const char *arg,
		      struct lfs_error *e)
{
	long long v;

	if (number_parse(arg, -1, LFS_MAX_STRIPE_OFFSET, &v))
		return lfs_error_set(e, -EINVAL, "invalid stripe offset '%s'",
				     arg);
	/* -i -1 is "allocator's choice", the same as not giving -i. */
	a->stripe_offset = v;
	a->stripe_offset_set = v != -1;
	return 0;
}

static int opt_end(struct lfs_layout_builder *b, const char *arg,
		   struct lfs_error *e)
{
	uint64_t end;
	int rc;

	if (!strcmp(arg, "-1") || !strcmp(arg, "eof") || !strcmp(arg, "EOF")) {
		end = LFS_EOF;
	} else if (size_parse_stripe(arg, &end) || end == 0 ||
		   end % LFS_STRIPE_UNIT) {
		return lfs_error_set(e, -EINVAL,
				     "invalid component end '%s'", arg);
	}
	if (b->cur.comp_end_set) {
		rc = close_component(b, b->cur.comp_end, e);
		if (rc)
			return rc;
	}
	b->cur.comp_end = end;
	b->cur.comp_end_set = true;
	b->composite = true;
	return 0;
}

static int opt_layout(const char *arg, struct lfs_error *e)
{
	if (!strcmp(arg, "raid0"))
		return 0;
	if (!strcmp(arg, "mdt") || !strcmp(arg, "dom"))
		return lfs_error_set(e, -EINVAL,
				     "layout '%s' (Data-on-MDT) is not supported",
				     arg);
	return lfs_error_set(e, -EINVAL,
			     "layout '%s' is unknown, supported layouts are: 'raid0'",
			     arg);
}

int layout_builder_option(struct lfs_layout_builder *b, int opt,
			  const char *arg, struct lfs_error *e)
{
	struct lfs_stripe_args *a;
	int rc;

	if (!b || !arg)
		return lfs_error_set(e, -EINVAL, "option -%c needs an argument",
				     opt);
	a = &b->cur;
	switch (opt) {
	case 'C':
		rc = opt_count(a, arg, e);
		if (!rc)
			a->overstripe = true;
		break;
	case 'c':
		rc = opt_count(a, arg, e);
		break;
	case 'S':
		rc = opt_size(a, arg, e);
		break;
	case 'i':
		rc = opt_offset(a, arg, e);
		break;
	case 'o':
		rc = layout_parse_ost_list(arg, &a->osts, &a->nr_osts, e);
		break;
	case 'p':
		rc = layout_pool_name(arg, a->pool, e);
		if (!rc)
			a->pool_set = true;
		break;
	case 'E':
		rc = opt_end(b, arg, e);
		break;
	case 'L':
		rc = opt_layout(arg, e);
		break;
	default:
		return lfs_error_set(e, -EINVAL, "unrecognized option '-%c'",
				     opt);
	}
	if (!rc)
		b->any_option = true;
	return rc;
}

int layout_builder_finish(struct lfs_layout_builder *b, uint32_t ost_count,
			  struct lfs_layout **out, struct lfs_error *e)
{
	int rc;

	if (!b || !out)
		return -EINVAL;
	*out = NULL;
	if (!b->any_option)
		return 0;
	/* Without -E the options describe one plain [0, EOF) component. */
	rc = close_component(b, b->composite ? b->cur.comp_end : LFS_EOF,
			     e);
	if (rc)
		return rc;
	b->layout->composite = b->composite;
	rc = layout_validate(b->layout, ost_count, e);
	if (rc)
		return rc;
	*out = b->layout;
	b->layout = NULL;
	return 0;
}
