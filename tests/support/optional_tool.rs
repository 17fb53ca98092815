//! Test tools the suite uses when the machine has them (`test_tools.rs` says where each is
//! looked for). A test that needs a missing tool is marked ignored by the build script, with
//! the reason in `cargo test`'s summary; if one runs anyway (`--include-ignored`), it says why
//! it skips on the real stderr. When the tool's `SVAR_REQUIRE_…` variable is set, as CI does,
//! a missing tool is a failure.

#![allow(dead_code)]

use super::test_tools::Tool;
use std::io::Write;
use std::path::PathBuf;

/// The tool's program (or file), or `None` after saying why the test skips; a panic if the
/// tool is required.
pub fn find(tool: &Tool) -> Option<PathBuf> {
    let found = tool.locate();
    if found.is_none() {
        assert!(
            !tool.required(),
            "{} is set but {} was not found: {}",
            tool.require_env,
            tool.name,
            tool.install
        );
        say(&format!("SKIPPED: {}", tool.skip_reason()));
    }
    found
}

/// Runs a Python program (`python` with `args`: `-c SCRIPT …` or a script's path); its standard
/// output parsed as JSON. A failure panics with the program's stderr.
pub fn python_json<S: AsRef<std::ffi::OsStr>>(
    python: &std::path::Path,
    args: &[S],
) -> serde_json::Value {
    let out = std::process::Command::new(python)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{} does not run: {e}", python.display()));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

/// A line on the real stderr, past the test harness's capture, so a skip is always seen.
pub fn say(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}
