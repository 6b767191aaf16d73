/* migrate.c - lfs migrate: restripe files in place (Lustre's
 * lfs_setstripe_migrate -> lfs_setstripe_internal with SO_MIGRATE). */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/resource.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common.h"
#include "quote.h"
#include "migrate.h"
#include "size.h"
#include "spare.h"

enum { OPT_COPY = 256, OPT_STATS, OPT_STATS_INTERVAL, OPT_FILES_FROM,
       OPT_DRY_RUN, OPT_YAML };

static const struct lfs_opt migrate_opts[] = {
	LAYOUT_OPTS,
	{ "block", 'b', no_argument, DOM_NONE, "block other writers during the copy (default)" },
	{ "non-block", 'n', no_argument, DOM_NONE, "abort if the file is written during the copy" },
	{ "non-direct", 'D', no_argument, DOM_NONE, "accepted for compatibility" },
	{ "verbose", 'v', no_argument, DOM_NONE, "print each file, and capped stripe counts" },
	{ "copy", OPT_COPY, required_argument, DOM_PATH, "take FILE's layout" },
	{ "yaml", OPT_YAML, required_argument, DOM_HOSTPATH, "take the layout from getstripe -y output in FILE" },
	{ "stats", OPT_STATS, no_argument, DOM_NONE, "report progress (bytes, MB/s, ETA)" },
	{ "stats-interval", OPT_STATS_INTERVAL, required_argument, DOM_NUMBER, "seconds between reports" },
	{ "bandwidth", 'W', required_argument, DOM_SIZE, "limit the copy to RATE bytes/s (1G, 500M)" },
	{ "auto-stripe", 'A', no_argument, DOM_NONE, "stripe count from file size (lfs_migrate's rule)" },
	{ "null", '0', no_argument, DOM_NONE, "names in --files-from / stdin end with NUL" },
	{ "files-from", OPT_FILES_FROM, required_argument, DOM_HOSTPATH, "read names from FILE (- = stdin)" },
	{ "jobs", 'j', required_argument, DOM_NUMBER, "migrate N files at once" },
	{ "dry-run", OPT_DRY_RUN, no_argument, DOM_NONE, "show what would move where, change nothing" },
	{ 0 },
};

struct run {
	struct lfs_ctx *ctx;
	struct lfs_store *s;
	struct migrate_opts mo;
	struct lfs_layout *layout;       /* requested, or NULL */
	bool verbose, stats, auto_stripe, dry_run;
	double stats_interval;
	char **names;
	size_t nr_names, next;
	size_t batch;                    /* files per batch (batch_size()) */
	uint64_t *done_inos;
	size_t nr_done;
	int status;
	pthread_mutex_t lock;
};

struct progress {
	struct run *run;
	const char *path;
	struct timespec start, last;
	bool tty;
};

static double since(const struct timespec *a)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - a->tv_sec) + (now.tv_nsec - a->tv_nsec) / 1e9;
}

