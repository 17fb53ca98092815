//! Streams the rows of an uploaded CSV file as UTF-8 cells with their line numbers.
//!
//! Handles what spreadsheets produce: a UTF-8 byte order mark, `;` or tab instead of `,`
//! (chosen from the header line), CRLF or CR line ends and padding spaces. Rows with the wrong
//! number of fields or bytes that are not UTF-8 become errors with their line number, so that
//! reading can go on and report every bad row.

use std::io::{BufRead, BufReader, Chain, Cursor, Read};

use csv::ByteRecord;

use super::error::{SampleError, SampleErrors};
use super::header::{Header, HEADER_LINE};
use super::line_endings::LfLineEndings;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
/// Delimiters tried on the header line, the default first.
const DELIMITERS: [u8; 3] = [b',', b';', b'\t'];
const NOT_UTF8: &str = "the text is not UTF-8; save the file as CSV UTF-8";

type Input<R> = Chain<Cursor<Vec<u8>>, BufReader<LfLineEndings<BufReader<R>>>>;

/// A CSV file being read row by row.
pub(crate) struct CsvRows<R: Read> {
    reader: csv::Reader<Input<R>>,
    header: Header,
    record: ByteRecord,
    /// Set after a read failure; the rest of the input cannot be trusted.
    stopped: bool,
}

/// One data row: its line and one cell per header column.
#[derive(Debug)]
pub(crate) struct Row<'record> {
    pub(crate) line: u64,
    cells: Vec<&'record str>,
}

impl Row<'_> {
    /// The cell at a column index (empty if out of range, which a checked row never is).
    pub(crate) fn cell(&self, index: usize) -> &str {
        self.cells.get(index).copied().unwrap_or_default()
    }

    /// The cell of an optional column, `None` if the column is absent or the cell empty.
    pub(crate) fn optional_cell(&self, index: Option<usize>) -> Option<&str> {
        index
            .map(|index| self.cell(index))
            .filter(|cell| !cell.is_empty())
    }
}

impl<R: Read> CsvRows<R> {
    /// Reads and checks the header line.
    pub(crate) fn open(input: R) -> Result<Self, SampleErrors> {
        let mut buffered = BufReader::new(LfLineEndings::new(BufReader::new(input)));
        let mut first_line = Vec::new();
        buffered
            .read_until(b'\n', &mut first_line)
            .map_err(|error| read_failure(HEADER_LINE, &error.to_string()))?;
        if first_line.starts_with(UTF8_BOM) {
            first_line.drain(..UTF8_BOM.len());
        }
        let delimiter = delimiter_of(&first_line);
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .trim(csv::Trim::All)
            .has_headers(true)
            .from_reader(Cursor::new(first_line).chain(buffered));
        let header_record = reader
            .byte_headers()
            .map_err(|error| read_failure(HEADER_LINE, &error.to_string()))?
            .clone();
        let header = Header::from_record(&header_record).map_err(SampleErrors::from)?;
        Ok(Self {
            reader,
            header,
            record: ByteRecord::new(),
            stopped: false,
        })
    }

    pub(crate) fn header(&self) -> &Header {
        &self.header
    }

    /// The next row, an error for a malformed row, or `None` at the end (or after a read
    /// failure, which is returned once).
    pub(crate) fn next_row(&mut self) -> Option<Result<Row<'_>, SampleError>> {
        if self.stopped {
            return None;
        }
        match self.reader.read_byte_record(&mut self.record) {
            Ok(false) => None,
            Ok(true) => Some(decode(&self.record, &self.header)),
            Err(error) => {
                self.stopped = true;
                let line = error.position().map_or(0, csv::Position::line);
                Some(Err(SampleError::new(
                    line,
                    None,
                    format!("the file could not be read further: {}", describe(&error)),
                )))
            }
        }
    }
}

/// Checks the field count and UTF-8 of one record.
fn decode<'record>(
    record: &'record ByteRecord,
    header: &Header,
) -> Result<Row<'record>, SampleError> {
    let line = record.position().map_or(0, csv::Position::line);
    if record.len() != header.len() {
        return Err(SampleError::new(
            line,
            None,
            format!(
                "the row has {} fields but the header has {}",
                record.len(),
                header.len()
            ),
        ));
    }
    let cells = record
        .iter()
        .zip(header.names())
        .map(|(field, name)| {
            std::str::from_utf8(field).map_err(|_| SampleError::in_column(line, name, NOT_UTF8))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Row { line, cells })
}

/// The delimiter that occurs most often in the header line; `,` on a tie or if none occurs.
fn delimiter_of(header_line: &[u8]) -> u8 {
    let occurrences = |delimiter: u8| {
        header_line
            .iter()
            .filter(|&&byte| byte == delimiter)
            .count()
    };
    DELIMITERS
        .iter()
        .copied()
        .fold((b',', 0), |(best, best_count), delimiter| {
            let count = occurrences(delimiter);
            if count > best_count {
                (delimiter, count)
            } else {
                (best, best_count)
            }
        })
        .0
}

fn read_failure(line: u64, reason: &str) -> SampleErrors {
    SampleErrors::from(SampleError::new(
        line,
        None,
        format!("the file could not be read: {reason}"),
    ))
}

/// A description of a read failure that cannot contain the file's content.
fn describe(error: &csv::Error) -> String {
    match error.kind() {
        csv::ErrorKind::Io(io_error) => io_error.to_string(),
        csv::ErrorKind::Utf8 { .. } => NOT_UTF8.to_owned(),
        _ => "malformed CSV".to_owned(),
    }
}
