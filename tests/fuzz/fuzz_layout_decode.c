/* The layout decoder (layout_codec.c). Length and checksum are fixed up
 * so mutations reach the fields. Every accepted record must be a layout
 * setstripe's validation accepts, encode back to the same bytes, and map
 * every byte of an instantiated component onto one of its objects. */
#include <errno.h>

#include "fuzz.h"
#include "layout.h"

/* A few offsets of component c around its stripe units and ends. */
static void check_mapping(const struct lfs_component *c)
{
	uint64_t s = c->stripe_size, w = c->nr_objects, len = c->end - c->start;
	uint64_t rel[] = { 0, 1, s - 1, s, s + 1, s * w - 1, s * w,
			   s * w * 2 + 3, len - 1 };

	for (size_t i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
		uint64_t off = c->start + rel[i], obj_off;
		uint32_t stripe;

		if (rel[i] >= len)
			continue;
		layout_map(c, off, &stripe, &obj_off);
		FUZZ_CHECK(stripe < c->nr_objects);
		FUZZ_CHECK(layout_file_offset(c, stripe, obj_off) == off);
		FUZZ_CHECK(obj_off <= rel[i]);
		if (off < UINT64_MAX)   /* the object holds that byte */
			FUZZ_CHECK(layout_object_size(c, stripe, off + 1) > obj_off);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *rec = malloc(size ? size : 1);
	struct lfs_layout *l = NULL;
	struct lfs_error e = { 0, "" };
	void *again = NULL;
	size_t len;
	int rc;

	FUZZ_CHECK(rec);
	memcpy(rec, data, size);
	fuzz_fix_record(rec, size);
	rc = layout_decode(rec, size, &l);
	if (rc) {
		FUZZ_CHECK(rc == -EINVAL || rc == -ENOMEM);
		FUZZ_CHECK(!l);
		free(rec);
		return 0;
	}
	if (layout_validate(l, 0, &e)) {
		fprintf(stderr, "accepted a layout setstripe refuses: %s\n", e.msg);
		abort();
	}
	FUZZ_CHECK(layout_encode(l, &again, &len) == 0);
	FUZZ_CHECK(len == size && memcmp(again, rec, size) == 0);
	for (uint32_t i = 0; i < l->nr_comps; i++)
		if (l->comps[i].nr_objects)
			check_mapping(&l->comps[i]);
	free(again);
	layout_free(l);
	free(rec);
	return 0;
}
