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

#endif
