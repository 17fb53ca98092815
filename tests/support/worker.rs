//! A `svar worker` process beside a test's server, sending to a test SMTP sink. The process is
//! killed when the handle is dropped, so a failed assertion never leaves a worker running.

use super::{svar_command, Svar};
use std::process::{Child, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// How the worker runs: its senders, its lease, where its probes listen.
pub struct WorkerSettings<'a> {
    pub senders: u32,
    /// E-mails a sender takes at a time (`SVAR_MAIL_BATCH`).
    pub batch: u32,
    pub lease_seconds: u32,
    pub listen: &'a str,
}

impl Default for WorkerSettings<'_> {
    fn default() -> Self {
        Self {
            senders: 2,
            batch: 50,
            lease_seconds: 300,
            listen: "127.0.0.1:0",
        }
    }
}

/// A running `svar worker`.
pub struct WorkerProcess {
    child: Child,
}

impl WorkerProcess {
    /// Starts `svar worker` on the server's database, unthrottled, scheduling every second.
    pub fn start(svar: &Svar, smtp: &str, settings: WorkerSettings<'_>) -> Self {
        let mut cmd = svar_command(&svar.db, &svar.dir);
        cmd.env("SVAR_PUBLIC_URL", &svar.url)
            .env("SVAR_SMTP_URL", smtp)
            .env("SVAR_MAIL_RATE", "0")
            .env("SVAR_MAIL_SENDERS", settings.senders.to_string())
            .env("SVAR_MAIL_BATCH", settings.batch.to_string())
            .env("SVAR_SCHEDULE_SECONDS", "1")
            .env(
                "SVAR_MAIL_LEASE_SECONDS",
                settings.lease_seconds.to_string(),
            )
            .env("SVAR_WORKER_LISTEN", settings.listen)
            .arg("worker")
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        Self {
            child: cmd.spawn().expect("svar worker starts"),
        }
    }

    /// SIGKILL: no shutdown, whatever is in hand is cut off.
    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// SIGTERM, as a service manager sends it; waits up to `within` for the exit.
    pub fn terminate(mut self, within: Duration) -> ExitStatus {
        let status = std::process::Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success());
        let stopped = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("the worker's status") {
                return status;
            }
            assert!(
                stopped.elapsed() < within,
                "the worker stops within {within:?}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for WorkerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Polls `done` every 100 ms until it holds; fails the test after `within`.
pub fn wait_until(what: &str, within: Duration, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + within;
    while !done() {
        assert!(Instant::now() < deadline, "{what} within {within:?}");
        std::thread::sleep(Duration::from_millis(100));
    }
}
