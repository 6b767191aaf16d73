/* The command-line tokenizer (shell/lineparse.c): quotes, escapes, ';', pipes,
 * and its partial mode (completion) on every prefix length of the line. */
#include "fuzz.h"
#include "shell.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line = fuzz_string(data, size);
	struct line_cmd *cmds = NULL;
	const char *err = NULL;
	int n = line_parse(line, &cmds, &err);
	size_t len = strlen(line);
	struct line_cursor cur;

	for (size_t cut = 0; cut <= len; cut += 1 + cut / 4) {
		FUZZ_CHECK(line_parse_partial(line, cut, &cur) == 0);
		FUZZ_CHECK(cur.nwords >= 1 && !cur.words[cur.nwords]);
		FUZZ_CHECK(cur.start <= cut);
		FUZZ_CHECK(strlen(cur.words[cur.nwords - 1]) <= cut - cur.start);
		line_cursor_free(&cur);
	}

	/* A line refused for its final backslash is one the stream reader
	 * continues; without that backslash it is never refused for one. */
	if (n < 0 && !strcmp(err, LINE_ERR_BACKSLASH))
		FUZZ_CHECK(line_continues(line));
	if (line_continues(line)) {
		struct line_cmd *c2 = NULL;
		const char *e2 = NULL;

		line[len - 1] = '\0';
		if (line_parse(line, &c2, &e2) >= 0)
			line_free_cmds(c2);
		else
			FUZZ_CHECK(strcmp(e2, LINE_ERR_BACKSLASH));
		line[len - 1] = '\\';
	}

	if (n < 0) {
		FUZZ_CHECK(err && *err);
	} else {
		int i = 0;

		FUZZ_CHECK(!err);
		for (; cmds && cmds[i].argv; i++) {
			FUZZ_CHECK(cmds[i].argv[0]);    /* no empty command */
			FUZZ_CHECK(!cmds[i].target == (cmds[i].op == LINE_END ||
						       cmds[i].op == LINE_PIPE));
			for (int j = 0; cmds[i].argv[j]; j++)
				FUZZ_CHECK(strlen(cmds[i].argv[j]) <= size);
		}
		/* A '|' always has a command after it. */
		FUZZ_CHECK(i == 0 || cmds[i - 1].op != LINE_PIPE);
		FUZZ_CHECK(i == n);
		line_free_cmds(cmds);
	}
	free(line);
	return 0;
}
