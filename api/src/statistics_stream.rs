//! The Server-Sent Events answer of a live statistics stream: the figures by stratum at once,
//! then again on every change, from the shared poller of [`crate::statistics_feed`]. Served by
//! the management API (`GET /api/v1/surveys/{id}/statistics/stream`, Bearer token) and by the
//! dashboard (`GET /manage/surveys/{id}/stream`, session cookie), which check access first.

use crate::problem::Problem;
use crate::state::AppState;
use crate::statistics_feed;
use actix_web::http::header::{CACHE_CONTROL, CONTENT_ENCODING};
use actix_web::web::Bytes;
use actix_web::HttpResponse;
use futures_util::StreamExt;
use std::convert::Infallible;
use std::sync::Arc;
use tokio::sync::broadcast::error::RecvError;

/// The open stream of survey `survey_id`'s statistics; the caller has checked access.
pub async fn statistics_events(
    state: &Arc<AppState>,
    survey_id: i64,
) -> Result<HttpResponse, Problem> {
    let initial = statistics_feed::current(state, survey_id).await?;
    let receiver = state.statistics_feed.subscribe(state, survey_id, &initial);
    let first = statistics_feed::event(&initial);
    let changes = futures_util::stream::unfold(receiver, |mut receiver| async move {
        loop {
            match receiver.recv().await {
                Ok(event) => return Some((event, receiver)),
                // Fell behind: the next event carries the newest figures anyway.
                Err(RecvError::Lagged(_)) => continue,
                Err(RecvError::Closed) => return None,
            }
        }
    });
    let events = futures_util::stream::once(async move { first })
        .chain(changes)
        .map(Ok::<Bytes, Infallible>);
    Ok(HttpResponse::Ok()
        .content_type("text/event-stream")
        .insert_header((CACHE_CONTROL, "no-cache"))
        // Not compressed: gzip would hold events back until its buffer fills.
        .insert_header((CONTENT_ENCODING, "identity"))
        .streaming(events))
}
