/* The YAML layout reader (layout_yaml.c, setstripe --yaml). What it
 * accepts must be a valid template that survives the on-disk record: no
 * objects, and the OSTs it keeps (Lustre's build_layout_from_yaml_node
 * keeps lmm_stripe_offset and each l_ost_idx) make a list that holds
 * the offset. */
#include <errno.h>

#include "fuzz.h"
#include "layout_yaml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_string(data, size);
	struct lfs_layout *l = NULL, *back = NULL;
	struct lfs_error e = { 0, "" };
	void *rec;
	size_t len;
	int rc = layout_from_yaml(text, size, &l, &e);

	FUZZ_CHECK(memchr(e.msg, '\0', sizeof(e.msg)));
	if (rc) {
		FUZZ_CHECK(rc < 0 && !l);
		free(text);
		return 0;
	}
	FUZZ_CHECK(layout_validate(l, 0, &e) == 0);
	for (uint32_t i = 0; i < l->nr_comps; i++) {
		const struct lfs_component *c = &l->comps[i];
		bool listed = c->stripe_offset == -1 || !c->nr_osts;

		for (uint32_t j = 0; j < c->nr_osts && !listed; j++)
			listed = c->osts[j] == (uint32_t)c->stripe_offset;
		FUZZ_CHECK(!c->nr_objects && listed);
	}
	FUZZ_CHECK(layout_encode(l, &rec, &len) == 0);
	FUZZ_CHECK(layout_decode(rec, len, &back) == 0);
	FUZZ_CHECK(layout_equal(l, back));
	free(rec);
	layout_free(back);
	layout_free(l);
	free(text);
	return 0;
}
