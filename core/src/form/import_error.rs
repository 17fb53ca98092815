//! What an import says about its input: problems found (errors refuse the form, warnings do
//! not), each pointing at the sheet, row and column a questionnaire author has to fix.

use serde::Serialize;
use std::fmt;

/// Errors beyond this many are summed up in one last issue, so a broken file cannot produce
/// an endless report.
pub const MAX_ERRORS: usize = 100;

/// One problem in an imported questionnaire, located as a person would look for it.
///
/// For an XLSForm, `sheet` is the sheet name, `row` the 1-based row number Excel shows and
/// `column` the header text. For the project's JSON, `sheet` is `json` and `column` is a
/// JSON pointer such as `/pages/0/items/2/relevant`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportIssue {
    pub sheet: String,
    pub row: Option<u32>,
    pub column: Option<String>,
    pub message: String,
}

impl ImportIssue {
    pub fn new(location: IssueLocation, message: impl Into<String>) -> ImportIssue {
        ImportIssue {
            sheet: location.sheet,
            row: location.row,
            column: location.column,
            message: message.into(),
        }
    }
}

impl fmt::Display for ImportIssue {
    /// `survey!R12 (relevant): ${arival_year} names no question`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.sheet)?;
        if let Some(row) = self.row {
            write!(f, "!R{row}")?;
        }
        if let Some(column) = &self.column {
            write!(f, " ({column})")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Where an issue is: the first three fields of [`ImportIssue`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssueLocation {
    pub sheet: String,
    pub row: Option<u32>,
    pub column: Option<String>,
}

impl IssueLocation {
    /// A whole sheet (or the whole JSON document).
    pub fn sheet(sheet: &str) -> IssueLocation {
        IssueLocation {
            sheet: sheet.to_string(),
            row: None,
            column: None,
        }
    }

    /// One cell: sheet, 1-based row, column header.
    pub fn cell(sheet: &str, row: u32, column: &str) -> IssueLocation {
        IssueLocation {
            sheet: sheet.to_string(),
            row: Some(row),
            column: Some(column.to_string()),
        }
    }

    /// A whole row.
    pub fn row(sheet: &str, row: u32) -> IssueLocation {
        IssueLocation {
            sheet: sheet.to_string(),
            row: Some(row),
            column: None,
        }
    }
}

/// Why a questionnaire was refused: every error found (up to [`MAX_ERRORS`]), each on a line of
/// its own when shown, so an operator at a terminal sees them all, as the API's 422 lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("the questionnaire was refused with {} error(s):\n{}", .0.len(), every_issue(.0))]
pub struct ImportErrors(pub Vec<ImportIssue>);

fn every_issue(issues: &[ImportIssue]) -> String {
    issues
        .iter()
        .map(|issue| format!("  {issue}"))
        .collect::<Vec<_>>()
        .join("\n")
}

impl ImportErrors {
    /// A refusal with exactly one reason.
    pub fn single(location: IssueLocation, message: impl Into<String>) -> ImportErrors {
        ImportErrors(vec![ImportIssue::new(location, message)])
    }
}

/// Collects errors and warnings while an import runs; at most [`MAX_ERRORS`] errors are kept.
#[derive(Debug, Default)]
pub struct IssueLog {
    errors: Vec<ImportIssue>,
    errors_left_off: usize,
    warnings: Vec<ImportIssue>,
}

impl IssueLog {
    pub fn error(&mut self, location: IssueLocation, message: impl Into<String>) {
        if self.errors.len() < MAX_ERRORS {
            self.errors.push(ImportIssue::new(location, message));
        } else {
            self.errors_left_off += 1;
        }
    }

    /// Whether an error was logged.
    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    pub fn warning(&mut self, location: IssueLocation, message: impl Into<String>) {
        self.warnings.push(ImportIssue::new(location, message));
    }

    /// The warnings if there was no error, else every error (with a closing note when some
    /// were left off). Both come sorted by row within each sheet, sheets in order of their
    /// first issue.
    pub fn finish(self) -> Result<Vec<ImportIssue>, ImportErrors> {
        if self.errors.is_empty() {
            return Ok(in_sheet_order(self.warnings));
        }
        let mut errors = in_sheet_order(self.errors);
        if self.errors_left_off > 0 {
            let sheet = errors
                .last()
                .map(|issue| issue.sheet.clone())
                .unwrap_or_default();
            errors.push(ImportIssue::new(
                IssueLocation::sheet(&sheet),
                format!(
                    "{} more error(s) not listed; fix the ones above first",
                    self.errors_left_off
                ),
            ));
        }
        Err(ImportErrors(errors))
    }
}

/// Sorts issues by row within each sheet (stable, so issues of one cell keep their order).
fn in_sheet_order(mut issues: Vec<ImportIssue>) -> Vec<ImportIssue> {
    let mut sheets: Vec<String> = Vec::new();
    for issue in &issues {
        if !sheets.contains(&issue.sheet) {
            sheets.push(issue.sheet.clone());
        }
    }
    issues.sort_by_key(|issue| {
        let sheet_rank = sheets.iter().position(|s| *s == issue.sheet);
        (sheet_rank, issue.row)
    });
    issues
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_issue_displays_sheet_row_column_and_message() {
        let issue = ImportIssue::new(
            IssueLocation::cell("survey", 12, "relevant"),
            "${arival_year} names no question",
        );
        assert_eq!(
            issue.to_string(),
            "survey!R12 (relevant): ${arival_year} names no question"
        );
        let whole = ImportIssue::new(IssueLocation::sheet("xlsx"), "not an xlsx file");
        assert_eq!(whole.to_string(), "xlsx: not an xlsx file");
    }

    #[test]
    fn errors_beyond_the_limit_are_summed_up() {
        let mut log = IssueLog::default();
        for row in 0..(MAX_ERRORS as u32 + 5) {
            log.error(IssueLocation::row("survey", row), "bad");
        }
        let errors = log.finish().err().map(|e| e.0).unwrap_or_default();
        assert_eq!(errors.len(), MAX_ERRORS + 1);
        assert!(errors[MAX_ERRORS].message.starts_with("5 more error(s)"));
    }

    #[test]
    fn errors_come_in_row_order_per_sheet() {
        let mut log = IssueLog::default();
        log.error(IssueLocation::row("survey", 9), "late");
        log.error(IssueLocation::row("choices", 2), "choice");
        log.error(IssueLocation::row("survey", 3), "early");
        let shown: Vec<String> = log
            .finish()
            .err()
            .map(|e| e.0.iter().map(ToString::to_string).collect())
            .unwrap_or_default();
        assert_eq!(
            shown,
            ["survey!R3: early", "survey!R9: late", "choices!R2: choice"]
        );
    }

    #[test]
    fn warnings_alone_do_not_refuse() {
        let mut log = IssueLog::default();
        log.warning(IssueLocation::sheet("survey"), "just so you know");
        assert_eq!(log.finish().map(|w| w.len()), Ok(1));
    }
}
