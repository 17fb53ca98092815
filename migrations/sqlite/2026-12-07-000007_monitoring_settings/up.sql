-- A survey's monitoring settings (see the PostgreSQL migration for what each is).
ALTER TABLE surveys ADD COLUMN complete_threshold INTEGER NOT NULL DEFAULT 80;
ALTER TABLE surveys ADD COLUMN partial_threshold INTEGER NOT NULL DEFAULT 50;
ALTER TABLE surveys ADD COLUMN eligibility_rate DOUBLE;
ALTER TABLE surveys ADD COLUMN lag_threshold DOUBLE;
ALTER TABLE surveys ADD COLUMN fieldwork_days INTEGER NOT NULL DEFAULT 56;
ALTER TABLE surveys ADD COLUMN cost_fixed DOUBLE NOT NULL DEFAULT 0;
ALTER TABLE surveys ADD COLUMN cost_per_letter DOUBLE NOT NULL DEFAULT 0;
ALTER TABLE surveys ADD COLUMN cost_per_email DOUBLE NOT NULL DEFAULT 0;
ALTER TABLE surveys ADD COLUMN cost_per_incentive DOUBLE NOT NULL DEFAULT 0;
ALTER TABLE surveys ADD COLUMN currency TEXT NOT NULL DEFAULT 'SEK';

-- Each stratum's figures at the end of each day of fieldwork (see the PostgreSQL migration).
CREATE TABLE monitoring_days (
    survey_id BIGINT NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    day TEXT NOT NULL,
    stratum_id BIGINT NOT NULL,
    counts TEXT NOT NULL,
    weighted_counts TEXT NOT NULL,
    letters BIGINT NOT NULL,
    emails BIGINT NOT NULL,
    as_of_ms BIGINT NOT NULL,
    PRIMARY KEY (survey_id, day, stratum_id)
) WITHOUT ROWID;

-- Contacts sent per stratum and channel. SQLite has one writer: the trigger adds to the
-- stratum's row directly (readers sum the rows on both backends alike).
CREATE TABLE monitoring_contacts (
    survey_id BIGINT NOT NULL,
    stratum_id BIGINT NOT NULL,
    channel TEXT NOT NULL,
    sent BIGINT NOT NULL,
    PRIMARY KEY (survey_id, stratum_id, channel)
) WITHOUT ROWID;

CREATE TRIGGER monitoring_contact_sent AFTER UPDATE OF state ON contact_attempts
    WHEN NEW.state = 'sent' AND OLD.state IS NOT 'sent'
BEGIN
    INSERT INTO monitoring_contacts
    SELECT NEW.survey_id, c.stratum_id, NEW.channel, 1 FROM cases c WHERE c.id = NEW.case_id
    ON CONFLICT (survey_id, stratum_id, channel) DO UPDATE SET sent = sent + 1;
END;

INSERT INTO monitoring_contacts
SELECT a.survey_id, c.stratum_id, a.channel, count(*)
FROM contact_attempts a JOIN cases c ON c.id = a.case_id
WHERE a.state = 'sent'
GROUP BY 1, 2, 3;
