/* store_conf.c - read and write lfs-store.conf; pools and OST states. */
#include "store.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "layout.h"
#include "size.h"
#include "store_internal.h"

#define CONF_TMP ".lfs-store.conf.tmp"

static int parse_ost_line(struct lfs_conf *c, char *rest)
{
	char *tok, *save = NULL;
	long idx;
	char *end;

	tok = strtok_r(rest, " \t", &save);
	if (!tok)
		return -EINVAL;
	idx = strtol(tok, &end, 10);
	if (*end || idx < 0 || (uint32_t)idx >= c->ost_count)
		return -EINVAL;
	while ((tok = strtok_r(NULL, " \t", &save))) {
		char *val = strchr(tok, '=');
		struct lfs_ost_conf *o = &c->osts[idx];

		if (!val)
			return -EINVAL;
		*val++ = '\0';
		if (!strcmp(tok, "capacity")) {
			if (size_parse(val, &o->capacity))
				return -EINVAL;
		} else if (!strcmp(tok, "state")) {
			if (!strcmp(val, "active"))
				o->state = OST_ACTIVE;
			else if (!strcmp(val, "inactive"))
				o->state = OST_INACTIVE;
			else
				return -EINVAL;
		} else if (!strcmp(tok, "nocreate")) {
			o->nocreate = atoi(val) != 0;
		} else if (!strcmp(tok, "degraded")) {
			o->degraded = atoi(val) != 0;
		} else if (!strcmp(tok, "removed")) {
			o->removed = atoi(val) != 0;
		} else if (!strcmp(tok, "path")) {
			if (!store_ost_path_ok(val))
				return -EINVAL;
			strcpy(o->path, val);
		} else {
			return -EINVAL;
		}
	}
	return 0;
}

bool store_fsname_ok(const char *name)
{
	size_t n = strlen(name);

	return n >= 1 && n <= LFS_FSNAME_MAX &&
	       strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			    "0123456789_") == n;
}

/* A name the configuration can hold: the pool name rule (layout.h),
 * already stripped of any prefix. */
static bool pool_name_ok(const char *name)
{
	char clean[LFS_POOL_NAME_MAX + 1];

	return !layout_pool_name(name, clean, NULL) && clean[0] &&
	       !strcmp(clean, name);
}

static int parse_pool_line(struct lfs_conf *c, char *rest)
{
	char *tok, *save = NULL;
	struct lfs_pool p = { .nr_osts = 0 };

	tok = strtok_r(rest, " \t", &save);
	if (!tok || !pool_name_ok(tok) || c->nr_pools >= LFS_MAX_POOLS)
		return -EINVAL;
	strcpy(p.name, tok);
	while ((tok = strtok_r(NULL, " \t", &save))) {
		char *end;
		long idx = strtol(tok, &end, 10);

		if (*end || idx < 0 || (uint32_t)idx >= c->ost_count ||
		    p.nr_osts >= LFS_MAX_OSTS)
			return -EINVAL;
		p.osts[p.nr_osts++] = (uint32_t)idx;
	}
	c->pools[c->nr_pools++] = p;
	return 0;
}

/* A configuration line without its leading and trailing blanks. */
static char *trim(char *line)
{
	size_t n = strlen(line);

	while (n && isspace((unsigned char)line[n - 1]))
		line[--n] = '\0';
	while (isspace((unsigned char)*line))
		line++;
	return line;
}

/* A line to ignore and report (lfs_conf.bad), or -EINVAL when there is
 * no room to keep it. */
static int keep_bad_line(struct lfs_conf *c, int lineno, const char *text)
{
	struct lfs_conf_bad *b = &c->bad[c->nr_bad];

	if (c->nr_bad == LFS_CONF_BAD_MAX || strlen(text) >= sizeof(b->text))
		return -EINVAL;
	b->lineno = (unsigned)lineno;
	strcpy(b->text, text);
	c->nr_bad++;
	return 0;
}

