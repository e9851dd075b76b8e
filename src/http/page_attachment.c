/*
 * page_attachment.c — a page that answers with a file instead of HTML
 * (issue 8: the statement's CSV from the provider's payment page, an
 * outcome's evidence document).  The handler calls pg_attachment with
 * the bytes; web.c sends them with the headers below in place of the
 * page.
 *
 * The file is always a download (Content-Disposition: attachment) with
 * its type stated and nosniff, so a document a provider uploaded is never
 * rendered as a page of this site; and it is personal, so never cached.
 */
#include "http/page.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ATTACHMENT_NAME 200   /* bytes of a file name (LIMIT_NAME) */

struct pg_attachment {
	char *data;
	size_t len;
	char media_type[100];
	char disposition[3 * ATTACHMENT_NAME + ATTACHMENT_NAME + 64];
};

/* RFC 6266: an ASCII name for old clients and the real one, UTF-8 and
 * percent-encoded, for the rest. */
static void disposition(char *out, size_t size, const char *filename)
{
	struct strbuf sb = STRBUF_INIT;
	char ascii[ATTACHMENT_NAME + 1];
	size_t n = 0;

	for (const char *p = filename; *p && n < ATTACHMENT_NAME; p++) {
		char c = *p;
		bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
			  (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';

		ascii[n++] = ok ? c : '_';
	}
	ascii[n] = '\0';
	strbuf_addf(&sb, "attachment; filename=\"%s\"; filename*=UTF-8''",
		    n ? ascii : "file");
	html_url_component(&sb, filename);
	snprintf(out, size, "%s", sb.failed || sb.len >= size ?
		 "attachment" : strbuf_str(&sb));
	strbuf_release(&sb);
}

int pg_attachment(struct page *pg, const char *media_type,
		  const char *filename, const void *data, size_t len)
{
	struct pg_attachment *a = calloc(1, sizeof(*a));

	if (!a || !(a->data = malloc(len ? len : 1))) {
		free(a);
		return -1;
	}
	memcpy(a->data, data, len);
	a->len = len;
	snprintf(a->media_type, sizeof(a->media_type), "%s",
		 media_type && *media_type && !strpbrk(media_type, "\r\n") ?
		 media_type : "application/octet-stream");
	disposition(a->disposition, sizeof(a->disposition),
		    filename && *filename ? filename : "file");
	pg_attachment_free(pg);
	pg->attachment = a;
	return 0;
}

int pg_attachment_json(struct page *pg, const json_t *file)
{
	const char *b64 = json_string_value(json_object_get(file, "content_base64"));
	size_t max, n = 0;
	unsigned char *bin;
	int rc;

	if (!b64)
		return -1;
	max = strlen(b64) / 4 * 3 + 3;
	if (!(bin = malloc(max)))
		return -1;
	rc = sodium_base642bin(bin, max, b64, strlen(b64), "\r\n", &n, NULL,
			       sodium_base64_VARIANT_ORIGINAL) ? -1 :
		pg_attachment(pg, json_string_value(json_object_get(file,
								    "media_type")),
			      json_string_value(json_object_get(file, "filename")),
			      bin, n);
	free(bin);
	return rc;
}

bool pg_attachment_send(struct page *pg, enum MHD_Result *rc)
{
	struct pg_attachment *a = pg->attachment;
	struct MHD_Response *r;

	if (!a || pg->location[0])
		return false;
	r = MHD_create_response_from_buffer(a->len, a->data, MHD_RESPMEM_MUST_FREE);
	if (!r) {
		*rc = MHD_NO;
		return true;
	}
	a->data = NULL;    /* the response frees it */
	MHD_add_response_header(r, "Content-Type", a->media_type);
	MHD_add_response_header(r, "Content-Disposition", a->disposition);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Content-Security-Policy",
				"default-src 'none'; sandbox");
	MHD_add_response_header(r, "Referrer-Policy", "same-origin");
	MHD_add_response_header(r, "Cache-Control", "no-store");
	for (int i = 0; i < pg->ncookies; i++)
		MHD_add_response_header(r, "Set-Cookie", pg->cookies[i]);
	*rc = MHD_queue_response(pg->conn, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	pg_attachment_free(pg);
	return true;
}

void pg_attachment_free(struct page *pg)
{
	if (!pg->attachment)
		return;
	free(pg->attachment->data);
	free(pg->attachment);
	pg->attachment = NULL;
}
