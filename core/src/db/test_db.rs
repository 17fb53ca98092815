//! Fresh databases for tests, on every backend the machine offers: always a SQLite file in the
//! temporary folder, and PostgreSQL when `SVAR_TEST_DATABASE_URL` names a server (each test
//! gets its own database, created from that URL and dropped afterwards). Used by the tests of
//! every crate, so it lives here rather than in one crate's `tests/`.

use super::{migrate, open_pool, Backend, DatabaseUrl, Pool, StoreError};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;

/// The variable that names the PostgreSQL server for tests.
pub const TEST_DATABASE_ENV: &str = "SVAR_TEST_DATABASE_URL";

/// A migrated database that disappears when dropped.
pub struct TestDatabase {
    pub url: DatabaseUrl,
    pub pool: Pool,
    cleanup: Cleanup,
}

enum Cleanup {
    SqliteFile(std::path::PathBuf),
    PostgresDatabase { admin_url: String, name: String },
}

impl TestDatabase {
    pub fn backend(&self) -> Backend {
        self.url.backend()
    }

    /// A fresh, migrated SQLite file.
    pub fn sqlite() -> Result<TestDatabase, StoreError> {
        let path = std::env::temp_dir().join(format!("svar-test-{}.db", random_suffix()));
        let url = DatabaseUrl::parse(&path.to_string_lossy())?;
        let pool = open_pool(&url, 4)?;
        migrate(&mut *pool.get()?)?;
        Ok(TestDatabase {
            url,
            pool,
            cleanup: Cleanup::SqliteFile(path),
        })
    }

    /// A fresh, migrated PostgreSQL database, if `SVAR_TEST_DATABASE_URL` is set.
    pub fn postgres() -> Result<Option<TestDatabase>, StoreError> {
        let Ok(admin_url) = std::env::var(TEST_DATABASE_ENV) else {
            return Ok(None);
        };
        if admin_url.trim().is_empty() {
            return Ok(None);
        }
        let name = format!("svar_test_{}", random_suffix());
        let mut admin = diesel::PgConnection::establish(&admin_url)
            .map_err(|e| StoreError::Unavailable(e.to_string()))?;
        admin.batch_execute(&format!("CREATE DATABASE {name}"))?;
        let url = DatabaseUrl::parse(&replace_database(&admin_url, &name))?;
        let pool = open_pool(&url, 8)?;
        migrate(&mut *pool.get()?)?;
        Ok(Some(TestDatabase {
            url,
            pool,
            cleanup: Cleanup::PostgresDatabase { admin_url, name },
        }))
    }

    /// SQLite, plus PostgreSQL when configured: the backends a storage test must pass on.
    pub fn all() -> Result<Vec<TestDatabase>, StoreError> {
        let mut dbs = vec![TestDatabase::sqlite()?];
        dbs.extend(TestDatabase::postgres()?);
        Ok(dbs)
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::SqliteFile(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let mut p = path.clone().into_os_string();
                    p.push(suffix);
                    let _ = std::fs::remove_file(p);
                }
            }
            Cleanup::PostgresDatabase { admin_url, name } => {
                if let Ok(mut admin) = diesel::PgConnection::establish(admin_url) {
                    let _ = admin
                        .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
                }
            }
        }
    }
}

/// `postgres://u@h:5432/old?x` with the database part replaced by `name`.
fn replace_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let host_and_path = &base[scheme_end..];
    let host = host_and_path.split('/').next().unwrap_or(host_and_path);
    let mut out = format!("{}{}/{}", &base[..scheme_end], host, name);
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

fn random_suffix() -> String {
    let mut bytes = [0u8; 8];
    // Uniqueness, not secrecy: fall back to the clock if the OS source fails.
    if getrandom::fill(&mut bytes).is_err() {
        bytes = super::now_ms().to_le_bytes();
    }
    hex::encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_name_is_replaced() {
        assert_eq!(
            replace_database(
                "postgres://postgres@127.0.0.1:5432/svar?sslmode=disable",
                "x1"
            ),
            "postgres://postgres@127.0.0.1:5432/x1?sslmode=disable"
        );
        assert_eq!(replace_database("postgres://h", "x2"), "postgres://h/x2");
    }
}
