/* find.c - lfs find: the paths below PATH... that pass the tests
 * (lib/find.h), parsed as Lustre 2.15.3's lfs_find() does, with
 * getopt_long_only, so "-type f -size +1M" works as "--type f --size +1M". */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common.h"
#include "find.h"
#include "quote.h"

enum { OPT_COMP_COUNT = 256, OPT_COMP_FLAGS, OPT_COMP_START, OPT_NEWER,
       OPT_PERM, OPT_POOL, OPT_PRINTF, OPT_MINDEPTH };

#define NEWER(xy) { "newer" xy, OPT_NEWER, required_argument, DOM_PATH, NULL }

static const struct lfs_opt find_opts[] = {
	{ "atime", 'A', required_argument, DOM_NONE, "accessed N days (or units) ago", "[+-]N[smhdwy]" },
	{ "mtime", 'M', required_argument, DOM_NONE, "modified N days ago; 8h20m combines units", "[+-]N[smhdwy]" },
	{ "ctime", 'C', required_argument, DOM_NONE, "changed N days ago", "[+-]N[smhdwy]" },
	{ "btime", 'B', required_argument, DOM_NONE, "born N days ago (if the host keeps birth times)", "[+-]N[smhdwy]" },
	{ "Btime", 'B', required_argument, DOM_NONE, NULL },
	{ "blocks", 'b', required_argument, DOM_SIZE, "space allocated (KiB without a unit)", "[+-]N[kMGTPE]" },
	{ "component-count", OPT_COMP_COUNT, required_argument, DOM_NUMBER, "number of PFL components", "[+-]N" },
	{ "comp-count", OPT_COMP_COUNT, required_argument, DOM_NUMBER, NULL },
	{ "component-flags", OPT_COMP_FLAGS, required_argument, DOM_NONE, "a component with (^ without) these flags", "[^]init,..." },
	{ "comp-flags", OPT_COMP_FLAGS, required_argument, DOM_NONE, NULL },
	{ "component-start", OPT_COMP_START, required_argument, DOM_SIZE, "a component starting at N", "[+-]N[kMGTPE]" },
	{ "comp-start", OPT_COMP_START, required_argument, DOM_SIZE, NULL },
	{ "component-end", 'E', required_argument, DOM_SIZE, "a component ending at N", "[+-]N[kMGTPE]|EOF" },
	{ "comp-end", 'E', required_argument, DOM_SIZE, NULL },
	{ "newer", OPT_NEWER, required_argument, DOM_PATH, "modified after FILE", "FILE" },
	{ "newermt", OPT_NEWER, required_argument, DOM_NONE, "modified after TIME; --newerXY REF: X time (a m c b) after REF's Y time, or after REF for Y = t", "TIME" },
	NEWER("aa"), NEWER("am"), NEWER("ac"), NEWER("ab"), NEWER("ma"), NEWER("mm"),
	NEWER("mc"), NEWER("mb"), NEWER("ca"), NEWER("cm"), NEWER("cc"), NEWER("cb"),
	NEWER("ba"), NEWER("bm"), NEWER("bc"), NEWER("bb"), NEWER("Ba"), NEWER("Bm"),
	NEWER("Bc"), NEWER("BB"), NEWER("at"), NEWER("ct"), NEWER("bt"), NEWER("Bt"),
	{ "stripe-count", 'c', required_argument, DOM_NUMBER, "stripes of the last instantiated component", "[+-]N" },
	{ "stripe_count", 'c', required_argument, DOM_NUMBER, NULL },
	{ "maxdepth", 'D', required_argument, DOM_NUMBER, "descend at most N levels below PATH", "N" },
	{ "mindepth", OPT_MINDEPTH, required_argument, DOM_NUMBER, "test nothing less than N levels below PATH", "N" },
	{ "gid", 'g', required_argument, DOM_NONE, "owned by the group", "GID|GROUP" },
	{ "group", 'G', required_argument, DOM_NONE, "owned by the group", "GROUP|GID" },
	{ "stripe-index", 'i', required_argument, DOM_OST, "same as --ost", "OST,..." },
	{ "stripe_index", 'i', required_argument, DOM_OST, NULL },
	{ "lazy", 'l', no_argument, DOM_NONE, "with --size: the inode's size (here always the size)" },
	{ "layout", 'L', required_argument, DOM_LAYOUT, "a component of the pattern", "raid0|released|mdt|overstriping,..." },
	{ "mdt", 'm', required_argument, DOM_NUMBER, NULL },
	{ "mdt-index", 'm', required_argument, DOM_NUMBER, "on the MDT (0, the only one)", "MDT,..." },
	{ "mdt_index", 'm', required_argument, DOM_NUMBER, NULL },
	{ "name", 'n', required_argument, DOM_NONE, "the last name matches", "GLOB" },
	{ "ost", 'O', required_argument, DOM_OST, "an object on one of the OSTs (index, OSTxxxx or UUID)", "OST,..." },
	{ "obd", 'O', required_argument, DOM_OST, NULL },
	{ "perm", OPT_PERM, required_argument, DOM_NONE, "permissions exactly MODE, all of (-) or any of (/) its bits", "[/-]MODE" },
	{ "pool", OPT_POOL, required_argument, DOM_POOL, "in the pool (\"\": in none)", "POOL" },
	{ "print0", '0', no_argument, DOM_NONE, "end each path with a NUL byte" },
	{ "print", 'P', no_argument, DOM_NONE, "end each path with a newline (the default)" },
	{ "printf", OPT_PRINTF, required_argument, DOM_NONE, "print FORMAT's directives (%p %s %Lc ...) for each match", "FORMAT" },
	{ "size", 's', required_argument, DOM_SIZE, "size, rounded up to the unit", "[+-]N[bkMGTPE]" },
	{ "stripe-size", 'S', required_argument, DOM_SIZE, "stripe size of the last instantiated component", "[+-]N[kMGT]" },
	{ "stripe_size", 'S', required_argument, DOM_SIZE, NULL },
	{ "type", 't', required_argument, DOM_TYPE, "the file type", "b|c|d|f|l|p|s" },
	{ "uid", 'u', required_argument, DOM_NONE, "owned by the user", "UID|USER" },
	{ "user", 'U', required_argument, DOM_NONE, "owned by the user", "USER|UID" },
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
		case OPT_PRINTF:
			r->printf_fmt = optarg;
			f->want_stat = true;
			continue;
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
	struct lfs_store *s = NULL;
	/* Paths precede or follow the tests (Lustre's rule): the first
	 * operand decides between the store and a Lustre mount. */
	const char *first = argc < 2 ? NULL : argv[1][0] != '-' && strcmp(argv[1], "!") ?
			    argv[1] : argv[argc - 1];
	int rc, start, end, client = ctx_client(ctx, "find", first);

	if (client < 0 || client > 1)
		return client;
	if (!client && !(s = ctx_store(ctx, false, "find")))
		return ctx->store_errno;
	find_filter_init(&f, time(NULL));
	f.cwd = ctx->cwd;
	f.cancel = ctx->cancel;
	/* Tests compare the OST index's answer with the full walk's. */
	f.no_index = getenv("LFS_FIND_NO_INDEX") != NULL;
	if (client) {
		f.api = ctx->llapi;
		f.mount_path = first;
	}
	rc = parse(s, argc, argv, &f, &r, &start, &end);
	for (int i = start; !rc && i < end; i++) {
		char rel[PATH_MAX];
		int err = client ? 0 : ctx_resolve(ctx, "find", argv[i], rel, sizeof(rel));

		if (!err && (err = find_walk(s, client ? argv[i] : rel, argv[i], &f,
					     show, &r))) {
			fflush(ctx->out);
			/* Interrupted: the shell says so by the status. */
			err = err == -EINTR && f.cancel && *f.cancel ? EINTR :
			      cmd_error("find", argv[i], err, NULL);
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
	.usage = "<directory|filename> ...\n"
		 "\t !: used before an option indicates 'NOT' requested attribute\n"
		 "\t -: used before a value indicates less than requested value\n"
		 "\t +: used before a value indicates more than requested value\n"
		 "\t ^: used before a flag indicates to exclude it\n",
	.args = DOM_PATH,
	.flags = CMD_CANCELS,
	.help = "On a Lustre client mount (no store selected, the first path on the mount)\n"
		"the paths are host paths and each layout is read through liblustreapi\n"
		"(llapi_layout_get_by_fd); OSTs and pools are the filesystem's.\n",
};