static void report(void *arg, uint64_t done, uint64_t total)
{
	struct progress *p = arg;
	double el = since(&p->start), rate = el > 0 ? (double)done / el : 0;
	double eta = rate > 0 ? (double)(total - done) / rate : 0;

	if (done < total && since(&p->last) < p->run->stats_interval)
		return;
	clock_gettime(CLOCK_MONOTONIC, &p->last);
	pthread_mutex_lock(&p->run->lock);
	if (p->tty) {
		fputc('\r', stderr);
		quote_name(stderr, p->path);
		fprintf(stderr, ": %llu/%llu MB  %.1f MB/s  ETA %.0fs%s",
			(unsigned long long)(done >> 20), (unsigned long long)(total >> 20),
			rate / 1048576, eta, done >= total ? "\n" : "");
	} else {
		printf("- file: ");
		quote_name(stdout, p->path);
		printf("\n  bytes: %llu\n  total: %llu\n  rate_mbs: %.1f\n  eta_s: %.0f\n",
		       (unsigned long long)done, (unsigned long long)total,
		       rate / 1048576, eta);
	}
	pthread_mutex_unlock(&p->run->lock);
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

/* A hard-link set is migrated once per run. */
static bool seen_inode(struct run *r, uint64_t ino, bool add)
{
	bool seen = false;

	pthread_mutex_lock(&r->lock);
	for (size_t i = 0; i < r->nr_done && !seen; i++)
		seen = r->done_inos[i] == ino;
	if (!seen && add) {
		uint64_t *v = realloc(r->done_inos, (r->nr_done + 1) * sizeof(*v));

		if (v) {
			r->done_inos = v;
			v[r->nr_done++] = ino;
		}
	}
	pthread_mutex_unlock(&r->lock);
	return seen;
}

/* What migrate prints for one file; returns its exit status. */
/* link_ino: the file's inode when it has other names (remembered so they
 * are skipped later in the run), else 0. */
static int report_one(struct run *r, const char *path, int rc,
		      const struct lfs_error *e, struct migrate_result *res,
		      uint64_t link_ino)
{
	char from[256], to[256];

	if (rc) {
		/* Lustre: "error: %s: %s: %s: %s\n" (cmd, file, step, error). */
		cmd_errorf("migrate", rc, "%s: %s%s%s", path,
			   e->msg[0] ? e->msg : "", e->msg[0] ? ": " : "", strerror(-rc));
		migrate_result_free(res);
		return -rc;
	}
	if (link_ino)
		seen_inode(r, link_ino, true);
	ost_list(res->old_layout, from, sizeof(from));
	ost_list(res->new_layout, to, sizeof(to));
	pthread_mutex_lock(&r->lock);
	if (res->skipped || r->dry_run || r->verbose)
		quote_name(stdout, path);
	if (res->skipped)
		printf(": already in the requested layout (OSTs %s), skipped\n", from);
	else if (r->dry_run)
		printf(": would move %llu bytes from OSTs %s to OSTs %s\n",
		       (unsigned long long)res->size, from, to);
	else if (r->verbose)
		printf(": migrated from OSTs %s to OSTs %s\n", from, to);
	if (res->capped && r->verbose)
		quote_line(stderr, "lfs migrate: %s: stripe count capped to %u usable OSTs",
			   path, res->capped);
	fflush(stdout);
	pthread_mutex_unlock(&r->lock);
	migrate_result_free(res);
	return 0;
}

/* The auto-stripe layout for a file of `size` bytes (-A). */
static struct lfs_layout *auto_layout(struct run *r, struct lfs_store *s,
				      uint64_t size)
{
	struct lfs_component c = { 0 };
	struct lfs_layout *l = layout_new();

	c.end = LFS_EOF;
	c.stripe_offset = -1;
	c.stripe_count = migrate_auto_stripe_count(s, size,
			r->layout ? r->layout->comps[0].pool : NULL);
	if (r->layout) {
		c.stripe_size = r->layout->comps[0].stripe_size;
		memcpy(c.pool, r->layout->comps[0].pool, sizeof(c.pool));
	}
	if (l && layout_add_component(l, &c)) {
		layout_free(l);
		l = NULL;
	}
	return l;
}

/* One file on its own: per-file options (-A, --stats). */
static int migrate_alone(struct run *r, struct lfs_store *s, const char *path,
			 const char *rel, uint64_t size, uint64_t link_ino)
{
	struct lfs_error e = { 0, "" };
	struct migrate_result res;
	struct migrate_opts mo = r->mo;
	struct lfs_layout *auto_l = NULL;
	struct progress prog = { r, path, { 0, 0 }, { 0, 0 }, false };
	int rc;

	if (r->auto_stripe) {
		auto_l = auto_layout(r, s, size);
		if (!auto_l)
			return cmd_error("migrate", path, -ENOMEM, NULL);
		mo.layout = auto_l;
	}
	if (r->stats) {
		prog.tty = isatty(STDERR_FILENO);
		clock_gettime(CLOCK_MONOTONIC, &prog.start);
		prog.last = prog.start;
		mo.progress = report;
		mo.progress_arg = &prog;
	}
	rc = migrate_file(&lfs_store_backend, s, rel, &mo, &res, &e);
	layout_free(auto_l);
	return report_one(r, path, rc, &e, &res, link_ino);
}

/*
 * Migrate up to batch_size() names as one batch, sharing durability
 * points (migrate_files); files of MIGRATE_BATCH_MAX_SIZE or more go one
 * by one. Names that cannot be resolved, and further names of a hard-link
 * set already migrated in this run, are settled first.
 */
#define MIGRATE_BATCH 128
#define MIGRATE_FDS_PER_FILE 16    /* source, volatile, their objects */

/* A batch keeps its files open: as many as the open-file limit allows
 * each worker, after raising it to the hard limit, up to MIGRATE_BATCH.
 * A worker's spare volatiles (spare.h) are open too. */
static size_t batch_size(long long jobs)
{
	struct rlimit rl;
	rlim_t per;

	if (getrlimit(RLIMIT_NOFILE, &rl))
		return 1;
	if (rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &rl))
			getrlimit(RLIMIT_NOFILE, &rl);
	}
	per = rl.rlim_cur / (rlim_t)jobs;
	if (per < 64 + SPARE_VOLATILES_MAX + 2 * MIGRATE_FDS_PER_FILE)
		return 1;
	per = (per - 64 - SPARE_VOLATILES_MAX) / MIGRATE_FDS_PER_FILE;
	return per < MIGRATE_BATCH ? (size_t)per : MIGRATE_BATCH;
}
#define MIGRATE_BATCH_MAX_SIZE (4LL << 20)

