/* import.c - lfs import [LAYOUT OPTIONS] HOSTPATH FSPATH: copy a host file
 * or tree into the store, holes kept. A failed or killed file leaves
 * nothing: it gets its name only once complete. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"
#include "quote.h"
#include "dirlist.h"
#include "fault.h"
#include "pending.h"

static const struct lfs_opt import_opts[] = { LAYOUT_OPTS, { 0 } };

struct import {
	struct lfs_store *s;
	const struct lfs_layout *layout;
	int status;
	unsigned files;
};

/* All or nothing: the file is written unnamed (in PENDING) and named only
 * when complete; a failure or a kill leaves no name and, after recovery,
 * no object. */
static int import_file(struct import *im, int host_fd, const char *rel,
		       const char *shown, mode_t mode)
{
	struct lfs_error e = { 0, "" };
	struct lfs_inode *ino;
	char pend[64];
	int prc, rc = inode_create_unnamed(im->s, rel, mode & 07777, im->layout, &ino,
				      pend, sizeof(pend), &e);

	if (rc)
		return cmd_error("import", shown, rc, &e);
	fault_point("import-pending");
	rc = copy_host_to_file(host_fd, ino, &e);
	if (!rc) {
		fault_point("import-copied");
		rc = inode_link(ino, rel);
	}
	if (!rc)
		fault_point("import-linked");
	/* Named: only the entry goes; not: the inode and its objects too. */
	prc = pending_release(im->s, ino->fd, pend, false, NULL);
	if (!rc)
		rc = prc;
	inode_close(ino);
	if (rc)
		return cmd_error("import", shown, rc, &e);
	im->files++;
	return 0;
}

static int import_tree(struct import *im, int dir_fd, const char *rel,
		       const char *shown)
{
	char **names;
	size_t n;
	int lrc = dir_list(dir_fd, true, &names, &n);

	if (lrc)
		return cmd_error("import", shown, lrc, NULL);
	for (size_t i = 0; i < n; i++) {
		char *crel, *cshown;
		struct stat st;
		int fd, rc = 0;

		if (asprintf(&crel, "%s/%s", rel, names[i]) < 0)
			break;
		if (asprintf(&cshown, "%s/%s", shown, names[i]) < 0) {
			free(crel);
			break;
		}
		/* Symlinks and special files are skipped: only data moves. */
		if (fstatat(dir_fd, names[i], &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
			quote_line(stderr, "lfs import: %s: skipped, not a regular file or directory",
				   cshown);
			free(crel);
			free(cshown);
			continue;
		}
		fd = openat(dir_fd, names[i], O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
		if (fd < 0 || fstat(fd, &st) < 0) {
			rc = cmd_error("import", cshown, -errno, NULL);
		} else if (S_ISDIR(st.st_mode)) {
			int nfd = ns_open(im->s, crel, O_RDONLY | O_DIRECTORY, 0);

			if (nfd == -ENOENT) {
				char parent[PATH_MAX];
				const char *name;
				int pfd;

				ns_split(crel, parent, sizeof(parent), &name);
				pfd = ns_open(im->s, parent, O_RDONLY | O_DIRECTORY, 0);
				rc = pfd < 0 ? -pfd :
				     mkdirat(pfd, name, st.st_mode & 07777) ? errno : 0;
				if (pfd >= 0)
					close(pfd);
				if (rc)
					cmd_error("import", cshown, -rc, NULL);
			} else if (nfd >= 0) {
				close(nfd);
			}
			if (!rc)
				rc = import_tree(im, fd, crel, cshown);
		} else if (S_ISREG(st.st_mode)) {
			rc = import_file(im, fd, crel, cshown, st.st_mode);
		}
		if (fd >= 0)
			close(fd);
		if (rc && !im->status)
			im->status = rc;
		free(crel);
		free(cshown);
	}
	dir_list_free(names, n);
	return im->status;
}

static int cmd_import(struct lfs_ctx *ctx, int argc, char **argv)
{
	struct lfs_layout_builder b;
	struct lfs_error e = { 0, "" };
	struct import im = { 0 };
	struct lfs_layout *layout = NULL;
	struct cmd_getopt go;
	char rel[PATH_MAX];
	struct stat st;
	int c, rc = 0, fd;

	layout_builder_init(&b);
	if (cmd_getopt_begin(&go, import_opts))
		return ENOMEM;
	while (!rc && (c = cmd_getopt(&go, argc, argv)) != -1) {
		if (is_layout_opt(c)) {
			rc = layout_builder_option(&b, c, optarg, &e);
			if (rc)
				rc = cmd_error("import", NULL, rc, &e);
		} else {
			rc = CMD_HELP;
		}
	}
	cmd_getopt_end(&go);
	if (!rc && optind != argc - 2)
		rc = CMD_HELP;
	if (!rc && !(im.s = ctx_store(ctx, true, "import")))
		rc = ctx->store_errno;
	if (!rc && (rc = layout_builder_finish(&b, im.s->conf->ost_count, &layout, &e)))
		rc = cmd_error("import", NULL, rc, &e);
	layout_builder_free(&b);
	if (rc)
		return rc;
	im.layout = layout;
	if ((rc = ctx_resolve(ctx, "import", argv[optind + 1], rel, sizeof(rel)))) {
		layout_free(layout);
		return rc;
	}
	fd = open(argv[optind], O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0) {
		rc = cmd_error("import", argv[optind], -errno, NULL);
	} else if (S_ISDIR(st.st_mode)) {
		int nfd = ns_open(im.s, rel, O_RDONLY | O_DIRECTORY, 0);

		if (nfd < 0)
			rc = cmd_errorf("import", -nfd,
				"%s: %s (create the target directory first)",
				argv[optind + 1], strerror(-nfd));
		else {
			close(nfd);
			rc = import_tree(&im, fd, rel, argv[optind + 1]);
		}
	} else {
		int nfd = ns_open(im.s, rel, O_RDONLY | O_DIRECTORY, 0);

		/* Into an existing directory: keep the host file's name. */
		if (nfd >= 0) {
			const char *base = strrchr(argv[optind], '/');

			close(nfd);
			base = base ? base + 1 : argv[optind];
			if (strlen(rel) + strlen(base) + 2 > sizeof(rel))
				rc = cmd_error("import", argv[optind + 1], -ENAMETOOLONG, NULL);
			else if (!strcmp(rel, "."))
				memmove(rel, base, strlen(base) + 1);
			else
				strcat(strcat(rel, "/"), base);
		}
		if (!rc)
			rc = import_file(&im, fd, rel, argv[optind + 1], st.st_mode);
	}
	if (fd >= 0)
		close(fd);
	layout_free(layout);
	return rc;
}

const struct lfs_cmd cmd_import_def = {
	.name = "import",
	.run = cmd_import,
	.opts = import_opts,
	.summary = "copy a host file or tree into the store (holes kept; each file whole or not at all)",
	.usage = "usage: import [LAYOUT OPTIONS] HOSTPATH FSPATH\n" LAYOUT_OPTS_USAGE,
	.args = DOM_HOSTPATH,
	.flags = CMD_WRITES,
};
