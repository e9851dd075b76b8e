/*
 * pain001.h — writing an ISO 20022 pain.001.001.03 credit transfer
 * initiation: the payment run's payments to providers, one transaction
 * per provider, in SEK, as Swedish banks accept them (Bankföreningen's
 * common interpretation): to a bankgiro number (Othr/Id with
 * SchmeNm/Prtry "BGNR", creditor agent clearing system SESBA member
 * 9900) or to a bank account (clearing number as the agent's SESBA
 * member, the account as BBAN).  Also the checks on those numbers.
 *
 * Pure: the caller gives the document; the writer checks it and produces
 * UTF-8 XML that validates against the official schema.
 */
#ifndef PAIN001_H
#define PAIN001_H

#include <stdbool.h>
#include <stdint.h>

#include "core/date.h"
#include "core/kverr.h"
#include "core/money.h"
#include "core/strbuf.h"

enum pain_account_kind { PAIN_BANKGIRO = 0, PAIN_BANK_ACCOUNT };

struct pain_tx {
	const char *end_to_end_id;   /* ≤ 35 characters, unique in the file */
	ore_t amount;                /* > 0 */
	const char *creditor_name;   /* ≤ 70 characters */
	const char *creditor_orgnr;  /* "NNNNNN-NNNN", may be NULL */
	enum pain_account_kind kind;
	const char *account;         /* bankgiro "NNN-NNNN"/"NNNN-NNNN", or the
				      * account number without clearing */
	const char *clearing;        /* PAIN_BANK_ACCOUNT: 4–5 digits */
	const char *remittance;      /* unstructured, ≤ 140 characters */
};

struct pain_doc {
	const char *msg_id;          /* ≤ 35 characters */
	int64_t created_utc;         /* CreDtTm, written as UTC */
	const char *pmt_inf_id;      /* ≤ 35 characters */
	date_t execution_date;       /* ReqdExctnDt */
	const char *debtor_name;     /* the authority */
	const char *debtor_orgnr;
	const char *debtor_iban;     /* the authority's account, "SE.." */
	const char *debtor_bic;      /* its bank, 8 or 11 characters */
	int n;
	const struct pain_tx *tx;
};

/*
 * Append the XML to out.  Refuses (KVERR_INVALID naming the transaction
 * and field) a non-positive amount, an invalid bankgiro or account,
 * over-long identifiers or names, duplicate end-to-end ids and an empty
 * document.  NbOfTxs and CtrlSum are computed, in the group header and
 * the payment information.
 */
int pain001_write(const struct pain_doc *doc, struct strbuf *out,
		  struct kverr *e);

/* A bankgiro number: 7 or 8 digits (a hyphen before the last four is
 * allowed) whose last digit is the Luhn check of the rest. */
bool pain_bankgiro_valid(const char *s);

/* A Swedish clearing number (4 digits, or 5 for Swedbank's 8xxx-x) and an
 * account number of 1–10 digits (spaces and hyphens allowed in input). */
bool pain_clearing_valid(const char *s);
bool pain_account_valid(const char *s);

/* An IBAN: country, check digits mod 97, length 15–34. */
bool pain_iban_valid(const char *s);

#endif
