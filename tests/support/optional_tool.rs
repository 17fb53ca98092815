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

/// A line on the real stderr, past the test harness's capture, so a skip is always seen.
pub fn say(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}
