//! `HEAD` is answered wherever `GET` is, without the body (RFC 9110 §9.3.2). Load balancers
//! and uptime monitors often check with `HEAD`, and actix routes a `HEAD` to no `GET` route,
//! so such a check got 404. The request goes on as a `GET`; actix's HTTP/1 encoder knows the
//! request was a `HEAD` and sends the reply's status and headers without its body.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::Error;

pub async fn as_get(
    mut req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    if req.method() == Method::HEAD {
        req.head_mut().method = Method::GET;
    }
    next.call(req).await
}
