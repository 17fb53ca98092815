//! The machine's limit on PostgreSQL: pgbench running the statements the server sends for a
//! request (`sql.rs`, checked against PostgreSQL's log in every run by `statements.rs`), with
//! the values of a real save, on cases of the same database that the HTTP runs do not touch,
//! at the same client counts. One pgbench transaction is one request (a save, a login) or a
//! whole session, so its rate compares directly with the server's.
//!
//! pgbench runs every statement prepared (`-M prepared`), so it is the best the server could
//! do with this SQL, and over the same transport as the server: plain TCP ([`command`]). Where pgbench cannot compute what the server
//! does, the script looks the code up by its row id instead of its keyed hash (one index
//! lookup either way).

use crate::cpu::{CpuSnapshot, CpuUse};
use crate::latency::Summary;
use crate::sql;
use anyhow::{bail, Context};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

/// pgbench, connecting the way the server does: without TLS. The server's libpq is built
/// without OpenSSL (`core/Cargo.toml`), so its connections are plain TCP, while pgbench's own
/// libpq negotiates TLS by default (`sslmode=prefer`) and pays for encryption the server does
/// not: on the EPYC machine pgbench ran a save at 6306–6954 tx/s at 8 clients with TLS and 7308
/// without, which made the ratio look better than it is. An `sslmode` in the URL still wins.
pub fn command() -> Command {
    let mut pgbench = Command::new("pgbench");
    pgbench.env("PGSSLMODE", "disable");
    pgbench
}

/// What the scripts write, taken from a real save of the HTTP run.
#[derive(Debug, Clone)]
pub struct SaveValues {
    pub answers: String,
    pub disposition: String,
    pub furthest_page: i32,
    pub page: String,
    pub language: String,
    pub questionnaire_id: i64,
}

/// Puts the save script's cases back at version 0 before a run, `{lo}` and `{hi}` their
/// range (`Ranges::save_cases`).
pub const RESET_SAVE_CASES: &str =
    "UPDATE responses SET version = 0 WHERE case_id BETWEEN {lo} AND {hi}";

/// The sequence the session script draws fresh cases' codes from.
pub const SESSION_SEQUENCE: &str = "svar_bench_session";

/// The ids the scripts draw from; none is used by the HTTP runs.
#[derive(Debug, Clone, Copy)]
pub struct Ranges {
    /// Cases that have answered before (a save finds its response).
    pub save_cases: (i64, i64),
    /// Codes of cases that have logged in before.
    pub login_codes: (i64, i64),
}

/// The scripts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    /// One save of the client's own case, which has answered before (at version 0 when the
    /// run starts: see [`RESET_SAVE_CASES`]).
    Save,
    /// A login with the code of a case that has logged in before.
    Relogin,
    /// A login with a code that opens nothing.
    UnknownCode,
    /// A whole session on a fresh case: first login, questionnaire, five saves, submit.
    Session,
}

/// `sql::LOGIN_LOOKUP` looking the code up by its row id (`by`) instead of its keyed hash.
fn lookup_by_id(by: &str) -> String {
    sql::LOGIN_LOOKUP.replace("code_hash = :hash", &format!("id = {by}"))
}

/// [`lookup_by_id`], with the case's id in `:cid`.
fn code_lookup(by: &str) -> Vec<String> {
    vec![
        format!("{} \\gset c_", lookup_by_id(by)),
        "\\set cid :c_id".into(),
    ]
}

/// The line of one save of case `:cid` at version `:r_version`, which the save's own result
/// moves on (the server, too, knows the version from its last write).
fn save_line() -> String {
    format!("{} \\gset r_", sql::PAGE_SAVE)
}

impl Script {
    fn name(self) -> &'static str {
        match self {
            Script::Save => "save",
            Script::Relogin => "relogin",
            Script::UnknownCode => "unknown-code",
            Script::Session => "session",
        }
    }

    pub fn text(self) -> String {
        let mut lines: Vec<String> = Vec::new();
        match self {
            Script::Save => {
                // Each client saves its own case over and over, as each HTTP respondent does.
                lines.push("\\set cid :save_lo + :client_id".into());
                lines.push(save_line());
            }
            Script::Relogin => {
                lines.push("\\set code random(:code_lo, :code_hi)".into());
                lines.push(format!("{};", lookup_by_id(":code")));
            }
            Script::UnknownCode => {
                lines.push("\\set code random(:code_hi + 1000000, :code_hi + 2000000)".into());
                lines.push(format!("{};", lookup_by_id(":code")));
            }
            Script::Session => {
                lines.extend(code_lookup(&format!(
                    "(SELECT nextval('{SESSION_SEQUENCE}'))"
                )));
                lines.push(format!("{};", sql::FIRST_LOGIN_WRITE));
                lines.push(format!("{} \\gset r_", sql::CASE));
                for _ in 0..5 {
                    lines.push(save_line());
                }
                lines.push(format!("{};", sql::SUBMIT_WRITE));
            }
        }
        lines.join("\n") + "\n"
    }
}

