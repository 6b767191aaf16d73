/* ls.c - lfs ls [-l] [-a] [PATH...]: names sorted, -l as ls -l; the
 * listing is ns_list's, the format is ls's. */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <time.h>

#include "common.h"
#include "ns_ops.h"
#include "quote.h"

static const struct lfs_opt ls_opts[] = {
	{ "long", 'l', no_argument, DOM_NONE, "long listing" },
	{ "all", 'a', no_argument, DOM_NONE, "include names starting with '.'" },
	{ 0 },
};

static void print_entry(FILE *f, const struct ns_entry *en, const char *shown,
			bool lng)
{
	const struct stat *st = &en->st;
	char mode[11], when[32];
	struct passwd *pw;
	struct group *gr;
	struct tm tm;

	if (lng && en->err) {
		fprintf(f, "?????????? ? ? ? ? ? ");
	} else if (lng) {
		mode_string(st->st_mode, mode);
		localtime_r(&st->st_mtime, &tm);
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
		pw = getpwuid(st->st_uid);
		gr = getgrgid(st->st_gid);
		fprintf(f, "%s %3lu ", mode, (unsigned long)st->st_nlink);
		if (pw)
			fprintf(f, "%-8s ", pw->pw_name);
		else
			fprintf(f, "%-8u ", (unsigned)st->st_uid);
		if (gr)
			fprintf(f, "%-8s ", gr->gr_name);
		else
			fprintf(f, "%-8u ", (unsigned)st->st_gid);
		fprintf(f, "%10lld %s ", (long long)st->st_size, when);
	}
	quote_name(f, shown);
	if (lng && en->target) {
		fprintf(f, " -> ");
		quote_name(f, en->target);
	}
	fputc('\n', f);
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
	struct ns_listing l;
	/* As ls: a symlink named on the command line is followed unless -l. */
	int rc = ns_list(ctx->store, rel, (a->all ? NS_LIST_ALL : 0) |
			 (a->lng ? NS_LIST_NOFOLLOW : 0), &l, e);

	if (rc)
		return rc;
	if (a->npaths > 1 && l.dir) {
		fputs(path == a->first ? "" : "\n", ctx->out);
		quote_name(ctx->out, path);
		fputs(":\n", ctx->out);
	}
	for (size_t i = 0; i < l.n; i++)
		print_entry(ctx->out, &l.ents[i], l.dir ? l.ents[i].name : path, a->lng);
	ns_listing_free(&l);
	return 0;
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
	.usage = "[PATH...]",
	.args = DOM_PATH,
};
