/* getstripe.c - lfs getstripe: show layouts of files and directories. */
#include <errno.h>
#include <string.h>

#include "common.h"
#include "lustre_df.h"
#include "lustre_stripe.h"
#include "quote.h"
#include "size.h"

enum { OPT_COMP_COUNT = 256, OPT_OST, OPT_COMP_START };

static const struct lfs_opt getstripe_opts[] = {
	{ "stripe-count", 'c', no_argument, DOM_NONE, "print the stripe count" },
	{ "stripe-size", 'S', no_argument, DOM_NONE, "print the stripe size" },
	{ "stripe-index", 'i', no_argument, DOM_NONE, "print the first OST index" },
	{ "pool", 'p', no_argument, DOM_NONE, "print the pool" },
	{ "layout", 'L', no_argument, DOM_NONE, "print the layout pattern" },
	{ "generation", 'g', no_argument, DOM_NONE, "print the layout generation" },
	{ "fid", 'F', no_argument, DOM_NONE, "print the FID" },
	{ "mirror-count", 'N', no_argument, DOM_NONE, "print the number of mirrors (1)" },
	{ "mdt-index", 'm', no_argument, DOM_NONE, "print the MDT index (0: the store has one MDT)" },
	{ "quiet", 'q', no_argument, DOM_NONE, "only the path and the objects (obdidx, objid); with -m the index alone" },
	{ "directory", 'd', no_argument, DOM_NONE, "directories themselves, not their entries" },
	{ "recursive", 'r', no_argument, DOM_NONE, "recurse into directories" },
	{ "verbose", 'v', no_argument, DOM_NONE, "also lmm_magic, lmm_seq, lmm_object_id, lmm_fid" },
	{ "yaml", 'y', no_argument, DOM_NONE, "YAML output" },
	{ "raw", 'R', no_argument, DOM_NONE, "a directory's default as stored: unset fields 0, not the filesystem default's" },
	{ "component-id", 'I', required_argument, DOM_NUMBER, "only component ID", "ID" },
	{ "component-count", OPT_COMP_COUNT, no_argument, DOM_NONE, "print the number of components" },
	{ "ost", 'O', required_argument, DOM_OST, "only objects on OST (index or UUID)", "OST" },
	{ "component-end", 'E', optional_argument, DOM_SIZE, "print component ends, or only components ending at [+-]END", "[+-]END" },
	{ "component-start", OPT_COMP_START, optional_argument, DOM_SIZE, "print component starts, or only components starting at [+-]START", "[+-]START" },
	/* Lustre's other spellings, hidden */
	{ "obd", OPT_OST, required_argument, DOM_OST, NULL },
	{ "stripe_count", 'c', no_argument, DOM_NONE, NULL },
	{ "stripe_size", 'S', no_argument, DOM_NONE, NULL },
	{ "stripe_index", 'i', no_argument, DOM_NONE, NULL },
	{ "comp-count", OPT_COMP_COUNT, no_argument, DOM_NONE, NULL },
	{ "mdt", 'm', no_argument, DOM_NONE, NULL },
	{ "mdt_index", 'm', no_argument, DOM_NONE, NULL },
	{ 0 },
};

struct gs {
	FILE *out;
	struct getstripe_fmt fmt;
	bool mdt_index;   /* -m: cb_get_mdt_index() instead of the layout */
	bool quiet;
	int status;
};

static void show_file(struct gs *g, const struct stripe_entry *ent)
{
	if (ent->rc == -ENODATA) {
		quote_name(g->out, ent->path);
		fprintf(g->out, " has no stripe info\n");
		return;
	}
	if (ent->rc == -EINVAL)
		cmd_errorf("getstripe", EINVAL, "%s: layout is corrupt: %s",
			   ent->path, strerror(EINVAL));
	else if (ent->rc)
		cmd_error("getstripe", ent->path, ent->rc, NULL);
	status_keep(&g->status, ent->rc);
	if (ent->rc)
		return;
	print_layout(g->out, ent->path, ent->layout, false, &g->fmt);
	/* Shown, for the admin to see, and reported as the damage it is. */
	if (ent->damage) {
		fflush(g->out);
		cmd_error("getstripe", ent->path, ent->damage, &ent->damage_e);
		status_keep(&g->status, ent->damage);
	}
}

/* A directory's default; with -R as stored, and a directory without one
 * as liblustreapi fakes it then (count and size 0, offset -1). */
