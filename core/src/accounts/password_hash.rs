//! Password hashing with argon2id in PHC string form (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`).
//! The parameters travel in the string, so they can be raised later: old hashes still verify,
//! and [`Verified::needs_rehash`] tells the caller to store a new hash after a successful login.
//!
//! The current parameters are OWASP's minimum for argon2id (Password Storage Cheat Sheet:
//! m = 19 MiB, t = 2, p = 1), which are also the argon2 crate's defaults.

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::OnceLock;

/// Memory cost in KiB.
pub const M_COST: u32 = 19_456;
/// Iterations.
pub const T_COST: u32 = 2;
/// Parallelism.
pub const P_COST: u32 = 1;

#[derive(Debug, thiserror::Error)]
pub enum PasswordHashError {
    #[error("argon2 parameters refused: {0}")]
    Params(String),
    #[error("password hashing failed: {0}")]
    Hashing(String),
}

/// The outcome of checking a password against a stored hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verified {
    pub matches: bool,
    /// The stored hash uses weaker parameters (or another algorithm) than the current ones.
    pub needs_rehash: bool,
}

/// Hashes `password` with the current parameters and a fresh random salt.
pub fn hash_password(password: &str) -> Result<String, PasswordHashError> {
    hash_password_with(password, M_COST, T_COST, P_COST)
}

/// Hashes with the given argon2id parameters. For tests and migrations of old accounts: new
/// hashes are made with [`hash_password`].
pub fn hash_password_with(
    password: &str,
    m_cost: u32,
    t_cost: u32,
    p_cost: u32,
) -> Result<String, PasswordHashError> {
    let params = Params::new(m_cost, t_cost, p_cost, None)
        .map_err(|e| PasswordHashError::Params(e.to_string()))?;
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| PasswordHashError::Hashing(e.to_string()))
}

/// Checks `password` against the PHC string `stored`. A stored string that does not parse never
/// matches (and is reported for re-hashing).
pub fn verify_password(password: &str, stored: &str) -> Verified {
    let Ok(parsed) = PasswordHash::new(stored) else {
        return Verified {
            matches: false,
            needs_rehash: true,
        };
    };
    let matches = Argon2::default()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok();
    Verified {
        matches,
        needs_rehash: below_current(&parsed),
    }
}

/// Spends the time of one verification against a hash of the current parameters, so that a
/// login for an unknown account takes as long as one with a wrong password.
pub fn verify_against_dummy(password: &str) {
    static DUMMY: OnceLock<Option<String>> = OnceLock::new();
    let dummy = DUMMY.get_or_init(|| hash_password("svar dummy password, never matches").ok());
    if let Some(dummy) = dummy {
        verify_password(password, dummy);
    }
}

fn below_current(hash: &PasswordHash) -> bool {
    if hash.algorithm.as_str() != Algorithm::Argon2id.as_ref()
        || hash.version != Some(Version::V0x13.into())
        || hash.salt.is_none()
        || hash.hash.is_none()
    {
        return true;
    }
    match Params::try_from(hash) {
        Ok(p) => p.m_cost() < M_COST || p.t_cost() < T_COST || p.p_cost() < P_COST,
        Err(_) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only() {
        let stored = hash_password("correct horse battery staple").unwrap();
        assert!(
            stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{stored}"
        );
        let right = verify_password("correct horse battery staple", &stored);
        assert_eq!(
            right,
            Verified {
                matches: true,
                needs_rehash: false
            }
        );
        assert!(!verify_password("correct horse battery stapler", &stored).matches);
        assert_ne!(
            stored,
            hash_password("correct horse battery staple").unwrap(),
            "fresh salt"
        );
    }

    #[test]
    fn weaker_parameters_still_verify_but_ask_for_a_rehash() {
        let weak = hash_password_with("correct horse battery staple", 4096, 1, 1).unwrap();
        assert!(weak.contains("m=4096,t=1,p=1"), "{weak}");
        let v = verify_password("correct horse battery staple", &weak);
        assert!(v.matches && v.needs_rehash);
        let stronger = hash_password_with("correct horse battery staple", M_COST, 3, 1).unwrap();
        assert!(!verify_password("correct horse battery staple", &stronger).needs_rehash);
    }

    #[test]
    fn other_argon2_variants_verify_and_ask_for_a_rehash() {
        let params = Params::new(M_COST, T_COST, P_COST, None).unwrap();
        let argon2i = Argon2::new(Algorithm::Argon2i, Version::V0x13, params)
            .hash_password(b"correct horse battery staple")
            .unwrap()
            .to_string();
        let v = verify_password("correct horse battery staple", &argon2i);
        assert!(v.matches && v.needs_rehash);
    }

    #[test]
    fn garbage_never_matches() {
        for stored in ["", "plain-text-password", "$argon2id$v=19$m=19456"] {
            let v = verify_password("plain-text-password", stored);
            assert!(!v.matches && v.needs_rehash, "{stored}");
        }
    }
}
