-- 0004_profiling.sql — statistical profiling (A-1, A-2, A-3, A-5): the job
-- chance models the authority has loaded, which one is active, and the
-- local unemployment rates the model reads.

-- A model file as it was activated: kept whole, so every assessment can be
-- traced to the exact coefficients, calibration and thresholds (A-2).
-- Models are never deleted; at most one is active at a time.
CREATE TABLE models (
  id          INTEGER PRIMARY KEY,
  version     TEXT NOT NULL UNIQUE,
  horizon_months INTEGER NOT NULL,
  with_protected INTEGER NOT NULL CHECK (with_protected IN (0,1)),
  body        TEXT NOT NULL,             -- the model file (JSON)
  sha256      TEXT NOT NULL,             -- of body, as the file was read
  active      INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0,1)),
  loaded_by   INTEGER REFERENCES users(id),
  loaded_at   INTEGER NOT NULL,
  activated_at INTEGER
);
CREATE UNIQUE INDEX models_one_active ON models(active) WHERE active = 1;

-- The registered unemployment rate of a municipality in a month, in basis
-- points (725 = 7.25 %), as the authority publishes it.  The model reads
-- the latest month not after the assessment; without one it falls back to
-- the duration rule and says why.
CREATE TABLE local_unemployment (
  municipality_code TEXT NOT NULL REFERENCES municipalities(code),
  month       TEXT NOT NULL,             -- YYYY-MM
  rate_bp     INTEGER NOT NULL CHECK (rate_bp >= 0 AND rate_bp <= 10000),
  PRIMARY KEY (municipality_code, month)
);

-- A-5: a model may recommend intervention types for a score band; the
-- assessment carries them, and a matching placement may earn a bonus.
ALTER TABLE assessments ADD COLUMN interventions TEXT;  -- JSON array, or NULL
-- A-3: an override keeps what the model (or the duration rule) said, so
-- overrides can be counted by direction.
ALTER TABLE assessments ADD COLUMN suggested_track INTEGER;
