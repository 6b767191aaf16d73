/* l_data.c - bytes in and out: lfs.read, lfs.write (lib/transfer.h, as
 * cat and write), lfs.import and lfs.export. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "inode.h"
#include "io.h"
#include "l_internal.h"
#include "size.h"
#include "transfer.h"

/* cat's and export's "PATH: DETAIL: strerror" for a failed read. */
static int read_fail(lua_State *L, const char *path, int rc,
		     const struct lfs_error *e)
{
	if (e->msg[0])
		return l_failf(L, rc, "%s: %s: %s", path, e->msg, strerror(-rc));
	return l_fail(L, path, rc, NULL);
}

struct sink {
	char *buf;
	size_t len, cap;
	uint64_t skip, want;     /* bytes before offset; bytes still wanted */
};

static int to_buffer(void *arg, const void *data, size_t len)
{
	struct sink *k = arg;
	const char *p = data;

	if (k->skip >= len) {
		k->skip -= len;
		return 0;
	}
	p += k->skip;
	len -= k->skip;
	k->skip = 0;
	if (len > k->want)
		len = k->want;
	if (k->len + len > k->cap) {
		size_t cap = k->cap ? k->cap : 65536;
		char *n;

		while (cap < k->len + len)
			cap *= 2;
		if (!(n = realloc(k->buf, cap)))
			return -ENOMEM;
		k->buf = n;
		k->cap = cap;
	}
	memcpy(k->buf + k->len, p, len);
	k->len += len;
	k->want -= len;
	return k->want ? 0 : -ECANCELED;   /* enough: stop reading */
}

static uint64_t opt_uint(lua_State *L, int arg, uint64_t dflt)
{
	lua_Integer v;

	if (lua_isnoneornil(L, arg))
		return dflt;
	v = luaL_checkinteger(L, arg);
	luaL_argcheck(L, v >= 0, arg, "not a negative number expected");
	return (uint64_t)v;
}

int l_read(lua_State *L)
{
	struct lfs_error e = { 0, "" };
	struct sink k = { NULL, 0, 0, 0, 0 };
	struct lfs_inode *ino;
	struct lfs_store *s;
	char rel[PATH_MAX];
	const char *path;
	int rc;

	luaL_checkstring(L, 1);
	k.skip = opt_uint(L, 2, 0);
	k.want = opt_uint(L, 3, UINT64_MAX);
	if ((rc = l_path_store(L, 1, false, &path, rel, &s)))
		return rc;
	if ((rc = inode_open(s, rel, INODE_READ, &ino, &e)))
		return l_fail(L, path, rc, &e);
	lfs_error_clear(&e);
	rc = k.want ? transfer_read(ino, to_buffer, &k, &e) : 0;
	inode_close(ino);
	if (rc && rc != -ECANCELED) {
		free(k.buf);
		return read_fail(L, path, rc, &e);
	}
	lua_pushlstring(L, k.buf ? k.buf : "", k.len);
	free(k.buf);
	return 1;
}

struct source {
	const char *data;
	size_t len, off;
};

static ssize_t from_string(void *arg, void *buf, size_t len)
{
	struct source *src = arg;

	if (len > src->len - src->off)
		len = src->len - src->off;
	memcpy(buf, src->data + src->off, len);
	src->off += len;
	return (ssize_t)len;
}

static const char *const write_keys[] = {
	"layout", "stripe_count", "overstripe_count", "stripe_size",
	"stripe_index", "ost", "pool", "components", "append", "offset", NULL,
};

int l_write(lua_State *L)
{
	struct lfs_error e = { 0, "" };
	struct source src = { NULL, 0, 0 };
	struct lfs_layout *layout = NULL;
	struct lfs_inode *ino = NULL;
	struct lfs_store *s;
	char rel[PATH_MAX];
	const char *path;
	bool append = false, at = false;
	uint64_t off = 0, done = 0;
	int rc;

	luaL_checkstring(L, 1);
	src.data = luaL_checklstring(L, 2, &src.len);
	if (l_opts_given(L, 3)) {
		l_opts_check(L, 3, 3, write_keys);
		append = l_opt_bool(L, 3, 3, "append");
		at = l_opt_size(L, 3, 3, "offset", &off);
		if (append && at)
			l_opt_error(L, 3, "offset", "cannot be combined with append");
	}
	l_layout_check(L, 3);
	if (!(s = l_store(L, true, &e)))
		return l_store_fail(L, &e);
	if (l_opts_given(L, 3) && l_layout_template(L, 3, s, NULL, &layout))
		return 3;
	rc = l_rel(L, 1, &path, rel, sizeof(rel), &e);
	if (!rc)
		rc = io_range_check(off, 0, &e);
	if (!rc)
		rc = inode_open(s, rel, INODE_WRITE, &ino, &e);
	if (rc == -ENOENT) {
		lfs_error_clear(&e);
		rc = inode_create(s, rel, 0644, layout, &ino, &e);
	} else if (!rc && layout) {
		inode_close(ino);
		rc = lfs_error_set(&e, -EEXIST,
			"layout options apply only to a new file: %s", strerror(EEXIST));
	}
	layout_free(layout);
	if (rc)
		return l_fail(L, path, rc, &e);
	rc = transfer_write(ino, append ? TRANSFER_APPEND : at ? TRANSFER_AT :
			    TRANSFER_REPLACE, off, from_string, &src, &done, &e);
	inode_close(ino);
	if (rc && done)
		return l_failf(L, rc, "%s: %s (%llu bytes written before the error were kept)",
			       path, lfs_error_text(&e, rc), (unsigned long long)done);
	if (rc)
		return l_fail(L, path, rc, &e);
	lua_pushinteger(L, (lua_Integer)done);
	return 1;
}

