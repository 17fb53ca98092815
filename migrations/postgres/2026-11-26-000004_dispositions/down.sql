DROP TABLE disposition_changes;
ALTER TABLE cases DROP COLUMN manual_disposition;
