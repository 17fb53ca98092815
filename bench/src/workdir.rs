//! The run's scratch folder (sample, letters, SQLite files, pgbench script and logs, server
//! logs), removed at the end unless `--keep`.

use anyhow::Context;
use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

pub struct WorkDir {
    path: PathBuf,
    keep: bool,
}

/// A name unique to this process and moment (not a secret).
pub fn unique_suffix() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!("{}_{:08x}", std::process::id(), nanos)
}

impl WorkDir {
    pub fn create(keep: bool) -> anyhow::Result<WorkDir> {
        let path = std::env::temp_dir().join(format!("svar-bench-{}", unique_suffix()));
        std::fs::create_dir_all(&path).with_context(|| format!("creating {}", path.display()))?;
        Ok(WorkDir { path, keep })
    }

    /// A subfolder, created.
    pub fn folder(&self, name: &str) -> anyhow::Result<PathBuf> {
        let dir = self.path.join(name);
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        Ok(dir)
    }
}

impl Drop for WorkDir {
    fn drop(&mut self) {
        if self.keep {
            eprintln!("kept work folder {}", self.path.display());
        } else {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}
