/* test_complete.c - the completion engine, without a terminal. */
#include "testutil.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "complete.h"
#include "shell.h"
#include "store.h"

static char store_dir[256];
static struct lfs_ctx ctx;

/* Candidates for words (NULL-terminated), cursor on the last word,
 * joined with '|' for one-line comparisons; host: words follow lfs on a
 * host command line (complete_argv), else they start at the command. */
static char *cands_of(const char *const *words, bool host)
{
	static char buf[4096];
	char **c;
	int argc = 0, n;

	while (words[argc])
		argc++;
	n = host ? complete_argv(&ctx, argc, (char **)words, &c)
		 : complete_words(&ctx, argc, (char **)words, argc - 1, &c);
	assert_true(n >= 0);
	buf[0] = '\0';
	for (int i = 0; i < n; i++)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%s",
			 i ? "|" : "", c[i]);
	assert_null(c[n]);
	complete_free(c);
	return buf;
}

#define EXPECT(want, ...) do { \
	const char *const w_[] = { __VA_ARGS__, NULL }; \
	assert_string_equal(cands_of(w_, false), want); \
} while (0)

#define EXPECT_ARGV(want, ...) do { \
	const char *const w_[] = { __VA_ARGS__, NULL }; \
	assert_string_equal(cands_of(w_, true), want); \
} while (0)

static int setup(void **state)
{
	struct lfs_mkfs_opts o = { .osts = 3, .ost_size = 64 << 20 };
	struct lfs_error e = { 0, "" };
	struct lfs_store *s;
	char path[512];

	(void)state;
	snprintf(store_dir, sizeof(store_dir), "/tmp/lfs-test-complete.%d",
		 (int)getpid());
	assert_int_equal(store_mkfs(store_dir, &o, &e), 0);
	assert_int_equal(store_open(store_dir, LFS_STORE_RDWR, &s, &e), 0);
	assert_int_equal(store_pool_new(s, "fast", &e), 0);
	assert_int_equal(store_pool_new(s, "flash", &e), 0);
	assert_int_equal(store_pool_new(s, "slow", &e), 0);
	store_close(s);
	/* The namespace is the host tree mdt/ROOT: make entries directly. */
	snprintf(path, sizeof(path), "%s/mdt/ROOT/sub dir", store_dir);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/mdt/ROOT/sub dir/inner", store_dir);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/mdt/ROOT/-dash", store_dir);
	assert_int_equal(mkdir(path, 0755), 0);
	memset(&ctx, 0, sizeof(ctx));
	ctx.store_dir = store_dir;
	strcpy(ctx.cwd, "/");
	ctx.out = stdout;
	ctx.builtins = shell_builtins;   /* as in the shell */
	return 0;
}

static int teardown(void **state)
{
	char cmd[512];

	(void)state;
	ctx_close_store(&ctx);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", store_dir);
	return system(cmd);
}

static void test_command_names(void **state)
{
	(void)state;
	EXPECT("setstripe", "se");
	EXPECT("setstripe", "SE");        /* the shell matches case-insensitively */
	EXPECT("", "zzz");
	/* Every table entry is offered for an empty word. */
	{
		const char *const w[] = { "", NULL };
		size_t n = 0;
		char *all = cands_of(w, false);

		while (lfs_commands[n])
			n++;
		for (size_t i = 0; i < n; i++)
			assert_non_null(strstr(all, lfs_commands[i]->name));
	}
}

static void test_options_mid_word(void **state)
{
	(void)state;
	EXPECT("--stripe-count|--stripe-index|--stripe-size", "setstripe", "--stri");
	EXPECT("-c", "setstripe", "-c");
	/* A prefix of the command works as in the shell. */
	EXPECT("--stripe-count|--stripe-index|--stripe-size", "sets", "--stri");
}

static void test_after_double_dash(void **state)
{
	(void)state;
	/* After "--" a dash starts a path, not an option. */
	EXPECT("-dash/", "getstripe", "--", "-");
}

static void test_option_values(void **state)
{
	(void)state;
	EXPECT("fast|flash|slow", "setstripe", "-p", "");
	EXPECT("fast|flash", "setstripe", "--pool", "f");
	EXPECT("--pool=fast|--pool=flash", "setstripe", "--pool=f");
	EXPECT("fast|flash|slow", "setstripe", "-vp", "");   /* cluster */
	EXPECT("0|1|2", "setstripe", "-i", "");
	EXPECT("0|1|2", "setstripe", "-c", "2", "--ost", "");
	EXPECT("raid0", "setstripe", "-L", "");
	EXPECT("", "setstripe", "-c", "");                   /* a number */
	/* The value consumed, the next word is an argument again. */
	EXPECT("-dash/|sub dir/", "setstripe", "-p", "fast", "");
}

