/*
 * sie.c — writing an SIE 4i voucher file (see sie.h).
 *
 * The layout follows SIE-Gruppen's "SIE filformat, utgåva 4B": one item
 * a line, CRLF line ends, the header items (#FLAGGA, #PROGRAM, #FORMAT,
 * #GEN, #SIETYP, #ORGNR, #FNAMN), the declarations (#DIM, #OBJEKT,
 * #KONTO) and then each voucher as
 *
 *	#VER series number YYYYMMDD "text"
 *	{
 *	   #TRANS account {dim "id" ...} amount "" "text"
 *	}
 *
 * #TRANS has the optional fields transdat, transtext, kvantitet and sign
 * after the amount; an omitted field that precedes a written one is
 * written "", so a line with a text has an empty transdat (the voucher's
 * date applies) and a line without one ends at the amount.
 *
 * Strings arrive as UTF-8 and leave as CP437 (#FORMAT PC8), in double
 * quotes with \" and \\ escaped.  Whatever cannot be written that way —
 * bytes that are not UTF-8, characters CP437 lacks, control characters
 * that would break the line — refuses the document.
 *
 * The whole file is built in a scratch buffer and appended to the
 * caller's only when every check has passed, so a refusal leaves the
 * caller's buffer as it was.  Lookups are linear: a payment run has tens
 * of accounts and at most a few thousand objects and vouchers.
 */
#include "core/sie.h"
#include "core/utf8.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

__extension__ typedef __int128 i128;

/* Unicode code points of CP437 bytes 0x80–0xFF; 0x20–0x7E are ASCII. */
static const uint16_t cp437_high[128] = {
	0x00C7, 0x00FC, 0x00E9, 0x00E2, 0x00E4, 0x00E0, 0x00E5, 0x00E7, /* 80 */
	0x00EA, 0x00EB, 0x00E8, 0x00EF, 0x00EE, 0x00EC, 0x00C4, 0x00C5, /* 88 */
	0x00C9, 0x00E6, 0x00C6, 0x00F4, 0x00F6, 0x00F2, 0x00FB, 0x00F9, /* 90 */
	0x00FF, 0x00D6, 0x00DC, 0x00A2, 0x00A3, 0x00A5, 0x20A7, 0x0192, /* 98 */
	0x00E1, 0x00ED, 0x00F3, 0x00FA, 0x00F1, 0x00D1, 0x00AA, 0x00BA, /* A0 */
	0x00BF, 0x2310, 0x00AC, 0x00BD, 0x00BC, 0x00A1, 0x00AB, 0x00BB, /* A8 */
	0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x2561, 0x2562, 0x2556, /* B0 */
	0x2555, 0x2563, 0x2551, 0x2557, 0x255D, 0x255C, 0x255B, 0x2510, /* B8 */
	0x2514, 0x2534, 0x252C, 0x251C, 0x2500, 0x253C, 0x255E, 0x255F, /* C0 */
	0x255A, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256C, 0x2567, /* C8 */
	0x2568, 0x2564, 0x2565, 0x2559, 0x2558, 0x2552, 0x2553, 0x256B, /* D0 */
	0x256A, 0x2518, 0x250C, 0x2588, 0x2584, 0x258C, 0x2590, 0x2580, /* D8 */
	0x03B1, 0x00DF, 0x0393, 0x03C0, 0x03A3, 0x03C3, 0x00B5, 0x03C4, /* E0 */
	0x03A6, 0x0398, 0x03A9, 0x03B4, 0x221E, 0x03C6, 0x03B5, 0x2229, /* E8 */
	0x2261, 0x00B1, 0x2265, 0x2264, 0x2320, 0x2321, 0x00F7, 0x2248, /* F0 */
	0x00B0, 0x2219, 0x00B7, 0x221A, 0x207F, 0x00B2, 0x25A0, 0x00A0, /* F8 */
};

/* The CP437 byte for code point c >= 0x80, or 0 when CP437 lacks it. */
static unsigned char cp437_byte(int32_t c)
{
	int i;

	for (i = 0; i < 128; i++)
		if (cp437_high[i] == c)
			return (unsigned char)(0x80 + i);
	return 0;
}