static void show_dir(struct gs *g, const struct stripe_entry *ent)
{
	struct lfs_component none = { .stripe_offset = -1, .pattern = LFS_PATTERN_RAID0 };
	struct lfs_layout unset = { .nr_comps = 1, .comps = &none };

	g->fmt.inherited = !ent->own;
	print_layout(g->out, ent->path, !g->fmt.raw ? ent->layout : ent->own ? ent->own : &unset,
		     true, &g->fmt);
}

static int show(void *arg, struct stripe_entry *ent)
{
	struct gs *g = arg;

	if (ent->fid_known) {
		g->fmt.fid_seq = ent->fid_seq;
		g->fmt.fid_oid = ent->fid_oid;
		g->fmt.fid_ver = ent->fid_ver;
		g->fmt.lmm_seq = ent->lmm_seq;
		g->fmt.lmm_oid = ent->lmm_oid;
	} else {
		g->fmt.fid_seq = g->fmt.lmm_seq = LFS_FID_SEQ;
		g->fmt.fid_oid = g->fmt.lmm_oid = ent->ino;
		g->fmt.fid_ver = 0;
	}
	g->fmt.groups = ent->groups;
	if (g->mdt_index && (ent->rc == 0 || ent->rc == -ENODATA)) {
		if (g->quiet || !(g->fmt.verbose & GS_DETAIL))
			fprintf(g->out, "0\n");
		else {
			quote_name(g->out, ent->path);
			fprintf(g->out, "\nmdt_index:\t0\n");
		}
	} else if (!ent->dir)
		show_file(g, ent);
	else if (ent->rc)
		status_keep(&g->status, cmd_error("getstripe", ent->path, ent->rc, NULL));
	else
		show_dir(g, ent);
	return 0;
}

/* A field option prints only that field and, as Lustre's
 * lfs_getstripe_internal() sets fp_max_depth = 0, does not descend; -v
 * overrides the field options. */
static void field(struct gs *g, unsigned bit, int *depth)
{
	if (!(g->fmt.verbose & GS_DETAIL)) {
		g->fmt.verbose |= bit;
		*depth = 0;
	}
}

/* The store, once a path needs it, and what --ost names there; NULL
 * with *rc the status when it cannot be had. */
static struct lfs_store *getstripe_store(struct lfs_ctx *ctx, struct gs *g,
					 const char *ost_arg, int *only_ost, int *rc)
{
	struct lfs_store *s = ctx_store(ctx, false, "getstripe");
	uint32_t ost;

	if (!s) {
		*rc = ctx->store_errno;
		return NULL;
	}
	g->fmt.ost_count = store_conf(s)->ost_count;
	if (ost_arg && store_parse_ost_name(store_conf(s), ost_arg, &ost)) {
		*rc = cmd_errorf("getstripe", EINVAL, "%s: unknown obduuid", ost_arg);
		return NULL;
	}
	*only_ost = ost_arg ? (int)ost : -1;
	return s;
}

