/*
 * layout_yaml.c - getstripe -y output -> layout template, with libyaml.
 *
 * libyaml loads the text into a document tree; we walk its mappings and
 * take the geometry fields and, as Lustre's build_layout_from_yaml_node
 * does, the placement: lmm_stripe_offset and each object's l_ost_idx (an
 * OST list). Fields that describe an existing file (ids, flags,
 * generation, FIDs) are accepted and ignored, because the new file gets
 * its own; a key we do not know is refused, so that a typo does not
 * silently give a default layout.
 */
#include "layout_yaml.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

struct yp {
	yaml_document_t doc;
	size_t skipped;          /* lines skipped before the YAML (the path) */
	struct lfs_error *e;
};

/* -EINVAL with "line N: ..." (N counted in the caller's text). */
static int bad_at(struct yp *p, size_t line0, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int bad_at(struct yp *p, size_t line0, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return lfs_error_set(p->e, -EINVAL, "line %zu: %s",
			     line0 + 1 + p->skipped, msg);
}

#define BAD(p, node, ...) bad_at(p, (node)->start_mark.line, __VA_ARGS__)

static const char *scalar(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ?
	       (const char *)n->data.scalar.value : NULL;
}

/* Decimal, or hex with 0x (as Lustre prints some fields); no octal, so
 * that "010" is not 8. */
static int number(struct yp *p, const yaml_node_t *n, const char *key,
		  long long min, long long max, long long *out)
{
	const char *s = scalar(n);
	char *end;

	if (!s || !*s)
		return BAD(p, n, "%s: a number is expected", key);
	errno = 0;
	if (!strncmp(s, "0x", 2) || !strncmp(s, "0X", 2))
		*out = (long long)strtoull(s, &end, 16);
	else
		*out = strtoll(s, &end, 10);
	if (errno || *end || *out < min || *out > max)
		return BAD(p, n, "%s: invalid value '%s'", key, s);
	return 0;
}

static bool one_of(const char *key, const char *const *names)
{
	for (; *names; names++)
		if (!strcmp(key, *names))
			return true;
	return false;
}

/* A mapping whose keys are all scalars and none repeated. */
static int check_mapping(struct yp *p, const yaml_node_t *n, const char *what)
{
	if (!n || n->type != YAML_MAPPING_NODE)
		return n ? BAD(p, n, "%s: a mapping of 'key: value' is expected", what) :
		       lfs_error_set(p->e, -EINVAL, "%s: missing", what);
	for (yaml_node_pair_t *a = n->data.mapping.pairs.start;
	     a < n->data.mapping.pairs.top; a++) {
		yaml_node_t *k = yaml_document_get_node(&p->doc, a->key);

		if (!scalar(k))
			return BAD(p, k, "%s: keys must be plain names", what);
		for (yaml_node_pair_t *b = n->data.mapping.pairs.start; b < a; b++)
			if (!strcmp(scalar(yaml_document_get_node(&p->doc, b->key)),
				    scalar(k)))
				return BAD(p, k, "duplicate key '%s'", scalar(k));
	}
	return 0;
}

#define FOR_PAIRS(p, n, k, v)                                                  \
	for (yaml_node_pair_t *pr_ = (n)->data.mapping.pairs.start;            \
	     pr_ < (n)->data.mapping.pairs.top &&                              \
	     ((k) = yaml_document_get_node(&(p)->doc, pr_->key),               \
	      (v) = yaml_document_get_node(&(p)->doc, pr_->value), 1);         \
	     pr_++)

static const char *const lmm_ignored[] = {
	"lmm_magic", "lmm_seq", "lmm_object_id", "lmm_fid", "lmm_layout_gen",
	NULL,
};

static int parse_pattern(struct yp *p, const yaml_node_t *v, uint32_t *out)
{
	const char *s = scalar(v);

	if (s && !strcmp(s, "raid0"))
		*out = LFS_PATTERN_RAID0;
	else if (s && (!strcmp(s, "raid0,overstriped") ||
		       !strcmp(s, "overstriped")))
		*out = LFS_PATTERN_RAID0 | LFS_PATTERN_OVERSTRIPED;
	else
		return BAD(p, v, "lmm_pattern: unknown pattern '%s'", s ? s : "");
	return 0;
}

/* One lmm_objects entry's OST: `l_ost_idx: N` in the entry, or in the
 * mapping of its one key (getstripe without -y: `- 0: { l_ost_idx: N }`). */
static int object_ost(struct yp *p, const yaml_node_t *ent, uint32_t *ost)
{
	for (int depth = 0; depth < 2 && ent && ent->type == YAML_MAPPING_NODE;
	     depth++) {
		yaml_node_t *k, *v, *only = NULL;
		long long n;

		FOR_PAIRS(p, ent, k, v) {
			if (scalar(k) && !strcmp(scalar(k), "l_ost_idx")) {
				int rc = number(p, v, "l_ost_idx", 0,
						LFS_MAX_STRIPE_OFFSET, &n);

				*ost = (uint32_t)n;
				return rc;
			}
			only = v;
		}
		ent = ent->data.mapping.pairs.top - ent->data.mapping.pairs.start == 1 ?
		      only : NULL;
	}
	return -ENOENT;
}

/* lmm_objects: a list (empty when printed without objects); its OSTs
 * become c's OST list, in order. */
static int parse_objects(struct yp *p, const yaml_node_t *v,
			 struct lfs_component *c)
{
	uint32_t osts[LFS_MAX_STRIPE_COUNT], n = 0;

	if (scalar(v) && !*scalar(v))
		return 0;
	if (v->type != YAML_SEQUENCE_NODE)
		return BAD(p, v, "lmm_objects: a list is expected");
	for (yaml_node_item_t *it = v->data.sequence.items.start;
	     it < v->data.sequence.items.top; it++) {
		yaml_node_t *ent = yaml_document_get_node(&p->doc, *it);
		int rc;

		if (n == LFS_MAX_STRIPE_COUNT)
			return BAD(p, ent, "lmm_objects: more than %d objects",
				   LFS_MAX_STRIPE_COUNT);
		rc = object_ost(p, ent, &osts[n++]);
		if (rc == -ENOENT)
			return BAD(p, ent, "lmm_objects: an entry without l_ost_idx");
		if (rc)
			return rc;
	}
	return n ? layout_set_ost_list(c, osts, n) : 0;
}

/* A directory default's fields are printed without the lmm_ prefix
 * (lov_dump_user_lmm_header()); Lustre's reader strips it, we add it. */
static const char *lmm_name(const char *key)
{
	static const char *const names[] = {
		"lmm_stripe_count", "lmm_stripe_size", "lmm_stripe_offset",
		"lmm_pattern", "lmm_pool", NULL,
	};

	for (const char *const *n = names; *n; n++)
		if (!strcmp(key, *n + 4))
			return *n;
	return key;
}

/* The lmm_* fields of a plain layout or of a sub_layout, into c. */
static int parse_lmm(struct yp *p, const yaml_node_t *m,
		     struct lfs_component *c, const char *what)
{
	yaml_node_t *k, *v;
	bool have_count = false;
	long long n;
	int rc = check_mapping(p, m, what);

	if (rc)
		return rc;
	FOR_PAIRS(p, m, k, v) {
		const char *key = lmm_name(scalar(k));

		if (rc)
			break;
		if (!strcmp(key, "lmm_stripe_count")) {
			rc = number(p, v, key, -1, LFS_MAX_STRIPE_COUNT, &n);
			c->stripe_count = (int32_t)n;
			have_count = true;
		} else if (!strcmp(key, "lmm_stripe_size")) {
			rc = number(p, v, key, 0, LFS_STRIPE_SIZE_LIMIT - 1, &n);
			if (!rc && n % LFS_STRIPE_UNIT)
				rc = BAD(p, v, "%s: %lld is not a multiple of %llu",
					 key, n, LFS_STRIPE_UNIT);
			c->stripe_size = (uint64_t)n;
		} else if (!strcmp(key, "lmm_stripe_offset")) {
			rc = number(p, v, key, -1, LFS_MAX_STRIPE_OFFSET, &n);
			c->stripe_offset = (int32_t)n;
		} else if (!strcmp(key, "lmm_pattern")) {
			rc = parse_pattern(p, v, &c->pattern);
		} else if (!strcmp(key, "lmm_pool")) {
			struct lfs_error pe = { 0, "" };

			if (!scalar(v) || layout_pool_name(scalar(v), c->pool, &pe))
				rc = BAD(p, v, "lmm_pool: %s", pe.msg[0] ?
					 pe.msg : "a pool name is expected");
		} else if (!strcmp(key, "lmm_objects")) {
			rc = parse_objects(p, v, c);
		} else if (!one_of(key, lmm_ignored)) {
			rc = BAD(p, k, "unknown key '%s'", key);
		}
	}
	/* Every getstripe -y block has it: without it this is not a layout. */
	if (!rc && !have_count)
		rc = BAD(p, m, "%s: lmm_stripe_count missing", what);
	return rc;
}

static const char *const lcme_ignored[] = {
	"lcme_id", "lcme_mirror_id", "lcme_flags", "lcme_timestamp",
	"lcme_offset", "lcme_size", NULL,
};

static int parse_extent_end(struct yp *p, const yaml_node_t *v, uint64_t *end)
{
	const char *s = scalar(v);
	long long n;
	int rc;

	if (s && (!strcasecmp(s, "eof") || !strcmp(s, "-1"))) {
		*end = LFS_EOF;
		return 0;
	}
	rc = number(p, v, "lcme_extent.e_end", 0, INT64_MAX, &n);
	*end = (uint64_t)n;
	return rc;
}

/* One componentN mapping. *end_line gets e_end's line for error messages. */
static int parse_component(struct yp *p, const yaml_node_t *m,
			   struct lfs_component *c, size_t *end_line)
{
	yaml_node_t *k, *v, *sub = NULL;
	bool have_start = false, have_end = false;
	long long n;
	int rc = check_mapping(p, m, "component");

	if (rc)
		return rc;
	FOR_PAIRS(p, m, k, v) {
		const char *key = scalar(k);

		if (rc)
			break;
		if (!strcmp(key, "lcme_extent.e_start")) {
			rc = number(p, v, key, 0, INT64_MAX, &n);
			c->start = (uint64_t)n;
			have_start = true;
		} else if (!strcmp(key, "lcme_extent.e_end")) {
			rc = parse_extent_end(p, v, &c->end);
			*end_line = v->start_mark.line;
			have_end = true;
		} else if (!strcmp(key, "sub_layout")) {
			sub = v;
		} else if (!one_of(key, lcme_ignored)) {
			rc = BAD(p, k, "unknown key '%s'", key);
		}
	}
	if (!rc && (!have_start || !have_end || !sub))
		rc = BAD(p, m, "component: %s missing", !have_start ?
			 "lcme_extent.e_start" : !have_end ?
			 "lcme_extent.e_end" : "sub_layout");
	return rc ? rc : parse_lmm(p, sub, c, "sub_layout");
}

static const char *const lcm_ignored[] = {
	"lcm_layout_gen", "lcm_magic", "lcm_size", "lcm_flags", NULL,
};

static int parse_composite(struct yp *p, const yaml_node_t *root,
			   struct lfs_layout *l)
{
	yaml_node_t *k, *v, *count_node = NULL;
	long long n, entries = -1;
	int rc = 0;

	l->composite = true;
	FOR_PAIRS(p, root, k, v) {
		const char *key = scalar(k);
		struct lfs_component c = { 0 };
		size_t end_line = 0;

		if (rc)
			break;
		if (!strcmp(key, "lcm_mirror_count")) {
			rc = number(p, v, key, 0, UINT16_MAX, &n);
			if (!rc && n > 1)
				rc = BAD(p, v, "%s: %lld: mirrored layouts are not supported",
					 key, n);
		} else if (!strcmp(key, "lcm_entry_count")) {
			rc = number(p, v, key, 0, LFS_MAX_COMPONENTS, &entries);
			count_node = v;
		} else if (!strncmp(key, "component", 9) && key[9] &&
			   strspn(key + 9, "0123456789") == strlen(key + 9)) {
			c.stripe_offset = -1;
			c.pattern = LFS_PATTERN_RAID0;
			rc = parse_component(p, v, &c, &end_line);
			if (!rc && c.end <= c.start)
				rc = bad_at(p, end_line,
					    "lcme_extent.e_end %llu is not beyond lcme_extent.e_start %llu",
					    (unsigned long long)c.end,
					    (unsigned long long)c.start);
			if (!rc && c.end != LFS_EOF && c.end % LFS_STRIPE_UNIT)
				rc = bad_at(p, end_line,
					    "lcme_extent.e_end %llu is not a multiple of %llu",
					    (unsigned long long)c.end, LFS_STRIPE_UNIT);
			if (!rc && l->nr_comps &&
			    c.start != l->comps[l->nr_comps - 1].end)
				rc = BAD(p, k, "%s: lcme_extent.e_start %llu does not follow the previous component's end",
					 key, (unsigned long long)c.start);
			if (!rc && l->nr_comps >= LFS_MAX_COMPONENTS)
				rc = BAD(p, k, "too many components (max is %d)",
					 LFS_MAX_COMPONENTS);
			if (!rc)
				rc = layout_add_component(l, &c);
			free(c.osts);   /* the layout took a copy */
		} else if (!one_of(key, lcm_ignored)) {
			rc = BAD(p, k, "unknown key '%s'", key);
		}
	}
	if (!rc && !l->nr_comps)
		rc = lfs_error_set(p->e, -EINVAL, "no component0: in the layout");
	if (!rc && count_node && entries != l->nr_comps)
		rc = BAD(p, count_node, "lcm_entry_count %lld but %u components",
			 entries, l->nr_comps);
	return rc;
}

/* Lustre prints the file name on a line of its own before the block; it
 * is not YAML (a path is not `key: value`), so it is skipped. */
static size_t path_line(const char *text, size_t len)
{
	const char *nl = memchr(text, '\n', len);
	size_t n = nl ? (size_t)(nl - text) : len, i = 0;

	if (!n || text[0] == ' ' || text[0] == '\t' || text[0] == '#' ||
	    text[0] == '-')
		return 0;
	while (i < n && (text[i] == '_' || text[i] == '.' ||
			 (text[i] >= 'a' && text[i] <= 'z') ||
			 (text[i] >= 'A' && text[i] <= 'Z') ||
			 (text[i] >= '0' && text[i] <= '9')))
		i++;
	if (i && i < n && text[i] == ':' && (i + 1 == n || text[i + 1] == ' '))
		return 0;
	return nl ? n + 1 : len;
}

static int parse_error(struct yp *p, yaml_parser_t *parser)
{
	int rc = parser->error == YAML_MEMORY_ERROR ? -ENOMEM : -EINVAL;

	if (parser->context)
		bad_at(p, parser->problem_mark.line,
		       "not valid YAML: %s (%s started on line %zu)",
		       parser->problem ? parser->problem : "parse error",
		       parser->context,
		       parser->context_mark.line + 1 + p->skipped);
	else
		bad_at(p, parser->problem_mark.line, "not valid YAML: %s",
		       parser->problem ? parser->problem : "parse error");
	if (p->e)
		p->e->err = rc;
	return rc;
}

/* One layout per text: whatever follows the first document (a second
 * file's output, a stray dedented line) is refused rather than ignored. */
static int check_single(struct yp *p, yaml_parser_t *parser)
{
	yaml_document_t next;
	yaml_node_t *root;
	int rc = 0;

	if (!yaml_parser_load(parser, &next)) {
		rc = parse_error(p, parser);
		yaml_document_delete(&p->doc);
		memset(&p->doc, 0, sizeof(p->doc));
		return rc;
	}
	root = yaml_document_get_root_node(&next);
	if (root)
		rc = BAD(p, root, "more than one layout in the text (one file's getstripe -y output is expected)");
	yaml_document_delete(&next);
	if (rc) {
		yaml_document_delete(&p->doc);
		memset(&p->doc, 0, sizeof(p->doc));
	}
	return rc;
}

static int load(struct yp *p, const char *text, size_t len)
{
	yaml_parser_t parser;
	int rc = 0;

	if (!yaml_parser_initialize(&parser))
		return lfs_error_set(p->e, -ENOMEM, "cannot start the YAML parser");
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	if (!yaml_parser_load(&parser, &p->doc)) {
		rc = parse_error(p, &parser);
		/* yaml_parser_load leaves no document to delete on failure. */
		memset(&p->doc, 0, sizeof(p->doc));
	} else {
		rc = check_single(p, &parser);
	}
	yaml_parser_delete(&parser);
	return rc;
}

int layout_from_yaml(const char *text, size_t len, struct lfs_layout **out,
		     struct lfs_error *e)
{
	struct yp p = { .e = e };
	struct lfs_layout *l;
	yaml_node_t *root, *k, *v;
	bool composite = false;
	size_t skip;
	int rc;

	*out = NULL;
	if (!text)
		return lfs_error_set(e, -EINVAL, "no YAML text");
	skip = path_line(text, len);
	p.skipped = skip ? 1 : 0;
	rc = load(&p, text + skip, len - skip);
	if (rc)
		return rc;
	root = yaml_document_get_root_node(&p.doc);
	if (!root)
		rc = lfs_error_set(e, -EINVAL, "no layout: the YAML document is empty");
	else
		rc = check_mapping(&p, root, "layout");
	if (!rc) {
		/* Composite when it has lcm_* / componentN keys, as Lustre. */
		FOR_PAIRS(&p, root, k, v) {
			(void)v;
			composite |= !strncmp(scalar(k), "lcm_", 4) ||
				     !strncmp(scalar(k), "component", 9);
		}
	}
	l = rc ? NULL : layout_new();
	if (!rc && !l)
		rc = lfs_error_set(e, -ENOMEM, "out of memory");
	if (!rc && composite) {
		rc = parse_composite(&p, root, l);
	} else if (!rc) {
		struct lfs_component c = { 0 };

		c.end = LFS_EOF;
		c.stripe_offset = -1;
		c.pattern = LFS_PATTERN_RAID0;
		rc = parse_lmm(&p, root, &c, "layout");
		if (!rc)
			rc = layout_add_component(l, &c);
		free(c.osts);
	}
	if (!rc)
		rc = layout_validate(l, 0, e);
	yaml_document_delete(&p.doc);
	if (rc) {
		layout_free(l);
		if (rc == -ENOMEM && e && !e->msg[0])
			lfs_error_set(e, rc, "out of memory");
		return rc;
	}
	*out = l;
	return 0;
}

/* getstripe -y of the largest layout (64 components of 2000 stripes) is
 * well under this; anything bigger is not a layout. */
#define YAML_FILE_MAX (64u << 20)

int layout_from_yaml_file(const char *path, struct lfs_layout **out,
			  struct lfs_error *e)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;
	int rc = 0;

	*out = NULL;
	if (!f)
		return -errno;
	do {
		if (len == cap) {
			char *nb = cap < YAML_FILE_MAX ? realloc(buf, cap += 65536) : NULL;

			if (!nb) {
				rc = cap >= YAML_FILE_MAX ? -EFBIG : -ENOMEM;
				break;
			}
			buf = nb;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
	} while (n);
	if (!rc && ferror(f))
		rc = errno ? -errno : -EIO;
	fclose(f);
	if (!rc)
		rc = layout_from_yaml(buf, len, out, e);
	free(buf);
	return rc;
}
