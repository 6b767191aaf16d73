/* Unit tests for lib/fdio.c: a whole buffer written, at the offset or
 * at a position; a write cut short by the file size limit says why
 * (EFBIG) instead of a stale errno, with what fitted written; a bad
 * descriptor and a negative position refused. */
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fdio.h"

static int scratch(void)
{
	char path[] = "/tmp/lfs-fdio.XXXXXX";
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	unlink(path);
	return fd;
}

static void test_whole_buffer(void **state)
{
	char buf[100000], back[sizeof(buf)];
	int fd = scratch();

	(void)state;
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (char)(i * 7);
	assert_int_equal(fd_write_all(fd, buf, 10), 0);
	assert_int_equal(fd_write_all(fd, buf + 10, sizeof(buf) - 10), 0);
	assert_int_equal(lseek(fd, 0, SEEK_CUR), sizeof(buf));
	assert_int_equal(fd_pwrite_all(fd, "xyz", 3, 50), 0);
	assert_int_equal(pread(fd, back, sizeof(back), 0), sizeof(back));
	memcpy(buf + 50, "xyz", 3);
	assert_memory_equal(buf, back, sizeof(buf));
	/* Nothing to write is done at once. */
	assert_int_equal(fd_write_all(fd, buf, 0), 0);
	close(fd);
}

/* RLIMIT_FSIZE cuts the write short: the first write returns what fits
 * and sets no errno, the next fails with EFBIG (SIGXFSZ ignored). */
static void test_short_write_says_why(void **state)
{
	struct rlimit old, lim;
	char buf[8192];
	struct sigaction ign = { .sa_handler = SIG_IGN }, was;
	int fd = scratch();

	(void)state;
	memset(buf, 'a', sizeof(buf));
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	lim = old;
	lim.rlim_cur = 4096;
	sigaction(SIGXFSZ, &ign, &was);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
	errno = EINVAL;                 /* what an earlier call left */
	assert_int_equal(fd_write_all(fd, buf, sizeof(buf)), -EFBIG);
	errno = EINVAL;
	assert_int_equal(fd_pwrite_all(fd, buf, sizeof(buf), 1000), -EFBIG);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	sigaction(SIGXFSZ, &was, NULL);
	assert_int_equal(lseek(fd, 0, SEEK_END), 4096);
	close(fd);
}

static void test_refused(void **state)
{
	int fd = scratch();

	(void)state;
	assert_int_equal(fd_write_all(-1, "a", 1), -EBADF);
	assert_int_equal(fd_pwrite_all(-1, "a", 1, 0), -EBADF);
	assert_int_equal(fd_pwrite_all(fd, "a", 1, -1), -EINVAL);
	close(fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_whole_buffer),
		cmocka_unit_test(test_short_write_says_why),
		cmocka_unit_test(test_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
