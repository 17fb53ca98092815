//! Cases as the management API shows them: the list item, and the contact data that only
//! roles allowed personal data get.

use crate::manager_api::timestamp;
use serde::Serialize;
use svar_core::db::case_list::CaseListRow;
use svar_core::db::samples::ContactRow;

/// What the person may see of someone: the person id and contact data, or nothing.
#[derive(Debug, Serialize)]
pub struct PersonalView {
    pub person_id: String,
    pub contact: Option<ContactRow>,
}

/// One item of the case list.
#[derive(Debug, Serialize)]
pub struct CaseItem {
    pub id: i64,
    pub stratum: String,
    pub state: String,
    /// The effective AAPOR code.
    pub disposition: String,
    pub language: Option<String>,
    pub updated_at: String,
    #[serde(flatten)]
    pub personal: Option<PersonalView>,
}

impl CaseItem {
    pub fn of(row: CaseListRow, personal: Option<PersonalView>) -> CaseItem {
        CaseItem {
            id: row.id,
            stratum: row.stratum,
            state: row.state,
            disposition: row.disposition,
            language: row.language,
            updated_at: timestamp(row.updated_at_ms),
            personal,
        }
    }
}
