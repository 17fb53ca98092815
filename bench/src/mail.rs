//! The e-mail benchmark (`--only mail`, PostgreSQL): a reminder to every case of a survey
//! (100,000 by default) sent by two `svar worker` processes through their SMTP senders to
//! `smtp-sink` on loopback, timed from the workers' start until every contact attempt is
//! `sent` (looked at every 200 ms: whether any is still pending or being sent, then the sent
//! ones counted); the scheduling pass that writes the attempts is timed apart from the
//! sending. Beside it, in the same run, the sink's own rate: `smtp-source` sending as
//! many copies of one of the workers' messages over as many SMTP sessions as the workers hold.
//! Targets: the workers' rate ≥ 0.5 × the sink's; each worker's peak memory < 100 MB.

use crate::contact_survey::{self, Mix, Spec};
use crate::cpu::{process_seconds, CpuSnapshot};
use crate::database::BenchDatabase;
use crate::options::Plan;
use crate::paths::Paths;
use crate::peak_memory::tail;
use crate::psql_session::PsqlSession;
use crate::report::Row;
use crate::setup::SvarCli;
use crate::smtp_sink::SmtpSink;
use crate::workdir::WorkDir;
use crate::worker_process::{self, MailOut, WorkerProcess};
use anyhow::{bail, Context};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Worker processes, as the issue asks.
const WORKERS: usize = 2;
const RATIO_TARGET: f64 = 0.5;
const MEMORY_TARGET_MB: f64 = 100.0;
const POLL: Duration = Duration::from_millis(200);
/// A run with no e-mail sent for this long has stalled.
const STALL: Duration = Duration::from_secs(60);
/// Cases of the survey whose messages are measured for their size.
const PROBE_CASES: i64 = 10;

/// The plan: one reminder by e-mail to everyone not yet submitted, at once, at any hour.
fn mail_plan() -> serde_json::Value {
    json!({
        "steps": [{
            "name": "reminder",
            "channel": "email",
            "after": "fielding",
            "days": 0,
            "targets": "not_submitted",
            "templates": {"sv": {
                "subject": "Påminnelse {{survey}}",
                "body": "Hej {{name}}!\n\nKod: {{code}}\n{{link}}\n\n{{opt_out}}"
            }}
        }],
        "quiet_hours": {"start": "00:00", "end": "00:00"}
    })
}

/// One of the workers' messages, and their average size.
struct Probe {
    average_bytes: f64,
    messages: usize,
    /// A message as smtp-source sends it (lines ending in LF).
    file: PathBuf,
}

/// Writes the messages of a 10-case survey like the measured one to `.eml` files with
/// `svar worker --once`, then closes that survey so that the measured run ignores it.
fn probe_messages(
    db: &BenchDatabase,
    cli: &SvarCli,
    paths: &Paths,
    dir: &Path,
    first_person: i64,
) -> anyhow::Result<Probe> {
    let survey = contact_survey::build(
        db,
        cli,
        paths,
        &Spec {
            name: "Mail size probe",
            cases: PROBE_CASES,
            first_person,
            languages: &["sv"],
            mix: Mix::AllNew,
        },
    )?;
    contact_survey::store_plan(db, survey.survey_id, mail_plan())?;
    let eml = dir.join("probe-eml");
    let out = worker_process::once(cli, &MailOut::Folder(eml.clone()), None, "warn")
        .output()
        .context("running svar worker --once")?;
    if !out.status.success() {
        bail!(
            "svar worker --once failed: {}",
            tail(&String::from_utf8_lossy(&out.stderr))
        );
    }
    let mut sizes = Vec::new();
    let mut first: Option<PathBuf> = None;
    for entry in std::fs::read_dir(&eml).with_context(|| format!("reading {}", eml.display()))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "eml") {
            sizes.push(std::fs::metadata(&path)?.len());
            first.get_or_insert(path);
        }
    }
    let first = first.context("svar worker --once wrote no .eml file")?;
    let text = std::fs::read_to_string(&first)?;
    let file = dir.join("smtp-source-message.txt");
    std::fs::write(&file, text.replace("\r\n", "\n"))?;
    db.query(&format!(
        "UPDATE surveys SET state = 'closed' WHERE id = {}",
        survey.survey_id
    ))?;
    Ok(Probe {
        average_bytes: sizes.iter().sum::<u64>() as f64 / sizes.len() as f64,
        messages: sizes.len(),
        file,
    })
}

