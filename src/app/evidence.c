/*
 * evidence.c — the documents behind an outcome claim (P-8): an employment
 * or study certificate as PDF, PNG or JPEG.  The file is stored once,
 * named by its SHA-256, in the directory beside the database
 * (app->files_dir); the database keeps its name, type, size and hash, so
 * a file damaged on disk is noticed when it is read.
 */
#include "app/files.h"
#include "app/input.h"
#include "app/journey.h"
#include "core/limits.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SHA256_HEX (crypto_hash_sha256_BYTES * 2 + 1)

/* The file's type by its first bytes, never by its name. */
static const char *sniff_type(const unsigned char *b, size_t n)
{
	if (n >= 5 && !memcmp(b, "%PDF-", 5))
		return "application/pdf";
	if (n >= 8 && !memcmp(b, "\x89PNG\r\n\x1a\n", 8))
		return "image/png";
	if (n >= 3 && !memcmp(b, "\xff\xd8\xff", 3))
		return "image/jpeg";
	return NULL;
}

static int check_filename(const char *s, struct kverr *e)
{
	if (strpbrk(s, "/\\") || !strcmp(s, ".") || !strcmp(s, ".."))
		return kverr_set(e, KVERR_INVALID, "bad_filename", "filename",
				 "The file name must not contain / or \\.");
	return 0;
}

/* The base64 text, read by hand: mail tools wrap it with CR LF, which
 * in_string refuses as a control character. */
static int read_base64(const json_t *in, const char **out, struct kverr *e)
{
	const json_t *v = json_object_get(in, "content_base64");

	if (!v || json_is_null(v))
		return kverr_set(e, KVERR_BAD_REQUEST, "missing_field",
				 "content_base64", "The field \"content_base64\""
				 " is required.");
	if (!json_is_string(v))
		return kverr_set(e, KVERR_BAD_REQUEST, "wrong_type",
				 "content_base64", "The field \"content_base64\""
				 " must be text.");
	*out = json_string_value(v);
	if (json_string_length(v) != strlen(*out))
		return kverr_set(e, KVERR_INVALID, "bad_base64", "content_base64",
				 "The file content is not valid base64.");
	return 0;
}

/* Decode base64 (line breaks allowed) into a buffer the caller frees. */
static unsigned char *decode(const char *b64, size_t len, size_t *n,
			     struct kverr *e)
{
	unsigned char *buf;
	size_t breaks = 0;

	for (size_t i = 0; i < len; i++)
		breaks += b64[i] == '\r' || b64[i] == '\n';
	/* The limit is on the decoded file; line breaks do not count. */
	if ((len - breaks) / 4 * 3 > LIMIT_EVIDENCE_BYTES + 3) {
		kverr_set(e, KVERR_TOO_LARGE, "too_large", "content_base64",
			  "The file may be at most %d KiB.",
			  LIMIT_EVIDENCE_BYTES / 1024);
		return NULL;
	}
	buf = malloc(len / 4 * 3 + 3);
	if (!buf) {
		kverr_set(e, KVERR_INTERNAL, "out_of_memory", NULL,
			  "Out of memory.");
		return NULL;
	}
	if (sodium_base642bin(buf, len / 4 * 3 + 3, b64, len, "\r\n", n, NULL,
			      sodium_base64_VARIANT_ORIGINAL) != 0) {
		free(buf);
		kverr_set(e, KVERR_INVALID, "bad_base64", "content_base64",
			  "The file content is not valid base64.");
		return NULL;
	}
	return buf;
}

/* Write the file as <dir>/<sha256> through a temporary name, so a crash
 * never leaves half a file under the real name. */
