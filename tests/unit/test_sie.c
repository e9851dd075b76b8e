/*
 * test_sie.c — unit tests for src/core/sie.c, the SIE 4i voucher writer.
 *
 * The files written are read back by a small SIE reader of the test's
 * own (below, written from the format description, not from sie.c): it
 * splits CRLF lines, decodes CP437, tokenises quoted strings and object
 * lists and parses amounts into öre without floating point.  What it
 * reads is compared with hand-written expectations, never with values
 * sie.c computes; sie_write is called only to produce the files.  A tiny
 * document is also checked byte for byte, and every refusal for its
 * code, its field and an untouched output buffer.
 */
#include "testutil.h"

#include "core/sie.h"
#include "core/strbuf.h"

/* ---- a small SIE reader, independent of the code under test ---- */

#define P_TEXT      256   /* bytes of a string or a rendered object list */
#define P_LINE      1024  /* bytes of one decoded line */
#define P_TOKS      24    /* tokens in one line */
#define P_ITEMS     32    /* lines outside vouchers */
#define P_VERS      256
#define P_TRANS     8

/* The CP437 bytes of the non-ASCII letters the tests use. */
static const struct {
	unsigned char byte;
	const char *utf8;
} cp437_letters[] = {
	{ 0x86, "å" }, { 0x84, "ä" }, { 0x94, "ö" },
	{ 0x8F, "Å" }, { 0x8E, "Ä" }, { 0x99, "Ö" },
	{ 0x82, "é" }, { 0x90, "É" }, { 0x81, "ü" }, { 0x9A, "Ü" },
};

enum tok_kind { TOK_WORD, TOK_STRING, TOK_OPEN, TOK_CLOSE };

struct tok {
	enum tok_kind kind;
	char text[P_TEXT];
};

struct p_trans {
	char account[16];
	char objects[P_TEXT];   /* "20=KROM 21=L0001" */
	int64_t ore;
	int n_after;            /* fields after the amount: 0, or 2 */
	char transdat[16];
	char text[P_TEXT];
};

struct p_ver {
	char series[16], number[24], date[16], text[P_TEXT];
	int n;
	struct p_trans trans[P_TRANS];
};

struct p_doc {
	int n_items;
	char items[P_ITEMS][P_LINE];   /* lines outside vouchers, rendered */
	int n_vers;
	struct p_ver vers[P_VERS];
};

enum p_state { P_OUTSIDE, P_WANT_OPEN, P_INSIDE };

/* Copy s into a fixed field, failing the test if it does not fit. */
static void put_field(char *dst, size_t cap, const char *s)
{
	size_t n = strlen(s);

	if (n >= cap)
		fail_msg("field too long: %s", s);
	memcpy(dst, s, n + 1);
}

/* Line [p, p + n) from CP437 to UTF-8; any byte the table lacks, and any
 * control byte, fails the test. */
static void decode_line(const unsigned char *p, size_t n, char *out)
{
	size_t i, k, len = 0, add;
	const char *u;
	char one[2] = { 0, 0 };

	for (i = 0; i < n; i++) {
		u = NULL;
		if (p[i] >= 0x20 && p[i] < 0x7F) {
			one[0] = (char)p[i];
			u = one;
		}
		for (k = 0; !u && k < sizeof(cp437_letters) /
			     sizeof(cp437_letters[0]); k++)
			if (cp437_letters[k].byte == p[i])
				u = cp437_letters[k].utf8;
		if (!u)
			fail_msg("unexpected byte 0x%02X in line", p[i]);
		add = strlen(u);
		if (len + add >= P_LINE)
			fail_msg("line too long");
		memcpy(out + len, u, add);
		len += add;
	}
	out[len] = '\0';
}

/* Split a decoded line into words, "strings" (with \" and \\ undone),
 * and the braces of object lists. */
static int tokenize(const char *s, struct tok *t)
{
	int n = 0;
	size_t len;

	for (;;) {
		while (*s == ' ')
			s++;
		if (!*s)
			return n;
		if (n == P_TOKS)
			fail_msg("too many tokens");
		len = 0;
		if (*s == '{' || *s == '}') {
			t[n].kind = *s == '{' ? TOK_OPEN : TOK_CLOSE;
			t[n].text[len++] = *s++;
		} else if (*s == '"') {
			t[n].kind = TOK_STRING;
			for (s++; *s != '"'; s++) {
				if (!*s)
					fail_msg("unterminated string");
				if (*s == '\\') {
					s++;
					if (*s != '"' && *s != '\\')
						fail_msg("unknown escape \\%c", *s);
				}
				if (len + 1 >= P_TEXT)
					fail_msg("string too long");
				t[n].text[len++] = *s;
			}
			s++;
			if (*s && *s != ' ' && *s != '}')
				fail_msg("junk after a string: %s", s);
		} else {
			t[n].kind = TOK_WORD;
			while (*s && *s != ' ' && *s != '"' && *s != '{' &&
			       *s != '}') {
				if (len + 1 >= P_TEXT)
					fail_msg("word too long");
				t[n].text[len++] = *s++;
			}
		}
		t[n].text[len] = '\0';
		n++;
	}
}

