/*
 * csvrow.h — reading the CSV files the authority imports (employers'
 * income returns, survey answers, the providers' supervisors) one line at
 * a time, with the line's number for the error.
 *
 * The text is split in place: fields point into it.  A field may be
 * quoted ("Ek, Anna", a quote doubled inside); a quoted field does not
 * span lines.  Lines end in LF or CR LF; a UTF-8 byte-order mark before
 * the first line is skipped (spreadsheets write one).  Every line is
 * bounded by LIMIT_CSV_LINE.  No I/O: the caller has the whole text.
 */
#ifndef CSVROW_H
#define CSVROW_H

#include <stddef.h>

#include "core/kverr.h"

#define CSVROW_MAX_FIELDS 24

struct csvrow_reader {
	char *next;        /* the rest of the text, NULL at the end */
	size_t line;       /* the number of the line last read, from 1 */
};

void csvrow_init(struct csvrow_reader *r, char *text);

/*
 * The next line: 1 with its fields in f[0 … min(*n, max) - 1] and *n the
 * number of fields it has (0 for a blank line, more than max when it has
 * too many); 0 at the end of the text; -1 with e when the line is too
 * long or a quote is not closed (field "csv", message "Line N: …").
 */
int csvrow_next(struct csvrow_reader *r, char **f, int max, int *n,
		struct kverr *e);

/* True when the n fields are exactly the comma-separated names of header
 * ("a,b,c"). */
int csvrow_header_is(char *const *f, int n, const char *header);

/*
 * An error about line `line` of the file: field "csv[LINE].COLUMN" (or
 * "csv[LINE]" when column is NULL) and a message "Line LINE, COLUMN: …".
 * Returns -1.  The message must never quote an identity number.
 */
int csvrow_fail(struct kverr *e, size_t line, const char *column,
		const char *code, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

#endif
