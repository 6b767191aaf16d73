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

static int walk_in(struct walker *w, int dir_fd, unsigned depth)
{
	size_t len = strlen(w->path);
	struct dir_entry *ents;
	size_t n;
	int rc = dir_list_entries(dir_fd, true, &ents, &n);

	if (rc)
		return dir_failed(w, rc);
	for (size_t i = 0; !rc && i < n; i++) {
		struct walk_entry ent = { dir_fd, ents[i].name, w->path,
					  ents[i].ino, ents[i].type, depth };
		struct stat st;

		snprintf(w->path + len, sizeof(w->path) - len, "%s%s",
			 len && w->path[len - 1] == '/' ? "" : "/", ent.name);
		if (ent.type == DT_UNKNOWN) {
			if (fstatat(dir_fd, ent.name, &st, AT_SYMLINK_NOFOLLOW) < 0)
				continue;      /* removed meanwhile */
			ent.type = IFTODT(st.st_mode);
		}
		rc = w->ops->visit(&ent, w->arg);
		if (rc == WALK_DESCEND)
			rc = descend(w, dir_fd, ent.name, depth);
	}
	w->path[len] = '\0';
	dir_entries_free(ents, n);
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
