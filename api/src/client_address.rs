//! The client address a request counts against for throttling. The TCP peer address is used:
//! behind a load balancer, the operator must make the balancer pass real peers (PROXY
//! protocol or per-address limits there); `X-Forwarded-For` is not trusted, since any client
//! can write it.

use actix_web::HttpRequest;
use std::net::{IpAddr, Ipv4Addr};
use svar_core::throttle::ClientKey;

pub fn client_key(req: &HttpRequest) -> ClientKey {
    let ip = req
        .peer_addr()
        .map(|a| a.ip())
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
    ClientKey::of(ip)
}
