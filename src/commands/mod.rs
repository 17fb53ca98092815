//! One file per command of the `svar` binary.

pub mod demo;
pub mod letters;
pub mod migrate;
pub mod sample;
pub mod serve;
pub mod survey;
pub mod user;
pub mod worker;

use crate::configuration::Settings;
use svar_core::db::{migrate as run_migrations, open_pool, Pool};

/// Opens the pool and applies pending migrations (every command that touches data does).
pub fn open_migrated(settings: &Settings) -> anyhow::Result<Pool> {
    let db = settings.database()?;
    let pool = open_pool(&db, settings.pool_size(&db))
        .map_err(|e| anyhow::anyhow!("{} ({})", e, db.redacted()))?;
    let applied = run_migrations(&mut *pool.get()?)?;
    if applied > 0 {
        tracing::info!(applied, "migrations applied");
    }
    Ok(pool)
}
