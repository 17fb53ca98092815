//! The query of the case list (`?stratum=&state=&disposition=&language=&updated_since=
//! &cursor=&limit=`), checked field by field: every refused value is named in a 422, an
//! unknown parameter is a 400 naming it. A stratum code the survey does not have is a 422 too
//! (not an empty list): a typo should not look like a stratum with no cases.

use crate::manager_api::ListQuery;
use crate::problem::{FieldError, Problem};
use serde::Deserialize;
use svar_core::db::case_list::CaseFilter;
use svar_core::db::cases::CaseState;
use svar_core::disposition_code::DispositionCode;

/// The query as sent; every value is text, parsed here so that errors name their field.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseQuery {
    pub stratum: Option<String>,
    pub state: Option<String>,
    pub disposition: Option<String>,
    pub language: Option<String>,
    pub updated_since: Option<String>,
    pub cursor: Option<String>,
    pub limit: Option<String>,
}

/// A checked query: the filter (stratum still as its code), where to go on from, the page size.
#[derive(Debug)]
pub struct CheckedQuery {
    pub filter: CaseFilter,
    pub stratum_code: Option<String>,
    pub after: Option<i64>,
    pub limit: i64,
}

const STATES: [CaseState; 5] = [
    CaseState::New,
    CaseState::Opened,
    CaseState::Started,
    CaseState::Submitted,
    CaseState::Declined,
];

impl CaseQuery {
    pub fn check(self) -> Result<CheckedQuery, Problem> {
        let mut errors = Vec::new();
        let mut refuse = |field: &str, code: &str, message: String| {
            errors.push(FieldError::field(field, code, message));
        };
        if let Some(s) = &self.stratum {
            if s.is_empty() || s.chars().count() > 64 {
                refuse(
                    "stratum",
                    "length",
                    "must be 1 to 64 characters long".into(),
                );
            }
        }
        let state = self.state.as_deref().map(|s| {
            let known = STATES.iter().any(|k| k.as_str() == s);
            if !known {
                let names: Vec<&str> = STATES.iter().map(|k| k.as_str()).collect();
                refuse(
                    "state",
                    "unknown_state",
                    format!("must be one of {}", names.join(", ")),
                );
            }
            s.to_string()
        });
        let disposition = match self.disposition.as_deref().map(DispositionCode::parse) {
            Some(Err(e)) => {
                refuse("disposition", "disposition_code", e.to_string());
                None
            }
            Some(Ok(code)) => Some(code),
            None => None,
        };
        if let Some(l) = &self.language {
            if !is_language_tag(l) {
                refuse(
                    "language",
                    "language_tag",
                    "must be a language tag such as sv, ar or fa".into(),
                );
            }
        }
        let updated_since_ms = match self.updated_since.as_deref() {
            Some(t) => match chrono::DateTime::parse_from_rfc3339(t) {
                Ok(at) => Some(at.timestamp_millis()),
                Err(_) => {
                    refuse(
                        "updated_since",
                        "timestamp",
                        "must be an RFC 3339 time such as 2026-11-26T12:00:00Z".into(),
                    );
                    None
                }
            },
            None => None,
        };
        let limit = match self.limit.as_deref() {
            Some(l) => match l.parse::<u32>() {
                Ok(n) => Some(n),
                Err(_) => {
                    refuse(
                        "limit",
                        "range",
                        "must be a whole number from 1 to 500".into(),
                    );
                    None
                }
            },
            None => None,
        };
        if !errors.is_empty() {
            return Err(Problem::invalid_fields(errors));
        }
        let (after, limit) = ListQuery {
            cursor: self.cursor,
            limit,
        }
        .page()?;
        Ok(CheckedQuery {
            filter: CaseFilter {
                stratum_id: None,
                state,
                disposition,
                language: self.language,
                updated_since_ms,
            },
            stratum_code: self.stratum,
            after,
            limit,
        })
    }
}

/// `sv`, `ar`, `zh-Hant`, `pt-BR`: 2–3 letters, then subtags of 1–8 letters or digits.
fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let first_ok = parts
        .next()
        .is_some_and(|p| (2..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_lowercase()));
    first_ok
        && tag.len() <= 35
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(q: CaseQuery) -> Vec<String> {
        q.check()
            .unwrap_err()
            .errors
            .into_iter()
            .filter_map(|e| e.field)
            .collect()
    }

    #[test]
    fn every_refused_value_is_named() {
        let q = CaseQuery {
            state: Some("done".into()),
            disposition: Some("3.3".into()),
            language: Some("Arabic".into()),
            updated_since: Some("yesterday".into()),
            limit: Some("ten".into()),
            ..CaseQuery::default()
        };
        assert_eq!(
            fields(q),
            ["state", "disposition", "language", "updated_since", "limit"]
        );
        let q = CaseQuery {
            limit: Some("0".into()),
            ..CaseQuery::default()
        };
        assert_eq!(fields(q), ["limit"]);
    }

    #[test]
    fn good_values_make_the_filter() {
        let q = CaseQuery {
            stratum: Some("FB-A".into()),
            state: Some("started".into()),
            disposition: Some("3.30".into()),
            language: Some("zh-Hant".into()),
            updated_since: Some("2026-11-26T12:00:00+01:00".into()),
            limit: Some("10".into()),
            ..CaseQuery::default()
        }
        .check()
        .unwrap();
        assert_eq!(q.stratum_code.as_deref(), Some("FB-A"));
        assert_eq!(q.filter.state.as_deref(), Some("started"));
        assert_eq!(q.filter.disposition.unwrap().as_str(), "3.30");
        assert_eq!(q.filter.updated_since_ms, Some(1_795_690_800_000));
        assert_eq!((q.after, q.limit), (None, 10));
    }
}