/* Tokens back as one string, strings in [brackets]: `#DIM 20 [Program]`. */
static void render(const struct tok *t, int n, char *out)
{
	char tmp[P_TEXT + 3];
	size_t len = 0, add;
	int i;

	out[0] = '\0';
	for (i = 0; i < n; i++) {
		if (t[i].kind == TOK_STRING)
			snprintf(tmp, sizeof(tmp), "[%s]", t[i].text);
		else
			snprintf(tmp, sizeof(tmp), "%s", t[i].text);
		add = strlen(tmp);
		if (len + add + 2 >= P_LINE)
			fail_msg("rendered line too long");
		if (i)
			out[len++] = ' ';
		memcpy(out + len, tmp, add + 1);
		len += add;
	}
}

static bool only_digits(const char *s, size_t min, size_t max)
{
	size_t n = strlen(s), i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return n >= min && n <= max;
}

/* "-1234.50" as öre: an optional minus, digits, a point, two digits. */
static int64_t parse_ore(const char *s)
{
	int64_t v = 0;
	bool neg = *s == '-';
	const char *p = s + neg;
	int digits = 0;

	for (; *p >= '0' && *p <= '9'; p++, digits++) {
		if (digits == 17)
			fail_msg("amount too long: %s", s);
		v = v * 10 + (*p - '0');
	}
	if (digits == 0 || p[0] != '.' || p[1] < '0' || p[1] > '9' ||
	    p[2] < '0' || p[2] > '9' || p[3] != '\0')
		fail_msg("not an SIE amount: %s", s);
	v = v * 100 + (p[1] - '0') * 10 + (p[2] - '0');
	return neg ? -v : v;
}

/* #TRANS account {dim "id" ...} amount ["" "text"] */
static void parse_trans(const struct tok *t, int n, struct p_trans *tr)
{
	char pair[P_TEXT + 16];
	size_t len = 0;
	int i = 3;

	if (n < 5 || t[1].kind != TOK_WORD || !only_digits(t[1].text, 1, 10) ||
	    t[2].kind != TOK_OPEN)
		fail_msg("bad #TRANS start");
	put_field(tr->account, sizeof(tr->account), t[1].text);
	tr->objects[0] = '\0';
	while (i < n && t[i].kind != TOK_CLOSE) {
		if (i + 1 >= n || t[i].kind != TOK_WORD ||
		    !only_digits(t[i].text, 1, 4) || t[i + 1].kind != TOK_STRING)
			fail_msg("bad object list");
		snprintf(pair, sizeof(pair), "%s%s=%s", len ? " " : "",
			 t[i].text, t[i + 1].text);
		if (len + strlen(pair) >= P_TEXT)
			fail_msg("object list too long");
		memcpy(tr->objects + len, pair, strlen(pair) + 1);
		len += strlen(pair);
		i += 2;
	}
	if (i + 1 >= n || t[i + 1].kind != TOK_WORD)
		fail_msg("no amount");
	tr->ore = parse_ore(t[i + 1].text);
	i += 2;
	tr->n_after = n - i;
	tr->transdat[0] = tr->text[0] = '\0';
	if (tr->n_after == 0)
		return;
	if (tr->n_after != 2 || t[i].kind != TOK_STRING ||
	    t[i + 1].kind != TOK_STRING)
		fail_msg("want transdat and transtext after the amount");
	put_field(tr->transdat, sizeof(tr->transdat), t[i].text);
	put_field(tr->text, sizeof(tr->text), t[i + 1].text);
}

/* #VER series number date "text" */
static void parse_ver(const struct tok *t, int n, struct p_ver *v)
{
	if (n != 5 || t[1].kind != TOK_WORD || t[2].kind != TOK_WORD ||
	    t[3].kind != TOK_WORD || t[4].kind != TOK_STRING)
		fail_msg("bad #VER line");
	if (!only_digits(t[2].text, 1, 18) || !only_digits(t[3].text, 8, 8))
		fail_msg("bad #VER number or date");
	put_field(v->series, sizeof(v->series), t[1].text);
	put_field(v->number, sizeof(v->number), t[2].text);
	put_field(v->date, sizeof(v->date), t[3].text);
	put_field(v->text, sizeof(v->text), t[4].text);
	v->n = 0;
}

static void parse_line(const unsigned char *p, size_t n, struct p_doc *d,
		       enum p_state *state)
{
	char line[P_LINE];
	struct tok t[P_TOKS];
	struct p_ver *v;
	int nt;

