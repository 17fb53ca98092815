//! The command line as scripts use it (DESIGN.md "Interfaces that stay fixed"): refusals exit
//! non-zero with a message that says where the problem is, and change nothing.

// Helpers outside #[test] functions may unwrap too: a panic in a test is its failure.
#![allow(clippy::unwrap_used)]

mod support;

use diesel::prelude::*;
use support::{
    create_demo_survey, repo, run, stderr, stdout, survey_create, svar_command, temp_dir,
};
use svar_core::db::schema::{cases, contacts, questionnaires, strata, surveys};
use svar_core::db::test_db::TestDatabase;

fn counts(db: &TestDatabase) -> (i64, i64, i64, i64, i64) {
    let mut c = db.pool.get().unwrap();
    (
        surveys::table.count().get_result(&mut *c).unwrap(),
        questionnaires::table.count().get_result(&mut *c).unwrap(),
        strata::table.count().get_result(&mut *c).unwrap(),
        cases::table.count().get_result(&mut *c).unwrap(),
        contacts::table.count().get_result(&mut *c).unwrap(),
    )
}

#[test]
fn a_bad_questionnaire_is_refused_with_its_location_and_stores_nothing() {
    for db in TestDatabase::all().unwrap() {
        let dir = temp_dir("cli");
        let bad = repo().join("core/tests/fixtures/forms/unknown_reference.xlsx");
        let out = survey_create(&db, &dir, "Bad", &bad);
        assert!(!out.status.success());
        let message = stderr(&out);
        assert!(
            message.contains("survey!R"),
            "names sheet and row: {message}"
        );
        assert!(message.contains("names no"), "{message}");
        // Every error, each on its line, not only the first.
        let many = repo().join("core/tests/fixtures/forms/many_errors.xlsx");
        let message = stderr(&survey_create(&db, &dir, "Bad", &many));
        for place in [
            "survey!R2 (type)",
            "survey!R3 (relevant)",
            "survey!R4 (name)",
        ] {
            assert!(
                message
                    .lines()
                    .any(|line| line.trim_start().starts_with(place)),
                "{place} in {message}"
            );
        }
        assert_eq!(counts(&db).0, 0, "no survey");
        assert_eq!(counts(&db).1, 0, "no questionnaire");
        let out = survey_create(&db, &dir, "Bad", &repo().join("demo/strata.csv"));
        assert!(!out.status.success());
        assert!(
            stderr(&out).contains(".xlsx, .xls or .json"),
            "{}",
            stderr(&out)
        );
        let _ = std::fs::remove_dir_all(dir);
    }
}

fn import(
    db: &TestDatabase,
    dir: &std::path::Path,
    survey: i64,
    strata_csv: &str,
    sample_csv: &[u8],
) -> std::process::Output {
    std::fs::write(dir.join("strata.csv"), strata_csv).unwrap();
    std::fs::write(dir.join("sample.csv"), sample_csv).unwrap();
    let mut cmd = svar_command(db, dir);
    cmd.args([
        "sample",
        "import",
        "--survey",
        &survey.to_string(),
        "--strata",
        "strata.csv",
        "--sample",
        "sample.csv",
    ]);
    run(cmd)
}