/* Parse the text of lfs-store.conf. A malformed format, fsname, osts or
 * ost line is an error: a newer format must not be half-understood, nor
 * an OST's capacity guessed. A pool line that does not parse, a repeated
 * or an unknown key is kept aside (lfs_conf.bad): such lines come from a
 * pool name an older lfs did not check, and must not wedge the store. */
static int conf_parse(FILE *f, struct lfs_conf *c, struct lfs_error *e)
{
	char line[LFS_MAX_OSTS * 6 + 64], raw[sizeof(line)];
	int lineno = 0;
	bool have_format = false;

	memset(c, 0, sizeof(*c));
	while (fgets(line, sizeof(line), f)) {
		char *key, *rest, shown[128];
		int rc = 0;

		lineno++;
		key = trim(line);
		if (!*key || *key == '#')
			continue;
		strcpy(raw, key);
		rest = key + strcspn(key, " \t");
		if (*rest)
			*rest++ = '\0';
		while (isspace((unsigned char)*rest))
			rest++;
		if (!strcmp(key, "format") && !have_format) {
			c->format = (unsigned)atoi(rest);
			if (c->format != LFS_STORE_FORMAT)
				return lfs_error_set(e, -EPROTO,
					"unsupported store format version '%s' (this lfs reads version %d)",
					lfs_escape(rest, shown, sizeof(shown)), LFS_STORE_FORMAT);
			have_format = true;
		} else if (!strcmp(key, "fsname") && !c->fsname[0]) {
			if (!store_fsname_ok(rest))
				rc = -EINVAL;
			else
				strcpy(c->fsname, rest);
		} else if (!strcmp(key, "osts") && !c->ost_count) {
			long n_osts = atol(rest);

			if (n_osts < 1 || n_osts > LFS_MAX_OSTS)
				rc = -EINVAL;
			else
				c->ost_count = (uint32_t)n_osts;
		} else if (!strcmp(key, "ost")) {
			rc = parse_ost_line(c, rest);
		} else if (strcmp(key, "pool") || parse_pool_line(c, rest)) {
			rc = keep_bad_line(c, lineno, raw);
		}
		if (rc)
			return lfs_error_set(e, -EINVAL,
				"%s line %d: malformed entry '%s'",
				LFS_STORE_MARKER, lineno, lfs_escape(raw, shown, sizeof(shown)));
	}
	if (!have_format || !c->ost_count || !c->fsname[0])
		return lfs_error_set(e, -EINVAL, "%s is incomplete",
				     LFS_STORE_MARKER);
	return 0;
}

static int conf_write(int dir_fd, const struct lfs_conf *c)
{
	FILE *f;
	int fd, rc = 0;

	/* Every name was checked on its way in; a line is a line. */
	for (uint32_t i = 0; i < c->nr_pools; i++)
		if (!pool_name_ok(c->pools[i].name))
			return -EINVAL;
	for (uint32_t i = 0; i < c->nr_bad; i++)
		if (strchr(c->bad[i].text, '\n'))
			return -EINVAL;

	fd = openat(dir_fd, CONF_TMP, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
		    0644);
	if (fd < 0)
		return -errno;
	f = fdopen(fd, "w");
	if (!f) {
		rc = -errno;
		close(fd);
		return rc;
	}
	fprintf(f, "# lfs store configuration: change it with lfs pool and lfs ost\n");
	fprintf(f, "format %u\nfsname %s\nosts %u\n", c->format, c->fsname,
		c->ost_count);
	for (uint32_t i = 0; i < c->ost_count; i++) {
		const struct lfs_ost_conf *o = &c->osts[i];

		if (o->path[0] && !store_ost_path_ok(o->path)) {
			fclose(f);
			return -EINVAL;
		}
		fprintf(f, "ost %u capacity=%llu state=%s nocreate=%d degraded=%d",
			i, (unsigned long long)o->capacity,
			o->state == OST_ACTIVE ? "active" : "inactive",
			o->nocreate, o->degraded);
		/* Only when set: a store that never grew stays readable by
		 * an lfs that does not know these keys. */
		if (o->removed)
			fprintf(f, " removed=1");
		if (o->path[0])
			fprintf(f, " path=%s", o->path);
		fputc('\n', f);
	}
	for (uint32_t i = 0; i < c->nr_pools; i++) {
		fprintf(f, "pool %s", c->pools[i].name);
		for (uint32_t j = 0; j < c->pools[i].nr_osts; j++)
			fprintf(f, " %u", c->pools[i].osts[j]);
		fputc('\n', f);
	}
	for (uint32_t i = 0; i < c->nr_bad; i++)
		fprintf(f, "%s\n", c->bad[i].text);
	if (fflush(f) || fsync(fileno(f)))
		rc = -errno;
	if (fclose(f) && !rc)
		rc = -errno;
	if (!rc && renameat(dir_fd, CONF_TMP, dir_fd, LFS_STORE_MARKER))
		rc = -errno;
	if (!rc && fsync(dir_fd))
		rc = -errno;
	return rc;
}

