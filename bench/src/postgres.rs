//! The PostgreSQL part of a run: `svar serve` on the database `pg_setup` prepared and, each
//! against pgbench running the same SQL in the same run, the save benchmark (with the
//! in-process save beside it), whole sessions, code logins (with a static GET beside them),
//! and the server's peak memory.

use crate::http_limit::static_get;
use crate::in_process::{self, default_pool_size};
use crate::load::Step;
use crate::logins::{logins, CodeKind};
use crate::options::{Bench, Plan};
use crate::paths::Paths;
use crate::pg_setup::{self, PgSetup};
use crate::pgbench::{self, Script};
use crate::report::{step_line, Row};
use crate::respondent::Api;
use crate::server::Server;
use crate::workdir::WorkDir;
use crate::{http_saves, rounds, sessions};

/// Save targets: at least this share of pgbench at 8 and 32 clients, p99 under 50 ms at 32.
const SAVE_RATIO_TARGET: f64 = 0.8;
const SAVE_P99_TARGET_MS: f64 = 50.0;
const SESSIONS_TARGET: f64 = 550.0;
const LOGINS_TARGET: f64 = 3000.0;
const MEMORY_TARGET_MB: f64 = 100.0;

fn ratio(a: f64, b: f64) -> Option<f64> {
    (b > 0.0).then(|| a / b)
}

/// "pgbench 123 tx/s", flagged if the script was found not to be the server's SQL.
fn pgbench_limit(step: &Step, unit: &str, same_sql: bool) -> String {
    format!(
        "pgbench {:.0} {unit}, p99 {:.1} ms{}",
        step.summary.rate(),
        step.summary.p99_ms,
        if same_sql {
            ""
        } else {
            " (NOT the server's SQL)"
        }
    )
}

/// The running server and what the steps share.
struct Run<'a> {
    plan: &'a Plan,
    setup: &'a PgSetup,
    server: &'a Server,
    api: Api,
    pool_size: u32,
}

pub fn run(plan: &Plan, paths: &Paths, work: &WorkDir, rows: &mut Vec<Row>) -> anyhow::Result<()> {
    println!("PostgreSQL ({})", plan.pg_url);
    let setup = pg_setup::prepare(plan, paths, work)?;
    let server = Server::start(&setup.cli, plan.db_pool, "postgres")?;
    let run = Run {
        plan,
        setup: &setup,
        server: &server,
        api: Api::new(&server.url),
        pool_size: plan.db_pool.unwrap_or(default_pool_size(&setup.db.url())),
    };
    if plan.runs(Bench::Saves) {
        run.saves(rows)?;
    }
    if plan.runs(Bench::Sessions) {
        run.sessions(rows)?;
    }
    if plan.runs(Bench::Logins) {
        run.logins(rows)?;
    }
    rows.push(memory_row("peak RSS of svar serve, PG", &server)?);
    Ok(())
}