struct batch {
	size_t n;
	char (*rels)[PATH_MAX];
	const char **relp, **shown;
	struct migrate_result *res;
	struct lfs_error *errs;
	uint64_t *inos;
	int *rcs;
};

/* Migrate the files gathered so far together, report them in order. */
static int batch_flush(struct run *r, struct lfs_store *s, struct batch *b)
{
	int status = 0;

	if (b->n)
		migrate_files(&lfs_store_backend, s, b->n, b->relp, &r->mo, b->res,
			      b->errs, b->rcs);
	for (size_t i = 0; i < b->n; i++) {
		int rc = report_one(r, b->shown[i], b->rcs[i], &b->errs[i], &b->res[i],
				    b->inos[i]);

		if (rc && !status)
			status = rc;
	}
	b->n = 0;
	return status;
}

static int migrate_batch(struct run *r, struct lfs_store *s, char **paths,
			 size_t k)
{
	struct batch b = {
		.rels = calloc(k, sizeof(*b.rels)), .relp = calloc(k, sizeof(*b.relp)),
		.shown = calloc(k, sizeof(*b.shown)), .res = calloc(k, sizeof(*b.res)),
		.errs = calloc(k, sizeof(*b.errs)), .inos = calloc(k, sizeof(*b.inos)),
		.rcs = calloc(k, sizeof(*b.rcs)),
	};
	int status = 0;

	if (!b.rels || !b.relp || !b.shown || !b.res || !b.errs || !b.inos || !b.rcs) {
		status = ENOMEM;
		goto out;
	}
	/* Many files: keep the inodes each frees for the next (spare.h).
	 * Without spares (no memory) the run is only slower. */
	if (k > 1)
		spare_enable(s);
	for (size_t i = 0; i < k; i++) {
		const char *path = paths[i];
		char *rel = b.rels[b.n];
		struct stat st = { 0 };
		bool dup = false;
		int fd, rc = 0;

		if (!*path) {
			rc = cmd_errorf("migrate", EINVAL, "empty file name in the list");
		} else if (!(rc = ctx_resolve(r->ctx, "migrate", path, rel, PATH_MAX))) {
			fd = ns_open(s, rel, O_PATH | O_NOFOLLOW, 0);
			if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
			    st.st_nlink > 1) {
				dup = seen_inode(r, st.st_ino, false);
				for (size_t j = 0; j < b.n && !dup; j++)
					dup = b.inos[j] == st.st_ino;
			}
			if (fd >= 0)
				close(fd);
			if (dup) {
				quote_name(stdout, path);
				printf(": hard link to a file already migrated in this run, skipped\n");
				continue;
			}
			/* Per-file options, and files large enough that a
			 * shared fsync saves nothing: one at a time, so a run
			 * interrupted half-way keeps every file it finished.
			 * Those gathered before go first, to keep the order. */
			if (r->auto_stripe || r->stats || st.st_size >= MIGRATE_BATCH_MAX_SIZE) {
				rc = batch_flush(r, s, &b);
				if (rc && !status)
					status = rc;
				rc = migrate_alone(r, s, path, rel, (uint64_t)st.st_size,
						   st.st_nlink > 1 ? st.st_ino : 0);
			} else {
				b.inos[b.n] = st.st_nlink > 1 ? st.st_ino : 0;
				b.relp[b.n] = rel;
				b.shown[b.n++] = path;
			}
		}
		if (rc && !status)
			status = rc;
	}
	{
		int rc = batch_flush(r, s, &b);

		if (rc && !status)
			status = rc;
	}
out:
	free(b.rels);
	free(b.relp);
	free(b.shown);
	free(b.res);
	free(b.errs);
	free(b.inos);
	free(b.rcs);
	return status;
}

static void record(struct run *r, int rc)
{
	pthread_mutex_lock(&r->lock);
	if (rc && !r->status)
		r->status = rc;
	pthread_mutex_unlock(&r->lock);
}

