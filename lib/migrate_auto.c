/* migrate_auto.c - lfs_migrate's auto-stripe rule (-A),
 * docs/DESIGN.md section 5.2. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "migrate.h"
#include "ost.h"
#include "store_internal.h"

static uint64_t isqrt(uint64_t v)
{
	uint64_t r = (uint64_t)sqrt((double)v);

	while (r * r > v)
		r--;
	while ((r + 1) * (r + 1) <= v)
		r++;
	return r;
}

int migrate_auto_count(uint64_t size, const uint64_t *avail, uint32_t n)
{
	uint64_t min_avail = UINT64_MAX, cap;
	uint32_t eligible = 0;
	uint64_t count = 1 + isqrt(size >> 30);

	for (uint32_t i = 0; i < n; i++) {
		if (avail[i] < (256ULL << 20))
			continue;
		eligible++;
		if (avail[i] < min_avail)
			min_avail = avail[i];
	}
	if (!eligible)
		return 1;
	cap = min_avail / 100;
	if (cap && size > count * cap)
		count = (size + cap - 1) / cap;
	if (count > eligible)
		count = eligible;
	return (int)count;
}

int migrate_auto_stripe_count(struct lfs_store *s, uint64_t size,
			      const char *pool)
{
	const struct lfs_pool *p = pool && *pool ? store_pool_find(s->conf, pool) : NULL;
	uint64_t *avail = calloc(s->conf->ost_count + 1, sizeof(*avail));
	uint32_t n = 0;
	int count;

	if (!avail)
		return -ENOMEM;
	for (uint32_t i = 0; i < s->conf->ost_count; i++) {
		struct lfs_ost_usage u = { 0, 0 };

		if (!store_ost_usable(s->conf, i) || (p && !store_pool_has(p, i)))
			continue;
		ost_usage_get(s, i, &u);
		avail[n++] = s->conf->osts[i].capacity > u.used ?
			     s->conf->osts[i].capacity - u.used : 0;
	}
	count = migrate_auto_count(size, avail, n);
	free(avail);
	return count;
}