/* lfs.import: the counts, and each failure in a list. */
struct import_sum {
	lua_State *L;
	const char *path;
	lua_Integer imported, skipped, failed;
};

static void import_report(void *arg, enum transfer_event ev, const char *sub,
			  int rc, const struct lfs_error *e)
{
	struct import_sum *sum = arg;
	lua_State *L = sum->L;

	if (ev == TRANSFER_IMPORTED) {
		sum->imported++;
		return;
	}
	if (ev == TRANSFER_SKIPPED) {
		sum->skipped++;
		return;
	}
	sum->failed++;
	lua_createtable(L, 0, 3);
	if (*sub)
		lua_pushfstring(L, "%s/%s", sum->path, sub);
	else
		lua_pushstring(L, sum->path);
	lua_pushfstring(L, "%s: %s", lua_tostring(L, -1), lfs_error_text(e, rc));
	lua_setfield(L, -3, "message");
	lua_setfield(L, -2, "path");
	lua_pushinteger(L, -rc);
	lua_setfield(L, -2, "errno");
	lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
}

static const char *const import_keys[] = {
	"layout", "stripe_count", "overstripe_count", "stripe_size",
	"stripe_index", "ost", "pool", "components", "no_preserve", NULL,
};

int l_import(lua_State *L)
{
	struct lfs_error e = { 0, "" };
	struct lfs_layout *layout = NULL;
	struct import_sum sum = { L, NULL, 0, 0, 0 };
	struct lfs_store *s;
	char rel[PATH_MAX];
	const char *host;
	unsigned flags = 0;
	int rc, fd;

	host = luaL_checkstring(L, 1);
	luaL_checkstring(L, 2);
	if (l_opts_given(L, 3)) {
		l_opts_check(L, 3, 3, import_keys);
		if (l_opt_bool(L, 3, 3, "no_preserve"))
			flags |= TRANSFER_NO_PRESERVE;
	}
	l_layout_check(L, 3);
	if (!(s = l_store(L, true, &e)))
		return l_store_fail(L, &e);
	if (l_opts_given(L, 3) && l_layout_template(L, 3, s, NULL, &layout))
		return 3;
	if ((rc = l_rel(L, 2, &sum.path, rel, sizeof(rel), &e))) {
		layout_free(layout);
		return l_fail(L, sum.path, rc, &e);
	}
	if ((fd = open(host, O_RDONLY | O_CLOEXEC)) < 0) {
		rc = -errno;
		layout_free(layout);
		return l_fail(L, host, rc, NULL);
	}
	lua_newtable(L);     /* the failures, filled by import_report */
	transfer_import(s, fd, host, rel, layout, flags, l_state(L)->host.interrupted,
			import_report, &sum);
	close(fd);
	layout_free(layout);
	lua_createtable(L, 0, 4);
	lua_pushinteger(L, sum.imported);
	lua_setfield(L, -2, "imported");
	lua_pushinteger(L, sum.skipped);
	lua_setfield(L, -2, "skipped");
	lua_pushinteger(L, sum.failed);
	lua_setfield(L, -2, "failed");
	lua_insert(L, -2);
	lua_setfield(L, -2, "errors");
	return 1;
}

int l_export(lua_State *L)
{
	struct lfs_error e = { 0, "" };
	struct lfs_inode *ino;
	struct lfs_store *s;
	char rel[PATH_MAX];
	const char *path, *host;
	int fd, rc;

	luaL_checkstring(L, 1);
	host = luaL_checkstring(L, 2);
	if ((rc = l_path_store(L, 1, false, &path, rel, &s)))
		return rc;
	if ((rc = inode_open(s, rel, INODE_READ, &ino, &e)))
		return l_fail(L, path, rc, &e);
	fd = open(host, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		rc = -errno;
		inode_close(ino);
		return l_fail(L, host, rc, NULL);
	}
	lfs_error_clear(&e);
	rc = transfer_file_to_host(ino, fd, l_state(L)->host.interrupted, &e);
	if (close(fd) < 0 && !rc)
		rc = -errno;
	inode_close(ino);
	if (rc)
		return read_fail(L, path, rc, &e);
	lua_pushboolean(L, 1);
	return 1;
}
