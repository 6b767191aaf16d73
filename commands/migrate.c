/* migrate.c - lfs migrate: restripe files in place (Lustre's
 * lfs_setstripe_migrate -> lfs_setstripe_internal with SO_MIGRATE). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common.h"
#include "migrate_run.h"
#include "quote.h"
#include "runs.h"
#include "size.h"

enum { OPT_COPY = 256, OPT_STATS, OPT_STATS_INTERVAL, OPT_FILES_FROM,
       OPT_DRY_RUN, OPT_STATUS };

static const struct lfs_opt migrate_opts[] = {
	LAYOUT_OPTS,
	{ "block", 'b', no_argument, DOM_NONE, "block other writers during the copy (default)" },
	{ "non-block", 'n', no_argument, DOM_NONE, "abort if the file is written during the copy" },
	{ "copy", OPT_COPY, required_argument, DOM_PATH, "take FILE's layout", "FILE" },
	{ "yaml", 'y', required_argument, DOM_HOSTPATH, "take the layout from getstripe -y output in FILE", "FILE" },
	{ "auto-stripe", 'A', no_argument, DOM_NONE, "stripe count from file size (lfs_migrate's rule)" },
	{ "verbose", 'v', no_argument, DOM_NONE, "print each file, and capped stripe counts" },
	{ "dry-run", OPT_DRY_RUN, no_argument, DOM_NONE, "show what would move where, change nothing" },
	{ "stats", OPT_STATS, no_argument, DOM_NONE, "report the run's progress (files, bytes, rate, ETA)" },
	{ "stats-interval", OPT_STATS_INTERVAL, required_argument, DOM_NUMBER, "seconds between reports", "SECS" },
	{ "bandwidth", 'W', required_argument, DOM_SIZE, "limit the copy to RATE bytes/s (1G, 500M)", "RATE" },
	{ "jobs", 'j', required_argument, DOM_NUMBER, "migrate N files at once", "N" },
	{ "null", '0', no_argument, DOM_NONE, "names in --files-from / stdin end with NUL" },
	{ "files-from", OPT_FILES_FROM, required_argument, DOM_HOSTPATH, "read names from FILE (- = stdin)", "FILE|-" },
	{ "status", OPT_STATUS, no_argument, DOM_NONE, "list the migrations running in the store (lfs jobs)" },
	{ "non-direct", 'D', no_argument, DOM_NONE, NULL },   /* accepted for compatibility */
	{ 0 },
};

/* How the run's results are printed. */
struct shown {
	FILE *out;
	bool verbose, dry_run;
	bool live;               /* a --stats line is on the terminal */
	bool stats;              /* --stats: show_progress is on */
	const volatile sig_atomic_t *cancel;
};

/* --stats: on a terminal one live line on stderr; else YAML records on
 * out: a run of one name gets its file's record (bytes, total, rate_mbs,
 * eta_s), any other run the run's (files_done, files_total, bytes,
 * rate_mbs, eta_s; ~ while unknown). */
static void show_progress(void *arg, const struct migrate_run_progress *p)
{
	struct shown *sh = arg;
	unsigned long long done = p->files_done, total = p->files_total;
	char files[48], eta[24] = "~", b[32], rate[32], fb[32], fs[32];

	if (p->eta >= 0)
		snprintf(eta, sizeof(eta), "%.0f", p->eta);
	if (isatty(STDERR_FILENO)) {
		snprintf(files, sizeof(files), total ? "%llu/%llu" : "%llu/?", done, total);
		cmd_human((double)p->bytes, b, sizeof(b));
		cmd_human(p->rate, rate, sizeof(rate));
		fprintf(stderr, "\r%s files  %s  %s/s  ETA %s%s", files, b, rate,
			p->eta >= 0 ? eta : "?", p->eta >= 0 ? "s" : "");
		if (p->path && !p->end) {
			cmd_human((double)p->file_bytes, fb, sizeof(fb));
			cmd_human((double)p->file_size, fs, sizeof(fs));
			fputs("  ", stderr);
			quote_name(stderr, p->path);
			fprintf(stderr, ": %s/%s", fb, fs);
		}
		fputs(p->end ? "\033[K\n" : "\033[K", stderr);
		sh->live = !p->end;
		return;
	}
	if (total == 1 && p->path) {
		fprintf(sh->out, "- file: ");
		quote_name(sh->out, p->path);
		fprintf(sh->out, "\n  bytes: %llu\n  total: %llu\n",
			(unsigned long long)p->file_bytes, (unsigned long long)p->file_size);
	} else {
		snprintf(files, sizeof(files), total ? "%llu" : "~", total);
		fprintf(sh->out, "- files_done: %llu\n  files_total: %s\n  bytes: %llu\n",
			done, files, (unsigned long long)p->bytes);
	}
	fprintf(sh->out, "  rate_mbs: %.1f\n  eta_s: %s\n", p->rate / 1048576, eta);
	fflush(sh->out);
}

