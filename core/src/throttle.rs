//! Throttling of failed attempts (METHODS.md §5): after `limit` failed, well-formed tries within
//! `window`, the client must wait until the oldest of them leaves the window. Code attempts
//! count per client address (IPv6 per /64, since one host usually holds a whole /64); manager
//! logins count per address and per account, so the limiter takes any key.
//! Time is passed in, so the rule is tested without sleeping.

use std::collections::{HashMap, VecDeque};
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The address a limit applies to: an IPv4 address or an IPv6 /64 prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClientKey(u128);

impl ClientKey {
    pub fn of(addr: IpAddr) -> ClientKey {
        match addr {
            IpAddr::V4(v4) => ClientKey(u128::from(u32::from(v4))),
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => ClientKey(u128::from(u32::from(v4))),
                None => ClientKey((u128::from(v6) >> 64 << 64) | (1 << 32)),
            },
        }
    }
}

/// Failed attempts per key (a client address by default) within a sliding window.
pub struct AttemptLimiter<K = ClientKey> {
    limit: usize,
    window: Duration,
    failures: Mutex<HashMap<K, VecDeque<Instant>>>,
}

impl AttemptLimiter {
    /// The default of METHODS.md: 10 failed tries per 10 minutes.
    pub fn standard() -> AttemptLimiter {
        AttemptLimiter::new(10, Duration::from_secs(600))
    }
}

impl<K: Hash + Eq + Clone> AttemptLimiter<K> {
    pub fn new(limit: usize, window: Duration) -> AttemptLimiter<K> {
        AttemptLimiter {
            limit: limit.max(1),
            window,
            failures: Mutex::new(HashMap::new()),
        }
    }

    /// `Err(wait)` if the client has used up its failed tries; it may try again after `wait`.
    pub fn check(&self, client: &K, now: Instant) -> Result<(), Duration> {
        let Ok(mut failures) = self.failures.lock() else {
            return Ok(());
        };
        let Some(times) = failures.get_mut(client) else {
            return Ok(());
        };
        self.forget_old(times, now);
        if times.len() < self.limit {
            return Ok(());
        }
        let oldest = times.front().copied().unwrap_or(now);
        Err((oldest + self.window)
            .saturating_duration_since(now)
            .max(Duration::from_secs(1)))
    }

    /// Counts one failed try; returns the number of failures in the window now.
    pub fn record_failure(&self, client: &K, now: Instant) -> usize {
        let Ok(mut failures) = self.failures.lock() else {
            return 0;
        };
        if failures.len() > 100_000 {
            // Bounded memory under a flood from many addresses: drop clients whose window ended.
            let window = self.window;
            failures.retain(|_, t| {
                t.back()
                    .is_some_and(|last| now.duration_since(*last) < window)
            });
        }
        let times = failures.entry(client.clone()).or_default();
        self.forget_old(times, now);
        times.push_back(now);
        times.len()
    }

    /// Forgets the failures of `client` (after a successful login to an account).
    pub fn forget(&self, client: &K) {
        if let Ok(mut failures) = self.failures.lock() {
            failures.remove(client);
        }
    }

    fn forget_old(&self, times: &mut VecDeque<Instant>, now: Instant) {
        while times
            .front()
            .is_some_and(|t| now.duration_since(*t) >= self.window)
        {
            times.pop_front();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> ClientKey {
        ClientKey::of(s.parse().unwrap())
    }

    #[test]
    fn the_eleventh_failure_within_ten_minutes_is_refused() {
        let limiter = AttemptLimiter::standard();
        let t0 = Instant::now();
        for i in 0..10 {
            assert!(limiter.check(&key("10.0.0.1"), t0).is_ok(), "try {i}");
            limiter.record_failure(&key("10.0.0.1"), t0 + Duration::from_secs(i));
        }
        let wait = limiter
            .check(&key("10.0.0.1"), t0 + Duration::from_secs(10))
            .unwrap_err();
        assert_eq!(wait, Duration::from_secs(590));
        // Another address is not affected.
        assert!(limiter.check(&key("10.0.0.2"), t0).is_ok());
        // Once the first failure leaves the window, one more try is allowed.
        assert!(limiter
            .check(&key("10.0.0.1"), t0 + Duration::from_secs(600))
            .is_ok());
    }

    #[test]
    fn any_key_can_be_limited_and_forgotten() {
        let limiter: AttemptLimiter<String> = AttemptLimiter::new(2, Duration::from_secs(60));
        let t0 = Instant::now();
        let account = "anna@scb.se".to_string();
        limiter.record_failure(&account, t0);
        limiter.record_failure(&account, t0);
        assert!(limiter.check(&account, t0).is_err());
        limiter.forget(&account);
        assert!(limiter.check(&account, t0).is_ok());
    }

    #[test]
    fn ipv6_counts_per_64() {
        assert_eq!(key("2001:db8:1:2::1"), key("2001:db8:1:2:ffff::9"));
        assert_ne!(key("2001:db8:1:2::1"), key("2001:db8:1:3::1"));
        assert_eq!(key("::ffff:10.0.0.1"), key("10.0.0.1"));
    }
}
