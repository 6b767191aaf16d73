/* Unit tests for lib/lock.c: OFD locks between two processes. */
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lock.h"

static char path[64];

static int setup(void **state)
{
	int fd;

	(void)state;
	strcpy(path, "/tmp/lfs-test-lock-XXXXXX");
	fd = mkstemp(path);
	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(path);
	return 0;
}

static int open_file(void)
{
	int fd = open(path, O_RDWR | O_CLOEXEC);

	assert_true(fd >= 0);
	return fd;
}

/* Child: open its own description, take `mode` on `which`, tell the
 * parent through the pipe, then wait for a byte (or die at once). */
static pid_t holder(enum lfs_lock_byte which, enum lfs_lock_mode mode,
		    int *go_fd, bool block)
{
	int ready[2], go[2];
	pid_t pid;
	char c;

	assert_int_equal(pipe(ready), 0);
	assert_int_equal(pipe(go), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int fd = open(path, O_RDWR);

		close(ready[0]);
		close(go[1]);
		if (fd < 0 || (block ? lfs_lock(fd, which, mode) :
				       lfs_trylock(fd, which, mode)))
			_exit(2);
		if (write(ready[1], "r", 1) != 1)
			_exit(3);
		if (read(go[0], &c, 1) < 0)
			_exit(4);
		_exit(0);
	}
	close(ready[1]);
	close(go[0]);
	assert_int_equal(read(ready[0], &c, 1), 1);
	close(ready[0]);
	*go_fd = go[1];
	return pid;
}

static void release(pid_t pid, int go_fd)
{
	int st;

	assert_int_equal(write(go_fd, "g", 1), 1);
	close(go_fd);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

static void test_conflicts_and_trylock(void **state)
{
	int fd = open_file(), go;
	pid_t pid;
	(void)state;

	assert_int_equal(lfs_lock_conflicts(fd, LOCK_LAYOUT, LFS_EXCL), 0);
	pid = holder(LOCK_LAYOUT, LFS_EXCL, &go, false);
	/* Exclusive elsewhere blocks both modes. */
	assert_int_equal(lfs_trylock(fd, LOCK_LAYOUT, LFS_SHARED), -EAGAIN);
	assert_int_equal(lfs_trylock(fd, LOCK_LAYOUT, LFS_EXCL), -EAGAIN);
	assert_int_equal(lfs_lock_conflicts(fd, LOCK_LAYOUT, LFS_SHARED), 1);
	assert_int_equal(lfs_lock_conflicts(fd, LOCK_LAYOUT, LFS_EXCL), 1);
	/* Other bytes are independent locks. */
	assert_int_equal(lfs_lock_conflicts(fd, LOCK_GROUP, LFS_EXCL), 0);
	assert_int_equal(lfs_trylock(fd, LOCK_GROUP, LFS_EXCL), 0);
	assert_int_equal(lfs_unlock(fd, LOCK_GROUP), 0);
	release(pid, go);
	assert_int_equal(lfs_lock_conflicts(fd, LOCK_LAYOUT, LFS_EXCL), 0);
	assert_int_equal(lfs_trylock(fd, LOCK_LAYOUT, LFS_EXCL), 0);
	assert_int_equal(lfs_unlock(fd, LOCK_LAYOUT), 0);

	/* Shared elsewhere: shared is fine, exclusive is not. */
	pid = holder(LOCK_WRITERS, LFS_SHARED, &go, false);
	assert_int_equal(lfs_lock_conflicts(fd, LOCK_WRITERS, LFS_SHARED), 0);
	assert_int_equal(lfs_lock_conflicts(fd, LOCK_WRITERS, LFS_EXCL), 1);
	assert_int_equal(lfs_trylock(fd, LOCK_WRITERS, LFS_SHARED), 0);
	assert_int_equal(lfs_trylock(fd, LOCK_WRITERS, LFS_EXCL), -EAGAIN);
	assert_int_equal(lfs_unlock(fd, LOCK_WRITERS), 0);
	release(pid, go);
	close(fd);
}

static void test_own_locks_do_not_conflict(void **state)
{
	int a = open_file(), b = open_file();
	(void)state;

	assert_int_equal(lfs_lock(a, LOCK_META, LFS_EXCL), 0);
	/* Same description: no conflict, and upgrading/downgrading works. */
	assert_int_equal(lfs_lock_conflicts(a, LOCK_META, LFS_EXCL), 0);
	assert_int_equal(lfs_trylock(a, LOCK_META, LFS_SHARED), 0);
	/* Another description in the same process does conflict (OFD). */
	assert_int_equal(lfs_trylock(b, LOCK_META, LFS_EXCL), -EAGAIN);
	assert_int_equal(lfs_lock_conflicts(b, LOCK_META, LFS_EXCL), 1);
	assert_int_equal(lfs_trylock(b, LOCK_META, LFS_SHARED), 0);
	assert_int_equal(lfs_unlock(b, LOCK_META), 0);
	/* Closing the description drops its locks. */
	close(a);
	assert_int_equal(lfs_trylock(b, LOCK_META, LFS_EXCL), 0);
	close(b);
	/* Bad fd. */
	assert_int_equal(lfs_lock(-1, LOCK_META, LFS_EXCL), -EBADF);
	assert_int_equal(lfs_trylock(-1, LOCK_META, LFS_EXCL), -EBADF);
	assert_int_equal(lfs_lock_conflicts(-1, LOCK_META, LFS_EXCL), -EBADF);
}

static void test_exclusive_blocks_shared(void **state)
{
	int fd = open_file(), go, st;
	pid_t pid, waiter;
	(void)state;

	/* We hold it exclusively; a child asking for shared must wait. */
	assert_int_equal(lfs_lock(fd, LOCK_LAYOUT, LFS_EXCL), 0);
	waiter = fork();
	assert_true(waiter >= 0);
	if (waiter == 0) {
		int cfd = open(path, O_RDWR);

		if (cfd < 0 || lfs_lock(cfd, LOCK_LAYOUT, LFS_SHARED))
			_exit(2);
		_exit(0);
	}
	usleep(200000);
	assert_int_equal(waitpid(waiter, &st, WNOHANG), 0);   /* still blocked */
	assert_int_equal(lfs_unlock(fd, LOCK_LAYOUT), 0);
	assert_int_equal(waitpid(waiter, &st, 0), waiter);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);

	/* A child's exclusive lock blocks our shared lock until it ends. */
	pid = holder(LOCK_GROUP, LFS_EXCL, &go, true);
	assert_int_equal(lfs_trylock(fd, LOCK_GROUP, LFS_SHARED), -EAGAIN);
	release(pid, go);
	assert_int_equal(lfs_lock(fd, LOCK_GROUP, LFS_SHARED), 0);
	close(fd);
}

