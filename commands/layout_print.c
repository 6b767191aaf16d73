/* layout_print.c - getstripe's output formats (docs/DESIGN.md section
 * 6): Lustre 2.15.3's liblustreapi.c lov_dump_user_lmm_header(),
 * lov_dump_user_lmm_v1v3(), lov_dump_comp_v1_header(),
 * lov_dump_comp_v1_entry() and lov_dump_comp_v1(), field for field. */
#include <inttypes.h>
#include <stdio.h>

#include "common.h"
#include "llapi.h"
#include "pfid.h"
#include "quote.h"

#define LOV_MAGIC_V1   0x0BD10BD0
#define LOV_MAGIC_V3   0x0BD30BD0
#define LOV_MAGIC_COMP_V1 0x0BD60BD0

/* lustre_user.h's sizes: lov_comp_md_v1, lov_comp_md_entry_v1,
 * lov_user_md_v1 and _v3, lov_user_ost_data_v1. */
enum { LCM_SIZE = 32, LCME_SIZE = 48, LMM_V1_SIZE = 32, LMM_V3_SIZE = 48,
       LMM_OBJ_SIZE = 24 };

/* Lustre's lov_dump_flags. */
enum { DF_DIR = 1, DF_INDENT = 2, DF_SKIP_OBJS = 4, DF_FORGED = 8 };

#define GS_COMP_OPTS (GS_COMP_COUNT | GS_COMP_ID | GS_COMP_START | \
		      GS_COMP_END | GS_COMP_FLAGS)

struct dump {
	FILE *f;
	const struct getstripe_fmt *fmt;
	unsigned v;              /* GS_* to print */
	uint32_t base;           /* the component's first object in
				  * fmt->groups */
};

const char *pattern_name(uint32_t pattern)
{
	return pattern & LFS_PATTERN_OVERSTRIPED ? "raid0,overstriped" : "raid0";
}

static int first_ost(const struct lfs_component *c)
{
	if ((c->flags & LFS_COMP_INIT) && c->nr_objects)
		return (int)c->objects[0].ost;
	return c->stripe_offset;
}

static bool comp_has_ost(const struct lfs_component *c, int ost)
{
	for (uint32_t i = 0; i < c->nr_objects; i++)
		if ((int)c->objects[i].ost == ost)
			return true;
	return false;
}

static void path_line(FILE *f, const char *path)
{
	quote_name(f, path);
	fputc('\n', f);
}

/* A field's name is printed only when other fields are too. */
static void label(const struct dump *d, unsigned bit, const char *space,
		  const char *prefix, const char *name)
{
	if (d->v & ~bit)
		fprintf(d->f, "%s%s%s", space, prefix, name);
}

/* lov_dump_user_lmm_header(): a directory's fields on one line (no lmm_
 * prefix, no generation), a file's one per line; YAML one per line. */
