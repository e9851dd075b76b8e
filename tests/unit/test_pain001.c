/*
 * test_pain001.c — unit tests for src/core/pain001.c, the pain.001.001.03
 * writer and the checks on bankgiro, clearing, account and IBAN numbers.
 *
 * A realistic payment run (two bankgiro payees, one bank account, names
 * with å ä ö and an ampersand) is written, validated against the
 * official schema with xmllint, and read back with plain string
 * searches against hand-computed values, never against values pain001.c
 * computes.  A one-payment file is compared byte for byte, values at
 * their length limits are written and validated too, and every refusal
 * is checked for its code, its field and an untouched output buffer.
 * The numbers in the validator tables were checked by hand; the working
 * is in the comments.
 *
 * xmllint runs through system(), from the repository root where the
 * tests run, on tests/data/pain.001.001.03.xsd.
 */
#include "testutil.h"

#include <sys/wait.h>
#include <unistd.h>

#include "core/pain001.h"
#include "core/strbuf.h"

#define XSD "tests/data/pain.001.001.03.xsd"

#define EARLIER "<!-- already in the buffer -->\n"

/* ------------------------------------------------------------ helpers */

/* The document of a payment run: three payees, 2024-05, run 7.
 *
 * CtrlSum by hand: 1 234 567,89 + 250 000,00 + 0,05 = 1 484 567,94 kr. */
struct fixture {
	struct pain_tx tx[3];
	struct pain_doc doc;
};

static void fixture_init(struct fixture *f)
{
	static const struct pain_tx tx[3] = {
		{ "KV7-P1", 123456789, "Bäst & Co Rehab AB", "559900-1236",
		  PAIN_BANKGIRO, "5050-1055", NULL,
		  "Kundval, ersättning t.o.m. 2024-05, körning 7." },
		{ "KV7-P2", 25000000, "Åkessons Omsorg i Östersund AB", NULL,
		  PAIN_BANKGIRO, "991-2346", NULL,
		  "Kundval 2024-05: \"Grund\" & 'resultat' <slutlig>" },
		{ "KV7-P3", 5, "Väst & Norr Arbetsträning HB", "969612-3455",
		  PAIN_BANK_ACCOUNT, "123 456 789", "6789", NULL },
	};

	memcpy(f->tx, tx, sizeof(tx));
	memset(&f->doc, 0, sizeof(f->doc));
	f->doc.msg_id = "KV-2024-05-7";
	f->doc.created_utc = 1716802200;      /* 2024-05-27 09:30:00 UTC */
	f->doc.pmt_inf_id = "KV-2024-05-7-1";
	f->doc.execution_date = D("2024-05-31");
	f->doc.debtor_name = "Arbetsförmedlingen";
	f->doc.debtor_orgnr = "202100-2114";
	f->doc.debtor_iban = "SE4550000000058398257466";
	f->doc.debtor_bic = "ESSESESS";
	f->doc.n = 3;
	f->doc.tx = f->tx;
}

/* Write f's document into a fresh buffer, which must succeed. */
static void write_ok(const struct fixture *f, struct strbuf *sb)
{
	struct kverr e;

	kverr_clear(&e);
	if (pain001_write(&f->doc, sb, &e) != 0)
		fail_msg("refused: %s at \"%s\": %s", e.code, e.field,
			 e.message);
	assert_false(sb->failed);
}

/* Occurrences of needle in hay. */
static int count_of(const char *hay, const char *needle)
{
	int n = 0;
	size_t len = strlen(needle);

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += len;
	}
	return n;
}

/* A copy (the caller frees it) of the k-th "<tag>...</tag>" element, or
 * NULL when there are fewer.  Good enough for elements that do not nest
 * in themselves, which is all of those read here. */
static char *element(const char *xml, const char *tag, int k)
{
	char open[64], close[64];
	const char *p = xml, *end;
	char *copy;
	size_t len;

	snprintf(open, sizeof(open), "<%s>", tag);
	snprintf(close, sizeof(close), "</%s>", tag);
	for (;;) {
		p = strstr(p, open);
		if (!p)
			return NULL;
		if (k-- == 0)
			break;
		p += strlen(open);
	}
	end = strstr(p, close);
	if (!end)
		return NULL;
	len = (size_t)(end - p) + strlen(close);
	copy = malloc(len + 1);
	assert_non_null(copy);
	memcpy(copy, p, len);
	copy[len] = '\0';
	return copy;
}

static void assert_has(const char *hay, const char *needle)
{
	if (!strstr(hay, needle))
		fail_msg("missing %s in:\n%s", needle, hay);
}

static void assert_lacks(const char *hay, const char *needle)
{
	if (strstr(hay, needle))
		fail_msg("unexpected %s in:\n%s", needle, hay);
}

