/*
 * alloc.h - the object allocator (docs/DESIGN.md section 4, Lustre's lod_qos).
 *
 * alloc_component() chooses the OSTs for one component of a layout and
 * reserves an object id on each, filling the component's object list:
 *  - an explicit OST list (-o) is taken as given: every listed OST must
 *    exist (-ENODEV), be active (-EREMOTEIO, "inactive OST among your
 *    specified N OST(s)") and accept creates (-EREMOTEIO for nocreate);
 *  - an explicit start index (-i) must exist and be in the pool (-EINVAL);
 *    an unusable one is skipped to the next usable OST, as Lustre does;
 *  - otherwise round-robin from a persistent cursor while the OSTs' free
 *    space is balanced (max_free * (1 - 17%) < min_free), else a weighted
 *    random choice by free space (QoS);
 *  - only OSTs of the component's pool (all OSTs when that pool has
 *    been destroyed, as lod_qos.c places when lod_find_pool() finds
 *    none), only usable ones; degraded OSTs
 *    only when nothing else fits; OSTs already holding another component
 *    of the same file are avoided while others are free;
 *  - a stripe count above the usable OSTs is capped (not for overstriping),
 *    and *capped tells the caller so (-v prints it); -1 means all usable;
 *  - a repeated OST makes the component overstriped, and an overstriping
 *    request that got distinct OSTs is not (lod_qos.c clears the flag);
 *    an OST list keeps its pattern.
 * Nothing is created on disk except the id reservation.
 */
#ifndef LFS_ALLOC_H
#define LFS_ALLOC_H

#include <stdbool.h>

#include "error.h"
#include "layout.h"
#include "store.h"

int alloc_component(struct lfs_store *s, struct lfs_layout *l, uint32_t idx,
		    bool *capped, struct lfs_error *e);

/* Seed the QoS choice (tests make it deterministic). */
void alloc_seed(struct lfs_store *s, unsigned seed);

#endif
