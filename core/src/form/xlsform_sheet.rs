//! One worksheet as trimmed text cells under parsed headers, with the row numbers Excel shows.
//! Everything after this works on text, so cell types (numbers, booleans) are settled here once.

use super::import_error::{IssueLocation, IssueLog};
use super::xlsform_header::{parse_heading, uses_double_colon, Heading};
use calamine::{Data, ExcelDateTime, Range};

/// A worksheet read for import.
#[derive(Debug, Clone)]
pub struct Sheet {
    /// The name as the workbook spells it (`survey`, `Survey`, …).
    pub name: String,
    /// 1-based row number of the header row.
    pub header_row: u32,
    pub columns: Vec<Column>,
    /// The rows below the header, blank rows left out.
    pub rows: Vec<SheetRow>,
}

/// A column with a usable header.
#[derive(Debug, Clone)]
pub struct Column {
    /// Position in [`SheetRow::cells`].
    pub index: usize,
    /// The header as written (trimmed), for messages.
    pub header: String,
    pub heading: Heading,
}

/// One non-blank row below the header.
#[derive(Debug, Clone)]
pub struct SheetRow {
    /// 1-based, as Excel shows it.
    pub number: u32,
    cells: Vec<String>,
}

impl SheetRow {
    /// The trimmed text of a cell ("" when empty or beyond the row).
    pub fn text(&self, column_index: usize) -> &str {
        self.cells
            .get(column_index)
            .map(String::as_str)
            .unwrap_or("")
    }
}

impl Sheet {
    /// The first column whose base name is `base` and that has no language.
    pub fn column(&self, base: &str) -> Option<&Column> {
        self.columns
            .iter()
            .find(|c| c.heading.base == base && c.heading.language.is_none())
    }

    /// Whether any row has text in the column.
    pub fn column_has_text(&self, column_index: usize) -> bool {
        self.rows
            .iter()
            .any(|row| !row.text(column_index).is_empty())
    }

    pub fn header_location(&self, column: &Column) -> IssueLocation {
        IssueLocation::cell(&self.name, self.header_row, &column.header)
    }
}

/// Reads a worksheet: the first used row is the header row. Cells holding spreadsheet errors
/// (`#N/A`, …) and malformed or repeated headers are recorded in `log`.
pub fn read_sheet(name: &str, range: &Range<Data>, log: &mut IssueLog) -> Sheet {
    let (first_row, _) = range.start().unwrap_or((0, 0));
    let mut rows = range.rows();
    let header_cells: Vec<String> = rows
        .next()
        .map(|cells| cells.iter().map(cell_text).collect())
        .unwrap_or_default();
    let header_row = first_row.saturating_add(1);
    let double_colon = uses_double_colon(header_cells.iter().map(String::as_str));
    let mut columns: Vec<Column> = Vec::new();
    for (index, header) in header_cells.iter().enumerate() {
        if header.is_empty() {
            continue;
        }
        let location = IssueLocation::cell(name, header_row, header);
        if columns
            .iter()
            .any(|c| c.header.eq_ignore_ascii_case(header))
        {
            log.error(location, format!("column `{header}` appears twice"));
            continue;
        }
        match parse_heading(header, double_colon) {
            Ok(heading) => columns.push(Column {
                index,
                header: header.clone(),
                heading,
            }),
            Err(problem) => log.error(location, problem),
        }
    }
    let mut sheet_rows = Vec::new();
    for (offset, cells) in rows.enumerate() {
        let number = header_row
            .saturating_add(1)
            .saturating_add(u32::try_from(offset).unwrap_or(u32::MAX));
        for (index, cell) in cells.iter().enumerate() {
            if let Data::Error(error) = cell {
                let header = header_cells.get(index).map(String::as_str).unwrap_or("");
                log.error(
                    IssueLocation::cell(name, number, header),
                    format!("the cell holds the spreadsheet error {error}"),
                );
            }
        }
        let texts: Vec<String> = cells.iter().map(cell_text).collect();
        // A cell under no header is no part of the form: a row holding only such cells is
        // blank.
        if columns
            .iter()
            .any(|column| texts.get(column.index).is_some_and(|t| !t.is_empty()))
        {
            sheet_rows.push(SheetRow {
                number,
                cells: texts,
            });
        }
    }
    Sheet {
        name: name.to_string(),
        header_row,
        columns,
        rows: sheet_rows,
    }
}

/// A cell as trimmed text; numbers as Excel would show them (`2027.1`, `1`).
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::String(text) => text.trim().to_string(),
        Data::Error(_) | Data::Empty => String::new(),
        Data::DateTime(when) if when.is_datetime() => excel_date_time(when),
        other => other.to_string().trim().to_string(),
    }
}

/// A cell formatted as a date or time, written as an answer is typed: `2026-01-31`, `09:30`,
/// `2026-01-31T09:30` (seconds only when there are some), as pyxform reads such cells.
fn excel_date_time(when: &ExcelDateTime) -> String {
    let (year, month, day, hour, minute, second, _) = when.to_ymd_hms_milli();
    let value = when.as_f64();
    let time = if second == 0 {
        format!("{hour:02}:{minute:02}")
    } else {
        format!("{hour:02}:{minute:02}:{second:02}")
    };
    let date = format!("{year:04}-{month:02}-{day:02}");
    if value.fract() == 0.0 {
        date
    } else if value < 1.0 {
        time
    } else {
        format!("{date}T{time}")
    }
}