/* ost and pool: the subcommand table, then each one's operands. */
static void test_subcommands(void **state)
{
	struct lfs_ost_add_opts add = { 1, 64 << 20, NULL };
	struct lfs_error e = { 0, "" };
	struct lfs_store *s;
	uint32_t first;

	(void)state;
	EXPECT("activate|add|create|deactivate|degrade|list|nocreate|remove|undegrade",
	       "ost", "");
	EXPECT("nocreate", "ost", "n");
	EXPECT("add|destroy|list|new|remove", "pool", "");
	EXPECT("0|1|2", "ost", "remove", "");
	EXPECT("0|1|2", "ost", "nocreate", "");
	EXPECT("--count|--path|--size", "ost", "add", "--");
	EXPECT("", "ost", "bogus", "");
	EXPECT("fast|flash|slow", "pool", "add", "");
	EXPECT("fast|flash", "pool", "add", "f");
	EXPECT("0|1|2", "pool", "add", "fast", "");
	EXPECT("0|1|2", "pool", "remove", "fast", "1", "");
	EXPECT("fast|flash|slow", "pool", "list", "");
	EXPECT_ARGV("add|destroy|list|new|remove", "pool", "");
	/* An OST added shows at once; a removed one no more. */
	assert_int_equal(store_open(store_dir, LFS_STORE_RDWR, &s, &e), 0);
	assert_int_equal(store_ost_add(s, &add, &first, &e), 0);
	assert_int_equal(first, 3);
	EXPECT("0|1|2|3", "ost", "remove", "");
	assert_int_equal(store_ost_remove(s, 1, NULL, &e), 0);
	store_close(s);
	EXPECT("0|2|3", "ost", "remove", "");
	EXPECT("0|2|3", "setstripe", "-i", "");
}

static void test_unknown_command(void **state)
{
	(void)state;
	EXPECT("", "nosuch", "-");
	EXPECT("", "nosuch", "");
}

static void test_paths(void **state)
{
	(void)state;
	EXPECT("sub dir/", "getstripe", "s");
	EXPECT("/sub dir/", "getstripe", "/s");
	EXPECT("/sub dir/inner/", "getstripe", "/sub dir/");
	strcpy(ctx.cwd, "/sub dir");
	EXPECT("inner/", "getstripe", "");
	EXPECT("../-dash/", "getstripe", "../-");
	strcpy(ctx.cwd, "/");
	EXPECT("", "getstripe", "/nope/");
	/* The shell's cd takes namespace directories. */
	EXPECT("/sub dir/", "cd", "/su");
}

static void test_help_takes_commands(void **state)
{
	(void)state;
	EXPECT("getstripe", "help", "get");
}

static void test_builtins(void **state)
{
	(void)state;
	/* In the shell, the builtins are commands like the others... */
	EXPECT("pwd", "pw");
	EXPECT("cat|cd|chmod|chown", "c");
	EXPECT("cat|cd|chmod|chown", "help", "c");
	EXPECT("/sub dir/", "cd", "/su");
	EXPECT("", "pwd", "");
	/* ...every one of its table offered... */
	{
		const char *const w[] = { "", NULL };
		char *all = cands_of(w, false);

		for (size_t i = 0; shell_builtins[i]; i++)
			assert_non_null(strstr(all, shell_builtins[i]->name));
	}
	/* ...but not to a one-shot lfs, which has none. */
	ctx.builtins = NULL;
	EXPECT("cat|chmod|chown", "c");
	EXPECT("", "cd", "/su");
	ctx.builtins = shell_builtins;
}

