/* interrupt.c - Ctrl-C, SIGINT and SIGTERM: the shell owns the flag and
 * the handlers; commands hand the flag (ctx->cancel) to the library,
 * which polls it (docs/DESIGN.md section 8). */
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "shell.h"

volatile sig_atomic_t shell_interrupted;
static volatile sig_atomic_t polling, interactive;

/* The flag says which signal came. A command that does not poll it is
 * ended by the signal as before, unless the lfs> shell must live on:
 * the shell then stops at the end of the command. */
static void on_signal(int sig)
{
	shell_interrupted = sig;
	if (!polling && !interactive) {
		signal(sig, SIG_DFL);
		raise(sig);
	}
}

void interrupt_install(bool in_repl)
{
	struct sigaction sa;

	interactive = in_repl;
	memset(&sa, 0, sizeof(sa));
	/* No SA_RESTART: a blocked read (the prompt, a list of names on
	 * stdin) returns, and the code above it sees the flag. */
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

bool interrupt_polling(bool on)
{
	bool was = polling;

	polling = on;
	return was;
}

int interrupt_status(void)
{
	return shell_interrupted ? 128 + shell_interrupted : 0;
}

void interrupt_clear(bool flush_input)
{
	/* Lines typed ahead while the command ran are not run after it. */
	if (shell_interrupted && flush_input && isatty(STDIN_FILENO))
		tcflush(STDIN_FILENO, TCIFLUSH);
	shell_interrupted = 0;
}
