/* The YAML layout reader (layout_yaml.c, setstripe --yaml). What it
 * accepts must be a valid template that survives the on-disk record. */
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
	for (uint32_t i = 0; i < l->nr_comps; i++)
		FUZZ_CHECK(!l->comps[i].nr_objects && l->comps[i].stripe_offset == -1);
	FUZZ_CHECK(layout_encode(l, &rec, &len) == 0);
	FUZZ_CHECK(layout_decode(rec, len, &back) == 0);
	FUZZ_CHECK(layout_equal(l, back));
	free(rec);
	layout_free(back);
	layout_free(l);
	free(text);
	return 0;
}
