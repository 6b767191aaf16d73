/* copy.c - streaming between host files and store files, holes kept. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"
#include "io.h"

#define COPY_CHUNK (4u << 20)

/* Copy the data ranges of a host file (SEEK_DATA/SEEK_HOLE), then set the
 * size, so holes stay holes. */
int copy_host_to_file(int host_fd, struct lfs_inode *ino, struct lfs_error *e)
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
		/* A pipe: plain streaming. */
		uint64_t off = 0;
		ssize_t n;

		while (!rc && (n = read(host_fd, buf, COPY_CHUNK)) > 0)
			rc = io_pwrite_all(ino, buf, (size_t)n, off, &off, e);
		if (n < 0 && !rc)
			rc = -errno;
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
		while (!rc && data < hole) {
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

int copy_file_to_host(struct lfs_inode *ino, int host_fd)
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
		while (!rc && start < end) {
			size_t want = end - start < COPY_CHUNK ? (size_t)(end - start) : COPY_CHUNK;
			ssize_t n = io_pread(ino, buf, want, start);

			if (n <= 0) {
				rc = n < 0 ? (int)n : -EIO;
				break;
			}
			if (pwrite(host_fd, buf, (size_t)n, (off_t)start) != n)
				rc = -errno;
			start += (uint64_t)n;
		}
		off = end;
	}
	free(buf);
	if (!rc) {
		struct stat st;

		/* Only regular files can take a size (stdout may be a pipe). */
		if (fstat(host_fd, &st) == 0 && S_ISREG(st.st_mode) &&
		    ftruncate(host_fd, (off_t)size) < 0)
			rc = -errno;
	}
	return rc;
}

int cmd_read_error(const char *cmdname, const char *path,
		   const struct lfs_inode *ino, int rc)
{
	struct lfs_error e = { 0, "" };

	io_error(ino, rc, &e);
	if (e.msg[0])
		return cmd_errorf(cmdname, rc, "%s: %s: %s", path, e.msg, strerror(-rc));
	return cmd_error(cmdname, path, rc, NULL);
}