int store_conf_read(int dir_fd, struct lfs_conf *c, struct lfs_error *e)
{
	int fd = openat(dir_fd, LFS_STORE_MARKER, O_RDONLY | O_CLOEXEC);
	FILE *f;
	int rc;

	if (fd < 0)
		return lfs_error_set(e, -errno, "not an lfs store (no %s)",
				     LFS_STORE_MARKER);
	f = fdopen(fd, "r");
	if (!f) {
		rc = -errno;
		close(fd);
		return rc;
	}
	rc = conf_parse(f, c, e);
	fclose(f);
	return rc;
}

int store_conf_parse(const char *text, size_t len, struct lfs_conf *c,
		     struct lfs_error *e)
{
	FILE *f = fmemopen((void *)text, len, "r");
	int rc;

	if (!f)
		return -errno;
	rc = conf_parse(f, c, e);
	fclose(f);
	return rc;
}

int store_conf_create(int dir_fd, const struct lfs_conf *c)
{
	return conf_write(dir_fd, c);
}

/* The file is replaced by rename on every change, so its inode number
 * and mtime tell whether the copy in hand is current. */
int store_conf_reload(struct lfs_store *s)
{
	struct stat st;
	int rc;

	/* The configuration lock held shared (store_layout_commit_begin):
	 * no one can change the configuration meanwhile. */
	if (s->commit_depth)
		return 0;
	if (fstatat(s->dir_fd, LFS_STORE_MARKER, &st, 0) < 0)
		return -errno;
	if (st.st_ino == s->conf_ino && st.st_mtim.tv_sec == s->conf_mtime.tv_sec &&
	    st.st_mtim.tv_nsec == s->conf_mtime.tv_nsec)
		return 0;
	rc = store_conf_read(s->dir_fd, s->conf, NULL);
	if (!rc) {
		s->conf_ino = st.st_ino;
		s->conf_mtime = st.st_mtim;
		rc = store_osts_sync(s);
	}
	return rc;
}

int store_conf_update(struct lfs_store *s,
		      int (*fn)(struct lfs_conf *c, void *arg,
				struct lfs_error *e),
		      void *arg, struct lfs_error *e)
{
	struct lfs_conf *c = malloc(sizeof(*c));
	int lock_fd, rc;

	if (!c)
		return -ENOMEM;
	/* The store directory itself is the lock: flock on its fd. */
	lock_fd = openat(s->dir_fd, ".", O_RDONLY | O_CLOEXEC);
	if (lock_fd < 0) {
		free(c);
		return -errno;
	}
	if (flock(lock_fd, LOCK_EX) < 0) {
		rc = -errno;
		goto out;
	}
	rc = store_conf_read(s->dir_fd, c, e);
	if (!rc)
		rc = fn(c, arg, e);
	if (!rc)
		rc = conf_write(s->dir_fd, c);
	if (!rc) {
		memcpy(s->conf, c, sizeof(*c));
		s->conf_ino = 0;    /* reread on next reload: stat is current */
		rc = store_osts_sync(s);
	}
out:
	close(lock_fd);   /* drops the flock */
	free(c);
	return rc;
}