static void lmm_header(const struct dump *d, const char *path,
		       const struct lfs_component *c, uint32_t gen,
		       unsigned flags)
{
	bool dir = flags & DF_DIR, skip = flags & DF_SKIP_OBJS;
	const char *prefix = dir ? "" : "lmm_";
	const char *space = flags & DF_INDENT ? "      " : "";
	const char *next = !d->fmt->yaml && dir ? " " : "\n", *sep = "";
	unsigned v = d->v;
	FILE *f = d->f;

	/* liblustreapi marks a directory without a default of its own
	 * (FID_SEQ_LOV_DEFAULT, not with -R). */
	if (dir && d->fmt->inherited && !d->fmt->raw && !(flags & DF_INDENT) &&
	    (v & GS_DETAIL))
		fputs("(Default) ", f);
	/* With -q (VERBOSE_OBJID alone) a directory prints no path. */
	if (!d->fmt->yaml && !(flags & DF_INDENT) && d->fmt->path &&
	    (v != GS_OBJID || !dir))
		path_line(f, path);
	if ((v & GS_DETAIL) && !dir) {
		fprintf(f, "%slmm_magic:         0x%08X\n", space,
			c->pool[0] ? LOV_MAGIC_V3 : LOV_MAGIC_V1);
		fprintf(f, "%slmm_seq:           %#llx\n%slmm_object_id:     %#llx\n",
			space, (unsigned long long)d->fmt->lmm_seq, space,
			(unsigned long long)d->fmt->lmm_oid);
	}
	if (v & (GS_DETAIL | GS_DFID)) {
		if (v & ~GS_DFID)
			fprintf(f, "%slmm_fid:           ", space);
		fprintf(f, d->fmt->yaml ? "%#llx:0x%llx:0x%x\n" : "[%#llx:0x%llx:0x%x]\n",
			(unsigned long long)d->fmt->fid_seq,
			(unsigned long long)d->fmt->fid_oid, d->fmt->fid_ver);
	}
	if (v & GS_COUNT) {
		label(d, GS_COUNT, space, prefix, "stripe_count:  ");
		fprintf(f, "%d", !dir && (c->flags & LFS_COMP_INIT) ?
			(int)c->nr_objects : c->stripe_count);
		sep = next;
	}
	if (v & GS_SIZE) {
		fputs(sep, f);
		label(d, GS_SIZE, space, prefix, "stripe_size:   ");
		fprintf(f, "%" PRIu64, c->stripe_size);
		sep = next;
	}
	if (v & GS_PATTERN) {
		fputs(sep, f);
		label(d, GS_PATTERN, space, prefix, "pattern:       ");
		fputs(pattern_name(c->pattern), f);
		sep = next;
	}
	if ((v & GS_GEN) && !dir) {
		fputs(sep, f);
		label(d, GS_GEN, space, prefix, "layout_gen:    ");
		fprintf(f, "%u", skip ? 0 : gen);
		sep = "\n";
	}
	if (v & GS_OFFSET) {
		fputs(sep, f);
		label(d, GS_OFFSET, space, prefix, "stripe_offset: ");
		fprintf(f, "%d", dir || skip ? c->stripe_offset : first_ost(c));
		sep = next;
	}
	if ((v & GS_POOL) && c->pool[0]) {
		fputs(sep, f);
		label(d, GS_POOL, space, prefix, "pool:          ");
		fputs(c->pool, f);
		sep = next;
	}
	if (*sep)
		fputc('\n', f);
}

/* lov_dump_user_lmm_v1v3(): the fields, the objects, a blank line. */
static void lmm_v1v3(const struct dump *d, const char *path,
		     const struct lfs_component *c, uint32_t gen, unsigned flags)
{
	const char *space = "      - ";
	int ost = d->fmt->only_ost;
	FILE *f = d->f;

	if (ost >= 0 && !(flags & DF_SKIP_OBJS) &&
	    ((flags & DF_DIR) || !comp_has_ost(c, ost)))
		return;
	lmm_header(d, path, c, gen, flags);
	if (!(flags & (DF_DIR | DF_SKIP_OBJS)) && (d->v & GS_OBJID) &&
	    (c->flags & LFS_COMP_INIT)) {
		if (flags & DF_INDENT)
			fprintf(f, "%6slmm_objects:\n", "");
		else if (d->fmt->yaml)
			fputs("lmm_objects:\n", f);
		else
			fputs("\tobdidx\t\t objid\t\t objid\t\t group\n", f);
		for (uint32_t i = 0; i < c->nr_objects; i++) {
			const struct lfs_object *o = &c->objects[i];
			unsigned long long id = o->id, gr = d->fmt->groups ?
				d->fmt->groups[d->base + i] : 0;
			struct llapi_lu_fid fid = llapi_object_fid(id, gr, o->ost);

			if (ost >= 0 && (int)o->ost != ost)
				continue;
			if (d->fmt->yaml)
				fprintf(f, "%sl_ost_idx: %u\n%8sl_fid:     %#llx:0x%x:0x%x\n",
					space, o->ost, "",
					(unsigned long long)fid.f_seq, fid.f_oid, fid.f_ver);
			else if (flags & DF_INDENT)
				fprintf(f, "%s%u: { l_ost_idx: %u, l_fid: [%#llx:0x%x:0x%x] }\n",
					space, i, o->ost,
					(unsigned long long)fid.f_seq, fid.f_oid, fid.f_ver);
			else
				fprintf(f, llapi_group_decimal(gr) ?
					"\t%6u\t%14llu\t%#13llx\t%14llu%s\n" :
					"\t%6u\t%14llu\t%#13llx\t%#14llx%s\n",
					o->ost, id, id, gr,
					(int)o->ost == ost ? " *" : "");
		}
	}
	fputc('\n', f);
}

/* lov_dump_comp_v1_entry(), then the component's sub-layout. A directory
 * default's components have no id (LCME_ID_INVAL: "N/A"). */
