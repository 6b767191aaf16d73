/* layout_print.c - getstripe's output formats (DESIGN section 6). */
#include <inttypes.h>
#include <stdio.h>

#include "common.h"
#include "pfid.h"
#include "quote.h"

#define LOV_MAGIC_V1   0x0BD10BD0
#define LOV_MAGIC_V3   0x0BD30BD0

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

static int32_t shown_count(const struct lfs_component *c)
{
	return (c->flags & LFS_COMP_INIT) ? (int32_t)c->nr_objects : c->stripe_count;
}

static bool comp_has_ost(const struct lfs_component *c, int ost)
{
	for (uint32_t i = 0; i < c->nr_objects; i++)
		if ((int)c->objects[i].ost == ost)
			return true;
	return false;
}

static void print_lmm(FILE *f, const char *ind, const struct lfs_component *c,
		      uint32_t gen, const struct getstripe_fmt *fmt, bool composite)
{
	if (fmt->verbose && !composite) {
		fprintf(f, "%slmm_magic:         0x%08X\n", ind,
			c->pool[0] ? LOV_MAGIC_V3 : LOV_MAGIC_V1);
		fprintf(f, "%slmm_seq:           %#llx\n", ind, LFS_FID_SEQ);
		fprintf(f, "%slmm_object_id:     %#llx\n", ind,
			(unsigned long long)fmt->fid_oid);
		fprintf(f, "%slmm_fid:           [%#llx:%#llx:0x0]\n", ind,
			LFS_FID_SEQ, (unsigned long long)fmt->fid_oid);
	}
	fprintf(f, "%slmm_stripe_count:  %d\n", ind, shown_count(c));
	fprintf(f, "%slmm_stripe_size:   %" PRIu64 "\n", ind, c->stripe_size);
	fprintf(f, "%slmm_pattern:       %s\n", ind, pattern_name(c->pattern));
	fprintf(f, "%slmm_layout_gen:    %u\n", ind, gen);
	fprintf(f, "%slmm_stripe_offset: %d\n", ind, first_ost(c));
	if (c->pool[0])
		fprintf(f, "%slmm_pool:          %s\n", ind, c->pool);
}

static void print_objects_table(FILE *f, const struct lfs_component *c,
				const struct getstripe_fmt *fmt)
{
	fprintf(f, "\tobdidx\t\t objid\t\t objid\t\t group\n");
	for (uint32_t i = 0; i < c->nr_objects; i++) {
		const struct lfs_object *o = &c->objects[i];
		bool mark = fmt->only_ost >= 0 && (int)o->ost == fmt->only_ost;

		if (fmt->only_ost >= 0 && !mark)
			continue;
		fprintf(f, "\t%6u\t%14llu\t%#13llx\t%14llu%s\n", o->ost,
			(unsigned long long)o->id, (unsigned long long)o->id, 0ULL,
			mark ? " *" : "");
	}
	fputc('\n', f);
}

static void print_objects_yamlish(FILE *f, const char *ind,
				  const struct lfs_component *c,
				  const struct getstripe_fmt *fmt)
{
	fprintf(f, "%slmm_objects:\n", ind);
	for (uint32_t i = 0; i < c->nr_objects; i++) {
		const struct lfs_object *o = &c->objects[i];

		if (fmt->only_ost >= 0 && (int)o->ost != fmt->only_ost)
			continue;
		if (fmt->yaml)
			fprintf(f, "%s- l_ost_idx: %u\n%s  l_fid:     [%#llx:%#llx:0x0]\n",
				ind, o->ost, ind, LFS_OBJECT_FID_SEQ(o->ost),
				(unsigned long long)o->id);
		else
			fprintf(f, "%s- %u: { l_ost_idx: %u, l_fid: [%#llx:%#llx:0x0] }\n",
				ind, i, o->ost, LFS_OBJECT_FID_SEQ(o->ost),
				(unsigned long long)o->id);
	}
}

static void print_plain(FILE *f, const char *path, const struct lfs_layout *l,
			const struct getstripe_fmt *fmt)
{
	const struct lfs_component *c = &l->comps[0];

	if (fmt->only_ost >= 0 && !comp_has_ost(c, fmt->only_ost))
		return;
	quote_name(f, path);
	fputc('\n', f);
	if (fmt->yaml) {
		print_lmm(f, "  ", c, l->gen, fmt, false);
		/* A directory default has no objects: no empty list then. */
		if (c->flags & LFS_COMP_INIT)
			print_objects_yamlish(f, "  ", c, fmt);
		return;
	}
	print_lmm(f, "", c, l->gen, fmt, false);
	if (c->flags & LFS_COMP_INIT)
		print_objects_table(f, c, fmt);
}

