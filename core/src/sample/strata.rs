//! The strata file: one row per stratum with its population and sample size.
//!
//! Columns `stratum,label,population,sample_size`, and optionally `target_response_rate`
//! (a fraction such as 0.55, used by the adaptive rules of METHODS.md §6). The design weight
//! of a case is `N_h / n_h` unless the sample gives one per case.

use std::collections::HashMap;
use std::io::Read;

use serde::Serialize;

use super::csv_rows::{CsvRows, Row};
use super::error::{keep, ErrorLog, SampleError, SampleErrors};
use super::header::{Header, HEADER_LINE};
use super::stratum_code::StratumCode;

const STRATUM: &str = "stratum";
const LABEL: &str = "label";
const POPULATION: &str = "population";
const SAMPLE_SIZE: &str = "sample_size";
const TARGET_RESPONSE_RATE: &str = "target_response_rate";

/// The required columns of a strata file, in their usual order.
pub const STRATA_COLUMNS: [&str; 4] = [STRATUM, LABEL, POPULATION, SAMPLE_SIZE];

/// One stratum, checked: `population >= sample_size > 0`, code unique in the file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StratumRow {
    pub code: StratumCode,
    pub label: String,
    /// `N_h`, the number of people in the stratum's population.
    pub population: i64,
    /// `n_h`, the number of people sampled from it.
    pub sample_size: i64,
    /// Target response rate as a fraction in (0, 1], if the file has one.
    pub target_response_rate: Option<f64>,
}

/// Reads and checks a whole strata file. Unknown columns are refused, so that a misspelt
/// optional column is not silently ignored.
pub fn parse_strata(reader: impl Read) -> Result<Vec<StratumRow>, SampleErrors> {
    let mut rows = CsvRows::open(reader)?;
    let columns = StrataColumns::locate(rows.header()).map_err(SampleErrors::from)?;
    let mut log = ErrorLog::default();
    let mut strata = UniqueStrata::default();
    while let Some(next) = rows.next_row() {
        match next {
            Err(error) => log.record(error),
            Ok(row) => match parse_stratum_row(&row, &columns) {
                Err(errors) => log.record_all(errors),
                Ok(stratum) => {
                    if let Err(duplicate) = strata.add(stratum, row.line) {
                        log.record(duplicate);
                    }
                }
            },
        }
        if log.is_full() {
            break;
        }
    }
    if strata.rows.is_empty() && log.is_clean() {
        log.record(SampleError::new(
            HEADER_LINE,
            None,
            "the strata file has no strata",
        ));
    }
    log.finish(strata.rows)
}

/// The strata read so far, with the line where each code first appeared.
#[derive(Default)]
struct UniqueStrata {
    rows: Vec<StratumRow>,
    first_line_of_code: HashMap<StratumCode, u64>,
}

impl UniqueStrata {
    /// Keeps the stratum unless its code was already seen.
    fn add(&mut self, stratum: StratumRow, line: u64) -> Result<(), SampleError> {
        if let Some(first_line) = self.first_line_of_code.get(&stratum.code) {
            return Err(SampleError::in_column(
                line,
                STRATUM,
                format!(
                    "stratum {} appears twice (first on line {first_line})",
                    stratum.code
                ),
            ));
        }
        self.first_line_of_code.insert(stratum.code.clone(), line);
        self.rows.push(stratum);
        Ok(())
    }
}

/// Where each column of the strata file is.
struct StrataColumns {
    stratum: usize,
    label: usize,
    population: usize,
    sample_size: usize,
    target_response_rate: Option<usize>,
}