static void comp_entry(const struct dump *d, const char *path,
		       const struct lfs_component *c, uint32_t i, unsigned flags,
		       const uint32_t blob[2])
{
	bool na = (flags & DF_DIR) && !(flags & DF_FORGED);
	bool detail = (d->v & GS_DETAIL) && !d->fmt->yaml;
	const char *sep = "";
	unsigned v = d->v;
	FILE *f = d->f;

	if (d->fmt->yaml)
		fprintf(f, "%2scomponent%u:\n", "", i);
	if (v & GS_COMP_ID) {
		if (detail)
			fputs("  - lcme_id:             ", f);
		else
			label(d, GS_COMP_ID, "    ", "", "lcme_id:             ");
		na ? fputs("N/A", f) : fprintf(f, "%u", c->id);
		sep = "\n";
	}
	if (v & GS_MIRROR_ID) {
		fputs(sep, f);
		label(d, GS_MIRROR_ID, "    ", "", "lcme_mirror_id:      ");
		fputs(na ? "N/A" : "0", f);
		sep = "\n";
	}
	if (v & GS_COMP_FLAGS) {
		fputs(sep, f);
		label(d, GS_COMP_FLAGS, "    ", "", "lcme_flags:          ");
		fputs(c->flags & LFS_COMP_INIT ? "init" : "0", f);
		sep = "\n";
	}
	if (v & GS_COMP_START) {
		fputs(sep, f);
		label(d, GS_COMP_START, "    ", "", "lcme_extent.e_start: ");
		fprintf(f, "%" PRIu64, c->start);
		sep = "\n";
	}
	if (v & GS_COMP_END) {
		fputs(sep, f);
		label(d, GS_COMP_END, "    ", "", "lcme_extent.e_end:   ");
		if (c->end == LFS_EOF)
			fputs("EOF", f);
		else
			fprintf(f, "%" PRIu64, c->end);
		sep = "\n";
	}
	fputs(sep, f);
	if (d->fmt->yaml)
		fprintf(f, "%4ssub_layout:\n", "");
	else if (detail)
		fprintf(f, "%4slcme_offset:         %u\n%4slcme_size:           %u\n"
			"%4ssub_layout:\n", "", blob[0], "", blob[1], "");
	lmm_v1v3(d, path, c, 0, flags | DF_INDENT);
}

/* The size of a component's lov_user_md as the MDS packs it
 * (lod_gen_component_ea): a directory's without objects, a file's with
 * those it has or, not instantiated, the count it would get
 * (lod_comp_entry_stripe_count: -1 is every OST). */
static uint32_t comp_blob_size(const struct dump *d, const struct lfs_component *c,
			       unsigned flags)
{
	uint32_t n = 0, osts = d->fmt->ost_count;

	if (!(flags & DF_DIR)) {
		if (c->flags & LFS_COMP_INIT)
			n = c->nr_objects;
		else if (c->stripe_count < 0)
			n = osts;
		else
			n = (uint32_t)c->stripe_count;
		if (!(c->pattern & LFS_PATTERN_OVERSTRIPED) && osts && n > osts)
			n = osts;
	}
	return (c->pool[0] ? LMM_V3_SIZE : LMM_V1_SIZE) + n * LMM_OBJ_SIZE;
}

/* lov_dump_comp_v1_header()'s -v lines. */
static void composite_header(const struct dump *d, const struct lfs_layout *l,
			     unsigned flags)
{
	uint32_t size = LCM_SIZE + LCME_SIZE * l->nr_comps;

	for (uint32_t i = 0; i < l->nr_comps; i++)
		size += comp_blob_size(d, &l->comps[i], flags);
	fprintf(d->f, "composite_header:\n  lcm_magic:         0x%08X\n"
		"  lcm_size:          %u\n  lcm_flags:         %s\n",
		LOV_MAGIC_COMP_V1, size, flags & DF_DIR ? "" : "0");
}

/* print_last_init_comp(): a field option alone shows the last
 * instantiated component (a directory's last one). */
static bool last_init_only(const struct getstripe_fmt *fmt)
{
	const struct stripe_comp_filter *s = &fmt->sel;

	return (fmt->verbose & GS_DEFAULT) != GS_DEFAULT &&
	       !s->id && !s->end_op && !s->start_op;
}

