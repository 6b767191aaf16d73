/*
 * lfs.h - liblfs, the one header a program embedding it includes.
 *
 * It brings in the public modules, each header stating its contract:
 * every call returns 0 (or a count) or -errno, explains a failure in a
 * struct lfs_error (error.h), never prints, and keeps its state in the
 * handles it returns (struct lfs_store *, struct lfs_inode *), never in
 * the process. A store handle is used by one thread at a time; open one
 * per thread (store_open_again). Link with -llfs and the libraries of
 * `pkg-config --libs yaml-0.1 zlib`, and -lpthread.
 *
 * Not included, internal to lib/: the store's private parts
 * (store_internal.h) and the modules the public ones are built from
 * (alloc, counter, crc32, fault, journal, lock, lostfound, pending,
 * spare, walk). A new public module adds its header here.
 */
#ifndef LFS_H
#define LFS_H

#include "error.h"
#include "size.h"
#include "layout.h"
#include "layout_yaml.h"
#include "store.h"
#include "ns.h"
#include "ns_ops.h"
#include "dirlist.h"
#include "inode.h"
#include "stripe.h"
#include "find.h"
#include "io.h"
#include "ost.h"
#include "pfid.h"
#include "backend.h"
#include "migrate.h"
#include "migrate_run.h"
#include "recover.h"
#include "runs.h"
#include "df.h"
#include "stat.h"
#include "transfer.h"

#endif