/* Exit status of xmllint validating text against the schema. */
static int xmllint_status(const char *text, size_t len)
{
	char path[512], cmd[1024];
	int fd, status;
	FILE *f;

	testutil_tmp_template(path, sizeof(path), "pain001");
	fd = mkstemp(path);
	if (fd < 0)
		fail_msg("mkstemp %s failed", path);
	f = fdopen(fd, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	snprintf(cmd, sizeof(cmd),
		 "xmllint --noout --schema " XSD " '%s' 2>&1", path);
	status = system(cmd);
	unlink(path);
	if (status == -1 || !WIFEXITED(status))
		fail_msg("could not run xmllint");
	return WEXITSTATUS(status);
}

static void assert_schema_valid(const struct strbuf *sb)
{
	assert_int_equal(xmllint_status(sb->buf, sb->len), 0);
}

/* ------------------------------------------------------- the document */

static void test_realistic_document(void **state)
{
	static const char head[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.03\">\n"
		"  <CstmrCdtTrfInitn>\n";
	static const char tail[] = "  </CstmrCdtTrfInitn>\n</Document>\n";
	struct fixture f;
	struct strbuf sb = STRBUF_INIT;
	const char *xml;
	char *hdr, *pty, *tx;

	(void)state;
	fixture_init(&f);
	write_ok(&f, &sb);
	xml = strbuf_str(&sb);
	assert_schema_valid(&sb);

	assert_int_equal(strncmp(xml, head, strlen(head)), 0);
	assert_true(sb.len > strlen(tail));
	assert_string_equal(xml + sb.len - strlen(tail), tail);

	/* Counted and summed twice: the group header and the payment
	 * information. */
	assert_int_equal(count_of(xml, "<NbOfTxs>3</NbOfTxs>"), 2);
	assert_int_equal(count_of(xml, "<CtrlSum>1484567.94</CtrlSum>"), 2);
	assert_int_equal(count_of(xml, "<CdtTrfTxInf>"), 3);
	assert_int_equal(count_of(xml, "<PmtInf>"), 1);

	hdr = element(xml, "GrpHdr", 0);
	assert_non_null(hdr);
	assert_has(hdr, "<MsgId>KV-2024-05-7</MsgId>");
	assert_has(hdr, "<CreDtTm>2024-05-27T09:30:00</CreDtTm>");
	pty = element(hdr, "InitgPty", 0);
	assert_non_null(pty);
	assert_has(pty, "<Nm>Arbetsförmedlingen</Nm>");
	assert_has(pty, "<Id>2021002114</Id>");
	assert_has(pty, "<Cd>BANK</Cd>");
	free(pty);
	free(hdr);

	assert_has(xml, "<PmtInfId>KV-2024-05-7-1</PmtInfId>");
	assert_has(xml, "<PmtMtd>TRF</PmtMtd>");
	assert_has(xml, "<Cd>NURG</Cd>");
	assert_has(xml, "<Cd>SUPP</Cd>");
	assert_has(xml, "<ReqdExctnDt>2024-05-31</ReqdExctnDt>");
	assert_has(xml, "<IBAN>SE4550000000058398257466</IBAN>");
	assert_has(xml, "<Ccy>SEK</Ccy>");
	assert_has(xml, "<BIC>ESSESESS</BIC>");
	assert_lacks(xml, "<ChrgBr>");

	/* 1 234 567,89 kr to bankgiro 5050-1055, written without hyphen. */
	tx = element(xml, "CdtTrfTxInf", 0);
	assert_non_null(tx);
	assert_has(tx, "<EndToEndId>KV7-P1</EndToEndId>");
	assert_has(tx, "<InstdAmt Ccy=\"SEK\">1234567.89</InstdAmt>");
	assert_has(tx, "<Cd>SESBA</Cd>");
	assert_has(tx, "<MmbId>9900</MmbId>");
	assert_has(tx, "<Nm>Bäst &amp; Co Rehab AB</Nm>");
	assert_has(tx, "<Id>5599001236</Id>");
	assert_has(tx, "<Id>50501055</Id>");
	assert_has(tx, "<Prtry>BGNR</Prtry>");
	assert_has(tx, "<Ustrd>Kundval, ersättning t.o.m. 2024-05, körning"
		   " 7.</Ustrd>");
	free(tx);

	/* 250 000,00 kr to bankgiro 991-2346; no organisation number; every
	 * character XML reserves in the remittance. */
	tx = element(xml, "CdtTrfTxInf", 1);
	assert_non_null(tx);
	assert_has(tx, "<EndToEndId>KV7-P2</EndToEndId>");
	assert_has(tx, "<InstdAmt Ccy=\"SEK\">250000.00</InstdAmt>");
	assert_has(tx, "<MmbId>9900</MmbId>");
	assert_has(tx, "<Nm>Åkessons Omsorg i Östersund AB</Nm>");
	assert_has(tx, "<Id>9912346</Id>");
	assert_has(tx, "<Prtry>BGNR</Prtry>");
	assert_lacks(tx, "<OrgId>");
	assert_has(tx, "<Ustrd>Kundval 2024-05: &quot;Grund&quot; &amp;"
		   " &apos;resultat&apos; &lt;slutlig&gt;</Ustrd>");
	free(tx);

	/* 0,05 kr to account 6789 123 456 789: clearing as the agent, the
	 * account digits as BBAN; no remittance, so no RmtInf. */
	tx = element(xml, "CdtTrfTxInf", 2);
	assert_non_null(tx);
	assert_has(tx, "<EndToEndId>KV7-P3</EndToEndId>");
	assert_has(tx, "<InstdAmt Ccy=\"SEK\">0.05</InstdAmt>");
	assert_has(tx, "<MmbId>6789</MmbId>");
	assert_has(tx, "<Nm>Väst &amp; Norr Arbetsträning HB</Nm>");
	assert_has(tx, "<Id>9696123455</Id>");
	assert_has(tx, "<Id>123456789</Id>");
	assert_has(tx, "<Cd>BBAN</Cd>");
	assert_lacks(tx, "BGNR");
	assert_lacks(tx, "9900");
	assert_lacks(tx, "<RmtInf>");
	free(tx);
	assert_null(element(xml, "CdtTrfTxInf", 3));

	/* The payments in the order given. */
	assert_true(strstr(xml, "KV7-P1") < strstr(xml, "KV7-P2"));
	assert_true(strstr(xml, "KV7-P2") < strstr(xml, "KV7-P3"));

	/* No raw ampersand anywhere: each is an entity's. */
	assert_lacks(xml, "& ");
	assert_int_equal(count_of(xml, "&"), count_of(xml, "&amp;") +
			 count_of(xml, "&quot;") + count_of(xml, "&apos;") +
			 count_of(xml, "&lt;") + count_of(xml, "&gt;"));
	assert_int_equal(count_of(xml, "&amp;"), 3);
	strbuf_release(&sb);
}

/* xmllint really is checking: the same file with a value the schema
 * does not allow is refused. */
static void test_schema_check_bites(void **state)
{
	struct fixture f;
	struct strbuf sb = STRBUF_INIT;
	char *p;

	(void)state;
	fixture_init(&f);
	write_ok(&f, &sb);
	p = strstr(sb.buf, "<PmtMtd>TRF</PmtMtd>");
	assert_non_null(p);
	memcpy(p + 8, "TRX", 3);
	assert_int_not_equal(xmllint_status(sb.buf, sb.len), 0);
	strbuf_release(&sb);
}

/* One payment to a Swedbank account, byte for byte: the element order
 * of the schema's sequences, indentation, and the Swedbank clearing
 * number with its check digit (8327-9) as the member id. */
static void test_exact_document(void **state)
{
	static const struct pain_tx tx[1] = {
		{ "E2E-1", 100000, "A & B <AB>", NULL, PAIN_BANK_ACCOUNT,
		  "12-345-678-9", "8327-9", "Faktura 'maj'" },
	};
	static const char want[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.03\">\n"
		"  <CstmrCdtTrfInitn>\n"
		"    <GrpHdr>\n"
		"      <MsgId>M1</MsgId>\n"
		"      <CreDtTm>1970-01-01T00:00:00</CreDtTm>\n"
		"      <NbOfTxs>1</NbOfTxs>\n"
		"      <CtrlSum>1000.00</CtrlSum>\n"
		"      <InitgPty>\n"
		"        <Nm>Kommunen</Nm>\n"
		"        <Id>\n"
		"          <OrgId>\n"
		"            <Othr>\n"
		"              <Id>2021002114</Id>\n"
		"              <SchmeNm>\n"
		"                <Cd>BANK</Cd>\n"
		"              </SchmeNm>\n"
		"            </Othr>\n"
		"          </OrgId>\n"
		"        </Id>\n"
		"      </InitgPty>\n"
		"    </GrpHdr>\n"
		"    <PmtInf>\n"
		"      <PmtInfId>P1</PmtInfId>\n"
		"      <PmtMtd>TRF</PmtMtd>\n"
		"      <BtchBookg>false</BtchBookg>\n"
		"      <NbOfTxs>1</NbOfTxs>\n"
		"      <CtrlSum>1000.00</CtrlSum>\n"
		"      <PmtTpInf>\n"
		"        <SvcLvl>\n"
		"          <Cd>NURG</Cd>\n"
		"        </SvcLvl>\n"
		"        <CtgyPurp>\n"
		"          <Cd>SUPP</Cd>\n"
		"        </CtgyPurp>\n"
		"      </PmtTpInf>\n"
		"      <ReqdExctnDt>2024-12-30</ReqdExctnDt>\n"
		"      <Dbtr>\n"
		"        <Nm>Kommunen</Nm>\n"
		"      </Dbtr>\n"
		"      <DbtrAcct>\n"
		"        <Id>\n"
		"          <IBAN>SE4550000000058398257466</IBAN>\n"
		"        </Id>\n"
		"        <Ccy>SEK</Ccy>\n"
		"      </DbtrAcct>\n"
		"      <DbtrAgt>\n"
		"        <FinInstnId>\n"
		"          <BIC>ESSESESSXXX</BIC>\n"
		"        </FinInstnId>\n"
		"      </DbtrAgt>\n"
		"      <CdtTrfTxInf>\n"
		"        <PmtId>\n"
		"          <EndToEndId>E2E-1</EndToEndId>\n"
		"        </PmtId>\n"
		"        <Amt>\n"
		"          <InstdAmt Ccy=\"SEK\">1000.00</InstdAmt>\n"
		"        </Amt>\n"
		"        <CdtrAgt>\n"
		"          <FinInstnId>\n"
		"            <ClrSysMmbId>\n"
		"              <ClrSysId>\n"
		"                <Cd>SESBA</Cd>\n"
		"              </ClrSysId>\n"
		"              <MmbId>83279</MmbId>\n"
		"            </ClrSysMmbId>\n"
		"          </FinInstnId>\n"
		"        </CdtrAgt>\n"
		"        <Cdtr>\n"
		"          <Nm>A &amp; B &lt;AB&gt;</Nm>\n"
		"        </Cdtr>\n"
		"        <CdtrAcct>\n"
		"          <Id>\n"
		"            <Othr>\n"
		"              <Id>123456789</Id>\n"
		"              <SchmeNm>\n"
		"                <Cd>BBAN</Cd>\n"
		"              </SchmeNm>\n"
		"            </Othr>\n"
		"          </Id>\n"
		"        </CdtrAcct>\n"
		"        <RmtInf>\n"
		"          <Ustrd>Faktura &apos;maj&apos;</Ustrd>\n"
		"        </RmtInf>\n"
		"      </CdtTrfTxInf>\n"
		"    </PmtInf>\n"
		"  </CstmrCdtTrfInitn>\n"
		"</Document>\n";
	struct pain_doc doc = {
		.msg_id = "M1", .created_utc = 0, .pmt_inf_id = "P1",
		.debtor_name = "Kommunen", .debtor_orgnr = "2021002114",
		.debtor_iban = "SE4550000000058398257466",
		.debtor_bic = "ESSESESSXXX", .n = 1, .tx = tx,
	};
	struct strbuf sb = STRBUF_INIT;
	struct kverr e;

	(void)state;
	doc.execution_date = D("2024-12-30");
	kverr_clear(&e);
	assert_int_equal(pain001_write(&doc, &sb, &e), 0);
	assert_string_equal(strbuf_str(&sb), want);
	assert_int_equal(sb.len, strlen(want));
	assert_schema_valid(&sb);
	strbuf_release(&sb);
}

/* n copies of the UTF-8 character c, then tail, into buf. */
static const char *repeat(char *buf, size_t size, const char *c, int n,
			  const char *tail)
{
	size_t len = 0, k = strlen(c);
	int i;

	for (i = 0; i < n; i++) {
		assert_true(len + k < size);
		memcpy(buf + len, c, k);
		len += k;
	}
	assert_true(len + strlen(tail) < size);
	memcpy(buf + len, tail, strlen(tail) + 1);
	return buf;
}

/*
 * Every text at its limit, counted in characters: 35 for identifiers,
 * 70 for names, 140 for the remittance, whatever their bytes (ö is two)
 * and however long their escapes ("&" becomes five bytes but is one
 * character).  The schema agrees.
 */
static void test_limits_accepted(void **state)
{
	struct fixture f;
	struct strbuf sb = STRBUF_INIT;
	char id35[64], e2e35[64], pmt35[64], name70[256], dname70[256],
	     rem140[512];

	(void)state;
	fixture_init(&f);
	f.doc.msg_id = repeat(id35, sizeof(id35), "M", 35, "");
	f.doc.pmt_inf_id = repeat(pmt35, sizeof(pmt35), "P", 35, "");
	f.doc.debtor_name = repeat(dname70, sizeof(dname70), "å", 69, "&");
	f.tx[0].end_to_end_id = repeat(e2e35, sizeof(e2e35), "E", 34, "'");
	f.tx[1].creditor_name = repeat(name70, sizeof(name70), "ö", 70, "");
	f.tx[2].remittance = repeat(rem140, sizeof(rem140), "Ä", 130,
				    "&<>\"'&<>\"'");
	write_ok(&f, &sb);
	assert_schema_valid(&sb);
	assert_has(strbuf_str(&sb), "&apos;</EndToEndId>");
	assert_has(strbuf_str(&sb), "&amp;&lt;&gt;&quot;&apos;</Ustrd>");
	strbuf_release(&sb);
}

/* The creation time, UTC, from whole seconds, across day, leap-day,
 * 1970 and range boundaries.  The seconds were computed independently
 * (Python's datetime, UTC). */
static void test_creation_time(void **state)
{
	static const struct { int64_t t; const char *want; } ok[] = {
		{ 0, "<CreDtTm>1970-01-01T00:00:00</CreDtTm>" },
		{ -1, "<CreDtTm>1969-12-31T23:59:59</CreDtTm>" },
		{ -86400, "<CreDtTm>1969-12-31T00:00:00</CreDtTm>" },
		{ 1709251199, "<CreDtTm>2024-02-29T23:59:59</CreDtTm>" },
		{ 1709251200, "<CreDtTm>2024-03-01T00:00:00</CreDtTm>" },
		{ 1716802200, "<CreDtTm>2024-05-27T09:30:00</CreDtTm>" },
		{ 253402300799LL, "<CreDtTm>9999-12-31T23:59:59</CreDtTm>" },
		{ -30610224000LL, "<CreDtTm>1000-01-01T00:00:00</CreDtTm>" },
	};
	static const int64_t bad[] = { 253402300800LL, -30610224001LL,
				       INT64_MAX, INT64_MIN };
	struct fixture f;
	struct strbuf sb = STRBUF_INIT;
	struct kverr e;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		fixture_init(&f);
		f.doc.created_utc = ok[i].t;
		write_ok(&f, &sb);
		assert_has(strbuf_str(&sb), ok[i].want);
		strbuf_release(&sb);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		fixture_init(&f);
		f.doc.created_utc = bad[i];
		kverr_clear(&e);
		assert_int_equal(pain001_write(&f.doc, &sb, &e), -1);
		assert_string_equal(e.code, "bad_date");
		assert_string_equal(e.field, "created_utc");
		assert_int_equal(sb.len, 0);
	}
	strbuf_release(&sb);
}

/* The writer appends to what the buffer already holds. */
static void test_appends(void **state)
{
	struct fixture f;
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	fixture_init(&f);
	strbuf_adds(&sb, EARLIER);
	write_ok(&f, &sb);
	assert_int_equal(strncmp(strbuf_str(&sb), EARLIER "<?xml ",
				 strlen(EARLIER) + 6), 0);
	strbuf_release(&sb);
}

/* --------------------------------------------------------- validators */

/*
 * Bankgiro numbers.  5050-1055 by hand, Luhn from the right with
 * weights 1, 2, 1, 2, ... and the digits of products over 9 added:
 *
 *	digit   5  0  5  0  1  0  5  5
 *	weight  2  1  2  1  2  1  2  1
 *	sum     1  0  1  0  2  0  1  5   = 10, a multiple of 10: valid.
 *
 * 5050-1056 sums to 11, so its check digit is wrong.  991-2346:
 *
 *	digit   9  9  1  2  3  4  6
 *	weight  1  2  1  2  1  2  1
 *	sum     9  9  1  4  3  8  6      = 40: valid.
 */
static void test_bankgiro(void **state)
{
	static const char *const valid[] = {
		"5050-1055", "50501055", "991-2346", "9912346",
	};
	static const char *const invalid[] = {
		"5050-1056",    /* check digit (sum 11) */
		"5050-1054",    /* check digit (sum 9) */
		"991-2347",     /* check digit (sum 41) */
		"505-01055",    /* hyphen not before the last four */
		"50501-055",
		"9912-346",
		"5050--1055",   /* two hyphens */
		"-50501055", "50501055-",
		"505010550",    /* nine digits */
		"150501055",
		"505105",       /* six digits */
		"",
		"5O50-1055",    /* letter O for zero */
		"505a1055",
		"5050 1055",    /* a space is not a bankgiro separator */
		" 5050-1055",
		"5050-1055 ",
		"5050–1055",    /* an en dash */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(valid) / sizeof(valid[0]); i++)
		if (!pain_bankgiro_valid(valid[i]))
			fail_msg("should be valid: %s", valid[i]);
	for (i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++)
		if (pain_bankgiro_valid(invalid[i]))
			fail_msg("should be invalid: %s", invalid[i]);
	assert_false(pain_bankgiro_valid(NULL));
}

/*
 * Clearing numbers.  Swedbank's 8327-9 by hand, as a bankgiro number:
 *
 *	digit   8  3  2  7  9
 *	weight  1  2  1  2  1
 *	sum     8  6  2  5  9    = 30: valid.
 *
 * 8327-8 sums to 29; 8105-9 is 8 + 2 + 0 + 1 (10 → 1) + 9 = 20.
 */
static void test_clearing(void **state)
{
	static const char *const valid[] = {
		"6789", "1100", "3300", "9960", "8327",
		"8327-9", "83279", "8327 9", "8105-9",
	};
	static const char *const invalid[] = {
		"0123",         /* no clearing number starts with 0 */
		"832",          /* three digits */
		"83278",        /* Swedbank check digit (sum 29) */
		"8327-8",
		"93279",        /* five digits only for Swedbank's 8xxx */
		"67891",
		"832790",       /* six digits */
		"83a7", "8327_9", "8327.9",
		"", "-8327", "8327-", "8327--9", "8327 -9",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(valid) / sizeof(valid[0]); i++)
		if (!pain_clearing_valid(valid[i]))
			fail_msg("should be valid: %s", valid[i]);
	for (i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++)
		if (pain_clearing_valid(invalid[i]))
			fail_msg("should be invalid: %s", invalid[i]);
	assert_false(pain_clearing_valid(NULL));
}

static void test_account(void **state)
{
	static const char *const valid[] = {
		"1", "123456789", "1234567890", "123 456 789",
		"12-345-678-9", "1234 567-890",
	};
	static const char *const invalid[] = {
		"12345678901",      /* eleven digits */
		"1 234 567 890 1",
		"", "12a4", "12.34", " 123", "123 ", "-123", "12  34",
		"12--34", "12/34",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(valid) / sizeof(valid[0]); i++)
		if (!pain_account_valid(valid[i]))
			fail_msg("should be valid: %s", valid[i]);
	for (i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++)
		if (pain_account_valid(invalid[i]))
			fail_msg("should be invalid: %s", invalid[i]);
	assert_false(pain_account_valid(NULL));
}

/*
 * IBANs.  SE45 5000 0000 0583 9825 7466 by hand: the first four moved
 * to the end and S = 28, E = 14 give 50000000058398257466 281445;
 * reduced modulo 97 nine digits at a time, carrying the remainder:
 *
 *	500000000 mod 97 = 17
 *	175839825 mod 97 = 68
 *	687466281 mod 97 = 24
 *	    24445 mod 97 = 1      valid.
 *
 * Changing the last digit to 7 moves the remainder to 28.  The BBAN
 * 50000000058398250013 has check digits 98, and 01 leaves the same
 * remainder 1 (98 = 01 + 97): such an IBAN is refused by the rule that
 * 00, 01 and 99 are never check digits.  GB82 WEST 1234 5698 7654 32
 * and DE89 3704 0044 0532 0130 00 are ISO 13616's and the banks'
 * published examples.
 */
static void test_iban(void **state)
{
	static const char *const valid[] = {
		"SE4550000000058398257466",
		"SE9850000000058398250013",
		"GB82WEST12345698765432",
		"DE89370400440532013000",
	};
	static const char *const invalid[] = {
		"SE4550000000058398257467",     /* remainder 28 */
		"SE4650000000058398257466",
		"SE5450000000058398257466",     /* digits swapped */
		"SE0150000000058398250013",     /* remainder 1, but 01 */
		"SE455000000005839825746",      /* a digit short */
		"SE45 5000 0000 0583 9825 7466",
		"se4550000000058398257466",
		"Se4550000000058398257466",
		"GB82west12345698765432",
		"4550000000058398257466SE",
		"S14550000000058398257466",
		"SEA550000000058398257466",
		"SE45500000000",                /* 13 characters */
		"SE45000000000000000000000000000000001",  /* 37 characters */
		"SE4550000000058398257466-",
		"",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(valid) / sizeof(valid[0]); i++)
		if (!pain_iban_valid(valid[i]))
			fail_msg("should be valid: %s", valid[i]);
	for (i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++)
		if (pain_iban_valid(invalid[i]))
			fail_msg("should be invalid: %s", invalid[i]);
	assert_false(pain_iban_valid(NULL));
}

/* ----------------------------------------------------------- refusals */

enum change {
	AMOUNT_ZERO, AMOUNT_NEGATIVE, AMOUNT_HUGE, SUM_HUGE,
	BANKGIRO_CHECK, BANKGIRO_SHORT, BANKGIRO_LETTER, BANKGIRO_NULL,
	CLEARING_BAD, CLEARING_SWEDBANK_CHECK, CLEARING_NULL, ACCOUNT_LONG,
	ACCOUNT_EMPTY, KIND_BAD, NAME_LONG, NAME_EMPTY, NAME_BLANK,
	NAME_CONTROL, NAME_BAD_UTF8, E2E_LONG, E2E_NULL, E2E_DUPLICATE,
	REMITTANCE_LONG, CREDITOR_ORGNR_BAD, MSG_ID_LONG, MSG_ID_NULL,
	PMT_INF_ID_LONG, DEBTOR_NAME_LONG, DEBTOR_ORGNR_BAD,
	DEBTOR_IBAN_CHECK, DEBTOR_IBAN_FOREIGN, DEBTOR_IBAN_SPACES,
	DEBTOR_IBAN_NULL, DEBTOR_BIC_SHORT, DEBTOR_BIC_LOWER,
	EXECUTION_DATE_BAD, EMPTY, COUNT_NEGATIVE, TX_NULL,
};

/* Long values for the changes below; they live as long as the test. */
struct longs {
	char name71[256], id36[64], rem141[512];
};

static void apply(struct fixture *f, struct longs *l, enum change c)
{
	switch (c) {
	case AMOUNT_ZERO:          f->tx[1].amount = 0; break;
	case AMOUNT_NEGATIVE:      f->tx[1].amount = -100; break;
	case AMOUNT_HUGE:          f->tx[0].amount = MONEY_MAX + 1; break;
	case SUM_HUGE:             f->tx[0].amount = MONEY_MAX;
				   f->tx[1].amount = 1; break;
	case BANKGIRO_CHECK:       f->tx[0].account = "5050-1056"; break;
	case BANKGIRO_SHORT:       f->tx[1].account = "991-234"; break;
	case BANKGIRO_LETTER:      f->tx[0].account = "5O50-1055"; break;
	case BANKGIRO_NULL:        f->tx[1].account = NULL; break;
	case CLEARING_BAD:         f->tx[2].clearing = "0123"; break;
	case CLEARING_SWEDBANK_CHECK: f->tx[2].clearing = "8327-8"; break;
	case CLEARING_NULL:        f->tx[2].clearing = NULL; break;
	case ACCOUNT_LONG:         f->tx[2].account = "12345678901"; break;
	case ACCOUNT_EMPTY:        f->tx[2].account = ""; break;
	case KIND_BAD:             f->tx[0].kind = (enum pain_account_kind)7;
				   break;
	case NAME_LONG:
		f->tx[0].creditor_name = repeat(l->name71, sizeof(l->name71),
						"ö", 71, "");
		break;
	case NAME_EMPTY:           f->tx[2].creditor_name = ""; break;
	case NAME_BLANK:           f->tx[2].creditor_name = "   "; break;
	case NAME_CONTROL:         f->tx[1].creditor_name = "Omsorg\nAB"; break;
	case NAME_BAD_UTF8:        f->tx[1].creditor_name = "Omsorg \xe5 AB";
				   break;
	case E2E_LONG:
		f->tx[2].end_to_end_id = repeat(l->id36, sizeof(l->id36), "X",
						36, "");
		break;
	case E2E_NULL:             f->tx[0].end_to_end_id = NULL; break;
	case E2E_DUPLICATE:        f->tx[2].end_to_end_id = "KV7-P1"; break;
	case REMITTANCE_LONG:
		f->tx[0].remittance = repeat(l->rem141, sizeof(l->rem141), "å",
					     140, "&");
		break;
	case CREDITOR_ORGNR_BAD:   f->tx[2].creditor_orgnr = "969612-3456";
				   break;
	case MSG_ID_LONG:
		f->doc.msg_id = repeat(l->id36, sizeof(l->id36), "M", 36, "");
		break;
	case MSG_ID_NULL:          f->doc.msg_id = NULL; break;
	case PMT_INF_ID_LONG:
		f->doc.pmt_inf_id = repeat(l->id36, sizeof(l->id36), "P", 36,
					   "");
		break;
	case DEBTOR_NAME_LONG:
		f->doc.debtor_name = repeat(l->name71, sizeof(l->name71), "ä",
					    71, "");
		break;
	case DEBTOR_ORGNR_BAD:     f->doc.debtor_orgnr = "202100-2115"; break;
	case DEBTOR_IBAN_CHECK:
		f->doc.debtor_iban = "SE4550000000058398257467";
		break;
	case DEBTOR_IBAN_FOREIGN:
		f->doc.debtor_iban = "GB82WEST12345698765432";
		break;
	case DEBTOR_IBAN_SPACES:
		f->doc.debtor_iban = "SE45 5000 0000 0583 9825 7466";
		break;
	case DEBTOR_IBAN_NULL:     f->doc.debtor_iban = NULL; break;
	case DEBTOR_BIC_SHORT:     f->doc.debtor_bic = "ESSESES"; break;
	case DEBTOR_BIC_LOWER:     f->doc.debtor_bic = "essesess"; break;
	case EXECUTION_DATE_BAD:   f->doc.execution_date = -800000; break;
	case EMPTY:                f->doc.n = 0; break;
	case COUNT_NEGATIVE:       f->doc.n = -1; break;
	case TX_NULL:              f->doc.tx = NULL; break;
	}
}

static void test_refusals(void **state)
{
	static const struct {
		enum change c;
		const char *code, *field;
	} t[] = {
		{ AMOUNT_ZERO, "bad_amount", "tx[1].amount" },
		{ AMOUNT_NEGATIVE, "bad_amount", "tx[1].amount" },
		{ AMOUNT_HUGE, "bad_amount", "tx[0].amount" },
		{ SUM_HUGE, "too_large", "tx" },
		{ BANKGIRO_CHECK, "bad_bankgiro", "tx[0].account" },
		{ BANKGIRO_SHORT, "bad_bankgiro", "tx[1].account" },
		{ BANKGIRO_LETTER, "bad_bankgiro", "tx[0].account" },
		{ BANKGIRO_NULL, "missing", "tx[1].account" },
		{ CLEARING_BAD, "bad_clearing", "tx[2].clearing" },
		{ CLEARING_SWEDBANK_CHECK, "bad_clearing", "tx[2].clearing" },
		{ CLEARING_NULL, "missing", "tx[2].clearing" },
		{ ACCOUNT_LONG, "bad_account", "tx[2].account" },
		{ ACCOUNT_EMPTY, "missing", "tx[2].account" },
		{ KIND_BAD, "bad_kind", "tx[0].kind" },
		{ NAME_LONG, "too_long", "tx[0].creditor_name" },
		{ NAME_EMPTY, "missing", "tx[2].creditor_name" },
		{ NAME_BLANK, "missing", "tx[2].creditor_name" },
		{ NAME_CONTROL, "bad_character", "tx[1].creditor_name" },
		{ NAME_BAD_UTF8, "bad_utf8", "tx[1].creditor_name" },
		{ E2E_LONG, "too_long", "tx[2].end_to_end_id" },
		{ E2E_NULL, "missing", "tx[0].end_to_end_id" },
		{ E2E_DUPLICATE, "duplicate", "tx[2].end_to_end_id" },
		{ REMITTANCE_LONG, "too_long", "tx[0].remittance" },
		{ CREDITOR_ORGNR_BAD, "bad_orgnr", "tx[2].creditor_orgnr" },
		{ MSG_ID_LONG, "too_long", "msg_id" },
		{ MSG_ID_NULL, "missing", "msg_id" },
		{ PMT_INF_ID_LONG, "too_long", "pmt_inf_id" },
		{ DEBTOR_NAME_LONG, "too_long", "debtor_name" },
		{ DEBTOR_ORGNR_BAD, "bad_orgnr", "debtor_orgnr" },
		{ DEBTOR_IBAN_CHECK, "bad_iban", "debtor_iban" },
		{ DEBTOR_IBAN_FOREIGN, "bad_iban", "debtor_iban" },
		{ DEBTOR_IBAN_SPACES, "bad_iban", "debtor_iban" },
		{ DEBTOR_IBAN_NULL, "bad_iban", "debtor_iban" },
		{ DEBTOR_BIC_SHORT, "bad_bic", "debtor_bic" },
		{ DEBTOR_BIC_LOWER, "bad_bic", "debtor_bic" },
		{ EXECUTION_DATE_BAD, "bad_date", "execution_date" },
		{ EMPTY, "empty", "tx" },
		{ COUNT_NEGATIVE, "bad_count", "tx" },
		{ TX_NULL, "bad_count", "tx" },
	};
	struct fixture f;
	struct longs l;
	struct strbuf sb = STRBUF_INIT;
	struct kverr e;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		fixture_init(&f);
		apply(&f, &l, t[i].c);
		strbuf_release(&sb);
		strbuf_adds(&sb, EARLIER);
		kverr_clear(&e);
		if (pain001_write(&f.doc, &sb, &e) != -1)
			fail_msg("case %zu: should be refused", i);
		if (e.cls != KVERR_INVALID || strcmp(e.code, t[i].code) != 0 ||
		    strcmp(e.field, t[i].field) != 0)
			fail_msg("case %zu: got %s at \"%s\" (class %d), want"
				 " %s at \"%s\": %s", i, e.code, e.field,
				 (int)e.cls, t[i].code, t[i].field, e.message);
		assert_true(e.message[0] != '\0');
		/* Nothing of the refused file reaches the buffer. */
		assert_string_equal(strbuf_str(&sb), EARLIER);
		assert_int_equal(sb.len, strlen(EARLIER));
	}
	strbuf_release(&sb);
}

/* Messages name the field, never the number: an organisation number
 * may be a person's, and accounts are nobody else's business. */
static void test_messages_hide_numbers(void **state)
{
	struct fixture f;
	struct strbuf sb = STRBUF_INIT;
	struct kverr e;

	(void)state;
	fixture_init(&f);
	f.tx[2].creditor_orgnr = "969612-3456";
	assert_int_equal(pain001_write(&f.doc, &sb, &e), -1);
	assert_null(strstr(e.message, "969612"));
	fixture_init(&f);
	f.tx[0].account = "5050-1056";
	assert_int_equal(pain001_write(&f.doc, &sb, &e), -1);
	assert_null(strstr(e.message, "5050"));
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_realistic_document),
		cmocka_unit_test(test_schema_check_bites),
		cmocka_unit_test(test_exact_document),
		cmocka_unit_test(test_limits_accepted),
		cmocka_unit_test(test_creation_time),
		cmocka_unit_test(test_appends),
		cmocka_unit_test(test_bankgiro),
		cmocka_unit_test(test_clearing),
		cmocka_unit_test(test_account),
		cmocka_unit_test(test_iban),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_messages_hide_numbers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