	decode_line(p, n, line);
	nt = tokenize(line, t);
	if (nt == 0)
		fail_msg("empty line");
	switch (*state) {
	case P_OUTSIDE:
		if (strcmp(t[0].text, "#VER") == 0 && t[0].kind == TOK_WORD) {
			if (d->n_vers == P_VERS)
				fail_msg("too many vouchers");
			parse_ver(t, nt, &d->vers[d->n_vers++]);
			*state = P_WANT_OPEN;
			return;
		}
		if (t[0].kind != TOK_WORD || t[0].text[0] != '#')
			fail_msg("line outside a voucher is not an item: %s",
				 line);
		if (d->n_vers > 0)
			fail_msg("item after the vouchers: %s", line);
		if (d->n_items == P_ITEMS)
			fail_msg("too many items");
		render(t, nt, d->items[d->n_items++]);
		return;
	case P_WANT_OPEN:
		if (nt != 1 || t[0].kind != TOK_OPEN || line[0] != '{')
			fail_msg("#VER not followed by a line \"{\"");
		*state = P_INSIDE;
		return;
	case P_INSIDE:
		v = &d->vers[d->n_vers - 1];
		if (nt == 1 && t[0].kind == TOK_CLOSE) {
			*state = P_OUTSIDE;
			return;
		}
		if (t[0].kind != TOK_WORD || strcmp(t[0].text, "#TRANS") != 0)
			fail_msg("not #TRANS inside a voucher: %s", line);
		if (v->n == P_TRANS)
			fail_msg("too many lines in a voucher");
		parse_trans(t, nt, &v->trans[v->n++]);
		return;
	}
}

/* Read a whole file: every line ends CRLF, no bare CR or LF anywhere. */
static void parse_sie(const char *buf, size_t len, struct p_doc *d)
{
	enum p_state state = P_OUTSIDE;
	size_t i, start = 0;

	memset(d, 0, sizeof(*d));
	for (i = 0; i < len; i++) {
		if (buf[i] == '\n')
			fail_msg("bare LF at byte %zu", i);
		if (buf[i] == '\0')
			fail_msg("NUL at byte %zu", i);
		if (buf[i] != '\r')
			continue;
		if (i + 1 >= len || buf[i + 1] != '\n')
			fail_msg("bare CR at byte %zu", i);
		parse_line((const unsigned char *)buf + start, i - start, d,
			   &state);
		i++;
		start = i + 1;
	}
	if (start != len)
		fail_msg("the last line does not end CRLF");
	if (state != P_OUTSIDE)
		fail_msg("unclosed voucher");
}

/* ---- the documents ---- */

/* Two providers in one programme, paid for January and then settled. */
static const struct sie_dim real_dims[] = {
	{ 20, "Program" },
	{ 21, "Leverantör" },
};

static const struct sie_object real_objects[] = {
	{ 20, "KROM", "Kundval Rusta och matcha" },
	{ 21, "L0001", "Jobbcoach \"Väst\" AB" },
	{ 21, "L0002", "Framtid\\Ökad förmåga i Älvsbyn AB" },
};

static const struct sie_account real_accounts[] = {
	{ "5811", "Grundersättning" },
	{ "5812", "Resultatersättning" },
	{ "2441", "Leverantörsskulder, kompletterande aktörer" },
	{ "1930", "Bank" },
};

#define OBJ2(a, b, c, d) 2, { { a, b }, { c, d } }
#define OBJ1(a, b) 1, { { a, b } }

static const struct sie_trans real_t0[] = {
	{ "5811", OBJ2(20, "KROM", 21, "L0001"), 1234550,
	  "Grundersättning januari" },
	{ "5812", OBJ2(20, "KROM", 21, "L0001"), 800000,
	  "Resultatersättning, 3 deltagare" },
	{ "5811", OBJ2(20, "KROM", 21, "L0001"), -50000,
	  "Återkrav december" },
	{ "2441", OBJ1(21, "L0001"), -1984550, "Leverantörsskuld" },
};

static const struct sie_trans real_t1[] = {
	{ "5811", OBJ2(20, "KROM", 21, "L0002"), 987605,
	  "Grundersättning januari" },
	{ "2441", OBJ1(21, "L0002"), -987605, NULL },
};

static const struct sie_trans real_t2[] = {
	{ "2441", OBJ1(21, "L0001"), 1984550, "Jobbcoach \"Väst\" AB" },
	{ "2441", OBJ1(21, "L0002"), 987605,
	  "Framtid\\Ökad förmåga i Älvsbyn AB" },
	{ "1930", 0, { { 0, NULL } }, -2972155, "Bankgiro, betalfil pain.001" },
};

/* A mutable copy, so that each refusal test can break one thing. */
struct fixture {
	struct sie_dim dims[2];
	struct sie_object objects[3];
	struct sie_account accounts[4];
	struct sie_trans t0[4], t1[2], t2[3];
	struct sie_ver vers[3];
	struct sie_doc doc;
};

