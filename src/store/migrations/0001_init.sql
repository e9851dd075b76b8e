-- 0001_init.sql — the first schema: accounts, reference data, programmes and
-- delivery areas, providers and their applications, checks, decisions,
-- admissions, and the hash-chained audit log.
-- Portable SQL only (SQLite and PostgreSQL): no AUTOINCREMENT quirks relied on,
-- dates as 'YYYY-MM-DD' text, timestamps as UTC seconds, money as integer öre.

CREATE TABLE municipalities (
  code        TEXT PRIMARY KEY,          -- SCB four-digit code, leading zero kept
  name        TEXT NOT NULL,
  county      TEXT NOT NULL,
  population  INTEGER NOT NULL CHECK (population >= 0),
  land_km2_centi INTEGER NOT NULL CHECK (land_km2_centi > 0)  -- km² × 100
);

CREATE TABLE providers (
  id          INTEGER PRIMARY KEY,
  orgnr       TEXT NOT NULL UNIQUE,      -- canonical 10 digits
  name        TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('company','association','own_operation')),
  email       TEXT NOT NULL,
  phone       TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  digital_delivery INTEGER NOT NULL DEFAULT 0 CHECK (digital_delivery IN (0,1)),
  created_at  INTEGER NOT NULL
);

CREATE TABLE provider_services (
  provider_id INTEGER NOT NULL REFERENCES providers(id),
  position    INTEGER NOT NULL,
  text        TEXT NOT NULL,
  PRIMARY KEY (provider_id, position)
);

CREATE TABLE provider_languages (
  provider_id INTEGER NOT NULL REFERENCES providers(id),
  lang        TEXT NOT NULL,             -- ISO 639-1/-3 code
  PRIMARY KEY (provider_id, lang)
);

CREATE TABLE provider_locations (
  id          INTEGER PRIMARY KEY,
  provider_id INTEGER NOT NULL REFERENCES providers(id),
  address     TEXT NOT NULL,
  municipality_code TEXT NOT NULL REFERENCES municipalities(code),
  accessible  INTEGER NOT NULL CHECK (accessible IN (0,1))
);
CREATE INDEX provider_locations_muni ON provider_locations(municipality_code);

CREATE TABLE subcontractors (
  id          INTEGER PRIMARY KEY,
  provider_id INTEGER NOT NULL REFERENCES providers(id),
  orgnr       TEXT NOT NULL,
  name        TEXT NOT NULL,
  services    TEXT NOT NULL DEFAULT '',
  created_at  INTEGER NOT NULL,
  UNIQUE (provider_id, orgnr)
);

CREATE TABLE users (
  id          INTEGER PRIMARY KEY,
  username    TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,           -- argon2id string (libsodium)
  role        TEXT NOT NULL CHECK (role IN
                ('admin','case_officer','controller','provider_staff','jobseeker')),
  provider_id INTEGER REFERENCES providers(id),
  lang        TEXT NOT NULL DEFAULT 'sv',
  created_at  INTEGER NOT NULL,
  CHECK ((role = 'provider_staff') = (provider_id IS NOT NULL))
);

CREATE TABLE sessions (
  token_hash  TEXT PRIMARY KEY,          -- BLAKE2b of the cookie value, hex
  user_id     INTEGER NOT NULL REFERENCES users(id),
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL
);

CREATE TABLE api_tokens (
  id          INTEGER PRIMARY KEY,
  token_hash  TEXT NOT NULL UNIQUE,
  user_id     INTEGER NOT NULL REFERENCES users(id),
  label       TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  revoked_at  INTEGER
);

CREATE TABLE programmes (
  id          INTEGER PRIMARY KEY,
  code        TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL,
  procurement_form TEXT NOT NULL CHECK (procurement_form IN ('F-1','F-2','F-3','F-4','F-5')),
  rulebook    TEXT NOT NULL,
  created_at  INTEGER NOT NULL
);

CREATE TABLE delivery_areas (
  id          INTEGER PRIMARY KEY,
  programme_id INTEGER NOT NULL REFERENCES programmes(id),
  code        TEXT NOT NULL,
  name        TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  UNIQUE (programme_id, code)
);

-- Within one programme a municipality belongs to at most one delivery area,
-- so a jobseeker's residence names exactly one area.
CREATE TABLE area_municipalities (
  area_id     INTEGER NOT NULL REFERENCES delivery_areas(id),
  programme_id INTEGER NOT NULL REFERENCES programmes(id),
  municipality_code TEXT NOT NULL REFERENCES municipalities(code),
  PRIMARY KEY (area_id, municipality_code),
  UNIQUE (programme_id, municipality_code)
);

