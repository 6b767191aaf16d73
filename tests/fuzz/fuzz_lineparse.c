/* The command-line tokenizer (shell/lineparse.c): quotes, escapes, ';'. */
#include "fuzz.h"
#include "shell.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line = fuzz_string(data, size);
	char ***cmds = NULL;
	const char *err = NULL;
	int n = line_parse(line, &cmds, &err);

	if (n < 0) {
		FUZZ_CHECK(err && *err);
	} else {
		int i = 0;

		FUZZ_CHECK(!err);
		for (; cmds && cmds[i]; i++) {
			FUZZ_CHECK(cmds[i][0]);         /* no empty command */
			for (int j = 0; cmds[i][j]; j++)
				FUZZ_CHECK(strlen(cmds[i][j]) <= size);
		}
		FUZZ_CHECK(i == n);
		line_free_cmds(cmds);
	}
	free(line);
	return 0;
}
