-- 0002_journey.sql — the participant's journey: jobseekers and their
-- assessments, participations (choice, non-choice, notice, ends), the
-- provider's work (planning meeting, action plans, monthly reports,
-- deviations, attendance), reassessment requests, outcomes with evidence and
-- monthly confirmations, and the employers' monthly income records.
-- Portable SQL only; dates 'YYYY-MM-DD', months 'YYYY-MM', money in öre.

-- How a programme assigns jobseekers who do not choose (C-4), and whether it
-- requires check-in and check-out of activities (D-11).
ALTER TABLE programmes ADD COLUMN nonchoice_rule TEXT NOT NULL DEFAULT 'best_rated'
  CHECK (nonchoice_rule IN ('best_rated','nearest','rotation'));
ALTER TABLE programmes ADD COLUMN activity_requirement INTEGER NOT NULL DEFAULT 0
  CHECK (activity_requirement IN (0,1));

-- The provider score the rating issue fills; NULL = not yet rated, and all
-- unrated providers tie (C-4).
ALTER TABLE providers ADD COLUMN rating_score INTEGER;

CREATE TABLE jobseekers (
  id          INTEGER PRIMARY KEY,
  ref         TEXT NOT NULL UNIQUE,      -- "JS-000123": what staff, files and URLs use
  pnr         TEXT NOT NULL UNIQUE,      -- canonical 12 digits; never leaves app/
  pnr_kind    TEXT NOT NULL CHECK (pnr_kind IN ('personnummer','samordningsnummer')),
  programme_id INTEGER NOT NULL REFERENCES programmes(id),
  given_name  TEXT NOT NULL,
  family_name TEXT NOT NULL,
  municipality_code TEXT NOT NULL REFERENCES municipalities(code),
  unemployed_since TEXT NOT NULL,
  registered_on TEXT NOT NULL,
  age_band    TEXT NOT NULL,
  gender      TEXT NOT NULL,
  birth_region TEXT NOT NULL,
  education   TEXT NOT NULL,
  disability  INTEGER NOT NULL CHECK (disability IN (0,1)),
  ui_member   INTEGER NOT NULL CHECK (ui_member IN (0,1)),
  language_needs TEXT NOT NULL DEFAULT '',   -- a language the jobseeker needs support in
  occupation  TEXT NOT NULL,             -- SSYK 2012 code sought (1–4 digits)
  previous_registrations INTEGER NOT NULL CHECK (previous_registrations >= 0),
  wants_digital INTEGER NOT NULL DEFAULT 0 CHECK (wants_digital IN (0,1)),
  needs_accessible INTEGER NOT NULL DEFAULT 0 CHECK (needs_accessible IN (0,1)),
  email       TEXT NOT NULL DEFAULT '',
  phone       TEXT NOT NULL DEFAULT '',
  lang        TEXT NOT NULL DEFAULT 'sv',
  exemption   TEXT NOT NULL DEFAULT 'none'
                CHECK (exemption IN ('none','self_reliant','job_security_council')),
  exemption_reason TEXT NOT NULL DEFAULT '',
  status      TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','deregistered')),
  choice_due  TEXT,                      -- C-4: the day after which non-choice assigns
  created_by  INTEGER REFERENCES users(id),
  created_at  INTEGER NOT NULL
);
CREATE INDEX jobseekers_choice_due ON jobseekers(choice_due);

-- A jobseeker account sees only its own jobseeker.
ALTER TABLE users ADD COLUMN jobseeker_id INTEGER REFERENCES jobseekers(id);

-- A-1, A-2, A-3: every assessment records date, method, inputs, result and
-- who made it; model_version, score and factors are filled by the model.
CREATE TABLE assessments (
  id          INTEGER PRIMARY KEY,
  jobseeker_id INTEGER NOT NULL REFERENCES jobseekers(id),
  assessed_on TEXT NOT NULL,
  method      TEXT NOT NULL CHECK (method IN ('duration','model','override','exempt')),
  inputs      TEXT NOT NULL,             -- JSON: what the method read
  track       INTEGER,                   -- NULL when exempt (A-4)
  model_version TEXT,
  score_ppm   INTEGER,                   -- job chance × 1,000,000
  factors     TEXT,                      -- JSON: top factors, from the model
  reason      TEXT NOT NULL,
  request_id  INTEGER,                   -- the reassessment request it answers
  assessed_by INTEGER REFERENCES users(id),
  created_at  INTEGER NOT NULL
);
CREATE INDEX assessments_jobseeker ON assessments(jobseeker_id, id);

