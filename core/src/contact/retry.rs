//! When to try again after a temporary failure (a mail server's 4xx, a refused connection, a
//! timeout; a background job's error): exponential backoff with jitter, so that many attempts
//! failing together do not all come back at the same moment, and a limit after which the
//! attempt is given up as failed.

/// The first wait.
pub const FIRST_DELAY_MS: i64 = 60_000;
/// The longest wait.
pub const MAX_DELAY_MS: i64 = 4 * 60 * 60 * 1000;
/// Tries before giving up (the last wait is then about 4 hours; about 17 hours in all).
pub const MAX_TRIES: i32 = 10;

/// The wait after the `tries`-th failed try (1 = the first), given a random number: between
/// half and all of `FIRST_DELAY_MS · 2^(tries-1)`, capped at `MAX_DELAY_MS`.
pub fn delay_ms(tries: i32, random: u64) -> i64 {
    let exponent = u32::try_from(tries.saturating_sub(1)).unwrap_or(0).min(20);
    let full = FIRST_DELAY_MS
        .saturating_mul(1_i64 << exponent)
        .min(MAX_DELAY_MS);
    let half = full / 2;
    let spread = u64::try_from(half).unwrap_or(1).max(1);
    half + i64::try_from(random % spread).unwrap_or(0)
}

/// Whether a temporary failure at the `tries`-th try ends the attempt.
pub fn gives_up(tries: i32) -> bool {
    tries >= MAX_TRIES
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_double_with_jitter_up_to_a_cap() {
        assert_eq!(delay_ms(1, 0), 30_000);
        assert!(delay_ms(1, u64::MAX) < 60_000);
        assert_eq!(delay_ms(2, 0), 60_000);
        assert_eq!(delay_ms(3, 0), 120_000);
        assert_eq!(delay_ms(30, 0), MAX_DELAY_MS / 2);
        assert!(delay_ms(30, u64::MAX) < MAX_DELAY_MS);
        assert_eq!(delay_ms(0, 0), 30_000, "never less than the first wait");
        assert_ne!(delay_ms(4, 1), delay_ms(4, 2), "jitter spreads retries");
    }

    #[test]
    fn an_attempt_is_given_up_after_the_last_try() {
        assert!(!gives_up(1));
        assert!(!gives_up(MAX_TRIES - 1));
        assert!(gives_up(MAX_TRIES));
    }
}
