/* l_migrate.c - lfs.migrate and lfs.migrate_many over migrate_run()
 * (lib/migrate_run.h), as `lfs migrate` runs it.
 *
 * migrate_many runs migrate_run() on a thread of its own; its callbacks
 * (the names, each file settled, the progress), serialized by the run,
 * are posted to a mailbox and wait there while the Lua thread, which
 * serves the mailbox, calls Lua. So Lua is only ever called on its own
 * thread, whatever -j is, and an error in a callback stops the run from
 * taking names, lets the files in flight finish, and is raised once the
 * run is over.
 *
 * On a Lustre mount (no store selected; the path, a list's first one, or
 * for an iterator the working directory on the mount) the run is
 * migrate_run_on() over lfs_lustre_backend, as `lfs migrate` runs it
 * there, copy= and auto_stripe included. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "backend.h"
#include "l_internal.h"
#include "migrate_run.h"
#include "runs.h"
#include "size.h"

#define RUN_META "lfs.migrate_run"

static const char *const migrate_keys[] = {
	"layout", "stripe_count", "overstripe_count", "stripe_size",
	"stripe_index", "ost", "pool", "components",
	"non_block", "block", "copy", "yaml", "auto_stripe", "dry_run",
	"bandwidth", NULL,
};
static const char *const run_keys[] = {
	"jobs", "on_file", "on_progress", "interval", NULL,
};

/* opts (at arg) into o; the layout template is left in *layout. 0, or
 * -errno with l_fail's 3 values pushed. check: check opts (raising for
 * misuse) and nothing else, before the store is opened. s NULL (and not
 * check): a Lustre mount, through api. */
static int migrate_opts(lua_State *L, int arg, bool check, struct lfs_store *s,
			const struct lfs_llapi *api, struct migrate_run_opts *o,
			struct lfs_layout **layout)
{
	bool count_or_end = false;
	int rc;

	*layout = NULL;
	if (!l_opts_given(L, arg))
		return 0;
	l_opts_check(L, arg, arg, migrate_keys);
	o->nonblock = l_opt_bool(L, arg, arg, "non_block");
	if (l_opt_bool(L, arg, arg, "block") && o->nonblock)
		l_opt_error(L, arg, "block", "cannot be combined with non_block");
	o->auto_stripe = l_opt_bool(L, arg, arg, "auto_stripe");
	o->dry_run = l_opt_bool(L, arg, arg, "dry_run");
	if (l_opt_size(L, arg, arg, "bandwidth", &o->bandwidth) && !o->bandwidth)
		l_opt_error(L, arg, "bandwidth", "invalid bandwidth '0'");
	lua_getfield(L, arg, "stripe_count");
	lua_getfield(L, arg, "components");
	count_or_end = !lua_isnil(L, -1) || !lua_isnil(L, -2);
	lua_pop(L, 2);
	if (o->auto_stripe && count_or_end)
		l_opt_error(L, arg, "auto_stripe",
			    "cannot be combined with stripe_count or components");
	if (check) {
		l_layout_check(L, arg);
		return 0;
	}
	rc = l_layout_template(L, arg, s, api, layout);
	o->layout = *layout;
	return rc;
}

static void push_result(lua_State *L, const struct migrate_file_result *f)
{
	lua_createtable(L, 0, 10);
	if (f->path) {
		lua_pushstring(L, f->path);
		lua_setfield(L, -2, "path");
	}
	l_set_bool(L, "ok", !f->rc);
	l_set_bool(L, "skipped", !f->rc && f->res.skipped);
	l_set_bool(L, "skipped_link", f->skipped_link);
	l_set_int(L, "bytes", (lua_Integer)f->res.bytes);
	l_set_int(L, "size", (lua_Integer)f->res.size);
	if (f->res.capped)
		l_set_int(L, "capped", f->res.capped);
	if (!f->rc)
		return;
	/* migrate's message: "FILE: STEP: strerror", or the reason a
	 * name was refused. */
	if (f->name_refused || !f->path)
		lua_pushfstring(L, "%s%s%s", f->path && *f->path ? f->path : "",
				f->path && *f->path ? ": " : "",
				lfs_error_text(&f->err, f->rc));
	else
		lua_pushfstring(L, "%s: %s%s%s", f->path, f->err.msg,
				f->err.msg[0] ? ": " : "", strerror(-f->rc));
	lua_setfield(L, -2, "message");
	l_set_int(L, "errno", -f->rc);
}

