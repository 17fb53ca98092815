//! `svar letters`: the invitation print file with one fresh code per case still answering.

use crate::configuration::Settings;
use anyhow::Context;
use std::path::Path;
use svar_core::code::CodeKey;
use svar_core::setup::write_invitations;

pub fn write(settings: &Settings, survey: i64, out: &Path) -> anyhow::Result<()> {
    let db = settings.database()?;
    let secrets = settings.secrets(&db)?;
    let key = CodeKey::new(secrets.code_secret.as_bytes())?;
    let pool = super::open_migrated(settings)?;
    // Write beside the target, then rename: a half-written print file never appears.
    let partial = out.with_extension("partial");
    let file = std::fs::File::create(&partial)
        .with_context(|| format!("creating {}", partial.display()))?;
    let count = write_invitations(
        &mut *pool.get()?,
        &key,
        survey,
        &settings.public_url(),
        file,
    );
    let count = match count {
        Ok(n) => n,
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            return Err(e.into());
        }
    };
    std::fs::rename(&partial, out).with_context(|| format!("writing {}", out.display()))?;
    println!("wrote {count} letters to {}", out.display());
    Ok(())
}
