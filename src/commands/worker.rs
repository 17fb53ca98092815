//! `svar worker --once [--at RFC3339]`: one pass of every due job, as of that time, then exit —
//! to catch up after an outage, or to run a contact plan over a simulated clock. And the
//! worker's settings, shared with `svar serve` and `svar worker`.

use crate::configuration::Settings;
use anyhow::Context;
use std::sync::Arc;
use std::time::Duration;
use svar_core::code::CodeKey;
use svar_core::db::Pool;
use svar_core::setup::JobBoard;
use svar_worker::mail::MailSettings;
use svar_worker::WorkerSettings;

/// The worker's settings from the configuration; `board` is shared with the API in one process.
pub fn worker_settings(
    settings: &Settings,
    pool: Pool,
    board: Arc<JobBoard>,
) -> anyhow::Result<WorkerSettings> {
    let db = settings.database()?;
    let secrets = settings.secrets(&db)?;
    Ok(WorkerSettings {
        pool,
        code_key: CodeKey::new(secrets.code_secret.as_bytes())?,
        public_url: settings.public_url(),
        board,
        mail: MailSettings {
            smtp_url: settings.smtp_url.clone(),
            mail_dir: settings.mail_dir.clone(),
            from: settings.mail_from(),
            rate_per_second: settings.mail_rate,
            senders: settings.mail_senders,
            batch: settings.mail_batch,
            lease: Duration::from_secs(settings.mail_lease_seconds.max(1)),
        },
        schedule_every: Duration::from_secs(settings.schedule_seconds.max(1)),
    })
}

/// The instant `--at` names, or now.
fn pass_time(at: Option<&str>) -> anyhow::Result<i64> {
    match at {
        None => Ok(svar_core::db::now_ms()),
        Some(text) => Ok(chrono::DateTime::parse_from_rfc3339(text)
            .with_context(|| {
                format!("--at {text:?} is not an RFC 3339 time such as 2027-03-01T09:00:00+01:00")
            })?
            .timestamp_millis()),
    }
}

pub fn once(settings: &Settings, at: Option<&str>) -> anyhow::Result<()> {
    let at_ms = pass_time(at)?;
    let pool = super::open_migrated(settings)?;
    let worker = worker_settings(settings, pool, Arc::new(JobBoard::default()))?;
    let report = svar_worker::run_once(worker, at_ms)?;
    let e = report.emails;
    println!(
        "scheduled {} contacts; ran {} jobs; e-mail: {} sent, {} to retry, {} failed, {} ambiguous; {} leases expired",
        report.scheduled, report.jobs, e.sent, e.retried, e.failed, e.ambiguous, report.expired_leases
    );
    Ok(())
}