/* lfs.migrate: one name, on the Lua thread (nothing calls Lua). */
struct one {
	struct migrate_file_result f;
	struct lfs_layout *old_layout, *new_layout;
	bool seen;
};

static void one_file(void *arg, const struct migrate_file_result *f)
{
	struct one *o = arg;

	o->f = *f;
	o->seen = true;
	o->old_layout = f->res.old_layout ? layout_dup(f->res.old_layout) : NULL;
	o->new_layout = f->res.new_layout ? layout_dup(f->res.new_layout) : NULL;
}

static double since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

int l_migrate(lua_State *L)
{
	struct migrate_run_opts o = { .jobs = 1 };
	struct lfs_error e = { 0, "" };
	struct lfs_layout *layout;
	struct one one = { .seen = false };
	const struct lfs_llapi *api;
	struct lfs_store *s = NULL;
	struct timespec t0;
	const char *path = luaL_checkstring(L, 1);
	struct l_state *st = l_state(L);
	int rc, client;

	migrate_opts(L, 2, true, NULL, NULL, &o, &layout);
	if ((client = l_client_at(L, 1, &api)) < 0)
		return 3;
	if (!client && !(s = l_store(L, true, &e)))
		return l_store_fail(L, &e);
	if (migrate_opts(L, 2, false, s, api, &o, &layout))
		return 3;
	o.on_file = one_file;
	o.arg = &one;
	o.cancel = st->host.interrupted;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	migrate_run_record(s, api, path, &o);
	if (client)
		rc = migrate_run_list_on(&lfs_lustre_backend, (void *)api, NULL,
					 &path, 1, &o);
	else
		rc = migrate_run_list(s, st->host.cwd ? st->host.cwd(st->host.arg) : "/",
				      &path, 1, &o);
	runs_finish(o.record);
	layout_free(layout);
	if (!one.seen)
		return l_fail(L, path, rc ? rc : -EIO, NULL);
	one.f.path = path;
	push_result(L, &one.f);
	if (one.f.rc) {
		layout_free(one.old_layout);
		layout_free(one.new_layout);
		luaL_pushfail(L);
		lua_getfield(L, -2, "message");
		lua_getfield(L, -3, "errno");
		return 3;
	}
	l_set_num(L, "seconds", since(&t0));
	lua_pushboolean(L, one.f.res.skipped);
	lua_setfield(L, -2, "skipped");
	if (one.old_layout) {
		l_push_layout(L, one.old_layout, false, !client);
		lua_setfield(L, -2, "old_layout");
	}
	if (one.new_layout) {
		l_push_layout(L, one.new_layout, false, !client);
		lua_setfield(L, -2, "new_layout");
	}
	layout_free(one.old_layout);
	layout_free(one.new_layout);
	return 1;
}

/* lfs.migrate_many */

enum ev { EV_NONE, EV_NEXT, EV_FILE, EV_PROGRESS, EV_DONE };

struct run {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool sync_init, started;
	pthread_t th;
	enum ev ev;              /* posted, waiting to be served */
	bool served;
	const void *data;        /* EV_FILE, EV_PROGRESS */
	int reply;               /* EV_NEXT: 1, 0 at the end, -errno */
	char *name;              /* EV_NEXT's name, kept until the next */
	/* The run: on the store s, or on a Lustre mount through api. */
	struct lfs_store *s;
	const struct lfs_llapi *api;
	char cwd[PATH_MAX];
	struct migrate_run_opts o;
	struct migrate_run_summary sum;
	struct lfs_layout *layout;
	char **names;            /* a list of paths */
	size_t n, i;
	int rc;
	/* Lua's side: the callbacks' registry refs, the error that stopped
	 * the run, a worker's handle failure, names the iterator failed. */
	int ref_iter, ref_file, ref_progress, ref_error;
	struct lfs_error handle_e;
	int handle_rc;
	uint64_t iter_failed;
};

