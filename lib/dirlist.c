/* dirlist.c - read a directory's names (see dirlist.h). */
#include "dirlist.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct dir_entry *)a)->name,
		      ((const struct dir_entry *)b)->name);
}

void dir_entries_free(struct dir_entry *ents, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(ents[i].name);
	free(ents);
}

void dir_list_free(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

int dir_list_entries(int dir_fd, bool all, struct dir_entry **out,
		     size_t *out_n)
{
	int fd = openat(dir_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct dir_entry *ents = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	DIR *d;
	int rc = 0;

	if (fd < 0)
		return -errno;
	d = fdopendir(fd);
	if (!d) {
		rc = -errno;
		close(fd);
		return rc;
	}
	errno = 0;
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") ||
		    (!all && de->d_name[0] == '.'))
			continue;
		if (n == cap) {
			struct dir_entry *ne = realloc(ents, (cap = cap ? 2 * cap : 64) * sizeof(*ents));

			if (!ne) {
				rc = -ENOMEM;
				break;
			}
			ents = ne;
		}
		if (!(ents[n].name = strdup(de->d_name))) {
			rc = -ENOMEM;
			break;
		}
		ents[n].ino = de->d_ino;
		ents[n++].type = de->d_type;
	}
	if (!rc && errno)
		rc = -errno;
	closedir(d);
	if (rc) {
		dir_entries_free(ents, n);
		return rc;
	}
	if (n)
		qsort(ents, n, sizeof(*ents), by_name);
	*out = ents;
	*out_n = n;
	return 0;
}

int dir_list(int dir_fd, bool all, char ***out, size_t *out_n)
{
	struct dir_entry *ents;
	char **names = NULL;
	size_t n;
	int rc = dir_list_entries(dir_fd, all, &ents, &n);

	if (rc)
		return rc;
	if (n && !(names = malloc(n * sizeof(*names)))) {
		dir_entries_free(ents, n);
		return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++)
		names[i] = ents[i].name;
	free(ents);
	*out = names;
	*out_n = n;
	return 0;
}

int dir_each_open(int fd, const char *path,
		  int (*fn)(void *arg, const char *child, int child_fd),
		  void *arg)
{
	bool slash = path[strlen(path) - 1] == '/';
	char **names;
	size_t n;
	int rc = 0;

	if (dir_list(fd, true, &names, &n))
		return 0;
	for (size_t i = 0; !rc && i < n; i++) {
		char *child;
		int cfd;

		if (asprintf(&child, "%s%s%s", path, slash ? "" : "/", names[i]) < 0)
			continue;
		cfd = openat(fd, names[i], O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
		if (cfd >= 0) {
			rc = fn(arg, child, cfd);
			close(cfd);
		}
		free(child);
	}
	dir_list_free(names, n);
	return rc;
}
