DROP INDEX cases_by_survey_state;
DROP INDEX cases_by_survey_stratum_state;
CREATE INDEX cases_by_survey_stratum_state ON cases (survey_id, stratum_id, state);
DROP TABLE jobs;