impl Run<'_> {
    fn pid(&self) -> u32 {
        self.server.pid()
    }

    /// pgbench running `script` with `clients` clients, printed as it finishes.
    fn pgbench(&self, script: Script, clients: usize, unit: &str) -> anyhow::Result<Step> {
        let setup = self.setup;
        let url = setup.db.url();
        let values = pg_setup::save_values(&setup.db, setup.survey_id)?;
        if script == Script::Save {
            let (lo, hi) = setup.ranges.save_cases;
            setup.db.query(
                &pgbench::RESET_SAVE_CASES
                    .replace("{lo}", &lo.to_string())
                    .replace("{hi}", &hi.to_string()),
            )?;
        }
        let target = pgbench::Target {
            url: &url,
            dir: &setup.dir,
            ranges: setup.ranges,
            values: &values,
        };
        let pg = pgbench::run(&target, script, clients, self.plan.step, Some(self.pid()))?;
        let step = Step {
            summary: pg.summary,
            cpu: pg.cpu,
        };
        step_line(
            &format!("pgbench, the same SQL ({script:?})"),
            clients,
            &step,
            unit,
        );
        Ok(step)
    }

    /// Benchmark 1: saves, with pgbench and the in-process save at each client count. The
    /// server and pgbench take turns for `plan.rounds` rounds; the row is the round with the
    /// median ratio (`rounds.rs` says why).
    fn saves(&self, rows: &mut Vec<Row>) -> anyhow::Result<()> {
        let (plan, setup, pid) = (self.plan, self.setup, self.pid());
        let same_sql = setup.confirmed.save;
        // The HTTP limit, at the client counts the targets name.
        for &c in plan.clients.iter().filter(|c| [8, 32].contains(*c)) {
            let step = static_get(&self.server.url, c, plan.step, pid)?;
            step_line("HTTP limit: GET /static/svar.css", c, &step, "req/s");
            rows.push(Row::of_step("HTTP limit: static GET", c, &step, "req/s"));
        }
        // The server and pgbench take turns at each client count, round after round.
        let mut rounds: Vec<Vec<(Step, Step)>> = vec![Vec::new(); plan.clients.len()];
        for round in 1..=plan.rounds {
            if plan.rounds > 1 {
                println!("  round {round} of {}", plan.rounds);
            }
            for (&c, pairs) in plan.clients.iter().zip(rounds.iter_mut()) {
                let http = http_saves::saves(&self.api, &setup.letters, c, plan.step, pid)?;
                step_line("saves over HTTP", c, &http, "saves/s");
                let pg = self.pgbench(Script::Save, c, "tx/s")?;
                pairs.push((http, pg));
            }
        }
        for (&c, pairs) in plan.clients.iter().zip(&rounds) {
            let ratios: Vec<Option<f64>> = pairs
                .iter()
                .map(|(http, pg)| ratio(http.summary.rate(), pg.summary.rate()))
                .collect();
            let Some((http, pg)) = rounds::median_round(&ratios).and_then(|i| pairs.get(i)) else {
                continue;
            };
            let inproc = in_process::saves(
                &setup.db.url(),
                self.pool_size,
                &setup.core_cases,
                c,
                plan.step,
            )?;
            step_line("in-process save_page", c, &inproc, "saves/s");

            let pg_rate = pg.summary.rate();
            let r = ratio(http.summary.rate(), pg_rate);
            let mut limit = pgbench_limit(pg, "tx/s", same_sql);
            if pairs.len() > 1 {
                limit = format!("{limit}; median of {}", rounds::list(&ratios));
            }
            let mut row = Row::of_step("saves, PostgreSQL", c, http, "saves/s").limit(limit, r);
            let ratio_met = r.is_some_and(|r| r >= SAVE_RATIO_TARGET);
            if c == 8 {
                row = row.target("≥ 0.8 × pgbench", ratio_met);
            } else if c == 32 {
                let met = ratio_met && http.summary.p99_ms < SAVE_P99_TARGET_MS;
                row = row.target("≥ 0.8 × pgbench, p99 < 50 ms", met);
            }
            rows.push(row);
            rows.push(
                Row::of_step("  in-process save_page, PG", c, &inproc, "saves/s").limit(
                    format!("pgbench {pg_rate:.0} tx/s (median round)"),
                    ratio(inproc.summary.rate(), pg_rate),
                ),
            );
        }
        // The server never runs more transactions at once than its pool holds: pgbench at
        // that count is the ceiling for every client count above it.
        let max_clients = plan.clients.iter().copied().max().unwrap_or(1);
        let pool_clients = usize::try_from(self.pool_size).unwrap_or(usize::MAX);
        if pool_clients < max_clients && !plan.clients.contains(&pool_clients) {
            let pg = self.pgbench(Script::Save, pool_clients, "tx/s")?;
            rows.push(
                Row::of_step("  pgbench at the pool size", pool_clients, &pg, "tx/s")
                    .limit(format!("(SVAR_DB_POOL = {})", self.pool_size), None),
            );
        }
        Ok(())
    }

    /// Benchmark 3: whole sessions, by default at 32 concurrent respondents (each session is
    /// eight requests in a row on a new connection, so it takes more respondents at once than
    /// saves do to keep the server busy), against pgbench at the same count running a whole
    /// session's SQL on fresh cases.
    fn sessions(&self, rows: &mut Vec<Row>) -> anyhow::Result<()> {
        let (plan, setup) = (self.plan, self.setup);
        let clients = plan.session_clients.unwrap_or(32);
        let done = sessions::sessions(&self.api, &setup.letters, clients, plan.step, self.pid())?;
        step_line("whole sessions", clients, &done.step, "sessions/s");
        let parts: Vec<String> = done
            .parts
            .iter()
            .map(|(name, s)| format!("{name} p50 {:.1} / p99 {:.1} ms", s.p50_ms, s.p99_ms))
            .collect();
        println!("    requests inside: {}", parts.join(", "));
        if done.ran_out {
            println!("    (the sample ran out before the time did; raise --respondents)");
        }
        let pg = self.pgbench(Script::Session, clients, "sessions/s")?;
        if pg.summary.count > setup.session_cases as u64 {
            println!(
                "    (pgbench used its {} fresh cases up and started over; raise --respondents)",
                setup.session_cases
            );
        }
        let rate = done.step.summary.rate();
        rows.push(
            Row::of_step("sessions, PostgreSQL", clients, &done.step, "sessions/s")
                .limit(
                    pgbench_limit(&pg, "sessions/s", setup.confirmed.session),
                    ratio(rate, pg.summary.rate()),
                )
                .target("≥ 550/s", rate >= SESSIONS_TARGET),
        );
        Ok(())
    }

    /// Benchmark 4: code logins, against pgbench running a login's SQL (valid and unknown
    /// codes) or the static GET (malformed codes, which never reach the database).
    fn logins(&self, rows: &mut Vec<Row>) -> anyhow::Result<()> {
        let (plan, pid, clients) = (self.plan, self.pid(), self.plan.login_clients);
        let confirmed = self.setup.confirmed;
        let http_limit = static_get(&self.server.url, clients, plan.step, pid)?;
        step_line(
            "HTTP limit: GET /static/svar.css",
            clients,
            &http_limit,
            "req/s",
        );
        rows.push(Row::of_step(
            "HTTP limit: static GET",
            clients,
            &http_limit,
            "req/s",
        ));
        for kind in [CodeKind::Valid, CodeKind::Unknown, CodeKind::Malformed] {
            let letters = &self.setup.login_letters;
            let step = logins(&self.api, letters, kind, clients, plan.step, pid)?;
            let what = format!("logins, {}", kind.label());
            step_line(&what, clients, &step, "logins/s");
            let rate = step.summary.rate();
            let (limit, limit_rate) = match kind {
                CodeKind::Valid => {
                    let pg = self.pgbench(Script::Relogin, clients, "logins/s")?;
                    (
                        pgbench_limit(&pg, "logins/s", confirmed.relogin),
                        pg.summary.rate(),
                    )
                }
                CodeKind::Unknown => {
                    let pg = self.pgbench(Script::UnknownCode, clients, "logins/s")?;
                    let limit = pgbench_limit(&pg, "logins/s", confirmed.unknown_code);
                    (limit, pg.summary.rate())
                }
                CodeKind::Malformed => {
                    let r = http_limit.summary.rate();
                    (format!("static GET {r:.0} req/s"), r)
                }
            };
            let mut row = Row::of_step(&what, clients, &step, "logins/s")
                .limit(limit, ratio(rate, limit_rate));
            if kind != CodeKind::Malformed {
                let met = rate >= LOGINS_TARGET && step.summary.errors == 0;
                row = row.target("≥ 3000/s", met);
            }
            rows.push(row);
        }
        Ok(())
    }
}

/// Benchmark 5: the server's peak memory over its whole run (VmHWM), held to the target.
pub fn memory_row(what: &str, server: &Server) -> anyhow::Result<Row> {
    let mb = server.peak_rss_kb()? as f64 / 1024.0;
    println!("  {what}: {mb:.1} MB");
    Ok(Row::note(what, format!("{mb:.1} MB")).target("< 100 MB", mb < MEMORY_TARGET_MB))
}
