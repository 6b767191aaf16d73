/* find_tree.c - lfs find's walk (find.h): a sorted pre-order walk that
 * lstats an entry only when a test or the caller needs more than its type,
 * answers --ost from the OST index when it is trusted, and reads the
 * layouts the tests still need on every core, ahead of the in-order
 * matching. */
#include "find.h"
#include "lustre_stripe.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dirlist.h"
#include "inode.h"
#include "ns.h"
#include "ostindex.h"

/* Files whose layouts are read ahead at a time: bounds what a huge
 * directory holds in memory, and is enough to keep every core busy. */
#define AHEAD 256
#define MAX_READERS 8

struct ahead {
	bool read;
	bool none;          /* not a candidate of the OST index: no layout */
	int rc;
	struct lfs_layout *layout;
};

/* One batch of layout reads, shared by the walking thread and the
 * readers: each takes the next index until none is left. */
struct batch {
	struct lfs_store *s;
	const struct lfs_llapi *api;   /* on a mount: s NULL */
	int dir_fd;
	const struct dir_entry *ents;
	struct ahead *ahead;
	size_t n;
	atomic_size_t next;
};

struct readers {
	pthread_t t[MAX_READERS];
	int nr;
	pthread_mutex_t mu;
	pthread_cond_t go, done;
	struct batch *batch;
	unsigned long gen;
	int busy;
	bool quit;
};

struct walk {
	struct lfs_store *s;
	const struct find_filter *f;
	find_fn cb;
	void *arg;
	bool stat_all;      /* lstat every entry */
	bool layouts;       /* the tests read layouts: read them ahead */
	bool indexed;       /* --ost from the OST index: on holds them */
	struct ostindex_set on;
	struct readers *rd; /* NULL: the walking thread reads alone */
};

static void read_batch(struct batch *b)
{
	size_t i;

	while ((i = atomic_fetch_add(&b->next, 1)) < b->n) {
		struct ahead *a = &b->ahead[i];

		if (!a->read || a->none)
			continue;
		a->rc = b->api ? lustre_entry_layout(b->api, b->dir_fd, b->ents[i].name,
						     -1, false, &a->layout) :
			layout_xattr_getat(b->s, b->dir_fd, b->ents[i].name,
					   &a->layout);
		if (a->rc == -ENODATA)
			a->rc = 0;
	}
}

/* A reader joins a batch only while it is open (rd->batch set), so the
 * walking thread never waits for a reader that has not started: it reads
 * what no reader took, closes the batch and waits for those that joined. */
static void *reader(void *arg)
{
	struct readers *rd = arg;
	unsigned long seen = 0;

	pthread_mutex_lock(&rd->mu);
	for (;;) {
		struct batch *b;

		while (!rd->quit && (rd->gen == seen || !rd->batch))
			pthread_cond_wait(&rd->go, &rd->mu);
		if (rd->quit)
			break;
		seen = rd->gen;
		b = rd->batch;
		rd->busy++;
		pthread_mutex_unlock(&rd->mu);
		read_batch(b);
		pthread_mutex_lock(&rd->mu);
		if (--rd->busy == 0)
			pthread_cond_signal(&rd->done);
	}
	pthread_mutex_unlock(&rd->mu);
	return NULL;
}

/* One reader per core beyond this one; none on one core or if no
 * thread can be made. */
static struct readers *readers_start(void)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	struct readers *rd;

	if (cores < 2 || !(rd = calloc(1, sizeof(*rd))))
		return NULL;
	pthread_mutex_init(&rd->mu, NULL);
	pthread_cond_init(&rd->go, NULL);
	pthread_cond_init(&rd->done, NULL);
	while (rd->nr < cores - 1 && rd->nr < MAX_READERS &&
	       !pthread_create(&rd->t[rd->nr], NULL, reader, rd))
		rd->nr++;
	return rd;
}

static void readers_stop(struct readers *rd)
{
	if (!rd)
		return;
	pthread_mutex_lock(&rd->mu);
	rd->quit = true;
	pthread_cond_broadcast(&rd->go);
	pthread_mutex_unlock(&rd->mu);
	for (int i = 0; i < rd->nr; i++)
		pthread_join(rd->t[i], NULL);
	pthread_cond_destroy(&rd->go);
	pthread_cond_destroy(&rd->done);
	pthread_mutex_destroy(&rd->mu);
	free(rd);
}

