/* cmd.c - dispatch, usage and getopt tables derived from the command table. */
#include "cmd.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "inode.h"
#include "lustre_servers.h"
#include "quote.h"
#include "shell.h"

const struct lfs_cmd *cmd_find_in(const struct lfs_cmd *const *table,
				  const char *name)
{
	for (size_t i = 0; table && table[i]; i++)
		if (!strcmp(table[i]->name, name))
			return table[i];
	return NULL;
}

const struct lfs_cmd *cmd_find(const char *name)
{
	return cmd_find_in(lfs_commands, name);
}

void cmd_print_list(FILE *f)
{
	for (size_t i = 0; lfs_commands[i]; i++)
		fprintf(f, "%s%s", i ? " " : "", lfs_commands[i]->name);
	fputc('\n', f);
}

void cmd_report_store_notes(struct lfs_store *s, const char *cmdname)
{
	struct lfs_lastid_fix fixes[LFS_LASTID_FIXES];
	unsigned n = s ? store_take_lastid_fixes(s, fixes) : 0;

	for (unsigned i = 0; i < n; i++) {
		const struct lfs_lastid_fix *f = &fixes[i];

		fprintf(stderr, "warning: lfs %s: OST%04x: LAST_ID %llu is behind existing object %llu; advanced to %llu\n",
			cmdname, f->ost, (unsigned long long)f->was,
			(unsigned long long)f->found, (unsigned long long)f->found + 1);
	}
}

const struct lfs_cmd *cmd_find_sub(const struct lfs_cmd *c, const char *name)
{
	return c->subs ? cmd_find_in(c->subs, name) : NULL;
}

/* Whether opts declare a short option 'h' (df's --human-readable) or a
 * long option "help" of their own. */
static bool opts_take(const struct lfs_opt *opts, int short_name, const char *long_name)
{
	for (size_t i = 0; opts && (opts[i].long_name || opts[i].short_name); i++)
		if ((short_name && opts[i].short_name == short_name) ||
		    (long_name && opts[i].long_name && !strcmp(opts[i].long_name, long_name)))
			return true;
	return false;
}

/* -h or --help as the first argument: Lustre's CMD_HELP, for every
 * command and builtin, including those that take no options (cat, help,
 * cd, ...), which would otherwise read it as an operand. */
static bool asks_help(const struct lfs_cmd *c, int argc, char **argv)
{
	if (argc < 2)
		return false;
	if (!strcmp(argv[1], "-h"))
		return !opts_take(c->opts, 'h', NULL);
	return !strcmp(argv[1], "--help") && !opts_take(c->opts, 0, "help");
}

int cmd_run(const struct lfs_cmd *c, struct lfs_ctx *ctx, int argc, char **argv)
{
	const struct lfs_cmd *sub = c->subs && argc > 1 ? cmd_find_sub(c, argv[1]) : NULL;
	bool cancels = (c->flags | (sub ? sub->flags : 0)) & CMD_CANCELS;
	bool polled = false;
	int rc;

	optind = 0;          /* full getopt reset, per command */
	opterr = 1;
	if (cancels)
		polled = interrupt_polling(true);
	if (asks_help(c, argc, argv))
		rc = CMD_HELP;
	else if (c->subs)
		rc = sub ? sub->run(ctx, argc - 1, argv + 1) : CMD_HELP;
	else
		rc = c->run(ctx, argc, argv);
	if (cancels)
		interrupt_polling(polled);
	cmd_report_store_notes(ctx->store, c->name);
	if (rc == CMD_HELP) {
		cmd_print_usage(c, stderr);
		rc = CMD_USAGE_STATUS;
	}
	/* Stopped by an interrupt: the status a shell gives (130, 143). */
	if (rc && ctx->cancel && *ctx->cancel)
		rc = 128 + *ctx->cancel;
	return rc;
}

int cmd_dispatch(struct lfs_ctx *ctx, int argc, char **argv)
{
	const struct lfs_cmd *c = cmd_find(argv[0]);

	if (!c) {
		/* Parser_execarg's list, on stdout, one quoted name a line. */
		fprintf(ctx->out, "Try interactive use without arguments or use one of:\n");
		for (size_t i = 0; lfs_commands[i]; i++)
			fprintf(ctx->out, "\"%s\"\n", lfs_commands[i]->name);
		fprintf(ctx->out, "as argument.\n");
		return 1;
	}
	return cmd_run(c, ctx, argc, argv);
}

/* mode: getopt's leading flag. Commands permute options and operands as
 * Lustre's do (""; '-' would break PFL parsing of paths); lfs's own
 * options stop at the command name ("+"). */