impl StrataColumns {
    fn locate(header: &Header) -> Result<Self, Vec<SampleError>> {
        let mut errors = Vec::new();
        let mut required = |name: &str| header.required(name, &mut errors).unwrap_or_default();
        let columns = Self {
            stratum: required(STRATUM),
            label: required(LABEL),
            population: required(POPULATION),
            sample_size: required(SAMPLE_SIZE),
            target_response_rate: header.position(TARGET_RESPONSE_RATE),
        };
        for name in header.names() {
            let known = STRATA_COLUMNS.contains(&name.as_str()) || name == TARGET_RESPONSE_RATE;
            if !known {
                errors.push(SampleError::in_column(
                    HEADER_LINE,
                    name,
                    format!(
                        "unknown column; a strata file has the columns {} and optionally {TARGET_RESPONSE_RATE}",
                        STRATA_COLUMNS.join(", ")
                    ),
                ));
            }
        }
        if errors.is_empty() {
            Ok(columns)
        } else {
            Err(errors)
        }
    }
}

/// Checks one row; all of its problems are returned together.
fn parse_stratum_row(
    row: &Row<'_>,
    columns: &StrataColumns,
) -> Result<StratumRow, Vec<SampleError>> {
    let mut errors = Vec::new();

    let code = keep(
        StratumCode::parse(row.cell(columns.stratum))
            .map_err(|error| SampleError::in_column(row.line, STRATUM, error.to_string())),
        &mut errors,
    );
    let label = keep(parse_label(row, columns.label), &mut errors);
    let population = keep(
        parse_count(row, columns.population, POPULATION),
        &mut errors,
    );
    let sample_size = keep(
        parse_count(row, columns.sample_size, SAMPLE_SIZE),
        &mut errors,
    );
    let target_response_rate = keep(
        parse_target_rate(row, columns.target_response_rate),
        &mut errors,
    )
    .flatten();

    if let (Some(population), Some(sample_size)) = (population, sample_size) {
        if sample_size == 0 {
            errors.push(SampleError::in_column(
                row.line,
                SAMPLE_SIZE,
                "sample_size must be greater than 0",
            ));
        } else if sample_size > population {
            errors.push(SampleError::in_column(
                row.line,
                SAMPLE_SIZE,
                format!("sample_size ({sample_size}) is larger than population ({population})"),
            ));
        }
    }
    match (code, label, population, sample_size) {
        (Some(code), Some(label), Some(population), Some(sample_size)) if errors.is_empty() => {
            Ok(StratumRow {
                code,
                label,
                population,
                sample_size,
                target_response_rate,
            })
        }
        _ => Err(errors),
    }
}

fn parse_label(row: &Row<'_>, column: usize) -> Result<String, SampleError> {
    let label = row.cell(column);
    if label.is_empty() {
        Err(SampleError::in_column(row.line, LABEL, "label is empty"))
    } else {
        Ok(label.to_owned())
    }
}

/// A whole number ≥ 0 written with digits only.
fn parse_count(row: &Row<'_>, column: usize, name: &str) -> Result<i64, SampleError> {
    let cell = row.cell(column);
    let digits_only = !cell.is_empty() && cell.bytes().all(|byte| byte.is_ascii_digit());
    match cell.parse::<i64>() {
        Ok(count) if digits_only => Ok(count),
        _ => Err(SampleError::in_column(
            row.line,
            name,
            format!(
                "{name} must be a whole number written with digits only, found {:?}",
                shortened(cell)
            ),
        )),
    }
}

/// An optional fraction in (0, 1]; an empty cell or missing column gives `None`.
fn parse_target_rate(row: &Row<'_>, column: Option<usize>) -> Result<Option<f64>, SampleError> {
    let Some(cell) = row.optional_cell(column) else {
        return Ok(None);
    };
    match cell.parse::<f64>() {
        Ok(rate) if rate > 0.0 && rate <= 1.0 => Ok(Some(rate)),
        _ => Err(SampleError::in_column(
            row.line,
            TARGET_RESPONSE_RATE,
            "target_response_rate must be a fraction greater than 0 and at most 1, such as 0.55",
        )),
    }
}

/// Strata cells are not personal data, but keep echoed text short.
fn shortened(cell: &str) -> String {
    const SHOWN_CHARS: usize = 20;
    if cell.chars().count() > SHOWN_CHARS {
        let mut short: String = cell.chars().take(SHOWN_CHARS).collect();
        short.push('…');
        short
    } else {
        cell.to_owned()
    }
}