/* Read the layouts of b's marked entries, here and on the readers that
 * join in time. */
static void read_ahead(struct readers *rd, struct batch *b)
{
	if (rd && rd->nr) {
		pthread_mutex_lock(&rd->mu);
		rd->batch = b;
		rd->gen++;
		pthread_cond_broadcast(&rd->go);
		pthread_mutex_unlock(&rd->mu);
	}
	read_batch(b);
	if (rd && rd->nr) {
		pthread_mutex_lock(&rd->mu);
		rd->batch = NULL;
		while (rd->busy)
			pthread_cond_wait(&rd->done, &rd->mu);
		pthread_mutex_unlock(&rd->mu);
	}
}

/* Worth reading ahead: a regular file that passes the tests known
 * without its inode (name, type), so a layout is read only where
 * find_match would read it. */
static bool wanted(const struct find_filter *f, const struct dir_entry *de)
{
	if (de->type != DT_REG)
		return false;
	if (f->name && (fnmatch(f->name, de->name, 0) == 0) == f->name_negate)
		return false;
	return !f->type || (f->type == S_IFREG) != f->type_negate;
}

static int report(struct walk *w, struct find_entry *ent, int err, const char *what)
{
	ent->err = err;
	if (what)
		lfs_error_set(&ent->e, err, "%s: %s", what, strerror(-err));
	else if (ent->e.err != err)
		lfs_error_set(&ent->e, err, "%s", strerror(-err));
	return w->cb(w->arg, ent);
}

static int visit(struct walk *w, int dir_fd, const struct dir_entry *de,
		 struct ahead *ah, const char *base, const char *path, int depth);

/* The entries of a directory, in order, their layouts read ahead. */
static int visit_children(struct walk *w, struct find_entry *ent,
			  struct dir_entry *ents, size_t n)
{
	bool ahead = w->layouts && ent->depth + 1 >= w->f->min_depth;
	struct ahead *ah = ahead ? calloc(n < AHEAD ? n : AHEAD, sizeof(*ah)) : NULL;
	size_t plen = strlen(ent->path);
	bool slash = ent->path[plen - 1] == '/';
	int rc = 0;

	if (ahead && !ah)
		return -ENOMEM;
	for (size_t i = 0; !rc && i < n; i++) {
		size_t k = i % AHEAD;
		char *child;

		if (ah && k == 0) {
			struct batch b = { w->s, w->f->api, ent->fd, ents + i, ah,
					   n - i < AHEAD ? n - i : AHEAD, 0 };

			for (size_t j = 0; j < AHEAD && j < n; j++) {
				layout_free(ah[j].layout);
				ah[j] = (struct ahead){
					.read = j < b.n && wanted(w->f, &ents[i + j]) };
				/* Not in the index: no layout names the OSTs. */
				ah[j].none = ah[j].read && w->indexed &&
					     !ostindex_has(&w->on, ents[i + j].ino);
			}
			read_ahead(w->rd, &b);
		}
		size_t nlen = strlen(ents[i].name);

		/* The path joined by hand: this runs once per entry. */
		if (!(child = malloc(plen + 1 + nlen + 1))) {
			rc = -ENOMEM;
			break;
		}
		memcpy(child, ent->path, plen);
		if (!slash)
			child[plen] = '/';
		memcpy(child + plen + !slash, ents[i].name, nlen + 1);
		rc = visit(w, ent->fd, &ents[i], ah ? &ah[k] : NULL, ents[i].name,
			   child, ent->depth + 1);
		free(child);
	}
	/* Those not handed over (the entry gone, or the walk stopped). */
	for (size_t j = 0; ah && j < (n < AHEAD ? n : AHEAD); j++)
		layout_free(ah[j].layout);
	free(ah);
	return rc;
}

/* de: as the directory listed it (NULL for the start); ah: its layout
 * read ahead, handed over to the entry. */
static int visit(struct walk *w, int dir_fd, const struct dir_entry *de,
		 struct ahead *ah, const char *base, const char *path, int depth)
{
	struct find_entry ent = { .path = path, .depth = depth, .s = w->s,
				  .api = w->f->api,
				  .dir_fd = dir_fd, .fd = -1, .base = base };
	const struct find_filter *f = w->f;
	struct dir_entry *ents = NULL;
	size_t n = 0;
	int rc = 0, open_err = 0;
	bool stated = !de || w->stat_all || de->type == DT_UNKNOWN ||
		      de->type == DT_DIR;

