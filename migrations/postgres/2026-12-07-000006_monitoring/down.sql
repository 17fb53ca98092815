DROP TRIGGER monitoring_case_updated ON cases;
DROP TRIGGER monitoring_cases_deleted ON cases;
DROP TRIGGER monitoring_cases_inserted ON cases;
DROP FUNCTION monitoring_fold(BIGINT);
DROP FUNCTION monitoring_case_updated();
DROP TABLE monitoring_changes;
DROP FUNCTION monitoring_cases_counted();
DROP FUNCTION monitoring_keys(TEXT);
DROP TABLE monitoring_counts;
