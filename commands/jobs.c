/* jobs.c - lfs jobs: the migrations running in the store, from the
 * records their runs keep in run/ (runs.h). A run whose process died is
 * shown "dead" until recovery (the next command that writes, or lfsck)
 * removes its record. On a Lustre mount (the working directory on it):
 * this host's and user's runs on its filesystem, a dead one shown once. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common.h"
#include "lustre_servers.h"
#include "quote.h"
#include "runs.h"

static const struct lfs_opt jobs_opts[] = { { 0 } };

int jobs_print(struct lfs_ctx *ctx, const char *cmdname)
{
	struct lfs_store *s = NULL;
	struct run_record *v;
	char fs[LLAPI_FSNAME_BUF];
	size_t n;
	int rc = ctx_client(ctx, cmdname, NULL);

	if (rc > 1)
		return rc;
	if (!rc && !(s = ctx_store(ctx, false, cmdname)))
		return ctx->store_errno;
	if (!s)
		lustre_servers_fsname(ctx->llapi, NULL, fs);
	rc = s ? runs_list(s, &v, &n) : runs_list_client(fs, &v, &n);
	if (rc && s)
		return cmd_errorf(cmdname, rc, "%s/run: %s", store_path(s), strerror(-rc));
	if (rc)
		return cmd_errorf(cmdname, rc, "this host's run directory: %s", strerror(-rc));
	if (n)
		fprintf(ctx->out, "%-8s %-7s %-19s %-11s %-10s %-12s %s\n", "PID", "STATE",
			"STARTED", "FILES", "BYTES", "RATE", "CURRENT");
	for (size_t i = 0; i < n; i++) {
		const struct run_record *r = &v[i];
		time_t t = (time_t)r->started;
		char started[32] = "?", files[48], bytes[32], rate[32];
		struct tm tm;

		if (localtime_r(&t, &tm))
			strftime(started, sizeof(started), "%Y-%m-%d %H:%M:%S", &tm);
		snprintf(files, sizeof(files), r->files_total ? "%llu/%llu" : "%llu/?",
			 (unsigned long long)r->files_done,
			 (unsigned long long)r->files_total);
		cmd_human((double)r->bytes, bytes, sizeof(bytes));
		cmd_human(r->rate, rate, sizeof(rate));
		strcat(rate, "/s");
		fprintf(ctx->out, "%-8d %-7s %-19s %-11s %-10s %-12s ", (int)r->pid,
			r->dead ? "dead" : "running", started, files, bytes, rate);
		if (r->current[0])
			quote_name(ctx->out, r->current);
		else
			fputc('-', ctx->out);
		fputc('\n', ctx->out);
	}
	free(v);
	return 0;
}

static int cmd_jobs(struct lfs_ctx *ctx, int argc, char **argv)
{
	(void)argv;
	if (argc > 1)
		return CMD_HELP;
	return jobs_print(ctx, "jobs");
}

const struct lfs_cmd cmd_jobs_def = {
	.name = "jobs",
	.run = cmd_jobs,
	.opts = jobs_opts,
	.summary = "list the migrations running in the store (also migrate --status)",
	.usage = "\n"
		 "One line per run: its process, state (running, or dead until\n"
		 "recovery removes it), start, files done of total, bytes, rate\n"
		 "and the file in flight, from what each run records in run/.\n",
	.help = "On a Lustre client mount (the working directory on it, no store selected)\n"
		"the runs of lfs migrate on that filesystem started on this host by this user,\n"
		"recorded in $XDG_RUNTIME_DIR/lfs-runs (else /tmp/lfs-runs-UID): not other\n"
		"nodes' or users' runs. A dead one is shown once, then its record removed.\n",
};
