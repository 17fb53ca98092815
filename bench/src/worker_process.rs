//! `svar worker` as the worker benchmarks run it: the mail settings every run shares (the
//! public address in the links, the sender, no rate cap), long-running worker processes with
//! their logs in the work folder and their peak memory (VmHWM) read while they run, and the
//! one-pass `svar worker --once` command.

use crate::peak_memory::{tail, vm_hwm_kb};
use crate::setup::SvarCli;
use anyhow::{bail, Context};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// The address in the e-mails' and letters' links (never opened).
pub const PUBLIC_URL: &str = "https://svar.scb.example";
/// The sender of the benchmark's e-mail.
pub const MAIL_FROM: &str = "Svar <svar@scb.example>";

/// Where e-mail goes.
#[derive(Debug, Clone)]
pub enum MailOut {
    /// An SMTP server on loopback, through this many sender threads (and connections).
    Smtp { port: u16, senders: usize },
    /// `.eml` files in a folder.
    Folder(PathBuf),
}

/// `svar ARGS` with the worker benchmarks' settings.
pub fn command(cli: &SvarCli, mail: &MailOut) -> Command {
    let mut cmd = cli.command();
    cmd.env("SVAR_PUBLIC_URL", PUBLIC_URL)
        .env("SVAR_MAIL_FROM", MAIL_FROM)
        .env("SVAR_MAIL_RATE", "0")
        .env("SVAR_SCHEDULE_SECONDS", "1")
        .env("SVAR_WORKER_LISTEN", "127.0.0.1:0");
    match mail {
        MailOut::Smtp { port, senders } => {
            cmd.env("SVAR_SMTP_URL", format!("smtp://127.0.0.1:{port}"))
                .env("SVAR_MAIL_SENDERS", senders.to_string())
                .env("SVAR_MAIL_DIR", cli.dir.join("mail-unused"));
        }
        MailOut::Folder(dir) => {
            cmd.env_remove("SVAR_SMTP_URL").env("SVAR_MAIL_DIR", dir);
        }
    }
    cmd
}

/// `svar worker --once [--at AT]`, its log at `level` (JSON lines on standard error).
pub fn once(cli: &SvarCli, mail: &MailOut, at: Option<&str>, level: &str) -> Command {
    let mut cmd = command(cli, mail);
    cmd.env("SVAR_LOG", level)
        .env("SVAR_LOG_FORMAT", "json")
        .args(["worker", "--once"]);
    if let Some(at) = at {
        cmd.args(["--at", at]);
    }
    cmd
}

/// A running `svar worker`.
pub struct WorkerProcess {
    child: Child,
    log: PathBuf,
}

impl WorkerProcess {
    pub fn start(cli: &SvarCli, mail: &MailOut, tag: &str) -> anyhow::Result<WorkerProcess> {
        let log = cli.dir.join(format!("worker-{tag}.log"));
        let log_file = File::create(&log).with_context(|| format!("creating {}", log.display()))?;
        let child = command(cli, mail)
            .arg("worker")
            .stdout(Stdio::null())
            .stderr(Stdio::from(log_file))
            .spawn()
            .context("starting svar worker")?;
        Ok(WorkerProcess { child, log })
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Fails if the worker has exited.
    pub fn check_running(&mut self) -> anyhow::Result<()> {
        if let Some(status) = self.child.try_wait()? {
            bail!(
                "svar worker exited ({status}); log {}:\n{}",
                self.log.display(),
                tail(&std::fs::read_to_string(&self.log).unwrap_or_default())
            );
        }
        Ok(())
    }

    /// Peak resident memory so far, in kB.
    pub fn peak_rss_kb(&self) -> anyhow::Result<u64> {
        vm_hwm_kb(self.pid())
    }

    pub fn log(&self) -> &Path {
        &self.log
    }
}

impl Drop for WorkerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
