//! What each column of a sample file is for: identity, stratum, language, contact data,
//! design weight, or an auxiliary register variable of the case.

use super::error::SampleError;
use super::header::{Header, HEADER_LINE};

pub const PERSON_ID_COLUMN: &str = "person_id";
pub const STRATUM_COLUMN: &str = "stratum";
pub const LANGUAGE_COLUMN: &str = "language";
/// Columns that hold a design weight per case; a file may have at most one of them.
pub const DESIGN_WEIGHT_COLUMNS: [&str; 2] = ["design_weight", "weight"];
/// Columns that go to the contact record, stored apart from the case.
pub const CONTACT_COLUMNS: [&str; 8] = [
    "first_name",
    "last_name",
    "care_of",
    "street",
    "postcode",
    "city",
    "email",
    "phone",
];

/// Column indexes of a sample file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SampleColumns {
    pub(crate) person_id: usize,
    pub(crate) stratum: usize,
    pub(crate) language: Option<usize>,
    pub(crate) contact: ContactColumns,
    /// Index and name of the design weight column.
    pub(crate) design_weight: Option<(usize, &'static str)>,
    /// Index and name of every other column, in file order.
    pub(crate) auxiliaries: Vec<(usize, String)>,
}

/// Column indexes of the contact fields that the file has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ContactColumns {
    pub(crate) first_name: Option<usize>,
    pub(crate) last_name: Option<usize>,
    pub(crate) care_of: Option<usize>,
    pub(crate) street: Option<usize>,
    pub(crate) postcode: Option<usize>,
    pub(crate) city: Option<usize>,
    pub(crate) email: Option<usize>,
    pub(crate) phone: Option<usize>,
}

impl SampleColumns {
    /// Finds the columns; `person_id` and `stratum` are required.
    pub(crate) fn locate(header: &Header) -> Result<Self, Vec<SampleError>> {
        let mut errors = Vec::new();
        let mut required = |name: &str| header.required(name, &mut errors);
        let person_id = required(PERSON_ID_COLUMN);
        let stratum = required(STRATUM_COLUMN);

        let weight_columns: Vec<(usize, &'static str)> = DESIGN_WEIGHT_COLUMNS
            .iter()
            .filter_map(|&name| header.position(name).map(|position| (position, name)))
            .collect();
        if weight_columns.len() > 1 {
            errors.push(SampleError::new(
                HEADER_LINE,
                None,
                "the file has both design_weight and weight columns; keep one",
            ));
        }
        let contact = ContactColumns::locate(header);
        let auxiliaries = header
            .names()
            .iter()
            .enumerate()
            .filter(|(_, name)| !has_a_role(name))
            .map(|(position, name)| (position, name.clone()))
            .collect();

        match (person_id, stratum) {
            (Some(person_id), Some(stratum)) if errors.is_empty() => Ok(Self {
                person_id,
                stratum,
                language: header.position(LANGUAGE_COLUMN),
                contact,
                design_weight: weight_columns.first().copied(),
                auxiliaries,
            }),
            _ => Err(errors),
        }
    }
}

impl ContactColumns {
    fn locate(header: &Header) -> Self {
        let [first_name, last_name, care_of, street, postcode, city, email, phone] =
            CONTACT_COLUMNS.map(|name| header.position(name));
        Self {
            first_name,
            last_name,
            care_of,
            street,
            postcode,
            city,
            email,
            phone,
        }
    }
}

/// Whether a column is used for something other than an auxiliary variable.
fn has_a_role(name: &str) -> bool {
    [PERSON_ID_COLUMN, STRATUM_COLUMN, LANGUAGE_COLUMN].contains(&name)
        || CONTACT_COLUMNS.contains(&name)
        || DESIGN_WEIGHT_COLUMNS.contains(&name)
}
