/* layout_file.c - read a layout from a host file of getstripe -y output
 * (setstripe --yaml, migrate --yaml). */
#include "common.h"
#include "layout_yaml.h"

int layout_of_yaml_file(const char *cmdname, const char *path,
			struct lfs_layout **out)
{
	struct lfs_error e = { 0, "" };
	int rc = layout_from_yaml_file(path, out, &e);

	return rc ? cmd_errorf(cmdname, rc, "--yaml %s: %s", path,
			       lfs_error_text(&e, rc)) : 0;
}