CREATE TABLE applications (
  id          INTEGER PRIMARY KEY,
  provider_id INTEGER NOT NULL REFERENCES providers(id),
  programme_id INTEGER NOT NULL REFERENCES programmes(id),
  status      TEXT NOT NULL CHECK (status IN ('open','incomplete','decided','withdrawn')),
  submitted_on TEXT NOT NULL,
  complete_on TEXT,                      -- Q-1: the deadline runs from here
  incomplete_reason TEXT NOT NULL DEFAULT '',
  motivation  TEXT NOT NULL DEFAULT '',
  created_by  INTEGER NOT NULL REFERENCES users(id),
  created_at  INTEGER NOT NULL
);
CREATE INDEX applications_status ON applications(status);
CREATE INDEX applications_provider ON applications(provider_id);

-- One row per recorded check (Q-2 … Q-5).  Later checks of the same kind and
-- subject supersede earlier ones; nothing is overwritten.
CREATE TABLE application_checks (
  id          INTEGER PRIMARY KEY,
  application_id INTEGER NOT NULL REFERENCES applications(id),
  kind        TEXT NOT NULL CHECK (kind IN ('conduct','finances','references','quality')),
  subject     TEXT NOT NULL DEFAULT '',  -- conduct: person or subcontractor checked
  subcontractor_id INTEGER REFERENCES subcontractors(id),
  passed      INTEGER NOT NULL CHECK (passed IN (0,1)),
  reason      TEXT NOT NULL,             -- the rule's verdict in words
  detail      TEXT NOT NULL,             -- the facts recorded, JSON
  recorded_by INTEGER NOT NULL REFERENCES users(id),
  recorded_on TEXT NOT NULL,
  created_at  INTEGER NOT NULL
);
CREATE INDEX application_checks_app ON application_checks(application_id);

-- Q-7: every decision says who decided, under which delegation, when, why.
CREATE TABLE decisions (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind IN ('admit','refuse','terminate')),
  provider_id INTEGER NOT NULL REFERENCES providers(id),
  area_id     INTEGER NOT NULL REFERENCES delivery_areas(id),
  application_id INTEGER REFERENCES applications(id),
  decided_by  INTEGER NOT NULL REFERENCES users(id),
  delegation  TEXT NOT NULL,
  decided_on  TEXT NOT NULL,
  reason      TEXT NOT NULL,
  created_at  INTEGER NOT NULL
);
CREATE INDEX decisions_provider ON decisions(provider_id, area_id);

CREATE TABLE application_areas (
  application_id INTEGER NOT NULL REFERENCES applications(id),
  area_id     INTEGER NOT NULL REFERENCES delivery_areas(id),
  decision_id INTEGER REFERENCES decisions(id),
  PRIMARY KEY (application_id, area_id)
);

CREATE TABLE admissions (
  id          INTEGER PRIMARY KEY,
  provider_id INTEGER NOT NULL REFERENCES providers(id),
  area_id     INTEGER NOT NULL REFERENCES delivery_areas(id),
  decision_id INTEGER NOT NULL REFERENCES decisions(id),
  admitted_on TEXT NOT NULL,
  ended_on    TEXT,
  end_decision_id INTEGER REFERENCES decisions(id)
);
CREATE INDEX admissions_area ON admissions(area_id, ended_on);
CREATE INDEX admissions_provider ON admissions(provider_id);

-- Append-only; each row's hash covers its fields and the previous hash.
CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY,
  at          INTEGER NOT NULL,
  actor_id    INTEGER,                   -- NULL for the system itself
  role        TEXT NOT NULL,
  action      TEXT NOT NULL,
  entity      TEXT NOT NULL,
  entity_id   INTEGER NOT NULL,
  detail      TEXT NOT NULL,
  prev_hash   TEXT NOT NULL,
  hash        TEXT NOT NULL
);
CREATE INDEX audit_entity ON audit_log(entity, entity_id);

-- The newest record's id and hash, so that deleting the tail is seen too.
CREATE TABLE audit_head (
  one         INTEGER PRIMARY KEY CHECK (one = 1),
  last_id     INTEGER NOT NULL,
  last_hash   TEXT NOT NULL
);

-- Facts about this database itself (demo marker and the like).
CREATE TABLE meta (
  key         TEXT PRIMARY KEY,
  value       TEXT NOT NULL
);
