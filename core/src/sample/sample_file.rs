//! Reads a whole sample file, row by row, and checks what needs the whole file (duplicate
//! person ids, at least one row).

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasher, RandomState};
use std::io::Read;

use serde::Serialize;

use super::csv_rows::CsvRows;
use super::error::{ErrorLog, SampleError, SampleErrors};
use super::header::HEADER_LINE;
use super::known_strata::KnownStrata;
use super::sample_columns::{SampleColumns, PERSON_ID_COLUMN};
use super::sample_row::{parse_sample_row, SampleRow};
use super::strata::StratumRow;
use super::stratum_code::StratumCode;

/// What a valid sample file contained, for the import's confirmation and checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SampleSummary {
    /// Number of rows (sampled persons).
    pub rows: u64,
    /// Rows per stratum; strata without rows are absent. Compare with `sample_size`.
    pub rows_per_stratum: BTreeMap<StratumCode, u64>,
    /// Names of the columns that became auxiliary variables, in file order.
    pub auxiliary_columns: Vec<String>,
    /// Rows with an e-mail address.
    pub rows_with_email: u64,
    /// Whether the file gives a design weight per case.
    pub has_design_weight_column: bool,
}

/// Reads and checks a sample file against the survey's strata.
///
/// Each valid row is passed to `on_row` as soon as it is read, until the first problem is
/// found; after that, reading goes on only to report further problems (up to
/// [`MAX_REPORTED_ERRORS`](super::MAX_REPORTED_ERRORS)). On `Err` the caller must discard
/// every row it was given (e.g. roll back its transaction): the file is all or nothing.
/// Memory use is one row plus the set of person ids seen.
pub fn parse_sample(
    reader: impl Read,
    strata: &[StratumRow],
    on_row: impl FnMut(SampleRow),
) -> Result<SampleSummary, SampleErrors> {
    parse_sample_observed(reader, strata, on_row, |_| {})
}

/// Where reading a sample file has got to, for an import's progress report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadProgress {
    /// Data rows read so far (valid or not).
    pub rows_read: u64,
    /// Problems found so far.
    pub errors: usize,
}

/// [`parse_sample`], telling `on_progress` after every row how far it has read.
pub fn parse_sample_observed(
    reader: impl Read,
    strata: &[StratumRow],
    mut on_row: impl FnMut(SampleRow),
    mut on_progress: impl FnMut(ReadProgress),
) -> Result<SampleSummary, SampleErrors> {
    let mut rows = CsvRows::open(reader)?;
    let columns = SampleColumns::locate(rows.header()).map_err(SampleErrors::from)?;
    let known_strata = KnownStrata::new(strata);
    let mut summary = SampleSummary::empty(&columns);
    let mut log = ErrorLog::default();
    let mut first_line_of_person = PersonLines::default();

    let mut rows_read = 0;
    while let Some(next) = rows.next_row() {
        rows_read += 1;
        match next {
            Err(error) => log.record(error),
            Ok(row) => {
                let person_id = row.cell(columns.person_id);
                if !person_id.is_empty() {
                    if let Some(first_line) = first_line_of_person.get(person_id) {
                        log.record(SampleError::in_column(
                            row.line,
                            PERSON_ID_COLUMN,
                            format!("duplicate person_id (first seen on line {first_line})"),
                        ));
                    } else {
                        first_line_of_person.insert(person_id, row.line);
                    }
                }
                match parse_sample_row(&row, &columns, &known_strata) {
                    Err(errors) => log.record_all(errors),
                    Ok(sample_row) => {
                        summary.count(&sample_row);
                        if log.is_clean() {
                            on_row(sample_row);
                        }
                    }
                }
            }
        }
        on_progress(ReadProgress {
            rows_read,
            errors: log.count(),
        });
        if log.is_full() {
            break;
        }
    }
    if summary.rows == 0 && log.is_clean() {
        log.record(SampleError::new(
            HEADER_LINE,
            None,
            "the sample file has no rows",
        ));
    }
    log.finish(summary)
}

/// The line each person id was first seen on, keyed by a 128-bit hash of the id rather than
/// the id itself: a million ids take about 40 MB instead of twice that, and two different ids
/// share a key with odds of about 10^-26 (the database's unique index is the final guard).
#[derive(Default)]
struct PersonLines {
    keys: (RandomState, RandomState),
    /// `[u64; 2]` rather than `u128`: 8-byte alignment keeps an entry at 24 bytes, not 32.
    lines: HashMap<[u64; 2], u64>,
}

impl PersonLines {
    fn key(&self, person_id: &str) -> [u64; 2] {
        [
            self.keys.0.hash_one(person_id),
            self.keys.1.hash_one(person_id),
        ]
    }

    fn get(&self, person_id: &str) -> Option<&u64> {
        self.lines.get(&self.key(person_id))
    }

    fn insert(&mut self, person_id: &str, line: u64) {
        let key = self.key(person_id);
        self.lines.insert(key, line);
    }
}

impl SampleSummary {
    fn empty(columns: &SampleColumns) -> Self {
        Self {
            rows: 0,
            rows_per_stratum: BTreeMap::new(),
            auxiliary_columns: columns
                .auxiliaries
                .iter()
                .map(|(_, name)| name.clone())
                .collect(),
            rows_with_email: 0,
            has_design_weight_column: columns.design_weight.is_some(),
        }
    }

    fn count(&mut self, row: &SampleRow) {
        self.rows += 1;
        *self
            .rows_per_stratum
            .entry(row.stratum.clone())
            .or_insert(0) += 1;
        if row.contact.email.is_some() {
            self.rows_with_email += 1;
        }
    }
}
