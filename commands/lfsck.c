/* lfsck.c - lfs lfsck [--orphans [--delete]] [--dry-run]: check and repair the store. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "lustre_servers.h"
#include "quote.h"
#include "recover.h"

enum { OPT_ORPHANS = 256, OPT_DRY_RUN, OPT_DELETE };

static const struct lfs_opt lfsck_opts[] = {
	{ "orphans", OPT_ORPHANS, no_argument, DOM_NONE, "also move objects no layout references to /.lustre/lost+found, rebuild layouts that do not decode (root or the store's owner)" },
	{ "delete", OPT_DELETE, no_argument, DOM_NONE, "with --orphans: destroy them instead" },
	{ "dry-run", OPT_DRY_RUN, no_argument, DOM_NONE, "report, change nothing" },
	{ 0 },
};

/* arg: the command's output stream. */
static void note(void *arg, const char *fmt, ...)
{
	FILE *out = arg;
	va_list ap;

	fprintf(out, "lfsck: ");
	va_start(ap, fmt);
	/* A note may name a file: escaped on a terminal (quote.h). */
	if (isatty(fileno(out)))
		quote_vline(out, fmt, ap);
	else {
		vfprintf(out, fmt, ap);
		fputc('\n', out);
	}
	va_end(ap);
}

static int cmd_lfsck(struct lfs_ctx *ctx, int argc, char **argv)
{
	struct lfsck_report r;
	struct lfs_error e = { 0, "" };
	bool orphans = false, dry = false, delete = false;
	struct cmd_getopt go;
	struct lfs_store *s;
	struct lfs_recovery_counts rec;
	char fs[LLAPI_FSNAME_BUF];
	int c, rc = 0;

	if (cmd_getopt_begin(&go, lfsck_opts))
		return ENOMEM;
	while ((c = cmd_getopt(&go, argc, argv)) != -1) {
		if (c == OPT_ORPHANS)
			orphans = true;
		else if (c == OPT_DRY_RUN)
			dry = true;
		else if (c == OPT_DELETE)
			delete = true;
		else
			rc = CMD_HELP;
	}
	cmd_getopt_end(&go);
	if (rc || optind != argc)
		return CMD_HELP;
	if (delete && !orphans) {
		cmd_errorf("lfsck", EINVAL, "--delete needs --orphans");
		return CMD_HELP;
	}
	rc = ctx_server_side(ctx, "lfsck", NULL, fs);
	if (rc == 1)
		return cmd_error("lfsck", NULL, lustre_servers_lfsck(fs, &e), &e);
	if (rc)
		return rc;
	s = ctx_store(ctx, true, "lfsck");
	if (!s)
		return ctx->store_errno;
	store_recovery_counts(s, &rec);
	if (rec.forward + rec.back + rec.pending + rec.unfinished)
		fprintf(ctx->out, "lfsck: recovery when the store was opened: %u swap(s) rolled forward, %u rolled back, %u leftover inode(s) destroyed, %u entry(ies) left unfinished\n",
			rec.forward, rec.back, rec.pending, rec.unfinished);
	memset(&r, 0, sizeof(r));
	r.note = note;
	r.note_arg = ctx->out;
	r.delete_orphans = delete;
	r.cancel = ctx->cancel;
	rc = lfsck_run(s, orphans, dry, &r, &e);
	if (rc)
		return cmd_error("lfsck", NULL, rc, &e);
	fprintf(ctx->out, "lfsck: %u swap(s) rolled forward, %u rolled back, %u leftover inode(s) destroyed, %u size(s) fixed",
			  r.journal_forward, r.journal_back, r.pending_destroyed, r.sizes_fixed);
	if (orphans)
		fprintf(ctx->out, ", %u orphan object(s) %s, %u kept, %u layout(s) rebuilt", r.orphans,
				  dry ? "found" : delete ? "removed" : "moved to /.lustre/lost+found",
				  r.orphans_kept, r.layouts_rebuilt);
	fprintf(ctx->out, ", %u file(s) not checked, %u damaged%s\n", r.unchecked, r.damaged,
			  dry ? " (dry run: nothing changed)" : "");
	if (r.unfinished)
		return cmd_errorf("lfsck", EUCLEAN, "%u entry(ies) could not be finished (see above)",
				  r.unfinished);
	return 0;
}

const struct lfs_cmd cmd_lfsck_def = {
	.name = "lfsck",
	.run = cmd_lfsck,
	.opts = lfsck_opts,
	.summary = "finish or undo interrupted operations, check files, fix sizes, rebuild the OST index, find orphans",
	.usage = "",
	.flags = CMD_WRITES | CMD_CANCELS,
};
