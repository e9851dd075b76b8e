/*
 * sie.h — writing an SIE 4i file: vouchers for the authority's
 * bookkeeping system (SIE-Gruppen's format 4, "i" for import of
 * vouchers).  One #VER per provider and payment run, each with balanced
 * #TRANS lines carrying the programme and provider as objects (#DIM 20
 * and 21, the user-defined range).  The file is CP437 (#FORMAT PC8) with
 * CRLF line ends, as the format requires.
 *
 * Pure: the caller gives the whole document; the writer checks it
 * (balanced vouchers, known accounts and objects) and produces the bytes.
 */
#ifndef SIE_H
#define SIE_H

#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/kverr.h"
#include "core/money.h"
#include "core/strbuf.h"

#define SIE_MAX_OBJECTS 4

struct sie_object_ref {
	int dim;                     /* 20 programme, 21 provider */
	const char *id;              /* object id within the dimension */
};

struct sie_trans {
	const char *account;         /* "5811" */
	int n_objects;
	struct sie_object_ref objects[SIE_MAX_OBJECTS];
	ore_t amount;                /* debit positive, credit negative */
	const char *text;            /* may be NULL */
};

struct sie_ver {
	const char *series;          /* "A" */
	int64_t number;              /* unique within the series, > 0 */
	date_t date;                 /* the voucher date */
	const char *text;
	int n;
	const struct sie_trans *trans;  /* must sum to 0 */
};

struct sie_dim { int dim; const char *name; };
struct sie_object { int dim; const char *id; const char *name; };
struct sie_account { const char *number; const char *name; };

struct sie_doc {
	const char *program, *program_version;   /* #PROGRAM */
	date_t generated;                         /* #GEN */
	const char *orgnr;                        /* #ORGNR, "NNNNNN-NNNN" */
	const char *company;                      /* #FNAMN */
	int n_dims;
	const struct sie_dim *dims;
	int n_objects;
	const struct sie_object *objects;
	int n_accounts;
	const struct sie_account *accounts;
	int n_vers;
	const struct sie_ver *vers;
};

/*
 * Append the file to out.  Refuses (KVERR_INVALID, naming the voucher or
 * line) an unbalanced voucher, an account or object not declared in the
 * document, an empty voucher, and text that cannot be written in CP437.
 * Strings are UTF-8 in, CP437 out, quoted with \" and \\ escaped.
 */
int sie_write(const struct sie_doc *doc, struct strbuf *out, struct kverr *e);

/* Copy a UTF-8 name into out so that sie_write accepts it: a character
 * CP437 lacks becomes '?', a control character a space (a provider's
 * name with "ø" must not stop the bookkeeping export). */
void sie_fit_text(const char *utf8, char *out, size_t size);

/* The amount as SIE writes it: "1234.50", "-0.05", "0.00". */
void sie_format_amount(ore_t amount, char buf[MONEY_STRLEN]);

#endif
