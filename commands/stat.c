/* stat.c - lfs stat PATH...: coreutils stat's default format, read from
 * the MDT inode (its size is the file's, DESIGN 3a); Blocks sums the
 * file's objects, where the data is. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common.h"
#include "quote.h"
#include "ost.h"

static const struct lfs_opt stat_opts[] = { { 0 } };

static const char *type_name(const struct stat *st)
{
	switch (st->st_mode & S_IFMT) {
	case S_IFREG: return st->st_size ? "regular file" : "regular empty file";
	case S_IFDIR: return "directory";
	case S_IFLNK: return "symbolic link";
	case S_IFIFO: return "fifo";
	case S_IFSOCK: return "socket";
	case S_IFCHR: return "character special file";
	case S_IFBLK: return "block special file";
	}
	return "weird file";
}

static unsigned long long object_blocks(struct lfs_store *s, int fd)
{
	struct lfs_layout *l = NULL;
	unsigned long long blocks = 0;

	if (layout_xattr_get(s, fd, &l))
		return 0;
	for (uint32_t c = 0; c < l->nr_comps; c++) {
		const struct lfs_component *comp = &l->comps[c];

		if (!(comp->flags & LFS_COMP_INIT))
			continue;
		for (uint32_t i = 0; i < comp->nr_objects; i++) {
			const struct lfs_object *o = &comp->objects[i];
			char rel[64];
			struct stat ost;

			if (o->ost >= s->conf->ost_count)
				continue;
			ost_object_relpath(o->id, rel, sizeof(rel));
			if (!fstatat(s->ost_fd[o->ost], rel, &ost, AT_SYMLINK_NOFOLLOW))
				blocks += (unsigned long long)ost.st_blocks;
		}
	}
	layout_free(l);
	return blocks;
}

static void print_time(const char *label, const struct timespec *ts)
{
	char buf[64], zone[16];
	struct tm tm;

	localtime_r(&ts->tv_sec, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S", &tm);
	strftime(zone, sizeof(zone), "%z", &tm);
	printf("%s: %s.%09ld %s\n", label, buf, ts->tv_nsec, zone);
}

static int stat_one(struct lfs_store *s, const char *rel, const char *shown)
{
	char mode[11], target[PATH_MAX];
	unsigned long long blocks;
	struct passwd *pw;
	struct group *gr;
	struct stat st;
	int fd = ns_open(s, rel, O_PATH | O_NOFOLLOW, 0);
	ssize_t n;

	if (fd < 0)
		return fd;
	if (fstat(fd, &st) < 0) {
		int rc = -errno;

		close(fd);
		return rc;
	}
	blocks = (unsigned long long)st.st_blocks;
	if (S_ISREG(st.st_mode)) {
		int rfd = ns_open(s, rel, O_RDONLY | O_NOFOLLOW | O_NONBLOCK, 0);

		if (rfd >= 0) {
			blocks = object_blocks(s, rfd);
			close(rfd);
		}
	}
	printf("  File: ");
	quote_name(stdout, shown);
	if (S_ISLNK(st.st_mode) && (n = readlinkat(fd, "", target, sizeof(target) - 1)) >= 0) {
		target[n] = '\0';
		printf(" -> ");
		quote_name(stdout, target);
	}
	close(fd);
	printf("\n  Size: %-10lld\tBlocks: %-10llu IO Block: %-6ld %s\n",
	       (long long)st.st_size, blocks, (long)st.st_blksize, type_name(&st));
	printf("Inode: %-11llu Links: %lu\n", (unsigned long long)st.st_ino,
	       (unsigned long)st.st_nlink);
	mode_string(st.st_mode, mode);
	pw = getpwuid(st.st_uid);
	gr = getgrgid(st.st_gid);
	printf("Access: (%04o/%s)  Uid: (%5u/%8s)   Gid: (%5u/%8s)\n",
	       (unsigned)(st.st_mode & 07777), mode, (unsigned)st.st_uid,
	       pw ? pw->pw_name : "UNKNOWN", (unsigned)st.st_gid,
	       gr ? gr->gr_name : "UNKNOWN");
	print_time("Access", &st.st_atim);
	print_time("Modify", &st.st_mtim);
	print_time("Change", &st.st_ctim);
	return 0;
}

static int cmd_stat(struct lfs_ctx *ctx, int argc, char **argv)
{
	struct lfs_store *s;
	int status = 0;

	if (argc < 2)
		return CMD_HELP;
	for (int i = 1; i < argc; i++)
		if (argv[i][0] == '-' && argv[i][1])
			return CMD_HELP;
	s = ctx_store(ctx, false, "stat");
	if (!s)
		return ctx->store_errno;
	for (int i = 1; i < argc; i++) {
		char rel[PATH_MAX];
		int rc;

		if ((rc = ctx_resolve(ctx, "stat", argv[i], rel, sizeof(rel)))) {
			status_keep(&status, rc);
			continue;
		}
		rc = stat_one(s, rel, argv[i]);
		if (rc) {
			fflush(stdout);
			status_keep(&status, cmd_error("stat", argv[i], rc, NULL));
		}
	}
	return status;
}

const struct lfs_cmd cmd_stat_def = {
	.name = "stat",
	.run = cmd_stat,
	.opts = stat_opts,
	.summary = "show a file's metadata (as coreutils stat)",
	.usage = "usage: stat PATH...\n",
	.args = DOM_PATH,
};
