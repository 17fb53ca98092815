//! The monitoring benchmarks (issue 15) on PostgreSQL, on a database of their own: a survey of
//! 1,000,000 cases in 50 strata (inserted with SQL; the counters' statement trigger sums them
//! in the same statement) beside 20,000 cases with letters. Respondents answer at 200 saves/s
//! through the API (five pages, submit, the next person) while the statistics endpoint is read
//! (p50/p95, beside the counters' SELECT alone in psql), then the representativity endpoint
//! (strata × sex), then while 50 dashboards hold the live stream open a manager sets codes,
//! each timed until every dashboard has it. Last, saves/s flat out with the counters' trigger
//! on and off, same run: what the counters cost a save.

use crate::database::BenchDatabase;
use crate::http_client::{Agent, Request};
use crate::latency::{Recorder, Summary};
use crate::letters::LetterPool;
use crate::load::{run as load_run, Step};
use crate::manager_client::{add_admin, login};
use crate::options::Plan;
use crate::paths::Paths;
use crate::psql_session::PsqlSession;
use crate::report::{step_line, Row};
use crate::respondent::{agent, five_pages, Api};
use crate::server::Server;
use crate::setup::{field_survey, sample_files, SvarCli};
use crate::workdir::WorkDir;
use anyhow::{bail, Context};
use serde_json::Value;
use std::io::BufRead;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

const CASES: i64 = 1_000_000;
const STRATA: i64 = 50;
/// Cases with letters, for the respondents.
const RESPONDENTS: usize = 20_000;
const SAVES_PER_SECOND: f64 = 200.0;
const SAVERS: usize = 8;
const DASHBOARDS: usize = 50;
/// Manager's codes timed through the stream.
const CHANGES: usize = 10;
const FLAT_OUT_CLIENTS: usize = 8;
const STATISTICS_P95_TARGET_MS: f64 = 20.0;
const REPRESENTATIVITY_P95_TARGET_MS: f64 = 50.0;
const STREAM_TARGET_MS: f64 = 1000.0;
/// The trigger that moves a case between counters when its disposition changes.
const UPDATE_TRIGGER: &str = "monitoring_case_updated";

