/* mkfs.c - lfs mkfs: create an embedded store. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "size.h"

enum { OPT_FSNAME = 256, OPT_OSTS, OPT_OST_SIZE, OPT_COUNT, OPT_SIZE };

static const struct lfs_opt mkfs_opts[] = {
	{ "fsname", OPT_FSNAME, required_argument, DOM_NONE, "filesystem name (default lustre)", "NAME" },
	{ "osts", OPT_OSTS, required_argument, DOM_NUMBER, "number of OSTs (default 4)", "N" },
	{ "ost-size", OPT_OST_SIZE, required_argument, DOM_SIZE, "capacity of each OST (default 1G)", "SIZE" },
	{ "stripe-count", OPT_COUNT, required_argument, DOM_NUMBER, "default stripe count (default 1)", "COUNT" },
	{ "stripe-size", OPT_SIZE, required_argument, DOM_SIZE, "default stripe size (default 1M)", "SIZE" },
	{ 0 },
};

static int cmd_mkfs(struct lfs_ctx *ctx, int argc, char **argv)
{
	struct lfs_mkfs_opts o = { .osts = 4 };
	struct lfs_error e = { 0, "" };
	struct cmd_getopt go;
	long long v;
	int c, rc = 0;

	(void)ctx;
	if (cmd_getopt_begin(&go, mkfs_opts))
		return ENOMEM;
	while (!rc && (c = cmd_getopt(&go, argc, argv)) != -1) {
		switch (c) {
		case OPT_FSNAME:
			o.fsname = optarg;
			break;
		case OPT_OSTS:
			if (number_parse(optarg, 1, LFS_MAX_OSTS, &v))
				rc = cmd_errorf("mkfs", EINVAL,
					"invalid OST count '%s': 1 to %d", optarg, LFS_MAX_OSTS);
			o.osts = (uint32_t)v;
			break;
		case OPT_OST_SIZE:
			if (size_parse(optarg, &o.ost_size) || o.ost_size < (1 << 20))
				rc = cmd_errorf("mkfs", EINVAL,
					"invalid OST size '%s': at least 1M", optarg);
			break;
		case OPT_COUNT:
			if (number_parse(optarg, -1, LFS_MAX_STRIPE_COUNT, &v))
				rc = cmd_errorf("mkfs", EINVAL,
					"invalid stripe count '%s'", optarg);
			o.stripe_count = (int32_t)v;
			break;
		case OPT_SIZE:
			if (size_parse_stripe(optarg, &o.stripe_size))
				rc = cmd_errorf("mkfs", EINVAL,
					"invalid stripe size '%s'", optarg);
			break;
		default:
			rc = CMD_HELP;
		}
	}
	cmd_getopt_end(&go);
	if (rc)
		return rc;
	if (optind != argc - 1)
		return CMD_HELP;
	/* A Lustre filesystem is formatted on its servers. */
	if (lfs_on_lustre(argv[optind]))
		return cmd_server_side_refuse("mkfs", "on each server",
			"mkfs.lustre --fsname=NAME --mgs|--mdt|--ost --index=N DEVICE (%s is on a Lustre mount)",
			argv[optind]);
	rc = store_mkfs(argv[optind], &o, &e);
	if (rc)
		return cmd_error("mkfs", NULL, rc, &e);
	return 0;
}

const struct lfs_cmd cmd_mkfs_def = {
	.name = "mkfs",
	.run = cmd_mkfs,
	.opts = mkfs_opts,
	.summary = "create an embedded store (an MDT and N OSTs in a directory)",
	.usage = "DIR",
	.args = DOM_HOSTPATH,
	.flags = CMD_NO_STORE,
};