/// `-D` definitions of the scripts' values.
fn definitions(ranges: Ranges, v: &SaveValues) -> Vec<String> {
    [
        ("save_lo", ranges.save_cases.0.to_string()),
        ("save_hi", ranges.save_cases.1.to_string()),
        ("code_lo", ranges.login_codes.0.to_string()),
        ("code_hi", ranges.login_codes.1.to_string()),
        ("one", "1".into()),
        ("zero", "0".into()),
        ("empty", "{}".into()),
        ("qid", v.questionnaire_id.to_string()),
        ("answers", v.answers.clone()),
        ("furthest", v.furthest_page.to_string()),
        ("now", svar_core::db::now_ms().to_string()),
        ("opened", "opened".into()),
        ("s_new", "new".into()),
        ("s_opened", "opened".into()),
        ("s_started", "started".into()),
        ("fielding", "fielding".into()),
        ("r_version", "0".into()),
        ("started", "started".into()),
        ("submitted", "submitted".into()),
        ("disposition", v.disposition.clone()),
        ("new_state", "{new}".into()),
        ("open_states", "{new,opened,started}".into()),
        ("kind_login", "login".into()),
        ("disposition_login", "2.1121".into()),
        ("kind_save", "save".into()),
        ("kind_submit", "submit".into()),
        ("page", v.page.clone()),
        ("language", v.language.clone()),
    ]
    .into_iter()
    .map(|(name, value)| format!("{name}={value}"))
    .collect()
}

/// A pgbench run: per-transaction latencies, and pgbench's transactions per second as the
/// summary's rate.
#[derive(Debug, Clone)]
pub struct PgbenchRun {
    pub summary: Summary,
    pub cpu: CpuUse,
}

/// Where pgbench runs: the database, the folder for its scripts and logs, the ids and the
/// values written.
pub struct Target<'a> {
    pub url: &'a str,
    pub dir: &'a Path,
    pub ranges: Ranges,
    pub values: &'a SaveValues,
}

pub fn run(
    target: &Target,
    script: Script,
    clients: usize,
    duration: Duration,
    server_pid: Option<u32>,
) -> anyhow::Result<PgbenchRun> {
    let log_dir = target.dir;
    let script_file = log_dir.join(format!("{}.sql", script.name()));
    std::fs::write(&script_file, script.text())
        .with_context(|| format!("writing {}", script_file.display()))?;
    let prefix = log_dir.join(format!("pgbench-{}-{clients}", script.name()));
    let secs = duration.as_secs().max(1).to_string();
    CpuSnapshot::settle();
    let before = CpuSnapshot::take(server_pid);
    let mut cmd = command();
    cmd.args(["-n", "-M", "prepared", "-f"])
        .arg(script_file)
        .args([
            "-c",
            &clients.to_string(),
            "-j",
            &clients.to_string(),
            "-T",
            &secs,
        ]);
    for definition in definitions(target.ranges, target.values) {
        cmd.arg("-D").arg(definition);
    }
    let out = cmd
        .arg("-l")
        .arg(format!("--log-prefix={}", prefix.display()))
        .arg(target.url)
        .current_dir(log_dir)
        .stdin(Stdio::null())
        .output()
        .context("running pgbench (install postgresql-client)")?;
    let after = CpuSnapshot::take_settled(server_pid);
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        bail!(
            "pgbench failed: {}{}",
            String::from_utf8_lossy(&out.stderr).trim(),
            stdout.trim()
        );
    }
    let tps = stdout
        .lines()
        .find_map(|l| l.strip_prefix("tps = "))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse::<f64>().ok())
        .with_context(|| format!("no tps in pgbench's output:\n{stdout}"))?;
    let failed = stdout
        .lines()
        .find_map(|l| l.strip_prefix("number of failed transactions: "))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse::<u64>().ok())
        .unwrap_or(0);
    let mut summary = latencies(log_dir, &prefix, duration, failed)?;
    // pgbench's own rate leaves out connection set-up: the summary's rate is made the same.
    if tps > 0.0 {
        summary.elapsed = Duration::from_secs_f64(summary.count as f64 / tps);
    }
    Ok(PgbenchRun {
        summary,
        cpu: before.until(&after),
    })
}

/// Latencies from pgbench's per-transaction logs (`client tx latency_us script epoch us`).
fn latencies(
    dir: &Path,
    prefix: &Path,
    duration: Duration,
    failed: u64,
) -> anyhow::Result<Summary> {
    let stem = prefix
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut rec = crate::latency::Recorder::default();
    let mut micros = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with(&format!("{stem}.")) {
            continue;
        }
        let text = std::fs::read_to_string(entry.path())?;
        for line in text.lines() {
            if let Some(us) = line
                .split_whitespace()
                .nth(2)
                .and_then(|f| f.parse::<u64>().ok())
            {
                micros.push(us);
            }
        }
        std::fs::remove_file(entry.path())?;
    }
    for us in micros {
        rec.push_micros(us);
    }
    for _ in 0..failed {
        rec.error(anyhow::anyhow!("pgbench counted a failed transaction"));
    }
    Ok(rec.summary(duration))
}
