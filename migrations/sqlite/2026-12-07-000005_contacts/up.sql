-- The contact plan of a survey and its outbox (one contact attempt per case and step), the
-- print batches letters go out in, and the queue of background jobs the workers share.

-- When the round went into the field: the contact plan's days count from it. Rounds already
-- fielding get their creation time, the best that is known of them.
ALTER TABLE surveys ADD COLUMN fielding_started_at_ms BIGINT;
UPDATE surveys SET fielding_started_at_ms = created_at_ms WHERE state <> 'draft';

-- The plan as the manager saved it (checked JSON: steps, time zone, quiet hours).
CREATE TABLE contact_plans (
    survey_id BIGINT PRIMARY KEY REFERENCES surveys (id) ON DELETE CASCADE,
    plan TEXT NOT NULL,
    updated_by BIGINT REFERENCES users (id),
    updated_at_ms BIGINT NOT NULL
);

-- Letters of one step that fell due together, for the mailing house.
CREATE TABLE print_batches (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    survey_id BIGINT NOT NULL REFERENCES surveys (id),
    step TEXT NOT NULL,
    letters BIGINT NOT NULL DEFAULT 0,
    created_at_ms BIGINT NOT NULL,
    handed_over_at_ms BIGINT,
    handed_over_by BIGINT REFERENCES users (id)
);
CREATE INDEX print_batches_by_survey ON print_batches (survey_id, id);

-- The outbox: at most one attempt per case and step, whatever the number of workers.
-- pending -> sending (leased until lease_until_ms) -> sent | failed | ambiguous; pending ->
-- cancelled. A letter's code is kept sealed (encrypted with a key derived from the server's
-- secret) until its batch is handed over; an e-mail's code is never stored in clear.
CREATE TABLE contact_attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    survey_id BIGINT NOT NULL REFERENCES surveys (id),
    case_id BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    step TEXT NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('email', 'letter', 'sms')),
    state TEXT NOT NULL
        CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'cancelled', 'ambiguous')),
    tries INTEGER NOT NULL DEFAULT 0,
    next_try_at_ms BIGINT NOT NULL,
    lease_until_ms BIGINT,
    leased_by TEXT,
    batch_id BIGINT REFERENCES print_batches (id),
    sealed_code TEXT,
    sent_at_ms BIGINT,
    -- A mail server's reply or why nothing was sent; never personal data.
    error TEXT,
    created_at_ms BIGINT NOT NULL,
    updated_at_ms BIGINT NOT NULL,
    UNIQUE (case_id, step)
);
-- What is due, per survey in sending order (a worker leases the first few of one survey).
CREATE INDEX contact_attempts_due ON contact_attempts (channel, state, survey_id, next_try_at_ms, id)
    WHERE state IN ('pending', 'sending');
CREATE INDEX contact_attempts_by_survey ON contact_attempts (survey_id, step, state, id);
CREATE INDEX contact_attempts_sent ON contact_attempts (survey_id, state, sent_at_ms);
CREATE INDEX contact_attempts_changed ON contact_attempts (survey_id, updated_at_ms);
CREATE INDEX contact_attempts_by_batch ON contact_attempts (batch_id, id)
    WHERE batch_id IS NOT NULL;

-- How far the scheduler has come with each step: a step counted from fielding fires once
-- (fired_at_ms); a step counted from a case's earlier contact has looked at the contacts sent up
-- to counted_until_ms and at the changes of earlier contacts made up to changes_until_ms (real
-- time), so that a pass reads only what is new since.
CREATE TABLE contact_step_progress (
    survey_id BIGINT NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    step TEXT NOT NULL,
    fired_at_ms BIGINT,
    counted_until_ms BIGINT,
    changes_until_ms BIGINT,
    PRIMARY KEY (survey_id, step)
);

-- Background jobs (sample imports, scheduling passes, print batches): a job is leased by one
-- worker at a time; a finished job is deleted, or moved to its next run if it recurs; a job
-- that keeps failing is kept as 'failed' with its last error.
CREATE TABLE background_jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL DEFAULT '{}',
    dedupe_key TEXT UNIQUE,
    state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'failed')),
    run_at_ms BIGINT NOT NULL,
    lease_until_ms BIGINT,
    leased_by TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    created_at_ms BIGINT NOT NULL
);
CREATE INDEX background_jobs_due ON background_jobs (state, run_at_ms);

-- The files a job works on (an uploaded sample), in chunks, so that any worker can run it.
CREATE TABLE job_files (
    job_id BIGINT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    part TEXT NOT NULL,
    seq INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (job_id, part, seq)
);
