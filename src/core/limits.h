/*
 * limits.h — every bound on input, in one place ("put a limit on
 * everything").  Entry points check against these before anything is
 * copied or stored, and the messages they give quote these numbers.
 */
#ifndef LIMITS_H
#define LIMITS_H

#define LIMIT_JSON_BODY        (1024 * 1024)  /* bytes of a JSON request body */
#define LIMIT_NAME             200    /* bytes: names, titles, addresses */
#define LIMIT_CODE             40     /* bytes: short codes (programme, area) */
#define LIMIT_TEXT             4000   /* bytes: free text (reasons, descriptions) */
#define LIMIT_USERNAME         64
#define LIMIT_PASSWORD_MIN     10
#define LIMIT_PASSWORD_MAX     256
#define LIMIT_EMAIL            254
#define LIMIT_LIST             300    /* items in any list in a request */
#define LIMIT_SERVICES         30
#define LIMIT_LANGUAGES        30
#define LIMIT_LOCATIONS        60
#define LIMIT_REFERENCES       20
#define LIMIT_PAGE             500    /* rows in one page of a listing */
#define LIMIT_SESSION_SECONDS  (8 * 3600)
#define LIMIT_CSV_LINE         1024
#define LIMIT_EVIDENCE_BYTES   (700 * 1024)  /* one evidence file, decoded (P-8) */
#define LIMIT_ONETIME_SECONDS  (10 * 60)  /* a one-time sign-in code lives this long */
#define LIMIT_ONETIME_ATTEMPTS 5      /* wrong tries before a code dies */
#define LIMIT_ONETIME_PER_HOUR 5      /* codes one person may ask for in an hour */

#endif
