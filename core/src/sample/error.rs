//! Problems found in an uploaded file, each tied to a line, collected so that a manager sees
//! all of a file's problems at once (up to a limit) instead of one per upload.

use std::fmt;

use serde::Serialize;

/// How many problems are collected before reading stops.
pub const MAX_REPORTED_ERRORS: usize = 100;

/// One problem in a file. The message never contains personal data (names, e-mail
/// addresses, person ids): it says what is wrong, not what was there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("line {line}{}: {message}", ColumnNote(.column))]
pub struct SampleError {
    /// 1-based line of the file where the row starts; the header is line 1.
    pub line: u64,
    /// The column the problem is in, if it is about one column.
    pub column: Option<String>,
    /// What is wrong, for the manager who uploaded the file.
    pub message: String,
}

impl SampleError {
    pub(crate) fn new(line: u64, column: Option<&str>, message: impl Into<String>) -> Self {
        Self {
            line,
            column: column.map(str::to_owned),
            message: message.into(),
        }
    }

    pub(crate) fn in_column(line: u64, column: &str, message: impl Into<String>) -> Self {
        Self::new(line, Some(column), message)
    }
}

/// All problems found in a file; when present, nothing of the file may be imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{}", Listing::new(.errors, .stopped_early))]
pub struct SampleErrors {
    /// The problems in file order, at most [`MAX_REPORTED_ERRORS`].
    pub errors: Vec<SampleError>,
    /// True if reading stopped at the limit: the file has more problems than listed.
    pub stopped_early: bool,
}

impl From<Vec<SampleError>> for SampleErrors {
    fn from(errors: Vec<SampleError>) -> Self {
        let mut log = ErrorLog::default();
        log.record_all(errors);
        log.into_errors()
    }
}

impl From<SampleError> for SampleErrors {
    fn from(error: SampleError) -> Self {
        Self::from(vec![error])
    }
}

/// Collects problems up to [`MAX_REPORTED_ERRORS`] while a file is read.
#[derive(Debug, Default)]
pub(crate) struct ErrorLog {
    errors: Vec<SampleError>,
    stopped_early: bool,
}

impl ErrorLog {
    /// Keeps the problem, or notes that there are more than the limit.
    pub(crate) fn record(&mut self, error: SampleError) {
        if self.errors.len() < MAX_REPORTED_ERRORS {
            self.errors.push(error);
        } else {
            self.stopped_early = true;
        }
    }

    pub(crate) fn record_all(&mut self, errors: impl IntoIterator<Item = SampleError>) {
        for error in errors {
            self.record(error);
        }
    }

    /// No problem found so far.
    /// Problems kept so far.
    pub(crate) fn count(&self) -> usize {
        self.errors.len()
    }

    pub(crate) fn is_clean(&self) -> bool {
        self.errors.is_empty()
    }

    /// The limit is passed: reading should stop.
    pub(crate) fn is_full(&self) -> bool {
        self.stopped_early
    }

    /// `value` if no problem was found, otherwise all problems.
    pub(crate) fn finish<T>(self, value: T) -> Result<T, SampleErrors> {
        if self.is_clean() {
            Ok(value)
        } else {
            Err(self.into_errors())
        }
    }

    fn into_errors(self) -> SampleErrors {
        SampleErrors {
            errors: self.errors,
            stopped_early: self.stopped_early,
        }
    }
}

/// The value of a check, or `None` with its problem added to `errors`; lets a row's checks
/// all run so that every problem of the row is reported together.
pub(crate) fn keep<T>(result: Result<T, SampleError>, errors: &mut Vec<SampleError>) -> Option<T> {
    result.map_err(|error| errors.push(error)).ok()
}

/// `", column NAME"` after the line number when the problem is about one column.
struct ColumnNote<'a>(&'a Option<String>);

impl fmt::Display for ColumnNote<'_> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(column) => write!(formatter, ", column {column}"),
            None => Ok(()),
        }
    }
}

/// The problems one per line, with a closing note if reading stopped at the limit.
struct Listing<'a> {
    errors: &'a [SampleError],
    stopped_early: &'a bool,
}

impl<'a> Listing<'a> {
    fn new(errors: &'a [SampleError], stopped_early: &'a bool) -> Self {
        Self {
            errors,
            stopped_early,
        }
    }
}

impl fmt::Display for Listing<'_> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.errors.len();
        let noun = if count == 1 { "problem" } else { "problems" };
        write!(formatter, "the file was not imported ({count} {noun}):")?;
        for error in self.errors {
            write!(formatter, "\n{error}")?;
        }
        if *self.stopped_early {
            write!(
                formatter,
                "\nreading stopped after {MAX_REPORTED_ERRORS} problems; the file has more"
            )?;
        }
        Ok(())
    }
}
