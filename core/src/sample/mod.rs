//! Reading the strata file and the sample file a survey manager uploads.
//!
//! Both files are checked completely before anything is imported: every problem is reported
//! with its line number (header = line 1), up to [`MAX_REPORTED_ERRORS`], and the caller
//! imports nothing unless the whole file is valid. The sample is streamed row by row, and its
//! contact columns are split from the rest so that contact data can be stored apart from the
//! case (DESIGN.md "Domain", METHODS.md §7). Messages never contain personal data.

mod csv_rows;
mod email;
mod error;
mod header;
mod known_strata;
mod language;
mod line_endings;
mod sample_columns;
mod sample_file;
mod sample_row;
mod strata;
mod stratum_code;

#[cfg(test)]
mod tests;

pub use email::{Email, EmailError, MAX_EMAIL_BYTES, MAX_LOCAL_PART_BYTES};
pub use error::{SampleError, SampleErrors, MAX_REPORTED_ERRORS};
pub use language::{parse_language, LanguageError};
pub use sample_columns::{
    CONTACT_COLUMNS, DESIGN_WEIGHT_COLUMNS, LANGUAGE_COLUMN, PERSON_ID_COLUMN, STRATUM_COLUMN,
};
pub use sample_file::{parse_sample, parse_sample_observed, ReadProgress, SampleSummary};
pub use sample_row::{Contact, SampleRow, MAX_PERSON_ID_CHARS};
pub use strata::{parse_strata, StratumRow, STRATA_COLUMNS};
pub use stratum_code::{StratumCode, StratumCodeError, MAX_STRATUM_CODE_CHARS};
