//! openapi.yaml as a fuzzer's map: schemathesis sends thousands of generated requests, valid
//! and malformed, to every documented operation of a real server, on SQLite and on PostgreSQL.
//! Every answer must be one the file documents for that operation, with its content type,
//! headers and body schema, and none may be a server error: bad input gets a clear error,
//! never a 500.
//!
//! Most generated path parameters name things that exist (the demo survey, its cases, its
//! pages, its print batches, its contact plan's steps, opt-out tokens: `schemathesis.toml`), so
//! requests get past the 404 to the checks behind it; the rest are random. The respondent's side (the JSON API and the pages) runs first, with a
//! respondent's token, and the submit and decline last, with another's, so that the pages are
//! fuzzed on an open case; then the management API with an admin's token, except logout and
//! the password change, which would end the token the run uses.

// Helpers outside #[test] functions may unwrap too: a panic in a test is its failure.
#![allow(clippy::unwrap_used)]

mod support;

use std::process::Command;
use support::manager::{add_user, token};
use support::schemathesis::schemathesis;
use support::{five_pages, respondent_token, servers, Svar};
use svar_core::accounts::Role;
use svar_core::code::CodeKey;
use svar_core::contact::{ContactPlan, OptOutKey, PlanContext};
use svar_core::db::{cases, contact_plans, print_batches};

/// What every answer is checked for, including that a method the file does not list for a
/// path gets 405 with `Allow`. Left out: schemathesis's "a request the schema allows is
/// accepted" (a code with a wrong check character fits the schema of a code and is refused
/// by design).
const CHECKS: &str = "not_a_server_error,status_code_conformance,content_type_conformance,\
                      response_schema_conformance,response_headers_conformance,\
                      unsupported_method";

/// Runs schemathesis on the operations whose paths `paths` matches, with `token`; panics with
/// its report if any answer failed a check.
fn fuzz(command: &std::path::Path, svar: &Svar, paths: &str, exclude: Option<&str>, token: &str) {
    write_config(svar);
    let mut run = Command::new(command);
    run.current_dir(&svar.dir)
        .arg("run")
        .arg(support::repo().join("openapi.yaml"))
        .args(["--url", &svar.url])
        .args(["--header", &format!("Authorization: Bearer {token}")])
        .args(["--include-path-regex", paths])
        .args(["--checks", CHECKS])
        .args(["--max-examples", "30", "--seed", "20261127"])
        .args(["--generation-database", "none", "--no-color"]);
    if let Some(exclude) = exclude {
        run.args(["--exclude-path-regex", exclude]);
    }
    let out = run.output().expect("schemathesis runs");
    assert!(
        out.status.success(),
        "{}: schemathesis on {paths} found answers openapi.yaml does not allow:\n{}\n{}",
        svar.backend_name(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `schemathesis.toml` in the server's folder (where schemathesis runs): path parameters drawn
/// from the demo survey's id, some of its cases, its pages, its print batches, the steps of its
/// contact plan (the demo's) and opt-out tokens of cases other than the two the run answers
/// with, four times in five.
fn write_config(svar: &Svar) {
    let mut conn = svar.db.pool.get().unwrap();
    let cases = cases::ids_of_survey(&mut conn, svar.survey_id).unwrap();
    let plan = ContactPlan::check(
        serde_json::from_str(include_str!("../demo/contact-plan.json")).unwrap(),
        &PlanContext::default(),
    )
    .unwrap();
    contact_plans::save(&mut conn, svar.survey_id, &plan.to_stored(), None).unwrap();
    let batches = print_batches::list(&mut conn, svar.survey_id, None, 10).unwrap();
    let key = OptOutKey::new(&CodeKey::new(support::CODE_SECRET.as_bytes()).unwrap()).unwrap();
    let list = |values: Vec<String>| values.join(", ");
    let config = format!(
        "[dictionaries.surveys]\nvalues = [{}]\n\
         [dictionaries.cases]\nvalues = [{}]\n\
         [dictionaries.pages]\nvalues = [{}]\n\
         [dictionaries.batches]\nvalues = [{}]\n\
         [dictionaries.steps]\nvalues = [{}]\n\
         [dictionaries.tokens]\nvalues = [{}]\n\
         [parameters]\n\
         \"path.survey_id\" = {{ dictionary = \"surveys\", probability = 0.8 }}\n\
         \"path.case_id\" = {{ dictionary = \"cases\", probability = 0.8 }}\n\
         \"path.page\" = {{ dictionary = \"pages\", probability = 0.8 }}\n\
         \"path.batch_id\" = {{ dictionary = \"batches\", probability = 0.8 }}\n\
         \"path.name\" = {{ dictionary = \"steps\", probability = 0.8 }}\n\
         \"path.token\" = {{ dictionary = \"tokens\", probability = 0.8 }}\n",
        svar.survey_id,
        list(cases.iter().take(20).map(i64::to_string).collect()),
        list(
            five_pages()
                .into_iter()
                .map(|(id, _)| format!("{id:?}"))
                .collect()
        ),
        list(batches.iter().map(|b| b.id.to_string()).collect()),
        list(
            plan.steps
                .iter()
                .map(|s| format!("{:?}", s.name.as_str()))
                .collect()
        ),
        list(
            cases
                .iter()
                .skip(2)
                .take(10)
                .map(|c| format!("{:?}", key.token(*c)))
                .collect()
        ),
    );
    std::fs::write(svar.dir.join("schemathesis.toml"), config).unwrap();
}

#[test]
#[cfg_attr(
    svar_missing_schemathesis,
    ignore = "schemathesis not installed (tests/support/test_tools.rs)"
)]
fn generated_requests_get_only_documented_answers_and_never_a_server_error() {
    let Some(command) = schemathesis() else {
        return;
    };
    for svar in servers() {
        // Both logins come first: the fuzzing's wrong codes soon throttle this address.
        let (answering, ending) = (
            respondent_token(&svar.url, &svar.letters[0].code),
            respondent_token(&svar.url, &svar.letters[1].code),
        );
        let ends = "^/(api/v1/respondent/)?(submit|decline)$";
        let respondent_side = "^/(?!api/v1/(?!respondent))";
        // The dashboard's statistics stream never ends either (tests/dashboard.rs reads it).
        let respondent_exclude = format!("{ends}|^/manage/surveys/[^/]+/stream$");
        fuzz(
            &command,
            &svar,
            respondent_side,
            Some(&respondent_exclude),
            &answering,
        );
        fuzz(&command, &svar, ends, None, &ending);

        add_user(&svar, "fuzz@example.se", Role::Admin);
        let admin = token(&svar, "fuzz@example.se");
        fuzz(
            &command,
            &svar,
            "^/api/v1/(?!respondent)",
            // The statistics stream never ends: tests/monitoring.rs reads it.
            Some("^/api/v1/auth/(logout|password)$|/statistics/stream$"),
            &admin,
        );
    }
}
