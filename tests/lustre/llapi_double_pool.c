/* llapi_double_pool.c - the pools and the message level of the
 * liblustreapi test double (double.h), with liblustreapi.c's semantics
 * (Lustre 2.15.3): llapi_get_poollist() and llapi_get_poolmembers()
 * print "Pools from FSNAME:" / "Pool: FSNAME.POOL" on stdout themselves
 * (llapi_printf, LLAPI_MSG_NORMAL) unless the level was lowered, fill the
 * caller's arrays, return the count or -EOVERFLOW when an array is too
 * small, -ENOENT for a filesystem or pool they do not know (no lov pools
 * directory or file); a path names the filesystem it is on. The pools are
 * the servers' store's; a member is "FSNAME-OSTxxxx_UUID".
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "double.h"
#include "store.h"

static int msg_level = LLAPI_MSG_MAX;

EXPORT void llapi_msg_set_level(int level)
{
	msg_level = level < LLAPI_MSG_OFF ? LLAPI_MSG_OFF :
		    level > LLAPI_MSG_MAX ? LLAPI_MSG_MAX : level;
}

static void normal(const char *fmt, const char *a, const char *b)
{
	if (LLAPI_MSG_NORMAL <= msg_level) {
		printf(fmt, a, b);
		fflush(stdout);
	}
}

/* Append s to the caller's arrays (Lustre's bounds checks). */
static int put(char **list, int list_size, char *buffer, int buffer_size,
	       int *n, int *used, const char *s)
{
	size_t len = strlen(s) + 1;

	if (*n >= list_size || *used + len > (size_t)buffer_size)
		return -EOVERFLOW;
	memcpy(buffer + *used, s, len);
	list[(*n)++] = buffer + *used;
	*used += (int)len;
	return 0;
}

/* The servers when fsname (or a path on the mount) names them. */
static const struct lfs_conf *fs_conf(const char *name, char *fsname)
{
	struct lfs_store *s;
	const struct lfs_conf *c;

	if (double_servers(&s))
		return NULL;
	c = store_conf(s);
	if (strchr(name, '/') ? !double_on_mount(name) :
				strcmp(name, c->fsname))
		return NULL;
	snprintf(fsname, LLAPI_FSNAME_BUF, "%s", c->fsname);
	return c;
}

EXPORT int llapi_get_poollist(const char *name, char **poollist,
			      int list_size, char *buffer, int buffer_size)
{
	char fsname[LLAPI_FSNAME_BUF], one[LLAPI_FSNAME_BUF + LLAPI_MAXPOOLNAME + 2];
	const struct lfs_conf *c;
	int n = 0, used = 0, rc = 0;

	for (int i = 0; i < list_size; i++)
		poollist[i] = NULL;
	pthread_mutex_lock(&double_mu);
	c = fs_conf(name, fsname);
	if (!c)
		rc = -ENOENT;
	for (uint32_t i = 0; c && !rc && i < c->nr_pools; i++) {
		snprintf(one, sizeof(one), "%s.%s", fsname, c->pools[i].name);
		rc = put(poollist, list_size, buffer, buffer_size, &n, &used, one);
	}
	pthread_mutex_unlock(&double_mu);
	if (!rc)
		normal("Pools from %s:\n%s", fsname, "");
	return rc ? rc : n;
}

EXPORT int llapi_get_poolmembers(const char *poolname, char **members,
				 int list_size, char *buffer, int buffer_size)
{
	char fsname[LLAPI_FSNAME_BUF], one[LLAPI_FSNAME_BUF + 16];
	const struct lfs_pool *p = NULL;
	const struct lfs_conf *c;
	const char *dot = strchr(poolname, '.');
	int n = 0, used = 0, rc = 0;

	if (!dot)
		return -EINVAL;
	snprintf(one, sizeof(one), "%.*s", (int)(dot - poolname), poolname);
	pthread_mutex_lock(&double_mu);
	c = strchr(one, '/') ? NULL : fs_conf(one, fsname);
	if (c)
		p = store_pool_find(c, dot + 1);
	if (c)
		normal("Pool: %s.%s\n", fsname, dot + 1);
	if (!p)
		rc = -ENOENT;
	for (uint32_t i = 0; p && !rc && i < p->nr_osts; i++) {
		snprintf(one, sizeof(one), "%s-OST%04x_UUID", fsname, p->osts[i]);
		rc = put(members, list_size, buffer, buffer_size, &n, &used, one);
	}
	pthread_mutex_unlock(&double_mu);
	return rc ? rc : n;
}
