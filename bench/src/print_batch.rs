//! The print-batch benchmark (`--only print`, PostgreSQL): a letter step of 100,000 letters.
//!
//! - Making the batch: `svar worker --once` on a survey whose plan has one letter step due
//!   at once. The pass writes the letters' attempts and queues the print-batch job, which the
//!   same process then runs: a fresh code per letter, drawn, hashed (stored) and sealed (kept
//!   for the batch's files), every letter moved into the batch, in one transaction. Timed as
//!   a whole and, from the process's log, the batch alone; peak memory is the process's. The
//!   machine's figure: PostgreSQL writing the same rows set-wise in one transaction (a code
//!   hash per letter into a copy of `access_codes`, the letters marked sent with their
//!   sealed codes in a copy of their attempts, the cases' dispositions), the database work
//!   with none of the per-letter round trips.
//! - Writing its files: `letters.csv` and `letters.html` downloaded from a freshly started
//!   `svar api` each (so that its peak memory is the file's), against psql's `\copy` of the
//!   same rows (the letters joined with cases, contact data and responses) to /dev/null.
//!
//! Targets: < 200 MB for the batch and for each file.

use crate::contact_survey::{self, Mix, Spec};
use crate::cpu::CpuSnapshot;
use crate::database::BenchDatabase;
use crate::manager_client::{add_admin, login};
use crate::options::Plan;
use crate::paths::Paths;
use crate::peak_memory::run_to_end;
use crate::report::Row;
use crate::server::Server;
use crate::setup::SvarCli;
use crate::workdir::WorkDir;
use crate::worker_process::{self, MailOut};
use anyhow::{bail, Context};
use serde_json::json;
use std::io::Read;
use std::time::{Duration, Instant};

const MEMORY_TARGET_MB: f64 = 200.0;
const STEP: &str = "letter-reminder";

/// One letter step, due at once, in the survey's four languages.
fn letter_plan() -> serde_json::Value {
    let body = |hello: &str, code: &str| {
        json!({"body": format!(
            "{hello} {{{{name}}}}!\n\n{{{{survey}}}}: {{{{link}}}}\n\n{code}: {{{{code}}}}\n\n{{{{opt_out}}}}"
        )})
    };
    json!({"steps": [{
        "name": STEP, "channel": "letter", "after": "fielding", "days": 0,
        "targets": "not_submitted",
        "templates": {
            "sv": body("Hej", "Din kod"),
            "en": body("Hello", "Your code"),
            "ar": body("مرحبا", "رمزك"),
            "fa": body("سلام", "کد شما")
        }
    }]})
}

/// Days since 1970-01-01 of a civil date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Epoch seconds of a log line's UTC timestamp, `2026-12-07T09:30:01.123456Z`.
fn epoch_seconds(timestamp: &str) -> Option<f64> {
    let (date, time) = timestamp.trim_end_matches('Z').split_once('T')?;
    let mut d = date.split('-').map(str::parse::<i64>);
    let (y, m, day) = (d.next()?.ok()?, d.next()?.ok()?, d.next()?.ok()?);
    let mut t = time.split(':');
    let (h, min) = (
        t.next()?.parse::<f64>().ok()?,
        t.next()?.parse::<f64>().ok()?,
    );
    let s = t.next()?.parse::<f64>().ok()?;
    Some(days_from_civil(y, m, day) as f64 * 86_400.0 + h * 3600.0 + min * 60.0 + s)
}

/// When the JSON log line with `message` was written (epoch seconds).
fn logged_at(log: &str, message: &str) -> Option<f64> {
    log.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .find(|v| v["fields"]["message"] == message)
        .and_then(|v| v["timestamp"].as_str().and_then(epoch_seconds))
}

