-- Field managers' accounts, the surveys granted to them, and the audit log of what they change.
-- E-mail addresses are stored lower-cased (the application parses them once); passwords only
-- as argon2id PHC strings. token_version is raised to revoke every token issued before.

CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'viewer')),
    token_version BIGINT NOT NULL DEFAULT 0,
    created_at_ms BIGINT NOT NULL,
    updated_at_ms BIGINT NOT NULL
);

-- A manager or viewer sees only the surveys granted here; admins see every survey.
CREATE TABLE survey_grants (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    survey_id BIGINT NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    granted_at_ms BIGINT NOT NULL,
    PRIMARY KEY (user_id, survey_id)
);
CREATE INDEX survey_grants_by_survey ON survey_grants (survey_id);

-- Who changed what, when: ids and states only, never personal data in clear.
-- actor_user_id is NULL for changes made on the command line.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at_ms BIGINT NOT NULL,
    actor_user_id BIGINT REFERENCES users (id),
    action TEXT NOT NULL,
    target_kind TEXT NOT NULL,
    target_id BIGINT,
    detail TEXT NOT NULL DEFAULT '{}'
);
