DROP TRIGGER monitoring_contact_sent ON contact_attempts;
DROP FUNCTION monitoring_contacts_fold(BIGINT);
DROP FUNCTION monitoring_contact_sent();
DROP TABLE monitoring_contacts;
DROP TABLE monitoring_days;
ALTER TABLE surveys
    DROP COLUMN complete_threshold,
    DROP COLUMN partial_threshold,
    DROP COLUMN eligibility_rate,
    DROP COLUMN lag_threshold,
    DROP COLUMN fieldwork_days,
    DROP COLUMN cost_fixed,
    DROP COLUMN cost_per_letter,
    DROP COLUMN cost_per_email,
    DROP COLUMN cost_per_incentive,
    DROP COLUMN currency;
