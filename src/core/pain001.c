/*
 * pain001.c — writing an ISO 20022 pain.001.001.03 credit transfer
 * initiation for Swedish banks, and checking bankgiro, clearing, account
 * and IBAN numbers (see pain001.h).
 *
 * The file is one group header and one payment information block (one
 * debit account, one execution date) holding a credit transfer per
 * provider, each element in the order of its type's xs:sequence in the
 * schema (an element out of order fails validation however right it is):
 *
 *	Document/CstmrCdtTrfInitn
 *	  GrpHdr       MsgId CreDtTm NbOfTxs CtrlSum InitgPty
 *	  PmtInf       PmtInfId PmtMtd BtchBookg NbOfTxs CtrlSum PmtTpInf
 *	               ReqdExctnDt Dbtr DbtrAcct DbtrAgt CdtTrfTxInf...
 *	  CdtTrfTxInf  PmtId Amt CdtrAgt Cdtr CdtrAcct RmtInf
 *
 * What the schema leaves open follows the Swedish banks' common
 * interpretation (Bankföreningen): payment type NURG with category
 * purpose SUPP; a bankgiro number as CdtrAcct/Othr/Id with
 * SchmeNm/Prtry BGNR and the creditor agent as member 9900 of clearing
 * system SESBA; a bank account as the account number with SchmeNm/Cd
 * BBAN and its clearing number as the agent's SESBA member id.
 *
 * The optional elements, and why each is written or not:
 *  - GrpHdr/CtrlSum and PmtInf/NbOfTxs, CtrlSum: written, computed
 *    here, so the bank can check the file is whole.
 *  - InitgPty/Id: the authority's organisation number, by which a
 *    Swedish bank knows a corporate customer, with SchmeNm/Cd BANK (an
 *    identification agreed with the bank).  A bank that wants its own
 *    customer number here says so in its guide.
 *  - BtchBookg: false.  The ledger has one voucher per provider (see
 *    sie.h), so one booking per payment on the bank statement matches
 *    the vouchers line for line; a batch booking would show one sum.
 *  - ChrgBr: omitted.  The schema makes it optional; SLEV names a
 *    scheme's charging rules (SEPA's) and DEBT/SHAR/CRED matter for
 *    cross-border payments, while a domestic SEK transfer is charged as
 *    the authority's agreement with its bank says, which an absent
 *    ChrgBr leaves in force instead of restating it, perhaps wrongly.
 *  - Cdtr/Id: the provider's organisation number when given, without a
 *    scheme name (the schema allows none): it is there to inform, no
 *    bank routes a domestic payment by it, and a code the bank does not
 *    expect could only get the payment rejected.
 *  - RmtInf/Ustrd: when a remittance text is given.
 *  - InstrId, PstlAdr, UltmtDbtr/UltmtCdtr, Purp: not written.
 *
 * Everything is checked before anything is written, and the file is
 * built in a scratch buffer appended to the caller's only at the end,
 * so a refusal leaves the caller's buffer as it was.  Texts are counted
 * in characters (code points), as the schema's maxLength counts them,
 * and an over-long text is refused, never shortened: a bank file whose
 * names or references differ from what was approved is worse than none.
 */
#include "core/pain001.h"
#include "core/utf8.h"

#include <stdio.h>
#include <string.h>

#include "core/idnum.h"

#define PAIN_NS "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"

/* Bounds in characters: Max35Text for identifiers, the banks' 70 for
 * names (the schema allows 140), Max140Text for the remittance. */
#define MAX_ID          35
#define MAX_NAME        70
#define MAX_REMITTANCE  140

#define SECONDS_PER_DAY 86400

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

/* ------------------------------------------------------------ numbers */

/*
 * The digits of s into buf (room for cap digits and a NUL), where a
 * single space or hyphen may stand between two digits ("8327-9",
 * "123 456 789-0").  Returns the number of digits, cap + 1 when there
 * are more than cap, or -1 for anything else: another character, or a
 * separator first, last or next to another.
 */
