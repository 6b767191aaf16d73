/*
 * fdio.h - writing a whole buffer to a descriptor.
 *
 * write(2) and pwrite(2) may write less than asked without an error: the
 * file hit its size limit or its disk filled part way, or a signal came.
 * Such a short write sets no errno, so one that is reported as
 * `errno ? -errno : -EIO` reports whatever errno an earlier call left.
 * These write the rest again until the whole buffer is written or a call
 * fails, which then says why (ENOSPC, EFBIG, EDQUOT, EIO).
 *
 *  - fd_write_all(): at fd's offset; fd_pwrite_all(): at off.
 *  - Return 0 when all len bytes are written, else -errno of the failing
 *    call (EINTR is retried); a call that writes nothing and reports
 *    nothing is -EIO.
 */
#ifndef LFS_FDIO_H
#define LFS_FDIO_H

#include <stddef.h>
#include <sys/types.h>

int fd_write_all(int fd, const void *buf, size_t len);
int fd_pwrite_all(int fd, const void *buf, size_t len, off_t off);

#endif
