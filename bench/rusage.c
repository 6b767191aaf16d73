/*
 * bench/rusage [-a] OUT CMD [ARG...]: run CMD, then write one line to the
 * file OUT (appended with -a): "WALL_SECONDS MAXRSS_KIB", the wall time from
 * fork to reaping and the ru_maxrss that wait4() reports for the child, which
 * Linux takes as the largest resident set of the child or of any descendant
 * it waited for.
 * CMD keeps stdin, stdout and stderr; the exit status is CMD's (128+N when
 * killed by signal N, 127 when it cannot be run). Used by bench/bench.sh so
 * that a fresh Debian needs nothing beyond the compiler to run `make bench`.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	struct rusage ru;
	double t0, t1;
	int status;
	pid_t pid;
	const char *mode = "w";
	FILE *out;

	if (argc > 1 && strcmp(argv[1], "-a") == 0) {
		mode = "a";
		argv++;
		argc--;
	}
	if (argc < 3) {
		fprintf(stderr, "usage: rusage [-a] OUT CMD [ARG...]\n");
		return 2;
	}
	t0 = now();
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "rusage: fork: %s\n", strerror(errno));
		return 127;
	}
	if (pid == 0) {
		execvp(argv[2], argv + 2);
		fprintf(stderr, "rusage: %s: %s\n", argv[2], strerror(errno));
		_exit(127);
	}
	while (wait4(pid, &status, 0, &ru) < 0) {
		if (errno != EINTR) {
			fprintf(stderr, "rusage: wait4: %s\n", strerror(errno));
			return 127;
		}
	}
	t1 = now();
	out = fopen(argv[1], mode);
	if (!out || fprintf(out, "%.3f %ld\n", t1 - t0, ru.ru_maxrss) < 0 ||
	    fclose(out) != 0) {
		fprintf(stderr, "rusage: %s: %s\n", argv[1], strerror(errno));
		return 127;
	}
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}