static void print_composite(FILE *f, const char *path,
			    const struct lfs_layout *l,
			    const struct getstripe_fmt *fmt)
{
	bool any = fmt->only_ost < 0;

	for (uint32_t i = 0; !any && i < l->nr_comps; i++)
		any = comp_has_ost(&l->comps[i], fmt->only_ost);
	if (!any)
		return;
	quote_name(f, path);
	fputc('\n', f);
	if (!fmt->sel.id && !fmt->sel.end_op && !fmt->sel.start_op) {
		fprintf(f, "  lcm_layout_gen:    %u\n", l->gen);
		fprintf(f, "  lcm_mirror_count:  1\n");
		fprintf(f, "  lcm_entry_count:   %u\n", l->nr_comps);
	}
	for (uint32_t i = 0; i < l->nr_comps; i++) {
		const struct lfs_component *c = &l->comps[i];
		const char *sub = fmt->yaml ? "      " : "      ";

		if (!stripe_comp_selected(c, &fmt->sel))
			continue;
		if (fmt->only_ost >= 0 && !comp_has_ost(c, fmt->only_ost))
			continue;
		if (fmt->yaml)
			fprintf(f, "  component%u:\n", i);
		fprintf(f, "    lcme_id:             %u\n", c->id);
		fprintf(f, "    lcme_mirror_id:      0\n");
		fprintf(f, "    lcme_flags:          %s\n",
			(c->flags & LFS_COMP_INIT) ? "init" : "0");
		fprintf(f, "    lcme_extent.e_start: %" PRIu64 "\n", c->start);
		if (c->end == LFS_EOF)
			fprintf(f, "    lcme_extent.e_end:   EOF\n");
		else
			fprintf(f, "    lcme_extent.e_end:   %" PRIu64 "\n", c->end);
		if (fmt->yaml)
			fprintf(f, "    sub_layout:\n");
		print_lmm(f, sub, c, 0, fmt, true);
		if (c->flags & LFS_COMP_INIT)
			print_objects_yamlish(f, sub, c, fmt);
		if (!fmt->yaml)
			fputc('\n', f);
	}
}

void print_file_layout(FILE *f, const char *path, const struct lfs_layout *l,
		       const struct getstripe_fmt *fmt)
{
	if (l->composite)
		print_composite(f, path, l, fmt);
	else
		print_plain(f, path, l, fmt);
}

void print_dir_default(FILE *f, const struct lfs_layout *l)
{
	const struct lfs_component *c = &l->comps[0];

	if (l->composite) {
		struct getstripe_fmt fmt = { .only_ost = -1 };

		fprintf(f, "  lcm_layout_gen:    %u\n", l->gen);
		fprintf(f, "  lcm_mirror_count:  1\n");
		fprintf(f, "  lcm_entry_count:   %u\n", l->nr_comps);
		for (uint32_t i = 0; i < l->nr_comps; i++) {
			c = &l->comps[i];
			fprintf(f, "    lcme_id:             %u\n", c->id);
			fprintf(f, "    lcme_mirror_id:      0\n");
			fprintf(f, "    lcme_flags:          0\n");
			fprintf(f, "    lcme_extent.e_start: %" PRIu64 "\n", c->start);
			if (c->end == LFS_EOF)
				fprintf(f, "    lcme_extent.e_end:   EOF\n");
			else
				fprintf(f, "    lcme_extent.e_end:   %" PRIu64 "\n", c->end);
			print_lmm(f, "      ", c, 0, &fmt, true);
			fputc('\n', f);
		}
		return;
	}
	/* One line, fields separated by a space, then the blank line
	 * lov_dump_user_lmm_v1v3() ends every layout with. */
	fprintf(f, "stripe_count:  %d stripe_size:   %" PRIu64
		" pattern:       %s stripe_offset: %d%s%s\n\n",
		c->stripe_count, c->stripe_size, pattern_name(c->pattern),
		c->stripe_offset, c->pool[0] ? " pool:          " : "", c->pool);
}