static void fixture_init(struct fixture *f)
{
	memset(f, 0, sizeof(*f));
	memcpy(f->dims, real_dims, sizeof(f->dims));
	memcpy(f->objects, real_objects, sizeof(f->objects));
	memcpy(f->accounts, real_accounts, sizeof(f->accounts));
	memcpy(f->t0, real_t0, sizeof(f->t0));
	memcpy(f->t1, real_t1, sizeof(f->t1));
	memcpy(f->t2, real_t2, sizeof(f->t2));
	f->vers[0] = (struct sie_ver){ "A", 1, D("2024-01-31"),
		"Utbetalning januari 2024: Jobbcoach \"Väst\" AB", 4, f->t0 };
	f->vers[1] = (struct sie_ver){ "A", 2, D("2024-01-31"),
		"Utbetalning januari 2024: Framtid\\Ökad förmåga i Älvsbyn AB",
		2, f->t1 };
	f->vers[2] = (struct sie_ver){ "B", 1, D("2024-02-05"),
		"Betalning till leverantörer {körning 2024-01}", 3, f->t2 };
	f->doc = (struct sie_doc){
		.program = "kundval", .program_version = "1.2.0",
		.generated = D("2024-02-05"), .orgnr = "202100-2114",
		.company = "Arbetsförmedlingen",
		.n_dims = 2, .dims = f->dims,
		.n_objects = 3, .objects = f->objects,
		.n_accounts = 4, .accounts = f->accounts,
		.n_vers = 3, .vers = f->vers,
	};
}

/* A document with one voucher of two lines, for exact bytes. */
struct tiny {
	struct sie_dim dims[1];
	struct sie_object objects[1];
	struct sie_account accounts[2];
	struct sie_trans trans[2];
	struct sie_ver vers[1];
	struct sie_doc doc;
};

static void tiny_init(struct tiny *t)
{
	memset(t, 0, sizeof(*t));
	t->dims[0] = (struct sie_dim){ 21, "Leverantör" };
	t->objects[0] = (struct sie_object){ 21, "L1",
		"Ärlig Åsa \"Öst\" AB" };
	t->accounts[0] = (struct sie_account){ "5811", "Grundersättning" };
	t->accounts[1] = (struct sie_account){ "2441", "Skuld\\leverantör" };
	t->trans[0] = (struct sie_trans){ "5811", OBJ1(21, "L1"), 5,
		"Grundersättning å ä ö Å Ä Ö é" };
	t->trans[1] = (struct sie_trans){ "2441", 0, { { 0, NULL } }, -5,
		NULL };
	t->vers[0] = (struct sie_ver){ "A", 7, D("2024-02-29"),
		"Körning februari", 2, t->trans };
	t->doc = (struct sie_doc){
		.program = "kundval", .program_version = "1.0",
		.generated = D("2024-03-01"), .orgnr = "556677-8899",
		.company = "Testbolaget AB",
		.n_dims = 1, .dims = t->dims,
		.n_objects = 1, .objects = t->objects,
		.n_accounts = 2, .accounts = t->accounts,
		.n_vers = 1, .vers = t->vers,
	};
}

/* ---- tests ---- */

/* The realistic document read back by the test's own reader. */
static void test_read_back(void **state)
{
	static const char *const want_items[] = {
		"#FLAGGA 0",
		"#PROGRAM [kundval] [1.2.0]",
		"#FORMAT PC8",
		"#GEN 20240205",
		"#SIETYP 4",
		"#ORGNR 202100-2114",
		"#FNAMN [Arbetsförmedlingen]",
		"#DIM 20 [Program]",
		"#DIM 21 [Leverantör]",
		"#OBJEKT 20 [KROM] [Kundval Rusta och matcha]",
		"#OBJEKT 21 [L0001] [Jobbcoach \"Väst\" AB]",
		"#OBJEKT 21 [L0002] [Framtid\\Ökad förmåga i Älvsbyn AB]",
		"#KONTO 5811 [Grundersättning]",
		"#KONTO 5812 [Resultatersättning]",
		"#KONTO 2441 [Leverantörsskulder, kompletterande aktörer]",
		"#KONTO 1930 [Bank]",
	};
	static const struct {
		const char *series, *number, *date, *text;
		int n;
		struct {
			const char *account, *objects;
			int64_t ore;
			const char *text;   /* NULL: no fields after the amount */
		} t[4];
	} want_vers[] = {
		{ "A", "1", "20240131",
		  "Utbetalning januari 2024: Jobbcoach \"Väst\" AB", 4, {
			{ "5811", "20=KROM 21=L0001", 1234550,
			  "Grundersättning januari" },
			{ "5812", "20=KROM 21=L0001", 800000,
			  "Resultatersättning, 3 deltagare" },
			{ "5811", "20=KROM 21=L0001", -50000,
			  "Återkrav december" },
			{ "2441", "21=L0001", -1984550, "Leverantörsskuld" },
		} },
		{ "A", "2", "20240131",
		  "Utbetalning januari 2024: Framtid\\Ökad förmåga i Älvsbyn AB",
		  2, {
			{ "5811", "20=KROM 21=L0002", 987605,
			  "Grundersättning januari" },
			{ "2441", "21=L0002", -987605, NULL },
		} },
		{ "B", "1", "20240205",
		  "Betalning till leverantörer {körning 2024-01}", 3, {
			{ "2441", "21=L0001", 1984550, "Jobbcoach \"Väst\" AB" },
			{ "2441", "21=L0002", 987605,
			  "Framtid\\Ökad förmåga i Älvsbyn AB" },
			{ "1930", "", -2972155, "Bankgiro, betalfil pain.001" },
		} },
	};
	struct fixture f;
	struct strbuf out = STRBUF_INIT;
	struct kverr e;
	struct p_doc *d = calloc(1, sizeof(*d));
	const struct p_trans *tr;
	int64_t sum;
	size_t i;
	int j;

	(void)state;
	assert_non_null(d);
	fixture_init(&f);
	kverr_clear(&e);
	if (sie_write(&f.doc, &out, &e) != 0)
		fail_msg("refused: %s at %s: %s", e.code, e.field, e.message);
	parse_sie(out.buf, out.len, d);

	assert_int_equal(d->n_items, sizeof(want_items) / sizeof(want_items[0]));
	for (i = 0; i < sizeof(want_items) / sizeof(want_items[0]); i++)
		assert_string_equal(d->items[i], want_items[i]);

	assert_int_equal(d->n_vers, 3);
	for (i = 0; i < 3; i++) {
		assert_string_equal(d->vers[i].series, want_vers[i].series);
		assert_string_equal(d->vers[i].number, want_vers[i].number);
		assert_string_equal(d->vers[i].date, want_vers[i].date);
		assert_string_equal(d->vers[i].text, want_vers[i].text);
		assert_int_equal(d->vers[i].n, want_vers[i].n);
		sum = 0;
		for (j = 0; j < d->vers[i].n; j++) {
			tr = &d->vers[i].trans[j];
			assert_string_equal(tr->account,
					    want_vers[i].t[j].account);
			assert_string_equal(tr->objects,
					    want_vers[i].t[j].objects);
			assert_int_equal(tr->ore, want_vers[i].t[j].ore);
			if (want_vers[i].t[j].text) {
				assert_int_equal(tr->n_after, 2);
				assert_string_equal(tr->transdat, "");
				assert_string_equal(tr->text,
						    want_vers[i].t[j].text);
			} else {
				assert_int_equal(tr->n_after, 0);
			}
			sum += tr->ore;
		}
		assert_int_equal(sum, 0);
	}
	strbuf_release(&out);
	free(d);
}

