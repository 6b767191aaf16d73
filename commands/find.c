/* find.c - lfs find: the paths below PATH... that pass the tests
 * (lib/find.h), parsed as Lustre 2.15.3's lfs_find() does, with
 * getopt_long_only, so "-type f -size +1M" works as "--type f --size +1M". */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "common.h"
#include "find.h"
#include "quote.h"

enum { OPT_COMP_COUNT = 256, OPT_COMP_FLAGS, OPT_COMP_START, OPT_NEWER,
       OPT_PERM, OPT_POOL, OPT_PRINTF, OPT_MINDEPTH };

#define NEWER(xy) { "newer" xy, OPT_NEWER, required_argument, DOM_PATH, NULL }

static const struct lfs_opt find_opts[] = {
	{ "atime", 'A', required_argument, DOM_NONE, "[+-]N[smhdwy]: accessed N days (or units) ago" },
	{ "mtime", 'M', required_argument, DOM_NONE, "[+-]N[smhdwy]: modified N days ago; 8h20m combines units" },
	{ "ctime", 'C', required_argument, DOM_NONE, "[+-]N[smhdwy]: changed N days ago" },
	{ "btime", 'B', required_argument, DOM_NONE, "[+-]N[smhdwy]: born N days ago (if the host keeps birth times)" },
	{ "Btime", 'B', required_argument, DOM_NONE, NULL },
	{ "blocks", 'b', required_argument, DOM_SIZE, "[+-]N[kMGTPE]: space allocated (KiB without a unit)" },
	{ "component-count", OPT_COMP_COUNT, required_argument, DOM_NUMBER, "[+-]N: number of PFL components" },
	{ "comp-count", OPT_COMP_COUNT, required_argument, DOM_NUMBER, NULL },
	{ "component-flags", OPT_COMP_FLAGS, required_argument, DOM_NONE, "[^]init,...: a component with (^ without) these flags" },
	{ "comp-flags", OPT_COMP_FLAGS, required_argument, DOM_NONE, NULL },
	{ "component-start", OPT_COMP_START, required_argument, DOM_SIZE, "[+-]N[kMGTPE]: a component starting at N" },
	{ "comp-start", OPT_COMP_START, required_argument, DOM_SIZE, NULL },
	{ "component-end", 'E', required_argument, DOM_SIZE, "[+-]N[kMGTPE]|EOF: a component ending at N" },
	{ "comp-end", 'E', required_argument, DOM_SIZE, NULL },
	{ "newer", OPT_NEWER, required_argument, DOM_PATH, "FILE: modified after FILE" },
	{ "newermt", OPT_NEWER, required_argument, DOM_NONE, "TIME: modified after TIME (--newerXY REF: X time [amcb] after REF's Y time [amcb], or after time REF for Y=t)" },
	NEWER("aa"), NEWER("am"), NEWER("ac"), NEWER("ab"), NEWER("ma"), NEWER("mm"),
	NEWER("mc"), NEWER("mb"), NEWER("ca"), NEWER("cm"), NEWER("cc"), NEWER("cb"),
	NEWER("ba"), NEWER("bm"), NEWER("bc"), NEWER("bb"), NEWER("Ba"), NEWER("Bm"),
	NEWER("Bc"), NEWER("BB"), NEWER("at"), NEWER("ct"), NEWER("bt"), NEWER("Bt"),
	{ "stripe-count", 'c', required_argument, DOM_NUMBER, "[+-]N: stripes of the last instantiated component" },
	{ "stripe_count", 'c', required_argument, DOM_NUMBER, NULL },
	{ "maxdepth", 'D', required_argument, DOM_NUMBER, "N: descend at most N levels below PATH" },
	{ "mindepth", OPT_MINDEPTH, required_argument, DOM_NUMBER, "N: test nothing less than N levels below PATH" },
	{ "gid", 'g', required_argument, DOM_NONE, "GID|GROUP: owned by the group" },
	{ "group", 'G', required_argument, DOM_NONE, "GROUP|GID: owned by the group" },
	{ "stripe-index", 'i', required_argument, DOM_OST, "OST,...: same as --ost" },
	{ "stripe_index", 'i', required_argument, DOM_OST, NULL },
	{ "lazy", 'l', no_argument, DOM_NONE, "with --size: the inode's size (here always the size)" },
	{ "layout", 'L', required_argument, DOM_LAYOUT, "raid0|released|mdt|overstriping,...: a component of the pattern" },
	{ "mdt", 'm', required_argument, DOM_NUMBER, NULL },
	{ "mdt-index", 'm', required_argument, DOM_NUMBER, "MDT,...: on the MDT (0, the only one)" },
	{ "mdt_index", 'm', required_argument, DOM_NUMBER, NULL },
	{ "name", 'n', required_argument, DOM_NONE, "GLOB: the last name matches" },
	{ "ost", 'O', required_argument, DOM_OST, "OST,...: an object on one of the OSTs (index, OSTxxxx or UUID)" },
	{ "obd", 'O', required_argument, DOM_OST, NULL },
	{ "perm", OPT_PERM, required_argument, DOM_NONE, "[/-]MODE: permissions exactly MODE, all of (-) or any of (/) its bits" },
	{ "pool", OPT_POOL, required_argument, DOM_POOL, "POOL: in the pool (\"\": in none)" },
	{ "print0", '0', no_argument, DOM_NONE, "end each path with a NUL byte" },
	{ "print", 'P', no_argument, DOM_NONE, "end each path with a newline (the default)" },
	{ "printf", OPT_PRINTF, required_argument, DOM_NONE, "FORMAT: print FORMAT's directives (%p %s %Lc ...) for each match" },
	{ "size", 's', required_argument, DOM_SIZE, "[+-]N[bkMGTPE]: size, rounded up to the unit" },
	{ "stripe-size", 'S', required_argument, DOM_SIZE, "[+-]N[kMGT]: stripe size of the last instantiated component" },
	{ "stripe_size", 'S', required_argument, DOM_SIZE, NULL },
	{ "type", 't', required_argument, DOM_TYPE, "b|c|d|f|l|p|s: the file type" },
	{ "uid", 'u', required_argument, DOM_NONE, "UID|USER: owned by the user" },
	{ "user", 'U', required_argument, DOM_NONE, "USER|UID: owned by the user" },
	{ 0 },
};