static void test_global_options(void **state)
{
	const char *saved = ctx.store_dir;

	(void)state;
	ctx.builtins = NULL;
	/* Every long option of lfs's table, and nothing else. */
	{
		const char *const w[] = { "--", NULL };
		char *all = cands_of(w, true);
		size_t n = 0;

		for (const struct lfs_opt *o = lfs_global_opts; o->long_name; o++, n++) {
			char name[64];

			snprintf(name, sizeof(name), "--%s", o->long_name);
			assert_non_null(strstr(all, name));
		}
		for (const char *p = all; *p; p++)
			n -= *p == '|';          /* n names have n - 1 '|' */
		assert_int_equal(n, 1);
	}
	EXPECT_ARGV("--keep-going", "--ke");
	EXPECT_ARGV("--store=" "/tmp/", "--store=/tm");
	/* Then the command, and its words as complete_words() sees them. */
	EXPECT_ARGV("setstripe", "-k", "se");
	EXPECT_ARGV("fast|flash|slow", "-k", "setstripe", "-p", "");
	EXPECT_ARGV("setstripe", "--", "se");
	/* No command follows -c LINE or -h. */
	EXPECT_ARGV("", "-c", "");
	EXPECT_ARGV("", "-c", "pwd", "");
	EXPECT_ARGV("", "-h", "");
	/* -s DIR: the store the values come from. */
	ctx_close_store(&ctx);
	ctx.store_dir = "/nonexistent";
	EXPECT_ARGV("", "setstripe", "-p", "");     /* no store: nothing */
	EXPECT_ARGV("fast|flash|slow", "-s", store_dir, "setstripe", "-p", "");
	ctx_close_store(&ctx);
	ctx.store_dir = "/nonexistent";
	{
		char opt[300];

		snprintf(opt, sizeof(opt), "--store=%s", store_dir);
		EXPECT_ARGV("fast|flash|slow", opt, "setstripe", "-p", "");
	}
	ctx_close_store(&ctx);
	ctx.store_dir = saved;
	ctx.builtins = shell_builtins;
}

/* Without a store, completion offers nothing and prints nothing: the
 * quiet forms of ctx_store and ctx_resolve say why in a struct lfs_error. */
static void test_no_store_is_quiet(void **state)
{
	struct lfs_error e = { 0, "" };
	const char *saved = ctx.store_dir;
	char err_path[] = "/tmp/lfs-test-complete-err.XXXXXX", rel[64];
	int err_fd = mkstemp(err_path), saved_fd = dup(2);
	struct stat st;

	(void)state;
	assert_true(err_fd >= 0 && saved_fd >= 0);
	ctx_close_store(&ctx);
	ctx.store_dir = "/nonexistent";
	fflush(stderr);
	dup2(err_fd, 2);
	EXPECT("", "setstripe", "-p", "");
	EXPECT("", "getstripe", "/");
	assert_int_equal(ctx_open_store(&ctx, false, &e), -ENOENT);
	assert_string_equal(e.msg, "/nonexistent: No such file or directory");
	assert_int_equal(ctx_path(&ctx, "../..", rel, sizeof(rel), &e), -EINVAL);
	assert_string_equal(e.msg, "path escapes the filesystem root");
	fflush(stderr);
	dup2(saved_fd, 2);
	close(saved_fd);
	assert_int_equal(fstat(err_fd, &st), 0);
	assert_int_equal(st.st_size, 0);
	close(err_fd);
	unlink(err_path);
	ctx.store_dir = saved;
	/* The store back: 1 when opened now, 0 when the open one serves. */
	assert_int_equal(ctx_open_store(&ctx, false, &e), 1);
	assert_int_equal(ctx_open_store(&ctx, false, &e), 0);
}

/* The partial tokenizer: line[0..len) as the words of the command under
 * the cursor joined with '|', then "@START" and the opening quote. */
static char *partial_of(const char *line, size_t len)
{
	static char buf[512];
	struct line_cursor c;
	size_t o = 0;

	assert_int_equal(line_parse_partial(line, len, &c), 0);
	assert_true(c.nwords >= 1);
	assert_null(c.words[c.nwords]);
	for (int i = 0; i < c.nwords; i++)
		o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s%s", i ? "|" : "",
				      c.words[i]);
	snprintf(buf + o, sizeof(buf) - o, "@%zu%s", c.start,
		 c.quote == '"' ? "\"" : c.quote ? "'" : "");
	line_cursor_free(&c);
	return buf;
}

#define PARTIAL(want, line) assert_string_equal(partial_of(line, strlen(line)), want)

