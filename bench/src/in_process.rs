//! The save without HTTP: `svar_core::respondent::save_page` called in-process, through the
//! same pool and form cache the server uses, by C threads on C cases of their own. On SQLite
//! this is the machine's limit for the save benchmark (run on a copy of the server's
//! database); on PostgreSQL it sits between pgbench (the SQL alone) and the server (SQL +
//! diesel + HTTP + JSON), which tells where a gap comes from.

use crate::load::{run, Step};
use crate::respondent::five_pages;
use anyhow::Context;
use serde_json::{Map, Value};
use std::time::Duration;
use svar_core::db::{open_pool, DatabaseUrl};
use svar_core::respondent::{save_page, RespondentCache};

/// The pool size `svar serve` uses when SVAR_DB_POOL is unset.
pub fn default_pool_size(url: &str) -> u32 {
    let backend = DatabaseUrl::parse(url).map_or(svar_core::db::Backend::Sqlite, |u| u.backend());
    svar_core::db::default_pool_size(backend)
}

pub fn saves(
    database_url: &str,
    pool_size: u32,
    cases: &[i64],
    clients: usize,
    duration: Duration,
) -> anyhow::Result<Step> {
    if cases.len() < clients {
        anyhow::bail!(
            "{} cases set aside for {clients} in-process clients",
            cases.len()
        );
    }
    let url = DatabaseUrl::parse(database_url)?;
    let pool = open_pool(&url, pool_size).context("opening the in-process pool")?;
    let cache = RespondentCache::new();
    let pages: Vec<(String, Map<String, Value>)> = five_pages()
        .into_iter()
        .map(|(page, text)| Ok((page, serde_json::from_str(&text)?)))
        .collect::<anyhow::Result<_>>()?;
    let (pool, cache, pages) = (&pool, &cache, &pages);
    run(
        clients,
        duration,
        None,
        |i| Ok(cases[i]),
        |_, case_id, clock, rec| {
            // Unknown at first (the case may have saved before): take whatever is stored.
            let mut version = None;
            let mut saved = 0usize;
            while clock.running() {
                let (page, answers) = &pages[saved % pages.len()];
                let done = rec.time(|| {
                    let mut conn = pool.get()?;
                    save_page(&mut conn, cache, case_id, page, version, answers)
                        .map_err(|e| anyhow::anyhow!("save_page: {e}"))
                });
                match done {
                    Some(s) => version = Some(s.version),
                    None => break,
                }
                saved += 1;
            }
        },
    )
}