pub fn run(plan: &Plan, paths: &Paths, work: &WorkDir, rows: &mut Vec<Row>) -> anyhow::Result<()> {
    println!("Monitoring, PostgreSQL");
    let (db, cli) = SvarCli::on_fresh_postgres(plan, paths, work, "monitoring")?;
    cli.run(["migrate"])?;
    add_admin(&cli)?;
    let (strata, sample) = sample_files(paths, RESPONDENTS, &cli.dir)?;
    let fielded = field_survey(&cli, paths, &strata, &sample)?;
    let survey = fielded.survey_id;
    let first_case = add_million(&db, survey)?;
    let server = Server::start(&cli, plan.db_pool, "monitoring")?;
    let token = format!("Bearer {}", login(&server.url)?);
    let letters = LetterPool::new(fielded.letters);
    let api = Api::new(&server.url);
    let base = format!("{}/api/v1/surveys/{survey}", server.url);

    let stop = AtomicBool::new(false);
    let saved = AtomicU64::new(0);
    std::thread::scope(|scope| -> anyhow::Result<()> {
        let savers: Vec<_> = (0..SAVERS)
            .map(|_| scope.spawn(|| paced_answers(&api, &letters, &stop, &saved)))
            .collect();
        let started = Instant::now();
        let measured = (|| -> anyhow::Result<()> {
            let statistics = timed_gets(&format!("{base}/statistics"), &token, plan.step)?;
            let select = counters_select(&db, survey)?;
            print_latency("statistics, 1M cases in 50 strata", &statistics);
            println!(
                "  the counters' SELECT alone in psql: p50 {:.2} ms, p95 {:.2} ms",
                select.p50_ms, select.p95_ms
            );
            rows.push(
                Row::note(
                    "statistics at 1M cases / 50 strata, 200 saves/s, PG",
                    format!(
                        "p50 {:.1} ms, p95 {:.1} ms",
                        statistics.p50_ms, statistics.p95_ms
                    ),
                )
                .limit(
                    format!("the counters' SELECT in psql: p50 {:.2} ms", select.p50_ms),
                    Some(select.p50_ms / statistics.p50_ms),
                )
                .target("p95 < 20 ms", statistics.p95_ms < STATISTICS_P95_TARGET_MS),
            );
            let url = format!("{base}/representativity?variables=sex");
            let representativity = timed_gets(&url, &token, plan.step)?;
            print_latency("representativity, strata × sex", &representativity);
            rows.push(
                Row::note(
                    "representativity (strata × sex), 200 saves/s",
                    format!(
                        "p50 {:.1} ms, p95 {:.1} ms",
                        representativity.p50_ms, representativity.p95_ms
                    ),
                )
                .target(
                    "p95 < 50 ms",
                    representativity.p95_ms < REPRESENTATIVITY_P95_TARGET_MS,
                ),
            );
            // Two auxiliaries: the pair the import counts (`svar_core::monitoring::joint`).
            let url = format!("{base}/representativity?variables=sex,age_group");
            let joint = timed_gets(&url, &token, plan.step)?;
            print_latency("representativity, strata × sex × age group", &joint);
            rows.push(
                Row::note(
                    "representativity (strata × sex × age group), 200 saves/s",
                    format!("p50 {:.1} ms, p95 {:.1} ms", joint.p50_ms, joint.p95_ms),
                )
                .target("p95 < 50 ms", joint.p95_ms < REPRESENTATIVITY_P95_TARGET_MS),
            );
            let delays = stream_delays(&base, &token, first_case)?;
            println!(
                "  a manager's code on {DASHBOARDS} live dashboards: {CHANGES} changes, slowest dashboard p50 {:.0} ms, worst {:.0} ms",
                delays.p50_ms, delays.max_ms
            );
            rows.push(
                Row::note(
                    "submit → figure on the stream, 50 dashboards",
                    format!("p50 {:.0} ms, worst {:.0} ms", delays.p50_ms, delays.max_ms),
                )
                .target("≤ 1 s", delays.max_ms <= STREAM_TARGET_MS),
            );
            Ok(())
        })();
        stop.store(true, Ordering::Relaxed);
        let rate = saved.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64();
        println!("  (the respondents meanwhile: {rate:.0} saves/s)");
        for saver in savers {
            saver
                .join()
                .map_err(|_| anyhow::anyhow!("a respondent thread panicked"))??;
        }
        measured
    })?;

    let with = flat_out(&api, &letters, plan.step, server.pid())?;
    step_line(
        "saves with the counters",
        FLAT_OUT_CLIENTS,
        &with,
        "saves/s",
    );
    db.query(&format!(
        "ALTER TABLE cases DISABLE TRIGGER {UPDATE_TRIGGER}"
    ))?;
    let without = flat_out(&api, &letters, plan.step, server.pid());
    db.query(&format!(
        "ALTER TABLE cases ENABLE TRIGGER {UPDATE_TRIGGER}"
    ))?;
    let without = without?;
    step_line("saves without them", FLAT_OUT_CLIENTS, &without, "saves/s");
    let ratio = with.summary.rate() / without.summary.rate();
    rows.push(
        Row::of_step(
            "saves with counters (5 pages, submit)",
            FLAT_OUT_CLIENTS,
            &with,
            "saves/s",
        )
        .limit(
            format!("without the trigger {:.0} saves/s", without.summary.rate()),
            Some(ratio),
        ),
    );
    Ok(())
}