/* The tiny document, byte for byte, appended after what out held. */
static void test_exact_bytes(void **state)
{
	static const char want[] =
		"#FLAGGA 0\r\n"
		"#PROGRAM \"kundval\" \"1.0\"\r\n"
		"#FORMAT PC8\r\n"
		"#GEN 20240301\r\n"
		"#SIETYP 4\r\n"
		"#ORGNR 556677-8899\r\n"
		"#FNAMN \"Testbolaget AB\"\r\n"
		"#DIM 21 \"Leverant\x94" "r\"\r\n"
		"#OBJEKT 21 \"L1\" \"\x8E" "rlig \x8F" "sa \\\"\x99" "st\\\" AB\"\r\n"
		"#KONTO 5811 \"Grunders\x84" "ttning\"\r\n"
		"#KONTO 2441 \"Skuld\\\\leverant\x94" "r\"\r\n"
		"#VER A 7 20240229 \"K\x94" "rning februari\"\r\n"
		"{\r\n"
		"   #TRANS 5811 {21 \"L1\"} 0.05 \"\" \"Grunders\x84" "ttning "
		"\x86" " " "\x84" " " "\x94" " " "\x8F" " " "\x8E" " " "\x99"
		" " "\x82" "\"\r\n"
		"   #TRANS 2441 {} -0.05\r\n"
		"}\r\n";
	struct tiny t;
	struct strbuf out = STRBUF_INIT;
	struct kverr e;

	(void)state;
	tiny_init(&t);
	kverr_clear(&e);
	strbuf_adds(&out, "before|");
	if (sie_write(&t.doc, &out, &e) != 0)
		fail_msg("refused: %s at %s: %s", e.code, e.field, e.message);
	assert_int_equal(out.len, 7 + sizeof(want) - 1);
	assert_memory_equal(out.buf, "before|", 7);
	if (memcmp(out.buf + 7, want, sizeof(want) - 1) != 0)
		fail_msg("got:\n%s\nwant:\n%s", out.buf + 7, want);
	strbuf_release(&out);
}

