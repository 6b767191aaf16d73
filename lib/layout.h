/*
 * layout.h - the file layout model, its rules, RAID0 mapping and encoding.
 *
 * The model mirrors Lustre's llapi_layout: a layout is a list of components,
 * each covering the file extent [start, end) (end == LFS_EOF for "to the end
 * of the file"), with a pattern, stripe size, stripe count, stripe offset,
 * pool, an optional explicit OST list and, once instantiated, its objects.
 * A layout with one component that covers [0, EOF) and was not created with
 * -E is "plain" (printed with lmm_* fields); otherwise it is composite (PFL).
 *
 * Contract:
 *  - Layouts are plain heap values: layout_new() / layout_free() /
 *    layout_dup(); nothing here touches the store or prints.
 *  - layout_validate() applies Lustre 2.15's rules (docs/DESIGN.md
 *    section 3) and returns 0 or -EINVAL with a Lustre-worded detail in *e.
 *  - layout_validate() also holds instantiated components to what the
 *    allocator makes: a stripe size, at most stripe_count objects (any for
 *    -1), an OST repeated only when overstriped, no object used twice.
 *  - layout_encode() produces a versioned, checksummed little-endian record;
 *    layout_decode() accepts exactly what layout_encode() produces and
 *    rejects anything else with -EINVAL, never reading out of bounds.
 *    Both refuse a layout layout_validate(l, 0, ...) refuses, so a
 *    record that passes the checksum but breaks a rule is never read.
 *  - Mapping is RAID0 per component: byte `off` of a component lives in
 *    stripe ((off - start) / S) % C at object offset
 *    ((off - start) / (S*C)) * S + (off - start) % S.  (Components start
 *    on stripe-size multiples so this equals Lustre's mapping.)
 */
#ifndef LFS_LAYOUT_H
#define LFS_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define LFS_EOF                 UINT64_MAX
#define LFS_STRIPE_UNIT         (64ULL << 10)   /* stripe sizes are multiples */
#define LFS_STRIPE_SIZE_LIMIT   (4ULL << 30)    /* must be below this */
#define LFS_MAX_STRIPE_COUNT    2000            /* LOV_MAX_STRIPE_COUNT */
#define LFS_MAX_STRIPE_OFFSET   65532
#define LFS_POOL_NAME_MAX       15              /* LOV_MAXPOOLNAME */
#define LFS_MAX_COMPONENTS      64
#define LFS_DEFAULT_STRIPE_SIZE (1ULL << 20)

/* Pattern bits (lmm_pattern). */
#define LFS_PATTERN_RAID0       0x1
#define LFS_PATTERN_OVERSTRIPED 0x2

/* Component flags. */
#define LFS_COMP_INIT           0x10  /* LCME_FL_INIT: objects allocated */

struct lfs_object {
	uint32_t ost;   /* OST index */
	uint64_t id;    /* object id on that OST (sequence 0) */
};

struct lfs_component {
	uint32_t id;             /* lcme_id, 1-based, unique within the layout */
	uint32_t flags;          /* LFS_COMP_* */
	uint64_t start, end;     /* extent [start, end), end may be LFS_EOF */
	uint32_t pattern;        /* LFS_PATTERN_* bits */
	uint64_t stripe_size;    /* bytes, 0 = default (only before creation) */
	int32_t stripe_count;    /* requested: N, 0 = default, -1 = all OSTs */
	int32_t stripe_offset;   /* first OST, -1 = allocator's choice */
	char pool[LFS_POOL_NAME_MAX + 1];  /* "" = no pool */
	uint32_t nr_osts;        /* explicit OST list (-o), 0 if none */
	uint32_t *osts;
	uint32_t nr_objects;     /* == stripes in use when LFS_COMP_INIT */
	struct lfs_object *objects;
};

struct lfs_layout {
	uint32_t gen;            /* lmm_layout_gen / lcm_layout_gen */
	bool composite;          /* created with -E (printed as PFL) */
	uint32_t nr_comps;
	struct lfs_component *comps;
};

/* Lifecycle. layout_new() returns an empty layout (no components) or NULL. */
struct lfs_layout *layout_new(void);
void layout_free(struct lfs_layout *l);
struct lfs_layout *layout_dup(const struct lfs_layout *l);
/* Append a component (deep-copied, id assigned if 0); -ENOMEM/-EINVAL. */
int layout_add_component(struct lfs_layout *l, const struct lfs_component *c);
/* Remove component with lcme_id == id; -ENOENT if absent. */
int layout_del_component(struct lfs_layout *l, uint32_t id);
/* Set a component's object list (copied); marks it LFS_COMP_INIT. */
int layout_set_objects(struct lfs_component *c, const struct lfs_object *objs,
		       uint32_t n);
/* Set a component's explicit OST list (copied). */
int layout_set_ost_list(struct lfs_component *c, const uint32_t *osts,
			uint32_t n);
bool layout_equal(const struct lfs_layout *a, const struct lfs_layout *b);
/* Keep the geometry, drop the placement: each instantiated component's
 * stripe count becomes its object count, then objects, the instantiated
 * flag and the start OST go, so the allocator places it afresh. Explicit
 * OST lists stay. */
