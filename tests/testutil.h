/* Shared helpers for the cmocka unit tests. */
#ifndef LFS_TESTUTIL_H
#define LFS_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#endif
