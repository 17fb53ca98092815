//! The scheduling-pass benchmark (`--only schedule`, PostgreSQL): one pass of
//! `svar worker --once --at …` over a survey of 1,000,000 cases some way into its fieldwork,
//! whose plan has five e-mail steps all due at once (counted from fielding, day 0) with
//! different targets and strata. The pass runs inside the quiet hours, so every attempt
//! waits for the morning and nothing is sent: what is timed is the pass (one
//! `INSERT … SELECT` per step, `svar_core::db::contact_attempts::schedule_sql`). Beside it,
//! in the same run, PostgreSQL's own: the very same statements, produced by the same
//! function for the same steps and time, pointed at a copy of `contact_attempts`
//! (`LIKE … INCLUDING ALL`: columns, defaults, checks, indexes, the unique key the
//! statements' `ON CONFLICT` names) with the same foreign keys (to surveys and cases, which
//! PostgreSQL checks row by row), and at a copy without them. Targets: Svar's rows/s ≥ 0.5 ×
//! PostgreSQL's with the same keys; the pass's peak memory < 200 MB.

use crate::contact_survey::{self, Mix, Spec};
use crate::cpu::CpuSnapshot;
use crate::database::BenchDatabase;
use crate::options::Plan;
use crate::paths::Paths;
use crate::peak_memory::run_to_end;
use crate::report::Row;
use crate::setup::SvarCli;
use crate::workdir::WorkDir;
use crate::worker_process::{self, MailOut};
use anyhow::{bail, Context};
use serde_json::json;
use std::time::Instant;
use svar_core::contact::ContactPlan;
use svar_core::db::contact_attempts::{schedule_sql, StepTargets};

const RATIO_TARGET: f64 = 0.5;
const MEMORY_TARGET_MB: f64 = 200.0;
const MINUTE_MS: i64 = 60_000;

/// Five e-mail steps, all due on the first pass, each reaching a different set of cases.
fn five_steps() -> serde_json::Value {
    let texts = |subject: &str| {
        json!({
            "sv": {"subject": format!("{subject} {{{{survey}}}}"),
                   "body": "Hej {{name}}!\n\nKod: {{code}}\n{{link}}\n\n{{opt_out}}"},
            "en": {"subject": format!("{subject} (en) {{{{survey}}}}"),
                   "body": "Hello {{name}}!\n\nCode: {{code}}\n{{link}}\n\n{{opt_out}}"}
        })
    };
    let step = |name: &str, targets: &str, strata: Option<&[&str]>| {
        let mut s = json!({
            "name": name, "channel": "email", "after": "fielding", "days": 0,
            "targets": targets, "templates": texts(name)
        });
        if let Some(codes) = strata {
            s["strata"] = json!(codes);
        }
        s
    };
    json!({"steps": [
        step("invitation", "not_submitted", None),
        step("started-nudge", "started", None),
        step("abroad-not-started", "not_started", Some(&["NORDIC", "EU", "WORLD"])),
        step("world-extra", "not_submitted", Some(&["WORLD"])),
        step("se-not-started", "not_started", Some(&["SE"])),
    ]})
}

/// The first whole minute from a minute after `now_ms` on that is inside the plan's quiet
/// hours (within a day).
fn quiet_time(plan: &ContactPlan, now_ms: i64) -> anyhow::Result<i64> {
    let start = (now_ms / MINUTE_MS + 2) * MINUTE_MS;
    (0..24 * 60)
        .map(|m| start + m * MINUTE_MS)
        .find(|t| plan.clock.is_quiet(*t))
        .context("the plan has no quiet hours")
}

/// `count(*)` of `table`'s rows of the survey.
fn count(db: &BenchDatabase, table: &str, survey_id: i64) -> anyhow::Result<i64> {
    db.query(&format!(
        "SELECT count(*) FROM {table} WHERE survey_id = {survey_id}"
    ))?
    .trim()
    .parse()
    .with_context(|| format!("counting {table}"))
}

