/*
 * fault.h - crash testing: kill the process at a named point.
 *
 * LFS_FAULT=<point> raises SIGKILL the first time the process reaches
 * that point; LFS_FAULT=<point>:<n> the n-th time (a kill in the middle
 * of a long run). With LFS_FAULT_STOP=1 it raises SIGSTOP instead: the
 * process waits there until SIGCONT, so a test can run something else
 * at that exact point (a race made deterministic). tests/e2e and
 * tests/crash drive it.
 *
 * A test hook, and the one exception to lib/ keeping no process-wide
 * state: the environment is only read (one getenv per point reached),
 * and the count of hits, per process as the tests mean it (-j workers
 * count together), is an atomic touched only when LFS_FAULT names the
 * point. A program that does not set LFS_FAULT has no state here.
 */
#ifndef LFS_FAULT_H
#define LFS_FAULT_H

void fault_point(const char *name);

#endif
