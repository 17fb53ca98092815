-- Background jobs a manager starts through the API (a sample import first), with the progress
-- the API reports while they run; and the indexes the case list pages through.

CREATE TABLE jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    survey_id BIGINT NOT NULL REFERENCES surveys (id),
    state TEXT NOT NULL CHECK (state IN ('running', 'succeeded', 'failed')),
    rows_read BIGINT NOT NULL DEFAULT 0,
    rows_imported BIGINT NOT NULL DEFAULT 0,
    error_count BIGINT NOT NULL DEFAULT 0,
    -- JSON list of {line, column, message}; messages never hold personal data.
    errors TEXT NOT NULL DEFAULT '[]',
    bytes_total BIGINT NOT NULL,
    bytes_read BIGINT NOT NULL DEFAULT 0,
    created_by BIGINT,
    created_at_ms BIGINT NOT NULL,
    updated_at_ms BIGINT NOT NULL,
    finished_at_ms BIGINT
);
CREATE INDEX jobs_by_survey ON jobs (survey_id, id);

DROP INDEX cases_by_survey_stratum_state;
CREATE INDEX cases_by_survey_stratum_state ON cases (survey_id, stratum_id, state, id);
CREATE INDEX cases_by_survey_state ON cases (survey_id, state, id);