pub fn run(plan: &Plan, paths: &Paths, work: &WorkDir, rows: &mut Vec<Row>) -> anyhow::Result<()> {
    println!(
        "PostgreSQL, the scheduling pass: {} cases, 5 e-mail steps ({})",
        plan.schedule_cases, plan.pg_url
    );
    let (db, cli) = SvarCli::on_fresh_postgres(plan, paths, work, "schedule")?;
    let dir = cli.dir.clone();
    let survey = contact_survey::build(
        &db,
        &cli,
        paths,
        &Spec::four_languages("Schedule", plan.schedule_cases, Mix::Fieldwork),
    )?;
    let contact_plan = contact_survey::store_plan(&db, survey.survey_id, five_steps())?;
    let at_ms = quiet_time(&contact_plan, svar_core::db::now_ms())?;
    let at = contact_survey::rfc3339(&db, at_ms)?;
    db.query("CHECKPOINT")?;
    let before = CpuSnapshot::take(None);
    let pass = run_to_end(&worker_process::once(
        &cli,
        &MailOut::Folder(dir.join("mail")),
        Some(&at),
        "warn",
    ))?;
    let cpu = before.until(&CpuSnapshot::take_settled(None));
    let postgres_cpu = cpu.postgres * pass.seconds;
    let written = count(&db, "contact_attempts", survey.survey_id)?;
    let reported: Option<i64> = pass
        .stdout
        .split_whitespace()
        .nth(1)
        .and_then(|n| n.parse().ok());
    if reported != Some(written) || !pass.stdout.contains("e-mail: 0 sent") {
        bail!(
            "the pass wrote {written} attempts but says: {}",
            pass.stdout.trim()
        );
    }
    let svar_rate = written as f64 / pass.seconds;
    println!(
        "  svar worker --once --at {at}: {written} attempts in {:.1} s = {svar_rate:.0} rows/s; \
         peak RSS {}; CPU: svar {:.1} s, PostgreSQL {postgres_cpu:.1} s",
        pass.seconds,
        pass.peak_label(),
        pass.cpu_seconds
    );
    let statements: Vec<String> = contact_plan
        .steps
        .iter()
        .map(|step| {
            schedule_sql(&StepTargets {
                survey_id: survey.survey_id,
                step: step.name.as_str(),
                channel: step.channel,
                states: step.targets.case_states(),
                strata: step.strata.as_deref(),
                after_contact: None,
                next_try_at_ms: contact_plan.clock.next_sending_time(at_ms),
                now_ms: at_ms,
            })
        })
        .collect();
    let mut limits = Vec::new();
    for (table, keys) in [("pg_attempts_keys", true), ("pg_attempts_bare", false)] {
        db.query(&format!(
            "CREATE TABLE {table} (LIKE contact_attempts INCLUDING ALL)"
        ))?;
        if keys {
            db.query(&format!(
                "ALTER TABLE {table} ADD FOREIGN KEY (survey_id) REFERENCES surveys (id), \
                 ADD FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE CASCADE, \
                 ADD FOREIGN KEY (batch_id) REFERENCES print_batches (id)"
            ))?;
        }
        let sql = statements
            .iter()
            .map(|s| {
                let pointed = s.replacen(
                    "INSERT INTO contact_attempts ",
                    &format!("INSERT INTO {table} "),
                    1,
                );
                if pointed == *s {
                    bail!("the schedule statement no longer starts as expected: {s}");
                }
                Ok(pointed)
            })
            .collect::<anyhow::Result<Vec<_>>>()?
            .join(";\n");
        db.query("CHECKPOINT")?;
        let started = Instant::now();
        db.query(&sql)?;
        let seconds = started.elapsed().as_secs_f64();
        let rows_pg = count(&db, table, survey.survey_id)?;
        if rows_pg != written {
            bail!("PostgreSQL wrote {rows_pg} rows into {table}, the pass {written}");
        }
        println!(
            "  PostgreSQL, the same 5 statements into {table} ({}): {rows_pg} rows in \
             {seconds:.1} s = {:.0} rows/s",
            if keys { "same keys" } else { "no foreign keys" },
            rows_pg as f64 / seconds
        );
        limits.push(rows_pg as f64 / seconds);
    }
    let (keyed, bare) = (limits[0], limits[1]);
    let ratio = svar_rate / keyed;
    let mut row = Row::note(
        &format!("scheduling pass, {} cases, 5 steps, PG", survey.cases),
        format!("{svar_rate:.0} rows/s"),
    )
    .limit(
        format!(
            "INSERT…SELECT, same keys {keyed:.0} rows/s (no FKs {bare:.0}: ratio {:.2})",
            svar_rate / bare
        ),
        Some(ratio),
    )
    .target("≥ 0.5 × PostgreSQL", ratio >= RATIO_TARGET);
    row.others_cpu = Some(cpu.other);
    rows.push(row);
    rows.push(Row::note(
        "  rows written, seconds",
        format!("{written} in {:.1} s", pass.seconds),
    ));
    rows.push(
        Row::note("  peak RSS of svar worker --once", pass.peak_label())
            .target("< 200 MB", pass.peak_mb() < MEMORY_TARGET_MB),
    );
    Ok(())
}
