/* getstripe.c - lfs getstripe: show layouts of files and directories. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"
#include "quote.h"
#include "dirlist.h"
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
	{ "component-id", 'I', required_argument, DOM_NUMBER, "only component ID" },
	{ "component-count", OPT_COMP_COUNT, no_argument, DOM_NONE, "print the number of components" },
	{ "component-end", 'E', optional_argument, DOM_SIZE, "print component ends, or only components ending at [+-]END" },
	{ "component-start", OPT_COMP_START, optional_argument, DOM_SIZE, "print component starts, or only components starting at [+-]START" },
	{ "ost", OPT_OST, required_argument, DOM_OST, "only objects on OST (index or UUID)" },
	{ "obd", 'O', required_argument, DOM_OST, "same as --ost" },
	{ 0 },
};

struct gs {
	struct lfs_store *s;
	struct getstripe_fmt fmt;
	unsigned fields;   /* bits of FIELD_* requested */
	bool dir_only, recursive, comp_count;
	int status;
};

enum { F_COUNT = 1, F_SIZE = 2, F_INDEX = 4, F_POOL = 8, F_LAYOUT = 16, F_GEN = 32,
       F_COMP_END = 64, F_COMP_START = 128 };

/* "[+-]N" with a size unit, or "EOF"/"-1" for the end of file. */
static int parse_extent_filter(const char *arg, char *op, uint64_t *val)
{
	*op = '=';
	if (*arg == '=')     /* -E=END: getopt keeps the '=' of a short option */
		arg++;
	if (*arg == '+' || (*arg == '-' && strcmp(arg, "-1")))
		*op = *arg++;
	if (!strcmp(arg, "EOF") || !strcmp(arg, "eof") || !strcmp(arg, "-1")) {
		*val = LFS_EOF;
		return 0;
	}
	return size_parse(arg, val);
}

static void print_extent(uint64_t v, bool named, const char *name)
{
	if (named)
		printf("%s", name);
	if (v == LFS_EOF)
		printf("EOF\n");
	else
		printf("%" PRIu64 "\n", v);
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

	if (!c)
		c = &l->comps[0];
	if (g->fields & F_COUNT)
		printf(named ? "lmm_stripe_count:  %d\n" : "%d\n",
		       (c->flags & LFS_COMP_INIT) ? (int)c->nr_objects : c->stripe_count);
	if (g->fields & F_SIZE)
		printf(named ? "lmm_stripe_size:   %" PRIu64 "\n" : "%" PRIu64 "\n",
		       c->stripe_size);
	if (g->fields & F_INDEX)
		printf(named ? "lmm_stripe_offset: %d\n" : "%d\n",
		       (c->flags & LFS_COMP_INIT) && c->nr_objects ?
		       (int)c->objects[0].ost : c->stripe_offset);
	if (g->fields & F_POOL)
		printf(named ? "lmm_pool:          %s\n" : "%s\n", c->pool);
	if (g->fields & F_LAYOUT)
		printf(named ? "lmm_pattern:       %s\n" : "%s\n",
		       pattern_name(c->pattern));
	if (g->fields & F_GEN)
		printf(named ? "lmm_layout_gen:    %u\n" : "%u\n", l->gen);
	/* Extents of every selected component of a composite file. */
	for (uint32_t i = 0; l->composite && !dir && i < l->nr_comps; i++) {
		if (!comp_selected(&l->comps[i], &g->fmt))
			continue;
		if (g->fields & F_COMP_START)
			print_extent(l->comps[i].start, named, "lcme_extent.e_start: ");
		if (g->fields & F_COMP_END)
			print_extent(l->comps[i].end, named, "lcme_extent.e_end:   ");
	}
}

static void show_file(struct gs *g, const char *path, int fd)
{
	struct lfs_error e = { 0, "" };
	struct lfs_layout *l = NULL;
	struct stat st;
	int rc = layout_xattr_get(g->s, fd, &l);

	if (rc == -ENODATA) {
		quote_name(stdout, path);
		printf(" has no stripe info\n");
		return;
	}
	if (rc) {
		if (!g->status)
			g->status = -rc;
		if (rc == -EINVAL)
			cmd_errorf("getstripe", EINVAL, "%s: layout is corrupt: %s",
				   path, strerror(EINVAL));
		else
			cmd_error("getstripe", path, rc, NULL);
		return;
	}
	if (g->comp_count) {
		printf("%u\n", l->composite ? l->nr_comps : 0);
	} else if (g->fields) {
		print_fields(g, l, false);
	} else {
		fstat(fd, &st);
		g->fmt.fid_oid = st.st_ino;
		print_file_layout(stdout, path, l, &g->fmt);
	}
	/* Shown, for the admin to see, and reported as the damage it is. */
	if ((rc = inode_check_osts(g->s, l, &e))) {
		fflush(stdout);
		cmd_error("getstripe", path, rc, &e);
		if (!g->status)
			g->status = -rc;
	}
	layout_free(l);
}

static void show_path(struct gs *g, const char *path, int fd, int depth);

