//! The header line of an uploaded CSV file: column names, normalised and checked once.
//!
//! Names are trimmed and lowercased so that `Person_ID` and `person_id` mean the same column.

use csv::ByteRecord;

use super::error::SampleError;

/// The header is always line 1.
pub(crate) const HEADER_LINE: u64 = 1;

/// The file's column names in file order: trimmed, lowercased, non-empty and unique.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Header {
    names: Vec<String>,
}

impl Header {
    /// Checks the header record: UTF-8, no empty and no repeated names, at least one column.
    pub(crate) fn from_record(record: &ByteRecord) -> Result<Self, Vec<SampleError>> {
        if record.iter().all(<[u8]>::is_empty) {
            return Err(vec![SampleError::new(
                HEADER_LINE,
                None,
                "the file is empty or its first line has no column names",
            )]);
        }
        let mut names: Vec<String> = Vec::with_capacity(record.len());
        let mut errors = Vec::new();
        for (index, raw_name) in record.iter().enumerate() {
            let position = index + 1;
            let Ok(name) = std::str::from_utf8(raw_name) else {
                errors.push(SampleError::new(
                    HEADER_LINE,
                    None,
                    format!(
                        "the name of column {position} is not UTF-8 text; save the file as UTF-8"
                    ),
                ));
                names.push(String::new());
                continue;
            };
            let name = name.trim().to_lowercase();
            if name.is_empty() {
                errors.push(SampleError::new(
                    HEADER_LINE,
                    None,
                    format!("column {position} has no name"),
                ));
            } else if let Some(first) = names.iter().position(|seen| *seen == name) {
                errors.push(SampleError::in_column(
                    HEADER_LINE,
                    &name,
                    format!(
                        "column name appears twice (columns {} and {position})",
                        first + 1
                    ),
                ));
            }
            names.push(name);
        }
        if errors.is_empty() {
            Ok(Self { names })
        } else {
            Err(errors)
        }
    }

    /// Index of the column with this (lowercase) name.
    pub(crate) fn position(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|candidate| candidate == name)
    }

    /// Index of a column the file must have; its absence is added to `errors`.
    pub(crate) fn required(&self, name: &str, errors: &mut Vec<SampleError>) -> Option<usize> {
        let position = self.position(name);
        if position.is_none() {
            errors.push(SampleError::in_column(
                HEADER_LINE,
                name,
                "required column is missing",
            ));
        }
        position
    }

    pub(crate) fn names(&self) -> &[String] {
        &self.names
    }

    pub(crate) fn len(&self) -> usize {
        self.names.len()
    }
}
