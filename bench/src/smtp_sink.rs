//! The mail benchmark's SMTP server and its yardstick, both from Postfix's test programs
//! (Debian package `postfix`): `smtp-sink`, a server on a free loopback port that takes every
//! message and throws it away; and `smtp-source`, a lean C load generator, whose rate into the
//! same sink with the same messages and the same number of sessions is the machine's limit
//! for the workers' rate.

use crate::peak_memory::tail;
use anyhow::{bail, Context};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const SINK: &str = "smtp-sink";
const SOURCE: &str = "smtp-source";

/// Where Postfix's test programs are: /usr/sbin (Debian), else on the PATH.
fn program(name: &str) -> anyhow::Result<PathBuf> {
    let sbin = Path::new("/usr/sbin").join(name);
    if sbin.is_file() {
        return Ok(sbin);
    }
    if let Some(path) = std::env::var_os("PATH") {
        for dir in std::env::split_paths(&path) {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Ok(candidate);
            }
        }
    }
    bail!(
        "{name} not found: install Postfix's test programs \
         (DEBIAN_FRONTEND=noninteractive apt-get install -y postfix), or leave the mail \
         benchmark out with --only"
    )
}

/// Whether this process runs as root (smtp-sink must then be told a user to become).
fn running_as_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("Uid:"))
                .and_then(|v| v.split_whitespace().next().map(|u| u == "0"))
        })
        .unwrap_or(false)
}

/// A running `smtp-sink`.
pub struct SmtpSink {
    child: Child,
    pub port: u16,
    log: PathBuf,
}

impl SmtpSink {
    /// Starts `smtp-sink` on a free loopback port; returns once it accepts connections.
    pub fn start(dir: &Path) -> anyhow::Result<SmtpSink> {
        let sink = program(SINK)?;
        program(SOURCE)?;
        let port = TcpListener::bind("127.0.0.1:0")
            .context("finding a free port")?
            .local_addr()?
            .port();
        let log = dir.join("smtp-sink.log");
        let log_file = std::fs::File::create(&log)?;
        let mut cmd = Command::new(&sink);
        if running_as_root() {
            cmd.args(["-u", "nobody"]);
        }
        // Up to 1024 sessions at once, a backlog of 1024.
        cmd.args(["-m", "1024"])
            .arg(format!("127.0.0.1:{port}"))
            .arg("1024")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::from(log_file));
        let child = cmd.spawn().context("starting smtp-sink")?;
        let mut sink = SmtpSink { child, port, log };
        let deadline = Instant::now() + Duration::from_secs(10);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Some(status) = sink.child.try_wait()? {
                bail!(
                    "smtp-sink exited ({status}): {}",
                    tail(&std::fs::read_to_string(&sink.log).unwrap_or_default())
                );
            }
            if Instant::now() > deadline {
                bail!("smtp-sink does not accept connections on port {port}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        Ok(sink)
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// `smtp-source` sending `messages` copies of the message in `message` (header and body,
    /// lines ending in LF; it sends them with CRLF) over `sessions` parallel SMTP sessions,
    /// each kept open from message to message (`-d`, as the workers' pooled connections are);
    /// seconds to the end.
    pub fn source(
        &self,
        message: &Path,
        messages: u64,
        sessions: usize,
        from: &str,
        to: &str,
    ) -> anyhow::Result<f64> {
        let started = Instant::now();
        let out = Command::new(program(SOURCE)?)
            .args([
                "-d",
                "-s",
                &sessions.to_string(),
                "-m",
                &messages.to_string(),
            ])
            .arg("-F")
            .arg(message)
            .args(["-f", from, "-t", to])
            .arg(format!("127.0.0.1:{}", self.port))
            .stdin(Stdio::null())
            .output()
            .context("running smtp-source")?;
        let seconds = started.elapsed().as_secs_f64();
        if !out.status.success() {
            bail!(
                "smtp-source failed ({}): {}",
                out.status,
                tail(&String::from_utf8_lossy(&out.stderr))
            );
        }
        Ok(seconds)
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
