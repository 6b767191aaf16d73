/* luahost.c - what the Lua interpreter (lua/lfs_lua.h) gets of the shell:
 * its store, its cwd, and its command table for lfs.run. */
#include <errno.h>
#include <stdio.h>

#include "shell.h"

static struct lfs_store *host_store(void *arg, bool writable,
				    struct lfs_error *e)
{
	struct lfs_ctx *ctx = arg;
	int rc = ctx_open_store(ctx, writable, e);

	if (rc < 0) {
		if (e && !e->err)
			e->err = rc;
		return NULL;
	}
	return ctx->store;
}

static int host_client(void *arg, const char *path,
		       const struct lfs_llapi **api, struct lfs_error *e)
{
	struct lfs_ctx *ctx = arg;
	int rc = ctx_client_quiet(ctx, path, e);

	*api = rc == 1 ? ctx->llapi : NULL;
	return rc;
}

static const char *host_cwd(void *arg)
{
	struct lfs_ctx *ctx = arg;

	return ctx->cwd;
}

/* The line runs as in the shell, its output captured in out. */
static int host_run(void *arg, const char *line, FILE *out)
{
	struct lfs_ctx *ctx = arg;
	FILE *saved = ctx->out;
	int rc;

	fflush(saved);
	ctx->out = out;
	rc = shell_run_line(ctx, line, false);
	fflush(out);
	ctx->out = saved;
	return rc;
}

void shell_lua_host(struct lfs_ctx *ctx, struct lfs_lua_host *h)
{
	h->store = host_store;
	h->cwd = host_cwd;
	h->run = host_run;
	h->client = host_client;
	h->interrupted = ctx->cancel;
	h->arg = ctx;
}
