/* runs.c - migration run records in run/ (runs.h). */
#include "runs.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "dirlist.h"
#include "fdio.h"
#include "lock.h"
#include "lustre_servers.h"
#include "store_internal.h"

#define RUN_SUFFIX ".job"

struct runs_writer {
	int dir_fd;              /* run/ */
	int fd;                  /* the current record, locked */
	char name[80];
};

/* A writer of record name in directory dir_fd (taken: closed on failure). */
static int writer_at(int dir_fd, const char *name, struct runs_writer **out)
{
	struct runs_writer *w;

	if (dir_fd < 0)
		return -errno;
	if (!(w = calloc(1, sizeof(*w)))) {
		close(dir_fd);
		return -ENOMEM;
	}
	w->fd = -1;
	w->dir_fd = dir_fd;
	snprintf(w->name, sizeof(w->name), "%s" RUN_SUFFIX, name);
	*out = w;
	return 0;
}

int runs_start(struct lfs_store *s, struct runs_writer **out)
{
	if (!store_writable(s))
		return -EROFS;
	return writer_at(openat(s->dir_fd, "run", O_RDONLY | O_DIRECTORY | O_CLOEXEC),
			 s->run_name, out);
}

/* The client's run directory (runs.h), made when missing; fd or -errno. */
static int client_dir(void)
{
	const char *xdg = getenv("XDG_RUNTIME_DIR");
	char path[PATH_MAX];
	struct stat st;
	int fd;

	if (xdg && *xdg == '/')
		snprintf(path, sizeof(path), "%s/lfs-runs", xdg);
	else
		snprintf(path, sizeof(path), "/tmp/lfs-runs-%u", (unsigned)geteuid());
	if (mkdir(path, 0700) < 0 && errno != EEXIST)
		return -errno;
	fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0 || st.st_uid != geteuid() || (st.st_mode & 077)) {
		close(fd);
		return -EPERM;
	}
	return fd;
}

int runs_start_client(const char *fsname, struct runs_writer **out)
{
	struct timespec t;
	char name[64];
	int fd = client_dir();

	if (fd < 0)
		return fd;
	clock_gettime(CLOCK_REALTIME, &t);
	snprintf(name, sizeof(name), "%.16s.%d.%lld%09ld", fsname, (int)getpid(),
		 (long long)t.tv_sec, t.tv_nsec);
	return writer_at(fd, name, out);
}

int runs_start_at(struct lfs_store *s, const struct lfs_llapi *api,
		  const char *path, struct runs_writer **out)
{
	char fs[LLAPI_FSNAME_BUF];

	if (s)
		return runs_start(s, out);
	lustre_servers_fsname(api, path, fs);
	return runs_start_client(fs, out);
}

int runs_update(struct runs_writer *w, const struct run_record *r)
{
	char proc[64], tmp[96], *text = NULL;
	int fd, len, rc;

	len = asprintf(&text, "pid: %d\nstarted: %" PRId64 "\nfiles_done: %" PRIu64
		       "\nfiles_total: %" PRIu64 "\nbytes: %" PRIu64
		       "\nrate: %.0f\ncurrent: %s\n", (int)getpid(), r->started,
		       r->files_done, r->files_total, r->bytes, r->rate, r->current);
	if (len < 0)
		return -ENOMEM;
	/* Locked before it has a name, as register_run's file (store.c). */
	fd = openat(w->dir_fd, ".", O_TMPFILE | O_RDWR | O_CLOEXEC, 0644);
	rc = fd < 0 ? -errno : lfs_lock(fd, LOCK_OWNER, LFS_EXCL);
	if (!rc)
		rc = fd_write_all(fd, text, (size_t)len);
	free(text);
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	snprintf(tmp, sizeof(tmp), "%s.new", w->name);
	unlinkat(w->dir_fd, tmp, 0);
	if (!rc && linkat(AT_FDCWD, proc, w->dir_fd, tmp, AT_SYMLINK_FOLLOW) < 0)
		rc = -errno;
	if (!rc && renameat(w->dir_fd, tmp, w->dir_fd, w->name) < 0) {
		rc = -errno;
		unlinkat(w->dir_fd, tmp, 0);
	}
	if (rc) {
		if (fd >= 0)
			close(fd);
		return rc;
	}
	if (w->fd >= 0)
		close(w->fd);
	w->fd = fd;
	return 0;
}

