//! Benchmarks of the management API on a million cases (PostgreSQL), each beside the
//! machine's own figure for the same data measured in the same run:
//!
//! - case list (`--only cases`): pages of 100 through `GET /api/v1/surveys/{id}/cases`
//!   filtered by stratum and state, and by state alone, as an admin (so contact data is
//!   read too); p50/p95 per page against pgbench running the page's statements (token check,
//!   survey, stratum, the page, its contact data) at random positions. Target p95 < 50 ms.
//! - exports (`--only exports`): `responses.csv` and `responses.sav` downloaded over HTTP,
//!   each from a freshly started server so that its peak resident memory (VmHWM) is the
//!   export's; against psql's `\copy` of the same rows to /dev/null. Targets for the CSV:
//!   < 60 s and < 200 MB.

use crate::big_survey::{self, BigSurvey};
use crate::database::BenchDatabase;
use crate::manager_client::{add_admin, login};
use crate::options::{Bench, Plan};
use crate::paths::Paths;
use crate::report::Row;
use crate::server::Server;
use crate::setup::SvarCli;
use crate::workdir::WorkDir;
use anyhow::{bail, Context};
use std::io::Read;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

const PAGE: usize = 100;
const LIST_P95_TARGET_MS: f64 = 50.0;
const EXPORT_SECONDS_TARGET: f64 = 60.0;
const EXPORT_MEMORY_TARGET_MB: f64 = 200.0;

pub fn run(plan: &Plan, paths: &Paths, work: &WorkDir, rows: &mut Vec<Row>) -> anyhow::Result<()> {
    println!(
        "PostgreSQL, {} cases: case list and exports ({})",
        plan.big_cases, plan.pg_url
    );
    let (db, cli) = SvarCli::on_fresh_postgres(plan, paths, work, "cases-exports")?;
    let dir = cli.dir.clone();
    let big = big_survey::build(&db, &cli, paths, plan.big_cases)?;
    add_admin(&cli)?;
    if plan.runs(Bench::Cases) {
        let server = Server::start(&cli, plan.db_pool, "cases")?;
        let token = login(&server.url)?;
        let stratum = big_survey::STRATA[0];
        for (what, query, stratum_id, state) in [
            (
                "case list, stratum + state",
                format!("stratum={stratum}&state=submitted"),
                Some(big.strata_ids[0]),
                "submitted",
            ),
            ("case list, state", "state=new".to_string(), None, "new"),
        ] {
            let http = page_through(&server.url, &token, big.survey_id, &query, plan.step)?;
            let pg = pgbench_pages(&db, &dir, &big, stratum_id, state, plan.step)?;
            println!(
                "  {what:<28} {} pages: p50 {:.2} ms, p95 {:.2} ms, max {:.1} ms; pgbench, the \
                 page's SQL: p50 {:.2} ms, p95 {:.2} ms",
                http.count, http.p50, http.p95, http.max, pg.p50, pg.p95
            );
            let mut row = Row::note(
                &format!("{what}, {} cases", big.cases),
                format!("p95 {:.1} ms/page of {PAGE}", http.p95),
            );
            row.p50_ms = Some(http.p50);
            rows.push(
                row.limit(
                    format!("pgbench, same SQL: p95 {:.1} ms", pg.p95),
                    (http.p95 > 0.0).then(|| pg.p95 / http.p95),
                )
                .target("p95 < 50 ms", http.p95 < LIST_P95_TARGET_MS),
            );
        }
    }
    if plan.runs(Bench::Exports) {
        let copy = copy_seconds(&db, big.survey_id)?;
        println!("  psql \\copy of the same rows to /dev/null: {copy:.1} s");
        for (file, time_target) in [("responses.csv", true), ("responses.sav", false)] {
            let server = Server::start(&cli, plan.db_pool, file)?;
            let token = login(&server.url)?;
            let (seconds, bytes) = download(&server.url, &token, big.survey_id, file, big.cases)?;
            let mb = server.peak_rss_kb()? as f64 / 1024.0;
            println!(
                "  export {file}: {seconds:.1} s, {:.0} MB, {:.1} MB/s; peak RSS of svar {mb:.1} MB",
                bytes as f64 / 1e6,
                bytes as f64 / 1e6 / seconds
            );
            let mut row = Row::note(
                &format!("export {file}, {} cases", big.cases),
                format!("{seconds:.1} s"),
            )
            .limit(
                format!("psql \\copy of the rows {copy:.1} s"),
                (seconds > 0.0).then(|| copy / seconds),
            );
            if time_target {
                row = row.target("< 60 s", seconds < EXPORT_SECONDS_TARGET);
            }
            rows.push(row);
            rows.push(
                Row::note(
                    &format!("  peak RSS of svar, {file}"),
                    format!("{mb:.1} MB"),
                )
                .target("< 200 MB", mb < EXPORT_MEMORY_TARGET_MB),
            );
        }
    }
    Ok(())
}

