/* alloc.c - choose OSTs for a component: OST lists, start index,
 * round-robin while balanced, free-space weighted (QoS) beyond. */
#include "alloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lock.h"
#include "ost.h"
#include "store_internal.h"

struct cand {
	uint32_t ost;
	uint64_t free;
	int klass;        /* 0 preferred, 1 holds another component, 2 degraded */
};

void alloc_seed(struct lfs_store *s, unsigned seed)
{
	s->rand_state = seed;
}

static bool used_by_other(const struct lfs_layout *l, uint32_t idx,
			  uint32_t ost)
{
	for (uint32_t i = 0; i < l->nr_comps; i++) {
		if (i == idx)
			continue;
		for (uint32_t j = 0; j < l->comps[i].nr_objects; j++)
			if (l->comps[i].objects[j].ost == ost)
				return true;
	}
	return false;
}

/* Advance and return the persistent round-robin cursor (ost/RR). */
static uint32_t rr_cursor_take(struct lfs_store *s, uint32_t step)
{
	if (!s->rr.base && counter_map(s->dir_fd, "ost/RR", COUNTER_U32, 1, &s->rr))
		return (uint32_t)rand_r(&s->rand_state);
	return counter_fetch_add32(&s->rr, 0, step);
}

static int by_class(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	return x->klass - y->klass;
}

/* Stable sort by class (qsort is not stable, so sort with position). */
static void stable_by_class(struct cand *c, uint32_t n)
{
	for (uint32_t i = 1; i < n; i++) {
		struct cand t = c[i];
		uint32_t j = i;

		while (j > 0 && by_class(&c[j - 1], &t) > 0) {
			c[j] = c[j - 1];
			j--;
		}
		c[j] = t;
	}
}

static int check_listed(struct lfs_store *s, const struct lfs_component *c,
			struct lfs_error *e)
{
	const struct lfs_conf *conf = s->conf;

	for (uint32_t i = 0; i < c->nr_osts; i++) {
		uint32_t o = c->osts[i];

		if (o >= conf->ost_count)
			return lfs_error_set(e, -ENODEV,
				"OST %u does not exist (the filesystem has %u OSTs)",
				o, conf->ost_count);
		if (conf->osts[o].state != OST_ACTIVE)
			return lfs_error_set(e, -EREMOTEIO,
				"inactive OST %u among your specified %u OST(s)",
				o, c->nr_osts);
		if (conf->osts[o].nocreate)
			return lfs_error_set(e, -EREMOTEIO,
				"OST %u takes no new objects (nocreate) among your specified %u OST(s)",
				o, c->nr_osts);
	}
	return 0;
}

static int pick_listed(struct lfs_component *c, uint32_t *out, uint32_t *n)
{
	for (uint32_t i = 0; i < c->nr_osts; i++)
		out[i] = layout_listed_ost(c, i);
	*n = c->nr_osts;
	return 0;
}

/* Weighted random choice without replacement among the best class. */
static uint32_t qos_pick(struct lfs_store *s, struct cand *c, uint32_t n)
{
	int best = c[0].klass;
	unsigned long long total = 0, r;
	uint32_t end = 0;

	for (uint32_t i = 0; i < n && c[i].klass == best; i++) {
		total += c[i].free / 4096 + 1;
		end = i + 1;
	}
	r = ((unsigned long long)rand_r(&s->rand_state) << 31 |
	     (unsigned long long)rand_r(&s->rand_state)) % total;
	for (uint32_t i = 0; i < end; i++) {
		unsigned long long w = c[i].free / 4096 + 1;

		if (r < w)
			return i;
		r -= w;
	}
	return end - 1;
}