/* The summary of a run of two names or more, or of one interrupted, on
 * stderr: stdout keeps only what Lustre's lfs migrate prints there. */
static void show_summary(const struct migrate_run_summary *m, bool dry_run,
			 bool stopped)
{
	char b[32], rate[32];

	cmd_human((double)m->bytes, b, sizeof(b));
	cmd_human(m->elapsed > 0 ? (double)m->bytes / m->elapsed : 0, rate, sizeof(rate));
	fprintf(stderr, "lfs migrate: %s%llu files: %llu %s, %llu skipped, %llu busy, %llu failed",
		stopped ? "interrupted: " : "",
		(unsigned long long)m->names, (unsigned long long)m->migrated,
		dry_run ? "would migrate" : "migrated", (unsigned long long)m->skipped,
		(unsigned long long)m->busy, (unsigned long long)m->failed);
	if (m->interrupted)
		fprintf(stderr, ", %llu interrupted (left as they were)",
			(unsigned long long)m->interrupted);
	fputs("; ", stderr);
	if (dry_run)
		fprintf(stderr, "%s would move\n", b);
	else
		fprintf(stderr, "%s in %.1fs, %s/s\n", b, m->elapsed, rate);
}

static void ost_list(const struct lfs_layout *l, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (uint32_t i = 0; l && i < l->nr_comps; i++)
		for (uint32_t j = 0; j < l->comps[i].nr_objects && n + 12 < len; j++)
			n += (size_t)snprintf(buf + n, len - n, "%s%u", n ? "," : "",
					      l->comps[i].objects[j].ost);
	if (!n)
		snprintf(buf, len, "-");
}

/* What migrate prints for one file. */
static void show_file(void *arg, const struct migrate_file_result *f)
{
	struct shown *p = arg;
	const struct migrate_result *res = &f->res;
	char from[256], to[256];

	/* A line to print: the --stats line goes, the next report redraws it. */
	if (p->live && (f->rc || f->skipped_link || res->skipped || p->dry_run ||
			p->verbose)) {
		fputs("\r\033[K", stderr);
		p->live = false;
	}

	/* Stopped by an interrupt, left as it was: the summary counts it. */
	if (f->rc == -EINTR && p->cancel && *p->cancel) {
		if (p->verbose) {
			quote_name(p->out, f->path);
			fprintf(p->out, ": interrupted, left as it was\n");
		}
		return;
	}
	if (f->rc && (f->name_refused || !f->path)) {
		cmd_error("migrate", f->path && *f->path ? f->path : NULL, f->rc, &f->err);
		return;
	}
	if (f->rc) {
		/* Lustre: "error: %s: %s: %s: %s\n" (cmd, file, step, error). */
		cmd_errorf("migrate", f->rc, "%s: %s%s%s", f->path, f->err.msg,
			   f->err.msg[0] ? ": " : "", strerror(-f->rc));
		return;
	}
	if (f->skipped_link) {
		quote_name(p->out, f->path);
		fprintf(p->out, ": already migrated in this run (a hard link, or listed twice), skipped\n");
		return;
	}
	ost_list(res->old_layout, from, sizeof(from));
	ost_list(res->new_layout, to, sizeof(to));
	if (res->skipped || p->dry_run || p->verbose)
		quote_name(p->out, f->path);
	if (res->skipped)
		fprintf(p->out, ": already in the requested layout (OSTs %s), skipped\n", from);
	else if (p->dry_run)
		fprintf(p->out, ": would move %llu bytes from OSTs %s to OSTs %s\n",
			(unsigned long long)res->size, from, to);
	else if (p->verbose)
		fprintf(p->out, ": migrated from OSTs %s to OSTs %s\n", from, to);
	if (res->capped && p->verbose)
		quote_line(stderr, "lfs migrate: %s: stripe count capped to %u usable OSTs",
			   f->path, res->capped);
	fflush(p->out);
}

