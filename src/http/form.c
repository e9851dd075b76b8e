/*
 * form.c — urlencoded and multipart forms, CSRF tokens and field errors
 * (see form.h).
 */
#include "http/form.h"
#include "core/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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
	for (int i = 0; i < f->nfiles; i++) {
		free(f->files[i].name);
		free(f->files[i].filename);
		free(f->files[i].media_type);
		free(f->files[i].data);
	}
	f->nfiles = 0;
}

/* ------------------------------------------------------------ multipart */

/* A copy of s[0..n) with a NUL after it. */
static char *copy(const char *s, size_t n)
{
	char *c = malloc(n + 1);

	if (c) {
		memcpy(c, s, n);
		c[n] = '\0';
	}
	return c;
}

/* The first n-byte needle in the len bytes at hay, or NULL (memmem is
 * not in POSIX). */
static const char *find(const char *hay, size_t len, const char *needle,
			size_t n)
{
	const char *p = hay, *end = hay + len;

	while (n && (size_t)(end - p) >= n &&
	       (p = memchr(p, needle[0], (size_t)(end - p) - n + 1)) != NULL) {
		if (memcmp(p, needle, n) == 0)
			return p;
		p++;
	}
	return NULL;
}

/* The boundary of a Content-Type header: token or quoted, 1 … 70 bytes
 * (RFC 2046 §5.1.1).  0 with "--boundary" in delim, else -1. */
static int boundary_of(const char *type, char delim[80])
{
	const char *b = type;
	size_t n;

	if (!b || strncasecmp(type, "multipart/form-data", 19))
		return -1;
	while (*b && strncasecmp(b, "boundary=", 9))
		b++;
	if (!*b)
		return -1;
	b += 9;
	if (*b == '"') {
		const char *end = strchr(++b, '"');

		n = end ? (size_t)(end - b) : 0;
	} else {
		n = strcspn(b, "; \t");
	}
	if (n == 0 || n > 70)
		return -1;
	memcpy(delim, "--", 2);
	memcpy(delim + 2, b, n);
	delim[n + 2] = '\0';
	return 0;
}

/* One parameter of a Content-Disposition header ("name", "filename"):
 * a quoted string (backslash escapes a character) or a token, in a new
 * string; NULL when absent.  *bad is set when it is malformed. */
static char *disposition_param(const char *h, const char *key, bool *bad)
{
	size_t klen = strlen(key);
	const char *p = h;

	while ((p = strchr(p, ';')) != NULL) {
		p++;
		p += strspn(p, " \t");
		if (strncasecmp(p, key, klen) || p[klen] != '=')
			continue;
		p += klen + 1;
		if (*p != '"')
			return copy(p, strcspn(p, "; \t"));
		{
			char *out = malloc(strlen(p) + 1);
			size_t k = 0;

			if (!out) {
				*bad = true;
				return NULL;
			}
			for (p++; *p && *p != '"'; p++) {
				if (*p == '\\' && p[1])
					p++;
				out[k++] = *p;
			}
			out[k] = '\0';
			if (*p != '"') {
				free(out);
				*bad = true;
				return NULL;
			}
			return out;
		}
	}
	return NULL;
}

/* The headers of one part: its field name, and its file name and type
 * when it is a file (is_file is set even for an empty file name). */
struct part_head {
	char *name, *filename, *media_type;
	bool is_file;
};

static void part_head_release(struct part_head *h)
{
	free(h->name);
	free(h->filename);
	free(h->media_type);
	memset(h, 0, sizeof(*h));
}

static int part_headers(const char *s, size_t n, struct part_head *h)
{
	char *block = copy(s, n), *line, *save = NULL;
	bool bad = false, seen = false;

	memset(h, 0, sizeof(*h));
	if (!block || strlen(block) != n) {
		free(block);
		return -1;
	}
	for (line = strtok_r(block, "\r\n", &save); line;
	     line = strtok_r(NULL, "\r\n", &save)) {
		if (!strncasecmp(line, "Content-Disposition:", 20)) {
			const char *v = line + 20 + strspn(line + 20, " \t");

			if (seen || strncasecmp(v, "form-data", 9))
				bad = true;
			seen = true;
			h->name = disposition_param(v, "name", &bad);
			h->filename = disposition_param(v, "filename", &bad);
			h->is_file = h->filename != NULL;
		} else if (!strncasecmp(line, "Content-Type:", 13)) {
			const char *v = line + 13 + strspn(line + 13, " \t");

			free(h->media_type);
			h->media_type = copy(v, strnlen(v, FORM_MAX_MEDIA_TYPE));
		}
	}
	free(block);
	if (bad || !h->name) {
		part_head_release(h);
		return -1;
	}
	return 0;
}