#[test]
fn sample_refusals_leave_the_database_unchanged() {
    let strata_csv =
        "stratum,label,population,sample_size\nA,Stratum A,1000,3\nB,Stratum B,500,2\n";
    let header = "person_id,stratum,first_name,last_name,email,language,sex\n";
    let mut not_utf8 = format!("{header}P1,A,").into_bytes();
    not_utf8.extend_from_slice(b"\xffsa,Berg,,sv,F\n");
    let refused: [(&str, Vec<u8>, &str); 5] = [
        (
            "duplicate",
            format!("{header}P1,A,Åsa,Öberg,,sv,F\nP2,A,Erik,Berg,,sv,M\nP1,B,Ali,Hassan,,ar,M\n")
                .into_bytes(),
            "line 4",
        ),
        (
            "unknown stratum",
            format!("{header}P1,A,Åsa,Öberg,,sv,F\nP2,C,Erik,Berg,,sv,M\n").into_bytes(),
            "line 3",
        ),
        (
            "bad e-mail",
            format!("{header}P1,A,Åsa,Öberg,asa.example.se,sv,F\n").into_bytes(),
            "line 2",
        ),
        (
            "missing column",
            b"person_id,first_name\nP1,Asa\n".to_vec(),
            "stratum",
        ),
        ("not UTF-8", not_utf8, "line 2"),
    ];
    for db in TestDatabase::all().unwrap() {
        let dir = temp_dir("cli");
        let survey = create_demo_survey(&db, &dir);
        let before = counts(&db);
        for (what, sample_csv, location) in &refused {
            let out = import(&db, &dir, survey, strata_csv, sample_csv);
            assert!(!out.status.success(), "{what} must be refused");
            let message = stderr(&out);
            assert!(message.contains(location), "{what}: {message}");
            assert!(
                !message.contains("Åsa") && !message.contains("asa.example.se"),
                "no personal data: {message}"
            );
            assert_eq!(counts(&db), before, "{what} changed the database");
        }
        // The good file goes in, all of it.
        let good = format!("{header}P1,A,Åsa,Öberg,asa@example.se,sv,F\nP2,A,Erik,Berg,,sv,M\nP3,A,Ali,Hassan,,ar,M\nP4,B,Mei,Chen,,en,F\nP5,B,Olena,Kovalenko,,,F\n");
        let out = import(&db, &dir, survey, strata_csv, good.as_bytes());
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(
            stdout(&out).contains("2 strata and 5 cases"),
            "{}",
            stdout(&out)
        );
        assert_eq!(counts(&db).3, 5);
        // A second import into the same round is refused and changes nothing.
        let out = import(&db, &dir, survey, strata_csv, good.as_bytes());
        assert!(!out.status.success());
        assert_eq!(counts(&db).3, 5);
        let _ = std::fs::remove_dir_all(dir);
    }
}

#[test]
fn letters_carry_one_code_per_case_the_same_on_every_run_and_only_hashes_are_stored() {
    for db in TestDatabase::all().unwrap() {
        let dir = temp_dir("cli");
        let survey = create_demo_survey(&db, &dir);
        support::import_demo_sample(&db, &dir, survey);
        let first = support::write_letters(&db, &dir, survey, "https://svar.example.se");
        assert_eq!(first.len(), 2000);
        let codes: std::collections::HashSet<&str> =
            first.iter().map(|l| l.code.as_str()).collect();
        assert_eq!(codes.len(), 2000, "a code of its own per case");
        // The invitation batch is made once: a second run writes the same letters.
        let second = support::write_letters(&db, &dir, survey, "https://svar.example.se");
        let same: Vec<(&str, &str)> = second
            .iter()
            .map(|l| (l.person_id.as_str(), l.code.as_str()))
            .collect();
        let expected: Vec<(&str, &str)> = first
            .iter()
            .map(|l| (l.person_id.as_str(), l.code.as_str()))
            .collect();
        assert_eq!(same, expected, "the same letters and codes");
        assert_eq!(
            first[0].url,
            format!(
                "https://svar.example.se/s/{}",
                first[0].code.replace('-', "")
            )
        );
        let mut c = db.pool.get().unwrap();
        use svar_core::db::schema::access_codes;
        let stored: Vec<String> = access_codes::table
            .select(access_codes::code_hash)
            .load(&mut *c)
            .unwrap();
        assert_eq!(stored.len(), 2000, "one live code per case");
        let plain: String = first[0].code.chars().filter(|c| *c != '-').collect();
        assert!(
            stored.iter().all(|h| h.len() == 64 && !h.contains(&plain)),
            "only hashes"
        );
        // The batch keeps its codes sealed, never in clear.
        use svar_core::db::schema::contact_attempts;
        let sealed: Vec<Option<String>> = contact_attempts::table
            .select(contact_attempts::sealed_code)
            .load(&mut *c)
            .unwrap();
        assert_eq!(sealed.len(), 2000);
        assert!(sealed.iter().all(|s| s
            .as_deref()
            .is_some_and(|s| !s.to_uppercase().contains(&plain))));
        // Unknown survey: a clear refusal.
        let mut cmd = svar_command(&db, &dir);
        cmd.args(["letters", "--survey", "999", "--out", "x.csv"]);
        let out = run(cmd);
        assert!(!out.status.success());
        assert!(stderr(&out).contains("no survey 999"), "{}", stderr(&out));
        let _ = std::fs::remove_dir_all(dir);
    }
}