static void show_store_notes(void *arg, struct lfs_store *s)
{
	(void)arg;
	cmd_report_store_notes(s, "migrate");
}

/* The names: the operands, then those of --files-from (or stdin). */
struct names {
	char **argv;
	int argc, i;
	FILE *from;
	int delim;
	char *line;
	size_t cap;
	bool peeked;             /* the first line read, not given yet */
};

static int next_name(void *arg, const char **path)
{
	struct names *n = arg;
	ssize_t len;

	if (n->i < n->argc) {
		*path = n->argv[n->i++];
		return 1;
	}
	if (n->peeked) {
		n->peeked = false;
		*path = n->line;
		return 1;
	}
	if (!n->from || (len = getdelim(&n->line, &n->cap, n->delim, n->from)) <= 0)
		return 0;
	if (n->line[len - 1] == n->delim)
		n->line[len - 1] = '\0';
	*path = n->line;
	return 1;
}

static int cmd_migrate(struct lfs_ctx *ctx, int argc, char **argv)
{
	struct lfs_layout_builder b;
	struct lfs_error e = { 0, "" };
	struct shown shown = { .out = ctx->out, .cancel = ctx->cancel };
	struct migrate_run_summary sum;
	struct migrate_run_opts o = {
		.jobs = 1, .progress_interval = 1.0, .on_file = show_file,
		.on_handle_close = show_store_notes, .arg = &shown, .summary = &sum,
		.cancel = ctx->cancel,
	};
	struct names names = { .delim = '\n' };
	struct lfs_layout *layout = NULL;
	struct lfs_store *s = NULL;
	struct cmd_getopt go;
	bool block = false, count_or_end = false, status = false;
	const char *copy_from = NULL, *files_from = NULL, *yaml_from = NULL, *clash;
	long long jobs = 1;
	int c, rc = 0, client = 0;

	layout_builder_init(&b);
	if (cmd_getopt_begin(&go, migrate_opts))
		return ENOMEM;
	while (!rc && (c = cmd_getopt(&go, argc, argv)) != -1) {
		if (is_layout_opt(c)) {
			count_or_end |= c == 'c' || c == 'E';
			rc = layout_builder_option(&b, c, optarg, &e);
			if (rc)
				rc = setstripe_option_error("migrate", c, rc, &e);
			continue;
		}
		switch (c) {
		case 'b': block = true; break;
		case 'n': o.nonblock = true; break;
		case 'D': break;
		/* Lustre 2.15 assigns the flags here, cancelling -n; we OR. */
		case 'v': shown.verbose = true; break;
		case OPT_COPY: copy_from = optarg; break;
		case 'y': yaml_from = optarg; break;
		case OPT_STATS: shown.stats = true; break;
		case OPT_STATUS: status = true; break;
		case OPT_STATS_INTERVAL:
			shown.stats = true;
			o.progress_interval = atof(optarg);
			if (o.progress_interval <= 0)
				rc = cmd_errorf("migrate", EINVAL, "invalid stats interval '%s'", optarg);
			break;
		case 'W':
			if (size_parse(optarg, &o.bandwidth) || !o.bandwidth)
				rc = cmd_errorf("migrate", EINVAL, "invalid bandwidth '%s'", optarg);
			break;
		case 'A': o.auto_stripe = true; break;
		case '0': names.delim = '\0'; break;
		case OPT_FILES_FROM: files_from = optarg; break;
		case 'j':
			if (number_parse(optarg, 1, 256, &jobs))
				rc = cmd_errorf("migrate", EINVAL, "invalid job count '%s': 1 to 256", optarg);
			o.jobs = (unsigned)jobs;
			break;
		case OPT_DRY_RUN: shown.dry_run = o.dry_run = true; break;
		default: rc = CMD_HELP;
		}
	}
	cmd_getopt_end(&go);
	clash = block && o.nonblock ? "options --block and --non-block are mutually exclusive" :
		copy_from && b.any_option ? "--copy cannot be combined with -c, -S, -i, -o, -p or -E" :
		yaml_from && b.any_option ? "--yaml cannot be combined with -c, -S, -i, -o, -p or -E" :
		yaml_from && copy_from ? "--yaml cannot be combined with --copy" :
		o.auto_stripe && count_or_end ? "--auto-stripe cannot be combined with -c or -E" : NULL;
	if (!rc && clash) {
		fprintf(stderr, "error: lfs migrate: %s\n", clash);
		rc = CMD_HELP;
	}
	if (!rc && status)
		return optind < argc ? CMD_HELP : jobs_print(ctx, "migrate");
	if (!rc && optind >= argc && !files_from && names.delim)
		rc = CMD_HELP;
	/* Parsed before the store is opened: a bad file changes nothing. */
	if (!rc && yaml_from)
		rc = layout_of_yaml_file("migrate", yaml_from, &layout);
	names.argv = argv + optind;
	names.argc = argc - optind;
	if (!rc && (files_from || (!names.delim && optind >= argc))) {
		files_from = files_from ? files_from : "-";
		names.from = strcmp(files_from, "-") ? fopen(files_from, "r") : stdin;
		if (!names.from)
			rc = cmd_errorf("migrate", errno, "%s: %s", files_from, strerror(errno));
	}
	/* A run is on the store or on a Lustre mount, as its first name is
	 * (read ahead from the list when there is no operand). */
	if (!rc && !names.argc && names.from) {
		const char *first;

		names.peeked = next_name(&names, &first) == 1;
	}
	if (!rc && (client = ctx_client(ctx, "migrate", names.argc ? names.argv[0] :
					names.peeked ? names.line : NULL)) > 1)
		rc = client;
	if (!rc && !client && !(s = ctx_store(ctx, true, "migrate")))
		rc = ctx->store_errno;
	if (!rc && !layout &&
	    (rc = layout_builder_finish(&b, s ? store_conf(s)->ost_count : 0, &layout, &e)))
		rc = cmd_error("migrate", NULL, rc, &e);
	layout_builder_free(&b);
	if (!rc && copy_from)
		rc = layout_of_copy_file(ctx, s, "migrate", copy_from, &layout);
	if (!rc) {
		cmd_raise_nofile_limit();
		o.layout = layout;
		o.total = names.from ? 0 : (uint64_t)names.argc;
		if (shown.stats)
			o.on_progress = show_progress;
		migrate_run_record(s, ctx->llapi, names.argc ? names.argv[0] :
				   names.peeked ? names.line : ".", &o);
		rc = s ? -migrate_run(s, ctx->cwd, next_name, &names, &o) :
			 -migrate_run_on(&lfs_lustre_backend, ctx->llapi, NULL,
					 next_name, &names, &o);
		runs_finish(o.record);
		if (sum.names > 1 || rc == EINTR)
			show_summary(&sum, o.dry_run, rc == EINTR);
	}
	if (names.from && names.from != stdin)
		fclose(names.from);
	free(names.line);
	layout_free(layout);
	return rc;
}

const struct lfs_cmd cmd_migrate_def = {
	.name = "migrate",
	.run = cmd_migrate,
	.opts = migrate_opts,
	.summary = "move files' data to new layouts in place (same inode)",
	.usage = "FILE...\n"
		 "Without layout options a file keeps its geometry and gets OSTs\n"
		 "chosen afresh (drain a nocreate OST, rebalance).\n",
	.args = DOM_PATH,
	.help = "On a Lustre client mount (no store selected) FILEs are host paths migrated\n"
		"through liblustreapi as Lustre's lfs does (group lock or lease, data version,\n"
		"llapi_fswap_layouts), --copy's FILE a host path too (docs/lustre.md).\n",
	.flags = CMD_WRITES | CMD_CANCELS,
};
