/* transfer.c - host <-> store copies, holes kept; import of trees
 * (transfer.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dirlist.h"
#include "fault.h"
#include "fdio.h"
#include "io.h"
#include "ns_ops.h"
#include "pending.h"
#include "transfer.h"

#define COPY_CHUNK (4u << 20)

/* Polled before each chunk: an interrupt stops within one. */
static int cancelled(const volatile sig_atomic_t *cancel)
{
	return cancel && *cancel ? -EINTR : 0;
}

/* A pipe: plain streaming. */
static int stream_to_file(int host_fd, struct lfs_inode *ino, char *buf,
			  const volatile sig_atomic_t *cancel, struct lfs_error *e)
{
	uint64_t off = 0;
	ssize_t n;
	int rc = 0;

	while (!(rc = cancelled(cancel)) && (n = read(host_fd, buf, COPY_CHUNK)) > 0)
		rc = io_pwrite_all(ino, buf, (size_t)n, off, &off, e);
	if (!rc && n < 0)
		rc = cancelled(cancel) ? cancelled(cancel) : -errno;
	return rc;
}

int transfer_host_to_file(int host_fd, struct lfs_inode *ino,
			  const volatile sig_atomic_t *cancel, struct lfs_error *e)
{
	struct stat st;
	char *buf;
	off_t data = 0, hole;
	int rc = 0;

	if (fstat(host_fd, &st) < 0)
		return -errno;
	buf = malloc(COPY_CHUNK);
	if (!buf)
		return -ENOMEM;
	if (!S_ISREG(st.st_mode)) {
		rc = stream_to_file(host_fd, ino, buf, cancel, e);
		free(buf);
		return rc;
	}
	while (!rc && data < st.st_size) {
		data = lseek(host_fd, data, SEEK_DATA);
		if (data < 0) {
			rc = errno == ENXIO ? 0 : -errno;
			break;
		}
		hole = lseek(host_fd, data, SEEK_HOLE);
		if (hole < 0) {
			rc = -errno;
			break;
		}
		while (!rc && data < hole && !(rc = cancelled(cancel))) {
			size_t want = (size_t)(hole - data) < COPY_CHUNK ?
				      (size_t)(hole - data) : COPY_CHUNK;
			ssize_t n = pread(host_fd, buf, want, data);
			uint64_t written = 0;

			if (n <= 0) {
				rc = n < 0 ? -errno : -EIO;
				break;
			}
			rc = io_pwrite_all(ino, buf, (size_t)n, (uint64_t)data, &written, e);
			data += n;
		}
	}
	free(buf);
	if (!rc)
		rc = io_truncate(ino, (uint64_t)st.st_size, e);
	return rc;
}

int transfer_file_to_host(struct lfs_inode *ino, int host_fd,
			  const volatile sig_atomic_t *cancel, struct lfs_error *e)
{
	uint64_t size, start, end, off = 0;
	char *buf = malloc(COPY_CHUNK);
	int rc = inode_size(ino, &size);

	if (!buf)
		return -ENOMEM;
	while (!rc && off < size) {
		rc = io_next_data(ino, off, &start, &end);
		if (rc == -ENXIO) {
			rc = 0;
			break;
		}
		while (!rc && start < end && !(rc = cancelled(cancel))) {
			size_t want = end - start < COPY_CHUNK ? (size_t)(end - start) : COPY_CHUNK;
			ssize_t n = io_pread(ino, buf, want, start);

			if (n <= 0) {
				rc = n < 0 ? (int)n : -EIO;
				break;
			}
			rc = fd_pwrite_all(host_fd, buf, (size_t)n, (off_t)start);
			start += (uint64_t)n;
		}
		off = end;
	}
	free(buf);
	if (rc == -EINTR)
		return rc;
	if (!rc) {
		struct stat st;

		/* Only regular files can take a size (stdout may be a pipe). */
		if (fstat(host_fd, &st) == 0 && S_ISREG(st.st_mode) &&
		    ftruncate(host_fd, (off_t)size) < 0)
			rc = -errno;
	}
	return rc ? io_error(ino, rc, e) : 0;
}