enum { OPT_HELP = 0x7fff };   /* --help, above every command's own values */

static int getopt_begin(struct cmd_getopt *g, const struct lfs_opt *opts,
			const char *mode)
{
	size_t n = 0, k = 0, s = strlen(mode);
	bool long_help = true;

	g->short_help = true;
	for (; opts[n].long_name || opts[n].short_name; n++) {
		if (opts[n].short_name == 'h')
			g->short_help = false;
		if (opts[n].long_name && !strcmp(opts[n].long_name, "help"))
			long_help = false;
	}
	g->longopts = calloc(n + 2, sizeof(*g->longopts));
	if (!g->longopts)
		return -ENOMEM;
	memcpy(g->shortopts, mode, s);
	if (g->short_help)
		g->shortopts[s++] = 'h';
	if (long_help)
		g->longopts[k++] = (struct option){ "help", no_argument, NULL, OPT_HELP };
	for (size_t i = 0; i < n; i++) {
		if (opts[i].long_name) {
			g->longopts[k].name = opts[i].long_name;
			g->longopts[k].has_arg = opts[i].has_arg;
			g->longopts[k].val = opts[i].short_name;
			k++;
		}
		if (opts[i].short_name > 0 && opts[i].short_name < 256 &&
		    s + 3 < sizeof(g->shortopts)) {
			g->shortopts[s++] = (char)opts[i].short_name;
			if (opts[i].has_arg == required_argument)
				g->shortopts[s++] = ':';
			else if (opts[i].has_arg == optional_argument) {
				g->shortopts[s++] = ':';
				g->shortopts[s++] = ':';
			}
		}
	}
	g->shortopts[s] = '\0';
	return 0;
}

int cmd_getopt_begin(struct cmd_getopt *g, const struct lfs_opt *opts)
{
	return getopt_begin(g, opts, "");
}

int cmd_getopt_begin_global(struct cmd_getopt *g, const struct lfs_opt *opts)
{
	return getopt_begin(g, opts, "+");
}

int cmd_getopt(struct cmd_getopt *g, int argc, char **argv)
{
	int c = getopt_long(argc, argv, g->shortopts, g->longopts, NULL);

	return c == OPT_HELP || (c == 'h' && g->short_help) ? '?' : c;
}

void cmd_getopt_end(struct cmd_getopt *g)
{
	free(g->longopts);
	g->longopts = NULL;
}

int cmd_errorf(const char *cmdname, int err, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "error: lfs %s: ", cmdname);
	va_start(ap, fmt);
	quote_vline(stderr, fmt, ap);
	va_end(ap);
	return err < 0 ? -err : err;
}

int cmd_server_side_refuse(const char *cmdname, const char *where,
			   const char *fmt, ...)
{
	char what[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return cmd_errorf(cmdname, EOPNOTSUPP,
			  "on a Lustre client this is the servers' work; run %s: %s",
			  where, what);
}

int cmd_error(const char *cmdname, const char *path, int err,
	      const struct lfs_error *e)
{
	const char *msg = lfs_error_text(e, err);

	if (path)
		return cmd_errorf(cmdname, err, "%s: %s", path, msg);
	return cmd_errorf(cmdname, err, "%s", msg);
}

int cmd_open_error(struct lfs_store *s, const char *cmdname, const char *path,
		   const char *rel, int err, const struct lfs_error *e)
{
	struct lfs_error osts = { 0, "" };
	struct stat st;

	if (err == -ENODEV) {
		/* Say which OST: inode_open found one the store lacks. */
		struct lfs_layout *l = NULL;
		int fd = ns_open(s, rel, O_RDONLY | O_NONBLOCK, 0);

		if (fd >= 0 && layout_xattr_get(s, fd, &l) == 0)
			inode_check_osts(s, l, &osts);
		layout_free(l);
		if (fd >= 0)
			close(fd);
		return cmd_error(cmdname, path, err, &osts);
	}
	if (err != -EINVAL)
		return cmd_error(cmdname, path, err, e);
	if (ns_stat(s, rel, false, &st) == 0 &&
	    !S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode))
		return cmd_errorf(cmdname, EINVAL, "%s: not a regular file", path);
	return cmd_errorf(cmdname, EINVAL, "%s: layout is corrupt: %s", path,
			  strerror(EINVAL));
}

/* A one-shot command run from inside STORE/mdt/ROOT resolves relative
 * paths against that directory, as on a Lustre mount. */