/// What the workers' run measured.
struct Sending {
    /// From the workers' start until the attempts were there.
    scheduled: Duration,
    /// From the workers' start until every one was sent.
    done: Duration,
    peaks_kb: Vec<u64>,
    /// Cores used while sending: the workers, smtp-sink, PostgreSQL, everything else.
    workers_cores: f64,
    sink_cores: f64,
    postgres_cores: f64,
    other_cores: f64,
}

fn send_all(
    db: &BenchDatabase,
    cli: &SvarCli,
    sink: &SmtpSink,
    survey_id: i64,
    messages: i64,
    senders: usize,
) -> anyhow::Result<Sending> {
    let mut session = PsqlSession::open(&db.url())?;
    // Cheap looks (one index entry each) every 200 ms; counting the sent rows reads them all
    // (30 ms at 30,000), so that is done every 5 s, to see progress, and once at the end.
    let written = format!(
        "SELECT EXISTS (SELECT 1 FROM contact_attempts WHERE survey_id = {survey_id})::int"
    );
    let outstanding = format!(
        "SELECT EXISTS (SELECT 1 FROM contact_attempts WHERE channel = 'email' \
         AND state IN ('pending', 'sending') AND survey_id = {survey_id})::int"
    );
    let sent = format!(
        "SELECT count(*) FROM contact_attempts WHERE survey_id = {survey_id} AND state = 'sent'"
    );
    let mail = MailOut::Smtp {
        port: sink.port,
        senders,
    };
    let started = Instant::now();
    let mut workers = (1..=WORKERS)
        .map(|n| WorkerProcess::start(cli, &mail, &n.to_string()))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let cpu_of = |workers: &[WorkerProcess]| -> f64 {
        workers.iter().map(|w| process_seconds(w.pid())).sum()
    };
    let mut scheduled: Option<(Duration, CpuSnapshot, f64, f64)> = None;
    let mut progress = (0i64, Instant::now());
    let mut polls = 0u64;
    loop {
        std::thread::sleep(POLL);
        polls += 1;
        for worker in &mut workers {
            worker.check_running()?;
        }
        let Some((scheduled_at, ..)) = scheduled else {
            if session.integers(&written)? == [1] {
                scheduled = Some((
                    started.elapsed(),
                    CpuSnapshot::take(None),
                    cpu_of(&workers),
                    process_seconds(sink.pid()),
                ));
                println!(
                    "  scheduling pass: the attempts were there {:.1} s after the workers' start",
                    started.elapsed().as_secs_f64()
                );
            } else if started.elapsed() > STALL {
                bail!(
                    "no contact attempt written {} s after the workers' start",
                    STALL.as_secs()
                );
            }
            continue;
        };
        if session.integers(&outstanding)? == [0] {
            break;
        }
        if polls.is_multiple_of(25) {
            let now_sent = session.integers(&sent)?.first().copied().unwrap_or(0);
            if polls.is_multiple_of(150) {
                let seconds = (started.elapsed() - scheduled_at).as_secs_f64();
                println!(
                    "    {now_sent} sent after {seconds:.0} s of sending ({:.0} msg/s so far)",
                    now_sent as f64 / seconds
                );
            }
            if now_sent > progress.0 {
                progress = (now_sent, Instant::now());
            } else if progress.1.elapsed() > STALL {
                bail!(
                    "no e-mail sent for {} s ({now_sent} of {messages} sent); logs: {}",
                    STALL.as_secs(),
                    workers
                        .iter()
                        .map(|w| w.log().display().to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
        }
    }
    let done = started.elapsed();
    let end = CpuSnapshot::take(None);
    let peaks_kb = workers
        .iter()
        .map(WorkerProcess::peak_rss_kb)
        .collect::<anyhow::Result<Vec<_>>>()?;
    let (scheduled_at, start, workers_at_start, sink_at_start) =
        scheduled.context("the attempts never appeared")?;
    let seconds = (done - scheduled_at).as_secs_f64().max(1e-9);
    let workers_cores = (cpu_of(&workers) - workers_at_start) / seconds;
    let sink_cores = (process_seconds(sink.pid()) - sink_at_start) / seconds;
    drop(workers);
    let all_sent = session.integers(&sent)?.first().copied().unwrap_or(0);
    if all_sent != messages {
        bail!(
            "{all_sent} of {messages} e-mails were sent; the rest failed: {}",
            db.query(&format!(
                "SELECT state || ' ' || count(*) FROM contact_attempts WHERE survey_id = \
                 {survey_id} GROUP BY state"
            ))?
            .replace('\n', ", ")
        );
    }
    let cpu = start.until(&end);
    Ok(Sending {
        scheduled: scheduled_at,
        done,
        peaks_kb,
        workers_cores,
        sink_cores,
        postgres_cores: cpu.postgres,
        other_cores: (cpu.other - workers_cores - sink_cores).max(0.0),
    })
}

pub fn run(plan: &Plan, paths: &Paths, work: &WorkDir, rows: &mut Vec<Row>) -> anyhow::Result<()> {
    let messages = plan.mails;
    let senders = plan.mail_senders;
    let sessions = WORKERS * senders;
    println!(
        "PostgreSQL, e-mail: {messages} reminders by {WORKERS} svar worker processes × {senders} \
         senders into smtp-sink ({})",
        plan.pg_url
    );
    let (db, cli) = SvarCli::on_fresh_postgres(plan, paths, work, "mail")?;
    let dir = cli.dir.clone();
    let sink = SmtpSink::start(&dir)?;
    // Persons numbered like the last of the measured survey, so that addresses and ids are
    // as long.
    let probe = probe_messages(&db, &cli, paths, &dir, (messages - PROBE_CASES).max(1))?;
    println!(
        "  message size: {:.0} bytes on average ({} messages written by svar worker --once)",
        probe.average_bytes, probe.messages
    );
    let survey = contact_survey::build(
        &db,
        &cli,
        paths,
        &Spec {
            name: "Mail",
            cases: messages,
            first_person: 1,
            languages: &["sv"],
            mix: Mix::AllNew,
        },
    )?;
    contact_survey::store_plan(&db, survey.survey_id, mail_plan())?;
    db.query("CHECKPOINT")?;
    let run = send_all(&db, &cli, &sink, survey.survey_id, survey.cases, senders)?;
    let sending = (run.done - run.scheduled).as_secs_f64();
    let rate = survey.cases as f64 / sending;
    println!(
        "  sending: {} e-mails in {sending:.1} s = {rate:.0} msg/s ({:.1} s from the workers' \
         start: {:.0} msg/s); cores used while sending: workers {:.2}, postgres {:.2}, \
         smtp-sink {:.2}, other {:.2}",
        survey.cases,
        run.done.as_secs_f64(),
        survey.cases as f64 / run.done.as_secs_f64(),
        run.workers_cores,
        run.postgres_cores,
        run.sink_cores,
        run.other_cores
    );
    let count = u64::try_from(survey.cases).unwrap_or(0);
    let source = sink.source(
        &probe.file,
        count,
        sessions,
        "svar@scb.example",
        "p1@example.se",
    )?;
    let sink_rate = count as f64 / source;
    let ratio = rate / sink_rate;
    println!(
        "  smtp-source → smtp-sink, the same message, {sessions} sessions: {count} in {source:.1} s \
         = {sink_rate:.0} msg/s; ratio {ratio:.2}"
    );
    let mut row = Row::note(
        &format!(
            "e-mail, {WORKERS} workers × {senders} senders, PG, {} msgs",
            survey.cases
        ),
        format!("{rate:.0} msg/s"),
    )
    .limit(
        format!(
            "smtp-source → smtp-sink {sink_rate:.0} msg/s ({:.0} B)",
            probe.average_bytes
        ),
        Some(ratio),
    )
    .target("≥ 0.5 × smtp-sink", ratio >= RATIO_TARGET);
    row.clients = sessions.to_string();
    row.others_cpu = Some(run.other_cores);
    rows.push(row);
    rows.push(Row::note(
        "  scheduling pass in that run",
        format!("{:.1} s", run.scheduled.as_secs_f64()),
    ));
    for (n, kb) in run.peaks_kb.iter().enumerate() {
        let mb = *kb as f64 / 1024.0;
        println!("  peak RSS of worker {}: {mb:.1} MB", n + 1);
        rows.push(
            Row::note(
                &format!("peak RSS of svar worker {}, mail", n + 1),
                format!("{mb:.1} MB"),
            )
            .target("< 100 MB", mb < MEMORY_TARGET_MB),
        );
    }
    Ok(())
}
