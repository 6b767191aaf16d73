/*
 * closer.h - threads of a store handle's own that close descriptors.
 *
 * The last close of a destroyed object frees its blocks, and hosts that
 * trim freed extents do it synchronously (ext4 mounted with discard:
 * about 0.15 ms for a 64 KiB object), the caller waiting off the CPU.
 * A handle migrating many files (spare.h's many-files mode) hands its
 * object descriptors to a closer instead, so that this wait overlaps the
 * next files' work, as Lustre's OSTs destroy objects after the MDS has
 * moved on. The closer runs CLOSER_THREADS threads on one queue: a trim
 * waits for the device, which serves several at once (one thread fell
 * behind two migrating ones, whose queue then filled, so they closed
 * and waited themselves). Nothing waits for such a close: the object's name is gone
 * and its OST uncharged before (ost_object_destroy), durability comes
 * from the syncs that precede the close, and no lock is held through an
 * object's descriptor. Should the process die, the kernel closes them.
 *
 *  - closer_start(): 0 and a closer (of as many threads as could be
 *    made, at least one), or -errno (no thread: close at once).
 *  - closer_put(): true once fd is the closer's; false when its queue
 *    (CLOSER_QUEUE descriptors, counted in the open-file budget of a
 *    batch) is full, the caller then closes fd itself.
 *  - closer_stop(): closes what is queued, ends the threads; NULL is fine.
 * Its threads block every signal, so they never take one meant for the
 * caller.
 */
#ifndef LFS_CLOSER_H
#define LFS_CLOSER_H

#include <stdbool.h>

#define CLOSER_QUEUE 64
#define CLOSER_THREADS 4

struct closer;

int closer_start(struct closer **out);
bool closer_put(struct closer *c, int fd);
void closer_stop(struct closer *c);

#endif
