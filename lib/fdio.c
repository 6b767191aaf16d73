/* fdio.c - writing a whole buffer to a descriptor (fdio.h). */
#include "fdio.h"

#include <errno.h>
#include <unistd.h>

/* off < 0: write at fd's offset. */
static int put_all(int fd, const char *buf, size_t len, off_t off)
{
	while (len) {
		ssize_t n = off < 0 ? write(fd, buf, len) : pwrite(fd, buf, len, off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		buf += n;
		len -= (size_t)n;
		if (off >= 0)
			off += n;
	}
	return 0;
}

int fd_write_all(int fd, const void *buf, size_t len)
{
	return put_all(fd, buf, len, -1);
}

int fd_pwrite_all(int fd, const void *buf, size_t len, off_t off)
{
	if (off < 0)
		return -EINVAL;
	return put_all(fd, buf, len, off);
}