/// Seconds PostgreSQL takes to write the batch's rows set-wise (see the module's doc).
fn setwise_seconds(db: &BenchDatabase, survey_id: i64, batch_id: i64) -> anyhow::Result<f64> {
    db.query(
        "CREATE TABLE pg_codes (LIKE access_codes INCLUDING ALL); \
         ALTER TABLE pg_codes ADD FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE CASCADE; \
         CREATE TABLE pg_letters (LIKE contact_attempts INCLUDING ALL); \
         ALTER TABLE pg_letters ADD FOREIGN KEY (survey_id) REFERENCES surveys (id), \
         ADD FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE CASCADE, \
         ADD FOREIGN KEY (batch_id) REFERENCES print_batches (id)",
    )?;
    db.query(&format!(
        "INSERT INTO pg_letters SELECT * FROM contact_attempts WHERE batch_id = {batch_id}; \
         UPDATE pg_letters SET state = 'pending', batch_id = NULL, sealed_code = NULL, \
         tries = 0, sent_at_ms = NULL"
    ))?;
    db.query("VACUUM ANALYZE pg_letters")?;
    db.query("CHECKPOINT")?;
    let now = "(extract(epoch from now()) * 1000)::bigint";
    let started = Instant::now();
    db.query(&format!(
        "INSERT INTO pg_codes (case_id, code_hash, key_id, created_at_ms) \
         SELECT case_id, encode(sha256(('bench-' || id)::bytea), 'hex'), 'k1', {now} \
         FROM pg_letters WHERE state = 'pending' ORDER BY id; \
         UPDATE pg_letters p SET state = 'sent', batch_id = {batch_id}, \
         sealed_code = a.sealed_code, tries = 1, sent_at_ms = {now}, updated_at_ms = {now} \
         FROM contact_attempts a WHERE a.id = p.id AND p.state = 'pending'; \
         UPDATE cases SET disposition = '3.19' WHERE survey_id = {survey_id} \
         AND id IN (SELECT case_id FROM pg_letters)"
    ))?;
    Ok(started.elapsed().as_secs_f64())
}

/// Downloads a batch's file; seconds to the last byte, bytes and lines.
fn download(
    url: &str,
    token: &str,
    survey_id: i64,
    batch_id: i64,
    file: &str,
) -> anyhow::Result<(f64, u64, u64)> {
    let started = Instant::now();
    let response = ureq::get(&format!(
        "{url}/api/v1/surveys/{survey_id}/print-batches/{batch_id}/{file}"
    ))
    .timeout(Duration::from_secs(1800))
    .set("Authorization", &format!("Bearer {token}"))
    .call()
    .with_context(|| format!("GET print-batches/{batch_id}/{file}"))?;
    let mut reader = response.into_reader();
    let mut buffer = vec![0u8; 256 * 1024];
    let (mut bytes, mut lines) = (0u64, 0u64);
    loop {
        let n = reader.read(&mut buffer).context("reading the letters")?;
        if n == 0 {
            break;
        }
        bytes += n as u64;
        lines += buffer[..n].iter().filter(|b| **b == b'\n').count() as u64;
    }
    Ok((started.elapsed().as_secs_f64(), bytes, lines))
}

/// Seconds psql's `\copy` takes to write the batch's rows, as its files read them, to
/// /dev/null.
fn copy_seconds(db: &BenchDatabase, batch_id: i64) -> anyhow::Result<f64> {
    let started = Instant::now();
    db.query(&format!(
        "\\copy (SELECT a.id, a.case_id, c.person_id, c.language, r.language, k.first_name, \
         k.last_name, k.care_of, k.street, k.postcode, k.city, a.sealed_code \
         FROM contact_attempts a JOIN cases c ON c.id = a.case_id \
         JOIN contacts k ON k.case_id = c.id LEFT JOIN responses r ON r.case_id = a.case_id \
         WHERE a.batch_id = {batch_id} ORDER BY a.id) TO '/dev/null' CSV"
    ))?;
    Ok(started.elapsed().as_secs_f64())
}

