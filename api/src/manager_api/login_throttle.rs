//! Throttling of failed manager logins, per account and per client address: password guessing
//! against one account from many addresses, and against many accounts from one address, both
//! meet a 429 with `Retry-After`. Unknown addresses are throttled by the address typed, so the
//! answer does not tell whether an account exists.

use std::time::{Duration, Instant};
use svar_core::throttle::{AttemptLimiter, ClientKey};

/// Failed logins allowed per account in the window.
pub const PER_ACCOUNT: usize = 5;
/// Failed logins allowed per client address in the window.
pub const PER_ADDRESS: usize = 20;
pub const WINDOW: Duration = Duration::from_secs(15 * 60);

/// What a failed login counts against besides the address.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum AccountKey {
    User(i64),
    /// The address as typed (lower-cased) when no account has it.
    Unknown(String),
}

pub struct LoginThrottle {
    accounts: AttemptLimiter<AccountKey>,
    addresses: AttemptLimiter<ClientKey>,
}

impl LoginThrottle {
    pub fn standard() -> LoginThrottle {
        LoginThrottle {
            accounts: AttemptLimiter::new(PER_ACCOUNT, WINDOW),
            addresses: AttemptLimiter::new(PER_ADDRESS, WINDOW),
        }
    }

    /// `Err(wait)` while the address or the account has used up its failed tries.
    pub fn check(&self, account: &AccountKey, client: ClientKey) -> Result<(), Duration> {
        let now = Instant::now();
        let by_address = self.addresses.check(&client, now);
        let by_account = self.accounts.check(account, now);
        match (by_address, by_account) {
            (Ok(()), Ok(())) => Ok(()),
            (Err(a), Err(b)) => Err(a.max(b)),
            (Err(wait), _) | (_, Err(wait)) => Err(wait),
        }
    }

    pub fn failed(&self, account: &AccountKey, client: ClientKey) {
        let now = Instant::now();
        self.addresses.record_failure(&client, now);
        self.accounts.record_failure(account, now);
    }

    /// A successful login clears the account's failures (not the address's).
    pub fn succeeded(&self, account: &AccountKey) {
        self.accounts.forget(account);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client(n: u8) -> ClientKey {
        ClientKey::of(std::net::IpAddr::from([10, 0, 0, n]))
    }

    #[test]
    fn an_account_is_throttled_from_every_address() {
        let t = LoginThrottle::standard();
        let account = AccountKey::User(1);
        for n in 0..PER_ACCOUNT {
            assert!(t.check(&account, client(n as u8)).is_ok());
            t.failed(&account, client(n as u8));
        }
        assert!(t.check(&account, client(99)).is_err());
        assert!(t.check(&AccountKey::User(2), client(99)).is_ok());
        t.succeeded(&account);
        assert!(t.check(&account, client(99)).is_ok());
    }

    #[test]
    fn an_address_is_throttled_for_every_account() {
        let t = LoginThrottle::standard();
        for n in 0..PER_ADDRESS {
            t.failed(&AccountKey::Unknown(format!("u{n}@x.se")), client(1));
        }
        assert!(t.check(&AccountKey::User(1), client(1)).is_err());
        assert!(t.check(&AccountKey::User(1), client(2)).is_ok());
    }
}
