/* usage.c - usage and help text generated from option tables, as git's
 * parse-options does: a command's .usage holds only what its table
 * cannot say. */
#include <ctype.h>
#include <string.h>

#include "shell.h"

#define SYNOPSIS_WIDTH 73   /* synopsis lines, a tab counting 8 */
#define HELP_COLUMN 22      /* where an option's help starts */
#define HELP_WIDTH 64       /* help text wraps before this column */

static bool opt_end(const struct lfs_opt *o)
{
	return !o->long_name && !o->short_name;
}

static bool opt_has_short(const struct lfs_opt *o)
{
	return o->short_name > 0 && o->short_name < 256;
}

/* " STRIPE_COUNT", "[=[+-]END]", or "" for an option without a value. */
static void opt_value(const struct lfs_opt *o, char *buf, size_t len)
{
	char name[64];
	size_t i = 0;

	if (o->arg) {
		snprintf(name, sizeof(name), "%s", o->arg);
	} else {
		for (const char *p = o->long_name ? o->long_name : ""; *p && i + 1 < sizeof(name); p++)
			name[i++] = *p == '-' ? '_' : (char)toupper((unsigned char)*p);
		name[i] = '\0';
	}
	if (o->has_arg == optional_argument)
		snprintf(buf, len, "[=%s]", name);
	else if (o->has_arg == required_argument || o->arg)
		snprintf(buf, len, " %s", name);
	else
		buf[0] = '\0';
}

/* Is o the first entry of its group (by name) in the table? */
static bool group_starts(const struct lfs_opt *opts, const struct lfs_opt *o)
{
	for (const struct lfs_opt *p = opts; p < o; p++)
		if (p->group && !strcmp(p->group, o->group))
			return false;
	return true;
}

/* A synopsis being written: items wrapped onto "\t" lines. */
struct synopsis {
	FILE *f;
	int col;
	bool line_empty;
};

static void put_item(struct synopsis *s, const char *item)
{
	int w = (int)strlen(item);

	if (!s->line_empty && s->col + 1 + w > SYNOPSIS_WIDTH) {
		fputs("\n\t", s->f);
		s->col = 8;
		s->line_empty = true;
	}
	s->col += fprintf(s->f, "%s%s", s->line_empty ? "" : " ", item);
	s->line_empty = false;
}

/* "[--stripe-count|-c STRIPE_COUNT]" */
static void put_opt(struct synopsis *s, const struct lfs_opt *o)
{
	char names[80] = "", value[96], item[192];
	bool brackets = !(o->flags & OPTF_MANDATORY);

	if (o->long_name)
		snprintf(names, sizeof(names), "--%s%s", o->long_name,
			 opt_has_short(o) ? "|" : "");
	if (opt_has_short(o))
		snprintf(names + strlen(names), sizeof(names) - strlen(names),
			 "-%c", o->short_name);
	opt_value(o, value, sizeof(value));
	snprintf(item, sizeof(item), "%s%s%s%s", brackets ? "[" : "", names,
		 value, brackets ? "]" : "");
	put_item(s, item);
}

/* "[LAYOUT OPTIONS]" for group "layout options". */
static void put_group(struct synopsis *s, const char *group)
{
	char item[128];
	size_t i = 0;

	item[i++] = '[';
	for (const char *p = group; *p && i + 2 < sizeof(item); p++)
		item[i++] = (char)toupper((unsigned char)*p);
	item[i++] = ']';
	item[i] = '\0';
	put_item(s, item);
}

/* One synopsis line per subcommand (or pair, CMD_SUB_PAIR): "ost
 * activate|deactivate IDX   (in or out of service)". */
static void print_sub_usage(const struct lfs_cmd *c, FILE *f)
{
	fprintf(f, "%s: %s\n", c->name, c->summary);
	for (size_t i = 0; c->subs[i]; i++) {
		const struct lfs_cmd *first = c->subs[i];
		struct synopsis s = { f, 0, false };

		s.col = fprintf(f, "%s%s %s", i ? "       " : "usage: ", c->name,
				first->name);
		while ((c->subs[i]->flags & CMD_SUB_PAIR) && c->subs[i + 1])
			s.col += fprintf(f, "|%s", c->subs[++i]->name);
		for (const struct lfs_opt *o = first->opts; !opt_end(o); o++)
			if (o->help)
				put_opt(&s, o);
		/* Not wrapped: the notes are aligned by hand. */
		if (first->usage && first->usage[0])
			fprintf(f, " %s", first->usage);
		fputc('\n', f);
	}
	if (c->usage)
		fputs(c->usage, f);
}

void cmd_print_usage(const struct lfs_cmd *c, FILE *f)
{
	if (c->subs) {
		print_sub_usage(c, f);
		return;
	}

	const char *usage = c->usage ? c->usage : "";
	const char *rest = strchr(usage, '\n');
	struct synopsis s = { f, 0, false };
	char operands[256];

	fprintf(f, "%s: %s\n", c->name, c->summary);
	s.col = fprintf(f, "usage: %s", c->name);
	for (const struct lfs_opt *o = c->opts; !opt_end(o); o++) {
		if (o->help && !o->group)
			put_opt(&s, o);
		else if (o->help && group_starts(c->opts, o))
			put_group(&s, o->group);
	}
	snprintf(operands, sizeof(operands), "%.*s",
		 (int)(rest ? (size_t)(rest - usage) : strlen(usage)), usage);
	if (operands[0])
		put_item(&s, operands);
	fputc('\n', f);
	/* Each group's options on lines of their own. */
	for (const struct lfs_opt *g = c->opts; !opt_end(g); g++) {
		if (!g->group || !g->help || !group_starts(c->opts, g))
			continue;
		fputc('\t', f);
		s.col = 8;
		s.line_empty = true;
		for (const struct lfs_opt *o = g; !opt_end(o); o++)
			if (o->help && o->group && !strcmp(o->group, g->group))
				put_opt(&s, o);
		fputc('\n', f);
	}
	if (rest)
		fputs(rest + 1, f);
}

