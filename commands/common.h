/* common.h - pieces shared by several commands. */
#ifndef LFS_COMMANDS_COMMON_H
#define LFS_COMMANDS_COMMON_H

#include "cmd.h"
#include "inode.h"
#include "layout.h"
#include "stripe.h"

/* The layout options of setstripe, migrate, import and write, in one
 * place: usage and help show them as a group. */
#define LAYOUT_GROUP "layout options"
#define LAYOUT_OPTS \
	{ "stripe-count", 'c', required_argument, DOM_NUMBER, "number of stripes (-1: all OSTs)", "STRIPE_COUNT", LAYOUT_GROUP }, \
	{ "overstripe-count", 'C', required_argument, DOM_NUMBER, "stripes, allowing several per OST", "STRIPES", LAYOUT_GROUP }, \
	{ "stripe-size", 'S', required_argument, DOM_SIZE, "stripe size (multiple of 64 KiB)", "STRIPE_SIZE", LAYOUT_GROUP }, \
	{ "stripe-index", 'i', required_argument, DOM_OST, "OST index of the first stripe", "START_OST_IDX", LAYOUT_GROUP }, \
	{ "ost", 'o', required_argument, DOM_OST, "OST list (1,2-4,7)", "OST_INDICES", LAYOUT_GROUP }, \
	{ "pool", 'p', required_argument, DOM_POOL, "OST pool", "POOL_NAME", LAYOUT_GROUP }, \
	{ "layout", 'L', required_argument, DOM_LAYOUT, "layout pattern", "raid0", LAYOUT_GROUP }, \
	{ "component-end", 'E', required_argument, DOM_SIZE, "end of a PFL component (-1 = EOF); the options after it describe that component", "END [COMPONENT OPTIONS]...", LAYOUT_GROUP }, \
	/* Lustre's older spellings, hidden */ \
	{ "stripe_count", 'c', required_argument, DOM_NUMBER, NULL, NULL, LAYOUT_GROUP }, \
	{ "stripe_size", 'S', required_argument, DOM_SIZE, NULL, NULL, LAYOUT_GROUP }, \
	{ "stripe_index", 'i', required_argument, DOM_OST, NULL, NULL, LAYOUT_GROUP }

/* Is getopt's value c one of LAYOUT_OPTS? */
static inline bool is_layout_opt(int c)
{
	static const struct lfs_opt layout_opts[] = { LAYOUT_OPTS, { 0 } };

	for (const struct lfs_opt *o = layout_opts; o->long_name; o++)
		if (o->short_name == c)
			return true;
	return false;
}

/* Report layout_builder_option()'s failure rc for option c of command
 * cmdname: a malformed value of -c -C -S -i -o -E is a usage error, as in
 * Lustre's lfs_setstripe_internal() (goto usage_error: CMD_HELP, the
 * usage follows); -p and -L fail as errors (the positive errno). */
int layout_option_error(const char *cmdname, int c, int rc,
			const struct lfs_error *e);
/* lfs_setstripe_internal()'s usage errors (setstripe, migrate): its
 * progname is "lfs CMD" (2.15.3 lfs.c 3511-3512) and its messages add
 * argv[0] again, "%s %s: invalid stripe count '%s'" (3677): "lfs setstripe
 * setstripe: invalid stripe count 'abc'", no "error: ", then the usage
 * (returns CMD_HELP). setstripe_option_error() is layout_option_error()
 * in that form for the malformed values of -c -C -S -i -o -E. */
