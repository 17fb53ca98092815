DROP TRIGGER monitoring_case_updated;
DROP TRIGGER monitoring_case_deleted;
DROP TRIGGER monitoring_case_inserted;
DROP VIEW monitoring_case_keys;
DROP TABLE monitoring_changes;
DROP TABLE monitoring_counts;
ALTER TABLE strata DROP COLUMN target_response_rate;
