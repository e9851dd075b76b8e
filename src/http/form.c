/*
 * form.c — urlencoded forms, CSRF tokens and field errors (see form.h).
 */
#include "http/form.h"
#include "core/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode s[0..n) ('+' is a space, %XX a byte) into a new string. */
static char *decode(const char *s, size_t n, size_t *outlen)
{
	char *out = malloc(n + 1);
	size_t k = 0;

	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '+') {
			out[k++] = ' ';
		} else if (s[i] == '%') {
			int hi = i + 2 < n ? hexval(s[i + 1]) : -1;
			int lo = i + 2 < n ? hexval(s[i + 2]) : -1;

			if (hi < 0 || lo < 0) {
				free(out);
				return NULL;
			}
			out[k++] = (char)(hi * 16 + lo);
			i += 2;
		} else {
			out[k++] = s[i];
		}
	}
	out[k] = '\0';
	*outlen = k;
	return out;
}

/* Well-formed UTF-8 without NUL or control characters but tab, CR, LF. */
static bool text_ok(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;

	if (strlen(s) != len)
		return false;   /* an encoded NUL */
	while (*p) {
		int32_t c = utf8_next(&p);

		if (c < 0 || (c < 0x20 && c != '\t' && c != '\n' && c != '\r') ||
		    c == 0x7f)
			return false;
	}
	return true;
}

static int refuse(struct form *f, struct kverr *e, const char *field,
		  const char *what)
{
	/* The field may be one of the form's own names: name it first. */
	kverr_set(e, KVERR_BAD_REQUEST, "bad_form", field,
		  "The form could not be read: %s.", what);
	form_release(f);
	return -1;
}

static int add_pair(struct form *f, const char *p, size_t n, struct kverr *e)
{
	const char *eq = memchr(p, '=', n);
	size_t nlen = eq ? (size_t)(eq - p) : n, vlen = 0, klen = 0;
	char *name, *value;

	if (n == 0)
		return 0;   /* "a=1&&b=2" */
	if (f->n >= FORM_MAX_FIELDS)
		return refuse(f, e, "", "too many fields");
	name = decode(p, nlen, &klen);
	value = decode(eq ? eq + 1 : "", eq ? n - nlen - 1 : 0, &vlen);
	if (!name || !value || klen == 0 || klen > FORM_MAX_NAME ||
	    !text_ok(name, klen)) {
		free(name);
		free(value);
		return refuse(f, e, "", "a field name is malformed");
	}
	f->f[f->n].name = name;
	f->f[f->n].value = value;
	f->n++;
	if (vlen > FORM_MAX_VALUE)
		return refuse(f, e, name, "a value is too long");
	if (!text_ok(value, vlen))
		return refuse(f, e, name, "a value is not plain text");
	return 0;
}

int form_parse(struct form *f, const char *body, size_t len, struct kverr *e)
{
	const char *p = body, *end = body + len;

	memset(f, 0, sizeof(*f));
	if (len > FORM_MAX_BODY)
		return kverr_set(e, KVERR_TOO_LARGE, "too_large", "",
				 "The form is larger than %d bytes.", FORM_MAX_BODY);
	while (p && p < end) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		size_t n = amp ? (size_t)(amp - p) : (size_t)(end - p);

		if (add_pair(f, p, n, e))
			return -1;
		p = amp ? amp + 1 : end;
	}
	return 0;
}

void form_release(struct form *f)
{
	for (int i = 0; i < f->n; i++) {
		free(f->f[i].name);
		free(f->f[i].value);
	}
	f->n = 0;
}

const char *form_get(const struct form *f, const char *name)
{
	for (int i = 0; i < f->n; i++)
		if (strcmp(f->f[i].name, name) == 0)
			return f->f[i].value;
	return NULL;
}

const char *form_trimmed(const struct form *f, const char *name, char *buf,
			 size_t size)
{
	const char *v = form_get(f, name);
	size_t n;

	if (!v)
		return NULL;
	while (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r')
		v++;
	n = strlen(v);
	while (n && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\n' ||
		     v[n - 1] == '\r'))
		n--;
	if (n == 0)
		return NULL;
	if (n >= size)
		n = size - 1;   /* the caller's buffer bounds the field */
	memcpy(buf, v, n);
	buf[n] = '\0';
	return buf;
}

void form_csrf_token(const unsigned char key[crypto_auth_KEYBYTES],
		     const char *binding, char out[FORM_CSRF_HEX])
{
	unsigned char mac[crypto_auth_BYTES];

	crypto_auth(mac, (const unsigned char *)binding, strlen(binding), key);
	sodium_bin2hex(out, FORM_CSRF_HEX, mac, sizeof(mac));
}

bool form_csrf_ok(const unsigned char key[crypto_auth_KEYBYTES],
		  const char *binding, const char *given)
{
	char want[FORM_CSRF_HEX];

	if (!binding || !*binding || !given ||
	    strlen(given) != FORM_CSRF_HEX - 1)
		return false;
	form_csrf_token(key, binding, want);
	return sodium_memcmp(want, given, FORM_CSRF_HEX - 1) == 0;
}

void form_error_add(struct form_errors *fe, const char *field, const char *key)
{
	if (fe->n >= FORM_MAX_ERRORS || form_error_for(fe, field))
		return;
	snprintf(fe->err[fe->n].field, sizeof(fe->err[fe->n].field), "%s", field);
	snprintf(fe->err[fe->n].key, sizeof(fe->err[fe->n].key), "%s", key);
	fe->n++;
}

void form_error_from(struct form_errors *fe, const struct kverr *e,
		     const char *field_fallback)
{
	char key[64];

	snprintf(key, sizeof(key), "error.%s", e->code);
	form_error_add(fe, e->field[0] ? e->field : field_fallback, key);
}

const char *form_error_for(const struct form_errors *fe, const char *field)
{
	for (int i = 0; i < fe->n; i++)
		if (strcmp(fe->err[i].field, field) == 0)
			return fe->err[i].key;
	return NULL;
}
