/*
 * testutil.h — what every cmocka unit test includes.
 *
 * cmocka needs these system headers before its own, in this order.
 */
#ifndef TESTUTIL_H
#define TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>

/* A mkstemp/mkdtemp template in the temporary directory ($TMPDIR, or the
 * system's): "<tmp>/kundval-<name>-XXXXXX". */
static inline void testutil_tmp_template(char *buf, size_t size,
					 const char *name)
{
	const char *dir = getenv("TMPDIR");

	snprintf(buf, size, "%s/kundval-%s-XXXXXX",
		 dir && *dir ? dir : P_tmpdir, name);
}

#endif