static int cmd_getstripe(struct lfs_ctx *ctx, int argc, char **argv)
{
	struct gs g = { .out = ctx->out, .fmt = { .only_ost = -1 } };
	struct cmd_getopt go;
	struct lfs_store *s = NULL;
	const char *ost_arg = NULL;
	bool recursive = false;
	int c, rc = 0, depth = 1, store_ost = -1;

	if (cmd_getopt_begin(&go, getstripe_opts))
		return ENOMEM;
	while ((c = cmd_getopt(&go, argc, argv)) != -1) {
		switch (c) {
		case 'c': field(&g, GS_COUNT, &depth); break;
		case 'S': field(&g, GS_SIZE, &depth); break;
		case 'i': field(&g, GS_OFFSET, &depth); break;
		case 'p': field(&g, GS_POOL, &depth); break;
		case 'L': field(&g, GS_PATTERN, &depth); break;
		case 'g': field(&g, GS_GEN, &depth); break;
		case 'F': field(&g, GS_DFID, &depth); break;
		case 'N': field(&g, GS_MIRROR_COUNT, &depth); break;
		case 'm':
			g.mdt_index = true;
			if (!(g.fmt.verbose & GS_DETAIL))
				depth = 0;
			break;
		case 'q': g.quiet = true; break;
		case 'd': depth = 0; break;
		case 'r': recursive = true; break;
		case 'v': g.fmt.verbose = GS_DEFAULT | GS_DETAIL; break;
		case 'y': g.fmt.yaml = true; break;
		case 'R': g.fmt.raw = true; break;
		case OPT_COMP_COUNT:
			g.fmt.verbose |= GS_COMP_COUNT;
			depth = 0;
			break;
		case 'I': {
			long long id;

			if (number_parse(optarg, 1, UINT32_MAX, &id)) {
				cmd_getopt_end(&go);
				return cmd_errorf("getstripe", EINVAL,
						  "invalid component id '%s'", optarg);
			}
			g.fmt.sel.id = (uint32_t)id;
			break;
		}
		case 'O':
		case OPT_OST: ost_arg = optarg; break;
		case 'E':
		case OPT_COMP_START: {
			bool end = c == 'E';

			if (!optarg) {
				g.fmt.verbose |= end ? GS_COMP_END : GS_COMP_START;
				depth = 0;
				break;
			}
			if (stripe_extent_filter_parse(optarg,
					end ? &g.fmt.sel.end_op : &g.fmt.sel.start_op,
					end ? &g.fmt.sel.end_val : &g.fmt.sel.start_val)) {
				cmd_getopt_end(&go);
				return cmd_errorf("getstripe", EINVAL,
						  "invalid component %s '%s'",
						  end ? "end" : "start", optarg);
			}
			break;
		}
		default: rc = CMD_HELP;
		}
	}
	cmd_getopt_end(&go);
	/* lfs_getstripe_internal's words, without "lfs". */
	if (!rc && optind >= argc)
		fprintf(stderr, "error: getstripe: no filename|pathname\n");
	if (rc || optind >= argc)
		return CMD_HELP;
	if (recursive)
		depth = -1;
	else if (g.fmt.verbose & GS_DETAIL)
		depth = 1;
	if (!g.fmt.verbose)
		g.fmt.verbose = GS_DEFAULT;
	/* lfs_getstripe_internal: "if (param->fp_quiet) param->fp_verbose =
	 * VERBOSE_OBJID", over every field option and -v (2.15.3 lfs.c 6129;
	 * there it drops -m too, which we keep: the index alone). */
	if (g.quiet && !g.mdt_index)
		g.fmt.verbose = GS_OBJID;
	/* liblustreapi prints the path whenever the depth is not 0. */
	g.fmt.path = depth != 0;
	for (int i = optind; i < argc; i++) {
		char rel[PATH_MAX];
		int client = ctx_client(ctx, "getstripe", argv[i]);

		/* On a Lustre mount, through liblustreapi (docs/lustre.md). */
		if (client == 1 && ost_arg) {
			uint32_t ost;

			/* The OST named on this path's filesystem. */
			if (lustre_ost_index(ctx->llapi, argv[i], ost_arg, &ost))
				return cmd_errorf("getstripe", EINVAL, "%s: unknown obduuid",
						  ost_arg);
			g.fmt.only_ost = (int)ost;
		}
		if (client == 1)
			rc = lustre_stripe_walk(ctx->llapi, argv[i], depth, show, &g);
		if (client) {
			if (client == 1 && rc < 0)
				cmd_error("getstripe", argv[i], rc, NULL);
			status_keep(&g.status, client == 1 ? rc : client);
			continue;
		}
		if (!s && !(s = getstripe_store(ctx, &g, ost_arg, &store_ost, &rc)))
			return rc;
		g.fmt.only_ost = store_ost;
		if ((rc = ctx_resolve(ctx, "getstripe", argv[i], rel, sizeof(rel)))) {
			status_keep(&g.status, rc);
			continue;
		}
		rc = stripe_walk(s, rel, argv[i], depth, show, &g);
		if (rc) {
			cmd_error("getstripe", argv[i], rc, NULL);
			status_keep(&g.status, rc);
		}
	}
	return g.status;
}

const struct lfs_cmd cmd_getstripe_def = {
	.name = "getstripe",
	.run = cmd_getstripe,
	.opts = getstripe_opts,
	.summary = "list the striping info of files and directories",
	.usage = "FILENAME|DIRECTORY ...",
	.args = DOM_PATH,
	.help = "On a Lustre client mount (no store selected) a PATH is a host path read\n"
		"through liblustreapi: the layout, then its object ids, groups and\n"
		"generation from llapi_file_get_stripe, FIDs from llapi_fd2fid\n"
		"(docs/lustre.md).\n",
};
