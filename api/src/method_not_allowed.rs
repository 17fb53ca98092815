//! A request with a method an address does not take gets `405 Method Not Allowed` with the
//! `Allow` header (RFC 9110 §15.5.6: the server MUST send it), not `404`: a script that PUTs
//! where it should POST learns what the address takes instead of being told it does not exist.
//!
//! Every address is registered as one actix `Resource` holding all its methods, so actix's own
//! resource default answers 405 and fills `Allow` from the methods registered there. That reply
//! has no body; [`explain`] gives it a body, keeping `Allow`: under `/api/` the problem document
//! every other API error has; elsewhere the respondent's "no such page" page in their language
//! (someone who types `/submit` into the address bar reads a page, not JSON), as for a 404.

use crate::problem::Problem;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderValue, ALLOW};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::{Error, ResponseError};

/// Turns actix's bodiless 405 into a problem document or a page, with the same `Allow`.
pub async fn explain(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, Error> {
    let res = next.call(req).await?;
    if res.status() != StatusCode::METHOD_NOT_ALLOWED {
        return Ok(res.map_into_left_body());
    }
    let (req, res) = res.into_parts();
    let mut reply = if req.path().starts_with("/api/") {
        method_not_allowed(req.method().as_str(), res.headers().get(ALLOW)).error_response()
    } else {
        let mut page = crate::respondent_pages::not_found_page(&req);
        *page.status_mut() = StatusCode::METHOD_NOT_ALLOWED;
        page
    };
    if let Some(allow) = res.headers().get(ALLOW) {
        reply.headers_mut().insert(ALLOW, allow.clone());
    }
    Ok(ServiceResponse::new(req, reply).map_into_right_body())
}

fn method_not_allowed(method: &str, allow: Option<&HeaderValue>) -> Problem {
    let allowed = allow.and_then(|v| v.to_str().ok()).unwrap_or("");
    Problem::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method-not-allowed",
        "This address does not take this method",
    )
    .detail(format!("{method} is not taken here; Allow: {allowed}"))
}
