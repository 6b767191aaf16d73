/*
 * lostfound.h - orphan objects made files of /.lustre/lost+found.
 *
 * lfsck --orphans (recover.h) does not destroy an object no layout
 * references: it makes it the only stripe of a new file in the namespace
 * directory /.lustre/lost+found (made on demand, mode 0700, as Lustre's
 * LFSCK keeps its own under .lustre), so lfs cat reads it and lfs rm
 * destroys it. The file is named as Lustre's LFSCK names the files it
 * makes there (lfsck_layout_recreate_parent, "${FID}-${type}-${n}"): the
 * parent's FID when the object's back-pointer names one ("-R-": parent
 * known, its layout lost), else the object's own FID ("-N-": parent
 * unknown), then the first free counter. It gets the object's owner and
 * size, mode 0600 (Lustre's are 0400, but its LFSCK writes as root; the
 * store's owner must be able to set the layout and lfsck to open it
 * read-write), and the object's back-pointer is rewritten to name it.
 */
#ifndef LFS_LOSTFOUND_H
#define LFS_LOSTFOUND_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "pfid.h"
#include "store.h"

/* Adopt object id of OST ost (stat st, back-pointer pf or NULL): 0 and
 * the new file's name in name, or -errno. *lf_fd caches the directory
 * (-1 at first; the caller closes it). */
int lost_found_adopt(struct lfs_store *s, int *lf_fd, uint32_t ost,
		     uint64_t id, const struct lfs_pfid *pf,
		     const struct stat *st, char *name, size_t len);

#endif