CREATE TABLE participations (
  id          INTEGER PRIMARY KEY,
  jobseeker_id INTEGER NOT NULL REFERENCES jobseekers(id),
  provider_id INTEGER NOT NULL REFERENCES providers(id),
  area_id     INTEGER NOT NULL REFERENCES delivery_areas(id),
  programme_id INTEGER NOT NULL REFERENCES programmes(id),
  track       INTEGER NOT NULL,          -- from the assessment in force at the choice
  how         TEXT NOT NULL CHECK (how IN ('choice','nonchoice')),
  assign_rule TEXT,                      -- C-4: the rule that assigned it
  assign_reason TEXT,                    -- C-4: why this provider, in words
  chosen_on   TEXT NOT NULL,
  starts_on   TEXT NOT NULL,
  ends_on     TEXT NOT NULL,             -- last day of responsibility as now known
  end_reason  TEXT NOT NULL CHECK (end_reason IN ('max_duration','notice','ordered_change',
                'job','moved','deregistered','other','cancelled')),
  end_note    TEXT NOT NULL DEFAULT '',
  supervisor  TEXT NOT NULL DEFAULT '',  -- D-3: the personal supervisor's name
  planning_meeting_on TEXT,              -- U-4
  created_by  INTEGER REFERENCES users(id),
  created_at  INTEGER NOT NULL
);
CREATE INDEX participations_jobseeker ON participations(jobseeker_id, starts_on);
CREATE INDEX participations_provider ON participations(provider_id, ends_on);
CREATE INDEX participations_area ON participations(area_id, how, id);

-- C-2: notice given by the jobseeker (or the authority on their behalf).
CREATE TABLE notices (
  id          INTEGER PRIMARY KEY,
  participation_id INTEGER NOT NULL UNIQUE REFERENCES participations(id),
  given_on    TEXT NOT NULL,
  notice_days INTEGER NOT NULL,
  last_day    TEXT NOT NULL,
  given_by    INTEGER REFERENCES users(id),
  created_at  INTEGER NOT NULL
);

-- A-3: a provider's request, the authority's decision and why.
CREATE TABLE reassessment_requests (
  id          INTEGER PRIMARY KEY,
  participation_id INTEGER NOT NULL REFERENCES participations(id),
  provider_id INTEGER NOT NULL REFERENCES providers(id),
  reason      TEXT NOT NULL,
  requested_by INTEGER REFERENCES users(id),
  requested_on TEXT NOT NULL,
  status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','granted','denied')),
  decided_by  INTEGER REFERENCES users(id),
  decided_on  TEXT,
  decision_reason TEXT,
  assessment_id INTEGER REFERENCES assessments(id),
  created_at  INTEGER NOT NULL
);
CREATE INDEX reassessment_requests_status ON reassessment_requests(status);

-- D-5: versions are kept; the newest is the plan in force.
CREATE TABLE action_plans (
  id          INTEGER PRIMARY KEY,
  participation_id INTEGER NOT NULL REFERENCES participations(id),
  version     INTEGER NOT NULL,
  long_term_goal TEXT NOT NULL,
  next_month_activities TEXT NOT NULL,
  written_on  TEXT NOT NULL,
  written_by  INTEGER REFERENCES users(id),
  created_at  INTEGER NOT NULL,
  UNIQUE (participation_id, version)
);

-- D-5, D-3: one monthly report per participation and month.
CREATE TABLE monthly_reports (
  id          INTEGER PRIMARY KEY,
  participation_id INTEGER NOT NULL REFERENCES participations(id),
  month       TEXT NOT NULL,
  job_search_activities INTEGER NOT NULL CHECK (job_search_activities >= 0),
  activities_attended TEXT NOT NULL,
  filed_by    INTEGER REFERENCES users(id),
  filed_on    TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  UNIQUE (participation_id, month)
);

