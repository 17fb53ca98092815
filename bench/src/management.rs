//! The management API's benchmarks on PostgreSQL (issue 4), on a database of their own:
//! a sample of 1,000,000 generated rows imported through the API (multipart upload, then the
//! job polled to its end) beside PostgreSQL's own `COPY` of the same rows in the same run, with
//! the server's peak memory; and manager logins — one argon2id verification timed in-process
//! (the machine's limit is the cores divided by that time) beside logins/s over HTTP.

use crate::database::{psql, BenchDatabase};
use crate::load::{self, Step};
use crate::manager_client::{add_admin, login, EMAIL as ADMIN, PASSWORD};
use crate::options::{Bench, Plan};
use crate::paths::Paths;
use crate::report::{step_line, Row};
use crate::server::Server;
use crate::setup::{sample_files, SvarCli};
use crate::workdir::WorkDir;
use anyhow::{bail, Context};
use serde_json::{json, Value};
use std::io::{Cursor, Read};
use std::path::Path;
use std::time::{Duration, Instant};

/// The sample the import benchmark generates.
const IMPORT_ROWS: usize = 1_000_000;
/// Targets: at least half of COPY's rate, server memory under 200 MB.
const IMPORT_RATIO_TARGET: f64 = 0.5;
const IMPORT_MEMORY_TARGET_MB: f64 = 200.0;
const LOGIN_CLIENTS: usize = 4;

pub fn run(plan: &Plan, paths: &Paths, work: &WorkDir, rows: &mut Vec<Row>) -> anyhow::Result<()> {
    println!("Management API, PostgreSQL");
    let db = BenchDatabase::postgres(&plan.pg_url, plan.keep)?;
    let cli = SvarCli {
        svar: paths.svar.clone(),
        database_url: db.url(),
        dir: work.folder("management")?,
    };
    cli.run(["migrate"])?;
    add_admin(&cli)?;
    let server = Server::start(&cli, plan.db_pool, "management")?;
    let token = login(&server.url)?;
    if plan.runs(Bench::Import) {
        import(paths, &cli, &db, &server, &token, rows)?;
    }
    if plan.runs(Bench::ManagerLogins) {
        logins(plan, &server, rows)?;
    }
    Ok(())
}

/// Uploads the strata and sample as multipart parts, streamed from disk; returns the job id.
fn upload(url: &str, token: &str, strata: &Path, sample: &Path) -> anyhow::Result<i64> {
    const BOUNDARY: &str = "svar-bench-boundary-5f0c2a";
    let part = |name: &str, file: &str| {
        format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file}\"\r\nContent-Type: text/csv\r\n\r\n"
        )
    };
    let body = Cursor::new(part("strata", "strata.csv"))
        .chain(std::fs::File::open(strata)?)
        .chain(Cursor::new(format!("\r\n{}", part("sample", "sample.csv"))))
        .chain(std::fs::File::open(sample)?)
        .chain(Cursor::new(format!("\r\n--{BOUNDARY}--\r\n")));
    let reply: Value = ureq::post(url)
        .set("Authorization", &format!("Bearer {token}"))
        .set(
            "Content-Type",
            &format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .send(body)
        .context("uploading the sample")?
        .into_json()?;
    reply["job"].as_i64().context("a job id in the reply")
}

/// Polls the job until it ends; fails unless it succeeded.
fn wait_for_job(url: &str, token: &str, job: i64) -> anyhow::Result<Value> {
    loop {
        let reply: Value = ureq::get(&format!("{url}/api/v1/jobs/{job}"))
            .set("Authorization", &format!("Bearer {token}"))
            .call()?
            .into_json()?;
        match reply["state"].as_str() {
            Some("running") => std::thread::sleep(Duration::from_millis(200)),
            Some("succeeded") => return Ok(reply),
            _ => bail!("the import job ended {reply}"),
        }
    }
}

fn import(
    paths: &Paths,
    cli: &SvarCli,
    db: &BenchDatabase,
    server: &Server,
    token: &str,
    rows: &mut Vec<Row>,
) -> anyhow::Result<()> {
    let (strata, sample) = sample_files(paths, IMPORT_ROWS, &cli.dir)?;
    let url = &server.url;
    let survey: Value = ureq::post(&format!("{url}/api/v1/surveys"))
        .set("Authorization", &format!("Bearer {token}"))
        .send_json(json!({ "name": "Import benchmark", "round": 1 }))?
        .into_json()?;
    let survey_id = survey["id"].as_i64().context("a survey id")?;
    let started = Instant::now();
    let job = upload(
        &format!("{url}/api/v1/surveys/{survey_id}/sample"),
        token,
        &strata,
        &sample,
    )?;
    let uploaded = started.elapsed();
    let done = wait_for_job(url, token, job)?;
    let seconds = started.elapsed().as_secs_f64();
    let imported = done["rows_imported"].as_f64().unwrap_or(0.0);
    let peak_mb = server.peak_rss_kb()? as f64 / 1024.0;
    println!(
        "  sample import over the API: {imported:.0} rows in {seconds:.1} s (upload {:.1} s) = {:.0} rows/s; peak RSS {peak_mb:.0} MB",
        uploaded.as_secs_f64(),
        imported / seconds
    );
    let copy = copy_limits(db, survey_id, &sample, &cli.dir)?;
    println!(
        "  COPY of the same rows: into the import's own tables (cases + contacts, same indexes and foreign keys) {:.1} s; the file into a bare table of text columns {:.1} s",
        copy.same_tables, copy.bare_table
    );
    let ratio = copy.same_tables / seconds;
    rows.push(
        Row::note(
            "sample import, 1M rows via API, PG",
            format!("{seconds:.1} s"),
        )
        .limit(
            format!(
                "COPY into the same tables {:.1} s (bare table {:.1} s: ratio {:.2})",
                copy.same_tables,
                copy.bare_table,
                copy.bare_table / seconds
            ),
            Some(ratio),
        )
        .target("≥ 0.5 × COPY", ratio >= IMPORT_RATIO_TARGET),
    );
    rows.push(
        Row::note("peak RSS of svar serve, import", format!("{peak_mb:.0} MB"))
            .target("< 200 MB", peak_mb < IMPORT_MEMORY_TARGET_MB),
    );
    Ok(())
}