static void show_dir(struct gs *g, const char *path, int fd, int depth)
{
	struct lfs_layout *l = NULL;
	char **names;
	size_t n;
	int rc = inode_get_dir_default(g->s, fd, &l);

	if (!rc && !l)
		rc = store_root_default(g->s, &l);
	if (rc) {
		if (!g->status)
			g->status = -rc;
		cmd_error("getstripe", path, rc, NULL);
		return;
	}
	/* Unset fields show the filesystem default, as Lustre prints them
	 * (sattr_cache_get_defaults) unless asked for the raw values. */
	if (!l->composite && (!l->comps[0].stripe_count || !l->comps[0].stripe_size)) {
		struct lfs_layout *root = NULL;

		if (store_root_default(g->s, &root) == 0) {
			if (!l->comps[0].stripe_count)
				l->comps[0].stripe_count = root->comps[0].stripe_count;
			if (!l->comps[0].stripe_size)
				l->comps[0].stripe_size = root->comps[0].stripe_size;
		}
		layout_free(root);
	}
	if (g->fmt.only_ost < 0) {
		if (g->fields && (g->dir_only || depth == 0))
			print_fields(g, l, true);
		else if (!g->fields && !g->comp_count && g->fmt.yaml)
			/* YAML that setstripe --yaml reads back. */
			print_file_layout(stdout, path, l, &g->fmt);
		else if (!g->fields && !g->comp_count) {
			/* Lustre prints the path only when it lists entries
			 * too (-d sets its max depth to 0). */
			if (!g->dir_only) {
				quote_name(stdout, path);
				putchar('\n');
			}
			print_dir_default(stdout, l);
		}
	}
	layout_free(l);
	if (g->dir_only || (depth > 0 && !g->recursive))
		return;
	/* Entries in name order, so output is stable. */
	if (dir_list(fd, true, &names, &n))
		return;
	for (size_t i = 0; i < n; i++) {
		char *child;
		int cfd;

		if (asprintf(&child, "%s%s%s", path,
			     path[strlen(path) - 1] == '/' ? "" : "/", names[i]) < 0)
			child = NULL;
		cfd = child ? openat(fd, names[i],
				     O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC) : -1;
		if (cfd >= 0) {
			show_path(g, child, cfd, depth + 1);
			close(cfd);
		}
		free(child);
	}
	dir_list_free(names, n);
}

static void show_path(struct gs *g, const char *path, int fd, int depth)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return;
	if (S_ISDIR(st.st_mode))
		show_dir(g, path, fd, depth);
	else if (S_ISREG(st.st_mode))
		show_file(g, path, fd);
}

static int cmd_getstripe(struct lfs_ctx *ctx, int argc, char **argv)
{
	struct gs g = { .fmt = { .only_ost = -1 } };
	struct cmd_getopt go;
	const char *ost_arg = NULL;
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
		case 'r': g.recursive = true; break;
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
			g.fmt.only_comp = (uint32_t)id;
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
			if (parse_extent_filter(optarg, end ? &g.fmt.end_op : &g.fmt.start_op,
						end ? &g.fmt.end_val : &g.fmt.start_val)) {
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
	g.s = ctx_store(ctx, false, "getstripe");
	if (!g.s)
		return ctx->store_errno;
	g.fmt.fsname = g.s->conf->fsname;
	if (ost_arg) {
		uint32_t ost;

		if (store_parse_ost_name(g.s->conf, ost_arg, &ost))
			return cmd_errorf("getstripe", EINVAL, "%s: unknown obduuid",
					  ost_arg);
		g.fmt.only_ost = (int)ost;
	}
	for (int i = optind; i < argc; i++) {
		char rel[PATH_MAX];
		int fd;

		if ((rc = ctx_resolve(ctx, "getstripe", argv[i], rel, sizeof(rel)))) {
			g.status = g.status ? g.status : rc;
			continue;
		}
		fd = ns_open(g.s, rel, O_RDONLY | O_NONBLOCK, 0);
		if (fd < 0) {
			cmd_error("getstripe", argv[i], fd, NULL);
			g.status = g.status ? g.status : -fd;
			continue;
		}
		show_path(&g, argv[i], fd, 0);
		close(fd);
	}
	return g.status;
}

const struct lfs_cmd cmd_getstripe_def = {
	.name = "getstripe",
	.run = cmd_getstripe,
	.opts = getstripe_opts,
	.summary = "list the striping info of files and directories",
	.usage = "usage: getstripe [--stripe-count|-c] [--stripe-size|-S]\n"
		 "\t[--stripe-index|-i] [--pool|-p] [--layout|-L] [--generation|-g]\n"
		 "\t[--directory|-d] [--recursive|-r] [--verbose|-v] [--yaml|-y]\n"
		 "\t[--component-id|-I ID] [--component-count] [--ost|-O OST]\n"
		 "\t[--component-end|-E[=[+-]END]] [--component-start[=[+-]START]]\n"
		 "\tFILENAME|DIRECTORY ...\n",
	.args = DOM_PATH,
};