static int store(const char *dir, const char *hex, const unsigned char *b,
		 size_t n, struct kverr *e)
{
	char path[512], tmp[512];
	struct stat st;
	int fd;
	bool ok;

	snprintf(path, sizeof(path), "%s/%s", dir, hex);
	if (stat(path, &st) == 0 && (size_t)st.st_size == n)
		return 0;     /* the same content is already stored */
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return kverr_set(e, KVERR_INTERNAL, "storage", NULL,
				 "The evidence store cannot be created.");
	snprintf(tmp, sizeof(tmp), "%s/.upload-XXXXXX", dir);
	if ((fd = mkstemp(tmp)) < 0)
		return kverr_set(e, KVERR_INTERNAL, "storage", NULL,
				 "The evidence store cannot be written.");
	ok = write(fd, b, n) == (ssize_t)n && fsync(fd) == 0;
	ok = close(fd) == 0 && ok;
	if (!ok || rename(tmp, path) != 0) {
		unlink(tmp);
		return kverr_set(e, KVERR_INTERNAL, "storage", NULL,
				 "The evidence file could not be stored.");
	}
	return 0;
}

static void sha256_hex(const unsigned char *b, size_t n, char hex[SHA256_HEX])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, b, n);
	sodium_bin2hex(hex, SHA256_HEX, h, sizeof(h));
}

#define EVIDENCE_COLUMNS \
	"SELECT v.id, v.outcome_id, v.filename, v.media_type, v.size," \
	" v.sha256, u.username AS uploaded_by, v.created_at AS uploaded_at" \
	" FROM evidence v LEFT JOIN users u ON u.id = v.uploaded_by"

/* The outcome, if the actor is its provider's staff (404 otherwise). */
static int require_own_outcome(struct app_ctx *cx, int64_t id,
			       struct kverr *e)
{
	json_t *p = db_query_one(cx->db, "outcome", "SELECT participation_id"
				 " FROM outcomes WHERE id = ?", "i", e, id);
	int64_t part;
	int rc;

	if (!p)
		return -1;
	part = json_integer_value(json_object_get(p, "participation_id"));
	json_decref(p);
	if (!(p = participation_load(cx, part, e)))
		rc = -1;
	else
		rc = participation_require_writer(cx, p, e);
	json_decref(p);
	if (rc && e->cls == KVERR_NOT_FOUND)
		kverr_set(e, KVERR_NOT_FOUND, "not_found", "outcome",
			  "No such outcome.");
	return rc;
}

/* P-8: the provider uploads a certificate; a rejected claim goes back to
 * "claimed" to be reviewed again. */
int app_evidence_upload(struct app_ctx *cx, json_t *in, json_t **out,
			struct kverr *e)
{
	static const char *const keys[] = { "outcome_id", "filename",
					    "content_base64", NULL };
	int64_t outcome = 0, id;
	const char *name = NULL, *b64 = NULL, *type = NULL;
	json_t *detail;
	unsigned char *bin;
	char hex[SHA256_HEX];
	size_t n = 0;
	int rc;

	if (app_require(cx, ROLE_PROVIDER_STAFF, e) || in_object(in, keys, e) ||
	    in_int(in, "outcome_id", true, 1, INT64_MAX, &outcome, e) ||
	    in_string(in, "filename", true, LIMIT_NAME, &name, e) ||
	    read_base64(in, &b64, e) ||
	    check_filename(name, e) || require_own_outcome(cx, outcome, e))
		return -1;
	if (!(bin = decode(b64, strlen(b64), &n, e)))
		return -1;
	rc = 0;
	if (n > LIMIT_EVIDENCE_BYTES)
		rc = kverr_set(e, KVERR_TOO_LARGE, "too_large", "content_base64",
			       "The file may be at most %d KiB.",
			       LIMIT_EVIDENCE_BYTES / 1024);
	else if (!(type = sniff_type(bin, n)))
		rc = kverr_set(e, KVERR_INVALID, "bad_file_type", "content_base64",
			       "The file must be a PDF, PNG or JPEG document.");
	if (!rc) {
		sha256_hex(bin, n, hex);
		rc = store(cx->app->files_dir, hex, bin, n, e);
	}
	free(bin);
	if (rc ||
	    db_query_int(cx->db, "INSERT INTO evidence(outcome_id, filename,"
			 " media_type, size, sha256, uploaded_by, created_at)"
			 " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id", "issisii",
			 &id, e, outcome, name, type, (int64_t)n, hex,
			 cx->actor->user_id, cx->now) != 0 ||
	    db_run(cx->db, "UPDATE outcomes SET status = 'claimed' WHERE id = ?"
		   " AND status = 'rejected'", "i", e, outcome))
		return -1;
	/* The audit keeps the hash, never the document. */
	detail = json_pack("{s:I, s:s, s:s, s:I}", "outcome_id",
				   (json_int_t)outcome, "filename", name,
				   "sha256", hex, "size", (json_int_t)n);
	rc = app_audit(cx, "evidence.upload", "evidence", id, detail, e);
	json_decref(detail);
	if (rc)
		return -1;
	*out = db_query_one(cx->db, "evidence", EVIDENCE_COLUMNS
			    " WHERE v.id = ?", "i", e, id);
	return *out ? 0 : -1;
}