/* e, a copy of the dump, at component i's objects in fmt->groups. */
static const struct dump *at(struct dump *e, const struct lfs_layout *l, uint32_t i)
{
	e->base = 0;
	for (uint32_t k = 0; k < i; k++)
		e->base += l->comps[k].nr_objects;
	return e;
}

/* lov_dump_comp_v1(). */
static void dump_composite(const struct dump *d, const char *path,
			   const struct lfs_layout *l, unsigned flags)
{
	struct dump e = *d;
	bool last_only = last_init_only(d->fmt);
	int ost = d->fmt->only_ost;
	unsigned v = d->v;
	FILE *f = d->f;
	uint32_t i, blob[2] = { 0, 0 };   /* lcme_offset, lcme_size */

	if (ost >= 0) {
		bool any = false;

		for (i = 0; !(flags & DF_DIR) && i < l->nr_comps; i++)
			any |= (l->comps[i].flags & LFS_COMP_INIT) &&
			       comp_has_ost(&l->comps[i], ost);
		if (!any)
			return;
	}
	if (d->fmt->path && !d->fmt->yaml && (v != GS_OBJID || !(flags & DF_DIR)))
		path_line(f, path);
	if (v & GS_DETAIL)
		composite_header(d, l, flags);
	if (v & GS_GEN) {
		label(d, GS_GEN, "  ", "", "lcm_layout_gen:    ");
		fprintf(f, "%u\n", l->gen);
	}
	if (v & GS_MIRROR_COUNT) {
		label(d, GS_MIRROR_COUNT, "  ", "", "lcm_mirror_count:  ");
		fputs("1\n", f);
	}
	if (v & GS_COMP_COUNT) {
		label(d, GS_COMP_COUNT, "  ", "", "lcm_entry_count:   ");
		/* A plain layout shown as one component counts 0 (its magic
		 * is not LOV_USER_MAGIC_COMP_V1). */
		fprintf(f, "%u\n", flags & DF_FORGED ? 0 : l->nr_comps);
	}
	if ((v & GS_DETAIL) && !d->fmt->yaml)
		fputs("components:\n", f);
	blob[0] = LCM_SIZE + LCME_SIZE * l->nr_comps;
	for (i = 0; i < l->nr_comps; i++) {
		const struct lfs_component *c = &l->comps[i];
		unsigned skip = 0;

		blob[0] += i ? blob[1] : 0;
		blob[1] = comp_blob_size(d, c, flags);

		if (!stripe_comp_selected(c, &d->fmt->sel))
			continue;
		if (last_only) {
			if (c->flags & LFS_COMP_INIT)
				continue;
			break;
		}
		if (!(c->flags & LFS_COMP_INIT) || (ost >= 0 && !comp_has_ost(c, ost)))
			skip = DF_SKIP_OBJS;
		if (ost >= 0 && skip)
			continue;
		comp_entry(at(&e, l, i), path, c, i, flags | skip, blob);
	}
	if (last_only) {
		i = i ? i - 1 : l->nr_comps - 1;
		comp_entry(at(&e, l, i), path, &l->comps[i], i, flags, blob);
	}
}

/* has_any_comp_options(): then a plain layout is shown as a composite
 * one of one component (lov_forge_comp_v1()). */
static bool comp_options(const struct getstripe_fmt *fmt)
{
	const struct stripe_comp_filter *s = &fmt->sel;

	if (s->id || s->end_op || s->start_op)
		return true;
	if ((fmt->verbose & ~GS_DETAIL) == GS_DEFAULT)
		return false;
	return fmt->verbose & GS_COMP_OPTS;
}

void print_layout(FILE *f, const char *path, const struct lfs_layout *l,
		  bool dir, const struct getstripe_fmt *fmt)
{
	struct dump d = { f, fmt, fmt->verbose };
	unsigned flags = dir ? DF_DIR : 0;

	if (l->composite) {
		dump_composite(&d, path, l, flags);
	} else if (comp_options(fmt)) {
		struct lfs_component c = l->comps[0];
		struct lfs_layout forged = { dir ? 0 : l->gen, true, 1, &c };

		c.id = 0;
		c.start = 0;
		c.end = LFS_EOF;
		d.v &= ~GS_DETAIL;
		dump_composite(&d, path, &forged, flags | DF_FORGED);
	} else {
		lmm_v1v3(&d, path, &l->comps[0], l->gen, flags);
	}
}
