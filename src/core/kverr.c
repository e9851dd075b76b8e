/*
 * kverr.c — filling and mapping struct kverr (see kverr.h).
 */
#include "core/kverr.h"

#include <stdio.h>
#include <string.h>

int kverr_set(struct kverr *e, enum kverr_class cls, const char *code,
	      const char *field, const char *fmt, ...)
{
	va_list ap;

	if (!e)
		return -1;
	e->cls = cls;
	snprintf(e->code, sizeof(e->code), "%s", code ? code : "error");
	snprintf(e->field, sizeof(e->field), "%s", field ? field : "");
	va_start(ap, fmt);
	vsnprintf(e->message, sizeof(e->message), fmt, ap);
	va_end(ap);
	return -1;
}

void kverr_clear(struct kverr *e)
{
	memset(e, 0, sizeof(*e));
}

void kverr_prefix_field(struct kverr *e, const char *prefix)
{
	char buf[sizeof(e->field)];

	if (!prefix || !*prefix)
		return;
	if (!e->field[0])
		snprintf(buf, sizeof(buf), "%s", prefix);
	else if (e->field[0] == '[')
		snprintf(buf, sizeof(buf), "%s%s", prefix, e->field);
	else
		snprintf(buf, sizeof(buf), "%s.%s", prefix, e->field);
	memcpy(e->field, buf, sizeof(buf));
}

int kverr_http_status(enum kverr_class cls)
{
	switch (cls) {
	case KVERR_OK:           return 200;
	case KVERR_BAD_REQUEST:  return 400;
	case KVERR_UNAUTHORISED: return 401;
	case KVERR_FORBIDDEN:    return 403;
	case KVERR_NOT_FOUND:    return 404;
	case KVERR_CONFLICT:     return 409;
	case KVERR_TOO_LARGE:    return 413;
	case KVERR_INVALID:      return 422;
	case KVERR_INTERNAL:     return 500;
	}
	return 500;
}

int kverr_at(struct kverr *e, const char *name, int i)
{
	char prefix[64];

	if (e) {
		snprintf(prefix, sizeof(prefix), "%s[%d]", name, i);
		kverr_prefix_field(e, prefix);
	}
	return -1;
}

int kverr_in(struct kverr *e, const char *name)
{
	if (e)
		kverr_prefix_field(e, name);
	return -1;
}
