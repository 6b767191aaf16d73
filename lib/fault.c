/* fault.c - crash testing: kill (or stop) the process at a named point. */
#include "fault.h"

#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

void fault_point(const char *name)
{
	static atomic_ulong hits;
	const char *want = getenv("LFS_FAULT");
	size_t len = strlen(name);
	unsigned long n = 1;

	if (!want || strncmp(want, name, len) || (want[len] && want[len] != ':'))
		return;
	if (want[len] == ':' && (n = strtoul(want + len + 1, NULL, 10)) < 1)
		n = 1;
	if (atomic_fetch_add(&hits, 1) + 1 == n)
		raise(getenv("LFS_FAULT_STOP") ? SIGSTOP : SIGKILL);
}