static void ctx_cwd_from_host(struct lfs_ctx *ctx, const char *dir)
{
	char host[PATH_MAX], root[PATH_MAX + 16];
	size_t rl;

	if (ctx->interactive || strcmp(ctx->cwd, "/"))
		return;
	snprintf(root, sizeof(root), "%s/mdt/ROOT", dir);
	rl = strlen(root);
	if (getcwd(host, sizeof(host)) && !strncmp(host, root, rl) &&
	    (host[rl] == '/' || !host[rl]))
		snprintf(ctx->cwd, sizeof(ctx->cwd), "%s", host[rl] ? host + rl : "/");
}

int ctx_open_store(struct lfs_ctx *ctx, bool writable, struct lfs_error *e)
{
	char *dir = NULL;
	int rc;

	if (ctx->store && (ctx->store_writable || !writable)) {
		/* A store removed under an open shell must fail clearly. */
		if (store_present(ctx->store))
			return 0;
		rc = lfs_error_set(e, -ENOENT, "%s: the store is gone",
				   store_path(ctx->store));
		ctx_close_store(ctx);
		return rc;
	}
	ctx_close_store(ctx);
	rc = store_discover(ctx->store_dir, &dir);
	if (rc && ctx->store_dir)
		return lfs_error_set(e, rc, "%s: %s", ctx->store_dir, strerror(-rc));
	if (rc)
		return lfs_error_set(e, rc, "no store found: use --store DIR, set LFS_STORE, or run inside a store (create one with 'lfs mkfs DIR')");
	rc = store_open(dir, (writable ? LFS_STORE_RDWR : LFS_STORE_RDONLY) |
			LFS_STORE_FREE_LATER, &ctx->store, e);
	if (!rc) {
		ctx->store_writable = writable;
		ctx_cwd_from_host(ctx, dir);
	}
	free(dir);
	return rc ? rc : 1;
}

struct lfs_store *ctx_store(struct lfs_ctx *ctx, bool writable,
			    const char *cmdname)
{
	struct lfs_error e = { 0, "" };
	const struct lfs_conf *conf;
	int rc = ctx_open_store(ctx, writable, &e);

	if (rc < 0) {
		ctx->store_errno = cmd_error(cmdname, NULL, rc, &e);
		return NULL;
	}
	conf = store_conf(ctx->store);
	for (uint32_t i = 0; rc && i < conf->nr_bad; i++) {
		char shown[128];

		fprintf(stderr, "warning: lfs %s: %s line %u: ignored malformed entry '%s'\n",
			cmdname, LFS_STORE_MARKER, conf->bad[i].lineno,
			lfs_escape(conf->bad[i].text, shown, sizeof(shown)));
	}
	return ctx->store;
}

int ctx_client_quiet(struct lfs_ctx *ctx, const char *path, struct lfs_error *e)
{
	char *dir = NULL;
	int rc;

	if (ctx->store || ctx->store_dir || !lfs_on_lustre(path ? path : "."))
		return 0;
	if (!store_discover(NULL, &dir)) {
		free(dir);
		return 0;
	}
	if (ctx->llapi)
		return 1;
	rc = llapi_load(&ctx->llapi, e);
	return rc ? rc : 1;
}

int ctx_client(struct lfs_ctx *ctx, const char *cmdname, const char *path)
{
	struct lfs_error e = { 0, "" };
	int rc = ctx_client_quiet(ctx, path, &e);

	return rc < 0 ? cmd_error(cmdname, path, rc, &e) : rc;
}

int ctx_server_side(struct lfs_ctx *ctx, const char *cmdname, const char *path,
		    char fsname[LLAPI_FSNAME_BUF])
{
	int rc = ctx_client(ctx, cmdname, path);

	lustre_servers_fsname(rc == 1 ? ctx->llapi : NULL, path, fsname);
	return rc;
}

void ctx_close_store(struct lfs_ctx *ctx)
{
	store_close(ctx->store);
	ctx->store = NULL;
	ctx->store_writable = false;
}

int ctx_path(const struct lfs_ctx *ctx, const char *path, char *rel,
	     size_t len, struct lfs_error *e)
{
	int rc = ns_resolve(ctx->cwd, path, rel, len);

	if (rc == -EINVAL)
		return lfs_error_set(e, rc, "path escapes the filesystem root");
	return rc;
}

int ctx_resolve(struct lfs_ctx *ctx, const char *cmdname, const char *path,
		char *rel, size_t len)
{
	struct lfs_error e = { 0, "" };
	int rc = ctx_path(ctx, path, rel, len, &e);

	return rc ? cmd_error(cmdname, path, rc, &e) : 0;
}