/// Per-page latencies.
struct Latencies {
    count: usize,
    p50: f64,
    p95: f64,
    max: f64,
}

fn latencies(mut micros: Vec<u64>) -> Latencies {
    micros.sort_unstable();
    let pct = |p: f64| -> f64 {
        if micros.is_empty() {
            return f64::NAN;
        }
        let rank = ((p / 100.0) * micros.len() as f64).ceil() as usize;
        micros[rank.clamp(1, micros.len()) - 1] as f64 / 1000.0
    };
    Latencies {
        count: micros.len(),
        p50: pct(50.0),
        p95: pct(95.0),
        max: pct(100.0),
    }
}

/// Follows `next_cursor` from the first page until the list or the time ends.
fn page_through(
    url: &str,
    token: &str,
    survey_id: i64,
    query: &str,
    time: Duration,
) -> anyhow::Result<Latencies> {
    let agent = ureq::AgentBuilder::new().build();
    let base = format!("{url}/api/v1/surveys/{survey_id}/cases?{query}&limit={PAGE}");
    let mut cursor: Option<String> = None;
    let mut micros = Vec::new();
    let end = Instant::now() + time;
    while Instant::now() < end {
        let page_url = match &cursor {
            Some(c) => format!("{base}&cursor={c}"),
            None => base.clone(),
        };
        let started = Instant::now();
        let reply: serde_json::Value = agent
            .get(&page_url)
            .set("Authorization", &format!("Bearer {token}"))
            .call()
            .with_context(|| format!("GET {page_url}"))?
            .into_json()?;
        micros.push(started.elapsed().as_micros() as u64);
        let items = reply["items"].as_array().map(Vec::len).unwrap_or(0);
        // A full last page is followed by one empty page; an empty first page is a fault.
        if items == 0 && cursor.is_none() {
            bail!("the filter matches no case: {reply}");
        }
        // At the end, start over from the first page.
        cursor = reply["next_cursor"].as_str().map(str::to_string);
    }
    Ok(latencies(micros))
}