-- D-3: individual meeting minutes per week (the week's Monday).
CREATE TABLE meeting_weeks (
  report_id   INTEGER NOT NULL REFERENCES monthly_reports(id),
  participation_id INTEGER NOT NULL REFERENCES participations(id),
  week_monday TEXT NOT NULL,
  minutes     INTEGER NOT NULL CHECK (minutes >= 0),
  PRIMARY KEY (participation_id, week_monday)
);

-- D-6
CREATE TABLE deviations (
  id          INTEGER PRIMARY KEY,
  participation_id INTEGER NOT NULL REFERENCES participations(id),
  provider_id INTEGER NOT NULL REFERENCES providers(id),
  kind        TEXT NOT NULL CHECK (kind IN ('missed_meeting','insufficient_job_search','other')),
  occurred_on TEXT NOT NULL,
  text        TEXT NOT NULL,
  reported_by INTEGER REFERENCES users(id),
  reported_on TEXT NOT NULL,
  status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','decided')),
  decision    TEXT CHECK (decision IN ('no_action','talk_to_jobseeker','notify_benefit_fund')),
  decision_reason TEXT,
  decided_by  INTEGER REFERENCES users(id),
  decided_on  TEXT,
  created_at  INTEGER NOT NULL
);
CREATE INDEX deviations_status ON deviations(status, provider_id);

-- D-11: check-in and check-out of activities, local time 'YYYY-MM-DDTHH:MM'.
CREATE TABLE attendance (
  id          INTEGER PRIMARY KEY,
  participation_id INTEGER NOT NULL REFERENCES participations(id),
  activity    TEXT NOT NULL,
  checked_in  TEXT NOT NULL,
  checked_out TEXT,
  minutes     INTEGER,                   -- set at check-out
  recorded_by INTEGER REFERENCES users(id),
  created_at  INTEGER NOT NULL
);
CREATE INDEX attendance_participation ON attendance(participation_id, checked_in);

-- P-6, P-7: what the provider claims.
CREATE TABLE outcomes (
  id          INTEGER PRIMARY KEY,
  participation_id INTEGER NOT NULL REFERENCES participations(id),
  provider_id INTEGER NOT NULL REFERENCES providers(id),
  type        TEXT NOT NULL,
  starts_on   TEXT NOT NULL,
  ends_on     TEXT,
  occupation  TEXT NOT NULL,
  extent_percent INTEGER NOT NULL CHECK (extent_percent BETWEEN 1 AND 100),
  status      TEXT NOT NULL DEFAULT 'claimed' CHECK (status IN ('claimed','approved','rejected')),
  claimed_by  INTEGER REFERENCES users(id),
  claimed_on  TEXT NOT NULL,
  created_at  INTEGER NOT NULL
);
CREATE INDEX outcomes_participation ON outcomes(participation_id);
CREATE INDEX outcomes_status ON outcomes(status, provider_id);

-- Evidence files: content-addressed on disk by SHA-256, type from content.
CREATE TABLE evidence (
  id          INTEGER PRIMARY KEY,
  outcome_id  INTEGER NOT NULL REFERENCES outcomes(id),
  filename    TEXT NOT NULL,
  media_type  TEXT NOT NULL CHECK (media_type IN ('application/pdf','image/jpeg','image/png')),
  size        INTEGER NOT NULL,
  sha256      TEXT NOT NULL,
  uploaded_by INTEGER REFERENCES users(id),
  created_at  INTEGER NOT NULL
);
CREATE INDEX evidence_outcome ON evidence(outcome_id);

-- P-8: the authority's verdicts on an outcome's evidence; the newest counts.
CREATE TABLE outcome_reviews (
  id          INTEGER PRIMARY KEY,
  outcome_id  INTEGER NOT NULL REFERENCES outcomes(id),
  verdict     TEXT NOT NULL CHECK (verdict IN ('approved','rejected')),
  reason      TEXT NOT NULL,
  reviewed_by INTEGER REFERENCES users(id),
  reviewed_on TEXT NOT NULL,
  created_at  INTEGER NOT NULL
);

-- P-8: each following month, continuation and self-support — confirmed by the
-- provider, and/or verified from the employers' monthly returns.
CREATE TABLE outcome_months (
  outcome_id  INTEGER NOT NULL REFERENCES outcomes(id),
  month       TEXT NOT NULL,
  continues   INTEGER NOT NULL CHECK (continues IN (0,1)),
  self_supporting INTEGER NOT NULL CHECK (self_supporting IN (0,1)),
  confirmed_by INTEGER REFERENCES users(id),
  confirmed_on TEXT,
  income_verified INTEGER NOT NULL DEFAULT 0 CHECK (income_verified IN (0,1)),
  PRIMARY KEY (outcome_id, month)
);

-- Employers' monthly returns (arbetsgivardeklaration på individnivå).
CREATE TABLE income_records (
  id          INTEGER PRIMARY KEY,
  jobseeker_id INTEGER NOT NULL REFERENCES jobseekers(id),
  month       TEXT NOT NULL,
  employer_orgnr TEXT NOT NULL,
  gross_ore   INTEGER NOT NULL CHECK (gross_ore >= 0),
  batch       INTEGER NOT NULL,
  created_at  INTEGER NOT NULL,
  UNIQUE (jobseeker_id, month, employer_orgnr)
);
