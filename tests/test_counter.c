/* Unit tests for lib/counter.c: counter files shared between processes. */
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "counter.h"

static char dir[64];
static int dir_fd = -1;

static int setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/lfs-test-counter-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	dir_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return dir_fd < 0 ? -1 : 0;
}

static int teardown(void **state)
{
	(void)state;
	unlinkat(dir_fd, "C", 0);
	close(dir_fd);
	rmdir(dir);
	return 0;
}

/* A new file holds zeros, sized for its counters; values persist. */
static void test_create_and_reopen(void **state)
{
	struct counter_file c;
	struct stat st;

	(void)state;
	assert_int_equal(counter_map(dir_fd, "C", COUNTER_U64, 2, &c), 0);
	assert_int_equal(fstatat(dir_fd, "C", &st, 0), 0);
	assert_int_equal(st.st_size, 16);
	assert_int_equal(counter_get64(&c, 0), 0);
	assert_int_equal(counter_get64(&c, 1), 0);
	counter_add64(&c, 0, 4096);
	counter_add64(&c, 1, 3);
	counter_unmap(&c);
	assert_int_equal(c.fd, -1);

	assert_int_equal(counter_map(dir_fd, "C", COUNTER_U64, 2, &c), 0);
	assert_int_equal(counter_get64(&c, 0), 4096);
	assert_int_equal(counter_get64(&c, 1), 3);
	counter_set64(&c, 1, 7);
	assert_int_equal(counter_get64(&c, 1), 7);
	counter_unmap(&c);
}

/* A drifted counter is clamped at zero, never wraps. */
static void test_add_clamps(void **state)
{
	struct counter_file c;

	(void)state;
	assert_int_equal(counter_map(dir_fd, "C", COUNTER_U64, 2, &c), 0);
	counter_add64(&c, 0, 100);
	counter_add64(&c, 0, -30);
	assert_int_equal(counter_get64(&c, 0), 70);
	counter_add64(&c, 0, -1000);
	assert_int_equal(counter_get64(&c, 0), 0);
	counter_unmap(&c);
}

/* An existing shorter file (an older store's) keeps its bytes and grows. */
static void test_grows_short_file(void **state)
{
	struct counter_file c;
	uint32_t v = 41;
	int fd;

	(void)state;
	fd = openat(dir_fd, "C", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, &v, 2), 2);   /* torn: 2 of 4 bytes */
	close(fd);
	assert_int_equal(counter_map(dir_fd, "C", COUNTER_U32, 1, &c), 0);
	assert_int_equal(counter_fetch_add32(&c, 0, 5), 41);
	assert_int_equal(counter_fetch_add32(&c, 0, 1), 46);
	counter_unmap(&c);
}

/* Two processes adding at once lose no update. */
static void test_processes_share(void **state)
{
	struct counter_file c;
	enum { ADDS = 20000 };
	pid_t pid;
	int status;

	(void)state;
	assert_int_equal(counter_map(dir_fd, "C", COUNTER_U64, 2, &c), 0);
	counter_set64(&c, 0, 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct counter_file k;

		if (counter_map(dir_fd, "C", COUNTER_U64, 2, &k))
			_exit(1);
		for (int i = 0; i < ADDS; i++)
			counter_add64(&k, 0, 1);
		counter_unmap(&k);
		_exit(0);
	}
	for (int i = 0; i < ADDS; i++)
		counter_add64(&c, 0, 2);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_int_equal(counter_get64(&c, 0), 3 * ADDS);
	counter_unmap(&c);
}

/* A directory that cannot hold the file: -errno, nothing mapped. */
static void test_error(void **state)
{
	struct counter_file c;

	(void)state;
	assert_int_equal(counter_map(dir_fd, "no/such/dir/C", COUNTER_U64, 2, &c),
			 -ENOENT);
	assert_int_equal(c.fd, -1);
	assert_null(c.base);
	counter_unmap(&c);     /* harmless */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create_and_reopen, setup, teardown),
		cmocka_unit_test_setup_teardown(test_add_clamps, setup, teardown),
		cmocka_unit_test_setup_teardown(test_grows_short_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_processes_share, setup, teardown),
		cmocka_unit_test_setup_teardown(test_error, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
