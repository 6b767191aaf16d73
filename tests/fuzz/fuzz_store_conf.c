/* The store configuration parser (lfs-store.conf, store_conf.c). What
 * it accepts must be a configuration the store can index safely. */
#include "fuzz.h"
#include "store_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lfs_conf *c = malloc(sizeof(*c));
	struct lfs_error e = { 0, "" };
	int rc;

	FUZZ_CHECK(c);
	rc = store_conf_parse((const char *)data, size, c, &e);
	FUZZ_CHECK(memchr(e.msg, '\0', sizeof(e.msg)));
	if (rc == 0) {
		FUZZ_CHECK(c->format == LFS_STORE_FORMAT);
		FUZZ_CHECK(c->fsname[0] && strlen(c->fsname) <= LFS_FSNAME_MAX);
		FUZZ_CHECK(c->ost_count >= 1 && c->ost_count <= LFS_MAX_OSTS);
		FUZZ_CHECK(c->nr_pools <= LFS_MAX_POOLS);
		for (uint32_t i = 0; i < c->nr_pools; i++) {
			const struct lfs_pool *p = &c->pools[i];

			FUZZ_CHECK(strlen(p->name) <= LFS_POOL_NAME_MAX);
			FUZZ_CHECK(p->nr_osts <= LFS_MAX_OSTS);
			for (uint32_t j = 0; j < p->nr_osts; j++)
				FUZZ_CHECK(p->osts[j] < c->ost_count);
		}
	}
	free(c);
	return 0;
}
