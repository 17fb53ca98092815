//! The SQL the server sends to PostgreSQL for each respondent request, statement by statement,
//! as PostgreSQL logs it with `$n` written as pgbench `:variables`. `statements.rs` checks these
//! against the log in every run; `pgbench.rs` builds its scripts from them, so the machine's
//! limit is measured with the server's own statements.

/// `AnsweringCase::load`: the case with its survey's state and its response, in one query
/// outside any transaction (a read, or a write of a case the server does not remember).
pub const CASE: &str = r#"SELECT "cases"."id", "cases"."survey_id", "cases"."stratum_id", "cases"."person_id", "cases"."design_weight", "cases"."language", "cases"."auxiliaries", "cases"."state", "cases"."disposition", "cases"."created_at_ms", "cases"."updated_at_ms", "surveys"."state", "surveys"."questionnaire_id", "responses"."case_id", "responses"."questionnaire_id", "responses"."answers", "responses"."version", "responses"."furthest_page", "responses"."language", "responses"."started_at_ms", "responses"."updated_at_ms", "responses"."submitted_at_ms" FROM (("cases" INNER JOIN "surveys" ON ("cases"."survey_id" = "surveys"."id")) LEFT OUTER JOIN "responses" ON ("responses"."case_id" = "cases"."id")) WHERE ("cases"."id" = :cid) LIMIT :one"#;

/// `login_lookup::find_by_code` on PostgreSQL: the case its code's keyed hash names, with its
/// survey and response, and the login recorded if the case is answering (a repeat login) —
/// one statement.
pub const LOGIN_LOOKUP: &str = r#"WITH found AS MATERIALIZED (SELECT c.id, c.survey_id, c.stratum_id, c.person_id, c.design_weight, c.language, c.auxiliaries, c.state, c.disposition, c.created_at_ms, c.updated_at_ms, s.state AS survey_state, s.questionnaire_id AS survey_questionnaire_id, r.case_id AS r_case_id, r.questionnaire_id AS r_questionnaire_id, r.answers, r.version, r.furthest_page, r.language AS r_language, r.started_at_ms AS r_started_at_ms, r.updated_at_ms AS r_updated_at_ms, r.submitted_at_ms FROM cases c JOIN surveys s ON s.id = c.survey_id LEFT JOIN responses r ON r.case_id = c.id WHERE c.id IN (SELECT case_id FROM access_codes WHERE code_hash = :hash) LIMIT 1), logged AS (INSERT INTO events (case_id, kind, page, language, at_ms) SELECT id, :kind_login, NULL, r_language, :now FROM found WHERE survey_state = :fielding AND survey_questionnaire_id IS NOT NULL AND state IN (:opened, :started) AND r_case_id IS NOT NULL RETURNING id) SELECT found.*, (SELECT count(*) FROM logged) FROM found"#;

/// `login_write::record_first_login` on PostgreSQL: create the response, open the case, record
/// the login — one statement.
pub const FIRST_LOGIN_WRITE: &str = r#"WITH created AS (INSERT INTO responses (case_id, questionnaire_id, answers, version, language, started_at_ms, updated_at_ms) VALUES (:cid, :qid, :empty, 0, :language, :now, :now) ON CONFLICT (case_id) DO NOTHING RETURNING case_id), moved AS (UPDATE cases SET state = :opened, disposition = :disposition_login, updated_at_ms = :now WHERE id = :cid AND state = :s_new RETURNING id), logged AS (INSERT INTO events (case_id, kind, page, language, at_ms) VALUES (:cid, :kind_login, NULL, :language, :now) RETURNING id) SELECT count(*) FROM created"#;

/// `response_write::write_response` of a page on PostgreSQL: lock the case if it is open and its
/// survey fielding, write the answers at the version read, move the case, record the event —
/// one statement.
pub const PAGE_SAVE: &str = r#"WITH open AS MATERIALIZED (SELECT id FROM cases WHERE id = :cid AND state IN (:s_new, :s_opened, :s_started) AND survey_id IN (SELECT id FROM surveys WHERE state = :fielding) FOR UPDATE), saved AS (UPDATE responses SET answers = :answers, furthest_page = :furthest, version = version + 1, updated_at_ms = :now WHERE case_id = :cid AND version = :r_version AND submitted_at_ms IS NULL AND EXISTS (SELECT 1 FROM open) RETURNING version), moved AS (UPDATE cases SET state = :started, disposition = :disposition, updated_at_ms = :now WHERE id IN (SELECT id FROM open) AND EXISTS (SELECT 1 FROM saved) RETURNING id), logged AS (INSERT INTO events (case_id, kind, page, language, at_ms) SELECT id, :kind_save, :page, :language, :now FROM moved RETURNING id) SELECT (SELECT count(*) FROM open), (SELECT version FROM saved)"#;

/// `response_write::write_response` of a submit on PostgreSQL: the same statement, the
/// response marked submitted instead of given answers.
pub const SUBMIT_WRITE: &str = r#"WITH open AS MATERIALIZED (SELECT id FROM cases WHERE id = :cid AND state IN (:s_new, :s_opened, :s_started) AND survey_id IN (SELECT id FROM surveys WHERE state = :fielding) FOR UPDATE), saved AS (UPDATE responses SET submitted_at_ms = :now, version = version + 1, updated_at_ms = :now WHERE case_id = :cid AND version = :r_version AND submitted_at_ms IS NULL AND EXISTS (SELECT 1 FROM open) RETURNING version), moved AS (UPDATE cases SET state = :submitted, disposition = :disposition, updated_at_ms = :now WHERE id IN (SELECT id FROM open) AND EXISTS (SELECT 1 FROM saved) RETURNING id), logged AS (INSERT INTO events (case_id, kind, page, language, at_ms) SELECT id, :kind_submit, NULL, :language, :now FROM moved RETURNING id) SELECT (SELECT count(*) FROM open), (SELECT version FROM saved)"#;

/// `PUT /pages/{page}` of a case the server remembers at the version the client read (every
/// save after a session's first request: the server remembers the case from the login on); the
/// write alone, its guards in the statement.
pub const SAVE: [&str; 1] = [PAGE_SAVE];

/// `POST /session` with a code whose case has logged in before: found and the login recorded
/// in one statement.
pub const RELOGIN: [&str; 1] = [LOGIN_LOOKUP];

/// `POST /session` with a code whose case is new.
pub const FIRST_LOGIN: [&str; 2] = [LOGIN_LOOKUP, FIRST_LOGIN_WRITE];

/// `GET /questionnaire?lang=` in the session's own language.
pub const QUESTIONNAIRE: [&str; 1] = [CASE];

/// `POST /submit` of a case the server remembers.
pub const SUBMIT: [&str; 1] = [SUBMIT_WRITE];

/// `POST /session` with a well-formed code that opens nothing.
pub const UNKNOWN_CODE: [&str; 1] = [LOGIN_LOOKUP];
