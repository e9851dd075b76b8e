/*
 * onetime.h — signing a jobseeker in with a one-time code (issue 8 §1):
 * the jobseeker gives their personnummer, the authority's channel brings
 * a six-digit code (in a demo database the answer carries it, so it can
 * be shown on screen), and the code opens a session.  Codes are stored
 * hashed, expire after LIMIT_ONETIME_SECONDS, allow
 * LIMIT_ONETIME_ATTEMPTS wrong tries, are used once, and every step is
 * audited.  The personnummer never leaves app/: the answers name the
 * jobseeker by account only.
 */
#ifndef ONETIME_H
#define ONETIME_H

#include "app/app.h"

/* Public.  in {personnummer}; out {channel: "demo"|"authority",
 * expires_at, ticket, code (demo only)}.  The ticket (64 hex) is what the
 * code is entered against, so the second step needs no personnummer.
 * Outside a demo an unknown number gets the same answer as a known one
 * (a ticket that matches nothing), and nothing is written. */
int app_onetime_request(struct app_ctx *cx, json_t *in, json_t **out,
			struct kverr *e);

/* Public.  in {ticket, code}; out {signed_in: true, token, user} or
 * {signed_in: false, reason: "wrong_code"|"expired"|"too_many_attempts"}.
 * A wrong try is an answer, not an error, so that the count of tries is
 * kept (an error would roll it back). */
int app_onetime_verify(struct app_ctx *cx, json_t *in, json_t **out,
		       struct kverr *e);

#endif
