/* layout_file.c - a layout taken from a host file of getstripe -y output
 * (setstripe/migrate --yaml) or from a file of the store or the mount (--copy). */
#include "common.h"
#include "layout_yaml.h"
#include "lustre_stripe.h"
#include "migrate_run.h"

int layout_of_yaml_file(const char *cmdname, const char *path,
			struct lfs_layout **out)
{
	struct lfs_error e = { 0, "" };
	int rc = layout_from_yaml_file(path, out, &e);

	return rc ? cmd_errorf(cmdname, rc, "--yaml %s: %s", path,
			       lfs_error_text(&e, rc)) : 0;
}

int layout_of_copy_file(struct lfs_ctx *ctx, struct lfs_store *s,
			const char *cmdname, const char *path,
			struct lfs_layout **out)
{
	struct lfs_error e = { 0, "" };
	char rel[PATH_MAX];
	int rc;

	if (!s)
		rc = lustre_layout_of(ctx->llapi, path, out);
	else if ((rc = ctx_resolve(ctx, cmdname, path, rel, sizeof(rel))))
		return rc;
	else
		rc = migrate_layout_of(s, rel, out, &e);
	if (rc)
		return cmd_errorf(cmdname, rc, "--copy %s: %s", path,
				  lfs_error_text(&e, rc));
	return 0;
}
