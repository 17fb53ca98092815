//! Benchmark 1 and 2 over HTTP: C respondents, each logged in before the clock starts, save
//! pages (the five demo pages in order, then round again, each save against the version the
//! last one returned) until the step ends, then submit. Only saves are timed, so the figure
//! compares with pgbench running the SQL of one save.

use crate::letters::LetterPool;
use crate::load::{run, Step};
use crate::respondent::{agent, five_pages, Api};
use std::time::Duration;

pub fn saves(
    api: &Api,
    pool: &LetterPool,
    clients: usize,
    duration: Duration,
    server_pid: u32,
) -> anyhow::Result<Step> {
    let pages = five_pages();
    let pages = &pages;
    run(
        clients,
        duration,
        Some(server_pid),
        |_| {
            let letter = pool
                .take()
                .ok_or_else(|| anyhow::anyhow!("out of letters; raise --respondents"))?;
            let agent = agent();
            let session = api.login(&agent, &letter.code)?;
            Ok((agent, session))
        },
        |_, (agent, session), clock, rec| {
            let mut version = 0;
            let mut saved = 0usize;
            while clock.running() {
                let (page, answers) = &pages[saved % pages.len()];
                match rec.time(|| api.save(&agent, &session, page, version, answers)) {
                    Some(v) => version = v,
                    // A failed save leaves the version unknown: this client stops.
                    None => break,
                }
                saved += 1;
            }
            if saved >= pages.len() {
                if let Err(e) = api.submit(&agent, &session) {
                    rec.error(e.context("submit after the step"));
                }
            }
        },
    )
}
