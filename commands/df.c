/* df.c - lfs df: space and objects per MDT and OST. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/statvfs.h>

#include "cmd.h"
#include "layout.h"
#include "ost.h"
#include "size.h"

#define BYTES_PER_OST_INODE (64ULL << 10)

static const struct lfs_opt df_opts[] = {
	{ "human-readable", 'h', no_argument, DOM_NONE, "sizes in powers of 1024" },
	{ "si", 'H', no_argument, DOM_NONE, "sizes in powers of 1000" },
	{ "inodes", 'i', no_argument, DOM_NONE, "inodes instead of blocks" },
	{ "pool", 'p', required_argument, DOM_POOL, "only the OSTs of a pool" },
	{ "verbose", 'v', no_argument, DOM_NONE, "also inactive OSTs" },
	{ 0 },
};

struct df_opts {
	unsigned human;     /* 0, 1024 or 1000 */
	bool inodes;
};

static void fmt_value(const struct df_opts *o, uint64_t v, bool bytes, char *buf,
		      size_t len)
{
	if (o->human && bytes)
		size_format_human(v, o->human, buf, len);
	else if (bytes)
		snprintf(buf, len, "%" PRIu64, v / 1024);
	else
		snprintf(buf, len, "%" PRIu64, v);
}

static void row(const struct df_opts *o, const char *name, uint64_t total,
		uint64_t used, uint64_t avail, const char *mnt, const char *flags)
{
	char t[32], u[32], a[32], pct[8];
	uint64_t denom = used + avail;
	int p = denom ? (int)((used * 100 + denom - 1) / denom) : 0;

	fmt_value(o, total, !o->inodes, t, sizeof(t));
	fmt_value(o, used, !o->inodes, u, sizeof(u));
	fmt_value(o, avail, !o->inodes, a, sizeof(a));
	snprintf(pct, sizeof(pct), "%3d%%", p);
	printf("%-20s %11s %11s %11s %4s %-s%s%s\n", name, t, u, a, pct, mnt,
	       flags[0] ? " " : "", flags);
}

static int cmd_df(struct lfs_ctx *ctx, int argc, char **argv)
{
	struct df_opts o = { 0, false };
	const char *pool_name = NULL;
	const struct lfs_pool *pool = NULL;
	bool verbose = false;
	struct cmd_getopt go;
	struct lfs_store *s;
	struct statvfs vfs;
	uint64_t sum_t = 0, sum_u = 0, sum_a = 0;
	char name[64], mnt[4200];
	int c, rc = 0;

	if (cmd_getopt_begin(&go, df_opts))
		return ENOMEM;
	while ((c = cmd_getopt(&go, argc, argv)) != -1) {
		switch (c) {
		case 'h': o.human = 1024; break;
		case 'H': o.human = 1000; break;
		case 'i': o.inodes = true; break;
		case 'p': pool_name = optarg; break;
		case 'v': verbose = true; break;
		default: rc = CMD_HELP;
		}
	}
	cmd_getopt_end(&go);
	if (rc || optind < argc - 1)
		return CMD_HELP;
	s = ctx_store(ctx, false, "df");
	if (!s)
		return ctx->store_errno;
	store_conf_reload(s);
	if (pool_name) {
		char clean[LFS_POOL_NAME_MAX + 1];
		struct lfs_error e = { 0, "" };

		rc = layout_pool_name(pool_name, clean, &e);
		if (rc)
			return cmd_error("df", NULL, rc, &e);
		pool = store_pool_find(s->conf, clean);
		if (!pool)
			return cmd_errorf("df", EINVAL, "pool '%s.%s' does not exist",
					  s->conf->fsname, clean);
	}
	printf("%-20s %11s %11s %11s %4s %-s\n", "UUID",
	       o.inodes ? "Inodes" : o.human ? "bytes" : "1K-blocks",
	       o.inodes ? "IUsed" : "Used", o.inodes ? "IFree" : "Available",
	       o.inodes ? "IUse%" : "Use%", "Mounted on");
	if (fstatvfs(s->root_fd, &vfs) == 0) {
		snprintf(name, sizeof(name), "%s-MDT0000_UUID", s->conf->fsname);
		snprintf(mnt, sizeof(mnt), "%s[MDT:0]", s->path);
		if (o.inodes)
			row(&o, name, vfs.f_files, vfs.f_files - vfs.f_ffree,
			    vfs.f_favail, mnt, "");
		else
			row(&o, name, (uint64_t)vfs.f_blocks * vfs.f_frsize,
			    (uint64_t)(vfs.f_blocks - vfs.f_bfree) * vfs.f_frsize,
			    (uint64_t)vfs.f_bavail * vfs.f_frsize, mnt, "");
	}
	for (uint32_t i = 0; i < s->conf->ost_count; i++) {
		const struct lfs_ost_conf *oc = &s->conf->osts[i];
		struct lfs_ost_usage u = { 0, 0 };
		uint64_t total, used, avail;
		char flags[8] = "";
		size_t nf = 0;

		if (pool && !store_pool_has(pool, i))
			continue;
		snprintf(name, sizeof(name), "%s-OST%04x_UUID", s->conf->fsname, i);
		if (oc->state != OST_ACTIVE) {
			if (verbose)
				printf("%-20s: inactive device\n", name);
			continue;
		}
		ost_usage_get(s, i, &u);
		if (o.inodes) {
			total = oc->capacity / BYTES_PER_OST_INODE;
			used = u.objects;
			avail = total > used ? total - used : 0;
		} else {
			total = oc->capacity;
			used = u.used;
			avail = total > used ? total - used : 0;
		}
		if (oc->degraded)
			flags[nf++] = 'D';
		if (oc->nocreate)
			flags[nf++] = 'N';
		if (!avail)
			flags[nf++] = o.inodes ? 'I' : 'S';
		flags[nf] = '\0';
		snprintf(mnt, sizeof(mnt), "%s[OST:%u]", s->path, i);
		row(&o, name, total, used, avail, mnt, flags);
		sum_t += total;
		sum_u += used;
		sum_a += avail;
	}
	putchar('\n');
	row(&o, "filesystem_summary:", sum_t, sum_u, sum_a, s->path, "");
	putchar('\n');
	return 0;
}

const struct lfs_cmd cmd_df_def = {
	.name = "df",
	.run = cmd_df,
	.opts = df_opts,
	.summary = "report space and objects of the MDT and each OST",
	.usage = "usage: df [--human-readable|-h] [--si|-H] [--inodes|-i]\n"
		 "\t[--pool|-p POOL] [--verbose|-v]\n",
};
