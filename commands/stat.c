/* stat.c - lfs stat PATH...: coreutils stat's default format, read from
 * the MDT inode (its size is the file's, docs/DESIGN.md section 3a);
 * Blocks sums the file's objects, where the data is. */
#include <grp.h>
#include <pwd.h>
#include <time.h>

#include "common.h"
#include "quote.h"
#include "stat.h"

static const struct lfs_opt stat_opts[] = { { 0 } };

static void print_time(FILE *f, const char *label, const struct timespec *ts)
{
	char buf[64], zone[16];
	struct tm tm;

	localtime_r(&ts->tv_sec, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S", &tm);
	strftime(zone, sizeof(zone), "%z", &tm);
	fprintf(f, "%s: %s.%09ld %s\n", label, buf, ts->tv_nsec, zone);
}

static void print_stat(FILE *f, const char *shown, const struct lfs_stat *ls)
{
	const struct stat *st = &ls->st;
	struct passwd *pw = getpwuid(st->st_uid);
	struct group *gr = getgrgid(st->st_gid);
	char mode[11];

	fprintf(f, "  File: ");
	quote_name(f, shown);
	if (ls->target[0]) {
		fprintf(f, " -> ");
		quote_name(f, ls->target);
	}
	fprintf(f, "\n  Size: %-10lld\tBlocks: %-10llu IO Block: %-6ld %s\n",
		(long long)st->st_size, (unsigned long long)ls->blocks,
		(long)st->st_blksize, ls->type);
	fprintf(f, "Inode: %-11llu Links: %lu\n", (unsigned long long)st->st_ino,
		(unsigned long)st->st_nlink);
	mode_string(st->st_mode, mode);
	fprintf(f, "Access: (%04o/%s)  Uid: (%5u/%8s)   Gid: (%5u/%8s)\n",
		(unsigned)(st->st_mode & 07777), mode, (unsigned)st->st_uid,
		pw ? pw->pw_name : "UNKNOWN", (unsigned)st->st_gid,
		gr ? gr->gr_name : "UNKNOWN");
	print_time(f, "Access", &st->st_atim);
	print_time(f, "Modify", &st->st_mtim);
	print_time(f, "Change", &st->st_ctim);
}

static int stat_one(struct lfs_ctx *ctx, const char *path, const char *rel,
		    struct lfs_error *e, void *arg)
{
	struct lfs_stat ls;
	int rc = lfs_stat(arg, rel, &ls);

	(void)e;
	if (!rc)
		print_stat(ctx->out, path, &ls);
	return rc;
}

static int cmd_stat(struct lfs_ctx *ctx, int argc, char **argv)
{
	struct lfs_store *s;

	if (argc < 2)
		return CMD_HELP;
	for (int i = 1; i < argc; i++)
		if (argv[i][0] == '-' && argv[i][1])
			return CMD_HELP;
	s = ctx_store(ctx, false, "stat");
	if (!s)
		return ctx->store_errno;
	return cmd_each_operand(ctx, "stat", argc - 1, argv + 1, stat_one, s);
}

const struct lfs_cmd cmd_stat_def = {
	.name = "stat",
	.run = cmd_stat,
	.opts = stat_opts,
	.summary = "show a file's metadata (as coreutils stat)",
	.usage = "PATH...",
	.args = DOM_PATH,
};
