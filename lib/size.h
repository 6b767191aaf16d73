/*
 * size.h - parse sizes and numbers as Lustre's llapi_parse_size() does.
 *
 * Contract:
 *  - Accepts decimal, "0x" hex, or a decimal fraction ("1.5M"); an optional
 *    unit suffix k m g t p e (any case, powers of 1024) or b (512-byte
 *    blocks); no suffix means bytes. Nothing may follow the unit.
 *  - size_parse() stores the value in *out and returns 0, or returns
 *    -EINVAL for malformed text and -ERANGE on overflow. *out is untouched
 *    on error.
 *  - size_parse_stripe() applies the stripe size / component end rule: a
 *    parsed value below 4096 is multiplied by 1024 whatever the unit
 *    ("-S 64" = 64 KiB, "-S 2k" = 2 MiB). 0 stays 0 (= default).
 *  - size_format_human() prints "%.1f%c" style for df -h (base 1024) or -H
 *    (base 1000): value divided while above the base.
 */
#ifndef LFS_SIZE_H
#define LFS_SIZE_H

#include <stddef.h>
#include <stdint.h>

int size_parse(const char *text, uint64_t *out);
int size_parse_stripe(const char *text, uint64_t *out);
/* Parse a signed integer in [min, max] (decimal or 0x hex). */
int number_parse(const char *text, long long min, long long max, long long *out);
/* Format bytes as df -h does: "%8.1f%c"; base is 1024 or 1000. */
void size_format_human(uint64_t bytes, unsigned base, char *buf, size_t len);

#endif
