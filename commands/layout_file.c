/* layout_file.c - read a layout from a host file of getstripe -y output
 * (setstripe --yaml, migrate --yaml). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "layout_yaml.h"

/* getstripe -y of the largest layout (64 components of 2000 stripes) is
 * well under this; anything bigger is not a layout. */
#define YAML_FILE_MAX (64u << 20)

int layout_of_yaml_file(const char *cmdname, const char *path,
			struct lfs_layout **out)
{
	struct lfs_error e = { 0, "" };
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;
	int rc = 0;

	*out = NULL;
	if (!f)
		return cmd_errorf(cmdname, errno, "--yaml %s: %s", path, strerror(errno));
	do {
		if (len == cap) {
			char *nb = cap < YAML_FILE_MAX ? realloc(buf, cap += 65536) : NULL;

			if (!nb) {
				rc = cap >= YAML_FILE_MAX ? EFBIG : ENOMEM;
				break;
			}
			buf = nb;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
	} while (n);
	if (!rc && ferror(f))
		rc = errno ? errno : EIO;
	fclose(f);
	if (rc) {
		free(buf);
		return cmd_errorf(cmdname, rc, "--yaml %s: %s", path, strerror(rc));
	}
	rc = layout_from_yaml(buf, len, out, &e);
	free(buf);
	if (rc)
		return cmd_errorf(cmdname, -rc, "--yaml %s: %s", path,
				  lfs_error_text(&e, rc));
	return 0;
}
