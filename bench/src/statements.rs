//! Confirms, in every run, that the pgbench scripts are the SQL the server really sends: with
//! `log_statement = 'all'` set on the benchmark database, a short-lived server serves one
//! respondent's whole session (and a second login, and an unknown code); the statements
//! PostgreSQL logs for each request are compared, `$n` and `:variables` aside, with the lists
//! in `sql.rs`. The main server starts after the setting is reset, so the measured runs log
//! nothing.

use crate::database::BenchDatabase;
use crate::respondent::{agent, five_pages, Api};
use crate::server::Server;
use crate::setup::{Letter, SvarCli};
use crate::sql;
use anyhow::Context;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// One request's statements as logged, beside the list they should match.
pub struct Check {
    pub request: &'static str,
    pub expected: &'static [&'static str],
    pub logged: Vec<String>,
}

impl Check {
    pub fn same(&self) -> bool {
        let expected: Vec<String> = self.expected.iter().map(|s| normalise(s)).collect();
        let logged: Vec<String> = self.logged.iter().map(|s| normalise(s)).collect();
        expected == logged
    }
}

/// What the check found.
pub enum Outcome {
    Checked(Vec<Check>),
    /// The check could not run (no readable server log); why.
    NotChecked(String),
}

/// The newest `*.log` under /var/log/postgresql (Debian's stderr log of the cluster).
fn default_log() -> Option<PathBuf> {
    std::fs::read_dir("/var/log/postgresql")
        .ok()?
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".log"))
        .max_by_key(|e| e.metadata().and_then(|m| m.modified()).ok())
        .map(|e| e.path())
}

fn log_len(path: &Path) -> anyhow::Result<u64> {
    Ok(std::fs::metadata(path)
        .with_context(|| format!("reading {}", path.display()))?
        .len())
}

