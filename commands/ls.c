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

static int cmd_ls(struct lfs_ctx *ctx, int argc, char **argv)
{
	struct cmd_getopt go;
	struct lfs_store *s;
	bool lng = false, all = false;
	char *dot[] = { ".", NULL };
	char **paths;
	int c, rc = 0, status = 0, npaths;

	if (cmd_getopt_begin(&go, ls_opts))
		return ENOMEM;
	while (!rc && (c = cmd_getopt(&go, argc, argv)) != -1) {
		if (c == 'l')
			lng = true;
		else if (c == 'a')
			all = true;
		else
			rc = CMD_HELP;
	}
	cmd_getopt_end(&go);
	if (rc)
		return rc;
	s = ctx_store(ctx, false, "ls");
	if (!s)
		return ctx->store_errno;
	paths = optind < argc ? argv + optind : dot;
	npaths = optind < argc ? argc - optind : 1;
	for (int i = 0; i < npaths; i++) {
		char rel[PATH_MAX];
		struct stat st;

		if ((rc = ctx_resolve(ctx, "ls", paths[i], rel, sizeof(rel)))) {
			status_keep(&status, rc);
			continue;
		}
		if (npaths > 1 && ns_stat(s, rel, !lng, &st) == 0 &&
		    S_ISDIR(st.st_mode)) {
			printf("%s", i ? "\n" : "");
			quote_name(stdout, paths[i]);
			printf(":\n");
		}
		rc = ls_one(s, rel, paths[i], lng, all);
		if (rc) {
			fflush(stdout);
			status_keep(&status, cmd_error("ls", paths[i], rc, NULL));
		}
	}
	return status;
}

const struct lfs_cmd cmd_ls_def = {
	.name = "ls",
	.run = cmd_ls,
	.opts = ls_opts,
	.summary = "list directory contents in the store",
	.usage = "usage: ls [--long|-l] [--all|-a] [PATH...]\n",
	.args = DOM_PATH,
};