/// 50 strata of 20,000 cases each in survey `survey_id`, with sex and age group and a mix of
/// dispositions that differs by stratum; returns the first case's id.
fn add_million(db: &BenchDatabase, survey_id: i64) -> anyhow::Result<i64> {
    db.query(&format!(
        "INSERT INTO strata (survey_id, code, label, population, sample_size) \
         SELECT {survey_id}, 'M' || lpad(s::text, 2, '0'), 'Stratum ' || s, \
         100000 * (1 + s % 7), {per} FROM generate_series(1, {STRATA}) AS s",
        per = CASES / STRATA
    ))?;
    let now = "(extract(epoch from now()) * 1000)::bigint";
    let started = Instant::now();
    db.query(&format!(
        "INSERT INTO cases (survey_id, stratum_id, person_id, design_weight, language, \
         auxiliaries, state, disposition, created_at_ms, updated_at_ms) \
         SELECT {survey_id}, st.id, 'M' || lpad(g::text, 9, '0'), \
         st.population::float8 / st.sample_size, 'sv', \
         '{{\"sex\":\"' || sex || '\",\"age_group\":\"' || age || \
         '\",\"age_group\\u001fsex\":\"' || age || '\\u001f' || sex || '\"}}', 'new', \
         (ARRAY['1.1','1.1','1.2','2.111','2.1121','2.12','3.19','3.19','3.19','3.11']) \
         [(g / {STRATA} + (g % {STRATA}) / 7 + g % 2) % 10 + 1], {now}, {now} \
         FROM generate_series(1, {CASES}) AS g \
         CROSS JOIN LATERAL (SELECT (ARRAY['F','M'])[g % 2 + 1] AS sex, \
         (ARRAY['16-29','30-49','50-64','65-74','75+'])[(g / 2) % 5 + 1] AS age) AS a \
         JOIN strata st ON st.survey_id = {survey_id} \
         AND st.code = 'M' || lpad((g % {STRATA} + 1)::text, 2, '0')"
    ))?;
    let inserted = started.elapsed().as_secs_f64();
    db.query("ANALYZE")?;
    let first = db.query(&format!(
        "SELECT min(id) FROM cases WHERE survey_id = {survey_id} AND person_id LIKE 'M%'"
    ))?;
    let counters = db.query(&format!(
        "SELECT count(*) FROM monitoring_counts WHERE survey_id = {survey_id}"
    ))?;
    println!(
        "  {CASES} cases in {STRATA} strata inserted in {inserted:.1} s, their counters with them ({} counter rows)",
        counters.trim()
    );
    first.trim().parse().context("the first case's id")
}

/// One respondent after another: log in, save the five pages, submit; `pace` apart.
fn answer_until(
    api: &Api,
    letters: &LetterPool,
    pace: Option<Duration>,
    running: impl Fn() -> bool,
    mut on_save: impl FnMut(Duration),
) -> anyhow::Result<()> {
    let pages = five_pages();
    let agent = agent();
    let mut next = Instant::now();
    'people: while running() {
        let letter = letters
            .take()
            .context("out of letters: the sample is too small")?;
        let session = api.login(&agent, &letter.code)?;
        let mut version = 0;
        for (page, answers) in &pages {
            if !running() {
                break 'people;
            }
            let started = Instant::now();
            version = api.save(&agent, &session, page, version, answers)?;
            on_save(started.elapsed());
            if let Some(pace) = pace {
                next += pace;
                if let Some(wait) = next.checked_duration_since(Instant::now()) {
                    std::thread::sleep(wait);
                }
            }
        }
        api.submit(&agent, &session)?;
    }
    Ok(())
}

fn paced_answers(
    api: &Api,
    letters: &LetterPool,
    stop: &AtomicBool,
    saved: &AtomicU64,
) -> anyhow::Result<()> {
    let pace = Duration::from_secs_f64(SAVERS as f64 / SAVES_PER_SECOND);
    answer_until(
        api,
        letters,
        Some(pace),
        || !stop.load(Ordering::Relaxed),
        |_| {
            saved.fetch_add(1, Ordering::Relaxed);
        },
    )
}

fn flat_out(
    api: &Api,
    letters: &LetterPool,
    duration: Duration,
    server_pid: u32,
) -> anyhow::Result<Step> {
    load_run(
        FLAT_OUT_CLIENTS,
        duration,
        Some(server_pid),
        |_| Ok(()),
        |_, (), clock, rec| {
            let outcome = answer_until(
                api,
                letters,
                None,
                || clock.running(),
                |took| rec.push_micros(took.as_micros() as u64),
            );
            if let Err(e) = outcome {
                rec.error(e);
            }
        },
    )
}

/// GETs of `url` one after another for `duration`; fails on any answer but 200.
fn timed_gets(url: &str, token: &str, duration: Duration) -> anyhow::Result<Summary> {
    let agent = Agent::default();
    let mut rec = Recorder::default();
    let started = Instant::now();
    while started.elapsed() < duration {
        rec.time(|| {
            let (status, body) = agent.send(&Request {
                method: "GET",
                url,
                headers: &[("Authorization", token)],
                body: b"",
            })?;
            if status != 200 {
                bail!("{url}: {status} {body}");
            }
            Ok(())
        });
    }
    let summary = rec.summary(started.elapsed());
    if let Some(note) = summary.error_note() {
        bail!("{note}");
    }
    Ok(summary)
}

