//! `svar user add` as scripts and operators use it: the password from standard input or
//! generated and printed once; refusals exit non-zero with a clear message and store nothing.

// Helpers outside #[test] functions may unwrap too: a panic in a test is its failure.
#![allow(clippy::unwrap_used)]

mod support;

use diesel::prelude::*;
use std::io::Write;
use std::process::{Output, Stdio};
use support::{stderr, stdout, svar_command, temp_dir};
use svar_core::accounts::verify_password;
use svar_core::db::schema::{audit_log, users};
use svar_core::db::test_db::TestDatabase;

/// Runs `svar user add` with `args`, writing `input` to its standard input (`None`: stdin is
/// /dev/null, as in a script run without a terminal).
fn user_add(db: &TestDatabase, args: &[&str], input: Option<&str>) -> Output {
    let dir = temp_dir("user-cli");
    let mut cmd = svar_command(db, &dir);
    cmd.args(["user", "add"]).args(args);
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    if input.is_some() {
        cmd.stdin(Stdio::piped());
    }
    let mut child = cmd.spawn().unwrap();
    if let Some(text) = input {
        // A refusal of the arguments may come before the password is read: the pipe may be
        // closed already, and that is no failure of the test.
        let _ = child.stdin.take().unwrap().write_all(text.as_bytes());
    }
    let out = child.wait_with_output().unwrap();
    let _ = std::fs::remove_dir_all(dir);
    out
}

fn accounts(db: &TestDatabase) -> Vec<(String, String, String)> {
    let mut c = db.pool.get().unwrap();
    users::table
        .order(users::id)
        .select((users::email, users::role, users::password_hash))
        .load(&mut *c)
        .unwrap()
}

#[test]
fn an_account_is_made_with_the_password_from_standard_input() {
    for db in TestDatabase::all().unwrap() {
        let out = user_add(
            &db,
            &["--email", "Anna.Berg@SCB.se", "--role", "manager"],
            Some("a long and private password\n"),
        );
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(
            stdout(&out).contains("created user 1 with role manager"),
            "{}",
            stdout(&out)
        );
        assert!(
            !stdout(&out).contains("private"),
            "the password is not echoed"
        );
        let stored = accounts(&db);
        assert_eq!(stored.len(), 1);
        let (email, role, hash) = &stored[0];
        assert_eq!(
            (email.as_str(), role.as_str()),
            ("anna.berg@scb.se", "manager")
        );
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
        assert!(verify_password("a long and private password", hash).matches);
        // Recorded in the audit log as a change made on the command line.
        let mut c = db.pool.get().unwrap();
        let audit: Vec<(Option<i64>, String, String)> = audit_log::table
            .select((
                audit_log::actor_user_id,
                audit_log::action,
                audit_log::detail,
            ))
            .load(&mut *c)
            .unwrap();
        assert_eq!(
            audit,
            [(
                None,
                "user.create".to_string(),
                r#"{"role":"manager"}"#.to_string()
            )]
        );

        // The same address again, in another case: refused.
        let again = user_add(
            &db,
            &["--email", "anna.berg@scb.se", "--role", "admin"],
            Some("another long password\n"),
        );
        assert!(!again.status.success());
        assert!(
            stderr(&again).contains("exists already"),
            "{}",
            stderr(&again)
        );
        assert_eq!(accounts(&db).len(), 1);
    }
}

#[test]
fn without_a_password_one_is_generated_and_printed_once() {
    for db in TestDatabase::all().unwrap() {
        let out = user_add(&db, &["--email", "admin@scb.se", "--role", "admin"], None);
        assert!(out.status.success(), "{}", stderr(&out));
        let text = stdout(&out);
        let password = text
            .lines()
            .find_map(|l| l.strip_prefix("password: "))
            .unwrap_or_else(|| panic!("a password line: {text}"));
        assert!(password.len() >= 16, "{password}");
        let stored = accounts(&db);
        assert!(verify_password(password, &stored[0].2).matches);
        assert_eq!(stored[0].1, "admin");
    }
}

#[test]
fn refusals_say_why_and_store_nothing() {
    for db in TestDatabase::all().unwrap() {
        let cases: [(&[&str], Option<&str>, &str); 6] = [
            (
                &["--email", "a@scb.se", "--role", "manager"],
                Some("too short\n"),
                "at least 12 characters",
            ),
            (
                &["--email", "a@scb.se", "--role", "manager"],
                Some("Password1234\n"),
                "commonly used",
            ),
            (
                &["--email", "not-an-address", "--role", "manager"],
                Some("a long and private password\n"),
                "--email",
            ),
            (
                &["--email", "a@scb.se", "--role", "boss"],
                Some("a long and private password\n"),
                "admin, manager or viewer",
            ),
            (
                &[
                    "--email",
                    "a@scb.se",
                    "--role",
                    "viewer",
                    "--password-stdin",
                ],
                Some(""),
                "standard input is empty",
            ),
            (
                &["--email", "a@scb.se", "--role", "viewer"],
                Some("first line long enough\nsecond line\n"),
                "more than one line",
            ),
        ];
        for (args, input, message) in cases {
            let out = user_add(&db, args, input);
            assert!(!out.status.success(), "{args:?} must be refused");
            assert!(stderr(&out).contains(message), "{args:?}: {}", stderr(&out));
            assert!(
                !stderr(&out).contains("private password"),
                "the password never shows"
            );
        }
        assert!(accounts(&db).is_empty());
    }
}