/* The first OST l names (an object or its -o list) that was removed, or
 * -1. */
static int64_t removed_in(const struct lfs_conf *c, const struct lfs_layout *l)
{
	for (uint32_t i = 0; i < l->nr_comps; i++) {
		const struct lfs_component *cp = &l->comps[i];

		for (uint32_t j = 0; j < cp->nr_objects; j++)
			if (cp->objects[j].ost < c->ost_count &&
			    c->osts[cp->objects[j].ost].removed)
				return cp->objects[j].ost;
		for (uint32_t j = 0; j < cp->nr_osts; j++)
			if (cp->osts[j] < c->ost_count && c->osts[cp->osts[j]].removed)
				return cp->osts[j];
	}
	return -1;
}

int store_layout_commit_begin(struct lfs_store *s, const struct lfs_layout *l)
{
	int rc;

	/* Held already: the configuration read then still stands. */
	if (s->commit_depth) {
		if (l && removed_in(s->conf, l) >= 0)
			return -ENODEV;
		s->commit_depth++;
		return 0;
	}
	if (s->commit_fd < 0 &&
	    (s->commit_fd = openat(s->dir_fd, ".", O_RDONLY | O_CLOEXEC)) < 0)
		return -errno;
	/* Not cut short by a signal: the write it guards goes on. */
	while (flock(s->commit_fd, LOCK_SH) < 0)
		if (errno != EINTR)
			return -errno;
	rc = store_conf_reload(s);
	if (!rc && l && removed_in(s->conf, l) >= 0)
		rc = -ENODEV;
	if (rc)
		flock(s->commit_fd, LOCK_UN);
	else
		s->commit_depth = 1;
	return rc;
}

void store_layout_commit_end(struct lfs_store *s)
{
	if (s->commit_depth && !--s->commit_depth)
		flock(s->commit_fd, LOCK_UN);
}

int store_layout_refused(struct lfs_store *s, const struct lfs_layout *l,
			 int rc, struct lfs_error *e)
{
	int64_t ost = rc == -ENODEV ? removed_in(s->conf, l) : -1;

	return ost < 0 ? rc : lfs_error_set(e, rc, "OST%04x was removed (ost remove)",
					    (unsigned)ost);
}

const struct lfs_pool *store_pool_find(const struct lfs_conf *c,
				       const char *name)
{
	for (uint32_t i = 0; i < c->nr_pools; i++)
		if (!strcmp(c->pools[i].name, name))
			return &c->pools[i];
	return NULL;
}

bool store_pool_has(const struct lfs_pool *p, uint32_t ost)
{
	for (uint32_t i = 0; i < p->nr_osts; i++)
		if (p->osts[i] == ost)
			return true;
	return false;
}

bool store_ost_usable(const struct lfs_conf *c, uint32_t ost)
{
	return ost < c->ost_count && c->osts[ost].state == OST_ACTIVE &&
	       !c->osts[ost].nocreate && !c->osts[ost].removed;
}

struct pool_change {
	const char *name;
	const uint32_t *osts;
	uint32_t n;
	int what;       /* 0 new, 1 destroy, 2 add, 3 remove */
};

