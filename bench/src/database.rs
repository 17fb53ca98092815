//! The benchmark's own database: a fresh PostgreSQL database created on the given server and
//! dropped at the end, or a fresh SQLite file in the work folder. Administration goes through
//! `psql` (it ships with `pgbench`, which the PostgreSQL benchmark needs anyway).

use crate::workdir::unique_suffix;
use anyhow::{bail, Context};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub enum BenchDatabase {
    Postgres {
        admin_url: String,
        name: String,
        url: String,
        keep: bool,
    },
    Sqlite {
        path: PathBuf,
    },
}

impl BenchDatabase {
    /// Creates `svar_bench_<pid>_<n>` on the server `admin_url` names.
    pub fn postgres(admin_url: &str, keep: bool) -> anyhow::Result<BenchDatabase> {
        let name = format!("svar_bench_{}", unique_suffix());
        psql(admin_url, &format!("CREATE DATABASE {name}"))
            .with_context(|| format!("creating database {name} (is PostgreSQL running?)"))?;
        Ok(BenchDatabase::Postgres {
            admin_url: admin_url.to_string(),
            url: with_database(admin_url, &name),
            name,
            keep,
        })
    }

    pub fn sqlite(dir: &Path) -> BenchDatabase {
        BenchDatabase::Sqlite {
            path: dir.join("svar-bench.db"),
        }
    }

    /// SVAR_DATABASE_URL for this database.
    pub fn url(&self) -> String {
        match self {
            BenchDatabase::Postgres { url, .. } => url.clone(),
            BenchDatabase::Sqlite { path } => path.to_string_lossy().into_owned(),
        }
    }

    /// The PostgreSQL database's name.
    pub fn name(&self) -> Option<&str> {
        match self {
            BenchDatabase::Postgres { name, .. } => Some(name),
            BenchDatabase::Sqlite { .. } => None,
        }
    }

    /// Runs SQL on this (PostgreSQL) database; returns psql's unaligned output.
    pub fn query(&self, sql: &str) -> anyhow::Result<String> {
        match self {
            BenchDatabase::Postgres { url, .. } => psql(url, sql),
            BenchDatabase::Sqlite { .. } => bail!("psql queries need PostgreSQL"),
        }
    }
}

impl Drop for BenchDatabase {
    fn drop(&mut self) {
        match self {
            BenchDatabase::Postgres {
                admin_url,
                name,
                keep,
                ..
            } => {
                if *keep {
                    eprintln!("kept database {name}");
                } else if let Err(e) = psql(
                    admin_url,
                    &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
                ) {
                    eprintln!("could not drop database {name}: {e:#}");
                }
            }
            // The file lives in the work folder, which is removed with it.
            BenchDatabase::Sqlite { .. } => {}
        }
    }
}

/// `psql -At -c SQL` against `url`, failing on the first error.
pub fn psql(url: &str, sql: &str) -> anyhow::Result<String> {
    let out = Command::new("psql")
        .args([
            "-X",
            "-q",
            "-A",
            "-t",
            "-v",
            "ON_ERROR_STOP=1",
            "-d",
            url,
            "-c",
            sql,
        ])
        .stdin(Stdio::null())
        .output()
        .context("running psql (install postgresql-client)")?;
    if !out.status.success() {
        bail!(
            "psql failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// `postgres://u@h:5432/old?x` with the database part replaced by `name`.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let rest = &base[scheme_end..];
    let host = rest.split('/').next().unwrap_or(rest);
    let mut out = format!("{}{}/{}", &base[..scheme_end], host, name);
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_database_part_is_replaced() {
        assert_eq!(
            with_database(
                "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable",
                "b1"
            ),
            "postgres://postgres@127.0.0.1:5432/b1?sslmode=disable"
        );
        assert_eq!(with_database("postgres://h", "b2"), "postgres://h/b2");
    }
}
