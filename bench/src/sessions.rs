//! Benchmark 3: whole respondent sessions, each on a fresh connection as a new respondent's
//! would be: log in, fetch the questionnaire in the session's language, save the five pages,
//! submit. One session is one timed operation; each uses a case nobody else touches. The
//! requests inside are timed too, so a slow session shows which request made it slow.

use crate::latency::{Recorder, Summary};
use crate::letters::LetterPool;
use crate::load::{run, Step};
use crate::respondent::{agent, five_pages, Api};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::Duration;

/// The requests of a session, in order.
pub const PARTS: [&str; 4] = ["login", "questionnaire", "save", "submit"];

/// The step, the latencies of each kind of request, and whether the sample ran out.
pub struct Sessions {
    pub step: Step,
    pub parts: Vec<(&'static str, Summary)>,
    pub ran_out: bool,
}

pub fn sessions(
    api: &Api,
    pool: &LetterPool,
    clients: usize,
    duration: Duration,
    server_pid: u32,
) -> anyhow::Result<Sessions> {
    let pages = five_pages();
    let pages = &pages;
    let ran_out = AtomicBool::new(false);
    let ran_out_ref = &ran_out;
    let parts: Mutex<Vec<Recorder>> =
        Mutex::new(PARTS.iter().map(|_| Recorder::default()).collect());
    let parts_ref = &parts;
    let step = run(
        clients,
        duration,
        Some(server_pid),
        |_| Ok(()),
        |_, (), clock, rec| {
            let mut mine: Vec<Recorder> = PARTS.iter().map(|_| Recorder::default()).collect();
            while clock.running() {
                let Some(letter) = pool.take() else {
                    ran_out_ref.store(true, Ordering::Relaxed);
                    break;
                };
                let done = rec.time(|| {
                    let agent = agent();
                    let [login, questionnaire, save, submit] = &mut mine[..] else {
                        anyhow::bail!("four kinds of request");
                    };
                    let session = login
                        .time(|| api.login(&agent, &letter.code))
                        .ok_or_else(|| anyhow::anyhow!("login failed"))?;
                    questionnaire
                        .time(|| api.questionnaire(&agent, &session, &session.language))
                        .ok_or_else(|| anyhow::anyhow!("questionnaire failed"))?;
                    let mut version = 0;
                    for (page, answers) in pages {
                        version = save
                            .time(|| api.save(&agent, &session, page, version, answers))
                            .ok_or_else(|| anyhow::anyhow!("save failed"))?;
                    }
                    submit
                        .time(|| api.submit(&agent, &session))
                        .ok_or_else(|| anyhow::anyhow!("submit failed"))
                });
                if done.is_none() {
                    break;
                }
            }
            if let Ok(mut all) = parts_ref.lock() {
                for (total, part) in all.iter_mut().zip(mine) {
                    total.merge(part);
                }
            }
        },
    )?;
    let elapsed = step.summary.elapsed;
    let parts = parts
        .into_inner()
        .map_err(|_| anyhow::anyhow!("a client thread panicked"))?
        .into_iter()
        .zip(PARTS)
        .map(|(rec, name)| (name, rec.summary(elapsed)))
        .collect();
    Ok(Sessions {
        step,
        parts,
        ran_out: ran_out.load(Ordering::Relaxed),
    })
}