void sie_fit_text(const char *utf8, char *out, size_t size)
{
	const unsigned char *p = (const unsigned char *)utf8;
	size_t n = 0;

	if (!size)
		return;
	while (*p) {
		const unsigned char *start = p;
		int32_t c = utf8_next(&p);
		size_t len = (size_t)(p - start);

		if (c < 0) {            /* not UTF-8: skip the byte */
			p = start + 1;
			c = '?';
			len = 1;
		}
		if (c < 0x20 || c == 0x7f) {
			c = ' ';
			len = 1;
		} else if (c >= 0x80 && !cp437_byte(c)) {
			c = '?';
			len = 1;
		}
		if (n + len + 1 > size)
			break;
		if (len == 1)
			out[n++] = (char)c;
		else
			for (size_t i = 0; i < len; i++)
				out[n++] = (char)start[i];
	}
	out[n] = '\0';
}

/*
 * Append s as a quoted CP437 string.  On a character that cannot be
 * written, fill e with an empty field (the caller names it) and return -1;
 * what was already appended stays, as the scratch buffer is dropped.
 */
static int put_string(struct strbuf *sb, const char *s, struct kverr *e)
{
	const unsigned char *p = (const unsigned char *)s;
	int32_t c;
	char b;

	strbuf_add(sb, "\"", 1);
	while (*p) {
		c = utf8_next(&p);
		if (c < 0)
			return kverr_set(e, KVERR_INVALID, "bad_utf8", "",
					 "The text is not valid UTF-8.");
		if (c < 0x20 || c == 0x7F)
			return kverr_set(e, KVERR_INVALID, "control_character",
					 "", "The text holds control character"
					 " U+%04X; SIE strings are one line"
					 " of printable characters.", (unsigned)c);
		if (c == '"' || c == '\\')
			strbuf_add(sb, "\\", 1);
		if (c < 0x80) {
			b = (char)c;
		} else {
			b = (char)cp437_byte(c);
			if (!b)
				return kverr_set(e, KVERR_INVALID, "not_cp437", "",
						 "U+%04X cannot be written in the"
						 " IBM PC character set (CP437)"
						 " that SIE files use.",
						 (unsigned)c);
		}
		strbuf_add(sb, &b, 1);
	}
	strbuf_add(sb, "\"", 1);
	return 0;
}