/* A -j worker: its own store handle, files taken from the shared list. */
static void *worker(void *arg)
{
	struct run *r = arg;
	struct lfs_store *s = NULL;
	struct lfs_error e = { 0, "" };
	int rc = store_open(r->s->path, LFS_STORE_RDWR, &s, &e);

	if (rc) {
		record(r, cmd_error("migrate", NULL, rc, &e));
		return NULL;
	}
	for (;;) {
		size_t i, k;

		pthread_mutex_lock(&r->lock);
		i = r->next;
		k = r->nr_names - i < r->batch ? r->nr_names - i : r->batch;
		r->next += k;
		pthread_mutex_unlock(&r->lock);
		if (!k)
			break;
		record(r, migrate_batch(r, s, r->names + i, k));
	}
	pthread_mutex_lock(&r->lock);
	cmd_report_store_notes(s, "migrate");
	pthread_mutex_unlock(&r->lock);
	store_close(s);
	return NULL;
}

static int add_name(struct run *r, const char *name)
{
	char **v = realloc(r->names, (r->nr_names + 1) * sizeof(*v));

	if (!v)
		return ENOMEM;
	r->names = v;
	v[r->nr_names] = strdup(name);
	return v[r->nr_names++] ? 0 : ENOMEM;
}

static int read_names(struct run *r, const char *from, bool nul)
{
	FILE *f = strcmp(from, "-") ? fopen(from, "r") : stdin;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int rc = 0;

	if (!f)
		return cmd_errorf("migrate", errno, "%s: %s", from, strerror(errno));
	while (!rc && (n = getdelim(&line, &cap, nul ? '\0' : '\n', f)) > 0) {
		if (line[n - 1] == (nul ? '\0' : '\n'))
			line[--n] = '\0';
		rc = add_name(r, line);
	}
	free(line);
	if (f != stdin)
		fclose(f);
	return rc;
}

static int layout_of_file(struct run *r, const char *path)
{
	struct lfs_error e = { 0, "" };
	struct lfs_inode *ino;
	char rel[PATH_MAX];
	int rc;

	if ((rc = ctx_resolve(r->ctx, "migrate", path, rel, sizeof(rel))))
		return rc;
	rc = inode_open(r->s, rel, INODE_READ, &ino, &e);
	if (rc)
		return cmd_errorf("migrate", rc, "--copy %s: %s", path,
				  lfs_error_text(&e, rc));
	if (!ino->layout) {
		inode_close(ino);
		return cmd_errorf("migrate", ENODATA, "--copy %s: %s", path,
				  strerror(ENODATA));
	}
	r->layout = layout_dup(ino->layout);
	inode_close(ino);
	if (!r->layout)
		return ENOMEM;
	layout_drop_placement(r->layout);
	return 0;
}

