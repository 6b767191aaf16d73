/* mkdir.c - lfs mkdir [-p] [-o MODE] [-i 0] DIR... (ns_mkdir: a directory takes a
 * copy of its parent's default layout). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "ns_ops.h"
#include "quote.h"

static const struct lfs_opt mkdir_opts[] = {
	{ "parents", 'p', no_argument, DOM_NONE, "make parents as needed, no error if existing" },
	{ "mode", 'o', required_argument, DOM_NUMBER, "octal mode (not masked by the umask)", "MODE" },
	{ "mdt-index", 'i', required_argument, DOM_NUMBER, "MDT of the directory (0: the store has one MDT)", "MDT_INDEX" },
	{ NULL, 'm', required_argument, DOM_NUMBER, NULL },   /* Lustre's deprecated -m MODE */
	{ 0 },
};

struct mkdir_args {
	int mode;
	bool parents;
};

static int mkdir_operand(struct lfs_ctx *ctx, const char *path, const char *rel,
			 struct lfs_error *e, void *arg)
{
	const struct mkdir_args *a = arg;

	(void)path;
	return ns_mkdir(ctx->store, rel, a->mode, a->parents, e);
}

static int cmd_mkdir(struct lfs_ctx *ctx, int argc, char **argv)
{
	struct mkdir_args a = { -1, false };
	struct cmd_getopt go;
	const char *mode_opt = NULL;
	int c, rc = 0;

	if (cmd_getopt_begin(&go, mkdir_opts))
		return ENOMEM;
	while (!rc && (c = cmd_getopt(&go, argc, argv)) != -1) {
		if (c == 'p') {
			a.parents = true;
		} else if (c == 'i') {
			if (strcmp(optarg, "0"))
				rc = cmd_errorf("mkdir", EINVAL, "invalid MDT index '%s': the filesystem has MDT 0 only",
						optarg);
		} else if (c == 'o' || c == 'm') {
			/* lfs_setdirstripe (2.15.3 lfs.c 6790-6793): below
			 * 2.15.53, -m warns, then is --mode. */
			if (c == 'm')
				fprintf(stderr, "warning: '-m' is deprecated, use '--mode' or '-o' instead\n");
			mode_opt = optarg;
		} else {
			rc = CMD_HELP;
		}
	}
	cmd_getopt_end(&go);
	/* Checked after the options, as lfs_setdirstripe does (lfs.c
	 * 6903-6909: "%s %s: bad MODE '%s'", CMD_HELP); we also refuse an
	 * empty MODE and one above 07777, which Lustre passes on. */
	if (!rc && mode_opt) {
		char *end;
		long mode = strtol(mode_opt, &end, 8);

		if (!*mode_opt || *end || mode < 0 || mode > 07777) {
			quote_line(stderr, "lfs mkdir: bad MODE '%s'", mode_opt);
			rc = CMD_HELP;
		}
		a.mode = (int)mode;
	}
	if (!rc && optind >= argc)
		rc = CMD_HELP;
	if (rc)
		return rc;
	if (!ctx_store(ctx, true, "mkdir"))
		return ctx->store_errno;
	return cmd_each_operand(ctx, "mkdir", argc - optind, argv + optind,
				mkdir_operand, &a);
}

const struct lfs_cmd cmd_mkdir_def = {
	.name = "mkdir",
	.run = cmd_mkdir,
	.opts = mkdir_opts,
	.summary = "make directories (copying the parent's default layout)",
	.usage = "DIR...",
	.args = DOM_PATH,
	.flags = CMD_WRITES,
};