static int grouped_digits(const char *s, char *buf, int cap)
{
	int n = 0;

	buf[0] = '\0';
	if (!s)
		return -1;
	for (; *s; s++) {
		if (is_digit(*s)) {
			if (n < cap)
				buf[n] = *s;
			if (n <= cap)
				n++;
		} else if ((*s != ' ' && *s != '-') || n == 0 ||
			   !is_digit(s[1])) {
			/* A separator must follow a digit (n > 0 and the
			 * one before was not a separator, since that one
			 * needed a digit next) and precede one. */
			return -1;
		}
	}
	buf[n < cap ? n : cap] = '\0';
	return n;
}

/*
 * A bankgiro number's digits into buf: 7 or 8 digits, at most one
 * hyphen and that one before the last four ("123-4567", "1234-5678"),
 * the last digit the Luhn check of the others.
 */
static bool bankgiro_digits(const char *s, char buf[9])
{
	int n = 0, sep_at = -1;

	buf[0] = '\0';
	if (!s)
		return false;
	for (; *s; s++) {
		if (is_digit(*s)) {
			if (n == 8)
				return false;
			buf[n++] = *s;
		} else if (*s == '-' && sep_at < 0) {
			sep_at = n;
		} else {
			return false;
		}
	}
	buf[n] = '\0';
	if (n < 7 || (sep_at >= 0 && n - sep_at != 4))
		return false;
	return idnum_luhn_ok(buf, n) != 0;
}

/*
 * A clearing number's digits into buf: four digits not starting with 0,
 * or Swedbank's five, 8xxx-x, whose fifth digit checks the four before
 * it by the same modulus-10 (Luhn) rule (8327-9, 8105-9).
 */
static bool clearing_digits(const char *s, char buf[6])
{
	int n = grouped_digits(s, buf, 5);

	if (n == 4)
		return buf[0] != '0';
	return n == 5 && buf[0] == '8' && idnum_luhn_ok(buf, 5);
}

/* An account number's 1–10 digits into buf. */
static bool account_digits(const char *s, char buf[11])
{
	int n = grouped_digits(s, buf, 10);

	return n >= 1 && n <= 10;
}

bool pain_bankgiro_valid(const char *s)
{
	char digits[9];

	return bankgiro_digits(s, digits);
}

bool pain_clearing_valid(const char *s)
{
	char digits[6];

	return clearing_digits(s, digits);
}

bool pain_account_valid(const char *s)
{
	char digits[11];

	return account_digits(s, digits);
}

/*
 * ISO 13616: two capital letters, two check digits, then capital
 * letters and digits, 15–34 in all, written without spaces as a bank
 * file carries it.  Moving the first four characters to the end and
 * reading letters as 10–35 gives a number that leaves 1 modulo 97; it
 * is reduced a digit (or a letter's two digits) at a time.  Check
 * digits 00, 01 and 99 are never computed (98 - r gives 02–98), yet 01
 * and 98 leave the same remainder, so they are refused by name.
 */
bool pain_iban_valid(const char *s)
{
	size_t len, k;
	int rem = 0;
	char c;

	if (!s)
		return false;
	len = strlen(s);
	if (len < 15 || len > 34)
		return false;
	if (!is_upper(s[0]) || !is_upper(s[1]) || !is_digit(s[2]) ||
	    !is_digit(s[3]))
		return false;
	if ((s[2] == '0' && s[3] <= '1') || (s[2] == '9' && s[3] == '9'))
		return false;
	for (k = 0; k < len; k++) {
		c = s[(k + 4) % len];
		if (is_digit(c))
			rem = (rem * 10 + (c - '0')) % 97;
		else if (is_upper(c))
			rem = (rem * 100 + (c - 'A' + 10)) % 97;
		else
			return false;
	}
	return rem == 1;
}

/* The schema's BICIdentifier:
 * [A-Z]{6,6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3,3}){0,1}. */