static int run_gc(lua_State *L)
{
	struct run *r = luaL_checkudata(L, 1, RUN_META);

	if (r->started)
		pthread_join(r->th, NULL);
	r->started = false;
	runs_finish(r->o.record);
	r->o.record = NULL;
	if (r->sync_init) {
		pthread_mutex_destroy(&r->mu);
		pthread_cond_destroy(&r->cv);
		r->sync_init = false;
	}
	for (size_t i = 0; r->names && i < r->n; i++)
		free(r->names[i]);
	free(r->names);
	r->names = NULL;
	free(r->name);
	r->name = NULL;
	layout_free(r->layout);
	r->layout = NULL;
	luaL_unref(L, LUA_REGISTRYINDEX, r->ref_iter);
	luaL_unref(L, LUA_REGISTRYINDEX, r->ref_file);
	luaL_unref(L, LUA_REGISTRYINDEX, r->ref_progress);
	luaL_unref(L, LUA_REGISTRYINDEX, r->ref_error);
	r->ref_iter = r->ref_file = r->ref_progress = r->ref_error = LUA_NOREF;
	return 0;
}

/* The run's side: post an event and wait until Lua has served it. */
static int post(struct run *r, enum ev ev, const void *data)
{
	int reply;

	pthread_mutex_lock(&r->mu);
	r->ev = ev;
	r->data = data;
	r->served = false;
	pthread_cond_broadcast(&r->cv);
	while (ev != EV_DONE && !r->served)
		pthread_cond_wait(&r->cv, &r->mu);
	reply = r->reply;
	if (ev != EV_DONE) {
		r->ev = EV_NONE;
		r->served = false;
	}
	pthread_mutex_unlock(&r->mu);
	return reply;
}

static int next_posted(void *arg, const char **path)
{
	struct run *r = arg;
	int rc = post(r, EV_NEXT, NULL);

	if (rc == 1)
		*path = r->name;
	return rc;
}

static int next_listed(void *arg, const char **path)
{
	struct run *r = arg;

	if (r->i == r->n)
		return 0;
	*path = r->names[r->i++];
	return 1;
}

static void file_posted(void *arg, const struct migrate_file_result *f)
{
	struct run *r = arg;

	if (!f->path && !r->handle_rc) {      /* under the run's lock */
		r->handle_rc = f->rc;
		r->handle_e = f->err;
	}
	if (r->ref_file != LUA_NOREF)
		post(r, EV_FILE, f);
}

static void progress_posted(void *arg, const struct migrate_run_progress *p)
{
	post(arg, EV_PROGRESS, p);
}

static void *runner(void *arg)
{
	struct run *r = arg;

	int (*next)(void *, const char **) = r->ref_iter != LUA_NOREF ? next_posted :
					     next_listed;

	r->rc = r->api ? migrate_run_on(&lfs_lustre_backend, (void *)r->api, NULL,
					next, r, &r->o) :
			 migrate_run(r->s, r->cwd, next, r, &r->o);
	post(r, EV_DONE, NULL);
	return NULL;
}

/* Call the function of registry ref with the table on top (popped);
 * false once a callback has failed (its error kept). */
static bool call_back(lua_State *L, struct run *r, int ref, int nargs,
		      int nres)
{
	lua_rawgeti(L, LUA_REGISTRYINDEX, ref);
	lua_insert(L, -1 - nargs);
	if (lua_pcall(L, nargs, nres, 0) == LUA_OK)
		return true;
	r->ref_error = luaL_ref(L, LUA_REGISTRYINDEX);
	return false;
}

static void push_progress(lua_State *L, const struct migrate_run_progress *p)
{
	lua_createtable(L, 0, 10);
	l_set_int(L, "files_done", (lua_Integer)p->files_done);
	l_set_int(L, "files_total", (lua_Integer)p->files_total);
	l_set_int(L, "bytes", (lua_Integer)p->bytes);
	l_set_num(L, "elapsed", p->elapsed);
	l_set_num(L, "rate", p->rate);
	l_set_num(L, "eta", p->eta);
	if (p->path) {
		lua_pushstring(L, p->path);
		lua_setfield(L, -2, "path");
	}
	l_set_int(L, "file_bytes", (lua_Integer)p->file_bytes);
	l_set_int(L, "file_size", (lua_Integer)p->file_size);
	l_set_bool(L, "last", p->end);
}

/* EV_NEXT on the Lua thread: the iterator's next path. A failed entry
 * of a find iterator (path, message, errno) is no name to migrate: it
 * counts as failed and goes to on_file. */
