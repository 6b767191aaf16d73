/* write.c - lfs write [OPTIONS] FSPATH: standard input into a store file. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "io.h"
#include "size.h"
#include "transfer.h"

enum { OPT_OFFSET = 256 };

static const struct lfs_opt write_opts[] = {
	{ "append", 'a', no_argument, DOM_NONE, "append (atomically: other writers of the file wait until the input ends)" },
	{ "offset", OPT_OFFSET, required_argument, DOM_SIZE, "write at OFFSET, keeping the rest", "OFFSET" },
	LAYOUT_OPTS,
	{ 0 },
};

/* The next chunk of standard input: its length, 0 at its end, or -errno. */
static ssize_t read_input(void *arg, void *buf, size_t len)
{
	ssize_t n;

	(void)arg;
	while ((n = read(STDIN_FILENO, buf, len)) < 0 && errno == EINTR)
		;
	return n < 0 ? -errno : n;
}

static int cmd_write(struct lfs_ctx *ctx, int argc, char **argv)
{
	struct lfs_layout_builder b;
	struct lfs_error e = { 0, "" };
	struct lfs_layout *layout = NULL;
	struct lfs_inode *ino = NULL;
	struct cmd_getopt go;
	struct lfs_store *s = NULL;
	bool append = false, at_offset = false;
	uint64_t off = 0, done = 0;
	char rel[PATH_MAX];
	int c, rc = 0;

	layout_builder_init(&b);
	if (cmd_getopt_begin(&go, write_opts))
		return ENOMEM;
	while (!rc && (c = cmd_getopt(&go, argc, argv)) != -1) {
		if (is_layout_opt(c)) {
			rc = layout_builder_option(&b, c, optarg, &e);
			if (rc)
				rc = layout_option_error("write", c, rc, &e);
		} else if (c == 'a') {
			append = true;
		} else if (c == OPT_OFFSET) {
			at_offset = true;
			if (size_parse(optarg, &off))
				rc = cmd_errorf("write", EINVAL, "invalid offset '%s'", optarg);
		} else {
			rc = CMD_HELP;
		}
	}
	cmd_getopt_end(&go);
	if (!rc && (optind != argc - 1 || (append && at_offset)))
		rc = CMD_HELP;
	if (!rc && !(s = ctx_store(ctx, true, "write")))
		rc = ctx->store_errno;
	if (!rc && (rc = layout_builder_finish(&b, store_conf(s)->ost_count, &layout, &e)))
		rc = cmd_error("write", NULL, rc, &e);
	layout_builder_free(&b);
	if (!rc)
		rc = ctx_resolve(ctx, "write", argv[optind], rel, sizeof(rel));
	if (rc) {
		layout_free(layout);
		return rc;
	}
	/* Refused before a new file is created for it. */
	rc = io_range_check(off, 0, &e);
	if (!rc)
		rc = inode_open(s, rel, INODE_WRITE, &ino, &e);
	if (rc == -ENODEV) {
		layout_free(layout);
		return cmd_open_error(s, "write", argv[optind], rel, rc, &e);
	}
	if (rc == -ENOENT)
		rc = inode_create(s, rel, 0644, layout, &ino, &e);
	else if (!rc && layout) {
		inode_close(ino);
		rc = lfs_error_set(&e, -EEXIST,
			"layout options apply only to a new file: %s", strerror(EEXIST));
	}
	layout_free(layout);
	if (rc)
		return cmd_error("write", argv[optind], rc, &e);
	rc = transfer_write(ino, append ? TRANSFER_APPEND : at_offset ? TRANSFER_AT :
			    TRANSFER_REPLACE, off, read_input, NULL, &done, &e);
	inode_close(ino);
	/* POSIX keeps what was written; say how much. */
	if (rc && done)
		cmd_errorf("write", rc, "%s: %s (%llu bytes written before the error were kept)",
			   argv[optind], lfs_error_text(&e, rc),
			   (unsigned long long)done);
	else if (rc)
		cmd_error("write", argv[optind], rc, &e);
	return -rc;
}

const struct lfs_cmd cmd_write_def = {
	.name = "write",
	.run = cmd_write,
	.opts = write_opts,
	.summary = "write standard input into a store file (created if missing)",
	.usage = "FSPATH",
	.args = DOM_PATH,
	.flags = CMD_WRITES,
};