static bool bic_valid(const char *s)
{
	size_t len, i;

	if (!s)
		return false;
	len = strlen(s);
	if (len != 8 && len != 11)
		return false;
	for (i = 0; i < 6; i++)
		if (!is_upper(s[i]))
			return false;
	if (!is_upper(s[6]) && !(s[6] >= '2' && s[6] <= '9'))
		return false;
	if ((!is_upper(s[7]) && !is_digit(s[7])) || s[7] == 'O')
		return false;
	for (i = 8; i < len; i++)
		if (!is_upper(s[i]) && !is_digit(s[i]))
			return false;
	return true;
}

/* A Swedish IBAN: SE, two check digits and the 20-digit BBAN. */
static bool swedish_iban(const char *s)
{
	size_t i;

	if (strlen(s) != 24 || s[0] != 'S' || s[1] != 'E')
		return false;
	for (i = 2; i < 24; i++)
		if (!is_digit(s[i]))
			return false;
	return true;
}

/* ------------------------------------------------------------- checks */

/* A required value: present and not empty.  The caller names it. */
static int need(const char *s, struct kverr *e)
{
	if (s && *s)
		return 0;
	return kverr_set(e, KVERR_INVALID, "missing", "",
			 "This is required and must not be empty.");
}

/*
 * A text for one of the schema's MaxNText elements: present, not only
 * spaces, UTF-8, one line of characters XML can carry (no control
 * characters, C0 or C1, and not U+FFFE or U+FFFF), at most max
 * characters.  The caller names the field.
 */
static int check_text(const char *s, int max, struct kverr *e)
{
	const unsigned char *p = (const unsigned char *)s;
	bool blank = true;
	int32_t c;
	int n = 0;

	if (need(s, e))
		return -1;
	while (*p) {
		c = utf8_next(&p);
		if (c < 0)
			return kverr_set(e, KVERR_INVALID, "bad_utf8", "",
					 "The text is not valid UTF-8.");
		if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0xFFFE ||
		    c == 0xFFFF)
			return kverr_set(e, KVERR_INVALID, "bad_character", "",
					 "The text holds control character"
					 " U+%04X; it must be one line of"
					 " printable characters.", (unsigned)c);
		if (c != ' ')
			blank = false;
		n++;
	}
	if (blank)
		return kverr_set(e, KVERR_INVALID, "missing", "",
				 "This is required and must not be only"
				 " spaces.");
	if (n > max)
		return kverr_set(e, KVERR_INVALID, "too_long", "",
				 "The text is %d characters long; the bank file"
				 " takes at most %d, and it is not shortened.",
				 n, max);
	return 0;
}

/* An organisation number, "NNNNNN-NNNN" (or as idnum_parse_org takes
 * it), as ten digits into buf.  The number is not put in messages. */
static int check_orgnr(const char *s, char buf[11], struct kverr *e)
{
	struct idnum id;
	enum idnum_reason why = idnum_parse_org(s, &id);

	if (why != IDNUM_OK)
		return kverr_set(e, KVERR_INVALID, "bad_orgnr", "",
				 "The organisation number is not valid: %s",
				 idnum_reason_text(why));
	memcpy(buf, id.canonical, 11);
	return 0;
}

/* "YYYY-MM-DD" for a date in the years 1000–9999; -1 outside them. */
static int format_date(date_t d, char buf[DATE_STRLEN])
{
	int y, m, day;

	date_to_ymd(d, &y, &m, &day);
	if (y < 1000 || y > 9999)
		return -1;
	date_format(d, buf);
	return 0;
}

/*
 * "YYYY-MM-DDTHH:MM:SS" for seconds since 1970-01-01 00:00:00 UTC, in
 * UTC, by whole days and the seconds left (both floored, so that times
 * before 1970 work too); -1 outside the years 1000–9999.  No zone
 * designator follows, the form the banks' guides show; the time only
 * dates the file, it schedules nothing.
 */
