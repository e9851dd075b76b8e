-- 0003_payrun.sql — the monthly payment run (P-1, P-2, P-4, P-8, P-12,
-- P-14, Q-7): an append-only, double-entry ledger of vouchers and postings,
-- the runs that prepare and approve them, and what the exports need.

-- Where the money goes (pain.001): a bankgiro, or a clearing and account.
ALTER TABLE providers ADD COLUMN bankgiro TEXT;
ALTER TABLE providers ADD COLUMN bank_clearing TEXT;
ALTER TABLE providers ADD COLUMN bank_account TEXT;

-- P-9 looks at the residence when an outcome began; a move ends the
-- participation, so the residence at its start is the one that counts.
ALTER TABLE participations ADD COLUMN municipality_code TEXT;
UPDATE participations SET municipality_code = (SELECT j.municipality_code
  FROM jobseekers j WHERE j.id = participations.jobseeker_id);

-- One run per month; prepared (perhaps several times while a draft) and
-- approved by another controller (four eyes, Q-7).
CREATE TABLE payruns (
  id          INTEGER PRIMARY KEY,
  period      TEXT NOT NULL UNIQUE,          -- YYYY-MM: what falls due by then
  status      TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','approved')),
  created_by  INTEGER REFERENCES users(id),
  created_at  INTEGER NOT NULL,
  approved_by INTEGER REFERENCES users(id),
  approved_at INTEGER,
  delegation  TEXT,                          -- Q-7: under which delegation
  execution_date TEXT                        -- the day the bank pays
);

-- Each preparation of a run.  An unfinished one is resumed, with its own
-- time, so a preparation killed half-way and run again writes exactly
-- what an uninterrupted one writes.
CREATE TABLE payrun_preparations (
  id          INTEGER PRIMARY KEY,
  payrun_id   INTEGER NOT NULL REFERENCES payruns(id),
  prepared_by INTEGER REFERENCES users(id),
  started_at  INTEGER NOT NULL,
  done_through INTEGER NOT NULL DEFAULT 0,   -- participations done, by id
  finished_at INTEGER,
  lines       INTEGER NOT NULL DEFAULT 0,
  amount      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX payrun_preparations_run ON payrun_preparations(payrun_id, id);

-- Participations the engine could not compute in a preparation, and why.
CREATE TABLE payrun_problems (
  preparation_id INTEGER NOT NULL REFERENCES payrun_preparations(id),
  participation_id INTEGER NOT NULL REFERENCES participations(id),
  code        TEXT NOT NULL,
  message     TEXT NOT NULL,
  PRIMARY KEY (preparation_id, participation_id)
);

CREATE TABLE vouchers (
  id          INTEGER PRIMARY KEY,
  payrun_id   INTEGER NOT NULL REFERENCES payruns(id),
  preparation_id INTEGER REFERENCES payrun_preparations(id),
  provider_id INTEGER NOT NULL REFERENCES providers(id),
  kind        TEXT NOT NULL CHECK (kind IN ('earned','payment')),
  text        TEXT NOT NULL,
  recorded_at INTEGER NOT NULL
);
CREATE INDEX vouchers_run ON vouchers(payrun_id, provider_id);

-- Postings: debit positive, credit negative; each voucher sums to zero.
-- A cost posting pays one engine key of one participation; idem_key names
-- it with its sequence (0 the first payment, 1 … each correction), so the
-- same thing is never paid twice.
CREATE TABLE postings (
  id          INTEGER PRIMARY KEY,
  voucher_id  INTEGER NOT NULL REFERENCES vouchers(id),
  account     TEXT NOT NULL,
  programme_id INTEGER REFERENCES programmes(id),
  provider_id INTEGER NOT NULL REFERENCES providers(id),
  participation_id INTEGER REFERENCES participations(id),
  kind        TEXT NOT NULL CHECK (kind IN ('line','correction','clawback',
                'payable','payment','offset','carry')),
  component   TEXT,                          -- base, result … (cost postings)
  track       INTEGER,
  period      TEXT NOT NULL,                 -- the month it is for
  due         TEXT NOT NULL,                 -- the month it fell due
  amount      INTEGER NOT NULL,
  engine_key  TEXT,
  seq         INTEGER,
  idem_key    TEXT UNIQUE,
  corrects    INTEGER REFERENCES postings(id),
  rule        TEXT,
  explain     TEXT,
  recorded_at INTEGER NOT NULL
);
CREATE INDEX postings_paid ON postings(participation_id, engine_key);
CREATE INDEX postings_voucher ON postings(voucher_id);
CREATE INDEX postings_account ON postings(account, provider_id);

-- Append-only: the ledger is never rewritten (P-14).
CREATE TRIGGER postings_append_only_u BEFORE UPDATE ON postings
BEGIN SELECT RAISE(ABORT, 'postings are append-only'); END;
CREATE TRIGGER postings_append_only_d BEFORE DELETE ON postings
BEGIN SELECT RAISE(ABORT, 'postings are append-only'); END;
CREATE TRIGGER vouchers_append_only_u BEFORE UPDATE ON vouchers
BEGIN SELECT RAISE(ABORT, 'vouchers are append-only'); END;
CREATE TRIGGER vouchers_append_only_d BEFORE DELETE ON vouchers
BEGIN SELECT RAISE(ABORT, 'vouchers are append-only'); END;
