//! Exports of a survey's data for analysis: the responses as CSV, SPSS `.sav` and Stata `.dta`,
//! a codebook as JSON and DDI-Codebook 2.5 XML, and the paradata as CSV.
//!
//! Every format is written from one [`ColumnPlan`] made from the questionnaire, so names, types
//! and labels agree across them. Cases are read in keyset-paged batches
//! ([`crate::db::export_rows`]) and written row by row to any `std::io::Write`, so a million
//! cases export in bounded memory. Start from [`SurveyExport::load`], which refuses an unknown
//! survey or language before anything is written.

mod cells;
mod codebook_json;
mod columns;
mod ddi_xml;
mod error;
mod labels;
mod names;
mod paradata_csv;
mod readstat_ffi;
mod responses_csv;
mod stat_file;
mod survey_export;
#[cfg(test)]
mod test_form;

pub use cells::{case_cells, instances, Cell};
pub use codebook_json::{codebook, repeat_file_name, write_codebook_json, Codebook};
pub use columns::{
    plan_columns, plan_repeat_columns, CaseField, Category, Column, ColumnKind, ColumnPlan,
    ColumnSource,
};
pub use ddi_xml::write_ddi_xml;
pub use error::ExportError;
pub use labels::{label_language, label_mode, LabelMode};
pub use paradata_csv::{ParadataCsv, PARADATA_COLUMNS};
pub use responses_csv::ResponsesCsv;
pub use stat_file::{Measured, StatFormat, StatWriter};
pub use survey_export::{write_paradata_csv, ExportOptions, SurveyExport};

/// The survey round an export describes (for codebook titles).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Study<'a> {
    pub survey_id: i64,
    pub name: &'a str,
    pub round: i32,
}
