//! The cases this process read or wrote last, kept in memory so that the next save of a case
//! need not read it again: a save of a case whose response is still at the version the client
//! read goes straight to the write, one statement instead of two.
//!
//! A remembered case may be out of date (another process saved it, a manager closed the survey,
//! a decline came in): that is safe because every write is guarded in the database by the
//! version it is based on, the case's state and the survey's state. A write from a remembered
//! case that the guard refuses is done again from a fresh read, which finds out why.
//!
//! Memory is bounded by a byte budget on what the entries hold; the oldest go first.

use super::AnsweringCase;
use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

/// What one entry costs beyond its texts (the structs, the map's slot, the queue's).
const ENTRY_OVERHEAD: usize = 512;

/// The default budget: about 4,000 cases of the demo questionnaire saved by this process (4 KB
/// each with their answers parsed), or 8,000 read.
pub const DEFAULT_BUDGET_BYTES: usize = 16 * 1024 * 1024;

/// Cases by id, oldest evicted first once their texts exceed the budget.
pub struct RecentCases {
    budget: usize,
    inner: Mutex<Entries>,
}

#[derive(Default)]
struct Entries {
    by_case: HashMap<i64, Entry>,
    /// Case ids in the order they were remembered, with the stamp they were remembered with: a
    /// queued id whose entry has a newer stamp (or none) is a leftover and is skipped.
    order: VecDeque<(i64, u64)>,
    bytes: usize,
    next_stamp: u64,
}

struct Entry {
    stamp: u64,
    bytes: usize,
    case: AnsweringCase,
}

/// What parsed answers take in memory, as a multiple of their JSON text (a map node per
/// answer, a `String` per key, a `Value` per answer).
const PARSED_PER_TEXT_BYTE: usize = 4;

/// What an entry of `case` counts against the budget.
fn size_of(case: &AnsweringCase) -> usize {
    let response = case.stored_response.as_ref();
    let text = response.map_or(0, |r| r.answers.len());
    let parsed = if case.parsed_answers.is_some() {
        PARSED_PER_TEXT_BYTE * text
    } else {
        0
    };
    ENTRY_OVERHEAD
        + case.case.auxiliaries.len()
        + case.case.person_id.len()
        + response.map_or(0, |r| r.language.len())
        + text
        + parsed
}

impl Entries {
    fn remove(&mut self, case_id: i64) -> Option<AnsweringCase> {
        let entry = self.by_case.remove(&case_id)?;
        self.bytes -= entry.bytes;
        Some(entry.case)
    }

    /// Drops queued ids that no longer name their entry once they outnumber the entries, so
    /// the queue stays in proportion to the map however often the same cases come back.
    fn compact(&mut self) {
        if self.order.len() > 2 * self.by_case.len() + 64 {
            let by_case = &self.by_case;
            self.order
                .retain(|(id, stamp)| by_case.get(id).is_some_and(|e| e.stamp == *stamp));
        }
    }
}

impl RecentCases {
    /// Keeps entries up to `budget` bytes of their texts.
    pub fn new(budget: usize) -> RecentCases {
        RecentCases {
            budget,
            inner: Mutex::new(Entries::default()),
        }
    }

    /// Remembers `case` as read or written just now, in place of what was known of it.
    /// Only a case with a response is kept (only those are saved to).
    pub fn remember(&self, case: AnsweringCase) {
        if case.stored_response.is_none() {
            return self.forget(case.id());
        }
        let bytes = size_of(&case);
        let Ok(mut entries) = self.inner.lock() else {
            return;
        };
        let id = case.id();
        entries.remove(id);
        if bytes > self.budget {
            return;
        }
        let stamp = entries.next_stamp;
        entries.next_stamp += 1;
        entries.bytes += bytes;
        entries.by_case.insert(id, Entry { stamp, bytes, case });
        entries.order.push_back((id, stamp));
        while entries.bytes > self.budget {
            let Some((old, old_stamp)) = entries.order.pop_front() else {
                break;
            };
            if entries
                .by_case
                .get(&old)
                .is_some_and(|e| e.stamp == old_stamp)
            {
                entries.remove(old);
            }
        }
        entries.compact();
    }

    /// Takes the case out if it is known at response version `version`; a request that finds
    /// it owns it until it remembers it again, so two requests never build on one entry.
    pub fn take_at_version(&self, case_id: i64, version: i64) -> Option<AnsweringCase> {
        let mut entries = self.inner.lock().ok()?;
        let known = entries.by_case.get(&case_id)?;
        let at = known.case.stored_response.as_ref().map(|r| r.version);
        if at == Some(version) {
            entries.remove(case_id)
        } else {
            None
        }
    }

    /// Takes the case out at whatever version it is known at (for a submit, which writes at
    /// the version the answers it checks were read at).
    pub fn take(&self, case_id: i64) -> Option<AnsweringCase> {
        self.inner.lock().ok()?.remove(case_id)
    }

