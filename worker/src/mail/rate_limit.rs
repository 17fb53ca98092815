//! The cap on outgoing e-mail (`SVAR_MAIL_RATE`, messages per second per worker process):
//! every sender thread takes the next free slot before it sends, so a relay's limits are kept
//! however many threads send.

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Evenly spaced send slots.
#[derive(Debug)]
pub struct RateLimit {
    /// `None`: no cap.
    interval: Option<Duration>,
    next: Mutex<Instant>,
}

impl RateLimit {
    /// At most `per_second` messages a second; 0 or less means no cap.
    pub fn new(per_second: f64) -> RateLimit {
        let interval = (per_second > 0.0).then(|| Duration::from_secs_f64(1.0 / per_second));
        RateLimit {
            interval,
            next: Mutex::new(Instant::now()),
        }
    }

    /// Takes the next slot: how long to wait before sending.
    pub fn reserve(&self) -> Duration {
        let Some(interval) = self.interval else {
            return Duration::ZERO;
        };
        let now = Instant::now();
        let mut next = self.next.lock().unwrap_or_else(|p| p.into_inner());
        let slot = (*next).max(now);
        *next = slot + interval;
        slot - now
    }

    /// Waits for the next slot.
    pub fn wait(&self) {
        let wait = self.reserve();
        if !wait.is_zero() {
            std::thread::sleep(wait);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_spaced_by_the_rate_and_no_cap_means_no_wait() {
        let limit = RateLimit::new(10.0);
        assert!(limit.reserve() < Duration::from_millis(5));
        let second = limit.reserve();
        let third = limit.reserve();
        assert!(second > Duration::from_millis(90) && second <= Duration::from_millis(100));
        assert!(third > Duration::from_millis(190) && third <= Duration::from_millis(200));
        let free = RateLimit::new(0.0);
        for _ in 0..100 {
            assert_eq!(free.reserve(), Duration::ZERO);
        }
    }
}
