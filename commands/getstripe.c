/* getstripe.c - lfs getstripe: show layouts of files and directories. */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "common.h"
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
	{ "directory", 'd', no_argument, DOM_NONE, "directories themselves, not their entries" },
	{ "recursive", 'r', no_argument, DOM_NONE, "recurse into directories" },
	{ "verbose", 'v', no_argument, DOM_NONE, "also lmm_magic, lmm_seq, lmm_object_id, lmm_fid" },
	{ "yaml", 'y', no_argument, DOM_NONE, "YAML output" },
	{ "component-id", 'I', required_argument, DOM_NUMBER, "only component ID", "ID" },
	{ "component-count", OPT_COMP_COUNT, no_argument, DOM_NONE, "print the number of components" },
	{ "ost", 'O', required_argument, DOM_OST, "only objects on OST (index or UUID)", "OST" },
	{ "component-end", 'E', optional_argument, DOM_SIZE, "print component ends, or only components ending at [+-]END", "[+-]END" },
	{ "component-start", OPT_COMP_START, optional_argument, DOM_SIZE, "print component starts, or only components starting at [+-]START", "[+-]START" },
	{ "obd", OPT_OST, required_argument, DOM_OST, NULL },   /* Lustre's old name for --ost */
	{ 0 },
};

struct gs {
	FILE *out;
	struct getstripe_fmt fmt;
	unsigned fields;   /* bits of FIELD_* requested */
	bool dir_only, comp_count;
	int status;
};

enum { F_COUNT = 1, F_SIZE = 2, F_INDEX = 4, F_POOL = 8, F_LAYOUT = 16, F_GEN = 32,
       F_COMP_END = 64, F_COMP_START = 128 };

static void print_extent(FILE *f, uint64_t v, bool named, const char *name)
{
	if (named)
		fprintf(f, "%s", name);
	if (v == LFS_EOF)
		fprintf(f, "EOF\n");
	else
		fprintf(f, "%" PRIu64 "\n", v);
}

static int popcount(unsigned v)
{
	int n = 0;

	for (; v; v &= v - 1)
		n++;
	return n;
}

/* -c -S -i -p -L -g: bare values for one field, named lines for several. */
static void print_fields(struct gs *g, const struct lfs_layout *l, bool dir)
{
	const struct lfs_component *c = dir ? &l->comps[0] : layout_last_init(l);
	bool named = popcount(g->fields) > 1;
	FILE *f = g->out;

	if (!c)
		c = &l->comps[0];
	if (g->fields & F_COUNT)
		fprintf(f, named ? "lmm_stripe_count:  %d\n" : "%d\n",
			(c->flags & LFS_COMP_INIT) ? (int)c->nr_objects : c->stripe_count);
	if (g->fields & F_SIZE)
		fprintf(f, named ? "lmm_stripe_size:   %" PRIu64 "\n" : "%" PRIu64 "\n",
			c->stripe_size);
	if (g->fields & F_INDEX)
		fprintf(f, named ? "lmm_stripe_offset: %d\n" : "%d\n",
			(c->flags & LFS_COMP_INIT) && c->nr_objects ?
			(int)c->objects[0].ost : c->stripe_offset);
	if (g->fields & F_POOL)
		fprintf(f, named ? "lmm_pool:          %s\n" : "%s\n", c->pool);
	if (g->fields & F_LAYOUT)
		fprintf(f, named ? "lmm_pattern:       %s\n" : "%s\n",
			pattern_name(c->pattern));
	if (g->fields & F_GEN)
		fprintf(f, named ? "lmm_layout_gen:    %u\n" : "%u\n", l->gen);
	/* Extents of every selected component of a composite file. */
	for (uint32_t i = 0; l->composite && !dir && i < l->nr_comps; i++) {
		if (!stripe_comp_selected(&l->comps[i], &g->fmt.sel))
			continue;
		if (g->fields & F_COMP_START)
			print_extent(f, l->comps[i].start, named, "lcme_extent.e_start: ");
		if (g->fields & F_COMP_END)
			print_extent(f, l->comps[i].end, named, "lcme_extent.e_end:   ");
	}
}