int alloc_component(struct lfs_store *s, struct lfs_layout *l, uint32_t idx,
		    bool *capped, struct lfs_error *e)
{
	struct lfs_component *c = &l->comps[idx];
	const struct lfs_pool *pool = NULL;
	struct lfs_object *objs = NULL;
	struct cand *cand = NULL;
	uint32_t *chosen = NULL, ncand = 0, nchosen = 0, count;
	const struct lfs_conf *conf;
	int rc = store_conf_reload(s);

	if (rc)
		return rc;
	conf = s->conf;
	if (capped)
		*capped = false;
	/* A pool destroyed since the layout named it places on all OSTs, as
	 * lod_qos.c does when lod_find_pool() finds none. */
	pool = c->pool[0] ? store_pool_find(conf, c->pool) : NULL;
	if (c->nr_osts) {
		rc = check_listed(s, c, e);
		if (rc)
			return rc;
		chosen = calloc(c->nr_osts, sizeof(*chosen));
		if (!chosen)
			return -ENOMEM;
		pick_listed(c, chosen, &nchosen);
		goto reserve;
	}
	if (c->stripe_offset >= 0) {
		if ((uint32_t)c->stripe_offset >= conf->ost_count)
			return lfs_error_set(e, -EINVAL,
				"OST %d does not exist (the filesystem has %u OSTs)",
				c->stripe_offset, conf->ost_count);
		if (pool && !store_pool_has(pool, (uint32_t)c->stripe_offset))
			return lfs_error_set(e, -EINVAL,
				"OST %d is not in pool '%s'", c->stripe_offset,
				c->pool);
	}
	cand = calloc(conf->ost_count, sizeof(*cand));
	if (!cand)
		return -ENOMEM;
	for (uint32_t o = 0; o < conf->ost_count; o++) {
		struct lfs_ost_usage u = { 0, 0 };

		if (!store_ost_usable(conf, o) || (pool && !store_pool_has(pool, o)))
			continue;
		ost_usage_get(s, o, &u);
		cand[ncand].ost = o;
		cand[ncand].free = conf->osts[o].capacity > u.used ?
				   conf->osts[o].capacity - u.used : 0;
		cand[ncand].klass = conf->osts[o].degraded ? 2 :
				    used_by_other(l, idx, o) ? 1 : 0;
		ncand++;
	}
	if (!ncand) {
		rc = pool ? lfs_error_set(e, -ENOSPC,
				"no OST of pool '%s' can take new objects", c->pool)
			  : lfs_error_set(e, -ENOSPC, "no OST can take new objects");
		goto out;
	}
	count = c->stripe_count < 0 ? ncand : (uint32_t)c->stripe_count;
	if (!count)
		count = 1;
	if (count > ncand && !(c->pattern & LFS_PATTERN_OVERSTRIPED)) {
		count = ncand;
		if (capped)
			*capped = true;
	}
	chosen = calloc(count, sizeof(*chosen));
	if (!chosen) {
		rc = -ENOMEM;
		goto out;
	}
	if (c->stripe_offset >= 0) {
		/* Consecutive OSTs from the given index; an unusable start is
		 * skipped to the next usable one, as Lustre does. */
		uint32_t start = 0;

		while (start < ncand && cand[start].ost < (uint32_t)c->stripe_offset)
			start++;
		for (uint32_t i = 0; i < count; i++)
			chosen[nchosen++] = cand[(start + i) % ncand].ost;
	} else {
		uint64_t min_free = UINT64_MAX, max_free = 0;

		for (uint32_t i = 0; i < ncand; i++) {
			if (cand[i].free < min_free)
				min_free = cand[i].free;
			if (cand[i].free > max_free)
				max_free = cand[i].free;
		}
		if (max_free / 100 * (100 - LFS_QOS_THRESHOLD_RR) <= min_free) {
			/* Balanced: round-robin, rotated by the cursor. */
			uint32_t r = rr_cursor_take(s, count) % ncand;
			struct cand *rot = malloc(ncand * sizeof(*rot));

			if (!rot) {
				rc = -ENOMEM;
				goto out;
			}
			for (uint32_t i = 0; i < ncand; i++)
				rot[i] = cand[(r + i) % ncand];
			memcpy(cand, rot, ncand * sizeof(*rot));
			free(rot);
			stable_by_class(cand, ncand);
			for (uint32_t i = 0; i < count; i++)
				chosen[nchosen++] = cand[i % ncand].ost;
		} else {
			/* Unbalanced: weighted by free space, best class first. */
			struct cand *pool_c = malloc(ncand * sizeof(*pool_c));
			uint32_t left = 0;

			if (!pool_c) {
				rc = -ENOMEM;
				goto out;
			}
			while (nchosen < count) {
				if (!left) {
					memcpy(pool_c, cand, ncand * sizeof(*cand));
					stable_by_class(pool_c, ncand);
					left = ncand;
				}
				uint32_t k = qos_pick(s, pool_c, left);

				chosen[nchosen++] = pool_c[k].ost;
				memmove(&pool_c[k], &pool_c[k + 1],
					(left - k - 1) * sizeof(*pool_c));
				left--;
			}
			free(pool_c);
		}
	}
reserve:
	objs = calloc(nchosen, sizeof(*objs));
	if (!objs) {
		rc = -ENOMEM;
		goto out;
	}
	for (uint32_t i = 0; i < nchosen && !rc; i++) {
		objs[i].ost = chosen[i];
		rc = ost_reserve_id(s, chosen[i], &objs[i].id, e);
	}
	if (!rc)
		rc = layout_set_objects(c, objs, nchosen);
	if (!rc) {
		bool repeated = false;

		for (uint32_t i = 0; i < nchosen; i++)
			for (uint32_t j = i + 1; j < nchosen; j++)
				repeated |= chosen[i] == chosen[j];
		/* Repeated OSTs make the component overstriped; with enough
		 * OSTs an overstriping request is not overstriped, as
		 * lod_qos.c clears it (an OST list is kept as given). */
		if (repeated)
			c->pattern |= LFS_PATTERN_OVERSTRIPED;
		else if (!c->nr_osts)
			c->pattern &= ~LFS_PATTERN_OVERSTRIPED;
	}
out:
	free(objs);
	free(chosen);
	free(cand);
	return rc;
}
