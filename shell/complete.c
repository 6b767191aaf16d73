/* complete.c - the completion engine: names, options and values from the
 * command table, pools and OSTs from the store, paths from its namespace. */
#include "complete.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dirlist.h"
#include "inode.h"
#include "shell.h"

struct cands {
	char **v;
	int n, cap;
	int err;
};

static void add(struct cands *c, const char *prefix, const char *s,
		const char *suffix)
{
	size_t len;
	char *w;

	if (c->err)
		return;
	if (c->n + 2 > c->cap) {
		int cap = c->cap ? c->cap * 2 : 16;
		char **nv = realloc(c->v, (size_t)cap * sizeof(*nv));

		if (!nv) {
			c->err = -ENOMEM;
			return;
		}
		c->v = nv;
		c->cap = cap;
	}
	len = strlen(prefix) + strlen(s) + strlen(suffix) + 1;
	w = malloc(len);
	if (!w) {
		c->err = -ENOMEM;
		return;
	}
	snprintf(w, len, "%s%s%s", prefix, s, suffix);
	c->v[c->n++] = w;
	c->v[c->n] = NULL;
}

/* Add s when it starts with the word typed so far. */
static void add_if(struct cands *c, const char *typed, const char *s)
{
	if (!strncmp(s, typed, strlen(typed)))
		add(c, "", s, "");
}

/* The store, or NULL when there is none: completion offers nothing
 * then, and says nothing (it must not print in the middle of a line being
 * edited, nor into bash's completion output). */
static struct lfs_store *store_of(struct lfs_ctx *ctx)
{
	if (ctx_open_store(ctx, false, NULL) < 0)
		return NULL;
	/* OSTs and pools another process added since show at once. */
	store_conf_reload(ctx->store);
	return ctx->store;
}

/* Split what was typed into its directory part (with the '/') and the
 * base being completed; false when the directory part is too long. */
static bool split_typed(const char *typed, char dir[PATH_MAX], const char **base)
{
	const char *slash = strrchr(typed, '/');
	size_t dl = slash ? (size_t)(slash - typed) + 1 : 0;

	if (dl >= PATH_MAX)
		return false;
	memcpy(dir, typed, dl);
	dir[dl] = '\0';
	*base = typed + dl;
	return true;
}

/* The entries of dir_fd starting with base, directories with a '/'.
 * Hidden names only when asked for, as shells do. stat_flags:
 * AT_SYMLINK_NOFOLLOW in the store (a symlink is not followed there). */
static void add_entries(struct cands *c, int dir_fd, const char *dir,
			const char *base, int stat_flags)
{
	char **names;
	size_t n;

	if (dir_list(dir_fd, base[0] == '.', &names, &n))
		return;
	for (size_t i = 0; i < n; i++) {
		struct stat st;

		if (strncmp(names[i], base, strlen(base)))
			continue;
		if (fstatat(dir_fd, names[i], &st, stat_flags))
			st.st_mode = 0;
		add(c, dir, names[i], S_ISDIR(st.st_mode) ? "/" : "");
	}
	dir_list_free(names, n);
}

static void complete_paths(struct lfs_ctx *ctx, struct cands *c,
			   const char *typed)
{
	char dir[PATH_MAX], rel[PATH_MAX];
	struct lfs_store *s = store_of(ctx);
	const char *base;
	int fd;

	if (!s || !split_typed(typed, dir, &base))
		return;
	if (ctx_path(ctx, dir[0] ? dir : ".", rel, sizeof(rel), NULL))
		return;
	fd = ns_open(s, rel, O_RDONLY | O_DIRECTORY, 0);
	if (fd < 0)
		return;
	add_entries(c, fd, dir, base, AT_SYMLINK_NOFOLLOW);
	close(fd);
}

