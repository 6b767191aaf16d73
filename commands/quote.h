/*
 * quote.h - names and messages shown safely.
 *
 * A name in the store may hold any byte but '/' and NUL. Printed raw, a
 * newline fakes a second entry and an escape sequence drives the terminal.
 * A byte is unsafe when it is a control byte (below 0x20, 0x7f), a C1
 * control written in UTF-8 (U+0080..U+009F, which terminals may obey), or
 * not part of valid UTF-8.
 *
 *  - Listings (ls, getstripe, migrate -v, lfsck notes, stat) print names
 *    with quote_name(): raw when the stream is not a terminal (as GNU ls,
 *    so scripts and pipes get the bytes), else, if the name holds an
 *    unsafe byte, in GNU ls's shell-escape style ('a'$'\n''b'), which a
 *    shell reads back as the same name; a name without one is printed as
 *    is (no quotes around spaces, unlike ls: getstripe keeps Lustre's form).
 *  - Messages (stderr) are one line by contract, whatever they quote (a
 *    name, a line of a corrupt configuration): quote_vline() writes each
 *    unsafe byte as a C escape (\n, \t, \ooo), on a terminal or not, so
 *    logs keep one error per line. A backslash is left alone: a message
 *    the library escaped already (lfs_escape) is not escaped twice.
 */
#ifndef LFS_COMMANDS_QUOTE_H
#define LFS_COMMANDS_QUOTE_H

#include <stdarg.h>
#include <stdio.h>

void quote_name(FILE *f, const char *name);
/* The formatted text, escaped as above, then a newline. */
void quote_vline(FILE *f, const char *fmt, va_list ap);
void quote_line(FILE *f, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