static int pool_apply(struct lfs_conf *c, void *arg, struct lfs_error *e)
{
	struct pool_change *pc = arg;
	struct lfs_pool *p = (struct lfs_pool *)store_pool_find(c, pc->name);

	if (pc->what == 0) {
		if (p)
			return lfs_error_set(e, -EEXIST, "pool %s.%s already exists",
					     c->fsname, pc->name);
		if (c->nr_pools >= LFS_MAX_POOLS)
			return lfs_error_set(e, -ENOSPC, "too many pools (%d)",
					     LFS_MAX_POOLS);
		p = &c->pools[c->nr_pools++];
		memset(p, 0, sizeof(*p));
		strcpy(p->name, pc->name);
		return 0;
	}
	if (!p)
		return lfs_error_set(e, -ENOENT, "pool %s.%s not found",
				     c->fsname, pc->name);
	if (pc->what == 1) {
		if (p->nr_osts)
			return lfs_error_set(e, -ENOTEMPTY,
				"pool %s.%s is not empty: remove its OSTs first",
				c->fsname, pc->name);
		*p = c->pools[--c->nr_pools];
		return 0;
	}
	for (uint32_t i = 0; i < pc->n; i++) {
		uint32_t ost = pc->osts[i];
		bool has = store_pool_has(p, ost);

		if (ost >= c->ost_count)
			return lfs_error_set(e, -ENODEV, "OST %u does not exist",
					     ost);
		if (pc->what == 2 && has)
			return lfs_error_set(e, -EEXIST,
				"%s-OST%04x_UUID is already in pool %s.%s",
				c->fsname, ost, c->fsname, pc->name);
		if (pc->what == 3 && !has)
			return lfs_error_set(e, -ENOENT,
				"%s-OST%04x_UUID is not in pool %s.%s",
				c->fsname, ost, c->fsname, pc->name);
		if (pc->what == 2) {
			p->osts[p->nr_osts++] = ost;
		} else {
			for (uint32_t j = 0; j < p->nr_osts; j++)
				if (p->osts[j] == ost) {
					memmove(&p->osts[j], &p->osts[j + 1],
						(p->nr_osts - j - 1) *
						sizeof(p->osts[0]));
					p->nr_osts--;
					break;
				}
		}
	}
	return 0;
}

/* Undo an unchecked `pool new NAME`: it wrote "pool NAME", which NAME's
 * newlines split into lines, each now a kept bad line (lfs_conf.bad) or,
 * if it parsed, an empty pool. All of them found: removed; else -ENOENT. */
static int destroy_unchecked(struct lfs_conf *c, void *arg, struct lfs_error *e)
{
	char text[LFS_CONF_BAD_LEN + 8], *line, *save = NULL;

	(void)e;
	if ((size_t)snprintf(text, sizeof(text), "pool %s", (const char *)arg) >= sizeof(text))
		return -ENOENT;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		struct lfs_pool *p;
		uint32_t i;

		line = trim(line);
		if (!*line || *line == '#')
			continue;
		for (i = 0; i < c->nr_bad && strcmp(c->bad[i].text, line); i++)
			;
		if (i < c->nr_bad) {
			memmove(&c->bad[i], &c->bad[i + 1],
				(--c->nr_bad - i) * sizeof(c->bad[0]));
			continue;
		}
		p = strncmp(line, "pool ", 5) ? NULL :
		    (struct lfs_pool *)store_pool_find(c, line + 5);
		if (!p || p->nr_osts)
			return -ENOENT;
		*p = c->pools[--c->nr_pools];
	}
	return 0;
}

static int pool_change(struct lfs_store *s, const char *name, int what,
		       const uint32_t *osts, uint32_t n, struct lfs_error *e)
{
	char clean[LFS_POOL_NAME_MAX + 1], shown[64];
	struct pool_change pc = { clean, osts, n, what };
	const char *dot = strchr(name, '.');
	int rc;

	/* FSNAME.POOL names a pool of FSNAME: the MGS refuses a filesystem
	 * it does not have (mgs_pool_cmd), lctl an empty FSNAME. */
	if (dot == name)
		return lfs_error_set(e, -EINVAL, "argument %s must be <fsname>.<poolname>",
				     lfs_escape(name, shown, sizeof(shown)));
	if (dot && ((size_t)(dot - name) != strlen(s->conf->fsname) ||
		    strncmp(name, s->conf->fsname, (size_t)(dot - name)))) {
		char fs[64];

		snprintf(fs, sizeof(fs), "%.*s", (int)(dot - name), name);
		return lfs_error_set(e, -EINVAL, "%s is not defined",
				     lfs_escape(fs, shown, sizeof(shown)));
	}
	rc = layout_pool_name(name, clean, e);
	if (rc && what == 1) {
		struct lfs_error raw = { 0, "" };
		int rc2 = store_conf_update(s, destroy_unchecked, (void *)name, &raw);

		if (rc2 != -ENOENT) {
			if (e && rc2)
				*e = raw;
			return rc2;
		}
	}
	if (rc)
		return rc;
	if (!clean[0])
		return lfs_error_set(e, -EINVAL, "invalid pool name '%s'", name);
	return store_conf_update(s, pool_apply, &pc, e);
}

