//! Generated passwords, for accounts created without one (`svar user add` on a terminal,
//! `svar demo`, `POST /api/v1/users` without a password): 20 characters from an alphabet
//! without look-alikes, about 115 bits from the operating system's random source.

/// Letters and digits without 0/O, 1/l/I: easy to copy from a screen.
const ALPHABET: &[u8] = b"abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
const LENGTH: usize = 20;

/// The operating system's random source failed.
#[derive(Debug, thiserror::Error)]
#[error("the random source failed: {0}")]
pub struct RandomSourceFailed(String);

/// A fresh random password.
pub fn generate_password() -> Result<String, RandomSourceFailed> {
    // Rejection sampling: bytes at or above the largest multiple of the alphabet's size are
    // drawn again, so every character is equally likely.
    let limit = 256 - 256 % ALPHABET.len();
    let mut out = String::with_capacity(LENGTH);
    while out.len() < LENGTH {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| RandomSourceFailed(e.to_string()))?;
        for b in bytes {
            if usize::from(b) < limit && out.len() < LENGTH {
                out.push(char::from(ALPHABET[usize::from(b) % ALPHABET.len()]));
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::accounts::check_new_password;

    #[test]
    fn generated_passwords_pass_the_policy_and_differ() {
        let a = generate_password().unwrap();
        let b = generate_password().unwrap();
        assert_eq!(a.chars().count(), LENGTH);
        assert_ne!(a, b);
        assert!(a.bytes().all(|c| ALPHABET.contains(&c)));
        assert_eq!(check_new_password(&a), Ok(()));
    }
}
