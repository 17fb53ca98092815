//! Where the two cores went during a step: CPU time of this client (and the children it
//! waited for, such as pgbench), of the server process, and of all PostgreSQL processes,
//! from `/proc/<pid>/stat`. Shows whether a step was bound by the client, the server or the
//! database.

use std::time::{Duration, Instant};

/// Clock ticks per second of `/proc` times (USER_HZ, 100 on Linux).
const TICKS: f64 = 100.0;

#[derive(Debug, Clone, Copy)]
pub struct CpuSnapshot {
    at: Instant,
    client: u64,
    server: u64,
    postgres: u64,
    machine: u64,
}

/// Cores used on average over a step.
#[derive(Debug, Clone, Copy, Default)]
pub struct CpuUse {
    pub client: f64,
    pub server: f64,
    pub postgres: f64,
    /// Everything else busy on the machine (other programs would skew the figures).
    pub other: f64,
}

impl std::fmt::Display for CpuUse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "cores used: client {:.2}, svar {:.2}, postgres {:.2}, other {:.2}",
            self.client, self.server, self.postgres, self.other
        )
    }
}

/// (comm, utime + stime, cutime + cstime) of a process.
fn stat(pid: &str) -> Option<(String, u64, u64)> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let open = text.find('(')?;
    let close = text.rfind(')')?;
    let comm = text.get(open + 1..close)?.to_string();
    let fields: Vec<&str> = text.get(close + 1..)?.split_whitespace().collect();
    let num = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<u64>().ok())
            .unwrap_or(0)
    };
    Some((comm, num(11) + num(12), num(13) + num(14)))
}

/// CPU seconds process `pid` has used so far (its own, not its children's); 0 once it is
/// gone.
pub fn process_seconds(pid: u32) -> f64 {
    stat(&pid.to_string()).map_or(0.0, |(_, own, _)| own as f64 / TICKS)
}

/// Busy ticks of all cores (user, nice, system, irq, softirq, steal) from /proc/stat.
fn machine_busy() -> u64 {
    let text = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    let Some(line) = text.lines().find(|l| l.starts_with("cpu ")) else {
        return 0;
    };
    let f: Vec<u64> = line
        .split_whitespace()
        .skip(1)
        .map(|v| v.parse().unwrap_or(0))
        .collect();
    let at = |i: usize| f.get(i).copied().unwrap_or(0);
    at(0) + at(1) + at(2) + at(5) + at(6) + at(7)
}

/// How long PostgreSQL takes to reap the backends of closed connections, whose time then
/// moves into the postmaster's children times.
const SETTLE: Duration = Duration::from_millis(300);

impl CpuSnapshot {
    /// A snapshot once the backends of connections closed just now are gone, timed as of now
    /// (so the wait does not count as part of the step).
    pub fn take_settled(server_pid: Option<u32>) -> CpuSnapshot {
        let at = Instant::now();
        std::thread::sleep(SETTLE);
        CpuSnapshot {
            at,
            ..CpuSnapshot::take(server_pid)
        }
    }

    /// Waits until the backends of the previous step's closed connections are gone.
    pub fn settle() {
        std::thread::sleep(SETTLE);
    }

    pub fn take(server_pid: Option<u32>) -> CpuSnapshot {
        let at = Instant::now();
        let client = stat("self")
            .map(|(_, own, children)| own + children)
            .unwrap_or(0);
        let server = server_pid
            .and_then(|pid| stat(&pid.to_string()))
            .map(|(_, own, _)| own)
            .unwrap_or(0);
        let mut postgres = 0;
        if let Ok(dir) = std::fs::read_dir("/proc") {
            for entry in dir.flatten() {
                let name = entry.file_name();
                let Some(pid) = name.to_str() else { continue };
                if !pid.bytes().all(|b| b.is_ascii_digit()) {
                    continue;
                }
                // Reaped backends count in the postmaster's children times.
                if let Some((comm, own, children)) = stat(pid) {
                    if comm == "postgres" {
                        postgres += own + children;
                    }
                }
            }
        }
        CpuSnapshot {
            at,
            client,
            server,
            postgres,
            machine: machine_busy(),
        }
    }

    /// Average cores used from `self` to `later`.
    pub fn until(&self, later: &CpuSnapshot) -> CpuUse {
        let secs = later.at.duration_since(self.at).as_secs_f64();
        if secs <= 0.0 {
            return CpuUse::default();
        }
        let cores = |a: u64, b: u64| b.saturating_sub(a) as f64 / TICKS / secs;
        let (client, server, postgres) = (
            cores(self.client, later.client),
            cores(self.server, later.server),
            cores(self.postgres, later.postgres),
        );
        let machine = cores(self.machine, later.machine);
        CpuUse {
            client,
            server,
            postgres,
            other: (machine - client - server - postgres).max(0.0),
        }
    }
}
