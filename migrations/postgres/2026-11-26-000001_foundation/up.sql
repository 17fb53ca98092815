-- Foundation: questionnaires, surveys, strata, cases, contact data, access codes, responses,
-- paradata. Times are BIGINT epoch milliseconds (UTC) so both backends store the same thing.

CREATE TABLE questionnaires (
    id BIGSERIAL PRIMARY KEY,
    form_id TEXT NOT NULL,
    version TEXT NOT NULL,
    title TEXT NOT NULL,
    compiled TEXT NOT NULL,
    source_sha256 TEXT NOT NULL,
    created_at_ms BIGINT NOT NULL
);

CREATE TABLE surveys (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL,
    round INTEGER NOT NULL,
    state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'fielding', 'closed')),
    questionnaire_id BIGINT REFERENCES questionnaires (id),
    created_at_ms BIGINT NOT NULL,
    UNIQUE (name, round)
);

CREATE TABLE strata (
    id BIGSERIAL PRIMARY KEY,
    survey_id BIGINT NOT NULL REFERENCES surveys (id),
    code TEXT NOT NULL,
    label TEXT NOT NULL,
    population BIGINT NOT NULL,
    sample_size BIGINT NOT NULL,
    UNIQUE (survey_id, code)
);

CREATE TABLE cases (
    id BIGSERIAL PRIMARY KEY,
    survey_id BIGINT NOT NULL REFERENCES surveys (id),
    stratum_id BIGINT NOT NULL REFERENCES strata (id),
    person_id TEXT NOT NULL,
    design_weight DOUBLE PRECISION NOT NULL,
    language TEXT,
    auxiliaries TEXT NOT NULL DEFAULT '{}',
    state TEXT NOT NULL DEFAULT 'new'
        CHECK (state IN ('new', 'opened', 'started', 'submitted', 'declined')),
    disposition TEXT NOT NULL DEFAULT '3.11',
    created_at_ms BIGINT NOT NULL,
    updated_at_ms BIGINT NOT NULL,
    UNIQUE (survey_id, person_id)
);
CREATE INDEX cases_by_survey_stratum_state ON cases (survey_id, stratum_id, state);

-- Contact data lives apart from answers and cases, so it can be deleted after fieldwork.
CREATE TABLE contacts (
    case_id BIGINT PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
    first_name TEXT NOT NULL DEFAULT '',
    last_name TEXT NOT NULL DEFAULT '',
    care_of TEXT NOT NULL DEFAULT '',
    street TEXT NOT NULL DEFAULT '',
    postcode TEXT NOT NULL DEFAULT '',
    city TEXT NOT NULL DEFAULT '',
    email TEXT,
    phone TEXT NOT NULL DEFAULT ''
);

-- Only the keyed hash of a code is stored; the plain code exists only in the print file.
CREATE TABLE access_codes (
    id BIGSERIAL PRIMARY KEY,
    case_id BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL UNIQUE,
    key_id TEXT NOT NULL,
    created_at_ms BIGINT NOT NULL
);
CREATE INDEX access_codes_by_case ON access_codes (case_id);

CREATE TABLE responses (
    case_id BIGINT PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
    questionnaire_id BIGINT NOT NULL REFERENCES questionnaires (id),
    answers TEXT NOT NULL DEFAULT '{}',
    version BIGINT NOT NULL DEFAULT 0,
    furthest_page INTEGER,
    language TEXT NOT NULL,
    started_at_ms BIGINT NOT NULL,
    updated_at_ms BIGINT NOT NULL,
    submitted_at_ms BIGINT
);

-- Paradata: one row per login, page view, save, language change, submit, decline.
CREATE TABLE events (
    id BIGSERIAL PRIMARY KEY,
    case_id BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    page TEXT,
    language TEXT,
    at_ms BIGINT NOT NULL
);
CREATE INDEX events_by_case ON events (case_id);