pub fn run(plan: &Plan, paths: &Paths, work: &WorkDir, rows: &mut Vec<Row>) -> anyhow::Result<()> {
    println!(
        "PostgreSQL, a print batch of {} letters ({})",
        plan.letters, plan.pg_url
    );
    let (db, cli) = SvarCli::on_fresh_postgres(plan, paths, work, "print")?;
    let dir = cli.dir.clone();
    let survey = contact_survey::build(
        &db,
        &cli,
        paths,
        &Spec::four_languages("Letters", plan.letters, Mix::AllNew),
    )?;
    let survey_id = survey.survey_id;
    contact_survey::store_plan(&db, survey_id, letter_plan())?;
    add_admin(&cli)?;
    db.query("CHECKPOINT")?;
    let before = CpuSnapshot::take(None);
    let pass = run_to_end(&worker_process::once(
        &cli,
        &MailOut::Folder(dir.join("mail")),
        None,
        "info",
    ))?;
    let cpu = before.until(&CpuSnapshot::take_settled(None));
    let postgres_cpu = cpu.postgres * pass.seconds;
    let found = db.query(&format!(
        "SELECT id, letters FROM print_batches WHERE survey_id = {survey_id} AND step = '{STEP}'"
    ))?;
    let mut parts = found.trim().split('|').map(str::parse::<i64>);
    let (batch_id, letters) = match (parts.next(), parts.next()) {
        (Some(Ok(id)), Some(Ok(letters))) => (id, letters),
        _ => bail!(
            "no print batch after svar worker --once ({}): {found:?}",
            pass.stdout.trim()
        ),
    };
    if letters != survey.cases {
        bail!(
            "the batch holds {letters} letters for {} cases",
            survey.cases
        );
    }
    let batch_seconds = logged_at(&pass.stderr, "contacts scheduled")
        .zip(logged_at(&pass.stderr, "print batch made"))
        .map(|(scheduled, made)| made - scheduled);
    let setwise = setwise_seconds(&db, survey_id, batch_id)?;
    println!(
        "  svar worker --once: {letters} letters in {:.1} s (of which the batch {}); peak RSS {}; \
         CPU: svar {:.1} s, PostgreSQL {postgres_cpu:.1} s; PostgreSQL writing the same rows \
         set-wise: {setwise:.1} s",
        pass.seconds,
        batch_seconds.map_or("?".to_string(), |s| format!("{s:.1} s")),
        pass.peak_label(),
        pass.cpu_seconds
    );
    let made = batch_seconds.unwrap_or(pass.seconds);
    let mut row = Row::note(
        &format!("print batch of {letters} letters, PG"),
        format!("{made:.1} s"),
    )
    .limit(
        format!(
            "PG set-wise, same rows {setwise:.1} s (whole --once {:.1} s)",
            pass.seconds
        ),
        (made > 0.0).then(|| setwise / made),
    );
    row.others_cpu = Some(cpu.other);
    rows.push(row);
    rows.push(
        Row::note("  peak RSS of svar worker --once", pass.peak_label())
            .target("< 200 MB", pass.peak_mb() < MEMORY_TARGET_MB),
    );
    let copy = copy_seconds(&db, batch_id)?;
    println!("  psql \\copy of the letters' rows to /dev/null: {copy:.1} s");
    for file in ["letters.csv", "letters.html"] {
        let server = Server::start_api(&cli, plan.db_pool, file)?;
        let token = login(&server.url)?;
        let (seconds, bytes, lines) = download(&server.url, &token, survey_id, batch_id, file)?;
        let lines_needed = u64::try_from(letters).unwrap_or(0) + 1;
        if lines < lines_needed {
            bail!("{file} has {lines} lines for {letters} letters: cut short?");
        }
        let mb = server.peak_rss_kb()? as f64 / 1024.0;
        println!(
            "  {file}: {seconds:.1} s, {:.0} MB, {:.1} MB/s; peak RSS of svar api {mb:.1} MB",
            bytes as f64 / 1e6,
            bytes as f64 / 1e6 / seconds
        );
        rows.push(
            Row::note(
                &format!("batch {file}, {letters} letters"),
                format!("{seconds:.1} s"),
            )
            .limit(
                format!("psql \\copy of the rows {copy:.1} s"),
                (seconds > 0.0).then(|| copy / seconds),
            ),
        );
        rows.push(
            Row::note(
                &format!("  peak RSS of svar api, {file}"),
                format!("{mb:.1} MB"),
            )
            .target("< 200 MB", mb < MEMORY_TARGET_MB),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_timestamps_are_read_as_epoch_seconds() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        let t = epoch_seconds("2026-12-07T09:30:01.250000Z").unwrap();
        assert!((t - 1_796_635_801.25).abs() < 1e-3, "{t}");
        let log =
            "{\"timestamp\":\"2026-12-07T09:30:01.250000Z\",\"fields\":{\"message\":\"a\"}}\n\
                   {\"timestamp\":\"2026-12-07T09:30:03.750000Z\",\"fields\":{\"message\":\"b\"}}";
        let gap = logged_at(log, "b").unwrap() - logged_at(log, "a").unwrap();
        assert!((gap - 2.5).abs() < 1e-6);
    }
}