/* "  -c, --stripe-count STRIPE_COUNT" and its help, wrapped. */
static void print_option(const struct lfs_opt *o, FILE *f)
{
	char value[96];
	const char *h = o->help;
	int col;

	opt_value(o, value, sizeof(value));
	if (opt_has_short(o))
		col = fprintf(f, "  -%c%s", o->short_name, o->long_name ? ", " : value);
	else
		col = fprintf(f, "      ");
	if (o->long_name)
		col += fprintf(f, "--%s%s", o->long_name, value);
	while (*h) {
		/* As many words as fit before HELP_WIDTH, at least one. */
		int n = (int)strcspn(h, " ");

		while (h[n] == ' ') {
			int next = n + 1 + (int)strcspn(h + n + 1, " ");

			if (HELP_COLUMN + next > HELP_WIDTH)
				break;
			n = next;
		}
		if (col >= HELP_COLUMN) {
			fputc('\n', f);
			col = 0;
		}
		fprintf(f, "%*s%.*s", HELP_COLUMN - col, "", n, h);
		col = HELP_COLUMN + n;
		h += n;
		while (*h == ' ')
			h++;
	}
	fputc('\n', f);
}

static void print_group(const struct lfs_opt *opts, const char *group, FILE *f)
{
	for (const struct lfs_opt *o = opts; !opt_end(o); o++)
		if (o->help && (group ? o->group && !strcmp(o->group, group) : !o->group))
			print_option(o, f);
}

void cmd_print_options(const struct lfs_opt *opts, FILE *f)
{
	print_group(opts, NULL, f);
	for (const struct lfs_opt *g = opts; !opt_end(g); g++)
		if (g->group && g->help && group_starts(opts, g)) {
			fprintf(f, "%s:\n", g->group);
			print_group(opts, g->group, f);
		}
}

void cmd_print_help(const struct lfs_cmd *c, FILE *f)
{
	cmd_print_usage(c, f);
	cmd_print_options(c->opts, f);
	for (size_t i = 0; c->subs && c->subs[i]; i++)
		for (const struct lfs_opt *o = c->subs[i]->opts; !opt_end(o); o++)
			if (o->help) {
				fprintf(f, "%s %s: %s\n", c->name, c->subs[i]->name,
					c->subs[i]->summary);
				cmd_print_options(c->subs[i]->opts, f);
				break;
			}
	if (c->help)
		fputs(c->help, f);
}

const struct lfs_opt lfs_global_opts[] = {
	{ "store", 's', required_argument, DOM_STORE, "the store (default: $LFS_STORE, else the nearest ancestor of the working directory)", "DIR" },
	{ "command", 'c', required_argument, DOM_NONE, "run a line of ';'-separated commands", "LINE", NULL, OPTF_ALONE },
	{ "file", 'f', required_argument, DOM_HOSTPATH, "run a Lua script with ARGS (a name without a slash that is no file: an installed procedure; docs/lua.md)", "SCRIPT [ARGS...]", NULL, OPTF_ALONE },
	{ "execute", 'e', required_argument, DOM_NONE, "run a Lua chunk", "CHUNK", NULL, OPTF_ALONE },
	{ "keep-going", 'k', no_argument, DOM_NONE, "do not stop at the first failing command" },
	{ "list-commands", GOPT_LIST_COMMANDS, no_argument, DOM_NONE, "print the command names", NULL, NULL, OPTF_ALONE },
	{ "complete", GOPT_COMPLETE, no_argument, DOM_NONE, "completion candidates for the last word, one a line (WORDS: what follows lfs)", "-- WORDS...", NULL, OPTF_ALONE },
	{ "version", GOPT_VERSION, no_argument, DOM_NONE, "print the Lustre release this lfs follows (lfs " LFS_LUSTRE_VERSION ")", NULL, NULL, OPTF_ALONE },
	{ "help", 'h', no_argument, DOM_NONE, "this help; 'lfs help CMD' for a command", NULL, NULL, OPTF_ALONE },
	{ 0 },
};

void shell_print_main_usage(FILE *f)
{
	fputs("usage: lfs [-s STORE] [-k] [CMD [ARGS...]]\n"
	      "       lfs [-s STORE] -c 'CMD; CMD...'\n"
	      "       lfs [-s STORE] -f SCRIPT [ARGS...]\n"
	      "       lfs [-s STORE] -e 'LUA CHUNK'\n", f);
	cmd_print_options(lfs_global_opts, f);
	fputs("Without a command, lfs opens the interactive lfs> shell on a\n"
	      "terminal, or reads one command per line from standard input.\n", f);
}