/// Seconds PostgreSQL's COPY takes for the same rows: into copies of the tables the import
/// writes (same indexes, same foreign keys, which cost PostgreSQL a lookup per row), and the
/// file as it is into a table of text columns with no index.
struct CopyLimits {
    same_tables: f64,
    bare_table: f64,
}

fn copy_limits(
    db: &BenchDatabase,
    survey_id: i64,
    sample: &Path,
    dir: &Path,
) -> anyhow::Result<CopyLimits> {
    let url = db.url();
    let cases = dir.join("copy-cases.tsv");
    let contacts = dir.join("copy-contacts.tsv");
    psql(
        &url,
        &format!(
            "\\copy (SELECT * FROM cases WHERE survey_id = {survey_id}) TO '{}'",
            cases.display()
        ),
    )?;
    psql(
        &url,
        &format!(
            "\\copy (SELECT k.* FROM contacts k JOIN cases c ON c.id = k.case_id WHERE c.survey_id = {survey_id}) TO '{}'",
            contacts.display()
        ),
    )?;
    psql(
        &url,
        "CREATE TABLE copy_cases (LIKE cases INCLUDING ALL); \
         ALTER TABLE copy_cases ADD FOREIGN KEY (survey_id) REFERENCES surveys (id), \
             ADD FOREIGN KEY (stratum_id) REFERENCES strata (id); \
         CREATE TABLE copy_contacts (LIKE contacts INCLUDING ALL); \
         ALTER TABLE copy_contacts ADD FOREIGN KEY (case_id) REFERENCES copy_cases (id);",
    )?;
    let timed = |sql: String| -> anyhow::Result<f64> {
        let started = Instant::now();
        psql(&url, &sql)?;
        Ok(started.elapsed().as_secs_f64())
    };
    let same_tables = timed(format!("\\copy copy_cases FROM '{}'", cases.display()))?
        + timed(format!(
            "\\copy copy_contacts FROM '{}'",
            contacts.display()
        ))?;
    let mut header = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(std::fs::File::open(sample)?),
        &mut header,
    )?;
    let header = header.trim_end();
    let columns: Vec<String> = header
        .split(',')
        .map(|c| format!("\"{}\" text", c.replace('"', "")))
        .collect();
    psql(
        &url,
        &format!("CREATE TABLE copy_file ({});", columns.join(", ")),
    )?;
    let bare_table = timed(format!(
        "\\copy copy_file FROM '{}' CSV HEADER",
        sample.display()
    ))?;
    Ok(CopyLimits {
        same_tables,
        bare_table,
    })
}

/// Manager logins: one argon2id verification in-process, then logins/s over HTTP.
fn logins(plan: &Plan, server: &Server, rows: &mut Vec<Row>) -> anyhow::Result<()> {
    let stored = svar_core::accounts::hash_password(PASSWORD)?;
    let rounds = 20;
    let started = Instant::now();
    for _ in 0..rounds {
        let verified = svar_core::accounts::verify_password(PASSWORD, &stored);
        std::hint::black_box(verified);
    }
    let verify_ms = started.elapsed().as_secs_f64() * 1000.0 / f64::from(rounds);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as f64;
    let limit = cores * 1000.0 / verify_ms;
    println!(
        "  argon2id verification in-process: {verify_ms:.1} ms each → at most {limit:.0} logins/s on {cores:.0} cores"
    );
    let url = format!("{}/api/v1/auth/login", server.url);
    let step: Step = load::run(
        LOGIN_CLIENTS,
        plan.step,
        Some(server.pid()),
        |_| Ok(ureq::AgentBuilder::new().build()),
        |_, agent, clock, recorder| {
            while clock.running() {
                recorder.time(|| {
                    agent
                        .post(&url)
                        .send_json(json!({ "email": ADMIN, "password": PASSWORD }))?;
                    Ok(())
                });
            }
        },
    )?;
    step_line("manager logins over HTTP", LOGIN_CLIENTS, &step, "logins/s");
    rows.push(Row::note(
        "argon2id verification, in-process",
        format!("{verify_ms:.1} ms"),
    ));
    rows.push(
        Row::of_step("manager logins, PG", LOGIN_CLIENTS, &step, "logins/s").limit(
            format!("{cores:.0} cores ÷ verification time = {limit:.0} logins/s"),
            Some(step.summary.rate() / limit),
        ),
    );
    Ok(())
}
