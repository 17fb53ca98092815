//! The server under test: `svar serve` (or `svar api`) as a child process on a free loopback
//! port, its log in the work folder, and its peak resident memory read from
//! `/proc/<pid>/status` (VmHWM).

use crate::setup::SvarCli;
use anyhow::{bail, Context};
use std::fs::File;
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

/// Failed code attempts the benchmark server allows per address and 10 minutes: all load
/// comes from 127.0.0.1, and the invalid-code benchmark makes hundreds of thousands.
pub const CODE_ATTEMPTS: &str = "1000000000";

pub struct Server {
    child: Child,
    pub url: String,
    pub log: PathBuf,
}

fn free_port() -> anyhow::Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").context("finding a free port")?;
    Ok(listener.local_addr()?.port())
}

impl Server {
    /// Starts `svar serve`; returns once it answers HTTP.
    pub fn start(cli: &SvarCli, db_pool: Option<u32>, tag: &str) -> anyhow::Result<Server> {
        Server::start_as("serve", cli, db_pool, tag)
    }

    /// Starts `svar api` (the API without a worker, so that no background job runs beside
    /// what is measured); returns once it answers HTTP.
    pub fn start_api(cli: &SvarCli, db_pool: Option<u32>, tag: &str) -> anyhow::Result<Server> {
        Server::start_as("api", cli, db_pool, tag)
    }

    fn start_as(
        command: &str,
        cli: &SvarCli,
        db_pool: Option<u32>,
        tag: &str,
    ) -> anyhow::Result<Server> {
        let port = free_port()?;
        let url = format!("http://127.0.0.1:{port}");
        let log = cli.dir.join(format!("server-{tag}.log"));
        let log_file = File::create(&log).with_context(|| format!("creating {}", log.display()))?;
        let mut cmd = cli.command();
        cmd.env("SVAR_LISTEN", format!("127.0.0.1:{port}"))
            .env("SVAR_PUBLIC_URL", &url)
            .env("SVAR_CODE_ATTEMPTS", CODE_ATTEMPTS)
            .env("SVAR_MAIL_DIR", cli.dir.join("mail"))
            .arg(command)
            .stdout(Stdio::null())
            .stderr(Stdio::from(log_file));
        if let Some(pool) = db_pool {
            cmd.env("SVAR_DB_POOL", pool.to_string());
        }
        let child = cmd
            .spawn()
            .with_context(|| format!("starting svar {command}"))?;
        let mut server = Server { child, url, log };
        server.wait_until_up()?;
        Ok(server)
    }

    fn wait_until_up(&mut self) -> anyhow::Result<()> {
        let deadline = Instant::now() + Duration::from_secs(30);
        let probe = format!("{}/static/svar.css", self.url);
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait()? {
                bail!(
                    "the server exited ({status}) during start; log: {}",
                    self.log_tail()
                );
            }
            if ureq::get(&probe).call().is_ok() {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        bail!("the server did not answer at {} within 30 s", self.url)
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Peak resident set size so far, in kB (VmHWM).
    pub fn peak_rss_kb(&self) -> anyhow::Result<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid()))
            .context("reading the server's /proc status")?;
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .context("no VmHWM in /proc status")
    }

    /// The last lines of the server log, for error messages.
    pub fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(10)..].join("\n")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