static void test_locks_vanish_when_holder_dies(void **state)
{
	int fd = open_file(), go, st;
	pid_t pid;
	(void)state;

	pid = holder(LOCK_OWNER, LFS_EXCL, &go, false);
	assert_int_equal(lfs_lock_conflicts(fd, LOCK_OWNER, LFS_EXCL), 1);
	assert_int_equal(kill(pid, SIGKILL), 0);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFSIGNALED(st));
	close(go);
	assert_int_equal(lfs_lock_conflicts(fd, LOCK_OWNER, LFS_EXCL), 0);
	assert_int_equal(lfs_trylock(fd, LOCK_OWNER, LFS_EXCL), 0);
	close(fd);
}

static void *lock_on_own_description(void *arg)
{
	int fd = open_file();

	*(int *)arg = lfs_lock(fd, LOCK_LAYOUT, LFS_EXCL);
	close(fd);
	return NULL;
}

/* Two threads of one process, each with its own description, wait for one
 * another as two processes do (migrate -j workers do this). Under valgrind
 * this hung CI for 90 minutes until lfs_lock stopped waiting in
 * F_OFD_SETLKW there (lock.c); `make valgrind` runs this test. */
static void test_threads_wait_for_each_other(void **state)
{
	int fd = open_file(), rc = 1;
	pthread_t tid;
	(void)state;

	assert_int_equal(lfs_lock(fd, LOCK_LAYOUT, LFS_EXCL), 0);
	assert_int_equal(pthread_create(&tid, NULL, lock_on_own_description, &rc), 0);
	usleep(100000);
	assert_int_equal(rc, 1);                 /* still waiting */
	assert_int_equal(lfs_unlock(fd, LOCK_LAYOUT), 0);
	assert_int_equal(pthread_join(tid, NULL), 0);
	assert_int_equal(rc, 0);
	close(fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_conflicts_and_trylock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_own_locks_do_not_conflict, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exclusive_blocks_shared, setup, teardown),
		cmocka_unit_test_setup_teardown(test_locks_vanish_when_holder_dies, setup, teardown),
		cmocka_unit_test_setup_teardown(test_threads_wait_for_each_other, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
