-- 0007_web.sql — signing in to the web pages with a one-time code
-- (issue 8 §1): a jobseeker gives their personnummer and gets a six-digit
-- code by the authority's channel (shown on screen in the demo only), and
-- the browser a ticket that the code is entered against, so the second
-- step carries no personnummer.
-- Only a keyed BLAKE2b hash of the code is stored, with its own salt; a
-- code lives a few minutes, dies after a few wrong tries, and is used
-- once.  Portable SQL only; timestamps are UTC seconds.

CREATE TABLE onetime_codes (
  id          INTEGER PRIMARY KEY,
  jobseeker_id INTEGER NOT NULL REFERENCES jobseekers(id),
  ticket_hash TEXT NOT NULL UNIQUE,      -- BLAKE2b of the browser's ticket, hex
  code_hash   TEXT NOT NULL,             -- BLAKE2b-256 of the code keyed by salt, hex
  salt        TEXT NOT NULL,             -- 16 random bytes, hex
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL,
  attempts    INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  ended       TEXT CHECK (ended IN ('used','superseded','expired','too_many_attempts')),
  ended_at    INTEGER                    -- NULL while the code can still be used
);
CREATE INDEX onetime_codes_jobseeker ON onetime_codes(jobseeker_id, id);
