/* l_find.c - lfs.find: an iterator over find_walk() (lib/find.h). The walk
 * runs on a thread of its own with a store handle of its own and hands
 * the entries over in batches, so the loop body may call anything in
 * `lfs` while the walk streams, and nothing is collected first. */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "find.h"
#include "l_internal.h"
#include "ns.h"

#define FIND_META "lfs.find"
#define BATCH 1024
/* A batch not yet full is handed over anyway at a match found while Lua
 * waits, when this long has passed since the last hand-over (the first
 * match: at once), so a selective filter streams its matches without
 * waiting for 1,024 of them, and a fast loop still takes big batches. */
#define LINGER_NS 50000000L

/* An entry: offsets into its batch's text. */
struct item {
	size_t path;
	size_t msg;    /* a failed entry's message, else SIZE_MAX */
	int err;       /* positive errno */
};

/* Entries and their text in two arrays, not an allocation each. */
struct batch {
	struct item *v;
	size_t n, i;
	char *text;
	size_t used, cap;
};

struct find_iter {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool started, done, stop;
	bool waiting;            /* Lua waits in find_next (atomic) */
	struct timespec last;    /* the walk's last hand-over */
	pthread_t th;
	struct batch ready;      /* handed over, not yet taken (mu) */
	struct batch mine;       /* the walk's, being filled */
	struct batch taken;      /* Lua's, being given out */
	struct lfs_store *s;     /* the walk's own handle */
	struct find_filter f;
	bool filter_set;
	char cwd[PATH_MAX], rel[PATH_MAX];
	char *name;
};

static void batch_free(struct batch *b)
{
	free(b->v);
	free(b->text);
	memset(b, 0, sizeof(*b));
}

/* Append x, y and a NUL to b's text: its offset, or SIZE_MAX. */
static size_t put_text(struct batch *b, const char *x, const char *y)
{
	size_t lx = strlen(x), ly = strlen(y), at = b->used;

	if (b->used + lx + ly + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 65536;
		char *t;

		while (cap < b->used + lx + ly + 1)
			cap *= 2;
		if (!(t = realloc(b->text, cap)))
			return SIZE_MAX;
		b->text = t;
		b->cap = cap;
	}
	memcpy(b->text + at, x, lx);
	memcpy(b->text + at + lx, y, ly + 1);
	b->used += lx + ly + 1;
	return at;
}

/* Hand the walk's batch over once Lua has taken the previous one;
 * false when the iterator was closed. */
static bool hand_over(struct find_iter *it)
{
	bool stop;

	pthread_mutex_lock(&it->mu);
	while (it->ready.n && !it->stop)
		pthread_cond_wait(&it->cv, &it->mu);
	stop = it->stop;
	if (!stop) {
		it->ready = it->mine;
		memset(&it->mine, 0, sizeof(it->mine));
		pthread_cond_broadcast(&it->cv);
	}
	pthread_mutex_unlock(&it->mu);
	clock_gettime(CLOCK_MONOTONIC, &it->last);
	return !stop;
}

/* Hand over a batch that is not full: Lua waits, and it lingered. */
static bool hand_over_early(struct find_iter *it)
{
	struct timespec now;

	if (!__atomic_load_n(&it->waiting, __ATOMIC_ACQUIRE))
		return false;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - it->last.tv_sec) * 1000000000L +
	       (now.tv_nsec - it->last.tv_nsec) >= LINGER_NS;
}

static int add(struct find_iter *it, const char *path, int err,
	       const struct lfs_error *e)
{
	struct item *x;

	if (!it->mine.v && !(it->mine.v = calloc(BATCH, sizeof(*x))))
		return -ENOMEM;
	x = &it->mine.v[it->mine.n];
	if ((x->path = put_text(&it->mine, path, "")) == SIZE_MAX)
		return -ENOMEM;
	x->err = err < 0 ? -err : err;
	x->msg = SIZE_MAX;
	if (err) {
		char m[300];

		snprintf(m, sizeof(m), ": %s", lfs_error_text(e, err));
		x->msg = put_text(&it->mine, path, m);
	}
	it->mine.n++;
	/* A closed iterator stops the walk at its next match, not a batch
	 * later. */
	if (__atomic_load_n(&it->stop, __ATOMIC_ACQUIRE))
		return 1;
	if ((it->mine.n == BATCH || hand_over_early(it)) && !hand_over(it))
		return 1;
	return 0;
}

