//! Reading SPSS and Stata files back in tests with pyreadstat, the reader statisticians'
//! Python uses. Shared by the export tests of the core (`core/tests/export.rs`, through
//! `#[path]`) and the HTTP tests (`tests/manager_cases.rs`).

#![allow(dead_code)]

use super::optional_tool::{find, python_json};
use super::test_tools::PYREADSTAT;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A Python with pyreadstat: `SVAR_PYTHON`, the venv at ~/.cache/svar-pyreadstat, or
/// `python3`. `None` (the test skips) unless `SVAR_REQUIRE_PYREADSTAT` is set, which CI does.
pub fn python_with_pyreadstat() -> Option<PathBuf> {
    find(&PYREADSTAT)
}

/// Runs `script` on `path` with `args`; its standard output parsed as JSON.
pub fn run_script(python: &Path, script: &str, path: &Path, args: &[String]) -> Value {
    let mut all: Vec<&std::ffi::OsStr> = vec!["-c".as_ref(), script.as_ref(), path.as_os_str()];
    all.extend(args.iter().map(std::ffi::OsStr::new));
    python_json(python, &all)
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

/// The Python that reads a `.sav` / `.dta` back: names, variable labels, value labels, the row
/// count and the values of the rows of the given case ids, as JSON.
const READ_BACK: &str = r#"
import json, math, sys, pyreadstat
path, case_ids = sys.argv[1], [float(x) for x in sys.argv[2:]]
read = pyreadstat.read_sav if path.endswith(".sav") else pyreadstat.read_dta
df, meta = read(path)
def plain(v):
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return None
    return v if isinstance(v, (int, float, str)) else str(v)
print(json.dumps({
    "names": meta.column_names,
    "labels": meta.column_labels,
    "value_labels": {k: {str(int(c)): l for c, l in v.items()} for k, v in meta.variable_value_labels.items()},
    "n": len(df),
    "rows": [[plain(v) for v in df[df["case_id"] == c].iloc[0].tolist()] for c in case_ids],
}))
"#;

/// Reads an exported `.sav` / `.dta` back with pyreadstat (see [`READ_BACK`]); `rows` holds
/// the rows of `case_ids`, in that order.
pub fn read_back(python: &Path, path: &Path, case_ids: &[i64]) -> Value {
    let ids: Vec<String> = case_ids.iter().map(i64::to_string).collect();
    run_script(python, READ_BACK, path, &ids)
}
