//! A line about where the figures come from: date, machine, cores, commit.

use crate::paths::Paths;
use std::process::Command;

fn command_line(cmd: &mut Command) -> Option<String> {
    let out = cmd.output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

pub fn describe(paths: &Paths) -> String {
    let date =
        command_line(Command::new("date").args(["-u", "+%Y-%m-%d %H:%M UTC"])).unwrap_or_default();
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find_map(|l| l.strip_prefix("model name"))
                .map(|v| v.trim_start_matches([' ', '\t', ':']).to_string())
        })
        .unwrap_or_default();
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(0);
    let commit = command_line(Command::new("git").arg("-C").arg(&paths.repo).args([
        "rev-parse",
        "--short",
        "HEAD",
    ]))
    .unwrap_or_else(|| "unknown".into());
    let dirty = command_line(Command::new("git").arg("-C").arg(&paths.repo).args([
        "status",
        "--porcelain",
        "--untracked-files=no",
    ]))
    .is_some_and(|s| !s.is_empty());
    format!(
        "{date}; {cores} cores ({cpu}); commit {commit}{}",
        if dirty {
            " (with uncommitted changes)"
        } else {
            ""
        }
    )
}
