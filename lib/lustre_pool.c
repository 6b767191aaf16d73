/* lustre_pool.c - the pools of a Lustre mount (lustre_pool.h). */
#include "lustre_pool.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef int (*list_fn)(const char *name, char **list, int list_size,
		       char *buffer, int buffer_size);

/* fn's list of name in one allocation: the pointers, NULL, then the
 * strings; doubled on -EOVERFLOW (llapi_get_poolbuf). */
static int get_list(list_fn fn, const char *name, char ***out)
{
	int count = 16;

	*out = NULL;
	for (;;) {
		int strings = count * 64;
		size_t ptrs = sizeof(char *) * (size_t)(count + 1);
		char **list = calloc(1, ptrs + (size_t)strings);
		int rc;

		if (!list)
			return -ENOMEM;
		rc = fn(name, list, count, (char *)list + ptrs, strings);
		if (rc >= 0) {
			list[rc] = NULL;
			*out = list;
			return 0;
		}
		free(list);
		if (rc != -EOVERFLOW || count > (1 << 16))
			return rc;
		count *= 2;
	}
}

int lustre_pool_names(const struct lfs_llapi *api, const char *name,
		      char ***out)
{
	return get_list(api->f.get_poollist, name, out);
}

int lustre_pool_members(const struct lfs_llapi *api, const char *fs_pool,
			uint32_t **osts, uint32_t *n)
{
	char **list;
	uint32_t count = 0;
	int rc = get_list(api->f.get_poolmembers, fs_pool, &list);

	*osts = NULL;
	*n = 0;
	if (rc)
		return rc;
	while (list[count])
		count++;
	*osts = calloc(count ? count : 1, sizeof(**osts));
	if (!*osts) {
		free(list);
		return -ENOMEM;
	}
	for (uint32_t i = 0; i < count; i++) {
		const char *ost = strstr(list[i], "-OST");
		unsigned int idx;
		char tail[8];

		if (!ost || sscanf(ost, "-OST%4x%7s", &idx, tail) != 2 ||
		    strcmp(tail, "_UUID")) {
			free(*osts);
			*osts = NULL;
			free(list);
			return -EPROTO;
		}
		(*osts)[i] = idx;
	}
	*n = count;
	free(list);
	return 0;
}

bool lustre_pool_has(const struct lfs_llapi *api, const char *path,
		     const char *pool, uint32_t ost)
{
	char fsname[LLAPI_FSNAME_BUF], fs_pool[LLAPI_FSNAME_BUF + LLAPI_MAXPOOLNAME + 2];
	uint32_t *osts, n;
	bool has = false;
	int rc;

	if (!pool || !*pool)
		return true;
	if (api->f.search_fsname(path, fsname) < 0)
		return false;
	snprintf(fs_pool, sizeof(fs_pool), "%s.%s", fsname, pool);
	rc = lustre_pool_members(api, fs_pool, &osts, &n);
	if (rc)
		return rc == -ENOENT;
	for (uint32_t i = 0; i < n && !has; i++)
		has = osts[i] == ost;
	free(osts);
	return has;
}
