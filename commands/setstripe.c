/* setstripe.c - lfs setstripe: create files with a layout, set or delete
 * directory defaults, add or delete PFL components. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"
#include "quote.h"
#include "lock.h"
#include "size.h"

enum { OPT_COMP_ADD = 256, OPT_COMP_DEL, OPT_YAML };

static const struct lfs_opt setstripe_opts[] = {
	LAYOUT_OPTS,
	{ "delete", 'd', no_argument, DOM_NONE, "delete a directory's default layout" },
	{ "component-add", OPT_COMP_ADD, no_argument, DOM_NONE, "add components to a PFL file" },
	{ "component-del", OPT_COMP_DEL, no_argument, DOM_NONE, "delete an uninstantiated component (-I)" },
	{ "comp-id", 'I', required_argument, DOM_NUMBER, "component id (with --component-del)" },
	{ "verbose", 'v', no_argument, DOM_NONE, "say when the stripe count was capped" },
	{ "yaml", OPT_YAML, required_argument, DOM_HOSTPATH, "take the layout from getstripe -y output in FILE" },
	{ 0 },
};

struct ss_args {
	struct lfs_layout *layout;
	bool del, comp_add, comp_del, verbose;
	uint32_t comp_id;
};

static int set_dir_default(struct lfs_store *s, const char *path,
			   const char *path_rel, int fd, struct ss_args *a)
{
	struct lfs_error e = { 0, "" };
	int rc;

	if (a->del) {
		if (fd == s->root_fd || !strcmp(path, "/"))
			return cmd_errorf("setstripe", EPERM,
				"%s: the root's default is the filesystem default; set it instead of deleting it",
				path);
		rc = inode_del_dir_default_fd(fd);
		return rc ? cmd_error("setstripe", path, rc, NULL) : 0;
	}
	if (!a->layout)
		return CMD_HELP;
	rc = layout_validate(a->layout, s->conf->ost_count, &e);
	for (uint32_t i = 0; !rc && i < a->layout->nr_comps; i++) {
		const char *pool = a->layout->comps[i].pool;

		if (pool[0] && !store_pool_find(s->conf, pool))
			rc = lfs_error_set(&e, -EINVAL, "pool '%s.%s' does not exist",
					   s->conf->fsname, pool);
	}
	/* The root's default is the filesystem default: it keeps concrete
	 * values, the fields not given now keep their previous ones. */
	if (!rc && !strcmp(path_rel, ".")) {
		struct lfs_layout *prev = NULL;

		if (store_root_default(s, &prev) == 0 && !a->layout->composite &&
		    !prev->composite) {
			struct lfs_component *c = &a->layout->comps[0];

			if (!c->stripe_size)
				c->stripe_size = prev->comps[0].stripe_size;
			if (!c->stripe_count)
				c->stripe_count = prev->comps[0].stripe_count;
		}
		layout_free(prev);
	}
	if (!rc)
		rc = inode_set_dir_default_fd(fd, a->layout);
	return rc ? cmd_error("setstripe", path, rc, &e) : 0;
}

/* --component-add: the new components follow the last one. */
static int add_components(struct lfs_layout *l, const struct ss_args *a,
			  struct lfs_error *e)
{
	const struct lfs_component *last = &l->comps[l->nr_comps - 1];
	int rc = 0;

	if (last->end == LFS_EOF)
		return lfs_error_set(e, -EINVAL,
			"the last component already ends at EOF: nothing can follow it");
	for (uint32_t i = 0; !rc && i < a->layout->nr_comps; i++) {
		struct lfs_component c = a->layout->comps[i];

		last = &l->comps[l->nr_comps - 1];
		c.id = 0;
		if (i == 0 && c.start == 0)
			c.start = last->end;
		if (c.end != LFS_EOF && c.end <= c.start)
			return lfs_error_set(e, -EINVAL,
				"component end %llu must be beyond the file's last component end %llu",
				(unsigned long long)c.end, (unsigned long long)c.start);
		if (!c.stripe_size)
			c.stripe_size = last->stripe_size;
		if (!c.stripe_count)
			c.stripe_count = last->stripe_count;
		rc = layout_add_component(l, &c);
	}
	return rc;
}

/* --component-del -I ID: only the last component, and only while it has
 * no objects. */
