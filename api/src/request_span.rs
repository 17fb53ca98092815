//! Request spans for tracing with a request id, but without the path of `/s/{code}` links or
//! query strings: an access code must never reach the logs. Only the matched route pattern
//! (`/s/{code}`, not the code) is recorded.

use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::{Error, HttpMessage};
use tracing::Span;
use tracing_actix_web::{RequestId, RootSpanBuilder};

pub struct RedactedSpan;

impl RootSpanBuilder for RedactedSpan {
    fn on_request_start(request: &ServiceRequest) -> Span {
        // The route and the id are looked up only when the span will be recorded: under
        // `SVAR_LOG=warn` a request costs no span at all.
        if !tracing::enabled!(tracing::Level::INFO) {
            return Span::none();
        }
        let route = request
            .match_pattern()
            .unwrap_or_else(|| "unmatched".to_string());
        let request_id = request
            .extensions()
            .get::<RequestId>()
            .map(|id| id.to_string())
            .unwrap_or_default();
        tracing::info_span!(
            "request",
            method = %request.method(),
            route = %route,
            request_id = %request_id,
        )
    }

    fn on_request_end<B: actix_web::body::MessageBody>(
        span: Span,
        outcome: &Result<ServiceResponse<B>, Error>,
    ) {
        let status = match outcome {
            Ok(response) => response.status().as_u16(),
            Err(error) => error.as_response_error().status_code().as_u16(),
        };
        if status >= 500 {
            tracing::error!(parent: &span, status, "request failed");
        } else {
            tracing::debug!(parent: &span, status, "request finished");
        }
    }
}
