//! openapi.yaml as a fuzzer's map: schemathesis sends thousands of generated requests, valid
//! and malformed, to every documented operation of a real server, on SQLite and on PostgreSQL.
//! Every answer must be one the file documents for that operation, with its content type,
//! headers and body schema, and none may be a server error: bad input gets a clear error,
//! never a 500.
//!
//! The respondent's side (the JSON API and the pages) runs first, with a respondent's token;
//! then the management API with an admin's, except logout and the password change, which
//! would end the token the run uses.

mod support;

use std::process::Command;
use support::manager::{add_user, token};
use support::schemathesis::schemathesis;
use support::{servers, Svar};
use svar_core::accounts::Role;

/// What every answer is checked for. Left out: schemathesis's "a request the schema allows is
/// accepted" (a code with a wrong check character fits the schema of a code and is refused
/// by design) and "an undocumented method gets 405" (Svar answers 404).
const CHECKS: &str = "not_a_server_error,status_code_conformance,content_type_conformance,\
                      response_schema_conformance,response_headers_conformance";

/// Runs schemathesis on the operations whose paths `paths` matches, with `token`; panics with
/// its report if any answer failed a check.
fn fuzz(command: &std::path::Path, svar: &Svar, paths: &str, exclude: Option<&str>, token: &str) {
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

#[test]
fn generated_requests_get_only_documented_answers_and_never_a_server_error() {
    let Some(command) = schemathesis() else {
        return;
    };
    for svar in servers() {
        let login = support::http::send(
            "POST",
            &format!("{}/api/v1/respondent/session", svar.url),
            None,
            &serde_json::json!({ "code": svar.letters[0].code }),
        );
        assert_eq!(login.status, 201, "{}", login.body);
        let respondent = login.body["token"].as_str().unwrap().to_string();
        fuzz(
            &command,
            &svar,
            "^/(?!api/v1/(?!respondent))",
            None,
            &respondent,
        );

        add_user(&svar, "fuzz@example.se", Role::Admin);
        let admin = token(&svar, "fuzz@example.se");
        fuzz(
            &command,
            &svar,
            "^/api/v1/(?!respondent)",
            Some("^/api/v1/auth/(logout|password)$"),
            &admin,
        );
    }
}
