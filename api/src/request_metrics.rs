//! Requests and their latency by route, for `/metrics`: a middleware that counts every answer
//! by method, route pattern (`/api/v1/surveys/{id}`, never the path with its ids or codes) and
//! status class, and times it. Also the respondent's events the operator watches: page saves,
//! logins and failed logins.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use std::time::Instant;

/// Counts and times the request.
pub async fn observe(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let method = req.method().as_str().to_string();
    let res = next.call(req).await?;
    let route = res
        .request()
        .match_pattern()
        .unwrap_or_else(|| "unmatched".to_string());
    let status = match res.status().as_u16() {
        100..=199 => "1xx",
        200..=299 => "2xx",
        300..=399 => "3xx",
        400..=499 => "4xx",
        _ => "5xx",
    };
    metrics::counter!("svar_http_requests_total", "method" => method, "route" => route.clone(), "status" => status)
        .increment(1);
    metrics::histogram!("svar_http_request_duration_seconds", "route" => route)
        .record(started.elapsed().as_secs_f64());
    Ok(res)
}

/// A respondent's page was saved.
pub fn saved() {
    metrics::counter!("svar_saves_total").increment(1);
}

/// A respondent logged in with a code.
pub fn logged_in() {
    metrics::counter!("svar_logins_total").increment(1);
}

/// A well-formed code opened nothing.
pub fn login_failed() {
    metrics::counter!("svar_failed_logins_total").increment(1);
}
