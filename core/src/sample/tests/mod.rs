//! Tests of strata and sample file reading: the demo fixtures, and one small inline file per
//! kind of refusal.

mod domain_types;
mod fixtures;
mod line_endings;
mod sample_refusals;
mod sample_rows;
mod strata_file;

use super::{parse_sample, parse_strata, SampleErrors, SampleRow, SampleSummary, StratumRow};

/// Three small strata for inline sample files.
const SMALL_STRATA: &str = "stratum,label,population,sample_size\n\
                            SE,Född i Sverige,1000,10\n\
                            EU,Född i EU,500,10\n\
                            ASIA,Född i Asien,800,10\n";

fn small_strata() -> Vec<StratumRow> {
    parse_strata(SMALL_STRATA.as_bytes()).expect("valid strata")
}

/// Parses a sample against [`SMALL_STRATA`], collecting the rows.
fn read_sample(csv: &[u8]) -> (Result<SampleSummary, SampleErrors>, Vec<SampleRow>) {
    let strata = small_strata();
    let mut rows = Vec::new();
    let result = parse_sample(csv, &strata, |row| rows.push(row));
    (result, rows)
}

/// The errors of a sample that must be refused.
fn sample_errors(csv: &str) -> SampleErrors {
    read_sample(csv.as_bytes()).0.expect_err("must be refused")
}

/// `(line, column)` of every error.
fn places(errors: &SampleErrors) -> Vec<(u64, Option<&str>)> {
    errors
        .errors
        .iter()
        .map(|error| (error.line, error.column.as_deref()))
        .collect()
}
