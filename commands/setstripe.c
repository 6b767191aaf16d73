/* setstripe.c - lfs setstripe: create files with a layout, set or delete
 * directory defaults, add or delete PFL components. */
#include <errno.h>
#include <string.h>

#include "common.h"
#include "lustre_stripe.h"
#include "quote.h"
#include "size.h"
#include "stripe.h"

enum { OPT_COMP_ADD = 256, OPT_COMP_DEL, OPT_COPY };

static const struct lfs_opt setstripe_opts[] = {
	LAYOUT_OPTS,
	{ "delete", 'd', no_argument, DOM_NONE, "delete a directory's default layout" },
	{ "component-add", OPT_COMP_ADD, no_argument, DOM_NONE, "add components to a PFL file" },
	{ "component-del", OPT_COMP_DEL, no_argument, DOM_NONE, "delete an uninstantiated component (-I)" },
	{ "comp-id", 'I', required_argument, DOM_NUMBER, "component id (with --component-del)", "COMP_ID" },
	{ "verbose", 'v', no_argument, DOM_NONE, "say when the stripe count was capped" },
	{ "copy", OPT_COPY, required_argument, DOM_PATH, "take FILE's layout (its OSTs left to the allocator)", "FILE" },
	{ "yaml", 'y', required_argument, DOM_HOSTPATH, "take the layout from getstripe -y output in FILE", "FILE" },
	{ 0 },
};

struct ss_args {
	struct stripe_req req;
	bool verbose;
};

static int setstripe_one(struct lfs_ctx *ctx, struct lfs_store *s,
			 const char *path, const struct ss_args *a)
{
	struct lfs_error e = { 0, "" };
	struct stripe_result res;
	char rel[PATH_MAX];
	int rc;

	if (!s) {
		/* A Lustre mount (cmd_setstripe). */
		rc = lustre_stripe_set(ctx->llapi, path, &a->req, &res, &e);
	} else {
		if ((rc = ctx_resolve(ctx, "setstripe", path, rel, sizeof(rel))))
			return rc;
		rc = stripe_set(s, rel, &a->req, &res, &e);
	}
	if (rc && res.dir && a->req.op == STRIPE_SET && !a->req.layout)
		return CMD_HELP;
	if (rc)
		return cmd_error("setstripe", path, rc, &e);
	if (a->verbose && a->req.layout && res.capped_from)
		quote_line(stderr, "lfs setstripe: %s: stripe count %d capped to %u usable OSTs",
			   path, res.capped_from, res.capped_to);
	return 0;
}

/* Longer than LOV_MAXPOOLNAME once "FSNAME." is stripped: the one check
 * liblustreapi makes of a pool name (llapi_pool_name_is_valid). */
static bool pool_too_long(const char *name)
{
	const char *dot = strchr(name, '.');

	return strlen(dot ? dot + 1 : name) > LFS_POOL_NAME_MAX;
}

/* A plain layout reaches llapi_file_open_param(), whose
 * llapi_stripe_param_verify() says "Invalid Poolname '%s'" through
 * llapi_error(), prefixed "lfs setstripe: " and followed by ": Invalid
 * argument (22)" (2.15.3 liblustreapi.c 474-480, 125-157); lfs exits 22.
 * A PFL layout fails elsewhere (comp_args_to_layout): ours then. */
static int long_pool_error(const char *name, bool composite, struct lfs_error *e)
{
	const char *dot = strchr(name, '.');

	if (composite)
		return cmd_error("setstripe", NULL, -EINVAL, e);
	quote_line(stderr, "lfs setstripe: Invalid Poolname '%s': %s (%d)",
		   dot ? dot + 1 : name, strerror(EINVAL), EINVAL);
	return EINVAL;
}