static int serve_next(lua_State *L, struct run *r)
{
	for (;;) {
		int top = lua_gettop(L);

		if (r->ref_error != LUA_NOREF)
			return -ECANCELED;
		if (!call_back(L, r, r->ref_iter, 0, 3))
			return -ECANCELED;
		if (lua_isnil(L, top + 1)) {
			lua_settop(L, top);
			return 0;
		}
		if (lua_type(L, top + 1) != LUA_TSTRING) {
			lua_pushfstring(L, "bad argument #1 to 'migrate_many' (the iterator gave a %s, string expected)",
					luaL_typename(L, top + 1));
			r->ref_error = luaL_ref(L, LUA_REGISTRYINDEX);
			lua_settop(L, top);
			return -ECANCELED;
		}
		if (lua_isnil(L, top + 2)) {
			free(r->name);
			r->name = strdup(lua_tostring(L, top + 1));
			lua_settop(L, top);
			return r->name ? 1 : -ENOMEM;
		}
		r->iter_failed++;
		if (r->ref_file != LUA_NOREF) {
			lua_createtable(L, 0, 4);
			lua_pushvalue(L, top + 1);
			lua_setfield(L, -2, "path");
			l_set_bool(L, "ok", false);
			lua_pushvalue(L, top + 2);
			lua_setfield(L, -2, "message");
			lua_pushvalue(L, top + 3);
			lua_setfield(L, -2, "errno");
			call_back(L, r, r->ref_file, 1, 0);
		}
		lua_settop(L, top);
	}
}

/* Serve the mailbox until the run is over. */
static void serve(lua_State *L, struct run *r)
{
	for (;;) {
		enum ev ev;
		int reply = 0;

		pthread_mutex_lock(&r->mu);
		while (r->ev == EV_NONE || r->served)
			pthread_cond_wait(&r->cv, &r->mu);
		ev = r->ev;
		pthread_mutex_unlock(&r->mu);
		if (ev == EV_DONE)
			return;
		if (ev == EV_NEXT) {
			reply = serve_next(L, r);
		} else if (r->ref_error == LUA_NOREF) {
			if (ev == EV_FILE && r->ref_file != LUA_NOREF) {
				push_result(L, r->data);
				call_back(L, r, r->ref_file, 1, 0);
			} else if (ev == EV_PROGRESS && r->ref_progress != LUA_NOREF) {
				push_progress(L, r->data);
				call_back(L, r, r->ref_progress, 1, 0);
			}
		}
		pthread_mutex_lock(&r->mu);
		r->reply = reply;
		r->served = true;
		pthread_cond_broadcast(&r->cv);
		pthread_mutex_unlock(&r->mu);
	}
}

static int fn_ref(lua_State *L, int arg, const char *key)
{
	lua_getfield(L, arg, key);
	if (lua_isnil(L, -1)) {
		lua_pop(L, 1);
		return LUA_NOREF;
	}
	if (!lua_isfunction(L, -1))
		l_opt_error(L, arg, key, lua_pushfstring(L, "function expected, got %s",
							 luaL_typename(L, -1)));
	return luaL_ref(L, LUA_REGISTRYINDEX);
}

/* paths (arg 1): a list, copied, or an iterator, kept. */
static void take_paths(lua_State *L, struct run *r)
{
	int t = lua_type(L, 1);
	bool callable = t == LUA_TFUNCTION;
	size_t n;

	if (!callable && luaL_getmetafield(L, 1, "__call") != LUA_TNIL) {
		lua_pop(L, 1);
		callable = true;
	}
	if (callable) {
		lua_pushvalue(L, 1);
		r->ref_iter = luaL_ref(L, LUA_REGISTRYINDEX);
		return;
	}
	if (t != LUA_TTABLE)
		luaL_typeerror(L, 1, "table of paths or iterator");
	n = lua_rawlen(L, 1);
	if (!(r->names = calloc(n ? n : 1, sizeof(*r->names))))
		luaL_error(L, "not enough memory");
	for (size_t i = 1; i <= n; i++) {
		lua_rawgeti(L, 1, (lua_Integer)i);
		if (lua_type(L, -1) != LUA_TSTRING)
			luaL_argerror(L, 1, lua_pushfstring(L,
				"list of paths expected, got a %s at %d",
				luaL_typename(L, -1), (int)i));
		if (!(r->names[i - 1] = strdup(lua_tostring(L, -1))))
			luaL_error(L, "not enough memory");
		r->n = i;
		lua_pop(L, 1);
	}
	r->o.total = n;
}