static void test_partial_line(void **state)
{
	(void)state;
	PARTIAL("@0", "");
	PARTIAL("se@0", "se");
	PARTIAL("setstripe|-p|f@13", "setstripe -p f");
	PARTIAL("setstripe|-p|@13", "setstripe -p ");
	/* The word under the cursor, unquoted, with where it starts and the
	 * quote it opens with (completion reopens the same). */
	PARTIAL("cat|/a b@4", "cat /a\\ b");
	PARTIAL("cat|/a b@4'", "cat '/a b");         /* open quote: no error */
	PARTIAL("cat|/a b@4\"", "cat \"/a b");
	PARTIAL("cat|a\"b@4\"", "cat \"a\\\"b");
	PARTIAL("cat|/a b@4'", "cat '/a b'");        /* closed, still the word */
	PARTIAL("cat|sub@4", "cat sub\\");          /* a final backslash waits */
	/* Only the command after the last unquoted ';' counts. */
	PARTIAL("cd|@9", "pwd;  cd ");
	PARTIAL("@5", "ls x;");
	PARTIAL("echo|a;b@5'", "echo 'a;b");
	/* The cursor mid-line: what follows it is not read. */
	assert_string_equal(partial_of("getstripe /data more", 12), "getstripe|/d@10");
	/* The same words as line_parse() for a complete line. */
	{
		const char *err;
		struct line_cmd *cmds;

		assert_int_equal(line_parse("cat 'x y'\\ z; pwd", &cmds, &err), 2);
		assert_string_equal(cmds[0].argv[1], "x y z");
		line_free_cmds(cmds);
		PARTIAL("cat|x y z@4'", "cat 'x y'\\ z");
	}
	/* After a '|' or a '>', a new command (or file name) starts. */
	PARTIAL("mig@9", "find / | mig");
	PARTIAL("@5", "pwd >");
}

/* The pipeline operators: what each command is and how it connects. */
static char *parsed(const char *line)
{
	static const char *const ops[] = { ";", "|", "|!", ">", ">>" };
	static char buf[512];
	struct line_cmd *cmds;
	const char *err;
	size_t o = 0;
	int n = line_parse(line, &cmds, &err);

	if (n < 0) {
		snprintf(buf, sizeof(buf), "error: %s", err);
		return buf;
	}
	for (int i = 0; i < n; i++) {
		for (int j = 0; cmds[i].argv[j]; j++)
			o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s[%s]",
					      j ? "" : i ? " " : "", cmds[i].argv[j]);
		o += (size_t)snprintf(buf + o, sizeof(buf) - o, " %s%s%s",
				      ops[cmds[i].op], cmds[i].target ? " " : "",
				      cmds[i].target ? cmds[i].target : "");
	}
	assert_null(cmds[n].argv);
	line_free_cmds(cmds);
	return buf;
}

#define PARSED(want, line) assert_string_equal(parsed(line), want)

static void test_pipelines(void **state)
{
	(void)state;
	PARSED("[find][/][--ost][3] | [migrate] ;", "find / --ost 3 | migrate");
	PARSED("[a] | [b] | [c] ;", "a|b|c");
	/* "| !HOST" takes the rest of the line, quotes and ';' as they are. */
	PARSED("[find][/] |! wc -l 'x'; pwd", "find / | !wc -l 'x'; pwd");
	PARSED("[a] > f [b] >> g h", "a>f;b >> 'g h'");
	/* Quoted or escaped, '|' and '>' are characters of a word. */
	PARSED("[echo][|][>][a>b] ;", "echo '|' \\> \"a>b\"");
	/* A host command after ';' keeps them: the host shell pipes. */
	PARSED("[pwd] ; [!echo][a][|][wc][>][f] ;", "pwd; !echo a | wc > f");
	/* A command or a file name missing: an error, nothing runs. */
	PARSED("error: '|' with no command before it", "| migrate");
	PARSED("error: '|' with no command after it", "find / |");
	PARSED("error: '|' with no command after it", "find / | ; pwd");
	PARSED("error: '| !' with no host command after it", "find / | !");
	PARSED("error: '>' with no command before it", "pwd; > f");
	PARSED("error: '>' with no file name after it", "pwd >");
	PARSED("error: '>' with no file name after it", "pwd > ; ls");
	PARSED("error: only ';' or the end of the line may follow '> FILE'", "pwd > f g");
	PARSED("error: only ';' or the end of the line may follow '> FILE'", "pwd > f | wc");
	PARSED("error: unbalanced single quote (')", "pwd > 'f");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_command_names),
		cmocka_unit_test(test_options_mid_word),
		cmocka_unit_test(test_after_double_dash),
		cmocka_unit_test(test_option_values),
		cmocka_unit_test(test_subcommands),
		cmocka_unit_test(test_unknown_command),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_help_takes_commands),
		cmocka_unit_test(test_partial_line),
		cmocka_unit_test(test_pipelines),
		cmocka_unit_test(test_builtins),
		cmocka_unit_test(test_global_options),
		cmocka_unit_test(test_no_store_is_quiet),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