/* The test an option's value is for, by its canonical long name. */
static const char *test_name(int c)
{
	switch (c) {
	case 'A': return "atime";
	case 'M': return "mtime";
	case 'C': return "ctime";
	case 'B': return "btime";
	case 'b': return "blocks";
	case OPT_COMP_COUNT: return "component-count";
	case OPT_COMP_FLAGS: return "component-flags";
	case OPT_COMP_START: return "component-start";
	case 'E': return "component-end";
	case 'c': return "stripe-count";
	case 'D': return "maxdepth";
	case OPT_MINDEPTH: return "mindepth";
	case 'g': return "gid";
	case 'G': return "group";
	case 'i': return "stripe-index";
	case 'l': return "lazy";
	case 'L': return "layout";
	case 'm': return "mdt-index";
	case 'n': return "name";
	case 'O': return "ost";
	case OPT_PERM: return "perm";
	case OPT_POOL: return "pool";
	case 's': return "size";
	case 'S': return "stripe-size";
	case 't': return "type";
	case 'u': return "uid";
	case 'U': return "user";
	}
	return NULL;
}

struct run {
	FILE *out;
	const char *printf_fmt;
	char end;          /* '\n', or '\0' with -0 */
	int status;
};

static int put_bytes(void *arg, const char *bytes, size_t n)
{
	return fwrite(bytes, 1, n, arg) == n ? 0 : -EIO;
}

static int show(void *arg, struct find_entry *ent)
{
	struct run *r = arg;

	if (ent->err) {
		fflush(r->out);
		status_keep(&r->status, cmd_error("find", ent->path, ent->err, &ent->e));
		return 0;
	}
	if (r->printf_fmt)
		return find_printf(r->printf_fmt, ent, put_bytes, r->out);
	if (r->end)
		quote_name(r->out, ent->path);
	else
		fputs(ent->path, r->out);
	fputc(r->end, r->out);
	return 0;
}

/* Parse argv as lfs_find() does: paths first (or last), then the tests,
 * "!" negating the next one. Returns 0, CMD_HELP or a status. */
static int parse(struct lfs_store *s, int argc, char **argv,
		 struct find_filter *f, struct run *r, int *pstart, int *pend)
{
	struct cmd_getopt go;
	int c, idx = 0, neg = 0, rc = 0, last = -1;

