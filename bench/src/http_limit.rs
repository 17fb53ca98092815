//! The HTTP limit of this machine for this server: a static GET (`/static/svar.css`) through
//! the same stack (actix, its middleware, keep-alive, the same client), with no database, so a
//! reader can see how much of a gap is HTTP itself.

use crate::load::{run, Step};
use crate::respondent::{agent, get_ok};
use std::time::Duration;

/// Static GETs by `clients` keep-alive clients.
pub fn static_get(
    base: &str,
    clients: usize,
    duration: Duration,
    server_pid: u32,
) -> anyhow::Result<Step> {
    let url = format!("{base}/static/svar.css");
    let url = &url;
    run(
        clients,
        duration,
        Some(server_pid),
        |_| Ok(agent()),
        |_, agent, clock, rec| {
            while clock.running() {
                if rec.time(|| get_ok(&agent, url)).is_none() {
                    break;
                }
            }
        },
    )
}