int store_pool_new(struct lfs_store *s, const char *name, struct lfs_error *e)
{
	return pool_change(s, name, 0, NULL, 0, e);
}

int store_pool_destroy(struct lfs_store *s, const char *name,
		       struct lfs_error *e)
{
	return pool_change(s, name, 1, NULL, 0, e);
}

int store_pool_add(struct lfs_store *s, const char *name,
		   const uint32_t *osts, uint32_t n, struct lfs_error *e)
{
	return pool_change(s, name, 2, osts, n, e);
}

int store_pool_remove(struct lfs_store *s, const char *name,
		      const uint32_t *osts, uint32_t n, struct lfs_error *e)
{
	return pool_change(s, name, 3, osts, n, e);
}

struct ost_change {
	uint32_t ost;
	enum lfs_ost_op op;
};

static int ost_apply(struct lfs_conf *c, void *arg, struct lfs_error *e)
{
	struct ost_change *oc = arg;
	struct lfs_ost_conf *o;

	if (oc->ost >= c->ost_count)
		return lfs_error_set(e, -ENODEV, "OST %u does not exist (the store has %u)",
				     oc->ost, c->ost_count);
	o = &c->osts[oc->ost];
	switch (oc->op) {
	case OST_OP_ACTIVATE:   o->state = OST_ACTIVE; break;
	case OST_OP_DEACTIVATE: o->state = OST_INACTIVE; break;
	case OST_OP_NOCREATE:   o->nocreate = true; break;
	case OST_OP_CREATE:     o->nocreate = false; break;
	case OST_OP_DEGRADE:    o->degraded = true; break;
	case OST_OP_UNDEGRADE:  o->degraded = false; break;
	}
	return 0;
}

int store_ost_set(struct lfs_store *s, uint32_t ost, enum lfs_ost_op op,
		  struct lfs_error *e)
{
	struct ost_change oc = { ost, op };

	return store_conf_update(s, ost_apply, &oc, e);
}

int store_ost_lookup(const struct lfs_conf *c, const char *text,
		     uint32_t *ost, struct lfs_error *e)
{
	int rc = store_parse_ost_name(c, text, ost);

	if (rc == -ENODEV)
		return lfs_error_set(e, rc, "OST %s does not exist (the filesystem has %u OSTs)",
				     text, c->ost_count);
	if (rc)
		return lfs_error_set(e, -EINVAL, "%s: not an OST index or UUID", text);
	if (c->osts[*ost].removed)
		return lfs_error_set(e, -ENODEV, "OST%04x was removed (ost remove)", *ost);
	return 0;
}

int store_parse_ost_name(const struct lfs_conf *c, const char *text,
			 uint32_t *ost)
{
	size_t fl = strlen(c->fsname);
	unsigned long v;
	char *end;

	/* strtoul alone would take a sign, leading blanks and (base 0) an
	 * octal "010"; an index is decimal or 0x hex, a name's part is hex. */
	if (!strncmp(text, c->fsname, fl) && !strncmp(text + fl, "-OST", 4)) {
		const char *num = text + fl + 4;

		if (!isxdigit((unsigned char)*num))
			return -EINVAL;
		errno = 0;
		v = strtoul(num, &end, 16);
		if (errno || (*end && strcmp(end, "_UUID")))
			return -EINVAL;
	} else {
		int base = (text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) ? 16 : 10;
		const char *num = base == 16 ? text + 2 : text;

		if (!(base == 16 ? isxdigit((unsigned char)*num) :
				   isdigit((unsigned char)*num)))
			return -EINVAL;
		errno = 0;
		v = strtoul(num, &end, base);
		if (*end || errno)
			return -EINVAL;
	}
	if (v >= c->ost_count)
		return -ENODEV;
	*ost = (uint32_t)v;
	return 0;
}
