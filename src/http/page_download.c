/*
 * page_download.c — a page that answers with a file instead of HTML: the
 * payment run's SIE and pain.001 files, a statement as CSV.  The use
 * cases make files as {filename, media_type, content_base64} (as the JSON
 * API sends them, server.c's send_file); pg_download decodes one and
 * web.c sends it with Content-Disposition: attachment, so the browser
 * saves it under its name.
 */
#include "http/page.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A file name safe in a quoted header value and on any disk: letters,
 * digits, '.', '-' and '_' only (the use cases make such names; anything
 * else becomes '_'). */
static void safe_name(const char *in, char *out, size_t size)
{
	size_t n = 0;

	for (; in && *in && n + 1 < size; in++) {
		char c = *in;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			  (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';

		out[n++] = ok ? c : '_';
	}
	out[n] = '\0';
	if (n == 0 || out[0] == '.')
		snprintf(out, size, "download");
}

/* A media type is a token/token with parameters; no line breaks or
 * quotes that could end the header. */
static bool safe_type(const char *t)
{
	return t && *t && strlen(t) < 80 && strchr(t, '/') &&
	       !strpbrk(t, "\r\n\"");
}

int pg_download(struct page *pg, const json_t *file)
{
	const char *b64 = json_string_value(json_object_get(file, "content_base64"));
	const char *name = json_string_value(json_object_get(file, "filename"));
	const char *type = json_string_value(json_object_get(file, "media_type"));
	size_t cap = b64 ? strlen(b64) : 0, len = 0;
	unsigned char *bin;

	if (!b64 || !name || !safe_type(type))
		return -1;
	bin = malloc(cap + 1);
	if (!bin || sodium_base642bin(bin, cap + 1, b64, cap, NULL, &len, NULL,
				      sodium_base64_VARIANT_ORIGINAL)) {
		free(bin);
		return -1;
	}
	free(pg->file);
	pg->file = bin;
	pg->file_len = len;
	snprintf(pg->file_type, sizeof(pg->file_type), "%s", type);
	safe_name(name, pg->file_name, sizeof(pg->file_name));
	return 0;
}

struct MHD_Response *page_download_response(struct page *pg)
{
	struct MHD_Response *r;
	char disp[160];

	r = MHD_create_response_from_buffer(pg->file_len, pg->file,
					    MHD_RESPMEM_MUST_FREE);
	if (!r)
		return NULL;   /* the bytes stay with the page, which frees them */
	pg->file = NULL;       /* the response owns them from here */
	snprintf(disp, sizeof(disp), "attachment; filename=\"%s\"", pg->file_name);
	MHD_add_response_header(r, "Content-Type", pg->file_type);
	MHD_add_response_header(r, "Content-Disposition", disp);
	return r;
}