void runs_finish(struct runs_writer *w)
{
	if (!w)
		return;
	if (w->fd >= 0) {
		unlinkat(w->dir_fd, w->name, 0);
		close(w->fd);
	}
	close(w->dir_fd);
	free(w);
}

/* "key: value" lines; current, the last, is the rest of the text but its
 * final newline (a name may hold newlines). */
static int parse(char *text, struct run_record *r)
{
	char *cur = strstr(text, "\ncurrent: ");
	unsigned seen = 0;
	size_t len;

	if (!cur)
		return -EINVAL;
	len = strlen(cur + 10);
	if (!len || cur[10 + len - 1] != '\n')
		return -EINVAL;      /* cut short */
	snprintf(r->current, sizeof(r->current), "%.*s", (int)(len - 1), cur + 10);
	cur[1] = '\0';

	for (char *line = text, *nl; *line; line = nl + 1) {
		char *v = strstr(line, ": ");

		nl = strchr(line, '\n');
		if (!nl || !v || v > nl)
			return -EINVAL;
		*nl = '\0';
		*v = '\0';
		v += 2;
		if (!strcmp(line, "pid") && (seen |= 1))
			r->pid = (pid_t)strtol(v, NULL, 10);
		else if (!strcmp(line, "started") && (seen |= 2))
			r->started = strtoll(v, NULL, 10);
		else if (!strcmp(line, "files_done"))
			r->files_done = strtoull(v, NULL, 10);
		else if (!strcmp(line, "files_total"))
			r->files_total = strtoull(v, NULL, 10);
		else if (!strcmp(line, "bytes"))
			r->bytes = strtoull(v, NULL, 10);
		else if (!strcmp(line, "rate"))
			r->rate = strtod(v, NULL);
	}
	return seen == 3 ? 0 : -EINVAL;
}

static int read_one(int dir_fd, const char *name, struct run_record *r)
{
	char text[sizeof(r->current) + 512];
	int fd = openat(dir_fd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = pread(fd, text, sizeof(text) - 1, 0);
	if (n < 0) {
		close(fd);
		return -EIO;
	}
	text[n] = '\0';
	memset(r, 0, sizeof(*r));
	/* Its owner holds the lock while it lives (runs.h). */
	r->dead = lfs_lock_conflicts(fd, LOCK_OWNER, LFS_SHARED) == 0;
	close(fd);
	return parse(text, r);
}

static int by_start(const void *a, const void *b)
{
	const struct run_record *x = a, *y = b;

	return x->started != y->started ? (x->started > y->started) - (x->started < y->started)
					 : (x->pid > y->pid) - (x->pid < y->pid);
}

/* The records in dir_fd (taken) whose names start with prefix; reap:
 * remove a dead one's record once read. */
static int list_at(int dir_fd, const char *prefix, bool reap,
		   struct run_record **out, size_t *n)
{
	struct run_record *v = NULL;
	char **names;
	size_t nnames, k = 0;
	int rc = 0;

	*out = NULL;
	*n = 0;
	if (dir_fd < 0)
		return dir_fd;
	rc = dir_list(dir_fd, true, &names, &nnames);
	if (rc) {
		close(dir_fd);
		return rc;
	}
	if (nnames && !(v = calloc(nnames, sizeof(*v))))
		rc = -ENOMEM;
	for (size_t i = 0; !rc && i < nnames; i++) {
		size_t len = strlen(names[i]);

		if (len <= strlen(RUN_SUFFIX) || strncmp(names[i], prefix, strlen(prefix)) ||
		    strcmp(names[i] + len - strlen(RUN_SUFFIX), RUN_SUFFIX) ||
		    read_one(dir_fd, names[i], &v[k]))
			continue;
		if (reap && v[k].dead)
			unlinkat(dir_fd, names[i], 0);
		k++;
	}
	dir_list_free(names, nnames);
	close(dir_fd);
	if (rc || !k) {
		free(v);
		return rc;
	}
	qsort(v, k, sizeof(*v), by_start);
	*out = v;
	*n = k;
	return 0;
}

int runs_list(struct lfs_store *s, struct run_record **out, size_t *n)
{
	int fd = openat(s->dir_fd, "run", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	return list_at(fd < 0 ? -errno : fd, "", false, out, n);
}

int runs_list_client(const char *fsname, struct run_record **out, size_t *n)
{
	char prefix[40];

	snprintf(prefix, sizeof(prefix), "%.16s.", fsname);
	return list_at(client_dir(), prefix, true, out, n);
}
