/* df.c - lfs df: space and objects per MDT and OST. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cmd.h"
#include "df.h"
#include "lustre_df.h"
#include "size.h"

enum { OPT_GRAPH = 256, OPT_THRESHOLD };

static const struct lfs_opt df_opts[] = {
	{ "human-readable", 'h', no_argument, DOM_NONE, "sizes in powers of 1024" },
	{ "si", 'H', no_argument, DOM_NONE, "sizes in powers of 1000" },
	{ "inodes", 'i', no_argument, DOM_NONE, "inodes instead of blocks" },
	{ "lazy", 'l', no_argument, DOM_NONE, "do not wait for unreachable targets (none here)" },
	{ "pool", 'p', required_argument, DOM_POOL, "only the OSTs of a pool", "POOL" },
	{ "verbose", 'v', no_argument, DOM_NONE, "also inactive OSTs" },
	{ "graph", OPT_GRAPH, no_argument, DOM_NONE, "each OST's fill as a bar, | at the mean, flagging those far from it" },
	{ "threshold", OPT_THRESHOLD, required_argument, DOM_NUMBER, "with --graph: flag an OST more than PCT percentage points from the mean (default 10)", "PCT" },
	{ 0 },
};

struct df_opts {
	unsigned human;     /* 0, 1024 or 1000 */
	bool inodes;
};

static void fmt_value(const struct df_opts *o, uint64_t v, char *buf, size_t len)
{
	/* showdf() shortens inode counts with -h too. */
	if (o->human)
		size_format_human(v, o->human, buf, len);
	else if (!o->inodes)
		snprintf(buf, len, "%" PRIu64, v / 1024);
	else
		snprintf(buf, len, "%" PRIu64, v);
}

static void row(FILE *f, const struct df_opts *o, const struct lfs_df_row *r)
{
	const struct lfs_df_figures *v = o->inodes ? &r->inodes : &r->bytes;
	char t[32], u[32], a[32], pct[8], flags[4];
	uint64_t denom = v->used + v->avail;
	int p = denom ? (int)((v->used * 100 + denom - 1) / denom) : 0;
	size_t nf = 0;

	if (r->flags & LFS_DF_DEGRADED)
		flags[nf++] = 'D';
	if (r->flags & LFS_DF_NOCREATE)
		flags[nf++] = 'N';
	if (r->flags & (o->inodes ? LFS_DF_NOINODES : LFS_DF_NOSPACE))
		flags[nf++] = o->inodes ? 'I' : 'S';
	flags[nf] = '\0';
	fmt_value(o, v->total, t, sizeof(t));
	fmt_value(o, v->used, u, sizeof(u));
	fmt_value(o, v->avail, a, sizeof(a));
	snprintf(pct, sizeof(pct), "%3d%%", p);
	fprintf(f, "%-20s %11s %11s %11s %4s %-s%s%s\n", r->uuid, t, u, a, pct,
		r->mount, nf ? " " : "", flags);
}

/* --threshold PCT: a number from 0 to 100, only with --graph; else a
 * usage error (CMD_HELP, its message printed). */
static int parse_threshold(const char *arg, bool graphic, double *out)
{
	char *end;

	if (!graphic) {
		fprintf(stderr, "error: lfs df: --threshold needs --graph\n");
		return CMD_HELP;
	}
	errno = 0;
	*out = strtod(arg, &end);
	if (errno || end == arg || *end || !(*out >= 0 && *out <= 100)) {
		fprintf(stderr, "error: lfs df: invalid threshold '%s': a percentage from 0 to 100 expected\n",
			arg);
		return CMD_HELP;
	}
	return 0;
}

/* The width to draw in: $COLUMNS, else the terminal's, else 80. */
static int graph_width(FILE *f)
{
	const char *env = getenv("COLUMNS");
	struct winsize ws;
	char *end;
	long n;

	if (env && *env) {
		n = strtol(env, &end, 10);
		if (!*end && n > 0 && n < 10000)
			return (int)n;
	}
	if (isatty(fileno(f)) && !ioctl(fileno(f), TIOCGWINSZ, &ws) && ws.ws_col)
		return ws.ws_col;
	return 80;
}

#define GRAPH_FIXED 33   /* the name, " [", "] ", "100%", " high" */

/* One bar per active OST: '#' for its fill, '|' at the mean's column,
 * then its Use% (as df prints it) and high/low when it is more than the
 * threshold from the mean (lfs_df_balance). */