/// The statistics' own SELECT of the counters, every row formatted, timed in one psql.
fn counters_select(db: &BenchDatabase, survey_id: i64) -> anyhow::Result<Summary> {
    let mut psql = PsqlSession::open(&db.url())?;
    let sql = format!(
        "SELECT sum(length(t::text)) FROM (SELECT stratum_id, variable, category, disposition, \
         manual_code, cases, weight FROM monitoring_counts WHERE survey_id = {survey_id} \
         AND variable IN ('') AND cases <> 0) AS t"
    );
    let mut rec = Recorder::default();
    let started = Instant::now();
    for _ in 0..200 {
        rec.time(|| psql.row(&sql));
    }
    Ok(rec.summary(started.elapsed()))
}

fn print_latency(what: &str, s: &Summary) {
    println!(
        "  {what}: {} requests, p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms",
        s.count, s.p50_ms, s.p95_ms, s.max_ms
    );
}

/// Opens the stream `DASHBOARDS` times, then sets 4.12 on `CHANGES` cases; per change, the
/// time from the request until the last dashboard saw the new count of not-eligible cases.
fn stream_delays(base: &str, token: &str, first_case: i64) -> anyhow::Result<Summary> {
    let (events, seen) = mpsc::channel::<(usize, i64, Instant)>();
    let closing = Arc::new(AtomicBool::new(false));
    for dashboard in 0..DASHBOARDS {
        let (url, token, events) = (
            format!("{base}/statistics/stream"),
            token.to_string(),
            events.clone(),
        );
        let closing = Arc::clone(&closing);
        // Left to end with the server: a stream read blocks until the next event.
        std::thread::spawn(move || watch(&url, &token, dashboard, &events, &closing));
    }
    drop(events);
    let mut latest = vec![None::<i64>; DASHBOARDS];
    let deadline = Instant::now() + Duration::from_secs(30);
    while latest.iter().any(Option::is_none) {
        let (d, ne, _) = seen
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .context("every dashboard's first event")?;
        latest[d] = Some(ne);
    }
    let mut baseline = latest.iter().flatten().copied().max().unwrap_or(0);
    let mut rec = Recorder::default();
    let started = Instant::now();
    for k in 0..CHANGES {
        let case = first_case + 1 + 997 * k as i64;
        let sent = Instant::now();
        let reply = ureq::post(&format!("{base}/cases/{case}/disposition"))
            .set("Authorization", token)
            .send_json(serde_json::json!({ "code": "4.12", "reason": "benchmark" }))
            .context("setting a code")?;
        if reply.status() != 200 {
            bail!("setting a code: {}", reply.status());
        }
        baseline += 1;
        let mut behind: Vec<bool> = latest.iter().map(|n| n.unwrap_or(0) < baseline).collect();
        let mut last = sent;
        while behind.iter().any(|b| *b) {
            let (d, ne, at) = seen
                .recv_timeout(Duration::from_secs(10))
                .context("a dashboard never saw the change")?;
            latest[d] = Some(ne);
            if ne >= baseline && behind[d] {
                behind[d] = false;
                last = last.max(at);
            }
        }
        rec.push_micros(last.duration_since(sent).as_micros() as u64);
        std::thread::sleep(Duration::from_millis(300));
    }
    closing.store(true, Ordering::Relaxed);
    Ok(rec.summary(started.elapsed()))
}

/// One dashboard: reads the stream and reports each event's count of not-eligible cases.
fn watch(
    url: &str,
    token: &str,
    dashboard: usize,
    events: &mpsc::Sender<(usize, i64, Instant)>,
    closing: &AtomicBool,
) {
    let Ok(reply) = ureq::get(url).set("Authorization", token).call() else {
        return;
    };
    let reader = std::io::BufReader::new(reply.into_reader());
    for line in reader.lines() {
        let Ok(line) = line else { return };
        if closing.load(Ordering::Relaxed) {
            return;
        }
        let Some(data) = line.strip_prefix("data: ") else {
            continue;
        };
        let ne = serde_json::from_str::<Value>(data)
            .ok()
            .and_then(|v| v["overall"]["counts"]["NE"].as_i64())
            .unwrap_or(-1);
        if events.send((dashboard, ne, Instant::now())).is_err() {
            return;
        }
    }
}
