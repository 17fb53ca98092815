//! AAPOR final disposition codes that follow from what the respondent did (METHODS.md §1,
//! rules 3–5 and 7): declined, answered some share, logged on without answering, not yet
//! logged on. Codes set by managers and postal returns (rules 1, 2, 6) come later and win over
//! these; that ordering is the caller's.

/// Share thresholds in integer percent: complete at ≥ `complete`, partial at ≥ `partial`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct ShareRule {
    pub complete: u32,
    pub partial: u32,
}

impl Default for ShareRule {
    fn default() -> Self {
        ShareRule {
            complete: 80,
            partial: 50,
        }
    }
}

/// What the respondent has done so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RespondentActivity {
    NotLoggedOn { invited: bool },
    LoggedOn { answered: usize, applicable: usize },
    Declined,
}

/// The disposition code (a digit string, never a float: "2.10" ≠ "2.1" as text).
pub fn disposition(activity: RespondentActivity, rule: ShareRule) -> &'static str {
    match activity {
        RespondentActivity::Declined => "2.111",
        RespondentActivity::NotLoggedOn { invited: true } => "3.19",
        RespondentActivity::NotLoggedOn { invited: false } => "3.11",
        RespondentActivity::LoggedOn { answered: 0, .. } => "2.1121",
        RespondentActivity::LoggedOn {
            answered,
            applicable,
        } => {
            // 100·A ≥ c·Q in integers: exactly 80 % is complete.
            let a = 100 * answered as u64;
            let q = applicable as u64;
            if a >= u64::from(rule.complete) * q {
                "1.1"
            } else if a >= u64::from(rule.partial) * q {
                "1.2"
            } else {
                "2.12"
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn logged(answered: usize, applicable: usize) -> &'static str {
        disposition(
            RespondentActivity::LoggedOn {
                answered,
                applicable,
            },
            ShareRule::default(),
        )
    }

    #[test]
    fn shares_map_to_complete_partial_and_break_off() {
        assert_eq!(logged(8, 10), "1.1", "exactly 80 % is complete");
        assert_eq!(logged(7, 10), "1.2");
        assert_eq!(logged(5, 10), "1.2", "exactly 50 % is partial");
        assert_eq!(logged(4, 10), "2.12");
        assert_eq!(logged(0, 10), "2.1121", "logged on, nothing answered");
        assert_eq!(logged(3, 3), "1.1");
    }

    #[test]
    fn declined_and_not_logged_on() {
        let rule = ShareRule::default();
        assert_eq!(disposition(RespondentActivity::Declined, rule), "2.111");
        assert_eq!(
            disposition(RespondentActivity::NotLoggedOn { invited: true }, rule),
            "3.19"
        );
        assert_eq!(
            disposition(RespondentActivity::NotLoggedOn { invited: false }, rule),
            "3.11"
        );
    }
}
