/*
 * utf8.h — strict UTF-8 decoding for the writers of files in other
 * encodings or with character limits (SIE in CP437, pain.001 counted in
 * characters).
 */
#ifndef UTF8_H
#define UTF8_H

#include <stdint.h>

/*
 * The code point at *sp, advancing *sp past it; -1 for anything that is
 * not well-formed UTF-8: a stray continuation byte, a truncated sequence
 * (the NUL ends it), an overlong form, a surrogate or a value past
 * U+10FFFF.
 */
int32_t utf8_next(const unsigned char **sp);

#endif
