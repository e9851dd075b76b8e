-- 0006_quality.sql — the authority's quality follow-up: survey answers
-- (D-4, R-2), the providers' supervisors (D-1, D-2), quality reviews and
-- their findings (D-9), and the sanctions — warnings with a deadline
-- (D-10), temporary order stops and penalties (F-6) — each recording who
-- decided, under which delegation, when and why (Q-7).  Termination and
-- the one-year bar are decisions and admissions of 0001 (Q-6).
-- Portable SQL only; dates 'YYYY-MM-DD', money in öre.

-- One imported survey file; the same file twice is refused by its hash.
CREATE TABLE survey_batches (
  id          INTEGER PRIMARY KEY,
  sha256      TEXT NOT NULL UNIQUE,
  lines       INTEGER NOT NULL,
  imported_by INTEGER REFERENCES users(id),
  created_at  INTEGER NOT NULL
);

-- One respondent's answers; items scored 1 … 5, NULL when not answered.
-- Anonymous: no person is named.
CREATE TABLE survey_answers (
  id          INTEGER PRIMARY KEY,
  batch_id    INTEGER NOT NULL REFERENCES survey_batches(id),
  line        INTEGER NOT NULL,
  respondent  TEXT NOT NULL CHECK (respondent IN ('participant','employer','municipality')),
  provider_id INTEGER NOT NULL REFERENCES providers(id),
  area_id     INTEGER NOT NULL REFERENCES delivery_areas(id),
  answered_on TEXT NOT NULL,
  quality     INTEGER CHECK (quality BETWEEN 1 AND 5),
  accessibility INTEGER CHECK (accessibility BETWEEN 1 AND 5),
  responsiveness INTEGER CHECK (responsiveness BETWEEN 1 AND 5),
  scope       INTEGER CHECK (scope BETWEEN 1 AND 5),
  matching    INTEGER CHECK (matching BETWEEN 1 AND 5),
  good_accessibility INTEGER CHECK (good_accessibility IN (0,1))   -- D-4
);
CREATE INDEX survey_answers_provider ON survey_answers(provider_id, area_id, answered_on);

-- D-1, D-2: a supervisor's post with a provider in a delivery area; the
-- provider's own reference names it, so a new file replaces the post.
CREATE TABLE supervisors (
  id          INTEGER PRIMARY KEY,
  provider_id INTEGER NOT NULL REFERENCES providers(id),
  area_id     INTEGER NOT NULL REFERENCES delivery_areas(id),
  ref         TEXT NOT NULL,
  name        TEXT NOT NULL,
  credits     INTEGER NOT NULL CHECK (credits >= 0),
  upper_secondary INTEGER NOT NULL CHECK (upper_secondary IN (0,1)),
  work_months INTEGER NOT NULL CHECK (work_months >= 0),
  fte_percent INTEGER NOT NULL CHECK (fte_percent BETWEEN 1 AND 100),
  from_on     TEXT NOT NULL,
  to_on       TEXT,
  qualified   INTEGER NOT NULL CHECK (qualified IN (0,1)),
  qualified_reason TEXT NOT NULL,
  registered_by INTEGER REFERENCES users(id),
  updated_at  INTEGER NOT NULL,
  UNIQUE (provider_id, area_id, ref)
);

-- D-9: reviews planned and held, per provider and area.
CREATE TABLE quality_reviews (
  id          INTEGER PRIMARY KEY,
  provider_id INTEGER NOT NULL REFERENCES providers(id),
  area_id     INTEGER NOT NULL REFERENCES delivery_areas(id),
  kind        TEXT NOT NULL CHECK (kind IN ('scheduled','extra')),
  planned_on  TEXT NOT NULL,
  reason      TEXT NOT NULL,
  status      TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned','held')),
  held_on     TEXT,
  summary     TEXT,
  planned_by  INTEGER REFERENCES users(id),
  held_by     INTEGER REFERENCES users(id),
  created_at  INTEGER NOT NULL
);
CREATE INDEX quality_reviews_provider ON quality_reviews(provider_id, area_id);

CREATE TABLE review_findings (
  id          INTEGER PRIMARY KEY,
  review_id   INTEGER NOT NULL REFERENCES quality_reviews(id),
  requirement TEXT NOT NULL,             -- the rule: D-1 … D-11, Q-5, or 'other'
  severity    TEXT NOT NULL CHECK (severity IN ('observation','shortcoming')),
  text        TEXT NOT NULL,
  recorded_by INTEGER REFERENCES users(id),
  created_at  INTEGER NOT NULL
);
CREATE INDEX review_findings_review ON review_findings(review_id);

-- D-10, Q-7: a warning names the problems and a deadline; after it the
-- officer records whether they were put right.
CREATE TABLE warnings (
  id          INTEGER PRIMARY KEY,
  provider_id INTEGER NOT NULL REFERENCES providers(id),
  area_id     INTEGER NOT NULL REFERENCES delivery_areas(id),
  review_id   INTEGER REFERENCES quality_reviews(id),
  problems    TEXT NOT NULL,
  deadline    TEXT NOT NULL,
  decided_by  INTEGER NOT NULL REFERENCES users(id),
  delegation  TEXT NOT NULL,
  decided_on  TEXT NOT NULL,
  status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','remedied','not_remedied')),
  followed_up_by INTEGER REFERENCES users(id),
  followed_up_on TEXT,
  follow_up_reason TEXT,
  follow_up_delegation TEXT,
  created_at  INTEGER NOT NULL
);
CREATE INDEX warnings_provider ON warnings(provider_id, area_id);

-- F-6, Q-7: no new participants, by choice or non-choice, from from_on to
-- until_on (or the day before lifted_on); those already there stay.
CREATE TABLE order_stops (
  id          INTEGER PRIMARY KEY,
  provider_id INTEGER NOT NULL REFERENCES providers(id),
  area_id     INTEGER NOT NULL REFERENCES delivery_areas(id),
  warning_id  INTEGER REFERENCES warnings(id),
  from_on     TEXT NOT NULL,
  until_on    TEXT NOT NULL,
  reason      TEXT NOT NULL,
  decided_by  INTEGER NOT NULL REFERENCES users(id),
  delegation  TEXT NOT NULL,
  decided_on  TEXT NOT NULL,
  lifted_on   TEXT,
  lifted_by   INTEGER REFERENCES users(id),
  lift_reason TEXT,
  lift_delegation TEXT,
  created_at  INTEGER NOT NULL
);
CREATE INDEX order_stops_area ON order_stops(area_id, provider_id, from_on);

-- F-6, Q-7: a penalty (vite).  The next approved payment run sets it off
-- against what the provider is paid; its ledger posting carries the
-- idempotency key 'vite/<id>', so it is booked once (app/sanctions.c).
CREATE TABLE penalties (
  id          INTEGER PRIMARY KEY,
  provider_id INTEGER NOT NULL REFERENCES providers(id),
  area_id     INTEGER NOT NULL REFERENCES delivery_areas(id),
  warning_id  INTEGER REFERENCES warnings(id),
  review_id   INTEGER REFERENCES quality_reviews(id),
  amount_ore  INTEGER NOT NULL CHECK (amount_ore > 0),
  reason      TEXT NOT NULL,
  decided_by  INTEGER NOT NULL REFERENCES users(id),
  delegation  TEXT NOT NULL,
  decided_on  TEXT NOT NULL,
  created_at  INTEGER NOT NULL
);
CREATE INDEX penalties_provider ON penalties(provider_id, decided_on);
