//! One checked row of a sample file: a sampled person, split into the case's data and the
//! contact record that is stored apart (METHODS.md §7).

use std::collections::BTreeMap;
use std::fmt;

use super::csv_rows::Row;
use super::email::Email;
use super::error::{keep, SampleError};
use super::known_strata::KnownStrata;
use super::language::parse_language;
use super::sample_columns::{
    ContactColumns, SampleColumns, LANGUAGE_COLUMN, PERSON_ID_COLUMN, STRATUM_COLUMN,
};
use super::stratum_code::StratumCode;

/// Longest accepted person id, in characters.
pub const MAX_PERSON_ID_CHARS: usize = 64;

/// A sampled person as read from the file. `Debug` leaves out the person id and contact data.
#[derive(Clone, PartialEq)]
pub struct SampleRow {
    /// Line of the file where the row starts (for messages during import).
    pub line: u64,
    /// The register's identifier of the person; personal data.
    pub person_id: String,
    pub stratum: StratumCode,
    /// Preferred language, lowercased (e.g. `sv`), `None` if the cell is empty or absent.
    pub language: Option<String>,
    pub contact: Contact,
    /// Every column without another role, by lowercase column name; empty cells are kept as
    /// empty strings so that every case has the same variables.
    pub auxiliaries: BTreeMap<String, String>,
    /// From a `design_weight` or `weight` column; `None` means `N_h / n_h`.
    pub design_weight: Option<f64>,
}

/// Contact data of a sampled person; every field is `None` if its cell is empty or its column
/// absent. `Debug` shows only which fields are present.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Contact {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub care_of: Option<String>,
    pub street: Option<String>,
    pub postcode: Option<String>,
    pub city: Option<String>,
    pub email: Option<Email>,
    pub phone: Option<String>,
}

/// Checks one row; all of its problems are returned together. Duplicates are checked by
/// the caller, which sees the whole file.
pub(crate) fn parse_sample_row(
    row: &Row<'_>,
    columns: &SampleColumns,
    strata: &KnownStrata<'_>,
) -> Result<SampleRow, Vec<SampleError>> {
    let mut errors = Vec::new();

    let person_id = keep(parse_person_id(row, columns.person_id), &mut errors);
    let stratum = keep(find_stratum(row, columns.stratum, strata), &mut errors);
    let language = keep(
        parse_language(row.optional_cell(columns.language).unwrap_or_default())
            .map_err(|error| SampleError::in_column(row.line, LANGUAGE_COLUMN, error.to_string())),
        &mut errors,
    )
    .flatten();
    let contact = keep(parse_contact(row, &columns.contact), &mut errors);
    let design_weight =
        keep(parse_design_weight(row, columns.design_weight), &mut errors).flatten();

    match (person_id, stratum, contact) {
        (Some(person_id), Some(stratum), Some(contact)) if errors.is_empty() => Ok(SampleRow {
            line: row.line,
            person_id,
            stratum,
            language,
            contact,
            auxiliaries: auxiliaries(row, &columns.auxiliaries),
            design_weight,
        }),
        _ => Err(errors),
    }
}

fn parse_person_id(row: &Row<'_>, column: usize) -> Result<String, SampleError> {
    let person_id = row.cell(column);
    if person_id.is_empty() {
        Err(SampleError::in_column(
            row.line,
            PERSON_ID_COLUMN,
            "person_id is empty",
        ))
    } else if person_id.chars().count() > MAX_PERSON_ID_CHARS {
        Err(SampleError::in_column(
            row.line,
            PERSON_ID_COLUMN,
            format!("person_id is longer than {MAX_PERSON_ID_CHARS} characters"),
        ))
    } else {
        Ok(person_id.to_owned())
    }
}

/// The cell's stratum; the message lists the known codes but does not echo the cell, which
/// in a garbled file might hold personal data.
fn find_stratum(
    row: &Row<'_>,
    column: usize,
    strata: &KnownStrata<'_>,
) -> Result<StratumCode, SampleError> {
    let cell = row.cell(column);
    if cell.is_empty() {
        return Err(SampleError::in_column(
            row.line,
            STRATUM_COLUMN,
            "stratum is empty",
        ));
    }
    strata.find(cell).cloned().ok_or_else(|| {
        SampleError::in_column(
            row.line,
            STRATUM_COLUMN,
            format!(
                "stratum is not in the strata file (known strata: {})",
                strata.listing()
            ),
        )
    })
}

fn parse_contact(row: &Row<'_>, columns: &ContactColumns) -> Result<Contact, SampleError> {
    let text = |column: Option<usize>| row.optional_cell(column).map(str::to_owned);
    let email = row
        .optional_cell(columns.email)
        .map(Email::parse)
        .transpose()
        .map_err(|error| SampleError::in_column(row.line, "email", error.to_string()))?;
    Ok(Contact {
        first_name: text(columns.first_name),
        last_name: text(columns.last_name),
        care_of: text(columns.care_of),
        street: text(columns.street),
        postcode: text(columns.postcode),
        city: text(columns.city),
        email,
        phone: text(columns.phone),
    })
}

/// A finite weight > 0; a decimal comma (`12,5`) is read as a decimal point. An empty cell
/// gives `None`.
fn parse_design_weight(
    row: &Row<'_>,
    column: Option<(usize, &'static str)>,
) -> Result<Option<f64>, SampleError> {
    let Some((index, name)) = column else {
        return Ok(None);
    };
    let Some(cell) = row.optional_cell(Some(index)) else {
        return Ok(None);
    };
    let with_point = if cell.contains('.') {
        cell.to_owned()
    } else {
        cell.replacen(',', ".", 1)
    };
    match with_point.parse::<f64>() {
        Ok(weight) if weight.is_finite() && weight > 0.0 => Ok(Some(weight)),
        _ => Err(SampleError::in_column(
            row.line,
            name,
            format!("{name} must be a number greater than 0, such as 13478.26"),
        )),
    }
}

fn auxiliaries(row: &Row<'_>, columns: &[(usize, String)]) -> BTreeMap<String, String> {
    columns
        .iter()
        .map(|(index, name)| (name.clone(), row.cell(*index).to_owned()))
        .collect()
}

impl fmt::Debug for SampleRow {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("SampleRow")
            .field("line", &self.line)
            .field("person_id", &"…")
            .field("stratum", &self.stratum)
            .field("language", &self.language)
            .field("contact", &self.contact)
            .field("auxiliaries", &self.auxiliaries.keys().collect::<Vec<_>>())
            .field("design_weight", &self.design_weight)
            .finish()
    }
}

impl fmt::Debug for Contact {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let present = |field: &Option<String>| field.as_ref().map(|_| "…");
        formatter
            .debug_struct("Contact")
            .field("first_name", &present(&self.first_name))
            .field("last_name", &present(&self.last_name))
            .field("care_of", &present(&self.care_of))
            .field("street", &present(&self.street))
            .field("postcode", &present(&self.postcode))
            .field("city", &present(&self.city))
            .field("email", &self.email)
            .field("phone", &present(&self.phone))
            .finish()
    }
}