static int del_component(struct lfs_layout *l, const struct ss_args *a,
			 struct lfs_error *e)
{
	for (uint32_t i = 0; i < l->nr_comps; i++) {
		const struct lfs_component *c = &l->comps[i];

		if (c->id != a->comp_id)
			continue;
		if (c->flags & LFS_COMP_INIT)
			return lfs_error_set(e, -EBUSY,
				"component %u is instantiated: only uninstantiated components can be deleted",
				c->id);
		if (i != l->nr_comps - 1)
			return lfs_error_set(e, -EINVAL,
				"component %u is not the last one: delete from the end",
				c->id);
		return layout_del_component(l, a->comp_id);
	}
	return lfs_error_set(e, -ENOENT, "no component with id %u", a->comp_id);
}

/* Edit a PFL file's layout under the exclusive layout lock: change()
 * works on a copy, which is validated and committed with the next gen. */
static int edit_composite(struct lfs_inode *ino, const char *path,
			  int (*change)(struct lfs_layout *l, const struct ss_args *a,
					struct lfs_error *e),
			  const struct ss_args *a)
{
	struct lfs_error e = { 0, "" };
	struct lfs_layout *l = NULL;
	int rc = lfs_lock(ino->fd, LOCK_LAYOUT, LFS_EXCL);

	if (rc)
		return cmd_error("setstripe", path, rc, NULL);
	rc = inode_layout_refresh(ino);
	if (!rc && !(l = layout_dup(ino->layout)))
		rc = ino->layout ? -ENOMEM :
		     lfs_error_set(&e, -ENODATA, "file has no layout");
	if (!rc && !l->composite)
		rc = lfs_error_set(&e, -EINVAL, "not a composite (PFL) file");
	if (!rc)
		rc = change(l, a, &e);
	if (!rc)
		rc = layout_validate(l, ino->s->conf->ost_count, &e);
	if (!rc) {
		l->gen++;
		rc = layout_xattr_set(ino->s, ino->fd, l);
	}
	lfs_unlock(ino->fd, LOCK_LAYOUT);
	layout_free(l);
	return rc ? cmd_error("setstripe", path, rc, &e) : 0;
}

static int setstripe_one(struct lfs_ctx *ctx, struct lfs_store *s,
			 const char *path, struct ss_args *a)
{
	struct lfs_error e = { 0, "" };
	struct lfs_inode *ino = NULL;
	char rel[PATH_MAX], parent[PATH_MAX];
	const char *name;
	struct stat st;
	int fd, pfd, rc;

	if ((rc = ctx_resolve(ctx, "setstripe", path, rel, sizeof(rel))))
		return rc;
	fd = ns_open(s, rel, O_RDONLY | O_NONBLOCK, 0);
	if (fd >= 0 && fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		if (a->comp_add || a->comp_del) {
			close(fd);
			return cmd_errorf("setstripe", EISDIR,
				"%s: component add/delete needs a file", path);
		}
		rc = set_dir_default(s, path, rel, fd, a);
		close(fd);
		return rc;
	}
	if (fd >= 0)
		close(fd);
	if (a->del)
		return cmd_errorf("setstripe", ENOTDIR,
			"%s: --delete applies to directories", path);
	if (fd >= 0 && !S_ISREG(st.st_mode))
		return cmd_errorf("setstripe", EINVAL, "%s: not a regular file", path);
	if (fd >= 0) {
		rc = inode_open(s, rel, INODE_WRITE, &ino, &e);
		if (rc == -ENODEV)
			return cmd_open_error(s, "setstripe", path, rel, rc, &e);
		if (rc)
			return cmd_error("setstripe", path, rc, &e);
		if (a->comp_add && (!a->layout || !a->layout->composite))
			rc = cmd_errorf("setstripe", EINVAL,
				"%s: --component-add needs -E components", path);
		else if (a->comp_add)
			rc = edit_composite(ino, path, add_components, a);
		else if (a->comp_del)
			rc = edit_composite(ino, path, del_component, a);
		else {
			ns_split(rel, parent, sizeof(parent), &name);
			pfd = ns_open(s, parent, O_RDONLY | O_DIRECTORY, 0);
			rc = pfd < 0 ? pfd : inode_set_new_layout(ino, a->layout, pfd, &e);
			if (pfd >= 0)
				close(pfd);
			if (rc == -EEXIST)
				rc = cmd_errorf("setstripe", EEXIST,
					"%s: stripe already set: %s", path, strerror(EEXIST));
			else if (rc)
				rc = cmd_error("setstripe", path, rc, &e);
		}
		inode_close(ino);
		return rc;
	}
	if (fd != -ENOENT)
		return cmd_error("setstripe", path, fd, NULL);
	if (a->comp_add || a->comp_del)
		return cmd_error("setstripe", path, -ENOENT, NULL);
	rc = inode_create(s, rel, 0644, a->layout, &ino, &e);
	if (rc)
		return cmd_error("setstripe", path, rc, &e);
	if (a->verbose && a->layout) {
		const struct lfs_component *c = &ino->layout->comps[0];

		if (c->stripe_count > 0 && (uint32_t)c->stripe_count > c->nr_objects &&
		    !(c->pattern & LFS_PATTERN_OVERSTRIPED))
			quote_line(stderr, "lfs setstripe: %s: stripe count %d capped to %u usable OSTs",
				   path, c->stripe_count, c->nr_objects);
	}
	inode_close(ino);
	return 0;
}