int transfer_read(struct lfs_inode *ino,
		  int (*sink)(void *arg, const void *buf, size_t len),
		  void *arg, struct lfs_error *e)
{
	size_t chunk = 1u << 20;
	char *buf = malloc(chunk);
	uint64_t off = 0;
	ssize_t n;
	int rc = 0;

	if (!buf)
		return -ENOMEM;
	while ((n = io_pread(ino, buf, chunk, off)) > 0) {
		rc = sink(arg, buf, (size_t)n);
		if (rc)
			break;
		off += (uint64_t)n;
	}
	if (n < 0 && !rc)
		rc = io_error(ino, (int)n, e);
	free(buf);
	return rc;
}

int transfer_write(struct lfs_inode *ino, enum transfer_how how,
		   uint64_t offset,
		   ssize_t (*source)(void *arg, void *buf, size_t len),
		   void *arg, uint64_t *done, struct lfs_error *e)
{
	size_t chunk = 1u << 20;
	char *buf = malloc(chunk);
	ssize_t n = buf ? source(arg, buf, chunk) : -ENOMEM;
	uint64_t off = how == TRANSFER_AT ? offset : 0, written = 0;
	int rc = n < 0 ? (int)n : 0;

	if (!rc && how != TRANSFER_AT)
		rc = io_size_lock(ino);
	if (!rc && how == TRANSFER_APPEND)
		rc = io_append_offset(ino, &off);
	else if (!rc && how == TRANSFER_REPLACE)
		rc = io_truncate(ino, 0, e);
	while (!rc && n > 0) {
		rc = io_pwrite_all(ino, buf, (size_t)n, off + written, &written, e);
		n = rc ? 0 : source(arg, buf, chunk);
		rc = n < 0 ? (int)n : rc;
	}
	io_size_unlock(ino);
	free(buf);
	*done = written;
	return rc;
}

struct import {
	struct lfs_store *s;
	const struct lfs_layout *layout;
	bool preserve;         /* the host's mode and times, as cp -a */
	transfer_report_fn *report;
	void *arg;
	const volatile sig_atomic_t *cancel;
	int status;            /* the first failure */
};

static void tell(struct import *im, enum transfer_event ev, const char *sub)
{
	if (im->report)
		im->report(im->arg, ev, sub, 0, NULL);
}

static int failed(struct import *im, const char *sub, int rc,
		  const struct lfs_error *e)
{
	struct lfs_error none = { 0, "" };

	if (im->report)
		im->report(im->arg, TRANSFER_FAILED, sub, rc, e ? e : &none);
	if (!im->status)
		im->status = rc;
	return rc;
}

/* The host entry's mode and atime/mtime onto fd, as cp -a keeps them. */
static int keep_attrs(int fd, const struct stat *st)
{
	const struct timespec times[2] = { st->st_atim, st->st_mtim };

	return fchmod(fd, st->st_mode & 07777) || futimens(fd, times) ? -errno : 0;
}

/* All or nothing: the file is written unnamed (in PENDING) and named only
 * when complete; a failure or a kill leaves no name and, after recovery,
 * no object. */
static int import_file(struct import *im, int host_fd, const char *rel,
		       const char *sub, const struct stat *st)
{
	struct lfs_error e = { 0, "" };
	struct lfs_inode *ino;
	char pend[64];
	int rc = inode_create_unnamed(im->s, rel, st->st_mode & 07777,
					   im->layout, &ino, pend, sizeof(pend), &e);

	if (rc)
		return failed(im, sub, rc, &e);
	fault_point("import-pending");
	rc = transfer_host_to_file(host_fd, ino, im->cancel, &e);
	/* Once the data is in, which moved mtime. */
	if (!rc && im->preserve)
		rc = keep_attrs(ino->fd, st);
	if (!rc) {
		fault_point("import-copied");
		rc = inode_link(ino, rel);
	}
	if (!rc)
		fault_point("import-linked");
	/* Named: only the entry goes; not: the inode and its objects too.
	 * Its failure is no failure of the import (pending.h). */
	pending_release(im->s, ino->fd, pend, false, NULL);
	inode_close(ino);
	if (rc)
		return failed(im, sub, rc, &e);
	tell(im, TRANSFER_IMPORTED, sub);
	return 0;
}

/* The directory rel for a host directory: made when missing, as mkdir
 * makes it (ns_mkdir: it takes its parent's default layout). Preserving,
 * it is made writable by its owner until its tree is in (cp -a's way
 * into a read-only directory); dir_done() then sets the host's mode. */