static void complete_hostpaths(struct cands *c, const char *typed)
{
	char dir[PATH_MAX];
	const char *base;
	int fd;

	if (!split_typed(typed, dir, &base))
		return;
	fd = open(dir[0] ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return;
	add_entries(c, fd, dir, base, 0);
	close(fd);
}

/* The commands, and the shell's builtins when there is a shell. */
static void complete_commands(const struct lfs_ctx *ctx, struct cands *c,
			      const char *typed)
{
	/* Case-insensitive, as the shell matches command names. */
	for (size_t i = 0; lfs_commands[i]; i++)
		if (!strncasecmp(lfs_commands[i]->name, typed, strlen(typed)))
			add(c, "", lfs_commands[i]->name, "");
	for (size_t i = 0; ctx->builtins && ctx->builtins[i]; i++)
		add_if(c, typed, ctx->builtins[i]->name);
}

static void complete_domain(struct lfs_ctx *ctx, struct cands *c,
			    enum lfs_domain dom, const char *typed)
{
	static const char *const types[] = { "b", "c", "d", "f", "l", "p", "s" };
	const struct lfs_conf *conf;
	char num[16];

	switch (dom) {
	case DOM_PATH:
		complete_paths(ctx, c, typed);
		break;
	case DOM_HOSTPATH:
	case DOM_STORE:
		complete_hostpaths(c, typed);
		break;
	case DOM_POOL:
		conf = store_of(ctx) ? store_conf(ctx->store) : NULL;
		for (uint32_t i = 0; conf && i < conf->nr_pools; i++)
			add_if(c, typed, conf->pools[i].name);
		break;
	case DOM_OST:
		conf = store_of(ctx) ? store_conf(ctx->store) : NULL;
		for (uint32_t i = 0; conf && i < conf->ost_count; i++) {
			if (conf->osts[i].removed)
				continue;
			snprintf(num, sizeof(num), "%u", i);
			add_if(c, typed, num);
		}
		break;
	case DOM_LAYOUT:
		add_if(c, typed, "raid0");
		break;
	case DOM_TYPE:
		for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
			add_if(c, typed, types[i]);
		break;
	case DOM_COMMAND:
		complete_commands(ctx, c, typed);
		break;
	default:
		break;
	}
}

static const struct lfs_opt *find_long(const struct lfs_opt *o,
				       const char *name, size_t len)
{
	for (; o->long_name || o->short_name; o++)
		if (o->long_name && strlen(o->long_name) == len &&
		    !strncmp(o->long_name, name, len))
			return o;
	return NULL;
}

static const struct lfs_opt *find_short(const struct lfs_opt *o, int ch)
{
	for (; o->long_name || o->short_name; o++)
		if (o->short_name == ch)
			return o;
	return NULL;
}

/* A hidden spelling of an option offered under another name
 * (--stripe_count beside --stripe-count): accepted, not offered again. */
static bool other_spelling(const struct lfs_opt *opts, const struct lfs_opt *o)
{
	const struct lfs_opt *first = find_short(opts, o->short_name);

	return !o->help && first && first != o && first->help;
}

/* The option word w (after its command) names: for a cluster of short
 * options the one that takes the rest of the word, else the last. *value
 * gets its value when the word holds it ("--pool=x", "-px"), else NULL.
 * NULL when w is not an option of opts. */
static const struct lfs_opt *option_of(const struct lfs_opt *opts,
				       const char *w, const char **value)
{
	const struct lfs_opt *o = NULL;
	const char *eq;

	*value = NULL;
	if (w[0] != '-' || !w[1])
		return NULL;
	if (w[1] == '-') {
		eq = strchr(w, '=');
		o = find_long(opts, w + 2, eq ? (size_t)(eq - w - 2) : strlen(w + 2));
		if (o && eq)
			*value = eq + 1;
		return o;
	}
	for (const char *p = w + 1; *p; p++) {
		o = find_short(opts, (unsigned char)*p);
		if (!o)
			return NULL;
		if (o->has_arg != no_argument) {
			*value = p[1] || o->has_arg == optional_argument ? p + 1 : NULL;
			break;
		}
	}
	return o;
}

/* Does word w (an option) leave its value to the next word? Returns the
 * option whose value that is, or NULL. */
static const struct lfs_opt *wants_value(const struct lfs_opt *opts,
					 const char *w)
{
	const char *value;
	const struct lfs_opt *o = option_of(opts, w, &value);

	return o && o->has_arg == required_argument && !value ? o : NULL;
}

static void complete_options(struct lfs_ctx *ctx, struct cands *c,
			     const struct lfs_opt *opts, const char *typed)
{
	const char *eq = strchr(typed, '=');
	char flag[4];

	if (typed[1] == '-' && eq) {
		/* --opt=VALUE: candidates keep the "--opt=" part. */
		const struct lfs_opt *o = find_long(opts, typed + 2,
						    (size_t)(eq - typed - 2));
		struct cands v = { 0 };

		if (!o || o->has_arg == no_argument)
			return;
		complete_domain(ctx, &v, o->domain, eq + 1);
		for (int i = 0; i < v.n; i++) {
			char pre[128];

			snprintf(pre, sizeof(pre), "%.*s", (int)(eq - typed + 1), typed);
			add(c, pre, v.v[i], "");
		}
		complete_free(v.v);
		return;
	}
	for (const struct lfs_opt *o = opts; o->long_name || o->short_name; o++) {
		if (o->long_name && !other_spelling(opts, o)) {
			char lng[128];

			snprintf(lng, sizeof(lng), "--%s", o->long_name);
			add_if(c, typed, lng);
		}
		if (o->short_name > 0 && o->short_name < 256) {
			snprintf(flag, sizeof(flag), "-%c", o->short_name);
			add_if(c, typed, flag);
		}
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int finish(struct cands *c, char ***out)
{
	int k = 0;

	if (c->err) {
		complete_free(c->v);
		*out = NULL;
		return c->err;
	}
	if (!c->v) {
		c->v = calloc(1, sizeof(char *));
		if (!c->v)
			return -ENOMEM;
	}
	qsort(c->v, (size_t)c->n, sizeof(char *), cmp_str);
	for (int i = 0; i < c->n; i++) {
		if (k && !strcmp(c->v[k - 1], c->v[i]))
			free(c->v[i]);
		else
			c->v[k++] = c->v[i];
	}
	c->v[k] = NULL;
	*out = c->v;
	return k;
}

int complete_words(struct lfs_ctx *ctx, int argc, char **words, int cword,
		   char ***out)
{
	struct cands c = { 0 };
	const struct lfs_cmd *cmd;
	const struct lfs_opt *value_of = NULL;
	const char *typed = cword < argc ? words[cword] : "";
	bool options_done = false;
	int operands = 0;

	if (cword <= 0) {
		complete_commands(ctx, &c, typed);
		return finish(&c, out);
	}
	cmd = cmd_find_in(ctx->builtins, words[0]);
	if (!cmd)
		cmd = shell_find_cmd(words[0], NULL);
	/* ost add ...: the subcommand's own table from its name on. */
	while (cmd && cmd->subs) {
		if (cword == 1) {
			for (size_t i = 0; cmd->subs[i]; i++)
				add_if(&c, typed, cmd->subs[i]->name);
			return finish(&c, out);
		}
		cmd = cmd_find_sub(cmd, words[1]);
		words++;
		argc--;
		cword--;
	}
	if (!cmd)
		return finish(&c, out);
	for (int i = 1; i < cword && i < argc; i++) {
		if (value_of) {
			value_of = NULL;
			continue;
		}
		if (options_done || words[i][0] != '-')
			operands++;
		else if (!strcmp(words[i], "--"))
			options_done = true;
		else
			value_of = wants_value(cmd->opts, words[i]);
	}
	if (value_of)
		complete_domain(ctx, &c, value_of->domain, typed);
	else if (!options_done && typed[0] == '-')
		complete_options(ctx, &c, cmd->opts, typed);
	else
		complete_domain(ctx, &c, operands && cmd->args_then ?
				cmd->args_then : cmd->args, typed);
	return finish(&c, out);
}

int complete_argv(struct lfs_ctx *ctx, int argc, char **words, char ***out)
{
	struct cands c = { 0 };
	const char *typed = words[argc - 1];
	bool options_done = false;

	for (int i = 0; i < argc - 1; i++) {
		const struct lfs_opt *o;
		const char *value;

		if (!options_done && !strcmp(words[i], "--")) {
			options_done = true;
			continue;
		}
		if (options_done || words[i][0] != '-')
			return complete_words(ctx, argc - i, words + i, argc - 1 - i, out);
		o = option_of(lfs_global_opts, words[i], &value);
		if (o && (o->flags & OPTF_ALONE))
			return finish(&c, out);
		if (o && o->has_arg == required_argument && !value) {
			if (++i == argc - 1) {
				complete_domain(ctx, &c, o->domain, typed);
				return finish(&c, out);
			}
			value = words[i];
		}
		/* --store DIR: the store the command's values come from. */
		if (o && o->domain == DOM_STORE && value)
			ctx->store_dir = value;
	}
	if (!options_done && typed[0] == '-')
		complete_options(ctx, &c, lfs_global_opts, typed);
	else
		complete_commands(ctx, &c, typed);
	return finish(&c, out);
}

void complete_free(char **cands)
{
	for (int i = 0; cands && cands[i]; i++)
		free(cands[i]);
	free(cands);
}