/* Read a stored file back and check it is still what was uploaded. */
static unsigned char *load(struct app_ctx *cx, const char *hex, size_t size,
			   struct kverr *e)
{
	char path[512], again[SHA256_HEX];
	unsigned char *b;
	size_t n = 0;

	snprintf(path, sizeof(path), "%s/%s", cx->app->files_dir, hex);
	b = (unsigned char *)files_read(path, size, &n, e);
	if (b && (n != size || (sha256_hex(b, n, again), strcmp(again, hex)))) {
		free(b);
		b = NULL;
	}
	if (!b)
		kverr_set(e, KVERR_INTERNAL, "evidence_damaged", "evidence_id",
			  "The stored file is missing or damaged; tell the"
			  " system administrator.");
	return b;
}

int app_evidence_get(struct app_ctx *cx, json_t *in, json_t **out,
		     struct kverr *e)
{
	static const char *const keys[] = { "evidence_id", NULL };
	int64_t id = 0;
	json_t *v, *p = NULL;
	unsigned char *b = NULL;
	char *b64;
	size_t size, len;

	if (app_require(cx, ROLE_AUTHORITY | ROLE_PROVIDER_STAFF, e) ||
	    in_object(in, keys, e) ||
	    in_int(in, "evidence_id", true, 1, INT64_MAX, &id, e))
		return -1;
	v = db_query_one(cx->db, "evidence", EVIDENCE_COLUMNS
			 " WHERE v.id = ?", "i", e, id);
	if (v)
		p = db_query_one(cx->db, "evidence", "SELECT participation_id FROM"
				 " outcomes WHERE id = ?", "i", e,
				 json_integer_value(json_object_get(v, "outcome_id")));
	if (p) {
		json_t *part = participation_load(cx, json_integer_value(
				json_object_get(p, "participation_id")), e);
		json_decref(p);
		p = part;
	}
	if (!p) {
		json_decref(v);
		if (e->cls == KVERR_NOT_FOUND)
			kverr_set(e, KVERR_NOT_FOUND, "not_found", "evidence",
				  "No such evidence.");
		return -1;
	}
	json_decref(p);
	size = (size_t)json_integer_value(json_object_get(v, "size"));
	b = load(cx, json_string_value(json_object_get(v, "sha256")), size, e);
	if (!b) {
		json_decref(v);
		return -1;
	}
	len = sodium_base64_encoded_len(size, sodium_base64_VARIANT_ORIGINAL);
	b64 = malloc(len);
	if (!b64) {
		free(b);
		json_decref(v);
		return kverr_set(e, KVERR_INTERNAL, "out_of_memory", NULL,
				 "Out of memory.");
	}
	sodium_bin2base64(b64, len, b, size, sodium_base64_VARIANT_ORIGINAL);
	json_object_set_new(v, "content_base64", json_string(b64));
	free(b64);
	free(b);
	*out = v;
	return 0;
}