	if (f->cancel && *f->cancel)
		return -EINTR;
	if (!stated) {
		ent.st.st_mode = DTTOIF(de->type);
		ent.st.st_ino = de->ino;
	} else if (fstatat(dir_fd, base, &ent.st, AT_SYMLINK_NOFOLLOW) < 0) {
		/* Gone since it was listed: nothing to say. */
		if (errno == ENOENT && depth)
			return 0;
		return depth ? report(w, &ent, -errno, NULL) : -errno;
	}
	ent.st_full = stated;
	if (w->indexed && S_ISREG(ent.st.st_mode))
		ent.ost_indexed = ostindex_has(&w->on, (uint64_t)ent.st.st_ino) ? 1 : -1;
	if (ah && ah->read) {
		ent.layout_read = true;
		ent.layout_rc = ah->rc;
		ent.layout = ah->layout;
		ah->layout = NULL;
		if (ent.layout_rc == -EINVAL)
			lfs_error_set(&ent.e, -EINVAL, "layout is corrupt");
	}
	if (S_ISDIR(ent.st.st_mode) &&
	    (ent.fd = openat(dir_fd, base, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
			     O_NONBLOCK | O_CLOEXEC)) < 0)
		open_err = -errno;
	if (depth >= f->min_depth) {
		rc = find_match(f, &ent);
		/* Gone since it was listed, as above. */
		if (rc == -ENOENT && !stated)
			rc = 0;
		else
			rc = rc < 0 ? report(w, &ent, rc, NULL) : rc ? w->cb(w->arg, &ent) : 0;
	}
	if (!rc && S_ISDIR(ent.st.st_mode) && (f->max_depth < 0 || depth < f->max_depth)) {
		int err = ent.fd < 0 ? open_err : dir_list_entries(ent.fd, true, &ents, &n);

		ent.e.err = 0;
		if (err)
			rc = report(w, &ent, err, "cannot read directory");
	}
	layout_free(ent.layout);
	ent.layout = NULL;
	if (!rc && n)
		rc = visit_children(w, &ent, ents, n);
	dir_entries_free(ents, n);
	if (ent.fd >= 0)
		close(ent.fd);
	return rc;
}

/* On a mount: the directory holding host path `path`, *base its last
 * name in buf ("." for "/"). */
static int host_parent_open(const char *path, char *buf, size_t len,
			    const char **base)
{
	const char *dir = ".";
	char *slash;
	size_t n;
	int fd;

	if (snprintf(buf, len, "%s", path) >= (int)len)
		return -ENAMETOOLONG;
	n = strlen(buf);
	while (n > 1 && buf[n - 1] == '/')
		buf[--n] = '\0';
	slash = strrchr(buf, '/');
	*base = buf;
	if (slash == buf) {
		dir = "/";
		*base = buf[1] ? buf + 1 : ".";
	} else if (slash) {
		*slash = '\0';
		dir = buf;
		*base = slash + 1;
	}
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

int find_walk(struct lfs_store *s, const char *rel, const char *name,
	      const struct find_filter *f, find_fn cb, void *arg)
{
	struct walk w = { .s = s, .f = f, .cb = cb, .arg = arg,
			  .stat_all = find_filter_needs_stat(f),
			  .layouts = find_filter_needs_layout(f) };
	char parent[PATH_MAX];
	const char *base = ".";
	int rc, fd;

	if (f->api)
		fd = host_parent_open(rel, parent, sizeof(parent), &base);
	else if (!strcmp(rel, "."))
		fd = ns_open(s, ".", O_RDONLY | O_DIRECTORY, 0);
	else
		fd = ns_parent_open(s, rel, parent, sizeof(parent), &base);
	if (fd < 0)
		return fd;
	/* --ost, not negated: the index says which files are on the OSTs;
	 * with no other layout test, no layout is read. A Lustre mount has
	 * no such index: its layouts are read. */
	if (f->nr_osts && !f->ost_negate && !f->no_index && !f->api)
		w.indexed = !ostindex_open(s, f->osts, f->nr_osts, &w.on);
	if (w.indexed && !find_filter_needs_layout_but_ost(f))
		w.layouts = false;
	if (w.layouts)
		w.rd = readers_start();
	rc = visit(&w, fd, NULL, NULL, base, name, 0);
	readers_stop(w.rd);
	ostindex_set_free(&w.on);
	close(fd);
	return rc;
}
