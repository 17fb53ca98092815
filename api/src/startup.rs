//! Wires the HTTP server: shared state, extractor error handlers (so malformed input gets a
//! problem document, never actix's plain-text 400), security headers, request tracing, and
//! the route families.

use crate::operations::Operations;
use crate::problem::Problem;
use crate::security_headers::security_headers;
use crate::state::{ApiSettings, AppState};
use crate::{
    dashboard, head_requests, manager_api, method_not_allowed, operations, request_metrics,
    respondent_api, respondent_pages, short_replies,
};
use actix_web::dev::Server;
use actix_web::middleware::{from_fn, Compress, NormalizePath, TrailingSlash};
use actix_web::{web, App, HttpServer};
use std::net::TcpListener;
use std::sync::Arc;
use tracing_actix_web::TracingLogger;

/// Largest JSON body accepted (a page of answers is far smaller).
const JSON_LIMIT: usize = 256 * 1024;

/// Builds the server on `listener` with [`async_workers`] async workers.
pub fn build_server(settings: ApiSettings, listener: TcpListener) -> std::io::Result<Server> {
    let operations = web::Data::new(Operations {
        pool: settings.pool.clone(),
        metrics: settings.metrics.clone(),
    });
    let state = web::Data::new(AppState::new(settings).map_err(std::io::Error::other)?);
    let server = HttpServer::new(move || {
        App::new()
            .app_data(state.clone())
            .app_data(operations.clone())
            .app_data(json_config())
            .app_data(path_config())
            .app_data(query_config())
            .app_data(web::FormConfig::default().limit(JSON_LIMIT))
            .wrap(from_fn(method_not_allowed::explain))
            .wrap(from_fn(short_replies::mark_short))
            .wrap(Compress::default())
            .wrap(from_fn(short_replies::unmark))
            .wrap(security_headers())
            .wrap(NormalizePath::new(TrailingSlash::Trim))
            .wrap(TracingLogger::<crate::request_span::RedactedSpan>::new())
            .wrap(from_fn(head_requests::as_get))
            .wrap(from_fn(request_metrics::observe))
            .configure(operations::configure)
            .configure(respondent_api::configure)
            .configure(manager_api::configure)
            .configure(dashboard::configure)
            .configure(respondent_pages::configure)
            .default_service(web::to(not_found))
    })
    .workers(async_workers())
    .listen(listener)?;
    Ok(server.run())
}

/// One async worker per two cores, at least one. The async workers only read requests, check
/// tokens and JSON, and write replies; the database work runs on the blocking pool. Every
/// extra worker adds thread wake-ups without adding work it could take: on 2 cores one
/// worker used 139 µs of CPU per save where two used 180 µs, for 4346–4453 against
/// 3727–3837 saves/s at 8 clients (BENCHMARKS.md). One worker still reads far more requests
/// a second than the database can serve.
fn async_workers() -> usize {
    std::thread::available_parallelism().map_or(1, |cores| (cores.get() / 2).max(1))
}

/// The shared state type handlers extract.
pub type State = web::Data<Arc<AppState>>;

fn json_config() -> web::JsonConfig {
    web::JsonConfig::default()
        .limit(JSON_LIMIT)
        .error_handler(|err, _| Problem::bad_request(err.to_string()).into())
}

fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(|err, _| Problem::bad_request(err.to_string()).into())
}

fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(|err, _| Problem::bad_request(err.to_string()).into())
}

async fn not_found(req: actix_web::HttpRequest) -> actix_web::HttpResponse {
    if req.path().starts_with("/api/") {
        actix_web::ResponseError::error_response(&Problem::not_found())
    } else {
        respondent_pages::not_found_page(&req)
    }
}
