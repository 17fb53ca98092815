//! The SQLite part of a run: the demo survey on a fresh SQLite file, a copy of that file made
//! before the server starts (the limit's own database), the save benchmark over HTTP beside
//! the same save in-process on the copy at each client count, and the server's peak memory.

use crate::database::BenchDatabase;
use crate::http_saves;
use crate::in_process::{self, default_pool_size};
use crate::letters::LetterPool;
use crate::options::Plan;
use crate::paths::Paths;
use crate::postgres::memory_row;
use crate::report::{step_line, Row};
use crate::respondent::Api;
use crate::server::Server;
use crate::setup::{field_survey, sample_files, SvarCli};
use crate::workdir::WorkDir;
use anyhow::Context;
use std::path::Path;
use svar_core::db::{cases, open_pool, DatabaseUrl};

/// Copies a SQLite database with its WAL files (none of its connections is open).
fn copy_database(from: &Path, to: &Path) -> anyhow::Result<()> {
    for suffix in ["", "-wal", "-shm"] {
        let mut src = from.as_os_str().to_owned();
        src.push(suffix);
        let mut dst = to.as_os_str().to_owned();
        dst.push(suffix);
        if Path::new(&src).exists() {
            std::fs::copy(&src, &dst)
                .with_context(|| format!("copying {}", Path::new(&src).display()))?;
        }
    }
    Ok(())
}

fn first_cases(url: &str, survey_id: i64, n: usize) -> anyhow::Result<Vec<i64>> {
    let pool = open_pool(&DatabaseUrl::parse(url)?, 1)?;
    let mut conn = pool.get()?;
    let mut ids = cases::ids_of_survey(&mut conn, survey_id)?;
    ids.truncate(n);
    Ok(ids)
}

pub fn run(plan: &Plan, paths: &Paths, work: &WorkDir, rows: &mut Vec<Row>) -> anyhow::Result<()> {
    println!("SQLite");
    let dir = work.folder("sqlite")?;
    let db = BenchDatabase::sqlite(&dir);
    let cli = SvarCli {
        svar: paths.svar.clone(),
        database_url: db.url(),
        dir: dir.clone(),
    };
    // The save benchmark needs one case per client of each step: the demo sample will do.
    let (strata, sample) = sample_files(paths, 2000, &dir)?;
    let fielded = field_survey(&cli, paths, &strata, &sample)?;
    let copy = dir.join("limit.db");
    copy_database(Path::new(&db.url()), &copy)?;
    let copy_url = copy.to_string_lossy().into_owned();
    let max_clients = plan.clients.iter().copied().max().unwrap_or(1);
    let limit_cases = first_cases(&copy_url, fielded.survey_id, max_clients)?;
    let pool = LetterPool::new(fielded.letters);
    let pool_size = plan.db_pool.unwrap_or(default_pool_size(&db.url()));

    let server = Server::start(&cli, plan.db_pool, "sqlite")?;
    let pid = server.pid();
    let api = Api::new(&server.url);
    for &c in &plan.clients {
        let http = http_saves::saves(&api, &pool, c, plan.step, pid)?;
        step_line("saves over HTTP", c, &http, "saves/s");
        let inproc = in_process::saves(&copy_url, pool_size, &limit_cases, c, plan.step)?;
        step_line("in-process save_page (limit)", c, &inproc, "saves/s");
        let limit = inproc.summary.rate();
        rows.push(Row::of_step("saves, SQLite", c, &http, "saves/s").limit(
            format!(
                "in-process {limit:.0} saves/s, p99 {:.1} ms",
                inproc.summary.p99_ms
            ),
            (limit > 0.0).then(|| http.summary.rate() / limit),
        ));
    }
    rows.push(memory_row("peak RSS of svar serve, SQLite", &server)?);
    Ok(())
}
