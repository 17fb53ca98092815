//! Peak resident memory of the processes the worker benchmarks run: VmHWM from
//! `/proc/<pid>/status` for a process that is still running (read before it is stopped), and
//! for a command that runs to its end (`svar worker --once`) the maximum resident set the
//! kernel reports when it is reaped — the same high-water mark, read by GNU time
//! (`/usr/bin/time -f %M`), since `/proc` forgets it the moment the process exits. Without
//! GNU time, VmHWM is sampled every 5 ms while the command runs, and the figure says so.
//! Its CPU time comes the same way.

use anyhow::{bail, Context};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const GNU_TIME: &str = "/usr/bin/time";

/// Peak resident set size of a running process so far, in kB (VmHWM).
pub fn vm_hwm_kb(pid: u32) -> anyhow::Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .with_context(|| format!("reading /proc/{pid}/status"))?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .context("no VmHWM in /proc status")
}

/// A command that ran to its end.
#[derive(Debug)]
pub struct Finished {
    pub seconds: f64,
    pub peak_kb: u64,
    /// CPU seconds the command used (user and system).
    pub cpu_seconds: f64,
    /// Whether the peak was sampled (no GNU time) rather than the kernel's own figure.
    pub sampled: bool,
    pub stdout: String,
    pub stderr: String,
}

impl Finished {
    pub fn peak_mb(&self) -> f64 {
        self.peak_kb as f64 / 1024.0
    }

    /// "123.4 MB", marked when sampled.
    pub fn peak_label(&self) -> String {
        format!(
            "{:.1} MB{}",
            self.peak_mb(),
            if self.sampled { " (sampled)" } else { "" }
        )
    }
}

/// Runs `cmd` to its end (its output captured); fails if it fails.
pub fn run_to_end(cmd: &Command) -> anyhow::Result<Finished> {
    if Path::new(GNU_TIME).is_file() {
        with_gnu_time(cmd)
    } else {
        sampled(cmd)
    }
}

/// The same command (program, arguments, environment, folder) under GNU time.
fn with_gnu_time(cmd: &Command) -> anyhow::Result<Finished> {
    let report = std::env::temp_dir().join(format!(
        "svar-bench-maxrss-{}",
        crate::workdir::unique_suffix()
    ));
    let mut timed = Command::new(GNU_TIME);
    timed
        .args(["-f", "%M %U %S", "-o"])
        .arg(&report)
        .arg(cmd.get_program())
        .args(cmd.get_args())
        .stdin(Stdio::null());
    for (key, value) in cmd.get_envs() {
        match value {
            Some(v) => timed.env(key, v),
            None => timed.env_remove(key),
        };
    }
    if let Some(dir) = cmd.get_current_dir() {
        timed.current_dir(dir);
    }
    let started = Instant::now();
    let out = timed
        .output()
        .context("running the command under GNU time")?;
    let seconds = started.elapsed().as_secs_f64();
    let text = std::fs::read_to_string(&report).unwrap_or_default();
    let _ = std::fs::remove_file(&report);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    if !out.status.success() {
        bail!(
            "{} failed ({}): {}",
            cmd.get_program().to_string_lossy(),
            out.status,
            tail(&stderr)
        );
    }
    // GNU time writes "Command exited with non-zero status" lines before the figure when the
    // command fails; the last line is the figure.
    let figures: Vec<f64> = text
        .lines()
        .last()
        .map(|l| {
            l.split_whitespace()
                .filter_map(|v| v.parse().ok())
                .collect()
        })
        .unwrap_or_default();
    let [peak_kb, user, system] = figures[..] else {
        bail!("GNU time wrote {text:?}, not a size in kB and two times");
    };
    Ok(Finished {
        seconds,
        peak_kb: peak_kb as u64,
        cpu_seconds: user + system,
        sampled: false,
        stdout,
        stderr,
    })
}

/// Runs the command while sampling its VmHWM.
fn sampled(cmd: &Command) -> anyhow::Result<Finished> {
    let mut own = Command::new(cmd.get_program());
    own.args(cmd.get_args())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (key, value) in cmd.get_envs() {
        match value {
            Some(v) => own.env(key, v),
            None => own.env_remove(key),
        };
    }
    if let Some(dir) = cmd.get_current_dir() {
        own.current_dir(dir);
    }
    let started = Instant::now();
    let mut child = own.spawn().context("starting the command")?;
    let pid = child.id();
    // The pipes are drained by threads so that a chatty command cannot block on them.
    let drain = |pipe: Option<Box<dyn std::io::Read + Send>>| {
        std::thread::spawn(move || {
            let mut text = String::new();
            if let Some(mut p) = pipe {
                let _ = p.read_to_string(&mut text);
            }
            text
        })
    };
    let out = drain(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn std::io::Read + Send>),
    );
    let err = drain(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn std::io::Read + Send>),
    );
    let mut peak_kb = 0;
    let mut cpu_seconds = 0.0;
    let status = loop {
        if let Ok(kb) = vm_hwm_kb(pid) {
            peak_kb = peak_kb.max(kb);
            cpu_seconds = crate::cpu::process_seconds(pid);
        }
        if let Some(status) = child.try_wait()? {
            break status;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let seconds = started.elapsed().as_secs_f64();
    let stdout = out.join().unwrap_or_default();
    let stderr = err.join().unwrap_or_default();
    if !status.success() {
        bail!(
            "{} failed ({status}): {}",
            cmd.get_program().to_string_lossy(),
            tail(&stderr)
        );
    }
    Ok(Finished {
        seconds,
        peak_kb,
        cpu_seconds,
        sampled: true,
        stdout,
        stderr,
    })
}

/// The last lines of a command's error output.
pub fn tail(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(10)..].join("\n")
}