/* A required string: present and not empty. */
static int need(const char *s, struct kverr *e)
{
	if (s && *s)
		return 0;
	return kverr_set(e, KVERR_INVALID, "missing", "",
			 "This is required and must not be empty.");
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A plain token of digits, such as an account number. */
static bool all_digits(const char *s)
{
	if (!s || !*s)
		return false;
	for (; *s; s++)
		if (!is_digit(*s))
			return false;
	return true;
}

/* "NNNNNN-NNNN".  The number is not named in messages: for a sole
 * trader it is a personal identity number. */
static int check_orgnr(const char *s, struct kverr *e)
{
	int i;

	for (i = 0; s && i < 11; i++)
		if (i == 6 ? s[i] != '-' : !is_digit(s[i]))
			break;
	if (s && i == 11 && s[11] == '\0')
		return 0;
	return kverr_set(e, KVERR_INVALID, "bad_orgnr", "orgnr",
			 "The organisation number must be written NNNNNN-NNNN.");
}

/* A voucher series is written as a plain token: letters and digits. */
static int check_series(const char *s, struct kverr *e)
{
	const char *p;

	if (need(s, e))
		return -1;
	for (p = s; *p; p++)
		if (!is_digit(*p) && !(*p >= 'A' && *p <= 'Z') &&
		    !(*p >= 'a' && *p <= 'z'))
			return kverr_set(e, KVERR_INVALID, "bad_series", "",
					 "A voucher series is ASCII letters"
					 " and digits.");
	return 0;
}

/* Append " YYYYMMDD"; the year must have four digits. */
static int put_date(struct strbuf *sb, date_t d, struct kverr *e)
{
	int y, m, day;

	date_to_ymd(d, &y, &m, &day);
	if (y < 1000 || y > 9999)
		return kverr_set(e, KVERR_INVALID, "bad_date", "",
				 "The date must fall in the years 1000-9999.");
	strbuf_addf(sb, " %04d%02d%02d", y, m, day);
	return 0;
}

/* A count and its array: not negative, and no count without an array. */
static int check_count(int n, const void *array, struct kverr *e)
{
	if (n >= 0 && (n == 0 || array))
		return 0;
	return kverr_set(e, KVERR_INVALID, "bad_count", "",
			 "The count %d does not match the list.", n);
}

void sie_format_amount(ore_t amount, char buf[MONEY_STRLEN])
{
	char *comma;

	money_format_plain(amount, buf);
	comma = strchr(buf, ',');
	if (comma)
		*comma = '.';
}

/* #FLAGGA … #FNAMN. */
static int write_header(const struct sie_doc *doc, struct strbuf *sb,
			struct kverr *e)
{
	strbuf_adds(sb, "#FLAGGA 0\r\n#PROGRAM ");
	if (need(doc->program, e) || put_string(sb, doc->program, e))
		return kverr_in(e, "program");
	strbuf_adds(sb, " ");
	if (need(doc->program_version, e) ||
	    put_string(sb, doc->program_version, e))
		return kverr_in(e, "program_version");
	strbuf_adds(sb, "\r\n#FORMAT PC8\r\n#GEN");
	if (put_date(sb, doc->generated, e))
		return kverr_in(e, "generated");
	strbuf_adds(sb, "\r\n#SIETYP 4\r\n");
	if (check_orgnr(doc->orgnr, e))
		return -1;
	strbuf_addf(sb, "#ORGNR %s\r\n#FNAMN ", doc->orgnr);
	if (need(doc->company, e) || put_string(sb, doc->company, e))
		return kverr_in(e, "company");
	strbuf_adds(sb, "\r\n");
	return 0;
}

static const struct sie_dim *find_dim(const struct sie_doc *doc, int dim,
				      int before)
{
	int i;

	for (i = 0; i < before; i++)
		if (doc->dims[i].dim == dim)
			return &doc->dims[i];
	return NULL;
}

static const struct sie_object *find_object(const struct sie_doc *doc,
					    int dim, const char *id, int before)
{
	int i;

	for (i = 0; i < before; i++)
		if (doc->objects[i].dim == dim &&
		    strcmp(doc->objects[i].id, id) == 0)
			return &doc->objects[i];
	return NULL;
}

static const struct sie_account *find_account(const struct sie_doc *doc,
					      const char *number, int before)
{
	int i;

	for (i = 0; i < before; i++)
		if (strcmp(doc->accounts[i].number, number) == 0)
			return &doc->accounts[i];
	return NULL;
}

/* #DIM dim "name": dimensions are numbered from 1, each once. */
static int write_dim(const struct sie_doc *doc, int i, struct strbuf *sb,
		     struct kverr *e)
{
	const struct sie_dim *d = &doc->dims[i];

	if (d->dim < 1 || d->dim > 9999)
		return kverr_set(e, KVERR_INVALID, "bad_dim", "dim",
				 "Dimension %d is outside 1-9999.", d->dim);
	if (find_dim(doc, d->dim, i))
		return kverr_set(e, KVERR_INVALID, "duplicate_dim", "dim",
				 "Dimension %d is declared twice.", d->dim);
	strbuf_addf(sb, "#DIM %d ", d->dim);
	if (need(d->name, e) || put_string(sb, d->name, e))
		return kverr_in(e, "name");
	strbuf_adds(sb, "\r\n");
	return 0;
}

/* #OBJEKT dim "id" "name", in a declared dimension, each once.  Object
 * ids are not put in messages: a provider's may be an identity number. */
static int write_object(const struct sie_doc *doc, int i, struct strbuf *sb,
			struct kverr *e)
{
	const struct sie_object *o = &doc->objects[i];

	if (!find_dim(doc, o->dim, doc->n_dims))
		return kverr_set(e, KVERR_INVALID, "unknown_dim", "dim",
				 "Dimension %d is not declared (#DIM).", o->dim);
	strbuf_addf(sb, "#OBJEKT %d ", o->dim);
	if (need(o->id, e) || put_string(sb, o->id, e))
		return kverr_in(e, "id");
	if (find_object(doc, o->dim, o->id, i))
		return kverr_set(e, KVERR_INVALID, "duplicate_object", "id",
				 "The object is declared twice in dimension %d.",
				 o->dim);
	strbuf_adds(sb, " ");
	if (need(o->name, e) || put_string(sb, o->name, e))
		return kverr_in(e, "name");
	strbuf_adds(sb, "\r\n");
	return 0;
}

/* #KONTO number "name": the number is digits, each declared once. */
static int write_account(const struct sie_doc *doc, int i, struct strbuf *sb,
			 struct kverr *e)
{
	const struct sie_account *a = &doc->accounts[i];

	if (!all_digits(a->number))
		return kverr_set(e, KVERR_INVALID, "bad_account", "number",
				 "An account number is digits only.");
	if (find_account(doc, a->number, i))
		return kverr_set(e, KVERR_INVALID, "duplicate_account",
				 "number", "Account %s is declared twice.",
				 a->number);
	strbuf_addf(sb, "#KONTO %s ", a->number);
	if (need(a->name, e) || put_string(sb, a->name, e))
		return kverr_in(e, "name");
	strbuf_adds(sb, "\r\n");
	return 0;
}

/* The declarations, in the order the format gives them. */
static int write_declarations(const struct sie_doc *doc, struct strbuf *sb,
			      struct kverr *e)
{
	int i;

	if (check_count(doc->n_dims, doc->dims, e))
		return kverr_in(e, "dims");
	if (check_count(doc->n_objects, doc->objects, e))
		return kverr_in(e, "objects");
	if (check_count(doc->n_accounts, doc->accounts, e))
		return kverr_in(e, "accounts");
	for (i = 0; i < doc->n_dims; i++)
		if (write_dim(doc, i, sb, e))
			return kverr_at(e, "dims", i);
	for (i = 0; i < doc->n_objects; i++)
		if (write_object(doc, i, sb, e))
			return kverr_at(e, "objects", i);
	for (i = 0; i < doc->n_accounts; i++)
		if (write_account(doc, i, sb, e))
			return kverr_at(e, "accounts", i);
	return 0;
}

/* " {dim "id" dim "id"}": declared objects, one per dimension. */
static int put_objects(const struct sie_doc *doc, const struct sie_trans *t,
		       struct strbuf *sb, struct kverr *e)
{
	const struct sie_object_ref *r;
	int k, j;

	if (t->n_objects < 0 || t->n_objects > SIE_MAX_OBJECTS)
		return kverr_set(e, KVERR_INVALID, "bad_count", "objects",
				 "A line has 0-%d objects, not %d.",
				 SIE_MAX_OBJECTS, t->n_objects);
	strbuf_adds(sb, " {");
	for (k = 0; k < t->n_objects; k++) {
		r = &t->objects[k];
		if (!r->id || !find_object(doc, r->dim, r->id, doc->n_objects)) {
			kverr_set(e, KVERR_INVALID, "unknown_object", "",
				  "The object in dimension %d is not declared"
				  " (#OBJEKT).", r->dim);
			return kverr_at(e, "objects", k);
		}
		for (j = 0; j < k; j++)
			if (t->objects[j].dim == r->dim) {
				kverr_set(e, KVERR_INVALID, "duplicate_dim", "",
					  "The line has two objects in"
					  " dimension %d.", r->dim);
				return kverr_at(e, "objects", k);
			}
		strbuf_addf(sb, k ? " %d " : "%d ", r->dim);
		put_string(sb, r->id, e);   /* declared, so already checked */
	}
	strbuf_adds(sb, "}");
	return 0;
}

/* "   #TRANS account {objects} amount" and, with a text, ' "" "text"'. */
static int write_trans(const struct sie_doc *doc, const struct sie_trans *t,
		       struct strbuf *sb, struct kverr *e)
{
	char amount[MONEY_STRLEN];

	/* The number is echoed only when it is digits, so that the message
	 * stays valid UTF-8 whatever the caller passed. */
	if (!t->account || !find_account(doc, t->account, doc->n_accounts))
		return kverr_set(e, KVERR_INVALID, "unknown_account", "account",
				 "Account %s is not declared (#KONTO).",
				 all_digits(t->account) ? t->account : "(invalid)");
	if (t->amount > MONEY_MAX || t->amount < -MONEY_MAX)
		return kverr_set(e, KVERR_INVALID, "bad_amount", "amount",
				 "The amount is beyond a trillion kronor.");
	strbuf_addf(sb, "   #TRANS %s", t->account);
	if (put_objects(doc, t, sb, e))
		return -1;
	sie_format_amount(t->amount, amount);
	strbuf_addf(sb, " %s", amount);
	if (t->text) {
		strbuf_adds(sb, " \"\" ");
		if (put_string(sb, t->text, e))
			return kverr_in(e, "text");
	}
	strbuf_adds(sb, "\r\n");
	return 0;
}

/* Whether an earlier voucher has v's series and number. */
static bool seen_voucher(const struct sie_doc *doc, int i)
{
	const struct sie_ver *v = &doc->vers[i];
	int j;

	for (j = 0; j < i; j++)
		if (doc->vers[j].number == v->number &&
		    strcmp(doc->vers[j].series, v->series) == 0)
			return true;
	return false;
}

/* The #VER line: series, number, date and text. */
static int write_ver_line(const struct sie_doc *doc, int i, struct strbuf *sb,
			  struct kverr *e)
{
	const struct sie_ver *v = &doc->vers[i];

	if (check_series(v->series, e))
		return kverr_in(e, "series");
	if (v->number < 1)
		return kverr_set(e, KVERR_INVALID, "bad_number", "number",
				 "A voucher number is 1 or more.");
	if (seen_voucher(doc, i))
		return kverr_set(e, KVERR_INVALID, "duplicate_voucher", "number",
				 "Voucher %s %lld appears twice.", v->series,
				 (long long)v->number);
	strbuf_addf(sb, "#VER %s %lld", v->series, (long long)v->number);
	if (put_date(sb, v->date, e))
		return kverr_in(e, "date");
	strbuf_adds(sb, " ");
	if (put_string(sb, v->text ? v->text : "", e))
		return kverr_in(e, "text");
	strbuf_adds(sb, "\r\n");
	return 0;
}

/* One voucher with its lines, which must be there and balance. */
static int write_ver(const struct sie_doc *doc, int i, struct strbuf *sb,
		     struct kverr *e)
{
	const struct sie_ver *v = &doc->vers[i];
	char amount[MONEY_STRLEN];
	i128 sum = 0;
	int j;

	if (write_ver_line(doc, i, sb, e))
		return -1;
	if (v->n < 1 || !v->trans)
		return kverr_set(e, KVERR_INVALID, "empty_voucher", "",
				 "The voucher has no lines.");
	strbuf_adds(sb, "{\r\n");
	for (j = 0; j < v->n; j++) {
		if (write_trans(doc, &v->trans[j], sb, e))
			return kverr_at(e, "trans", j);
		sum += v->trans[j].amount;
	}
	if (sum != 0) {
		/* |sum| <= n * MONEY_MAX; show it when it fits in öre. */
		if (sum <= MONEY_MAX && sum >= -MONEY_MAX)
			sie_format_amount((ore_t)sum, amount);
		else
			memcpy(amount, "(out of range)", 15);
		return kverr_set(e, KVERR_INVALID, "unbalanced", "",
				 "The voucher's lines sum to %s, not 0.00.",
				 amount);
	}
	strbuf_adds(sb, "}\r\n");
	return 0;
}

int sie_write(const struct sie_doc *doc, struct strbuf *out, struct kverr *e)
{
	struct strbuf sb = STRBUF_INIT;
	int i;

	if (write_header(doc, &sb, e) || write_declarations(doc, &sb, e))
		goto fail;
	if (check_count(doc->n_vers, doc->vers, e)) {
		kverr_in(e, "vers");
		goto fail;
	}
	for (i = 0; i < doc->n_vers; i++)
		if (write_ver(doc, i, &sb, e)) {
			kverr_at(e, "vers", i);
			goto fail;
		}
	if (sb.failed) {
		kverr_set(e, KVERR_INTERNAL, "out_of_memory", "",
			  "Out of memory writing the SIE file.");
		goto fail;
	}
	strbuf_add(out, sb.buf, sb.len);
	strbuf_release(&sb);
	if (out->failed)
		return kverr_set(e, KVERR_INTERNAL, "out_of_memory", "",
				 "Out of memory writing the SIE file.");
	return 0;
fail:
	strbuf_release(&sb);
	return -1;
}
