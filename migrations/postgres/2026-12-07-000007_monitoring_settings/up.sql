-- A survey's monitoring settings (METHODS.md §1–§3, §6): the share thresholds that part a
-- complete from a partial and a break-off (fixed before fielding), the estimated eligible
-- share e of cases of unknown eligibility when a manager sets one (else E/(E+NE)), the lag
-- threshold tau of the adaptive rules, the planned length of fieldwork in days (the expected
-- curve runs over it), and the cost model (fixed, per letter, per e-mail, per incentive paid).
ALTER TABLE surveys
    ADD COLUMN complete_threshold INTEGER NOT NULL DEFAULT 80,
    ADD COLUMN partial_threshold INTEGER NOT NULL DEFAULT 50,
    ADD COLUMN eligibility_rate DOUBLE PRECISION,
    ADD COLUMN lag_threshold DOUBLE PRECISION,
    ADD COLUMN fieldwork_days INTEGER NOT NULL DEFAULT 56,
    ADD COLUMN cost_fixed DOUBLE PRECISION NOT NULL DEFAULT 0,
    ADD COLUMN cost_per_letter DOUBLE PRECISION NOT NULL DEFAULT 0,
    ADD COLUMN cost_per_email DOUBLE PRECISION NOT NULL DEFAULT 0,
    ADD COLUMN cost_per_incentive DOUBLE PRECISION NOT NULL DEFAULT 0,
    ADD COLUMN currency TEXT NOT NULL DEFAULT 'SEK';

-- Each stratum's figures as they stood at the end of each day of fieldwork (the survey's time
-- zone), written by the worker through the day and at close: the response curve, the next
-- round's expected curve and daily.csv come from here. Counts are JSON objects keyed by
-- bucket (I P R NC O UH UO NE), as the statistics show them.
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
);

-- Contacts sent per stratum and channel, for the cost per complete. A contact marked sent
-- appends a row (no row is shared by concurrent senders, so none waits on another);
-- monitoring_contacts_fold sums a survey's rows into one per stratum and channel.
CREATE TABLE monitoring_contacts (
    survey_id BIGINT NOT NULL,
    stratum_id BIGINT NOT NULL,
    channel TEXT NOT NULL,
    sent BIGINT NOT NULL
);
CREATE INDEX monitoring_contacts_survey ON monitoring_contacts (survey_id);

CREATE FUNCTION monitoring_contact_sent() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO monitoring_contacts
    SELECT NEW.survey_id, c.stratum_id, NEW.channel, 1 FROM cases c WHERE c.id = NEW.case_id;
    RETURN NULL;
END $$;

CREATE TRIGGER monitoring_contact_sent AFTER UPDATE ON contact_attempts FOR EACH ROW
    WHEN (NEW.state = 'sent' AND OLD.state IS DISTINCT FROM 'sent')
    EXECUTE FUNCTION monitoring_contact_sent();

CREATE FUNCTION monitoring_contacts_fold(survey BIGINT) RETURNS BIGINT LANGUAGE sql AS $$
    WITH moved AS (
        DELETE FROM monitoring_contacts WHERE survey IS NULL OR survey_id = survey
        RETURNING *
    ), folded AS (
        INSERT INTO monitoring_contacts
        SELECT survey_id, stratum_id, channel, sum(sent) FROM moved GROUP BY 1, 2, 3
        RETURNING 1
    )
    SELECT count(*) FROM moved
$$;

-- Contacts already sent.
INSERT INTO monitoring_contacts
SELECT a.survey_id, c.stratum_id, a.channel, count(*)
FROM contact_attempts a JOIN cases c ON c.id = a.case_id
WHERE a.state = 'sent'
GROUP BY 1, 2, 3;