static int graph(FILE *f, const struct df_opts *o, const struct lfs_df *df,
		 double threshold)
{
	struct lfs_df_balance b;
	int w = graph_width(f) - GRAPH_FIXED, mean_col, rc;
	char *bar;

	if (w < 10)
		w = 10;
	rc = lfs_df_balance(df, o->inodes, threshold, &b);
	bar = malloc((size_t)w + 1);
	if (rc || !bar) {
		lfs_df_balance_free(&b);
		free(bar);
		return cmd_errorf("df", ENOMEM, "%s", strerror(ENOMEM));
	}
	mean_col = (int)(b.mean * w / 100 + 0.5);
	if (mean_col >= w)
		mean_col = w - 1;
	fprintf(f, "%s of the OSTs: | marks the mean (%.1f%%); high and low: more than %g points away\n",
		o->inodes ? "Inode use" : "Fill", b.mean, threshold);
	for (uint32_t i = 0; i < df->nr_rows; i++) {
		const struct lfs_df_row *r = &df->rows[i];
		const struct lfs_df_figures *v = o->inodes ? &r->inodes : &r->bytes;
		const struct lfs_df_fill *fl = &b.fills[i];
		uint64_t denom = v->used + v->avail;
		int filled = (int)(fl->pct * w / 100 + 0.5);

		if (!fl->counted)
			continue;
		for (int k = 0; k < w; k++)
			bar[k] = k == mean_col ? '|' : k < filled ? '#' : ' ';
		bar[w] = '\0';
		fprintf(f, "%-20s [%s] %3d%%%s\n", r->uuid, bar,
			denom ? (int)((v->used * 100 + denom - 1) / denom) : 0,
			fl->off > 0 ? " high" : fl->off < 0 ? " low" : "");
	}
	lfs_df_balance_free(&b);
	free(bar);
	return 0;
}

static int cmd_df(struct lfs_ctx *ctx, int argc, char **argv)
{
	struct df_opts o = { 0, false };
	struct lfs_error e = { 0, "" };
	const char *pool = NULL, *thr = NULL;
	bool verbose = false, graphic = false;
	double threshold = 10;
	struct cmd_getopt go;
	struct lfs_store *s;
	struct lfs_df df;
	int c, rc = 0;

	if (cmd_getopt_begin(&go, df_opts))
		return ENOMEM;
	while ((c = cmd_getopt(&go, argc, argv)) != -1) {
		switch (c) {
		case 'h': o.human = 1024; break;
		case 'H': o.human = 1000; break;
		case 'i': o.inodes = true; break;
		case 'l': break;
		case 'p': pool = optarg; break;
		case 'v': verbose = true; break;
		case OPT_GRAPH: graphic = true; break;
		case OPT_THRESHOLD: thr = optarg; break;
		default: rc = CMD_HELP;
		}
	}
	cmd_getopt_end(&go);
	if (rc || optind < argc - 1)
		return CMD_HELP;
	if (thr && (rc = parse_threshold(thr, graphic, &threshold)))
		return rc;
	/* On a Lustre mount (the path given, else the working directory):
	 * llapi_obd_statfs per target (docs/lustre.md). */
	rc = ctx_client(ctx, "df", optind < argc ? argv[optind] : NULL);
	if (rc == 1) {
		const char *path = optind < argc ? argv[optind] : ".";

		if ((rc = lustre_df(ctx->llapi, path, pool, &df, &e)))
			return cmd_error("df", optind < argc ? path : NULL, rc, &e);
	} else if (rc) {
		return rc;
	} else {
		s = ctx_store(ctx, false, "df");
		if (!s)
			return ctx->store_errno;
		if ((rc = lfs_df(s, pool, &df, &e)))
			return cmd_error("df", NULL, rc, &e);
	}
	if (graphic) {
		rc = graph(ctx->out, &o, &df, threshold);
		lfs_df_free(&df);
		return rc;
	}
	fprintf(ctx->out, "%-20s %11s %11s %11s %4s %-s\n", "UUID",
		o.inodes ? "Inodes" : o.human ? "bytes" : "1K-blocks",
		o.inodes ? "IUsed" : "Used", o.inodes ? "IFree" : "Available",
		o.inodes ? "IUse%" : "Use%", "Mounted on");
	for (uint32_t i = 0; i < df.nr_rows; i++) {
		if (df.rows[i].active)
			row(ctx->out, &o, &df.rows[i]);
		else if (verbose)
			fprintf(ctx->out, "%-20s: inactive device\n", df.rows[i].uuid);
	}
	fputc('\n', ctx->out);
	row(ctx->out, &o, &df.summary);
	fputc('\n', ctx->out);
	lfs_df_free(&df);
	return 0;
}

const struct lfs_cmd cmd_df_def = {
	.name = "df",
	.run = cmd_df,
	.opts = df_opts,
	.summary = "report space and objects of the MDT and each OST",
	.usage = "[PATH]",
	.help = "On a Lustre client mount (no store selected; PATH, else the working\n"
		"directory, on the mount) the figures are the servers', asked per MDT and\n"
		"OST through liblustreapi (llapi_obd_statfs, as Lustre's mntdf).\n",
};
