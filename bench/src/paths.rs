//! Where things are: the `svar` binary (next to this executable, as `cargo build --release`
//! puts both), the repository (for the demo questionnaire and strata) and `../shared` beside
//! it (for the sample generator).

use anyhow::{bail, Context};
use std::path::{Path, PathBuf};

/// The files the benchmark reads and runs.
#[derive(Debug, Clone)]
pub struct Paths {
    pub svar: PathBuf,
    pub repo: PathBuf,
    pub shared: PathBuf,
}

impl Paths {
    pub fn find(svar: Option<&Path>) -> anyhow::Result<Paths> {
        let svar = match svar {
            Some(p) => p.to_path_buf(),
            None => {
                let me = std::env::current_exe().context("locating svar-bench itself")?;
                let dir = me
                    .parent()
                    .context("svar-bench has no parent folder")?
                    .to_path_buf();
                dir.join(format!("svar{}", std::env::consts::EXE_SUFFIX))
            }
        };
        if !svar.is_file() {
            bail!(
                "no server binary at {}: run `cargo build --release` first (or pass --svar)",
                svar.display()
            );
        }
        let repo = repo_root()?;
        let shared = repo.join("..").join("shared");
        Ok(Paths { svar, repo, shared })
    }

    pub fn questionnaire(&self) -> PathBuf {
        self.repo.join("demo").join("integration-survey.xlsx")
    }

    pub fn demo_strata(&self) -> PathBuf {
        self.repo.join("demo").join("strata.csv")
    }

    pub fn demo_sample(&self) -> PathBuf {
        self.repo.join("demo").join("sample-2000.csv")
    }

    pub fn sample_generator(&self) -> PathBuf {
        self.shared.join("fixtures").join("make_sample.py")
    }
}

/// The workspace root: the folder above this crate when it was built, else the current
/// folder; either must hold the demo questionnaire.
fn repo_root() -> anyhow::Result<PathBuf> {
    let built = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let candidates = [built, std::env::current_dir().unwrap_or_default()];
    for dir in candidates {
        if dir.join("demo").join("integration-survey.xlsx").is_file() {
            return Ok(dir.canonicalize().unwrap_or(dir));
        }
    }
    bail!("cannot find the repository (demo/integration-survey.xlsx): run from the repository root")
}
