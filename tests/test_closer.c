/* Unit tests for lib/closer.c: every descriptor handed over is closed
 * by closer_stop() at the latest; the closer runs CLOSER_THREADS threads,
 * each blocking every signal, and none is left after closer_stop(). */
#include "testutil.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "closer.h"

/* This process's threads. */
static int threads(void)
{
	DIR *d = opendir("/proc/self/task");
	struct dirent *de;
	int n = 0;

	assert_non_null(d);
	while ((de = readdir(d)))
		n += de->d_name[0] != '.';
	closedir(d);
	return n;
}

/* Blocked signals of thread tid (its SigBlk line), as a mask. */
static unsigned long long blocked(const char *tid)
{
	char path[320], line[256];
	unsigned long long mask = 0;
	FILE *fp;

	snprintf(path, sizeof(path), "/proc/self/task/%s/status", tid);
	fp = fopen(path, "r");
	assert_non_null(fp);
	while (fgets(line, sizeof(line), fp))
		if (sscanf(line, "SigBlk: %llx", &mask) == 1)
			break;
	fclose(fp);
	return mask;
}

/* The read ends handed over (or closed here when the queue was full)
 * are all closed once closer_stop returns: a write to the other end
 * finds no reader. */
static void test_closes_everything(void **state)
{
	enum { N = 3 * CLOSER_QUEUE };
	int w[N], p[2], kept = 0;
	struct closer *c;

	(void)state;
	signal(SIGPIPE, SIG_IGN);
	assert_int_equal(closer_start(&c), 0);
	for (int i = 0; i < N; i++) {
		assert_int_equal(pipe(p), 0);
		w[i] = p[1];
		if (closer_put(c, p[0]))
			kept++;
		else
			close(p[0]);
	}
	assert_true(kept > 0);
	closer_stop(c);
	for (int i = 0; i < N; i++) {
		errno = 0;
		assert_int_equal(write(w[i], "x", 1), -1);
		assert_int_equal(errno, EPIPE);
		close(w[i]);
	}
	signal(SIGPIPE, SIG_DFL);
}

/* CLOSER_THREADS threads, none taking a signal meant for the caller;
 * all gone after closer_stop(), and stopping nothing is fine. */
static void test_threads(void **state)
{
	const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1,
			     SIGALRM, SIGCHLD, SIGPIPE, SIGRTMIN };
	int before = threads(), seen = 0;
	struct closer *c;
	struct dirent *de;
	char self[32];
	DIR *d;

	(void)state;
	assert_int_equal(closer_start(&c), 0);
	assert_int_equal(threads(), before + CLOSER_THREADS);
	snprintf(self, sizeof(self), "%d", (int)getpid());
	d = opendir("/proc/self/task");
	assert_non_null(d);
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' || !strcmp(de->d_name, self))
			continue;
		for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
			assert_true(blocked(de->d_name) & (1ULL << (sigs[i] - 1)));
		seen++;
	}
	closedir(d);
	assert_int_equal(seen, CLOSER_THREADS);
	closer_stop(c);
	assert_int_equal(threads(), before);
	closer_stop(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_closes_everything),
		cmocka_unit_test(test_threads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
