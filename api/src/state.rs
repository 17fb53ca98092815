//! What every handler shares: the database pool, the respondent cache, the keys, the
//! attempt limiter, the public address and the board of running imports. Built once at
//! start-up.

use crate::csrf::CsrfKey;
use crate::manager_api::token::ManagerKeys;
use crate::manager_api::LoginThrottle;
use crate::session_token::SessionKeys;
use crate::statistics_feed::StatisticsFeed;
use std::sync::atomic::{AtomicI64, AtomicU64};
use std::sync::Arc;
use svar_core::code::{CodeKey, CodeKeyError};
use svar_core::contact::OptOutKey;
use svar_core::db::Pool;
use svar_core::respondent::RespondentCache;
use svar_core::setup::JobBoard;
use svar_core::throttle::AttemptLimiter;

/// Settings the binary passes in (from `SVAR_*` configuration).
pub struct ApiSettings {
    pub pool: Pool,
    pub code_key: CodeKey,
    pub jwt_secret: Vec<u8>,
    /// e.g. `https://svar.example.se`; the `Secure` cookie flag follows it.
    pub public_url: String,
    pub limiter: AttemptLimiter,
    /// Live progress of the sample imports a worker in this process runs (`svar serve`);
    /// a process without one gets an empty board and reports the stored progress.
    pub jobs: Arc<JobBoard>,
    /// The process's Prometheus recorder, for `/metrics` (none: `/metrics` is 404).
    pub metrics: Option<crate::operations::Metrics>,
}

pub struct AppState {
    pub pool: Pool,
    /// Compiled questionnaires and the cases answered last.
    pub respondent_cache: RespondentCache,
    pub code_key: CodeKey,
    /// Checks the tokens of opt-out links (derived from the code secret).
    pub opt_out: OptOutKey,
    pub sessions: SessionKeys,
    pub csrf: CsrfKey,
    pub limiter: AttemptLimiter,
    /// Field managers' access and refresh tokens.
    pub manager_keys: ManagerKeys,
    /// Failed manager logins per account and per address.
    pub login_throttle: LoginThrottle,
    /// The address respondents open, for the links in letters.
    pub public_url: String,
    /// Live progress of the sample imports a worker in this process runs.
    pub jobs: Arc<JobBoard>,
    /// Cookies get `Secure` when the public address is https.
    pub secure_cookies: bool,
    /// Failed code attempts since start, for the global guessing alarm in the logs.
    pub failed_logins: AtomicU64,
    /// The second (Unix time) the last failed attempt was logged in.
    pub failed_logins_logged_at: AtomicI64,
    /// Live statistics of the surveys dashboards watch.
    pub statistics_feed: StatisticsFeed,
}

impl AppState {
    pub fn new(settings: ApiSettings) -> Result<Arc<AppState>, CodeKeyError> {
        Ok(Arc::new(AppState {
            opt_out: OptOutKey::new(&settings.code_key)?,
            secure_cookies: settings.public_url.starts_with("https://"),
            sessions: SessionKeys::new(&settings.jwt_secret),
            csrf: CsrfKey::derive(&settings.jwt_secret),
            manager_keys: ManagerKeys::new(&settings.jwt_secret),
            login_throttle: LoginThrottle::standard(),
            public_url: settings.public_url.clone(),
            jobs: settings.jobs,
            pool: settings.pool,
            respondent_cache: RespondentCache::new(),
            code_key: settings.code_key,
            limiter: settings.limiter,
            failed_logins: AtomicU64::new(0),
            failed_logins_logged_at: AtomicI64::new(0),
            statistics_feed: StatisticsFeed::default(),
        }))
    }
}