	*pstart = *pend = -1;
	if (cmd_getopt_begin(&go, find_opts))
		return ENOMEM;
	/* '-': operands come back in order as 1, so paths and "!" are seen. */
	while (!rc && (c = getopt_long_only(argc, argv,
			"-0A:b:B:c:C:D:E:g:G:i:lL:m:M:n:O:Ps:S:t:u:U:",
			go.longopts, &idx)) != -1) {
		bool isopt = c != 1 || !strcmp(optarg, "!");
		struct lfs_error e = { 0, "" };
		const char *name;

		if (neg)
			neg--;
		if (!isopt && *pend != -1) {
			fprintf(stderr, "error: lfs find: filename|dirname must either precede options or follow options\n");
			rc = CMD_HELP;
			break;
		}
		if (!isopt && *pstart == -1)
			*pstart = optind - 1;
		if (!isopt)
			last = optind - 1;
		if (isopt && *pstart != -1 && *pend == -1)
			*pend = last + 1;
		switch (c) {
		case 1:
			if (!strcmp(optarg, "!"))
				neg = 2;
			continue;
		case '0': r->end = '\0'; continue;
		case 'P': continue;
		case OPT_PRINTF: r->printf_fmt = optarg; continue;
		case OPT_NEWER: name = go.longopts[idx].name; break;
		default:
			name = test_name(c);
			if (!name)
				rc = CMD_HELP;
		}
		if (rc)
			break;
		rc = find_filter_set(f, name, optarg, neg > 0, s, &e);
		if (rc == -EINVAL) {
			cmd_errorf("find", EINVAL, "%s", lfs_error_text(&e, rc));
			rc = CMD_HELP;
		} else if (rc) {
			/* An OST, pool or owner that does not exist. */
			rc = cmd_errorf("find", EINVAL, "%s", lfs_error_text(&e, rc));
		}
	}
	cmd_getopt_end(&go);
	if (!rc && *pstart == -1) {
		fprintf(stderr, "error: lfs find: no filename|pathname\n");
		rc = CMD_HELP;
	}
	if (*pend == -1)
		*pend = last + 1;
	return rc;
}

/* Not cmd_find: cmd.h has that name for the table lookup. */
static int cmd_find_run(struct lfs_ctx *ctx, int argc, char **argv)
{
	struct run r = { .out = ctx->out, .end = '\n' };
	struct find_filter f;
	struct lfs_store *s;
	int rc, start, end;

	s = ctx_store(ctx, false, "find");
	if (!s)
		return ctx->store_errno;
	find_filter_init(&f, time(NULL));
	f.cwd = ctx->cwd;
	rc = parse(s, argc, argv, &f, &r, &start, &end);
	for (int i = start; !rc && i < end; i++) {
		char rel[PATH_MAX];
		int err = ctx_resolve(ctx, "find", argv[i], rel, sizeof(rel));

		if (!err && (err = find_walk(s, rel, argv[i], &f, show, &r))) {
			fflush(ctx->out);
			err = cmd_error("find", argv[i], err, NULL);
		}
		status_keep(&r.status, err);
	}
	find_filter_free(&f);
	return rc ? rc : r.status;
}

const struct lfs_cmd cmd_find_def = {
	.name = "find",
	.run = cmd_find_run,
	.opts = find_opts,
	.summary = "find files matching given attributes recursively in directory tree",
	.usage = "usage: find <directory|filename> ...\n"
		 "\t[[!] --atime|-A [+-]N[smhdwy]] [[!] --btime|-B [+-]N[smhdwy]]\n"
		 "\t[[!] --ctime|-C [+-]N[smhdwy]] [[!] --mtime|-M [+-]N[smhdwy]]\n"
		 "\t[[!] --blocks|-b N] [[!] --component-count [+-]<comp_cnt>]\n"
		 "\t[[!] --component-start [+-]N[kMGTPE]]\n"
		 "\t[[!] --component-end|-E [+-]N[kMGTPE]]\n"
		 "\t[[!] --component-flags {init,stale,prefer,offline,nosync,extension}]\n"
		 "\t[[!] --gid|-g|--group|-G <gid>|<gname>]\n"
		 "\t[[!] --layout|-L released,raid0,mdt,overstriping] [--lazy|-l]\n"
		 "\t[--maxdepth|-D N] [--mindepth N]\n"
		 "\t[[!] --mdt-index|--mdt|-m <uuid|index,...>]\n"
		 "\t[[!] --name|-n <pattern>] [[!] --newer[XY] <reference>]\n"
		 "\t[[!] --ost|-O <uuid|index,...>] [[!] --perm [/-]mode]\n"
		 "\t[[!] --pool <pool>] [--print|-P] [--print0|-0] [--printf <format>]\n"
		 "\t[[!] --size|-s [+-]N[bkMGTPE]]\n"
		 "\t[[!] --stripe-count|-c [+-]<stripes>]\n"
		 "\t[[!] --stripe-index|-i <index,...>]\n"
		 "\t[[!] --stripe-size|-S [+-]N[kMGT]] [[!] --type|-t <filetype>]\n"
		 "\t[[!] --uid|-u|--user|-U <uid>|<uname>]\n"
		 "\t !: used before an option indicates 'NOT' requested attribute\n"
		 "\t -: used before a value indicates less than requested value\n"
		 "\t +: used before a value indicates more than requested value\n"
		 "\t ^: used before a flag indicates to exclude it\n",
	.args = DOM_PATH,
};
