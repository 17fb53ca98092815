//! The SQL the server sends to PostgreSQL for each respondent request, statement by statement,
//! as PostgreSQL logs it with `$n` written as pgbench `:variables`. `statements.rs` checks these
//! against the log in every run; `pgbench.rs` builds its scripts from them, so the machine's
//! limit is measured with the server's own statements.

/// `AnsweringCase::load`: the case with its survey's state and its response, in one query
/// outside any transaction.
pub const CASE: &str = r#"SELECT "cases"."id", "cases"."survey_id", "cases"."stratum_id", "cases"."person_id", "cases"."design_weight", "cases"."language", "cases"."auxiliaries", "cases"."state", "cases"."disposition", "cases"."created_at_ms", "cases"."updated_at_ms", "surveys"."state", "surveys"."questionnaire_id", "responses"."case_id", "responses"."questionnaire_id", "responses"."answers", "responses"."version", "responses"."furthest_page", "responses"."language", "responses"."started_at_ms", "responses"."updated_at_ms", "responses"."submitted_at_ms" FROM (("cases" INNER JOIN "surveys" ON ("cases"."survey_id" = "surveys"."id")) LEFT OUTER JOIN "responses" ON ("responses"."case_id" = "cases"."id")) WHERE ("cases"."id" = :cid) LIMIT :one"#;

/// `responses::find` (after creating the response on a first login).
pub const RESPONSE: &str = r#"SELECT "responses"."case_id", "responses"."questionnaire_id", "responses"."answers", "responses"."version", "responses"."furthest_page", "responses"."language", "responses"."started_at_ms", "responses"."updated_at_ms", "responses"."submitted_at_ms" FROM "responses" WHERE ("responses"."case_id" = :cid) LIMIT :one"#;

/// `codes::case_of`: the case a code's keyed hash opens.
pub const CODE: &str = r#"SELECT "access_codes"."case_id" FROM "access_codes" WHERE ("access_codes"."code_hash" = :hash) LIMIT :one"#;

/// `responses::find_or_create` on first use.
pub const CREATE_RESPONSE: &str = r#"INSERT INTO "responses" ("case_id", "questionnaire_id", "answers", "version", "language", "started_at_ms", "updated_at_ms") VALUES (:cid, :qid, :empty, :zero, :language, :now, :now) ON CONFLICT ("case_id") DO NOTHING"#;

/// `page_save::write_page_save` on PostgreSQL: lock the open case, write the answers at the
/// version read, move the case, record the event — one statement.
pub const PAGE_SAVE: &str = r#"WITH open AS MATERIALIZED (SELECT id FROM cases WHERE id = :cid AND state IN (:s_new, :s_opened, :s_started) FOR UPDATE), saved AS (UPDATE responses SET answers = :answers, version = version + 1, furthest_page = :furthest, updated_at_ms = :now WHERE case_id = :cid AND version = :r_version AND submitted_at_ms IS NULL AND EXISTS (SELECT 1 FROM open) RETURNING version), moved AS (UPDATE cases SET state = :started, disposition = :disposition, updated_at_ms = :now WHERE id IN (SELECT id FROM open) AND EXISTS (SELECT 1 FROM saved) RETURNING id), logged AS (INSERT INTO events (case_id, kind, page, language, at_ms) SELECT id, :kind_save, :page, :language, :now FROM moved RETURNING id) SELECT (SELECT count(*) FROM open), (SELECT version FROM saved)"#;

/// `responses::mark_submitted`.
pub const MARK_SUBMITTED: &str = r#"UPDATE "responses" SET "submitted_at_ms" = :now, "version" = :newversion, "updated_at_ms" = :now WHERE ((("responses"."case_id" = :cid) AND ("responses"."version" = :r_version)) AND ("responses"."submitted_at_ms" IS NULL))"#;

/// `cases::transition`.
pub const TRANSITION: &str = r#"UPDATE "cases" SET "state" = :to, "disposition" = :disposition, "updated_at_ms" = :now WHERE (("cases"."id" = :cid) AND ("cases"."state" = ANY(:from)))"#;

/// `events::record` without a page.
pub const EVENT: &str = r#"INSERT INTO "events" ("case_id", "kind", "page", "language", "at_ms") VALUES (:cid, :kind, DEFAULT, :language, :now)"#;

pub const BEGIN: &str = "BEGIN";
pub const COMMIT: &str = "COMMIT";

/// `PUT /pages/{page}` of a case that has answered before.
pub const SAVE: [&str; 2] = [CASE, PAGE_SAVE];

/// `POST /session` with a code whose case has logged in before (one statement writes: no
/// transaction).
pub const RELOGIN: [&str; 3] = [CODE, CASE, EVENT];

/// `POST /session` with a code whose case is new.
pub const FIRST_LOGIN: [&str; 8] = [
    CODE,
    CASE,
    BEGIN,
    CREATE_RESPONSE,
    RESPONSE,
    TRANSITION,
    EVENT,
    COMMIT,
];

/// `GET /questionnaire?lang=` in the session's own language.
pub const QUESTIONNAIRE: [&str; 1] = [CASE];

/// `POST /submit`.
pub const SUBMIT: [&str; 6] = [CASE, BEGIN, MARK_SUBMITTED, TRANSITION, EVENT, COMMIT];

/// `POST /session` with a well-formed code that opens nothing.
pub const UNKNOWN_CODE: [&str; 1] = [CODE];
