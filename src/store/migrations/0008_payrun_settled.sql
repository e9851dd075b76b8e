-- 0008_payrun_settled.sql — what the ledger holds for a participation,
-- remembered, so the monthly run need not read its whole history (P-14).
--
-- A row says: when the participation had `postings` keyed postings, the
-- last of them `last_posting`, they added up, key by key, to exactly the
-- engine's lines due up to `through`, in the engine's order — `digest` is
-- a BLAKE2b-128 hash of their (key, amount) pairs (src/app/payrun_settled.c).
-- The ledger is append-only, so while the count and the last id are the
-- same the row is true.  The next run recomputes every line from the
-- facts as always; when the lines due up to `through` hash to the same
-- digest, the ledger already holds them and only later lines are new, so
-- the postings are not read.  Anything else — a changed fact, a
-- retroactive rulebook value, a posting from elsewhere — and the run reads
-- the ledger and settles in full.  It is a cache: deleting every row
-- changes no result, only the time the next run takes.
CREATE TABLE payrun_settled (
  participation_id INTEGER PRIMARY KEY,
  through     TEXT NOT NULL,                 -- YYYY-MM
  digest      TEXT NOT NULL,                 -- 32 hex digits
  postings    INTEGER NOT NULL,              -- keyed postings then
  last_posting INTEGER NOT NULL              -- the highest id of them
);
