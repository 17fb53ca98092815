-- Dispositions a field manager sets by hand (a returned letter, a death, a move abroad), kept
-- apart from the code the respondent's actions derive (cases.disposition), so that neither
-- overwrites the other: the effective code follows from both (svar_core::disposition_code).
-- Reasons are free text a manager writes: they stay in this table, never in logs or the audit.

ALTER TABLE cases ADD COLUMN manual_disposition TEXT;

CREATE TABLE disposition_changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    -- The effective code before the change, and the code the manager set.
    from_code TEXT NOT NULL,
    to_code TEXT NOT NULL,
    reason TEXT NOT NULL,
    changed_by BIGINT REFERENCES users (id),
    at_ms BIGINT NOT NULL
);
CREATE INDEX disposition_changes_by_case ON disposition_changes (case_id, id);