fn read_from(path: &Path, offset: u64) -> anyhow::Result<String> {
    let mut file = std::fs::File::open(path)?;
    file.seek(SeekFrom::Start(offset))?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// `$1` and `:name` become `?`, so logged and scripted statements compare.
pub fn normalise(sql: &str) -> String {
    let chars: Vec<char> = sql.chars().collect();
    let mut out = String::with_capacity(sql.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied().unwrap_or(' ');
        let prev = if i > 0 { chars[i - 1] } else { ' ' };
        let placeholder = (c == '$' && next.is_ascii_digit())
            || (c == ':' && prev != ':' && (next.is_ascii_lowercase() || next == '_'));
        if placeholder {
            out.push('?');
            i += 1;
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// (backend pid, SQL) of the statements logged for database `db`.
fn logged_statements(log: &str, db: &str) -> Vec<(String, String)> {
    let tag = format!("@{db} ");
    log.lines()
        .filter(|l| l.contains(&tag))
        .filter_map(|l| {
            let pid = l
                .split_once('[')
                .and_then(|(_, rest)| rest.split_once(']'))
                .map(|(pid, _)| pid.to_string())
                .unwrap_or_default();
            let (_, after) = l.split_once("LOG:  ")?;
            let sql = if let Some(s) = after.strip_prefix("statement: ") {
                s
            } else {
                after.strip_prefix("execute ")?.split_once(": ")?.1
            };
            Some((pid, sql.to_string()))
        })
        .collect()
}

/// The statements of one request: those of the connection that ran the request's first
/// statement (a pool connection serves one request at a time; the worker uses another).
fn one_request(statements: &[(String, String)], first: &str) -> Vec<String> {
    let first = normalise(first);
    let Some((pid, _)) = statements.iter().find(|(_, s)| normalise(s) == first) else {
        return statements.iter().map(|(_, s)| s.clone()).collect();
    };
    statements
        .iter()
        .filter(|(p, _)| p == pid)
        .map(|(_, s)| s.clone())
        .collect()
}

pub fn confirm(
    cli: &SvarCli,
    db: &BenchDatabase,
    letters: [&Letter; 2],
    log: Option<&Path>,
) -> anyhow::Result<Outcome> {
    let Some(name) = db.name() else {
        return Ok(Outcome::NotChecked("not PostgreSQL".into()));
    };
    let Some(log) = log.map(Path::to_path_buf).or_else(default_log) else {
        return Ok(Outcome::NotChecked(
            "no PostgreSQL log found under /var/log/postgresql (pass --pg-log)".into(),
        ));
    };
    if let Err(e) = std::fs::File::open(&log) {
        return Ok(Outcome::NotChecked(format!(
            "cannot read {}: {e}",
            log.display()
        )));
    }
    db.query(&format!("ALTER DATABASE {name} SET log_statement = 'all'"))?;
    let captured = capture(cli, letters, &log, name);
    db.query(&format!("ALTER DATABASE {name} RESET log_statement"))?;
    Ok(Outcome::Checked(captured?))
}

/// Serves one session with a fresh server and cuts each request's statements out of the log.
fn capture(
    cli: &SvarCli,
    [warm, probe]: [&Letter; 2],
    log: &Path,
    db: &str,
) -> anyhow::Result<Vec<Check>> {
    let server = Server::start(cli, None, "statements")?;
    let api = Api::new(&server.url);
    let agent = agent();
    let mut checks = Vec::new();
    let mut watch = |request: &'static str,
                     expected: &'static [&'static str],
                     call: &mut dyn FnMut() -> anyhow::Result<()>|
     -> anyhow::Result<()> {
        let offset = log_len(log)?;
        call().with_context(|| format!("{request} while checking statements"))?;
        std::thread::sleep(Duration::from_millis(50));
        let statements = logged_statements(&read_from(log, offset)?, db);
        checks.push(Check {
            request,
            expected,
            logged: one_request(&statements, expected[0]),
        });
        Ok(())
    };
    // The first request loads the questionnaire into the form cache: not a steady one.
    api.login(&agent, &warm.code)?;
    watch(
        "POST /session (code seen before)",
        &sql::RELOGIN,
        &mut || api.login(&agent, &warm.code).map(drop),
    )?;
    let mut session = None;
    watch("POST /session (new case)", &sql::FIRST_LOGIN, &mut || {
        session = Some(api.login(&agent, &probe.code)?);
        Ok(())
    })?;
    let session = session.context("no session")?;
    watch("GET /questionnaire", &sql::QUESTIONNAIRE, &mut || {
        api.questionnaire(&agent, &session, &session.language)
    })?;
    let mut version = 0;
    for (page, answers) in five_pages() {
        watch("PUT /pages/{page}", &sql::SAVE, &mut || {
            version = api.save(&agent, &session, &page, version, &answers)?;
            Ok(())
        })?;
    }
    watch("POST /submit", &sql::SUBMIT, &mut || {
        api.submit(&agent, &session)
    })?;
    watch(
        "POST /session (unknown code)",
        &sql::UNKNOWN_CODE,
        &mut || {
            let code = svar_core::code::AccessCode::generate()
                .map_err(|e| anyhow::anyhow!("random source: {e}"))?;
            let (status, _) = api.try_login(&agent, &code.printed())?;
            anyhow::ensure!(status == 401, "unknown code: HTTP {status}");
            Ok(())
        },
    )?;
    drop(server);
    Ok(checks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_compare_equal() {
        assert_eq!(
            normalise(r#"SELECT "a" FROM "t" WHERE ("t"."id" = $1) LIMIT $2"#),
            normalise(r#"SELECT "a" FROM "t" WHERE ("t"."id" = :cid) LIMIT :one"#)
        );
        assert_eq!(normalise("SELECT x::text"), "SELECT x::text");
    }

    #[test]
    fn one_request_is_cut_out_of_the_log() {
        let log = "\
2026-11-26 13:35:16.304 UTC [1] postgres@db LOG:  execute s1: SELECT 1 FROM cases WHERE id = $1
2026-11-26 13:35:16.304 UTC [1] postgres@db DETAIL:  parameters: $1 = '1'
2026-11-26 13:35:16.304 UTC [2] postgres@db LOG:  execute s9: SELECT worker
2026-11-26 13:35:16.304 UTC [1] postgres@db LOG:  statement: BEGIN
2026-11-26 13:35:16.304 UTC [1] postgres@db LOG:  execute <unnamed>: UPDATE x SET y = $1
2026-11-26 13:35:16.305 UTC [1] postgres@db LOG:  statement: COMMIT
2026-11-26 13:35:16.305 UTC [3] postgres@other LOG:  statement: BEGIN
";
        let got = one_request(
            &logged_statements(log, "db"),
            "SELECT 1 FROM cases WHERE id = :cid",
        );
        assert_eq!(
            got,
            [
                "SELECT 1 FROM cases WHERE id = $1",
                "BEGIN",
                "UPDATE x SET y = $1",
                "COMMIT"
            ]
        );
    }

    #[test]
    fn the_lists_compare_with_what_the_log_shows() {
        let check = Check {
            request: "save",
            expected: &sql::SAVE,
            logged: sql::SAVE.iter().map(|s| s.replace(":cid", "$1")).collect(),
        };
        assert!(check.same());
    }
}