static void push_summary(lua_State *L, const struct run *r)
{
	lua_createtable(L, 0, 8);
	l_set_int(L, "names", (lua_Integer)(r->sum.names + r->iter_failed));
	l_set_int(L, "migrated", (lua_Integer)r->sum.migrated);
	l_set_int(L, "skipped", (lua_Integer)r->sum.skipped);
	l_set_int(L, "busy", (lua_Integer)r->sum.busy);
	l_set_int(L, "failed", (lua_Integer)(r->sum.failed + r->iter_failed));
	l_set_int(L, "interrupted", (lua_Integer)r->sum.interrupted);
	l_set_int(L, "bytes", (lua_Integer)r->sum.bytes);
	l_set_num(L, "seconds", r->sum.elapsed);
}

int l_migrate_many(lua_State *L)
{
	struct l_state *st = l_state(L);
	struct lfs_error e = { 0, "" };
	struct run *r;
	sigset_t all, old;
	lua_Integer jobs = 1;
	int rc;

	luaL_checkany(L, 1);
	lua_settop(L, 3);
	r = lua_newuserdatauv(L, sizeof(*r), 0);     /* at 4 */
	memset(r, 0, sizeof(*r));
	r->ref_iter = r->ref_file = r->ref_progress = r->ref_error = LUA_NOREF;
	if (luaL_newmetatable(L, RUN_META)) {
		lua_pushcfunction(L, run_gc);
		lua_setfield(L, -2, "__gc");
	}
	lua_setmetatable(L, 4);
	r->o.progress_interval = 1.0;
	take_paths(L, r);
	if (l_opts_given(L, 3)) {
		l_opts_check(L, 3, 3, run_keys);
		lua_getfield(L, 3, "jobs");
		if (!lua_isnil(L, -1)) {
			if (!lua_isinteger(L, -1) || (jobs = lua_tointeger(L, -1)) < 1 || jobs > 256)
				l_opt_error(L, 3, "jobs", "1 to 256 expected");
		}
		lua_pop(L, 1);
		lua_getfield(L, 3, "interval");
		if (!lua_isnil(L, -1)) {
			if (!lua_isnumber(L, -1) || lua_tonumber(L, -1) <= 0)
				l_opt_error(L, 3, "interval", "positive number expected");
			r->o.progress_interval = lua_tonumber(L, -1);
		}
		lua_pop(L, 1);
		r->ref_file = fn_ref(L, 3, "on_file");
		r->ref_progress = fn_ref(L, 3, "on_progress");
	}
	r->o.jobs = (unsigned)jobs;
	migrate_opts(L, 2, true, NULL, NULL, &r->o, &r->layout);
	/* The store or a mount, as the first name is (an iterator: the
	 * working directory), as `lfs migrate` decides. */
	if ((rc = l_client(L, r->n ? r->names[0] : NULL, &r->api, &e)) < 0)
		return l_fail(L, NULL, rc, &e);
	if (!rc && !(r->s = l_store(L, true, &e)))
		return l_store_fail(L, &e);
	if (migrate_opts(L, 2, false, r->s, r->api, &r->o, &r->layout))
		return 3;
	snprintf(r->cwd, sizeof(r->cwd), "%s",
		 st->host.cwd ? st->host.cwd(st->host.arg) : "/");
	migrate_run_record(r->s, r->api, r->n ? r->names[0] : ".", &r->o);
	r->o.on_file = file_posted;
	if (r->ref_progress != LUA_NOREF)
		r->o.on_progress = progress_posted;
	r->o.summary = &r->sum;
	r->o.arg = r;
	r->o.cancel = st->host.interrupted;
	pthread_mutex_init(&r->mu, NULL);
	pthread_cond_init(&r->cv, NULL);
	r->sync_init = true;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&r->th, NULL, runner, r);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc)
		return l_fail(L, NULL, -rc, NULL);
	r->started = true;
	st->in_run++;
	serve(L, r);
	st->in_run--;
	pthread_join(r->th, NULL);
	r->started = false;
	runs_finish(r->o.record);      /* the run is over: not listed */
	r->o.record = NULL;
	if (r->ref_error != LUA_NOREF) {
		lua_rawgeti(L, LUA_REGISTRYINDEX, r->ref_error);
		return lua_error(L);
	}
	if (r->handle_rc)
		return l_fail(L, NULL, r->handle_rc, &r->handle_e);
	push_summary(L, r);
	return 1;
}
