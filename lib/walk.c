/* walk.c - visit a directory and below it (see walk.h). */
#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dirlist.h"

struct walker {
	const struct walk_ops *ops;
	void *arg;
	char path[PATH_MAX];     /* of the directory or entry at hand */
};

static int dir_failed(struct walker *w, int err)
{
	return w->ops->dir_error ? w->ops->dir_error(w->path, err, w->arg) : err;
}

static int walk_in(struct walker *w, int dir_fd, unsigned depth);

static int descend(struct walker *w, int dir_fd, const char *name,
		   unsigned depth)
{
	int fd, rc;

	if (depth >= WALK_MAX_DEPTH)
		return dir_failed(w, -ELOOP);
	fd = openat(dir_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? 0 : dir_failed(w, -errno);
	rc = walk_in(w, fd, depth + 1);
	close(fd);
	return rc;
}

/* Visit one entry of the directory dir_fd (w->path is the directory's,
 * len long), and below it if asked. */
static int visit_one(struct walker *w, int dir_fd, size_t len,
		     const struct dir_entry *de, unsigned depth)
{
	struct walk_entry ent = { dir_fd, de->name, w->path, de->ino, de->type,
				  depth };
	size_t sep = !len || w->path[len - 1] != '/', nlen = strlen(de->name);
	struct stat st;
	int rc;

	/* (memcpy: a large directory's walk spends noticeably on snprintf) */
	if (len + sep + nlen < sizeof(w->path)) {
		if (sep)
			w->path[len] = '/';
		memcpy(w->path + len + sep, de->name, nlen + 1);
	} else {
		snprintf(w->path + len, sizeof(w->path) - len, "%s%s",
			 sep ? "/" : "", de->name);
	}
	if (ent.type == DT_UNKNOWN) {
		if (fstatat(dir_fd, de->name, &st, AT_SYMLINK_NOFOLLOW) < 0)
			return 0;      /* removed meanwhile */
		ent.type = IFTODT(st.st_mode);
	}
	rc = w->ops->visit(&ent, w->arg);
	return rc == WALK_DESCEND ? descend(w, dir_fd, de->name, depth) : rc;
}

/* Unsorted: the entries as readdir gives them, none kept. */
static int walk_stream(struct walker *w, int dir_fd, size_t len,
		       unsigned depth)
{
	int fd = openat(dir_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd < 0 ? NULL : fdopendir(fd);
	struct dirent *de;
	int rc = 0;

	if (!d) {
		rc = -errno;
		if (fd >= 0)
			close(fd);
		return dir_failed(w, rc);
	}
	errno = 0;
	while (!rc && (de = readdir(d))) {
		struct dir_entry ent = { de->d_name, de->d_ino, de->d_type };

		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			rc = visit_one(w, dir_fd, len, &ent, depth);
		errno = 0;
	}
	if (!rc && errno) {
		w->path[len] = '\0';
		rc = dir_failed(w, -errno);
	}
	closedir(d);
	return rc;
}

static int walk_in(struct walker *w, int dir_fd, unsigned depth)
{
	size_t len = strlen(w->path);
	struct dir_entry *ents;
	size_t n;
	int rc;

	if (w->ops->unsorted)
		rc = walk_stream(w, dir_fd, len, depth);
	else if (!(rc = dir_list_entries(dir_fd, true, &ents, &n))) {
		for (size_t i = 0; !rc && i < n; i++)
			rc = visit_one(w, dir_fd, len, &ents[i], depth);
		dir_entries_free(ents, n);
	} else {
		rc = dir_failed(w, rc);
	}
	w->path[len] = '\0';
	return rc;
}

int walk_tree(int dir_fd, const char *path, const struct walk_ops *ops,
	      void *arg)
{
	struct walker *w = malloc(sizeof(*w));
	int rc;

	if (!w)
		return -ENOMEM;
	w->ops = ops;
	w->arg = arg;
	snprintf(w->path, sizeof(w->path), "%s", path);
	rc = walk_in(w, dir_fd, 0);
	free(w);
	return rc;
}