static int on_entry(void *arg, struct find_entry *ent)
{
	return add(arg, ent->path, ent->err, &ent->e);
}

static void *walk(void *arg)
{
	struct find_iter *it = arg;
	int rc = find_walk(it->s, it->rel, it->name, &it->f, on_entry, it);

	if (rc < 0)
		add(it, it->name, rc, NULL);
	if (it->mine.n)
		hand_over(it);
	batch_free(&it->mine);
	pthread_mutex_lock(&it->mu);
	it->done = true;
	pthread_cond_broadcast(&it->cv);
	pthread_mutex_unlock(&it->mu);
	return NULL;
}

static void iter_close(struct find_iter *it)
{
	if (it->started) {
		pthread_mutex_lock(&it->mu);
		__atomic_store_n(&it->stop, true, __ATOMIC_RELEASE);
		pthread_cond_broadcast(&it->cv);
		pthread_mutex_unlock(&it->mu);
		pthread_join(it->th, NULL);
		it->started = false;
		pthread_mutex_destroy(&it->mu);
		pthread_cond_destroy(&it->cv);
	}
	batch_free(&it->ready);
	batch_free(&it->taken);
	if (it->filter_set)
		find_filter_free(&it->f);
	it->filter_set = false;
	store_close(it->s);
	it->s = NULL;
	free(it->name);
	it->name = NULL;
	it->done = true;
}

static int find_gc(lua_State *L)
{
	iter_close(luaL_checkudata(L, 1, FIND_META));
	return 0;
}

/* The next entry: path, or path, message, errno; nil at the end. */
static int find_next(lua_State *L)
{
	struct find_iter *it = luaL_checkudata(L, 1, FIND_META);
	struct item *x;

	if (it->taken.i == it->taken.n) {
		batch_free(&it->taken);
		if (!it->started)
			return 0;
		pthread_mutex_lock(&it->mu);
		__atomic_store_n(&it->waiting, true, __ATOMIC_RELEASE);
		while (!it->ready.n && !it->done)
			pthread_cond_wait(&it->cv, &it->mu);
		__atomic_store_n(&it->waiting, false, __ATOMIC_RELEASE);
		it->taken = it->ready;
		memset(&it->ready, 0, sizeof(it->ready));
		pthread_cond_broadcast(&it->cv);
		pthread_mutex_unlock(&it->mu);
		if (!it->taken.n) {
			iter_close(it);
			return 0;
		}
	}
	x = &it->taken.v[it->taken.i++];
	lua_pushstring(L, it->taken.text + x->path);
	if (!x->err)
		return 1;
	lua_pushstring(L, it->taken.text + (x->msg != SIZE_MAX ? x->msg : x->path));
	lua_pushinteger(L, x->err);
	return 3;
}

static int find_close(lua_State *L)
{
	iter_close(luaL_checkudata(L, 1, FIND_META));
	return 0;
}

void l_find_meta(lua_State *L)
{
	static const luaL_Reg meta[] = {
		{ "__gc", find_gc },
		{ "__close", find_gc },
		{ "__call", find_next },
		{ NULL, NULL },
	};
	static const luaL_Reg methods[] = {
		{ "next", find_next },
		{ "close", find_close },
		{ NULL, NULL },
	};

	luaL_newmetatable(L, FIND_META);
	luaL_setfuncs(L, meta, 0);
	luaL_newlib(L, methods);
	lua_setfield(L, -2, "__index");
	lua_pop(L, 1);
}

/* lfs find's long option names (find_filter_set's), with '_'. */
static const char *const filter_keys[] = {
	"atime", "mtime", "ctime", "btime", "Btime", "blocks",
	"component_count", "comp_count", "component_flags", "comp_flags",
	"component_start", "comp_start", "component_end", "comp_end",
	"stripe_count", "stripe_size", "stripe_index", "maxdepth", "mindepth",
	"gid", "group", "uid", "user", "lazy", "layout", "mdt", "mdt_index",
	"name", "ost", "obd", "perm", "pool", "size", "type", NULL,
};

static bool filter_key(const char *k)
{
	if (!strncmp(k, "newer", 5))
		return true;     /* newer, newermt, newerXY: find_filter_set's */
	for (size_t i = 0; filter_keys[i]; i++)
		if (!strcmp(filter_keys[i], k))
			return true;
	return false;
}

/* One test; 0, or -errno for an OST, pool or owner that does not exist
 * (pushed as l_fail's 3 values). */
