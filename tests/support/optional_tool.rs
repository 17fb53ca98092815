//! Test tools the suite uses when the machine has them (pyreadstat, schemathesis): found from
//! an environment variable, a venv under ~/.cache, or the PATH. Where one is missing its test
//! skips, unless the tool's `SVAR_REQUIRE_…` variable is set, as CI does.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// Where to look for one tool and how to tell that it works.
pub struct OptionalTool<'a> {
    /// The environment variable naming the program, e.g. `SVAR_PYTHON`.
    pub env: &'a str,
    /// The program in its venv, relative to the home directory.
    pub in_home: &'a str,
    /// The program's name on the PATH.
    pub on_path: &'a str,
    /// Arguments that succeed only when the tool is usable.
    pub probe: &'a [&'a str],
    /// Set, the tool is mandatory.
    pub require_env: &'a str,
    /// How to install it, for the skip message.
    pub install: &'a str,
}

/// The first candidate program the probe succeeds with.
pub fn find(tool: &OptionalTool) -> Option<PathBuf> {
    let home = std::env::var("HOME").unwrap_or_default();
    let candidates = [
        std::env::var(tool.env).ok().map(PathBuf::from),
        Some(PathBuf::from(home).join(tool.in_home)),
        Some(PathBuf::from(tool.on_path)),
    ];
    first_usable(
        candidates.into_iter().flatten(),
        |p| {
            std::process::Command::new(p)
                .args(tool.probe)
                .output()
                .is_ok_and(|o| o.status.success())
        },
        tool.require_env,
        tool.on_path,
        tool.install,
    )
}

/// The first of `candidates` that is `usable`; when there is none, a skip message, or a panic
/// if `require_env` is set.
pub fn first_usable(
    candidates: impl IntoIterator<Item = PathBuf>,
    usable: impl Fn(&Path) -> bool,
    require_env: &str,
    what: &str,
    install: &str,
) -> Option<PathBuf> {
    let found = candidates.into_iter().find(|p| usable(p));
    if found.is_none() {
        assert!(
            std::env::var(require_env).is_err(),
            "{require_env} is set but {what} was not found"
        );
        eprintln!("skipped: {what} not found ({install})");
    }
    found
}
