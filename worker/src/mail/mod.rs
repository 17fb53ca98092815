//! E-mail: the transport (SMTP or a folder of `.eml` files), the message each attempt becomes,
//! what a failed send means, the rate cap, and the senders that lease due e-mail from the
//! outbox and send it.

pub mod failure;
pub mod message;
pub mod rate_limit;
pub mod sender;
pub mod smtp;
pub mod transport;

pub use rate_limit::RateLimit;
pub use transport::{MailSetupError, Transport};

use lettre::message::Mailbox;
use std::path::PathBuf;
use std::time::Duration;

/// The mail settings of a worker process (`SVAR_SMTP_URL`, `SVAR_MAIL_DIR`, `SVAR_MAIL_FROM`,
/// `SVAR_MAIL_RATE`, `SVAR_MAIL_SENDERS`, `SVAR_MAIL_BATCH`).
#[derive(Debug, Clone)]
pub struct MailSettings {
    pub smtp_url: Option<String>,
    pub mail_dir: PathBuf,
    /// The sender, e.g. `Statistics Sweden <survey@scb.se>`.
    pub from: String,
    /// Messages a second this process sends at most; 0: no cap.
    pub rate_per_second: f64,
    /// Threads (and SMTP connections) that send at once.
    pub senders: usize,
    /// E-mails a sender takes at a time (see `sender`): a worker killed mid-batch leaves up to
    /// this many per sender ambiguous.
    pub batch: usize,
    /// How long a sender holds the e-mails it leased; one still held after that is counted
    /// abandoned (its worker died) and becomes ambiguous.
    pub lease: Duration,
}

/// The most e-mails a sender takes at a time, whatever `SVAR_MAIL_BATCH` says.
pub const MAX_BATCH: usize = 1_000;

/// What the senders share.
pub struct Mailer {
    pub transport: Transport,
    pub from: Mailbox,
    /// The domain of Message-IDs (the sender's).
    pub domain: String,
    pub rate: RateLimit,
    pub senders: usize,
    pub batch: i64,
    pub lease: Duration,
}

impl Mailer {
    pub fn new(settings: &MailSettings) -> Result<Mailer, MailSetupError> {
        let from: Mailbox = settings
            .from
            .trim()
            .parse()
            .map_err(|_| MailSetupError::BadFrom)?;
        let domain = from.email.domain().to_string();
        let senders = settings.senders.max(1);
        Ok(Mailer {
            transport: Transport::new(settings.smtp_url.as_deref(), &settings.mail_dir)?,
            from,
            domain,
            rate: RateLimit::new(settings.rate_per_second),
            senders,
            batch: i64::try_from(settings.batch.clamp(1, MAX_BATCH)).unwrap_or(1),
            lease: settings.lease.max(Duration::from_secs(1)),
        })
    }
}