    /// Forgets the case (it ended, or what is known of it changed in a way a write would not
    /// notice).
    pub fn forget(&self, case_id: i64) {
        if let Ok(mut entries) = self.inner.lock() {
            entries.remove(case_id);
        }
    }

    /// How many cases are remembered.
    pub fn len(&self) -> usize {
        self.inner.lock().map_or(0, |e| e.by_case.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Default for RecentCases {
    fn default() -> RecentCases {
        RecentCases::new(DEFAULT_BUDGET_BYTES)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::cases::CaseRow;
    use crate::db::responses::ResponseRow;
    use crate::form::model::Form;
    use crate::response::CompiledForm;
    use std::sync::Arc;

    fn form() -> Arc<CompiledForm> {
        let json = r#"{"form_id":"f","version":"1","title":"t","default_language":"en",
            "languages":[{"code":"en","name":"English"}],"pages":[],"choice_lists":{}}"#;
        let form: Form = serde_json::from_str(json).expect("form");
        Arc::new(CompiledForm::new(form).expect("compiles"))
    }

    fn case(id: i64, version: Option<i64>, answers: &str) -> AnsweringCase {
        AnsweringCase {
            case: CaseRow {
                id,
                survey_id: 1,
                stratum_id: 1,
                person_id: format!("p{id}"),
                design_weight: 1.0,
                language: None,
                auxiliaries: "{}".into(),
                state: "started".into(),
                disposition: "2.12".into(),
                created_at_ms: 0,
                updated_at_ms: 0,
            },
            questionnaire_id: 1,
            form: form(),
            default_language: "en".into(),
            share_rule: crate::disposition::ShareRule::default(),
            stored_response: version.map(|version| ResponseRow {
                case_id: id,
                questionnaire_id: 1,
                answers: answers.into(),
                version,
                furthest_page: None,
                language: "en".into(),
                started_at_ms: 0,
                updated_at_ms: 0,
                submitted_at_ms: None,
            }),
            parsed_answers: None,
        }
    }

    #[test]
    fn a_case_is_found_only_at_the_version_it_was_remembered_at() {
        let recent = RecentCases::default();
        recent.remember(case(7, Some(3), "{}"));
        assert!(recent.take_at_version(7, 2).is_none());
        assert!(recent.take_at_version(8, 3).is_none());
        let taken = recent.take_at_version(7, 3).expect("known at 3");
        assert_eq!(taken.id(), 7);
        assert!(
            recent.take_at_version(7, 3).is_none(),
            "taking hands the entry over"
        );
    }

    #[test]
    fn remembering_again_replaces_and_forgetting_removes() {
        let recent = RecentCases::default();
        recent.remember(case(1, Some(1), "{}"));
        recent.remember(case(1, Some(2), "{}"));
        assert_eq!(recent.len(), 1);
        assert!(recent.take_at_version(1, 1).is_none());
        recent.forget(1);
        assert!(recent.is_empty());
    }

    #[test]
    fn a_case_without_a_response_is_not_kept_and_drops_what_was_known() {
        let recent = RecentCases::default();
        recent.remember(case(1, Some(1), "{}"));
        recent.remember(case(1, None, "{}"));
        assert!(recent.is_empty());
    }

    #[test]
    fn the_oldest_cases_go_once_the_budget_is_spent() {
        let answers = "x".repeat(1000);
        let one = size_of(&case(0, Some(0), &answers));
        let recent = RecentCases::new(3 * one);
        for id in 0..5 {
            recent.remember(case(id, Some(0), &answers));
        }
        assert_eq!(recent.len(), 3);
        assert!(recent.take_at_version(0, 0).is_none());
        assert!(recent.take_at_version(1, 0).is_none());
        assert!(recent.take_at_version(4, 0).is_some());
        // Remembering case 2 again makes it the newest: case 3 goes before it.
        recent.remember(case(2, Some(1), &answers));
        recent.remember(case(5, Some(0), &answers));
        recent.remember(case(6, Some(0), &answers));
        assert!(recent.take_at_version(3, 0).is_none());
        assert!(recent.take_at_version(2, 1).is_some());
    }

    #[test]
    fn an_entry_larger_than_the_budget_is_not_kept() {
        let recent = RecentCases::new(100);
        recent.remember(case(1, Some(0), "{}"));
        assert!(recent.is_empty());
    }

    #[test]
    fn the_queue_stays_in_proportion_when_the_same_cases_come_back() {
        let recent = RecentCases::default();
        for round in 0..10_000 {
            recent.remember(case(round % 10, Some(round), "{}"));
        }
        let entries = recent.inner.lock().expect("lock");
        assert_eq!(entries.by_case.len(), 10);
        assert!(
            entries.order.len() <= 2 * 10 + 65,
            "{}",
            entries.order.len()
        );
    }
}
