//! Benchmark 1 and 2 over HTTP: C respondents, each logged in before the clock starts, save
//! pages (the five demo pages in order, then round again, each save against the version the
//! last one returned) until the step ends, then submit. Only saves are timed, so the figure
//! compares with pgbench running the SQL of one save. The repeat benchmark runs the same step
//! on other pages, and views pages the same way ([`PagesStep`]).

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
    PagesStep {
        setup: &[],
        pages: &pages,
        work: Work::Saves,
        submit: true,
    }
    .run(api, pool, clients, duration, server_pid)
}

/// What a client does with its pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Work {
    Saves,
    /// `GET /p/{page}`, the HTML page (each page saved first, not timed).
    Views,
}

/// One step of respondents working through pages: (page id, answers as JSON) each.
pub struct PagesStep<'a> {
    /// Saved once before the clock starts (a household's size, say).
    pub setup: &'a [(String, String)],
    /// Saved or viewed in turn until the step ends; only these are timed.
    pub pages: &'a [(String, String)],
    pub work: Work,
    /// Whether each client that went through every page submits after the step.
    pub submit: bool,
}

impl PagesStep<'_> {
    pub fn run(
        &self,
        api: &Api,
        pool: &LetterPool,
        clients: usize,
        duration: Duration,
        server_pid: u32,
    ) -> anyhow::Result<Step> {
        let pages = self.pages;
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
                let mut version = 0;
                let viewed_saved_first = if self.work == Work::Views { pages } else { &[] };
                for (page, answers) in self.setup.iter().chain(viewed_saved_first) {
                    version = api.save(&agent, &session, page, version, answers)?;
                }
                Ok((agent, session, version))
            },
            |_, (agent, session, mut version), clock, rec| {
                let mut done = 0usize;
                while clock.running() {
                    let (page, answers) = &pages[done % pages.len()];
                    let outcome = match self.work {
                        Work::Saves => {
                            rec.time(|| api.save(&agent, &session, page, version, answers))
                        }
                        Work::Views => rec
                            .time(|| api.page_html(&agent, &session, page))
                            .map(|()| version),
                    };
                    match outcome {
                        Some(v) => version = v,
                        // A failed save leaves the version unknown: this client stops.
                        None => break,
                    }
                    done += 1;
                }
                if self.submit && done >= pages.len() {
                    if let Err(e) = api.submit(&agent, &session) {
                        rec.error(e.context("submit after the step"));
                    }
                }
            },
        )
    }
}
