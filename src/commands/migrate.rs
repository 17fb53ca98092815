//! `svar migrate`: apply the embedded migrations.

use crate::configuration::Settings;

pub fn run(settings: &Settings) -> anyhow::Result<()> {
    super::open_migrated(settings)?;
    println!(
        "database is up to date: {}",
        settings.database()?.redacted()
    );
    Ok(())
}