/* A file part: kept with its name without any folder (browsers send the
 * bare name; an old one sent "C:\\…"). */
static int add_file(struct form *f, struct part_head *h, const char *data,
		    size_t n, struct kverr *e)
{
	struct form_file *ff;
	const char *base = h->filename;
	char *slash;

	if ((slash = strrchr(base, '/')) != NULL)
		base = slash + 1;
	if ((slash = strrchr(base, '\\')) != NULL)
		base = slash + 1;
	if (*base == '\0' && n == 0)
		return 0;     /* the field was left empty */
	if (f->nfiles >= FORM_MAX_FILES)
		return refuse(f, e, h->name, "too many files");
	if (strlen(base) > LIMIT_NAME || !text_ok(base, strlen(base)))
		return refuse(f, e, h->name, "the file name is not plain text"
			      " of at most 200 bytes");
	ff = &f->files[f->nfiles];
	ff->name = h->name;
	ff->filename = copy(base, strlen(base));
	ff->media_type = h->media_type ? h->media_type : copy("", 0);
	ff->data = malloc(n ? n : 1);
	h->name = h->media_type = NULL;
	f->nfiles++;
	if (!ff->filename || !ff->media_type || !ff->data)
		return refuse(f, e, "", "out of memory");
	memcpy(ff->data, data, n);
	ff->len = n;
	return 0;
}

static int add_text(struct form *f, struct part_head *h, const char *data,
		    size_t n, struct kverr *e)
{
	size_t klen = strlen(h->name);

	if (f->n >= FORM_MAX_FIELDS)
		return refuse(f, e, "", "too many fields");
	if (klen == 0 || klen > FORM_MAX_NAME || !text_ok(h->name, klen))
		return refuse(f, e, "", "a field name is malformed");
	f->f[f->n].name = h->name;
	f->f[f->n].value = copy(data, n);
	h->name = NULL;
	f->n++;
	if (!f->f[f->n - 1].value)
		return refuse(f, e, "", "out of memory");
	if (n > FORM_MAX_VALUE)
		return refuse(f, e, f->f[f->n - 1].name, "a value is too long");
	if (!text_ok(f->f[f->n - 1].value, n))
		return refuse(f, e, f->f[f->n - 1].name, "a value is not plain text");
	return 0;
}

int form_parse_multipart(struct form *f, const char *content_type,
			 const char *body, size_t len, struct kverr *e)
{
	const char *p = body, *end = body + len;
	char delim[80];
	size_t dlen;

	memset(f, 0, sizeof(*f));
	if (len > FORM_MAX_UPLOAD)
		return kverr_set(e, KVERR_TOO_LARGE, "too_large", "",
				 "The form is larger than %d bytes.",
				 FORM_MAX_UPLOAD);
	if (boundary_of(content_type, delim))
		return refuse(f, e, "", "the multipart boundary is missing");
	dlen = strlen(delim);
	/* Browsers send no preamble: the body opens with the first delimiter. */
	if (len < dlen || memcmp(p, delim, dlen))
		return refuse(f, e, "", "the body does not open with its boundary");
	for (int parts = 0;; parts++) {
		const char *head, *hend, *data, *next;
		struct part_head h;
		int rc;

		p += dlen;
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			return 0;     /* the closing delimiter */
		if (parts >= FORM_MAX_FIELDS + FORM_MAX_FILES)
			return refuse(f, e, "", "too many parts");
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			return refuse(f, e, "", "a part is malformed");
		head = p + 2;
		hend = find(head, (size_t)(end - head), "\r\n\r\n", 4);
		if (!hend || hend - head > FORM_MAX_PART_HEADERS)
			return refuse(f, e, "", "a part's headers are malformed");
		data = hend + 4;
		next = data;
		/* The part ends at CR LF and the delimiter. */
		for (;;) {
			next = find(next, (size_t)(end - next), delim, dlen);
			if (!next)
				return refuse(f, e, "", "the closing boundary is missing");
			if (next - data >= 2 && next[-2] == '\r' && next[-1] == '\n')
				break;
			next++;
		}
		if (part_headers(head, (size_t)(hend - head), &h))
			return refuse(f, e, "", "a part's headers are malformed");
		rc = h.is_file ? add_file(f, &h, data, (size_t)(next - 2 - data), e) :
			add_text(f, &h, data, (size_t)(next - 2 - data), e);
		part_head_release(&h);
		if (rc)
			return -1;
		p = next;
	}
}

const struct form_file *form_file(const struct form *f, const char *name)
{
	for (int i = 0; i < f->nfiles; i++)
		if (strcmp(f->files[i].name, name) == 0)
			return &f->files[i];
	return NULL;
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
