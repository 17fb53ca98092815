//! Loopback ports for the servers a test starts (Svar, ChromeDriver, the SMTP server). A port
//! the system hands out for `:0` is free only until it is released, and tests run in parallel:
//! two servers could be given the same one, the second fail to bind, and its test talk to the
//! other's server. So every port of a test process comes from one counter (distinct within the
//! process; test binaries run one after another), starting at a random place, and is checked
//! free before it is handed out.

#![allow(dead_code)]

use std::net::TcpListener;
use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::OnceLock;

/// The ports handed out, from 20000 to 60000.
const FIRST: u16 = 20_000;
const SPAN: u16 = 40_000;

fn counter() -> &'static AtomicU16 {
    static NEXT: OnceLock<AtomicU16> = OnceLock::new();
    NEXT.get_or_init(|| {
        let mut bytes = [0u8; 2];
        getrandom::fill(&mut bytes).unwrap();
        AtomicU16::new(u16::from_le_bytes(bytes) % SPAN)
    })
}

/// A port no other server of this process was given, free now.
pub fn free_port() -> u16 {
    loop {
        let port = FIRST + counter().fetch_add(1, Ordering::Relaxed) % SPAN;
        if TcpListener::bind(("127.0.0.1", port)).is_ok() {
            return port;
        }
    }
}