static int cmd_setstripe(struct lfs_ctx *ctx, int argc, char **argv)
{
	struct lfs_layout_builder b;
	struct lfs_error e = { 0, "" };
	struct ss_args a = { 0 };
	struct cmd_getopt go;
	struct lfs_store *s;
	const char *yaml_from = NULL;
	int c, rc = 0, status = 0;

	layout_builder_init(&b);
	if (cmd_getopt_begin(&go, setstripe_opts))
		return ENOMEM;
	while (!rc && (c = cmd_getopt(&go, argc, argv)) != -1) {
		if (is_layout_opt(c)) {
			rc = layout_builder_option(&b, c, optarg, &e);
			if (rc)
				rc = cmd_error("setstripe", NULL, rc, &e);
			continue;
		}
		switch (c) {
		case 'd': a.del = true; break;
		case 'v': a.verbose = true; break;
		case OPT_COMP_ADD: a.comp_add = true; break;
		case OPT_COMP_DEL: a.comp_del = true; break;
		case OPT_YAML: yaml_from = optarg; break;
		case 'I': {
			long long id;

			if (number_parse(optarg, 1, UINT32_MAX, &id))
				rc = cmd_errorf("setstripe", EINVAL,
						"invalid component id '%s'", optarg);
			a.comp_id = (uint32_t)id;
			break;
		}
		default: rc = CMD_HELP;
		}
	}
	cmd_getopt_end(&go);
	if (!rc && optind >= argc)
		rc = CMD_HELP;
	if (!rc && a.comp_del && !a.comp_id)
		rc = cmd_errorf("setstripe", EINVAL, "--component-del needs -I ID");
	if (!rc && a.del && (b.any_option || yaml_from))
		rc = cmd_errorf("setstripe", EINVAL,
				"--delete cannot be combined with layout options");
	/* The YAML is the whole layout: options beside it would be ignored
	 * or half applied, so say so instead. */
	if (!rc && yaml_from && b.any_option) {
		fprintf(stderr, "error: lfs setstripe: --yaml cannot be combined with other layout options\n");
		rc = CMD_HELP;
	}
	if (!rc && yaml_from && (a.comp_add || a.comp_del)) {
		fprintf(stderr, "error: lfs setstripe: --yaml cannot be combined with --component-add or --component-del\n");
		rc = CMD_HELP;
	}
	/* Parsed before the store is opened: a bad file changes nothing. */
	if (!rc && yaml_from)
		rc = layout_of_yaml_file("setstripe", yaml_from, &a.layout);
	if (rc) {
		layout_builder_free(&b);
		return rc;
	}
	s = ctx_store(ctx, true, "setstripe");
	if (!s) {
		layout_builder_free(&b);
		layout_free(a.layout);
		return ctx->store_errno;
	}
	if (!yaml_from)
		rc = layout_builder_finish(&b, s->conf->ost_count, &a.layout, &e);
	layout_builder_free(&b);
	if (rc)
		return cmd_error("setstripe", NULL, rc, &e);
	for (int i = optind; i < argc; i++) {
		rc = setstripe_one(ctx, s, argv[i], &a);
		if (rc == CMD_HELP) {
			status = CMD_HELP;
			break;
		}
		if (rc && !status)
			status = rc;
	}
	layout_free(a.layout);
	return status;
}

const struct lfs_cmd cmd_setstripe_def = {
	.name = "setstripe",
	.run = cmd_setstripe,
	.opts = setstripe_opts,
	.summary = "create a file with a layout, or set a directory's default layout",
	.usage = "usage: setstripe [--stripe-count|-c STRIPE_COUNT] ... FILENAME|DIRNAME ...\n"
		 LAYOUT_OPTS_USAGE
		 "       setstripe --yaml FILE FILENAME|DIRNAME ...  layout from getstripe -y output\n"
		 "       setstripe -d DIRNAME ...          delete a directory default\n"
		 "       setstripe --component-add -E END [OPTIONS] FILENAME\n"
		 "       setstripe --component-del -I COMP_ID FILENAME\n",
	.args = DOM_PATH,
};
