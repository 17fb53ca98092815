//! CSRF protection of the HTML forms (the respondent pages and the field managers'
//! dashboard). With a session, the token is an HMAC of the session's subject (a case, or a
//! manager and the version of their tokens) under a server key: a page of another site cannot
//! read or compute it. Before login (start page, language switch, the dashboard's log-in form)
//! it is a double-submit token: a random cookie the form repeats.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The key session CSRF tokens are made with.
pub struct CsrfKey(Vec<u8>);

impl CsrfKey {
    /// Derived from the session key so that no further secret needs configuring.
    pub fn derive(jwt_secret: &[u8]) -> CsrfKey {
        CsrfKey(mac(jwt_secret, b"svar-csrf-key"))
    }

    /// The token for the forms of a case's session.
    pub fn for_case(&self, case_id: i64) -> String {
        hex::encode(mac(&self.0, case_id.to_string().as_bytes()))
    }

    pub fn verify_case(&self, case_id: i64, token: &str) -> bool {
        constant_time_eq(self.for_case(case_id).as_bytes(), token.as_bytes())
    }

    /// The token for the dashboard forms of a manager's session: it changes when the user's
    /// token version does (logout, password change), as the session does.
    pub fn for_manager(&self, user_id: i64, token_version: i64) -> String {
        hex::encode(mac(
            &self.0,
            format!("manager:{user_id}:{token_version}").as_bytes(),
        ))
    }

    pub fn verify_manager(&self, user_id: i64, token_version: i64, token: &str) -> bool {
        constant_time_eq(
            self.for_manager(user_id, token_version).as_bytes(),
            token.as_bytes(),
        )
    }
}

/// HMAC-SHA256; HMAC takes keys of any length, so the error arm is never taken, and an empty
/// result would only make every token check fail.
fn mac(key: &[u8], message: &[u8]) -> Vec<u8> {
    match Hmac::<Sha256>::new_from_slice(key) {
        Ok(mut m) => {
            m.update(message);
            m.finalize().into_bytes().to_vec()
        }
        Err(_) => Vec::new(),
    }
}

/// A fresh random double-submit token.
pub fn random_token() -> String {
    let mut bytes = [0u8; 16];
    if getrandom::fill(&mut bytes).is_err() {
        // Without OS randomness, fall back to time-derived bytes: the cookie is still
        // unreadable to other sites, which is what double-submit relies on.
        bytes = (chrono::Utc::now().timestamp_nanos_opt().unwrap_or(0) as u128).to_le_bytes();
    }
    hex::encode(bytes)
}

pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_per_case_and_checked() {
        let key = CsrfKey::derive(b"secret");
        let t = key.for_case(7);
        assert!(key.verify_case(7, &t));
        assert!(!key.verify_case(8, &t));
        assert!(!key.verify_case(7, ""));
        assert_ne!(random_token(), random_token());
    }

    #[test]
    fn manager_tokens_follow_the_user_and_the_token_version() {
        let key = CsrfKey::derive(b"secret");
        let t = key.for_manager(7, 0);
        assert!(key.verify_manager(7, 0, &t));
        assert!(!key.verify_manager(7, 1, &t));
        assert!(!key.verify_manager(8, 0, &t));
        assert_ne!(t, key.for_case(7));
    }
}