static int format_date_time(int64_t t, char buf[32])
{
	int64_t days = t / SECONDS_PER_DAY, secs = t % SECONDS_PER_DAY;
	date_t lo = 0, hi = 0;
	int y, m, d;

	if (secs < 0) {
		secs += SECONDS_PER_DAY;
		days--;
	}
	date_from_ymd(1000, 1, 1, &lo);
	date_from_ymd(9999, 12, 31, &hi);
	if (days < lo || days > hi)
		return -1;
	date_to_ymd((date_t)days, &y, &m, &d);
	snprintf(buf, 32, "%04d-%02d-%02dT%02d:%02d:%02d", y, m, d,
		 (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
	return 0;
}

/* The creditor's account: a bankgiro number, or clearing and account. */
static int check_account(const struct pain_tx *t, struct kverr *e)
{
	char digits[11];

	switch (t->kind) {
	case PAIN_BANKGIRO:
		if (need(t->account, e))
			return kverr_in(e, "account");
		if (!bankgiro_digits(t->account, digits))
			return kverr_set(e, KVERR_INVALID, "bad_bankgiro",
					 "account", "The bankgiro number is not"
					 " valid: 7 or 8 digits, a hyphen only"
					 " before the last four, and a check"
					 " digit that matches.");
		return 0;
	case PAIN_BANK_ACCOUNT:
		if (need(t->clearing, e))
			return kverr_in(e, "clearing");
		if (!clearing_digits(t->clearing, digits))
			return kverr_set(e, KVERR_INVALID, "bad_clearing",
					 "clearing", "The clearing number is 4"
					 " digits, or 5 for Swedbank's 8xxx-x"
					 " with its check digit.");
		if (need(t->account, e))
			return kverr_in(e, "account");
		if (!account_digits(t->account, digits))
			return kverr_set(e, KVERR_INVALID, "bad_account",
					 "account", "The account number is 1 to"
					 " 10 digits; single spaces or hyphens"
					 " may separate them.");
		return 0;
	}
	return kverr_set(e, KVERR_INVALID, "bad_kind", "kind",
			 "Account kind %d is neither a bankgiro number nor a"
			 " bank account.", (int)t->kind);
}

/*
 * Transaction i.  End-to-end ids are compared with every earlier one:
 * quadratic, but a payment run pays at most a few thousand providers.
 */
static int check_tx(const struct pain_doc *doc, int i, struct kverr *e)
{
	const struct pain_tx *t = &doc->tx[i];
	char orgnr[11];
	int j;

	if (check_text(t->end_to_end_id, MAX_ID, e))
		return kverr_in(e, "end_to_end_id");
	for (j = 0; j < i; j++)
		if (strcmp(doc->tx[j].end_to_end_id, t->end_to_end_id) == 0)
			return kverr_set(e, KVERR_INVALID, "duplicate",
					 "end_to_end_id", "tx[%d] has the same"
					 " end-to-end id; each payment needs"
					 " its own.", j);
	if (t->amount <= 0 || t->amount > MONEY_MAX)
		return kverr_set(e, KVERR_INVALID, "bad_amount", "amount",
				 "A payment is more than 0,00 kr and at most a"
				 " trillion kronor.");
	if (check_text(t->creditor_name, MAX_NAME, e))
		return kverr_in(e, "creditor_name");
	if (t->creditor_orgnr && *t->creditor_orgnr &&
	    check_orgnr(t->creditor_orgnr, orgnr, e))
		return kverr_in(e, "creditor_orgnr");
	if (check_account(t, e))
		return -1;
	if (t->remittance && *t->remittance &&
	    check_text(t->remittance, MAX_REMITTANCE, e))
		return kverr_in(e, "remittance");
	return 0;
}

/* The group header's and payment information's own fields. */
static int check_header(const struct pain_doc *doc, struct kverr *e)
{
	char buf[32], orgnr[11];

	if (check_text(doc->msg_id, MAX_ID, e))
		return kverr_in(e, "msg_id");
	if (format_date_time(doc->created_utc, buf))
		return kverr_set(e, KVERR_INVALID, "bad_date", "created_utc",
				 "The creation time must fall in the years"
				 " 1000-9999.");
	if (check_text(doc->pmt_inf_id, MAX_ID, e))
		return kverr_in(e, "pmt_inf_id");
	if (format_date(doc->execution_date, buf))
		return kverr_set(e, KVERR_INVALID, "bad_date",
				 "execution_date", "The execution date must"
				 " fall in the years 1000-9999.");
	if (check_text(doc->debtor_name, MAX_NAME, e))
		return kverr_in(e, "debtor_name");
	if (check_orgnr(doc->debtor_orgnr, orgnr, e))
		return kverr_in(e, "debtor_orgnr");
	if (!pain_iban_valid(doc->debtor_iban))
		return kverr_set(e, KVERR_INVALID, "bad_iban", "debtor_iban",
				 "The debtor's account is not a valid IBAN"
				 " (country, check digits, then letters and"
				 " digits without spaces).");
	if (!swedish_iban(doc->debtor_iban))
		return kverr_set(e, KVERR_INVALID, "bad_iban", "debtor_iban",
				 "The debtor's account must be a Swedish IBAN:"
				 " SE and 22 digits.");
	if (!bic_valid(doc->debtor_bic))
		return kverr_set(e, KVERR_INVALID, "bad_bic", "debtor_bic",
				 "The BIC is 8 or 11 capital letters and"
				 " digits: bank, country, location and"
				 " perhaps branch.");
	return 0;
}

/* The whole document, and the sum of its amounts into *total. */
static int check_doc(const struct pain_doc *doc, ore_t *total,
		     struct kverr *e)
{
	int i;

	if (check_header(doc, e))
		return -1;
	if (doc->n < 0 || (doc->n > 0 && !doc->tx))
		return kverr_set(e, KVERR_INVALID, "bad_count", "tx",
				 "The count %d does not match the list.",
				 doc->n);
	if (doc->n == 0)
		return kverr_set(e, KVERR_INVALID, "empty", "tx",
				 "The file has no payments; a bank file must"
				 " hold at least one.");
	*total = 0;
	for (i = 0; i < doc->n; i++) {
		if (check_tx(doc, i, e))
			return kverr_at(e, "tx", i);
		/* Each amount is at most MONEY_MAX, so this cannot
		 * overflow, and CtrlSum keeps within 18 digits. */
		if (doc->tx[i].amount > MONEY_MAX - *total)
			return kverr_set(e, KVERR_INVALID, "too_large", "tx",
					 "The payments sum to more than a"
					 " trillion kronor.");
		*total += doc->tx[i].amount;
	}
	return 0;
}

/* ------------------------------------------------------------ writing */

/* Nested elements, each on its own line, indented two spaces a level. */
struct xml {
	struct strbuf *sb;
	int depth;
};

static void indent(struct xml *x)
{
	int i;

	for (i = 0; i < x->depth; i++)
		strbuf_add(x->sb, "  ", 2);
}

static void open_tag(struct xml *x, const char *tag)
{
	indent(x);
	strbuf_addf(x->sb, "<%s>\n", tag);
	x->depth++;
}

static void close_tag(struct xml *x, const char *tag)
{
	x->depth--;
	indent(x);
	strbuf_addf(x->sb, "</%s>\n", tag);
}

/* s with the five characters XML reserves written as entities; the
 * rest, checked UTF-8, is copied as it is. */
static void put_escaped(struct strbuf *sb, const char *s)
{
	const char *run = s, *ent;

	for (; *s; s++) {
		switch (*s) {
		case '&':  ent = "&amp;";  break;
		case '<':  ent = "&lt;";   break;
		case '>':  ent = "&gt;";   break;
		case '"':  ent = "&quot;"; break;
		case '\'': ent = "&apos;"; break;
		default:   continue;
		}
		strbuf_add(sb, run, (size_t)(s - run));
		strbuf_adds(sb, ent);
		run = s + 1;
	}
	strbuf_add(sb, run, (size_t)(s - run));
}

/* <tag>text</tag>. */
static void leaf(struct xml *x, const char *tag, const char *text)
{
	indent(x);
	strbuf_addf(x->sb, "<%s>", tag);
	put_escaped(x->sb, text);
	strbuf_addf(x->sb, "</%s>\n", tag);
}

/* <tag attrs>1234.50</tag>: öre as the schema's decimal, for the
 * positive amounts and sums checked above. */
static void amount_leaf(struct xml *x, const char *tag, const char *attrs,
			ore_t ore)
{
	indent(x);
	strbuf_addf(x->sb, "<%s%s>%lld.%02lld</%s>\n", tag, attrs,
		    (long long)(ore / 100), (long long)(ore % 100), tag);
}

/* <outer><Cd>code</Cd></outer>, or Prtry for a proprietary code. */
static void coded(struct xml *x, const char *outer, const char *kind,
		  const char *code)
{
	open_tag(x, outer);
	leaf(x, kind, code);
	close_tag(x, outer);
}

/* Id/OrgId/Othr with the organisation number, and a scheme code when
 * one is given. */
static void org_id(struct xml *x, const char *digits, const char *scheme)
{
	open_tag(x, "Id");
	open_tag(x, "OrgId");
	open_tag(x, "Othr");
	leaf(x, "Id", digits);
	if (scheme)
		coded(x, "SchmeNm", "Cd", scheme);
	close_tag(x, "Othr");
	close_tag(x, "OrgId");
	close_tag(x, "Id");
}

static void write_group_header(struct xml *x, const struct pain_doc *doc,
			       ore_t total)
{
	char buf[32], orgnr[11];

	open_tag(x, "GrpHdr");
	leaf(x, "MsgId", doc->msg_id);
	format_date_time(doc->created_utc, buf);
	leaf(x, "CreDtTm", buf);
	snprintf(buf, sizeof(buf), "%d", doc->n);
	leaf(x, "NbOfTxs", buf);
	amount_leaf(x, "CtrlSum", "", total);
	open_tag(x, "InitgPty");
	leaf(x, "Nm", doc->debtor_name);
	check_orgnr(doc->debtor_orgnr, orgnr, NULL);
	org_id(x, orgnr, "BANK");
	close_tag(x, "InitgPty");
	close_tag(x, "GrpHdr");
}

/* The creditor agent: Bankgirot's member 9900 for a bankgiro number,
 * the clearing number for a bank account, both in SESBA. */
static void write_creditor_agent(struct xml *x, const struct pain_tx *t)
{
	char clearing[6];

	open_tag(x, "CdtrAgt");
	open_tag(x, "FinInstnId");
	open_tag(x, "ClrSysMmbId");
	coded(x, "ClrSysId", "Cd", "SESBA");
	if (t->kind == PAIN_BANKGIRO) {
		leaf(x, "MmbId", "9900");
	} else {
		clearing_digits(t->clearing, clearing);
		leaf(x, "MmbId", clearing);
	}
	close_tag(x, "ClrSysMmbId");
	close_tag(x, "FinInstnId");
	close_tag(x, "CdtrAgt");
}

/* The creditor's account as digits only: BGNR or BBAN. */
static void write_creditor_account(struct xml *x, const struct pain_tx *t)
{
	char digits[11];

	open_tag(x, "CdtrAcct");
	open_tag(x, "Id");
	open_tag(x, "Othr");
	if (t->kind == PAIN_BANKGIRO) {
		bankgiro_digits(t->account, digits);
		leaf(x, "Id", digits);
		coded(x, "SchmeNm", "Prtry", "BGNR");
	} else {
		account_digits(t->account, digits);
		leaf(x, "Id", digits);
		coded(x, "SchmeNm", "Cd", "BBAN");
	}
	close_tag(x, "Othr");
	close_tag(x, "Id");
	close_tag(x, "CdtrAcct");
}

static void write_tx(struct xml *x, const struct pain_tx *t)
{
	char orgnr[11];

	open_tag(x, "CdtTrfTxInf");
	open_tag(x, "PmtId");
	leaf(x, "EndToEndId", t->end_to_end_id);
	close_tag(x, "PmtId");
	open_tag(x, "Amt");
	amount_leaf(x, "InstdAmt", " Ccy=\"SEK\"", t->amount);
	close_tag(x, "Amt");
	write_creditor_agent(x, t);
	open_tag(x, "Cdtr");
	leaf(x, "Nm", t->creditor_name);
	if (t->creditor_orgnr && *t->creditor_orgnr) {
		check_orgnr(t->creditor_orgnr, orgnr, NULL);
		org_id(x, orgnr, NULL);
	}
	close_tag(x, "Cdtr");
	write_creditor_account(x, t);
	if (t->remittance && *t->remittance) {
		open_tag(x, "RmtInf");
		leaf(x, "Ustrd", t->remittance);
		close_tag(x, "RmtInf");
	}
	close_tag(x, "CdtTrfTxInf");
}

static void write_payment_info(struct xml *x, const struct pain_doc *doc,
			       ore_t total)
{
	char buf[32];
	int i;

	open_tag(x, "PmtInf");
	leaf(x, "PmtInfId", doc->pmt_inf_id);
	leaf(x, "PmtMtd", "TRF");
	leaf(x, "BtchBookg", "false");
	snprintf(buf, sizeof(buf), "%d", doc->n);
	leaf(x, "NbOfTxs", buf);
	amount_leaf(x, "CtrlSum", "", total);
	open_tag(x, "PmtTpInf");
	coded(x, "SvcLvl", "Cd", "NURG");
	coded(x, "CtgyPurp", "Cd", "SUPP");
	close_tag(x, "PmtTpInf");
	format_date(doc->execution_date, buf);
	leaf(x, "ReqdExctnDt", buf);
	open_tag(x, "Dbtr");
	leaf(x, "Nm", doc->debtor_name);
	close_tag(x, "Dbtr");
	open_tag(x, "DbtrAcct");
	open_tag(x, "Id");
	leaf(x, "IBAN", doc->debtor_iban);
	close_tag(x, "Id");
	leaf(x, "Ccy", "SEK");
	close_tag(x, "DbtrAcct");
	open_tag(x, "DbtrAgt");
	open_tag(x, "FinInstnId");
	leaf(x, "BIC", doc->debtor_bic);
	close_tag(x, "FinInstnId");
	close_tag(x, "DbtrAgt");
	for (i = 0; i < doc->n; i++)
		write_tx(x, &doc->tx[i]);
	close_tag(x, "PmtInf");
}

int pain001_write(const struct pain_doc *doc, struct strbuf *out,
		  struct kverr *e)
{
	struct strbuf sb = STRBUF_INIT;
	struct xml x = { &sb, 0 };
	ore_t total = 0;

	if (!doc || !out)
		return kverr_set(e, KVERR_INTERNAL, "bad_argument", "",
				 "No document or no buffer to write it to.");
	if (check_doc(doc, &total, e))
		return -1;
	strbuf_adds(&sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		    "<Document xmlns=\"" PAIN_NS "\">\n");
	x.depth = 1;
	open_tag(&x, "CstmrCdtTrfInitn");
	write_group_header(&x, doc, total);
	write_payment_info(&x, doc, total);
	close_tag(&x, "CstmrCdtTrfInitn");
	strbuf_adds(&sb, "</Document>\n");
	if (sb.failed) {
		strbuf_release(&sb);
		return kverr_set(e, KVERR_INTERNAL, "out_of_memory", "",
				 "Out of memory writing the payment file.");
	}
	strbuf_add(out, sb.buf, sb.len);
	strbuf_release(&sb);
	if (out->failed)
		return kverr_set(e, KVERR_INTERNAL, "out_of_memory", "",
				 "Out of memory writing the payment file.");
	return 0;
}