static int import_dir(struct import *im, const char *rel, const char *sub,
		      mode_t mode)
{
	struct lfs_error e = { 0, "" };
	int rc = ns_open(im->s, rel, O_RDONLY | O_DIRECTORY, 0);

	if (rc == -ENOENT) {
		rc = ns_mkdir(im->s, rel, im->preserve ? (int)(mode & 07777) | S_IRWXU : -1,
			      false, &e);
		return rc ? failed(im, sub, rc, &e) : 0;
	}
	if (rc >= 0)
		close(rc);
	return 0;
}

/* A directory's tree is in: the host's mode and times, last, since every
 * entry made in it moved its mtime. */
static void dir_done(struct import *im, const char *rel, const char *sub,
		     const struct stat *st)
{
	int rc, fd;

	if (!im->preserve)
		return;
	fd = ns_open(im->s, rel, O_RDONLY | O_DIRECTORY, 0);
	rc = fd < 0 ? fd : keep_attrs(fd, st);
	if (fd >= 0)
		close(fd);
	if (rc)
		failed(im, sub, rc, NULL);
}

static void import_tree(struct import *im, int dir_fd, const char *rel,
			const char *sub);

static void import_entry(struct import *im, int dir_fd, const char *name,
			 const char *crel, const char *csub)
{
	struct stat st;
	int fd;

	/* Symlinks and special files are skipped: only data moves. */
	if (fstatat(dir_fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
		tell(im, TRANSFER_SKIPPED, csub);
		return;
	}
	fd = openat(dir_fd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0) {
		failed(im, csub, -errno, NULL);
	} else if (S_ISDIR(st.st_mode)) {
		if (!import_dir(im, crel, csub, st.st_mode)) {
			import_tree(im, fd, crel, csub);
			dir_done(im, crel, csub, &st);
		}
	} else if (S_ISREG(st.st_mode)) {
		import_file(im, fd, crel, csub, &st);
	}
	if (fd >= 0)
		close(fd);
}

static void import_tree(struct import *im, int dir_fd, const char *rel,
			const char *sub)
{
	char **names, *crel, *csub;
	size_t n;
	int rc = dir_list(dir_fd, true, &names, &n);

	if (rc) {
		failed(im, sub, rc, NULL);
		return;
	}
	/* Once interrupted, what is not begun is left (each file whole). */
	for (size_t i = 0; i < n && !cancelled(im->cancel); i++) {
		if (asprintf(&crel, "%s/%s", rel, names[i]) < 0) {
			failed(im, sub, -ENOMEM, NULL);
			break;
		}
		if (asprintf(&csub, "%s%s%s", sub, *sub ? "/" : "", names[i]) < 0) {
			free(crel);
			failed(im, sub, -ENOMEM, NULL);
			break;
		}
		import_entry(im, dir_fd, names[i], crel, csub);
		free(crel);
		free(csub);
	}
	dir_list_free(names, n);
}

int transfer_import(struct lfs_store *s, int host_fd, const char *host_path,
		    const char *rel, const struct lfs_layout *layout,
		    unsigned flags, const volatile sig_atomic_t *cancel,
		    transfer_report_fn *report, void *arg)
{
	struct import im = { s, layout, !(flags & TRANSFER_NO_PRESERVE), report,
			     arg, cancel, 0 };
	struct lfs_error e = { 0, "" };
	const char *base;
	char *target;
	struct stat st;
	int nfd, n;

	if (fstat(host_fd, &st) < 0)
		return failed(&im, "", -errno, NULL);
	nfd = ns_open(s, rel, O_RDONLY | O_DIRECTORY, 0);
	if (nfd >= 0)
		close(nfd);
	if (S_ISDIR(st.st_mode)) {
		if (nfd < 0) {
			lfs_error_set(&e, nfd, "%s (create the target directory first)",
				      strerror(-nfd));
			return failed(&im, "", nfd, &e);
		}
		import_tree(&im, host_fd, rel, "");
		return im.status;
	}
	/* Into an existing directory: keep the host file's name. */
	base = strrchr(host_path, '/');
	base = base ? base + 1 : host_path;
	if (nfd >= 0 && strlen(rel) + strlen(base) + 2 > PATH_MAX)
		return failed(&im, "", -ENAMETOOLONG, NULL);
	if (nfd < 0)
		n = asprintf(&target, "%s", rel);
	else if (!strcmp(rel, "."))
		n = asprintf(&target, "%s", base);
	else
		n = asprintf(&target, "%s/%s", rel, base);
	if (n < 0)
		return failed(&im, "", -ENOMEM, NULL);
	import_file(&im, host_fd, target, "", &st);
	free(target);
	return im.status;
}