static int cmd_migrate(struct lfs_ctx *ctx, int argc, char **argv)
{
	struct lfs_layout_builder b;
	struct lfs_error e = { 0, "" };
	struct run r = { .ctx = ctx, .stats_interval = 1.0 };
	struct lfs_layout *yaml_layout = NULL;
	struct cmd_getopt go;
	bool block = false, nul = false, count_or_end = false;
	const char *copy_from = NULL, *files_from = NULL, *yaml_from = NULL;
	long long jobs = 1;
	int c, rc = 0;

	layout_builder_init(&b);
	pthread_mutex_init(&r.lock, NULL);
	if (cmd_getopt_begin(&go, migrate_opts))
		return ENOMEM;
	while (!rc && (c = cmd_getopt(&go, argc, argv)) != -1) {
		if (is_layout_opt(c)) {
			count_or_end |= c == 'c' || c == 'E';
			rc = layout_builder_option(&b, c, optarg, &e);
			if (rc)
				rc = cmd_error("migrate", NULL, rc, &e);
			continue;
		}
		switch (c) {
		case 'b': block = true; break;
		case 'n': r.mo.nonblock = true; break;
		case 'D': break;
		/* Lustre 2.15 assigns the flags here, cancelling -n; we OR. */
		case 'v': r.verbose = true; break;
		case OPT_COPY: copy_from = optarg; break;
		case OPT_YAML: yaml_from = optarg; break;
		case OPT_STATS: r.stats = true; break;
		case OPT_STATS_INTERVAL:
			r.stats = true;
			r.stats_interval = atof(optarg);
			if (r.stats_interval <= 0)
				rc = cmd_errorf("migrate", EINVAL, "invalid stats interval '%s'", optarg);
			break;
		case 'W':
			if (size_parse(optarg, &r.mo.bandwidth) || !r.mo.bandwidth)
				rc = cmd_errorf("migrate", EINVAL, "invalid bandwidth '%s'", optarg);
			break;
		case 'A': r.auto_stripe = true; break;
		case '0': nul = true; break;
		case OPT_FILES_FROM: files_from = optarg; break;
		case 'j':
			if (number_parse(optarg, 1, 256, &jobs))
				rc = cmd_errorf("migrate", EINVAL, "invalid job count '%s': 1 to 256", optarg);
			break;
		case OPT_DRY_RUN: r.dry_run = r.mo.dry_run = true; break;
		default: rc = CMD_HELP;
		}
	}
	cmd_getopt_end(&go);
	if (!rc && block && r.mo.nonblock) {
		fprintf(stderr, "error: lfs migrate: options --block and --non-block are mutually exclusive\n");
		rc = CMD_HELP;
	}
	if (!rc && (copy_from) && b.any_option) {
		fprintf(stderr, "error: lfs migrate: --copy cannot be combined with -c, -S, -i, -o, -p or -E\n");
		rc = CMD_HELP;
	}
	if (!rc && yaml_from && b.any_option) {
		fprintf(stderr, "error: lfs migrate: --yaml cannot be combined with -c, -S, -i, -o, -p or -E\n");
		rc = CMD_HELP;
	}
	if (!rc && yaml_from && copy_from) {
		fprintf(stderr, "error: lfs migrate: --yaml cannot be combined with --copy\n");
		rc = CMD_HELP;
	}
	if (!rc && r.auto_stripe && count_or_end) {
		fprintf(stderr, "error: lfs migrate: --auto-stripe cannot be combined with -c or -E\n");
		rc = CMD_HELP;
	}
	if (!rc && optind >= argc && !files_from && !nul)
		rc = CMD_HELP;
	/* Parsed before the store is opened: a bad file changes nothing. */
	if (!rc && yaml_from)
		rc = layout_of_yaml_file("migrate", yaml_from, &yaml_layout);
	if (!rc && !(r.s = ctx_store(ctx, true, "migrate")))
		rc = ctx->store_errno;
	if (!rc && (rc = layout_builder_finish(&b, r.s->conf->ost_count, &r.layout, &e)))
		rc = cmd_error("migrate", NULL, rc, &e);
	layout_builder_free(&b);
	if (!rc && copy_from)
		rc = layout_of_file(&r, copy_from);
	if (!rc && yaml_layout) {
		r.layout = yaml_layout;
		yaml_layout = NULL;
	}
	layout_free(yaml_layout);
	for (int i = optind; !rc && i < argc; i++)
		rc = add_name(&r, argv[i]);
	if (!rc && (files_from || (nul && optind >= argc)))
		rc = read_names(&r, files_from ? files_from : "-", nul);
	r.mo.layout = r.layout;
	r.batch = batch_size(jobs);
	if (!rc && jobs > 1 && r.nr_names > 1) {
		pthread_t tid[256];
		long long started = 0;

		for (; started < jobs; started++)
			if (pthread_create(&tid[started], NULL, worker, &r))
				break;
		if (!started)
			worker(&r);
		for (long long i = 0; i < started; i++)
			pthread_join(tid[i], NULL);
		rc = r.status;
	} else if (!rc) {
		for (size_t i = 0; i < r.nr_names; i += r.batch)
			record(&r, migrate_batch(&r, r.s, r.names + i,
				r.nr_names - i < r.batch ? r.nr_names - i : r.batch));
		rc = r.status;
	}
	for (size_t i = 0; i < r.nr_names; i++)
		free(r.names[i]);
	free(r.names);
	free(r.done_inos);
	layout_free(r.layout);
	pthread_mutex_destroy(&r.lock);
	return rc;
}

const struct lfs_cmd cmd_migrate_def = {
	.name = "migrate",
	.run = cmd_migrate,
	.opts = migrate_opts,
	.summary = "move files' data to new layouts in place (same inode)",
	.usage = "usage: migrate [LAYOUT OPTIONS] [--block|-b|--non-block|-n]\n"
		 LAYOUT_OPTS_USAGE
		 "\t[--copy FILE|--yaml FILE] [--auto-stripe|-A] [--verbose|-v] [--dry-run]\n"
		 "\t[--stats] [--stats-interval SECS] [--bandwidth|-W RATE]\n"
		 "\t[--jobs|-j N] [--null|-0] [--files-from FILE|-] FILE...\n"
		 "Without layout options a file keeps its geometry and gets OSTs\n"
		 "chosen afresh (drain a nocreate OST, rebalance).\n",
	.args = DOM_PATH,
	.flags = CMD_WRITES,
};
