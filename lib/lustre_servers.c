/* lustre_servers.c - the servers' work asked on a client: the lctl line
 * to run instead (lustre_servers.h). */
#include "lustre_servers.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int refuse(struct lfs_error *e, const char *where, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int refuse(struct lfs_error *e, const char *where, const char *fmt, ...)
{
	char what[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return lfs_error_set(e, -EOPNOTSUPP,
			     "on a Lustre client this is the servers' work; run %s: %s",
			     where, what);
}

void lustre_servers_fsname(const struct lfs_llapi *api, const char *path,
			   char fsname[LLAPI_FSNAME_BUF])
{
	if (!api || api->f.search_fsname(path ? path : ".", fsname) < 0 || !fsname[0])
		snprintf(fsname, LLAPI_FSNAME_BUF, "FSNAME");
}

int lustre_servers_ost(const char *fs, const char *ost, enum lfs_ost_op op,
		       bool remove, struct lfs_error *e)
{
	static const char *const param[] = {
		[OST_OP_ACTIVATE] = "osp.%s-OST%04lx*.active=1",
		[OST_OP_DEACTIVATE] = "osp.%s-OST%04lx*.active=0",
		[OST_OP_NOCREATE] = "osp.%s-OST%04lx*.max_create_count=0",
		/* lfs_migrate.1's value to give the OST back. */
		[OST_OP_CREATE] = "osp.%s-OST%04lx*.max_create_count=20000",
		[OST_OP_DEGRADE] = "obdfilter.%s-OST%04lx.degraded=1",
		[OST_OP_UNDEGRADE] = "obdfilter.%s-OST%04lx.degraded=0",
	};
	char *end, set[128];
	unsigned long idx;

	errno = 0;
	idx = strtoul(ost, &end, 0);
	if (*end || !*ost || *ost == '-' || errno || idx > 0xffff)
		return lfs_error_set(e, -EINVAL, "%s: give the OST index", ost);
	if (remove)
		return refuse(e, "on the MGS", "lctl conf_param %s-OST%04lx.osc.active=0",
			      fs, idx);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	snprintf(set, sizeof(set), param[op], fs, idx);
#pragma GCC diagnostic pop
	return refuse(e, op >= OST_OP_DEGRADE ? "on the OSS" : "on the MDS",
		      "lctl set_param %s", set);
}

int lustre_servers_ost_add(const char *fs, struct lfs_error *e)
{
	return refuse(e, "on the new OSS",
		      "mkfs.lustre --ost --fsname=%s --index=INDEX --mgsnode=MGSNID DEVICE", fs);
}

int lustre_servers_pool(const char *fs, const char *sub, const char *name,
			struct lfs_error *e)
{
	const char *dot = strchr(name, '.');
	bool with_osts = !strcmp(sub, "add") || !strcmp(sub, "remove");

	return refuse(e, "on the MGS", "lctl pool_%s %s.%s%s", sub, fs,
		      dot ? dot + 1 : name, with_osts ? " OST_INDEXES" : "");
}

int lustre_servers_lfsck(const char *fs, struct lfs_error *e)
{
	return refuse(e, "on the MDS", "lctl lfsck_start -M %s-MDT0000 -A", fs);
}
