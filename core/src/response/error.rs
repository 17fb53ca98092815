//! Why one answer was refused. The kinds are fixed so that the respondent pages and the JSON
//! API can word them in the respondent's language (interface texts live in the api crate);
//! a failed `constraint` carries the form's own `constraint_message` instead.

use serde::Serialize;

/// What is wrong with the answer to one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemErrorKind {
    /// A required, relevant question has no answer.
    Required,
    /// A text answer that is not a string (JSON API) or is longer than the limit.
    NotText,
    /// Not a whole number (or outside the 64-bit range).
    NotInteger,
    /// Not a number.
    NotNumber,
    /// Not an ISO 8601 calendar date `YYYY-MM-DD`.
    NotDate,
    /// Not a time of day `HH:MM`.
    NotTime,
    /// Not a date and time `YYYY-MM-DDTHH:MM`.
    NotDateTime,
    /// A number that is not one of a `range` question's values.
    OutOfRange,
    /// An `acknowledge` answer other than `OK`.
    NotAcknowledged,
    /// A select answer that names no choice of the item's list.
    UnknownChoice,
    /// A select_multiple answer that is not a list of choice names.
    NotAList,
    /// The item's `constraint` evaluated to false.
    Constraint,
    /// An answer was sent for an item that is not on this page, is not relevant, or is not a
    /// question (note, calculate).
    NotOnPage,
}

/// One refused answer: the item's name and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemError {
    pub item: String,
    pub kind: ItemErrorKind,
}