/* Letters beyond the Swedish ones, each as its CP437 byte. */
static void test_cp437_letters(void **state)
{
	static const struct { const char *utf8, *cp437; } t[] = {
		{ "ü", "\x81" }, { "Ü", "\x9A" }, { "É", "\x90" },
		{ "ç", "\x87" }, { "Ç", "\x80" }, { "è", "\x8A" },
		{ "ñ", "\xA4" }, { "Ñ", "\xA5" }, { "æ", "\x91" },
		{ "Æ", "\x92" }, { "ß", "\xE1" }, { "£", "\x9C" },
		{ "½", "\xAB" }, { "°", "\xF8" }, { "§", NULL },
		{ "ø", NULL }, { "Ø", NULL }, { "€", NULL },
		{ "\xc2\xa0", "\xFF" },   /* U+00A0 NO-BREAK SPACE */
	};
	struct tiny ti;
	struct strbuf out = STRBUF_INIT;
	struct kverr e;
	char company[32], line[64];
	size_t i;
	int rc;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		tiny_init(&ti);
		snprintf(company, sizeof(company), "X%sY", t[i].utf8);
		ti.doc.company = company;
		kverr_clear(&e);
		rc = sie_write(&ti.doc, &out, &e);
		if (!t[i].cp437) {
			assert_int_equal(rc, -1);
			assert_string_equal(e.code, "not_cp437");
			assert_string_equal(e.field, "company");
			assert_int_equal(out.len, 0);
			continue;
		}
		assert_int_equal(rc, 0);
		snprintf(line, sizeof(line), "\r\n#FNAMN \"X%sY\"\r\n",
			 t[i].cp437);
		if (!strstr(out.buf, line))
			fail_msg("no %s for %s", line, t[i].utf8);
		strbuf_release(&out);
	}
}

static void test_format_amount(void **state)
{
	static const struct { ore_t ore; const char *s; } t[] = {
		{ 0, "0.00" },
		{ 5, "0.05" },
		{ -5, "-0.05" },
		{ 50, "0.50" },
		{ -50, "-0.50" },
		{ 100, "1.00" },
		{ 123450, "1234.50" },
		{ 123456, "1234.56" },
		{ -123456, "-1234.56" },
		{ -100000000, "-1000000.00" },
		{ MONEY_MAX, "1000000000000.00" },
		{ -MONEY_MAX, "-1000000000000.00" },
		{ MONEY_MAX - 1, "999999999999.99" },
		{ INT64_MAX, "92233720368547758.07" },
		{ INT64_MIN, "-92233720368547758.08" },
	};
	char buf[MONEY_STRLEN];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		sie_format_amount(t[i].ore, buf);
		assert_string_equal(buf, t[i].s);
	}
}

/*
 * Random balanced vouchers of varied amounts: every line's amount reads
 * back as the amount given, and every voucher sums to 0.
 */
static void test_random_amounts(void **state)
{
	enum { NV = 200 };
	static const struct sie_account accounts[] = {
		{ "5811", "Grundersättning" }, { "2441", "Skuld" },
	};
	struct sie_trans *trans = calloc(NV * 4, sizeof(*trans));
	struct sie_ver *vers = calloc(NV, sizeof(*vers));
	struct p_doc *d = calloc(1, sizeof(*d));
	struct sie_doc doc = {
		.program = "kundval", .program_version = "1",
		.generated = D("2024-01-01"), .orgnr = "556677-8899",
		.company = "Test", .n_accounts = 2, .accounts = accounts,
		.n_vers = NV, .vers = vers,
	};
	struct strbuf out = STRBUF_INIT;
	struct kverr e;
	uint64_t rng = 0x9e3779b97f4a7c15ULL;
	ore_t sum;
	int i, j, n;

	(void)state;
	assert_non_null(trans);
	assert_non_null(vers);
	assert_non_null(d);
	for (i = 0; i < NV; i++) {
		n = testutil_rnd_in(&rng, 2, 4);
		sum = 0;
		for (j = 0; j < n - 1; j++) {
			trans[i * 4 + j].account = "5811";
			switch (testutil_rnd(&rng) % 3) {
			case 0:
				trans[i * 4 + j].amount =
					testutil_rnd_in(&rng, -300, 300);
				break;
			case 1:
				trans[i * 4 + j].amount =
					testutil_rnd_in(&rng, -100000000,
							100000000);
				break;
			default:
				trans[i * 4 + j].amount = (ore_t)(testutil_rnd(&rng)
					% (uint64_t)(MONEY_MAX / 8));
			}
			sum += trans[i * 4 + j].amount;
		}
		trans[i * 4 + n - 1].account = "2441";
		trans[i * 4 + n - 1].amount = -sum;
		vers[i] = (struct sie_ver){ "A", i + 1, D("2024-01-31"), "v", n,
					    trans + i * 4 };
	}
	kverr_clear(&e);
	if (sie_write(&doc, &out, &e) != 0)
		fail_msg("refused: %s at %s: %s", e.code, e.field, e.message);
	parse_sie(out.buf, out.len, d);
	assert_int_equal(d->n_vers, NV);
	for (i = 0; i < NV; i++) {
		assert_int_equal(d->vers[i].n, vers[i].n);
		sum = 0;
		for (j = 0; j < vers[i].n; j++) {
			assert_int_equal(d->vers[i].trans[j].ore,
					 trans[i * 4 + j].amount);
			assert_string_equal(d->vers[i].trans[j].objects, "");
			sum += d->vers[i].trans[j].ore;
		}
		assert_int_equal(sum, 0);
	}
	strbuf_release(&out);
	free(d);
	free(vers);
	free(trans);
}

