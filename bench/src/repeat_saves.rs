//! The repeat benchmark (`--only repeat`): saves and page views of a household roster (a
//! repeat of 20 members, each page with a cascading select over 290 municipalities,
//! `roster_form.rs`) beside the same of the demo questionnaire's plain pages, on one server and
//! one database, at the same client counts, in the same run. The plain figures are the limit:
//! a repeat costs what its unrolled pages and node-set expressions add to a save.
//!
//! On PostgreSQL (a fresh database) and on SQLite, each with `svar serve`.

use crate::database::BenchDatabase;
use crate::http_saves::{PagesStep, Work};
use crate::letters::LetterPool;
use crate::options::Plan;
use crate::paths::Paths;
use crate::postgres::memory_row;
use crate::report::{step_line, Row};
use crate::respondent::{five_pages, Api};
use crate::roster_form::{member_page, roster_form, MEMBERS};
use crate::server::Server;
use crate::setup::{field_survey, field_survey_of, sample_files, SvarCli};
use crate::workdir::WorkDir;

/// The target of the issue: a save (and a page view) of a repeat instance at least this share
/// of a plain page's.
const RATIO_TARGET: f64 = 0.7;

/// The client counts of the benchmark.
const CLIENTS: [usize; 2] = [8, 32];

pub fn run_all(
    plan: &Plan,
    paths: &Paths,
    work: &WorkDir,
    rows: &mut Vec<Row>,
) -> anyhow::Result<()> {
    if plan.postgres {
        let (db, cli) = SvarCli::on_fresh_postgres(plan, paths, work, "repeat-pg")?;
        backend(plan, paths, &db, &cli, "PG", rows)?;
    }
    if plan.sqlite {
        let dir = work.folder("repeat-sqlite")?;
        let db = BenchDatabase::sqlite(&dir);
        let cli = SvarCli {
            svar: paths.svar.clone(),
            database_url: db.url(),
            dir,
        };
        backend(plan, paths, &db, &cli, "SQLite", rows)?;
    }
    Ok(())
}

fn backend(
    plan: &Plan,
    paths: &Paths,
    db: &BenchDatabase,
    cli: &SvarCli,
    name: &str,
    rows: &mut Vec<Row>,
) -> anyhow::Result<()> {
    println!("Repeat groups, {name} ({})", db.url());
    let (strata, sample) = sample_files(paths, 2000, &cli.dir)?;
    let plain = field_survey(cli, paths, &strata, &sample)?;
    let form = cli.dir.join("roster.json");
    std::fs::write(&form, roster_form())?;
    let roster = field_survey_of(cli, &form, "Roster", &strata, &sample)?;
    let plain = LetterPool::new(plain.letters);
    let roster = LetterPool::new(roster.letters);
    let server = Server::start(cli, plan.db_pool, &format!("repeat-{name}"))?;
    let api = Api::new(&server.url);
    let pid = server.pid();

    let plain_pages = five_pages();
    let household = (
        "household".to_string(),
        format!("{{\"hh_size\":{MEMBERS}}}"),
    );
    let members: Vec<(String, String)> = (1..=MEMBERS).map(member_page).collect();
    for work in [Work::Saves, Work::Views] {
        let (what, unit) = match work {
            Work::Saves => ("saves", "saves/s"),
            Work::Views => ("page views", "views/s"),
        };
        for clients in CLIENTS {
            let plain_step = PagesStep {
                setup: &[],
                pages: &plain_pages,
                work,
                submit: false,
            };
            let base = plain_step.run(&api, &plain, clients, plan.step, pid)?;
            step_line(&format!("plain {what}"), clients, &base, unit);
            let repeat_step = PagesStep {
                setup: std::slice::from_ref(&household),
                pages: &members,
                work,
                submit: false,
            };
            let repeat = repeat_step.run(&api, &roster, clients, plan.step, pid)?;
            step_line(&format!("repeat-of-20 {what}"), clients, &repeat, unit);
            let limit = base.summary.rate();
            let ratio = (limit > 0.0).then(|| repeat.summary.rate() / limit);
            rows.push(
                Row::of_step(
                    &format!("{what} of a repeat of 20, cascading, {name}"),
                    clients,
                    &repeat,
                    unit,
                )
                .limit(
                    format!(
                        "plain pages {limit:.0} {unit}, p99 {:.1} ms",
                        base.summary.p99_ms
                    ),
                    ratio,
                )
                .target("≥ 0.7 × plain", ratio.is_some_and(|r| r >= RATIO_TARGET)),
            );
        }
    }
    rows.push(memory_row(
        &format!("peak RSS of svar serve, repeat, {name}"),
        &server,
    )?);
    Ok(())
}
