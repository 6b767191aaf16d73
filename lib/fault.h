/*
 * fault.h - crash testing: kill the process at a named point.
 *
 * LFS_FAULT=<point> raises SIGKILL the first time the process reaches
 * that point; LFS_FAULT=<point>:<n> the n-th time (a kill in the middle
 * of a long run). tests/e2e drive it; unset, a point costs one getenv.
 */
#ifndef LFS_FAULT_H
#define LFS_FAULT_H

void fault_point(const char *name);

#endif