static int cmd_setstripe(struct lfs_ctx *ctx, int argc, char **argv)
{
	struct lfs_layout_builder b;
	struct lfs_error e = { 0, "" };
	struct ss_args a = { .req = { .mode = 0644 } };
	struct lfs_layout *layout = NULL;
	struct cmd_getopt go;
	struct lfs_store *s;
	const char *yaml_from = NULL, *copy_from = NULL, *long_pool = NULL;
	bool del = false, comp_add = false, comp_del = false;
	int c, rc = 0, status = 0, client;

	layout_builder_init(&b);
	if (cmd_getopt_begin(&go, setstripe_opts))
		return ENOMEM;
	while (!rc && (c = cmd_getopt(&go, argc, argv)) != -1) {
		if (is_layout_opt(c)) {
			rc = layout_builder_option(&b, c, optarg, &e);
			if (rc && c == 'p' && pool_too_long(optarg)) {
				long_pool = optarg;     /* said after the options */
				rc = 0;
			} else if (rc)
				rc = setstripe_option_error("setstripe", c, rc, &e);
			continue;
		}
		switch (c) {
		case 'd': del = true; break;
		case 'v': a.verbose = true; break;
		case OPT_COMP_ADD: comp_add = true; break;
		case OPT_COMP_DEL: comp_del = true; break;
		case 'y': yaml_from = optarg; break;
		case OPT_COPY: copy_from = optarg; break;
		case 'I': {
			long long id;

			/* LCME_ID_MAX 0x7FFFFFFF (lustre_user.h); lfs.c 3771-3777. */
			if (number_parse(optarg, 1, 0x7FFFFFFF, &id))
				rc = setstripe_usage_error("setstripe",
							   "invalid component ID '%s'", optarg);
			a.req.comp_id = (uint32_t)id;
			break;
		}
		default: rc = CMD_HELP;
		}
	}
	cmd_getopt_end(&go);
	if (!rc && optind >= argc)
		rc = CMD_HELP;
	if (!rc && comp_del && !a.req.comp_id)
		rc = cmd_errorf("setstripe", EINVAL, "--component-del needs -I ID");
	if (!rc && del && (b.any_option || yaml_from || copy_from || comp_add || comp_del))
		rc = cmd_errorf("setstripe", EINVAL,
				"--delete cannot be combined with layout options");
	/* The YAML (or FILE's layout) is the whole layout: options beside it
	 * would be ignored or half applied, so say so instead. */
	if (!rc && (yaml_from || copy_from)) {
		const char *opt = yaml_from ? "--yaml" : "--copy";
		const char *clash = yaml_from && copy_from ? "--copy" :
			b.any_option ? "other layout options" :
			comp_add || comp_del ? "--component-add or --component-del" : NULL;

		if (clash) {
			fprintf(stderr, "error: lfs setstripe: %s cannot be combined with %s\n",
				opt, clash);
			rc = CMD_HELP;
		}
	}
	/* After lfs_setstripe_internal's option checks, when the layout is set. */
	if (!rc && long_pool)
		rc = long_pool_error(long_pool, b.composite, &e);
	/* Parsed before the store is opened: a bad file changes nothing. */
	if (!rc && yaml_from)
		rc = layout_of_yaml_file("setstripe", yaml_from, &layout);
	if (rc) {
		layout_builder_free(&b);
		return rc;
	}
	/* A run is on the store or on a Lustre mount, as its first path is. */
	client = ctx_client(ctx, "setstripe", argv[optind]);
	s = client ? NULL : ctx_store(ctx, true, "setstripe");
	if (client > 1 || (!client && !s)) {
		layout_builder_free(&b);
		layout_free(layout);
		return client > 1 ? client : ctx->store_errno;
	}
	if (copy_from)
		rc = layout_of_copy_file(ctx, s, "setstripe", copy_from, &layout);
	else if (!yaml_from && (rc = layout_builder_finish(&b, s ? store_conf(s)->ost_count : 0,
							   &layout, &e)))
		rc = cmd_error("setstripe", NULL, rc, &e);
	layout_builder_free(&b);
	if (rc)
		return rc;
	a.req.layout = layout;
	a.req.op = del ? STRIPE_DELETE : comp_add ? STRIPE_COMP_ADD :
		   comp_del ? STRIPE_COMP_DEL : STRIPE_SET;
	for (int i = optind; i < argc; i++) {
		rc = setstripe_one(ctx, s, argv[i], &a);
		if (rc == CMD_HELP) {
			status = CMD_HELP;
			break;
		}
		if (rc && !status)
			status = rc;
	}
	layout_free(layout);
	return status;
}

const struct lfs_cmd cmd_setstripe_def = {
	.name = "setstripe",
	.run = cmd_setstripe,
	.opts = setstripe_opts,
	.summary = "create a file with a layout, or set a directory's default layout",
	.usage = "FILENAME|DIRNAME ...\n"
		 "       setstripe --yaml FILE FILENAME|DIRNAME ...  layout from getstripe -y output\n"
		 "       setstripe --copy FILE FILENAME|DIRNAME ...  FILE's layout\n"
		 "       setstripe -d DIRNAME ...          delete a directory default\n"
		 "       setstripe --component-add -E END [OPTIONS] FILENAME\n"
		 "       setstripe --component-del -I COMP_ID FILENAME\n",
	.args = DOM_PATH,
	.help = "On a Lustre client mount (no store selected) a PATH (and --copy's FILE) is\n"
		"a host path, set through liblustreapi with the same rules and messages\n"
		"(docs/lustre.md); -d there deletes the mount root's default too.\n",
};
