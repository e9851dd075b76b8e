/*
 * utf8.c — decoding UTF-8 strictly, one code point at a time (see utf8.h).
 */
#include "core/utf8.h"

/*
 * The code point at *sp, advancing *sp past it; -1 for anything that is
 * not well-formed UTF-8: a stray continuation byte, a truncated sequence
 * (the NUL ends it), an overlong form, a surrogate or a value past
 * U+10FFFF.
 */
int32_t utf8_next(const unsigned char **sp)
{
	const unsigned char *s = *sp;
	uint32_t c = s[0], min;
	int n, i;

	if (c < 0x80) {
		*sp = s + 1;
		return (int32_t)c;
	}
	if ((c & 0xE0) == 0xC0) {
		n = 1;
		c &= 0x1F;
		min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		n = 2;
		c &= 0x0F;
		min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		n = 3;
		c &= 0x07;
		min = 0x10000;
	} else {
		return -1;
	}
	for (i = 1; i <= n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return -1;
		c = c << 6 | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return -1;
	*sp = s + n + 1;
	return (int32_t)c;
}
