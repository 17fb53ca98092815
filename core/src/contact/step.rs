//! The parts of a contact step that are values with rules of their own: its name, its channel,
//! whom it targets, and when it falls due. Each parses once from the text a manager sends.

use crate::db::cases::CaseState;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Longest step name, in characters.
pub const MAX_STEP_NAME_CHARS: usize = 40;

/// A step's name: 1–40 lower-case letters a–z, digits and `-`, starting with a letter or digit
/// (it appears in URLs, file names and exports). Unique within a plan.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct StepName(String);

/// Why a text is not a step name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum StepNameError {
    #[error("the step name is empty")]
    Empty,
    #[error("the step name is longer than {MAX_STEP_NAME_CHARS} characters")]
    TooLong,
    #[error("a step name may only hold lower-case letters a-z, digits and -, and starts with a letter or digit")]
    InvalidCharacter,
}

impl StepName {
    pub fn parse(text: &str) -> Result<StepName, StepNameError> {
        if text.is_empty() {
            return Err(StepNameError::Empty);
        }
        if text.chars().count() > MAX_STEP_NAME_CHARS {
            return Err(StepNameError::TooLong);
        }
        let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-';
        if !text.chars().all(allowed) || text.starts_with('-') {
            return Err(StepNameError::InvalidCharacter);
        }
        Ok(StepName(text.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for StepName {
    type Error = StepNameError;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        StepName::parse(&text)
    }
}

impl From<StepName> for String {
    fn from(name: StepName) -> Self {
        name.0
    }
}

impl fmt::Display for StepName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// How a step reaches people. SMS is foreseen (the tables take it) but not offered yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    Email,
    Letter,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Letter => "letter",
        }
    }

    /// The channel a stored attempt names.
    pub fn parse(text: &str) -> Option<Channel> {
        match text {
            "email" => Some(Channel::Email),
            "letter" => Some(Channel::Letter),
            _ => None,
        }
    }
}

/// Whom a step is for, by how far the case has come in answering.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Targets {
    /// Nothing saved yet (never logged in, or logged in without answering).
    NotStarted,
    /// Something saved, not submitted.
    Started,
    /// Both of the above: everyone who has not submitted or declined.
    NotSubmitted,
}

impl Targets {
    /// The case states a step with these targets reaches. Submitted and declined cases are
    /// never among them.
    pub fn case_states(self) -> &'static [CaseState] {
        match self {
            Targets::NotStarted => &[CaseState::New, CaseState::Opened],
            Targets::Started => &[CaseState::Started],
            Targets::NotSubmitted => &[CaseState::New, CaseState::Opened, CaseState::Started],
        }
    }
}

/// What a step's days count from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum After {
    /// The day the round went into the field.
    Fielding,
    /// The case's latest contact by any earlier step.
    Previous,
    /// The case's contact by the named earlier step.
    Step(StepName),
}

impl After {
    pub fn as_str(&self) -> &str {
        match self {
            After::Fielding => "fielding",
            After::Previous => "previous",
            After::Step(name) => name.as_str(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn step_names_are_short_lower_case_words() {
        for good in ["invitation", "reminder-1", "r2", "7-day"] {
            assert_eq!(StepName::parse(good).unwrap().as_str(), good);
        }
        assert_eq!(StepName::parse(""), Err(StepNameError::Empty));
        for bad in [
            "Reminder",
            "reminder 1",
            "-x",
            "påminnelse",
            "_invitation",
            "a.b",
        ] {
            assert_eq!(
                StepName::parse(bad),
                Err(StepNameError::InvalidCharacter),
                "{bad}"
            );
        }
        assert_eq!(
            StepName::parse(&"a".repeat(41)),
            Err(StepNameError::TooLong)
        );
    }

    #[test]
    fn no_target_reaches_a_finished_case() {
        for t in [Targets::NotStarted, Targets::Started, Targets::NotSubmitted] {
            assert!(t.case_states().iter().all(|s| !s.is_final()), "{t:?}");
        }
        assert_eq!(
            Targets::NotSubmitted.case_states().len(),
            Targets::NotStarted.case_states().len() + Targets::Started.case_states().len()
        );
    }
}