static int filter_one(lua_State *L, struct find_iter *it, struct lfs_store *s)
{
	const char *key = lua_tostring(L, -2), *name = key, *text = NULL;
	struct lfs_error e = { 0, "" };
	bool neg = false;
	char buf[1024];
	int rc;

	if (!strncmp(key, "not_", 4)) {
		neg = true;
		name = key + 4;
	}
	if (!filter_key(name))
		luaL_argerror(L, 2, lua_pushfstring(L, "unknown option '%s'", key));
	if (!strcmp(name, "lazy")) {
		if (!lua_toboolean(L, -1))
			return 0;
	} else {
		/* A string stays anchored in the filter table. */
		text = l_opt_text(L, 2, 2, key, true, buf, sizeof(buf));
	}
	rc = find_filter_set(&it->f, name, text, neg, s, &e);
	if (rc == -EINVAL)
		l_opt_error(L, 2, key, lfs_error_text(&e, rc));
	if (rc)
		l_fail(L, NULL, rc, &e);
	return rc;
}

int l_find(lua_State *L)
{
	struct l_state *st = l_state(L);
	struct lfs_error e = { 0, "" };
	const struct lfs_llapi *api;
	struct find_iter *it;
	struct lfs_store *s = NULL;
	struct stat sb;
	const char *path;
	sigset_t all, old;
	int rc;

	luaL_checkstring(L, 1);
	if (!lua_isnoneornil(L, 2))
		luaL_checktype(L, 2, LUA_TTABLE);
	lua_settop(L, 2);
	it = lua_newuserdatauv(L, sizeof(*it), 0);
	memset(it, 0, sizeof(*it));
	luaL_setmetatable(L, FIND_META);
	/* On a Lustre mount (the path on it, no store; as find's first
	 * operand): host paths, layouts through liblustreapi (find.h, f.api). */
	if ((rc = l_client(L, lua_tostring(L, 1), &api, &e)) < 0)
		return l_fail(L, NULL, rc, &e);
	if (!rc && !(s = l_store(L, false, &e)))
		return l_store_fail(L, &e);
	snprintf(it->cwd, sizeof(it->cwd), "%s",
		 st->host.cwd ? st->host.cwd(st->host.arg) : "/");
	find_filter_init(&it->f, time(NULL));
	it->f.cwd = it->cwd;
	it->f.cancel = st->host.interrupted;
	it->f.api = api;
	it->f.mount_path = lua_tostring(L, 1);   /* anchored: argument 1 */
	it->filter_set = true;
	if (!lua_isnil(L, 2)) {
		lua_pushnil(L);
		while (lua_next(L, 2)) {
			if (lua_type(L, -2) != LUA_TSTRING)
				luaL_argerror(L, 2, "option names are strings");
			if (filter_one(L, it, s))
				return 3;
			lua_pop(L, 1);
		}
	}
	if (api) {
		path = lua_tostring(L, 1);
		if (snprintf(it->rel, sizeof(it->rel), "%s", path) >= (int)sizeof(it->rel))
			return l_fail(L, path, -ENAMETOOLONG, NULL);
		if (lstat(path, &sb))
			return l_fail(L, path, -errno, NULL);
	} else if ((rc = l_rel(L, 1, &path, it->rel, sizeof(it->rel), &e))) {
		return l_fail(L, path, rc, &e);
	} else if ((rc = ns_stat(s, it->rel, false, &sb))) {
		return l_fail(L, path, rc, NULL);
	}
	if (!(it->name = strdup(path)))
		return l_fail(L, path, -ENOMEM, NULL);
	if (s && (rc = store_open_again(s, &it->s, &e)))
		return l_fail(L, NULL, rc, &e);
	pthread_mutex_init(&it->mu, NULL);
	pthread_cond_init(&it->cv, NULL);
	/* The first match goes as soon as Lua waits: as if the last hand-over
	 * were a linger ago. */
	clock_gettime(CLOCK_MONOTONIC, &it->last);
	it->last.tv_sec -= 1;
	/* Signals are the Lua thread's (its interrupt handling). */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&it->th, NULL, walk, it);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc) {
		pthread_mutex_destroy(&it->mu);
		pthread_cond_destroy(&it->cv);
		return l_fail(L, NULL, -rc, NULL);
	}
	it->started = true;
	/* iterator, state, control, closing value: for ... in closes it. */
	lua_pushnil(L);
	lua_pushnil(L);
	lua_pushvalue(L, -3);
	return 4;
}
