//! Short replies go out uncompressed. actix's `Compress` compresses every body a client accepts
//! compressed, down to the 40-byte reply to a page save, and every phone browser accepts gzip:
//! setting up gzip for a reply that short cost about 26 µs of the server's CPU per request
//! (a third more than the whole request without it, BENCHMARKS.md), and a reply that fits in
//! one TCP segment arrives no sooner for being smaller.
//!
//! `Compress` leaves alone a reply that already names its `Content-Encoding`, so
//! [`mark_short`], inside it, marks a short reply as `identity`, and [`unmark`], outside it,
//! takes the marker off again (`identity` is not meant to be sent in a reply).

use actix_web::body::{BodySize, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderValue, CONTENT_ENCODING};
use actix_web::middleware::Next;
use actix_web::Error;

/// Replies shorter than this many bytes are not compressed: less than one TCP segment.
pub const SHORTEST_COMPRESSED: u64 = 1024;

/// Inside `Compress`: a reply of known length under [`SHORTEST_COMPRESSED`] is marked as not
/// to be compressed.
pub async fn mark_short(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let mut res = next.call(req).await?;
    let short =
        matches!(res.response().body().size(), BodySize::Sized(n) if n < SHORTEST_COMPRESSED);
    if short && !res.headers().contains_key(CONTENT_ENCODING) {
        res.headers_mut()
            .insert(CONTENT_ENCODING, HeaderValue::from_static("identity"));
    }
    Ok(res)
}

/// Outside `Compress`: removes the marker [`mark_short`] set.
pub async fn unmark(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let mut res = next.call(req).await?;
    if res
        .headers()
        .get(CONTENT_ENCODING)
        .is_some_and(|v| v.as_bytes() == b"identity")
    {
        res.headers_mut().remove(CONTENT_ENCODING);
    }
    Ok(res)
}
