-- 0005_rating.sql — the provider rating (R-1, R-3, C-4): rounds measured on
-- a date and kept for good, the market's expected rates and star cut points
-- per programme, and one row per provider and delivery area with observed
-- and expected results, the ratio and its interval, stars or the reason
-- there are none.  Fixed point: results × 100, the rest × 1,000,000.
-- Portable SQL only; dates 'YYYY-MM-DD'.

CREATE TABLE rating_rounds (
  id          INTEGER PRIMARY KEY,
  measured_on TEXT NOT NULL,                 -- the measurement date
  window_from TEXT NOT NULL,                 -- R-1: participations that started
  window_to   TEXT NOT NULL,                 --      from … through (inclusive)
  params      TEXT NOT NULL,                 -- JSON: the parameters in force
  status      TEXT NOT NULL DEFAULT 'computed'
                CHECK (status IN ('computed','published')),
  computed_by INTEGER REFERENCES users(id),
  computed_at INTEGER NOT NULL,
  published_on TEXT,                         -- R-3: on the schedule
  published_by INTEGER REFERENCES users(id),
  published_at INTEGER
);
CREATE INDEX rating_rounds_published ON rating_rounds(status, measured_on);

-- Per programme: the whole market's figures, the risk cells' expected rates
-- (JSON [{kind, index, participants, results_pct, rate_ppm}]) and the ratio
-- at each star cut point.
CREATE TABLE rating_programmes (
  round_id    INTEGER NOT NULL REFERENCES rating_rounds(id),
  programme_id INTEGER NOT NULL REFERENCES programmes(id),
  rulebook    TEXT NOT NULL,
  participants INTEGER NOT NULL,
  results_pct INTEGER NOT NULL,
  rated       INTEGER NOT NULL,
  cells       TEXT NOT NULL,
  cut2_ppm    INTEGER,
  cut3_ppm    INTEGER,
  cut4_ppm    INTEGER,
  PRIMARY KEY (round_id, programme_id)
);

CREATE TABLE rating_rows (
  round_id    INTEGER NOT NULL REFERENCES rating_rounds(id),
  programme_id INTEGER NOT NULL REFERENCES programmes(id),
  provider_id INTEGER NOT NULL REFERENCES providers(id),
  area_id     INTEGER NOT NULL REFERENCES delivery_areas(id),
  months_operating INTEGER NOT NULL,
  participants INTEGER NOT NULL,
  observed_pct INTEGER NOT NULL,             -- results × 100 (reduced: its share)
  expected_ppm INTEGER NOT NULL,             -- expected results × 1,000,000
  reason      TEXT NOT NULL CHECK (reason IN ('rated','too_few_participants',
                'too_short_operation','no_expected')),
  ratio_ppm   INTEGER,                       -- NULL unless rated
  low_ppm     INTEGER,
  high_ppm    INTEGER,
  stars       INTEGER CHECK (stars BETWEEN 1 AND 4),
  PRIMARY KEY (round_id, provider_id, area_id)
);
CREATE INDEX rating_rows_unit ON rating_rows(provider_id, area_id, round_id);

-- C-4, C-1: the rows of the latest published round, which non-choice and
-- the choice list read (this supersedes providers.rating_score, a single
-- number per provider, while a rating is per delivery area).
CREATE VIEW rating_latest AS
  SELECT rr.round_id, rr.programme_id, rr.provider_id, rr.area_id, rr.stars,
         rr.ratio_ppm, rr.reason
  FROM rating_rows rr
  WHERE rr.round_id = (SELECT r.id FROM rating_rounds r
                       WHERE r.status = 'published'
                       ORDER BY r.measured_on DESC, r.id DESC LIMIT 1);
