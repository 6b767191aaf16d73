/* ls.c - lfs ls [-l] [-a] [PATH...]: names sorted, -l as ls -l. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common.h"
#include "quote.h"
#include "dirlist.h"

static const struct lfs_opt ls_opts[] = {
	{ "long", 'l', no_argument, DOM_NONE, "long listing" },
	{ "all", 'a', no_argument, DOM_NONE, "include names starting with '.'" },
	{ 0 },
};

/* One entry of directory dfd (name "" for dfd itself). */
static void print_entry(int dfd, const char *name, const char *shown, bool lng)
{
	char mode[11], when[32], target[PATH_MAX];
	struct passwd *pw;
	struct group *gr;
	struct stat st;
	struct tm tm;
	ssize_t n;

	if (!lng) {
		quote_name(stdout, shown);
		putchar('\n');
		return;
	}
	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH) < 0) {
		printf("?????????? ? ? ? ? ? ");
		quote_name(stdout, shown);
		putchar('\n');
		return;
	}
	mode_string(st.st_mode, mode);
	localtime_r(&st.st_mtime, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
	pw = getpwuid(st.st_uid);
	gr = getgrgid(st.st_gid);
	printf("%s %3lu ", mode, (unsigned long)st.st_nlink);
	if (pw)
		printf("%-8s ", pw->pw_name);
	else
		printf("%-8u ", (unsigned)st.st_uid);
	if (gr)
		printf("%-8s ", gr->gr_name);
	else
		printf("%-8u ", (unsigned)st.st_gid);
	printf("%10lld %s ", (long long)st.st_size, when);
	quote_name(stdout, shown);
	if (S_ISLNK(st.st_mode) &&
	    (n = readlinkat(dfd, name, target, sizeof(target) - 1)) >= 0) {
		target[n] = '\0';
		printf(" -> ");
		quote_name(stdout, target);
	}
	putchar('\n');
}

static int list_dir(int dfd, bool lng, bool all)
{
	char **names;
	size_t n;
	int rc = dir_list(dfd, all, &names, &n);

	if (!rc) {
		if (all) {      /* as ls -a: the directory and its parent too */
			print_entry(dfd, ".", ".", lng);
			print_entry(dfd, "..", "..", lng);
		}
		for (size_t i = 0; i < n; i++)
			print_entry(dfd, names[i], names[i], lng);
		dir_list_free(names, n);
	}
	close(dfd);
	return rc;
}

static int ls_one(struct lfs_store *s, const char *rel, const char *shown,
		  bool lng, bool all)
{
	/* As ls: a symlink named on the command line is followed unless -l. */
	int nofollow = lng ? O_NOFOLLOW : 0;
	struct stat st;
	int fd, rc = ns_stat(s, rel, !lng, &st);

	if (rc == -ENOENT && !lng)   /* a dangling symlink is still listed */
		rc = ns_stat(s, rel, false, &st);
	if (rc)
		return rc;
	if (!S_ISDIR(st.st_mode)) {
		fd = ns_open(s, rel, O_PATH | O_NOFOLLOW, 0);
		if (fd < 0)
			return fd;
		print_entry(fd, "", shown, lng);
		close(fd);
		return 0;
	}
	fd = ns_open(s, rel, O_RDONLY | O_DIRECTORY | nofollow, 0);
	if (fd < 0)
		return fd;
	return list_dir(fd, lng, all);
}

struct ls_args {
	bool lng, all;
	int npaths;
	const char *first;      /* the first operand */
};

static int ls_operand(struct lfs_ctx *ctx, const char *path, const char *rel,
		      struct lfs_error *e, void *arg)
{
	const struct ls_args *a = arg;
	struct stat st;

	(void)e;
	if (a->npaths > 1 && ns_stat(ctx->store, rel, !a->lng, &st) == 0 &&
	    S_ISDIR(st.st_mode)) {
		printf("%s", path != a->first ? "\n" : "");
		quote_name(stdout, path);
		printf(":\n");
	}
	return ls_one(ctx->store, rel, path, a->lng, a->all);
}

static int cmd_ls(struct lfs_ctx *ctx, int argc, char **argv)
{
	struct ls_args a = { false, false, 1, "." };
	char *dot[] = { ".", NULL };
	struct cmd_getopt go;
	char **paths = dot;
	int c, rc = 0;

	if (cmd_getopt_begin(&go, ls_opts))
		return ENOMEM;
	while (!rc && (c = cmd_getopt(&go, argc, argv)) != -1) {
		if (c == 'l')
			a.lng = true;
		else if (c == 'a')
			a.all = true;
		else
			rc = CMD_HELP;
	}
	cmd_getopt_end(&go);
	if (rc)
		return rc;
	if (!ctx_store(ctx, false, "ls"))
		return ctx->store_errno;
	if (optind < argc) {
		paths = argv + optind;
		a.npaths = argc - optind;
	}
	a.first = paths[0];
	return cmd_each_operand(ctx, "ls", a.npaths, paths, ls_operand, &a);
}

const struct lfs_cmd cmd_ls_def = {
	.name = "ls",
	.run = cmd_ls,
	.opts = ls_opts,
	.summary = "list directory contents in the store",
	.usage = "usage: ls [--long|-l] [--all|-a] [PATH...]\n",
	.args = DOM_PATH,
};
