/* import.c - lfs import [--no-preserve] [LAYOUT OPTIONS] HOSTPATH FSPATH:
 * copy a host file or tree into the store, holes kept, mode and times
 * kept (as cp -a). A failed or killed file leaves nothing: it gets its
 * name only once complete. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "common.h"
#include "quote.h"
#include "transfer.h"

enum { OPT_NO_PRESERVE = 256 };

static const struct lfs_opt import_opts[] = {
	{ "no-preserve", OPT_NO_PRESERVE, no_argument, DOM_NONE, "keep neither the host's mode nor its times" },
	LAYOUT_OPTS,
	{ 0 },
};

/* Each entry named as the user wrote the target (arg), then /SUB. */
static void report(void *arg, enum transfer_event ev, const char *sub, int rc,
		   const struct lfs_error *e)
{
	const char *fspath = arg;
	char *path = NULL;

	if (ev == TRANSFER_IMPORTED)
		return;
	if (*sub && asprintf(&path, "%s/%s", fspath, sub) < 0)
		path = NULL;
	if (ev == TRANSFER_SKIPPED)
		quote_line(stderr, "lfs import: %s: skipped, not a regular file or directory",
			   path ? path : fspath);
	else
		cmd_error("import", path ? path : fspath, rc, e);
	free(path);
}

static int cmd_import(struct lfs_ctx *ctx, int argc, char **argv)
{
	struct lfs_layout_builder b;
	struct lfs_error e = { 0, "" };
	struct lfs_layout *layout = NULL;
	struct lfs_store *s = NULL;
	struct cmd_getopt go;
	char rel[PATH_MAX];
	unsigned flags = 0;
	int c, rc = 0, fd = -1;

	layout_builder_init(&b);
	if (cmd_getopt_begin(&go, import_opts))
		return ENOMEM;
	while (!rc && (c = cmd_getopt(&go, argc, argv)) != -1) {
		if (is_layout_opt(c)) {
			rc = layout_builder_option(&b, c, optarg, &e);
			if (rc)
				rc = layout_option_error("import", c, rc, &e);
		} else if (c == OPT_NO_PRESERVE) {
			flags |= TRANSFER_NO_PRESERVE;
		} else {
			rc = CMD_HELP;
		}
	}
	cmd_getopt_end(&go);
	if (!rc && optind != argc - 2)
		rc = CMD_HELP;
	if (!rc && !(s = ctx_store(ctx, true, "import")))
		rc = ctx->store_errno;
	if (!rc && (rc = layout_builder_finish(&b, store_conf(s)->ost_count, &layout, &e)))
		rc = cmd_error("import", NULL, rc, &e);
	layout_builder_free(&b);
	if (!rc)
		rc = ctx_resolve(ctx, "import", argv[optind + 1], rel, sizeof(rel));
	if (!rc && (fd = open(argv[optind], O_RDONLY | O_CLOEXEC)) < 0)
		rc = cmd_error("import", argv[optind], -errno, NULL);
	if (!rc) {
		rc = -transfer_import(s, fd, argv[optind], rel, layout, flags,
				      ctx->cancel, report, argv[optind + 1]);
		close(fd);
	}
	layout_free(layout);
	return rc;
}

const struct lfs_cmd cmd_import_def = {
	.name = "import",
	.run = cmd_import,
	.opts = import_opts,
	.summary = "copy a host file or tree into the store (holes, mode and times kept; each file whole or not at all)",
	.usage = "HOSTPATH FSPATH",
	.args = DOM_HOSTPATH,
	.flags = CMD_WRITES | CMD_CANCELS,
};