void layout_drop_placement(struct lfs_layout *l);

/* Rules. ost_count is the number of OSTs in the store (for -o / -i range
 * checks), or 0 to skip those. */
int layout_validate(const struct lfs_layout *l, uint32_t ost_count,
		    struct lfs_error *e);
/* Pool name rule: strips "FSNAME." prefix into out; "none" or "" -> "".
 * -EINVAL for names of other characters than letters, digits, '_' and
 * '-' (lctl's rule), over 15 characters, and the reserved "ignore" /
 * "inherit". */
int layout_pool_name(const char *name, char out[LFS_POOL_NAME_MAX + 1],
		     struct lfs_error *e);
/* Parse "1,2-4,7" into a heap array (appending to *osts / *n). */
int layout_parse_ost_list(const char *text, uint32_t **osts, uint32_t *n,
			  struct lfs_error *e);

/* Mapping. */
const struct lfs_component *layout_component_at(const struct lfs_layout *l,
						uint64_t off);
/* Index of the component containing off, or -1. */
int layout_component_index_at(const struct lfs_layout *l, uint64_t off);
void layout_map(const struct lfs_component *c, uint64_t off,
		uint32_t *stripe, uint64_t *obj_off);
/* Inverse of layout_map: file offset of object byte obj_off of stripe. */
uint64_t layout_file_offset(const struct lfs_component *c, uint32_t stripe,
			    uint64_t obj_off);
/* How many bytes object `stripe` holds when the file is `size` long
 * (counting only this component's extent). */
uint64_t layout_object_size(const struct lfs_component *c, uint32_t stripe,
			    uint64_t size);
/* Will object `stripe` of component c, for a file of `size` bytes, hold
 * the very bytes, at the very offsets, of an object of `from` (the file's
 * layout now)? Then it is *from_ci's *from_stripe. Recognised where RAID0
 * maps every byte alike: the file within one component of each starting
 * at 0, and either the same stripe size and width, or the whole file in
 * the first stripe unit of both. Objects must be allocated in c. */
bool layout_object_twin(const struct lfs_component *c, uint32_t stripe,
			uint64_t size, const struct lfs_layout *from,
			uint32_t *from_ci, uint32_t *from_stripe);
/* The OST of stripe i of a component with an OST list: the list rotated
 * to start at the stripe offset when that is in it, as the allocator
 * (Lustre's lod_alloc_ost_list) places it. */
uint32_t layout_listed_ost(const struct lfs_component *c, uint32_t i);
/* Last instantiated component, or NULL (getstripe -c/-S, find -c/-S). */
const struct lfs_component *layout_last_init(const struct lfs_layout *l);
bool layout_is_overstriped(const struct lfs_layout *l);
/* The first pool a component names, "" for none or NULL (Lustre's
 * lod_layout_get_pool: the pool a default hands down). */
const char *layout_pool(const struct lfs_layout *l);

/* Encoding. *buf is malloc'd. */
int layout_encode(const struct lfs_layout *l, void **buf, size_t *len);
int layout_decode(const void *buf, size_t len, struct lfs_layout **out);

/*
 * Building a layout from command-line style options, shared by setstripe,
 * migrate and the Lua bindings (Lustre: lfs_setstripe_internal's option
 * loop plus comp_args_to_layout). Options are fed in order; -E closes the
 * current component spec and opens the next. Stripe size, count and pool
 * carry over to later components until changed; -o and -i do not.
 */
struct lfs_stripe_args {
	uint64_t stripe_size;     /* 0 = not given */
	bool stripe_size_set;
	int64_t stripe_count;     /* 0 = default */
	bool stripe_count_set;
	bool overstripe;          /* -C */
	int64_t stripe_offset;    /* -1 = not given */
	bool stripe_offset_set;
	char pool[LFS_POOL_NAME_MAX + 1];
	bool pool_set;
	uint32_t nr_osts;
	uint32_t *osts;
	uint64_t comp_end;        /* -E value, LFS_EOF for -1/eof */
	bool comp_end_set;
};

struct lfs_layout_builder {
	struct lfs_stripe_args cur;     /* options of the component being read */
	struct lfs_stripe_args carry;   /* carried-over size/count/pool */
	struct lfs_layout *layout;      /* finished components */
	bool any_option;                /* some layout option was given */
	bool composite;                 /* -E seen */
};

void layout_builder_init(struct lfs_layout_builder *b);
void layout_builder_free(struct lfs_layout_builder *b);
/* Feed one option. `opt` is the short option letter: 'c' 'C' 'S' 'i' 'o'
 * 'p' 'E' 'L'; arg its text. Returns 0 or -EINVAL with a Lustre-worded
 * detail (e.g. "invalid stripe size '3'"). */
int layout_builder_option(struct lfs_layout_builder *b, int opt,
			  const char *arg, struct lfs_error *e);
/* Finish: returns the layout (caller frees) in *out; fields not given stay
 * 0 / -1 / "" for the store to fill from defaults. *out is NULL when no
 * layout option was given at all. */
int layout_builder_finish(struct lfs_layout_builder *b, uint32_t ost_count,
			  struct lfs_layout **out, struct lfs_error *e);

#endif
