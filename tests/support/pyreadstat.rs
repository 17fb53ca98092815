//! Reading SPSS and Stata files back in tests with pyreadstat, the reader statisticians'
//! Python uses. Shared by the export tests of the core (`core/tests/export.rs`, through
//! `#[path]`) and the HTTP tests (`tests/manager_cases.rs`).

#![allow(dead_code)]

use serde_json::Value;
use std::path::{Path, PathBuf};

/// A Python with pyreadstat: `SVAR_PYTHON`, the venv at ~/.cache/svar-pyreadstat, or
/// `python3`. `None` (the test skips) unless `SVAR_REQUIRE_PYREADSTAT` is set, which CI does.
pub fn python_with_pyreadstat() -> Option<PathBuf> {
    let home = std::env::var("HOME").unwrap_or_default();
    let candidates = [
        std::env::var("SVAR_PYTHON").ok().map(PathBuf::from),
        Some(PathBuf::from(home).join(".cache/svar-pyreadstat/bin/python")),
        Some(PathBuf::from("python3")),
    ];
    let found = candidates.into_iter().flatten().find(|p| {
        std::process::Command::new(p)
            .args(["-c", "import pyreadstat, pandas"])
            .output()
            .is_ok_and(|o| o.status.success())
    });
    if found.is_none() {
        assert!(
            std::env::var("SVAR_REQUIRE_PYREADSTAT").is_err(),
            "SVAR_REQUIRE_PYREADSTAT is set but no python with pyreadstat was found"
        );
        eprintln!("skipped: no python with pyreadstat (pip install pyreadstat pandas)");
    }
    found
}

/// Runs `script` on `path` with `args`; its standard output parsed as JSON.
pub fn run_script(python: &Path, script: &str, path: &Path, args: &[String]) -> Value {
    let out = std::process::Command::new(python)
        .arg("-c")
        .arg(script)
        .arg(path)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The column names of a file read back by [`run_script`] (its `names` list).
pub fn column_names(got: &Value) -> Vec<&str> {
    got["names"]
        .as_array()
        .expect("a names list")
        .iter()
        .map(|v| v.as_str().expect("a column name"))
        .collect()
}
