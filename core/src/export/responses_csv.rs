//! The responses CSV: one row per case, one column per plan column, written row by row to any
//! `Write` (never the whole file in memory). `select_one` answers as choice names, or as labels
//! in one language of the questionnaire.

use super::cells::{iso8601, Cell};
use super::columns::{Column, ColumnPlan};
use super::error::ExportError;
use super::labels::LabelMode;
use crate::form::model::Form;
use std::fmt::Write as _;
use std::io::Write;

/// A responses CSV being written.
pub struct ResponsesCsv<'p, W: Write> {
    out: csv::Writer<W>,
    form: &'p Form,
    plan: &'p ColumnPlan,
    mode: LabelMode,
    field: String,
}

impl<'p, W: Write> ResponsesCsv<'p, W> {
    /// Starts the file with its header row.
    pub fn new(
        out: W,
        form: &'p Form,
        plan: &'p ColumnPlan,
        mode: LabelMode,
    ) -> Result<ResponsesCsv<'p, W>, ExportError> {
        let mut out = csv::Writer::from_writer(out);
        out.write_record(plan.header())?;
        Ok(ResponsesCsv {
            out,
            form,
            plan,
            mode,
            field: String::new(),
        })
    }

    /// Writes one row: a case, or an instance of a repeat.
    pub fn write_row(&mut self, cells: &[Cell<'_>]) -> Result<(), ExportError> {
        for (cell, column) in cells.iter().zip(&self.plan.columns) {
            self.field.clear();
            cell_text(cell, column, self.form, &self.mode, &mut self.field);
            self.out.write_field(&self.field)?;
        }
        self.out.write_record(std::iter::empty::<&[u8]>())?;
        Ok(())
    }

    /// Flushes the last rows and hands the writer back.
    pub fn finish(self) -> Result<W, ExportError> {
        self.out
            .into_inner()
            .map_err(|e| ExportError::Io(std::io::Error::other(e.to_string())))
    }
}

/// The CSV text of one cell, appended to `out`.
pub fn cell_text(
    cell: &Cell<'_>,
    column: &Column,
    form: &Form,
    mode: &LabelMode,
    out: &mut String,
) {
    // Writing into a String cannot fail.
    let _ = match cell {
        Cell::Missing => Ok(()),
        Cell::Int(n) => write!(out, "{n}"),
        Cell::Num(x) => write!(out, "{x}"),
        Cell::Text(s) | Cell::UnknownChoice(s) => out.write_str(s),
        Cell::Json(value) => write!(out, "{value}"),
        Cell::Choice(i) => match (column.categories.get(*i), mode) {
            (Some(c), LabelMode::Codes) => out.write_str(&c.value),
            (Some(c), LabelMode::Labels(lang)) => out.write_str(form.text(&c.label, lang)),
            (None, _) => Ok(()),
        },
        Cell::Flag(chosen) => out.write_str(if *chosen { "1" } else { "0" }),
        Cell::Date(d) => write!(out, "{}", d.format("%Y-%m-%d")),
        Cell::Timestamp(ms) => out.write_str(&iso8601(*ms)),
    };
}