/// pgbench running the statements of one page request on one connection, the page starting
/// at a random case id; per-transaction latencies from its log. The page's ids go on to the
/// contact data query through `\aset` (the server passes them as a list).
fn pgbench_pages(
    db: &BenchDatabase,
    dir: &Path,
    big: &BigSurvey,
    stratum_id: Option<i64>,
    state: &str,
    time: Duration,
) -> anyhow::Result<Latencies> {
    let stratum_filter = stratum_id
        .map(|id| format!("AND c.stratum_id = {id} "))
        .unwrap_or_default();
    let page = format!(
        "SELECT c.id, s.code, c.state, c.disposition, c.manual_disposition, c.language, \
         c.updated_at_ms, c.person_id FROM cases c INNER JOIN strata s ON c.stratum_id = s.id \
         WHERE c.survey_id = :sid AND c.id > :after {stratum_filter}AND c.state = '{state}' \
         ORDER BY c.id LIMIT {PAGE}"
    );
    let stratum_lookup = if stratum_id.is_some() {
        "SELECT id FROM strata WHERE survey_id = :sid AND code = 'SE' LIMIT 1;\n"
    } else {
        ""
    };
    let script = format!(
        "\\set after random({lo}, {hi})\n\
         SELECT * FROM users WHERE id = (SELECT min(id) FROM users) LIMIT 1;\n\
         SELECT * FROM surveys WHERE id = :sid LIMIT 1;\n\
         {stratum_lookup}\
         SELECT p.*, array_agg(p.id) OVER () AS ids FROM ({page}) p \\aset\n\
         SELECT * FROM contacts WHERE case_id = ANY(:ids::bigint[]);\n",
        lo = big.min_case_id,
        hi = big.max_case_id,
    );
    let file = dir.join("case-page.sql");
    std::fs::write(&file, script)?;
    let prefix = dir.join("case-page-log");
    let out = crate::pgbench::command()
        .args(["-n", "-M", "prepared", "-c", "1", "-T"])
        .arg(time.as_secs().max(1).to_string())
        .args([
            "-D",
            &format!("sid={}", big.survey_id),
            "-l",
            "--log-prefix",
        ])
        .arg(&prefix)
        .arg("-f")
        .arg(&file)
        .arg(db.url())
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .context("running pgbench")?;
    if !out.status.success() {
        bail!(
            "pgbench failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    let mut micros = Vec::new();
    let stem = prefix
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_string();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with(&stem) {
            continue;
        }
        // client transaction latency(µs) script epoch µs
        for line in std::fs::read_to_string(entry.path())?.lines() {
            if let Some(us) = line.split_whitespace().nth(2).and_then(|v| v.parse().ok()) {
                micros.push(us);
            }
        }
        std::fs::remove_file(entry.path())?;
    }
    Ok(latencies(micros))
}

/// Downloads an export; seconds to the last byte, and bytes.
fn download(
    url: &str,
    token: &str,
    survey_id: i64,
    file: &str,
    cases: i64,
) -> anyhow::Result<(f64, u64)> {
    let cases = u64::try_from(cases).unwrap_or(0);
    let started = Instant::now();
    let response = ureq::get(&format!("{url}/api/v1/surveys/{survey_id}/export/{file}"))
        .timeout(Duration::from_secs(1800))
        .set("Authorization", &format!("Bearer {token}"))
        .call()
        .with_context(|| format!("GET export/{file}"))?;
    let mut reader = response.into_reader();
    let mut buffer = vec![0u8; 256 * 1024];
    let (mut bytes, mut lines) = (0u64, 0u64);
    loop {
        let n = reader.read(&mut buffer).context("reading the export")?;
        if n == 0 {
            break;
        }
        bytes += n as u64;
        lines += buffer[..n].iter().filter(|b| **b == b'\n').count() as u64;
    }
    let seconds = started.elapsed().as_secs_f64();
    // A header and a row per case at least (answers may hold line breaks too).
    if file.ends_with(".csv") && lines < cases + 1 {
        bail!("export/{file} has {lines} lines for {cases} cases: cut short?");
    }
    Ok((seconds, bytes))
}

/// Seconds psql's `\copy` takes to write the rows an export reads to /dev/null.
fn copy_seconds(db: &BenchDatabase, survey_id: i64) -> anyhow::Result<f64> {
    let started = Instant::now();
    db.query(&format!(
        "\\copy (SELECT c.id, c.person_id, s.code, c.design_weight, c.language, c.state, \
         c.disposition, c.manual_disposition, r.language, r.answers, r.submitted_at_ms, q.version \
         FROM cases c JOIN strata s ON s.id = c.stratum_id \
         LEFT JOIN responses r ON r.case_id = c.id \
         LEFT JOIN questionnaires q ON q.id = r.questionnaire_id \
         WHERE c.survey_id = {survey_id} ORDER BY c.id) TO '/dev/null' CSV"
    ))?;
    Ok(started.elapsed().as_secs_f64())
}
