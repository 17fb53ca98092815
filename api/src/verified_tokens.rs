//! Session tokens this process has verified, with the case they name and when they expire. A
//! respondent sends the same token with every request of a session, and verifying it (base64,
//! HMAC-SHA256, two JSON documents) cost about a fourteenth of the server's CPU per answer save;
//! a token seen before is looked up instead. Only tokens that passed the full check are kept,
//! so the lookup can only say yes to a token that jsonwebtoken said yes to, and only until it
//! expires.

use std::collections::HashMap;
use std::sync::Mutex;

/// Tokens kept at most; about 200 bytes each.
const CAPACITY: usize = 20_000;

#[derive(Default)]
pub struct VerifiedTokens {
    by_token: Mutex<HashMap<String, Verified>>,
}

#[derive(Debug, Clone, Copy)]
struct Verified {
    case_id: i64,
    /// Unix seconds; the token is good up to and including this second.
    expires: i64,
}

impl VerifiedTokens {
    /// The case of `token` if it was verified before and has not expired at `now`.
    pub fn case_of(&self, token: &str, now: i64) -> Option<i64> {
        let tokens = self.by_token.lock().ok()?;
        let verified = tokens.get(token)?;
        (now <= verified.expires).then_some(verified.case_id)
    }

    /// Keeps a token that passed the full check. When full, expired tokens go first, and if
    /// that frees nothing, all go (they are verified again on their next use).
    pub fn keep(&self, token: &str, case_id: i64, expires: i64, now: i64) {
        let Ok(mut tokens) = self.by_token.lock() else {
            return;
        };
        if tokens.len() >= CAPACITY {
            tokens.retain(|_, v| now <= v.expires);
            if tokens.len() >= CAPACITY {
                tokens.clear();
            }
        }
        tokens.insert(token.to_string(), Verified { case_id, expires });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_token_names_its_case_until_it_expires() {
        let tokens = VerifiedTokens::default();
        assert_eq!(tokens.case_of("t", 100), None);
        tokens.keep("t", 7, 200, 100);
        assert_eq!(tokens.case_of("t", 150), Some(7));
        assert_eq!(tokens.case_of("t", 200), Some(7));
        assert_eq!(tokens.case_of("t", 201), None);
        assert_eq!(tokens.case_of("u", 150), None);
    }

    #[test]
    fn a_full_store_drops_expired_tokens_first() {
        let tokens = VerifiedTokens::default();
        for i in 0..CAPACITY {
            let expires = if i == 0 { 1_000 } else { 10 };
            tokens.keep(&format!("t{i}"), i as i64, expires, 0);
        }
        tokens.keep("new", 1, 1_000, 50);
        assert_eq!(tokens.case_of("t0", 50), Some(0));
        assert_eq!(tokens.case_of("new", 50), Some(1));
        assert_eq!(tokens.by_token.lock().unwrap().len(), 2);
    }
}