/* sie_write must refuse the document with code and field, leave out as
 * it was, and not name object ids (provider numbers) in the message. */
static void expect_refused(const char *name, const struct sie_doc *doc,
			   const char *code, const char *field)
{
	struct strbuf out = STRBUF_INIT;
	struct kverr e;
	int rc;

	kverr_clear(&e);
	strbuf_adds(&out, "kept");
	rc = sie_write(doc, &out, &e);
	if (rc != -1)
		fail_msg("%s: not refused", name);
	if (e.cls != KVERR_INVALID || strcmp(e.code, code) != 0 ||
	    strcmp(e.field, field) != 0)
		fail_msg("%s: got %s at \"%s\" (class %d), want %s at \"%s\": %s",
			 name, e.code, e.field, (int)e.cls, code, field,
			 e.message);
	if (!e.message[0] || strstr(e.message, "L000"))
		fail_msg("%s: message \"%s\"", name, e.message);
	assert_int_equal(out.len, 4);
	assert_string_equal(strbuf_str(&out), "kept");
	strbuf_release(&out);
}

/* The refusals the brief names. */
static void test_refusals(void **state)
{
	struct fixture f;

	(void)state;
	fixture_init(&f);
	f.t1[0].amount += 1;
	expect_refused("unbalanced", &f.doc, "unbalanced", "vers[1]");

	fixture_init(&f);
	f.t0[3].amount = -MONEY_MAX;
	expect_refused("far off", &f.doc, "unbalanced", "vers[0]");

	fixture_init(&f);
	f.vers[2].n = 0;
	expect_refused("empty", &f.doc, "empty_voucher", "vers[2]");

	fixture_init(&f);
	f.vers[2].trans = NULL;
	expect_refused("no lines", &f.doc, "empty_voucher", "vers[2]");

	fixture_init(&f);
	f.t2[1].account = "2440";
	expect_refused("unknown account", &f.doc, "unknown_account",
		       "vers[2].trans[1].account");

	fixture_init(&f);
	f.t2[2].account = NULL;
	expect_refused("no account", &f.doc, "unknown_account",
		       "vers[2].trans[2].account");

	fixture_init(&f);
	f.t0[3].objects[0].id = "L0003";
	expect_refused("unknown object", &f.doc, "unknown_object",
		       "vers[0].trans[3].objects[0]");

	/* A declared id, but in the other dimension. */
	fixture_init(&f);
	f.t0[1].objects[1].dim = 20;
	expect_refused("object in wrong dim", &f.doc, "unknown_object",
		       "vers[0].trans[1].objects[1]");

	fixture_init(&f);
	f.vers[2].series = "A";
	f.vers[2].number = 2;
	expect_refused("duplicate", &f.doc, "duplicate_voucher",
		       "vers[2].number");

	fixture_init(&f);
	f.vers[1].text = "Utbetalning 100 €";
	expect_refused("euro", &f.doc, "not_cp437", "vers[1].text");

	fixture_init(&f);
	f.objects[2].name = "供应商";
	expect_refused("chinese name", &f.doc, "not_cp437", "objects[2].name");

	fixture_init(&f);
	f.t0[2].text = "Återkrav 😀";
	expect_refused("emoji", &f.doc, "not_cp437", "vers[0].trans[2].text");

	fixture_init(&f);
	f.doc.company = "Arbetsf\xf6rmedlingen";   /* Latin-1, not UTF-8 */
	expect_refused("latin-1", &f.doc, "bad_utf8", "company");
}

/* Byte sequences that are not UTF-8. */
static void test_bad_utf8(void **state)
{
	static const char *const bad[] = {
		"\xc3",               /* truncated */
		"ab\xc3",
		"\xc3\x28",           /* bad continuation */
		"\x80",               /* stray continuation */
		"\xbf",
		"\xc0\xaf",           /* overlong '/' */
		"\xe0\x80\xaf",
		"\xf0\x80\x80\xaf",
		"\xed\xa0\x80",       /* surrogate U+D800 */
		"\xed\xbf\xbf",
		"\xf4\x90\x80\x80",   /* U+110000 */
		"\xf8\x88\x80\x80\x80",
		"\xfe", "\xff",
		"\xe2\x82",           /* a truncated € */
	};
	struct fixture f;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		fixture_init(&f);
		f.t2[0].text = bad[i];
		expect_refused(bad[i], &f.doc, "bad_utf8",
			       "vers[2].trans[0].text");
	}
}

