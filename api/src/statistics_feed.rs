//! Live statistics for the Server-Sent Events stream: one poller per survey that someone
//! watches, shared by every dashboard connected to this process. It reads the survey's
//! statistics from the counters (a few hundred rows, never the cases) every
//! [`POLL_INTERVAL`], and sends them to the survey's subscribers when they changed, so a
//! change made through any replica or the worker reaches every dashboard within about that
//! long. It folds the survey's pending counter changes before each reading (PostgreSQL). It
//! stops when the last subscriber has gone.
//!
//! Polling rather than PostgreSQL's LISTEN/NOTIFY: a NOTIFY in the counters' trigger would
//! make every save that changes a disposition take the notification queue's lock at commit,
//! serialising those commits; and SQLite has no notifications at all.

use crate::blocking::with_db;
use crate::manager_api::timestamp;
use crate::problem::Problem;
use crate::state::AppState;
use actix_web::web::Bytes;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use svar_core::db::{monitoring_counts, now_ms};
use svar_core::monitoring::{survey_statistics, FiguresError, Grouping, Statistics};
use tokio::sync::broadcast;

/// How often a watched survey's statistics are read.
pub const POLL_INTERVAL: Duration = Duration::from_millis(250);
/// A comment line this often when nothing changed keeps proxies from closing the stream.
const KEEPALIVE: Duration = Duration::from_secs(15);
/// Events a slow subscriber may fall behind by; it then skips to the newest.
const BACKLOG: usize = 4;

/// The pollers of the surveys being watched.
#[derive(Default)]
pub struct StatisticsFeed {
    surveys: Mutex<HashMap<i64, broadcast::Sender<Bytes>>>,
}

/// One `statistics` event.
pub fn event(statistics: &Statistics) -> Bytes {
    let json = serde_json::to_string(statistics).unwrap_or_else(|_| "{}".into());
    Bytes::from(format!("event: statistics\ndata: {json}\n\n"))
}

/// The survey's statistics now, by stratum.
pub async fn current(state: &Arc<AppState>, survey_id: i64) -> Result<Statistics, Problem> {
    read(state, survey_id, false).await
}

/// The survey's statistics by stratum, its pending counter changes folded first if `fold`
/// (one connection for both).
async fn read(state: &Arc<AppState>, survey_id: i64, fold: bool) -> Result<Statistics, Problem> {
    let read = with_db(state, move |conn, _| {
        if fold {
            // Reading stays correct without it, only dearer: go on.
            if monitoring_counts::fold(conn, Some(survey_id)).is_err() {
                tracing::warn!(survey_id, "monitoring changes could not be folded");
            }
        }
        let now = now_ms();
        survey_statistics(conn, survey_id, &Grouping::Stratum, now, timestamp(now))
    })
    .await?;
    read.map_err(|e| match e {
        FiguresError::Store(e) => Problem::from(e),
        // By stratum there is no variable to refuse.
        _ => Problem::internal(),
    })
}

impl StatisticsFeed {
    /// Events for survey `survey_id` from now on; starts its poller if none runs, from the
    /// figures the subscriber has been sent (`initial`).
    pub fn subscribe(
        &self,
        state: &Arc<AppState>,
        survey_id: i64,
        initial: &Statistics,
    ) -> broadcast::Receiver<Bytes> {
        let mut surveys = self.surveys.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(sender) = surveys.get(&survey_id) {
            return sender.subscribe();
        }
        let (sender, receiver) = broadcast::channel(BACKLOG);
        surveys.insert(survey_id, sender.clone());
        let last = undated(initial);
        actix_web::rt::spawn(poll(Arc::clone(state), survey_id, sender, last));
        receiver
    }

    /// Forgets the survey's poller if nobody listens any more; says whether it did.
    fn retire_if_unwatched(&self, survey_id: i64) -> bool {
        let mut surveys = self.surveys.lock().unwrap_or_else(PoisonError::into_inner);
        let unwatched = surveys
            .get(&survey_id)
            .is_none_or(|s| s.receiver_count() == 0);
        if unwatched {
            surveys.remove(&survey_id);
        }
        unwatched
    }
}

/// The figures without their time stamp, to tell whether they changed.
fn undated(statistics: &Statistics) -> Statistics {
    Statistics {
        as_of: String::new(),
        ..statistics.clone()
    }
}

async fn poll(
    state: Arc<AppState>,
    survey_id: i64,
    sender: broadcast::Sender<Bytes>,
    mut last: Statistics,
) {
    let mut quiet = Duration::ZERO;
    loop {
        actix_web::rt::time::sleep(POLL_INTERVAL).await;
        if state.statistics_feed.retire_if_unwatched(survey_id) {
            return;
        }
        // The survey's pending changes are folded first, so that reading them stays cheap.
        match read(&state, survey_id, true).await {
            Ok(statistics) => {
                let now = undated(&statistics);
                if last != now {
                    last = now;
                    quiet = Duration::ZERO;
                    // No receiver left is found on the next round.
                    let _ = sender.send(event(&statistics));
                    continue;
                }
            }
            // The database is away: try again next round; the dashboards keep what they have.
            Err(_) => tracing::warn!(survey_id, "live statistics could not be read"),
        }
        quiet += POLL_INTERVAL;
        if quiet >= KEEPALIVE {
            quiet = Duration::ZERO;
            let _ = sender.send(Bytes::from_static(b": still here\n\n"));
        }
    }
}
