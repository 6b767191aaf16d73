/* timing.c - the timing builtin: each command line's wall time, as
 * sqlite3's ".timer on|off" and psql's "\timing" print theirs. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "shell.h"

double timing_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A pipeline that ran while timing was on (before and after it, so the
 * line that switches timing on or off prints no time, as in psql). */
void timing_report(const struct lfs_ctx *ctx, bool was_on, double start)
{
	if (was_on && ctx->timing)
		fprintf(stderr, "Time: %.3f s\n", timing_now() - start);
}

static int builtin_timing(struct lfs_ctx *ctx, int argc, char **argv)
{
	if (argc > 2)
		return CMD_HELP;
	if (argc == 1)
		ctx->timing = !ctx->timing;
	else if (!strcmp(argv[1], "on") || !strcmp(argv[1], "off"))
		ctx->timing = argv[1][1] == 'n';
	else {
		fprintf(stderr, "error: lfs timing: '%s': expected on or off\n", argv[1]);
		return CMD_HELP;
	}
	fprintf(ctx->out, "Timing is %s.\n", ctx->timing ? "on" : "off");
	return 0;
}

static const struct lfs_opt timing_opts[] = { { 0 } };

const struct lfs_cmd shell_timing_def = {
	.name = "timing",
	.run = builtin_timing,
	.opts = timing_opts,
	.summary = "print each command's wall time (on), or not (off)",
	.usage = "[on|off]",
	.args = DOM_NONE,
	.help = "With timing on, each command (a pipeline counts as one) prints its\n"
		"wall time on stderr after it runs, \"Time: 0.012 s\", as sqlite3's .timer\n"
		"and psql's \\timing. Without an argument, switch it; each form prints\n"
		"the new state (\"Timing is on.\"). Off when the shell starts.\n",
};
