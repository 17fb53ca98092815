//! The paradata CSV: one row per respondent event (login, page view, save, language change,
//! submit, decline) with case id, page, language and time; written row by row.

use super::cells::iso8601;
use super::error::ExportError;
use crate::db::events::EventRow;
use std::io::Write;

/// The header of the paradata CSV.
pub const PARADATA_COLUMNS: [&str; 5] = ["case_id", "kind", "page", "language", "at"];

/// A paradata CSV being written.
pub struct ParadataCsv<W: Write> {
    out: csv::Writer<W>,
}

impl<W: Write> ParadataCsv<W> {
    pub fn new(out: W) -> Result<ParadataCsv<W>, ExportError> {
        let mut out = csv::Writer::from_writer(out);
        out.write_record(PARADATA_COLUMNS)?;
        Ok(ParadataCsv { out })
    }

    pub fn write_event(&mut self, event: &EventRow) -> Result<(), ExportError> {
        let case_id = event.case_id.to_string();
        self.out.write_record([
            case_id.as_str(),
            event.kind.as_str(),
            event.page.as_deref().unwrap_or(""),
            event.language.as_deref().unwrap_or(""),
            iso8601(event.at_ms).as_str(),
        ])?;
        Ok(())
    }

    pub fn finish(self) -> Result<W, ExportError> {
        self.out
            .into_inner()
            .map_err(|e| ExportError::Io(std::io::Error::other(e.to_string())))
    }
}
