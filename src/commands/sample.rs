//! `svar sample import`: strata and sample CSV files into a survey, all or nothing.

use crate::configuration::Settings;
use anyhow::Context;
use std::fs::File;
use std::io::BufReader;
use std::path::Path;
use svar_core::setup::import_sample;

pub fn import(
    settings: &Settings,
    survey: i64,
    strata: &Path,
    sample: &Path,
) -> anyhow::Result<()> {
    let strata_file =
        File::open(strata).with_context(|| format!("opening {}", strata.display()))?;
    let sample_file =
        File::open(sample).with_context(|| format!("opening {}", sample.display()))?;
    let pool = super::open_migrated(settings)?;
    let imported = import_sample(
        &mut *pool.get()?,
        survey,
        BufReader::new(strata_file),
        BufReader::new(sample_file),
    )?;
    println!(
        "imported {} strata and {} cases into survey {survey}",
        imported.strata, imported.summary.rows
    );
    Ok(())
}