/* The other checks of the document. */
static void test_other_refusals(void **state)
{
	struct fixture f;

	(void)state;
	fixture_init(&f);
	f.t1[1].text = "rad ett\r\nrad två";
	expect_refused("newline", &f.doc, "control_character",
		       "vers[1].trans[1].text");

	fixture_init(&f);
	f.dims[1].name = "Lever\tantör";
	expect_refused("tab", &f.doc, "control_character", "dims[1].name");

	fixture_init(&f);
	f.doc.orgnr = "2021002114";
	expect_refused("orgnr without dash", &f.doc, "bad_orgnr", "orgnr");

	fixture_init(&f);
	f.doc.orgnr = "202100-21145";
	expect_refused("orgnr too long", &f.doc, "bad_orgnr", "orgnr");

	fixture_init(&f);
	f.doc.orgnr = NULL;
	expect_refused("no orgnr", &f.doc, "bad_orgnr", "orgnr");

	fixture_init(&f);
	f.doc.company = "";
	expect_refused("no company", &f.doc, "missing", "company");

	fixture_init(&f);
	f.doc.program = NULL;
	expect_refused("no program", &f.doc, "missing", "program");

	fixture_init(&f);
	f.doc.generated = date_add_days(D("1000-01-01"), -1);
	expect_refused("3-digit year", &f.doc, "bad_date", "generated");

	fixture_init(&f);
	f.dims[1].dim = 20;
	expect_refused("dim twice", &f.doc, "duplicate_dim", "dims[1].dim");

	fixture_init(&f);
	f.dims[0].dim = 0;
	expect_refused("dim 0", &f.doc, "bad_dim", "dims[0].dim");

	fixture_init(&f);
	f.objects[1].dim = 22;
	expect_refused("object in undeclared dim", &f.doc, "unknown_dim",
		       "objects[1].dim");

	fixture_init(&f);
	f.objects[2].id = "L0001";
	expect_refused("object twice", &f.doc, "duplicate_object",
		       "objects[2].id");

	fixture_init(&f);
	f.accounts[3].number = "5811";
	expect_refused("account twice", &f.doc, "duplicate_account",
		       "accounts[3].number");

	fixture_init(&f);
	f.accounts[0].number = "58 11";
	expect_refused("account with space", &f.doc, "bad_account",
		       "accounts[0].number");

	fixture_init(&f);
	f.accounts[1].name = NULL;
	expect_refused("account without name", &f.doc, "missing",
		       "accounts[1].name");

	fixture_init(&f);
	f.vers[1].number = 0;
	expect_refused("number 0", &f.doc, "bad_number", "vers[1].number");

	fixture_init(&f);
	f.vers[0].series = "A B";
	expect_refused("series with space", &f.doc, "bad_series",
		       "vers[0].series");

	fixture_init(&f);
	f.vers[0].series = NULL;
	expect_refused("no series", &f.doc, "missing", "vers[0].series");

	fixture_init(&f);
	f.vers[2].date = date_add_days(D("1000-01-01"), -365);
	expect_refused("voucher date", &f.doc, "bad_date", "vers[2].date");

	fixture_init(&f);
	f.t0[0].amount = MONEY_MAX + 1;
	f.t0[3].amount = -MONEY_MAX - 1;
	expect_refused("amount too large", &f.doc, "bad_amount",
		       "vers[0].trans[0].amount");

	fixture_init(&f);
	f.t0[0].n_objects = SIE_MAX_OBJECTS + 1;
	expect_refused("too many objects", &f.doc, "bad_count",
		       "vers[0].trans[0].objects");

	fixture_init(&f);
	f.t0[0].objects[1] = (struct sie_object_ref){ 20, "KROM" };
	expect_refused("one dim twice in a line", &f.doc, "duplicate_dim",
		       "vers[0].trans[0].objects[1]");

	fixture_init(&f);
	f.doc.n_vers = -1;
	expect_refused("negative count", &f.doc, "bad_count", "vers");

	fixture_init(&f);
	f.doc.accounts = NULL;
	expect_refused("count without list", &f.doc, "bad_count", "accounts");
}

/* What the format allows and the writer must accept. */
static void test_accepted(void **state)
{
	struct fixture f;
	struct strbuf out = STRBUF_INIT;
	struct kverr e;

	(void)state;
	/* The same number in another series; zero amounts; no vouchers. */
	fixture_init(&f);
	f.t1[0].amount = 0;
	f.t1[1].amount = 0;
	kverr_clear(&e);
	assert_int_equal(sie_write(&f.doc, &out, &e), 0);
	strbuf_release(&out);

	fixture_init(&f);
	f.doc.n_vers = 0;
	f.doc.vers = NULL;
	assert_int_equal(sie_write(&f.doc, &out, &e), 0);
	assert_non_null(strstr(out.buf, "#KONTO 1930 \"Bank\"\r\n"));
	assert_null(strstr(out.buf, "#VER"));
	strbuf_release(&out);

	/* A NULL voucher text is written "". */
	fixture_init(&f);
	f.vers[0].text = NULL;
	assert_int_equal(sie_write(&f.doc, &out, &e), 0);
	assert_non_null(strstr(out.buf, "#VER A 1 20240131 \"\"\r\n{\r\n"));
	strbuf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_back),
		cmocka_unit_test(test_exact_bytes),
		cmocka_unit_test(test_cp437_letters),
		cmocka_unit_test(test_format_amount),
		cmocka_unit_test(test_random_amounts),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_bad_utf8),
		cmocka_unit_test(test_other_refusals),
		cmocka_unit_test(test_accepted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
