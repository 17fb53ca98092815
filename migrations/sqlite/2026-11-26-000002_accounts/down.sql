DROP TABLE audit_log;
DROP TABLE survey_grants;
DROP TABLE users;