int setstripe_usage_error(const char *cmdname, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int setstripe_option_error(const char *cmdname, int c, int rc,
			   const struct lfs_error *e);

/* What getstripe prints of a layout: Lustre's VERBOSE_* bits, same values. */
enum {
	GS_COUNT = 0x1, GS_SIZE = 0x2, GS_OFFSET = 0x4, GS_POOL = 0x8,
	GS_DETAIL = 0x10, GS_OBJID = 0x20, GS_GEN = 0x40, GS_PATTERN = 0x100,
	GS_COMP_COUNT = 0x200, GS_COMP_FLAGS = 0x400, GS_COMP_START = 0x800,
	GS_COMP_END = 0x1000, GS_COMP_ID = 0x2000, GS_DFID = 0x4000,
	GS_MIRROR_COUNT = 0x10000, GS_MIRROR_ID = 0x20000,
	GS_DEFAULT = GS_COUNT | GS_SIZE | GS_OFFSET | GS_POOL | GS_OBJID |
		     GS_GEN | GS_PATTERN | GS_COMP_COUNT | GS_COMP_FLAGS |
		     GS_COMP_START | GS_COMP_END | GS_COMP_ID |
		     GS_MIRROR_COUNT | GS_MIRROR_ID,
};
struct getstripe_fmt {
	unsigned verbose;        /* GS_* */
	bool yaml;
	bool path;               /* a path line first (the walk's max depth is
				  * not 0), except in YAML */
	int only_ost;            /* --ost filter, -1 none */
	struct stripe_comp_filter sel;  /* -I, -E, --component-start */
	/* The FID and lmm_oi (-v's lmm_seq, lmm_object_id): a store's
	 * [LFS_FID_SEQ:ino:0x0], a mount's from liblustreapi (stripe.h). */
	uint64_t fid_seq, fid_oid, lmm_seq, lmm_oid;
	uint32_t fid_ver;
	/* Each object's group (ostid_seq), the layout's objects in order;
	 * NULL: all 0 (a store's). */
	const uint64_t *groups;
	/* -R: a directory's stored default, unset fields as 0 (LDF_IS_RAW) */
	bool raw;
	/* The directory shows the filesystem default, having none of its
	 * own: -v prints "(Default) " first. */
	bool inherited;
	uint32_t ost_count;      /* a component's would-be objects (lcme_size) */
};
/* A file's layout, or (dir) a directory's default, as Lustre's
 * llapi_getstripe() prints it for those options. */
void print_layout(FILE *f, const char *path, const struct lfs_layout *l,
		  bool dir, const struct getstripe_fmt *fmt);
const char *pattern_name(uint32_t pattern);

/* Bytes as "12.3 MiB" (powers of 1024), for progress and summaries. */
void cmd_human(double v, char *buf, size_t len);

/* lfs jobs, lfs migrate --status: list the store's migration runs
 * (runs.h) on ctx->out; returns the exit status. */
int jobs_print(struct lfs_ctx *ctx, const char *cmdname);

/* Parse host file `path` (getstripe -y output) into a layout template;
 * on failure prints "error: lfs CMD: --yaml PATH: ..." and returns the
 * positive errno (EINVAL for malformed input). */
int layout_of_yaml_file(const char *cmdname, const char *path,
			struct lfs_layout **out);

/* --copy FILE (setstripe, migrate): the layout of store file path (s),
 * or of host path on a Lustre mount (s NULL: lustre_layout_of through
 * ctx->llapi), its placement dropped (migrate_layout_of); on failure
 * prints "error: lfs CMD: --copy PATH: ..." and returns the positive
 * errno. */
int layout_of_copy_file(struct lfs_ctx *ctx, struct lfs_store *s,
			const char *cmdname, const char *path,
			struct lfs_layout **out);

/* Print the error rc of reading a store file, e its detail (a lost
 * object named, io_error()), as "error: lfs CMD: PATH: object OST0001:5
 * is missing: Input/output error"; returns the exit status. */
int cmd_read_error(const char *cmdname, const char *path, int rc,
		   const struct lfs_error *e);

/* The skeleton of a command taking PATH... (cmdutil.c): each of the argc
 * operands in argv is resolved against the namespace cwd (ctx_resolve
 * prints its failure), then fn gets it as written (path), root-relative
 * (rel), a cleared e and arg. fn returns 0; -errno, which is printed here
 * as "error: lfs CMD: PATH: " with e's detail or strerror, after ctx->out
 * is flushed so it follows what earlier operands printed; or a positive
 * status when fn reported the failure itself. Every operand is tried; the
 * result is the first failure's status, 0 when none failed. */
typedef int cmd_operand_fn(struct lfs_ctx *ctx, const char *path,
			   const char *rel, struct lfs_error *e, void *arg);
int cmd_each_operand(struct lfs_ctx *ctx, const char *cmdname, int argc,
		     char **argv, cmd_operand_fn *fn, void *arg);
/* *status keeps the first failure (err, either sign) as a positive errno. */
void status_keep(int *status, int err);
/* "drwxr-xr-x" as ls -l and stat print it; buf holds 11 bytes. */
void mode_string(mode_t m, char *buf);

#endif
