/*
 * layout_yaml.h - a layout template from `lfs getstripe -y` output
 * (setstripe --yaml, migrate --yaml).
 *
 * Contract:
 *  - Accepts what getstripe -y prints for a plain or a composite (PFL)
 *    file, and Lustre's own output of the same shape. A first line that is
 *    not `key: value` (the file's path, which Lustre prints before the
 *    YAML block) is skipped.
 *  - The result is a template: extents, pattern, stripe size and count,
 *    pool, and the placement as Lustre's build_layout_from_yaml_node
 *    keeps it: lmm_stripe_offset, and each object's l_ost_idx in order as
 *    an OST list (so the new objects go on the same OSTs); no objects.
 *  - Anything else is -EINVAL with a detail naming the line and the key.
 *    Parsing is libyaml's; nothing here reads YAML by hand.
 */
#ifndef LFS_LAYOUT_YAML_H
#define LFS_LAYOUT_YAML_H

#include <stddef.h>

#include "layout.h"

int layout_from_yaml(const char *text, size_t len, struct lfs_layout **out,
		     struct lfs_error *e);
/* The same from host file path: -errno (no detail) when it cannot be
 * read, -EFBIG when it is far larger than any layout's YAML. */
int layout_from_yaml_file(const char *path, struct lfs_layout **out,
			  struct lfs_error *e);

#endif
