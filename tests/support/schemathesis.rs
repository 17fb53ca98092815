//! Finding schemathesis, the OpenAPI fuzzer the contract test drives (`tests/openapi_fuzz.rs`).

#![allow(dead_code)]

use super::optional_tool::find;
use super::test_tools::SCHEMATHESIS;
use std::path::PathBuf;

/// The `schemathesis` command: `SVAR_SCHEMATHESIS`, the venv at ~/.cache/svar-schemathesis, or
/// `schemathesis` on the PATH. `None` (the test skips) unless `SVAR_REQUIRE_SCHEMATHESIS` is
/// set, which CI does.
pub fn schemathesis() -> Option<PathBuf> {
    find(&SCHEMATHESIS)
}