static void show_file(struct gs *g, const struct stripe_entry *ent)
{
	const struct lfs_layout *l = ent->layout;

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
	if (g->comp_count) {
		fprintf(g->out, "%u\n", l->composite ? l->nr_comps : 0);
	} else if (g->fields) {
		print_fields(g, l, false);
	} else {
		g->fmt.fid_oid = ent->ino;
		print_file_layout(g->out, ent->path, l, &g->fmt);
	}
	/* Shown, for the admin to see, and reported as the damage it is. */
	if (ent->damage) {
		fflush(g->out);
		cmd_error("getstripe", ent->path, ent->damage, &ent->damage_e);
		status_keep(&g->status, ent->damage);
	}
}

static void show_dir(struct gs *g, const struct stripe_entry *ent)
{
	if (ent->rc) {
		status_keep(&g->status, ent->rc);
		cmd_error("getstripe", ent->path, ent->rc, NULL);
		return;
	}
	if (g->fmt.only_ost >= 0)
		return;
	if (g->fields && (g->dir_only || ent->depth == 0))
		print_fields(g, ent->layout, true);
	else if (!g->fields && !g->comp_count && g->fmt.yaml)
		/* YAML that setstripe --yaml reads back. */
		print_file_layout(g->out, ent->path, ent->layout, &g->fmt);
	else if (!g->fields && !g->comp_count) {
		/* Lustre prints the path only when it lists entries too (-d
		 * sets its max depth to 0). */
		if (!g->dir_only) {
			quote_name(g->out, ent->path);
			fputc('\n', g->out);
		}
		print_dir_default(g->out, ent->layout);
	}
}

static int show(void *arg, struct stripe_entry *ent)
{
	if (ent->dir)
		show_dir(arg, ent);
	else
		show_file(arg, ent);
	return 0;
}

static int cmd_getstripe(struct lfs_ctx *ctx, int argc, char **argv)
{
	struct gs g = { .out = ctx->out, .fmt = { .only_ost = -1 } };
	struct cmd_getopt go;
	struct lfs_store *s;
	const char *ost_arg = NULL;
	bool recursive = false;
	int c, rc = 0;

	if (cmd_getopt_begin(&go, getstripe_opts))
		return ENOMEM;
	while ((c = cmd_getopt(&go, argc, argv)) != -1) {
		switch (c) {
		case 'c': g.fields |= F_COUNT; break;
		case 'S': g.fields |= F_SIZE; break;
		case 'i': g.fields |= F_INDEX; break;
		case 'p': g.fields |= F_POOL; break;
		case 'L': g.fields |= F_LAYOUT; break;
		case 'g': g.fields |= F_GEN; break;
		case 'd': g.dir_only = true; break;
		case 'r': recursive = true; break;
		case 'v': g.fmt.verbose = true; break;
		case 'y': g.fmt.yaml = true; break;
		case OPT_COMP_COUNT: g.comp_count = true; break;
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
				g.fields |= end ? F_COMP_END : F_COMP_START;
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
	if (rc || optind >= argc)
		return CMD_HELP;
	s = ctx_store(ctx, false, "getstripe");
	if (!s)
		return ctx->store_errno;
	g.fmt.fsname = store_conf(s)->fsname;
	if (ost_arg) {
		uint32_t ost;

		if (store_parse_ost_name(store_conf(s), ost_arg, &ost))
			return cmd_errorf("getstripe", EINVAL, "%s: unknown obduuid",
					  ost_arg);
		g.fmt.only_ost = (int)ost;
	}
	for (int i = optind; i < argc; i++) {
		char rel[PATH_MAX];

		if ((rc = ctx_resolve(ctx, "getstripe", argv[i], rel, sizeof(rel)))) {
			status_keep(&g.status, rc);
			continue;
		}
		rc = stripe_walk(s, rel, argv[i], g.dir_only ? 0 : recursive ? -1 : 1,
				 show, &g);
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
};
