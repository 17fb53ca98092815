//! One connection type for both backends, the pool, migrations and the write transaction.
//!
//! Svar runs on SQLite (the embedded default) and PostgreSQL from one code base through
//! diesel's `MultiConnection`. What the derive cannot express (upserts, batch inserts,
//! `BEGIN IMMEDIATE`) is hidden here behind [`with_conn!`] and [`write_tx`]; see
//! `../shared/STACK.md` §2 for why each piece is needed.

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::prelude::*;
use diesel::r2d2::{CustomizeConnection, ManageConnection};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};
use std::time::Duration;

pub const PG_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/postgres");
pub const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/sqlite");

/// A connection to either backend.
#[derive(diesel::MultiConnection)]
pub enum AnyConnection {
    Postgresql(diesel::PgConnection),
    Sqlite(diesel::SqliteConnection),
}

/// Runs the same diesel DSL text against the concrete backend connection, for queries the
/// `MultiConnection` derive cannot take (upserts, batch inserts, row locks).
#[macro_export]
macro_rules! with_conn {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::db::AnyConnection::Postgresql($c) => $body,
            $crate::db::AnyConnection::Sqlite($c) => $body,
        }
    };
}

/// The pool every process shares.
pub type Pool = r2d2::Pool<AnyManager>;
/// A connection checked out of the pool.
pub type PooledConnection = r2d2::PooledConnection<AnyManager>;

/// Which backend a database URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Postgres,
    Sqlite,
}

/// A parsed `SVAR_DATABASE_URL`: `postgres://…` / `postgresql://…`, or a SQLite file given as
/// a plain path, `sqlite://path` or `file:path`.
#[derive(Clone, PartialEq, Eq)]
pub struct DatabaseUrl {
    backend: Backend,
    target: String,
}

impl DatabaseUrl {
    pub fn parse(url: &str) -> Result<DatabaseUrl, StoreError> {
        let url = url.trim();
        if url.is_empty() {
            return Err(StoreError::BadUrl("the database URL is empty".into()));
        }
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(DatabaseUrl {
                backend: Backend::Postgres,
                target: url.to_string(),
            });
        }
        let first_word = url.split_whitespace().next().unwrap_or("");
        if first_word.contains('=') {
            return Err(StoreError::BadUrl(
                "this looks like a PostgreSQL conninfo string; write it as postgres://user@host/db"
                    .into(),
            ));
        }
        if url.contains("://") && !url.starts_with("sqlite://") {
            return Err(StoreError::BadUrl(
                "use postgres://… for PostgreSQL, or a file path (or sqlite://path) for SQLite"
                    .into(),
            ));
        }
        let path = url.strip_prefix("sqlite://").unwrap_or(url);
        if path.is_empty() {
            return Err(StoreError::BadUrl("the SQLite file path is empty".into()));
        }
        Ok(DatabaseUrl {
            backend: Backend::Sqlite,
            target: path.to_string(),
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The SQLite file path (for SQLite URLs).
    pub fn sqlite_path(&self) -> Option<&str> {
        (self.backend == Backend::Sqlite).then_some(self.target.as_str())
    }

    /// The full PostgreSQL URL (for PostgreSQL URLs), password included: not for logs.
    pub fn postgres_url(&self) -> Option<&str> {
        (self.backend == Backend::Postgres).then_some(self.target.as_str())
    }

    /// The URL without a password, for logs and messages.
    pub fn redacted(&self) -> String {
        match self.backend {
            Backend::Sqlite => self.target.clone(),
            Backend::Postgres => redact_password(&self.target),
        }
    }
}

impl std::fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DatabaseUrl({})", self.redacted())
    }
}

fn redact_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let Some((userinfo, host)) = rest.split_once('@') else {
        return url.to_string();
    };
    match userinfo.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_string(),
    }
}

/// What can go wrong talking to the database.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("bad database URL: {0}")]
    BadUrl(String),
    #[error("database unavailable: {0}")]
    Unavailable(String),
    #[error("database error: {0}")]
    Query(#[from] diesel::result::Error),
    #[error("migration failed: {0}")]
    Migration(String),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
}

impl StoreError {
    /// The database closed the connection under the query (a restart, a failover): worth
    /// trying again on another connection.
    pub fn is_connection_lost(&self) -> bool {
        matches!(
            self,
            StoreError::Query(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::ClosedConnection,
                _
            ))
        )
    }

    /// What kind of failure this is, without the database's own text (which may quote a
    /// value that was written): fit for logs.
    pub fn kind(&self) -> &'static str {
        use diesel::result::{DatabaseErrorKind as K, Error as E};
        match self {
            StoreError::BadUrl(_) => "bad database URL",
            StoreError::Unavailable(_) => "database unavailable",
            StoreError::Migration(_) => "migration failed",
            StoreError::Corrupt(_) => "stored data is corrupt",
            StoreError::Query(E::DatabaseError(kind, _)) => match kind {
                K::UniqueViolation => "unique violation",
                K::ForeignKeyViolation => "foreign key violation",
                K::NotNullViolation => "not-null violation",
                K::CheckViolation => "check violation",
                K::SerializationFailure => "serialization failure",
                K::ClosedConnection => "connection closed",
                _ => "database error",
            },
            StoreError::Query(E::NotFound) => "row not found",
            StoreError::Query(_) => "query failed",
        }
    }
}

impl From<r2d2::Error> for StoreError {
    fn from(e: r2d2::Error) -> Self {
        StoreError::Unavailable(e.to_string())
    }
}

/// The r2d2 manager: opens the backend the URL names and passes the real error through
/// (diesel's derived `establish` would hide it, and could create a stray SQLite file).
#[derive(Debug)]
pub struct AnyManager(DatabaseUrl);

impl ManageConnection for AnyManager {
    type Connection = AnyConnection;
    type Error = diesel::r2d2::Error;

    fn connect(&self) -> Result<AnyConnection, Self::Error> {
        match self.0.backend {
            Backend::Postgres => {
                diesel::PgConnection::establish(&self.0.target).map(AnyConnection::Postgresql)
            }
            Backend::Sqlite => {
                diesel::SqliteConnection::establish(&self.0.target).map(AnyConnection::Sqlite)
            }
        }
        .map_err(diesel::r2d2::Error::ConnectionError)
    }

    /// Whether a pooled connection can still be used, checked at every checkout without a
    /// round trip. A PostgreSQL server that restarts, fails over or ends a backend sends a last
    /// error and closes the connection; libpq notices when it reads the socket, which
    /// `PQconsumeInput` (behind diesel's `notifications_iter`) does without blocking. The first
    /// read may take only that last error, the second then meets the closed socket: two reads,
    /// so that a closed connection is replaced before a request uses it instead of failing
    /// every request it is handed to. Svar listens for no notifications, so none is lost. A
    /// SQLite file has no server to go away.
    fn is_valid(&self, conn: &mut AnyConnection) -> Result<(), Self::Error> {
        match conn {
            AnyConnection::Postgresql(c) => {
                for _ in 0..2 {
                    if let Some(Err(e)) = c.notifications_iter().next() {
                        return Err(diesel::r2d2::Error::QueryError(e));
                    }
                }
                Ok(())
            }
            AnyConnection::Sqlite(_) => Ok(()),
        }
    }

    fn has_broken(&self, conn: &mut AnyConnection) -> bool {
        match conn {
            AnyConnection::Postgresql(c) => {
                AnsiTransactionManager::is_broken_transaction_manager(c)
            }
            AnyConnection::Sqlite(c) => AnsiTransactionManager::is_broken_transaction_manager(c),
        }
    }
}

/// SQLite settings per connection. `busy_timeout` must come first: with `journal_mode` first,
/// connections opened in parallel fail with "database is locked". `synchronous=FULL` so that
/// a committed answer survives a power cut, not only a process crash.
#[derive(Debug)]
struct SqliteSettings;

impl CustomizeConnection<AnyConnection, diesel::r2d2::Error> for SqliteSettings {
    fn on_acquire(&self, conn: &mut AnyConnection) -> Result<(), diesel::r2d2::Error> {
        if let AnyConnection::Sqlite(c) = conn {
            c.batch_execute(
                "PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; \
                 PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;",
            )
            .map_err(diesel::r2d2::Error::QueryError)?;
        }
        Ok(())
    }
}

/// One trivial statement: whether the database answers on `conn` (readiness checks).
pub fn ping(conn: &mut AnyConnection) -> Result<(), StoreError> {
    conn.batch_execute("SELECT 1")?;
    Ok(())
}

/// Connections per process when `SVAR_DB_POOL` is not set: SQLite writes one at a time anyway;
/// PostgreSQL on a small machine does best with about 8 (measured in BENCHMARKS.md).
pub fn default_pool_size(backend: Backend) -> u32 {
    match backend {
        Backend::Sqlite => 4,
        Backend::Postgres => 8,
    }
}

/// Opens a pool of at most `max_size` connections. Fails within a few seconds if the
/// database cannot be reached.
pub fn open_pool(url: &DatabaseUrl, max_size: u32) -> Result<Pool, StoreError> {
    if let Some(path) = url.sqlite_path() {
        if let Some(dir) = std::path::Path::new(path).parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir)
                    .map_err(|e| StoreError::Unavailable(format!("cannot create {dir:?}: {e}")))?;
            }
        }
    }
    r2d2::Pool::builder()
        .max_size(max_size.max(1))
        .min_idle(Some(1))
        .connection_timeout(Duration::from_secs(5))
        .test_on_check_out(true)
        .connection_customizer(Box::new(SqliteSettings))
        .build(AnyManager(url.clone()))
        .map_err(StoreError::from)
}

/// Key of the PostgreSQL advisory lock held while migrating, so that several processes
/// starting at once (API replicas, a worker) migrate one after the other.
const MIGRATION_LOCK: i64 = 0x5356_4152_0001;

/// Applies the embedded migrations of the connection's backend; returns how many ran.
pub fn migrate(conn: &mut AnyConnection) -> Result<usize, StoreError> {
    let applied = match conn {
        AnyConnection::Postgresql(c) => {
            c.batch_execute(&format!("SELECT pg_advisory_lock({MIGRATION_LOCK})"))?;
            let applied = c.run_pending_migrations(PG_MIGRATIONS).map(|v| v.len());
            c.batch_execute(&format!("SELECT pg_advisory_unlock({MIGRATION_LOCK})"))?;
            applied
        }
        AnyConnection::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS).map(|v| v.len()),
    };
    applied.map_err(|e| StoreError::Migration(e.to_string()))
}

/// Writers to SQLite files queue here, one at a time per process, instead of in SQLite's busy
/// handler, which sleeps in growing steps and made single saves wait seconds under load.
static SQLITE_WRITER: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Runs `f` in one transaction that may write. On SQLite the transaction starts with
/// `BEGIN IMMEDIATE` (so a read-then-write cannot fail half-way with "database is locked"),
/// after taking the process's writer turn; on PostgreSQL it is an ordinary READ COMMITTED
/// transaction (callers use versions or atomic updates against lost updates). Called inside
/// a transaction, `f` joins it (a savepoint on PostgreSQL).
pub fn write_tx<T, E, F>(conn: &mut AnyConnection, f: F) -> Result<T, E>
where
    F: FnOnce(&mut AnyConnection) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    match conn {
        AnyConnection::Postgresql(_) => conn.transaction(f),
        AnyConnection::Sqlite(c) => {
            // Inside a write transaction already (a function that writes, called by one that
            // opened the transaction): the work joins it. Taking the writer's turn again would
            // wait for ourselves.
            let depth = AnsiTransactionManager::transaction_manager_status_mut(c)
                .transaction_depth()
                .ok()
                .flatten();
            if depth.is_some() {
                return f(conn);
            }
            // A panic while holding the turn poisons the lock; the turn is still free to take.
            let _turn = SQLITE_WRITER
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")?;
            match f(conn) {
                Ok(value) => {
                    <AnyConnection as Connection>::TransactionManager::commit_transaction(conn)?;
                    Ok(value)
                }
                Err(e) => {
                    // The original error matters more than a failed rollback.
                    let _ = <AnyConnection as Connection>::TransactionManager::rollback_transaction(
                        conn,
                    );
                    Err(e)
                }
            }
        }
    }
}

/// Milliseconds since the Unix epoch, the time format of every table.
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_choose_the_backend() {
        assert_eq!(
            DatabaseUrl::parse("svar.db").unwrap().backend(),
            Backend::Sqlite
        );
        assert_eq!(
            DatabaseUrl::parse("sqlite://data/svar.db")
                .unwrap()
                .sqlite_path(),
            Some("data/svar.db")
        );
        assert_eq!(
            DatabaseUrl::parse("postgres://u:secret@localhost/db")
                .unwrap()
                .backend(),
            Backend::Postgres
        );
        assert!(DatabaseUrl::parse("mysql://x").is_err());
        assert!(
            DatabaseUrl::parse("host=localhost dbname=svar").is_err(),
            "not a file name"
        );
        assert!(DatabaseUrl::parse("  ").is_err());
    }

    #[test]
    fn the_password_never_shows() {
        let url = DatabaseUrl::parse("postgres://u:secret@localhost/db").unwrap();
        assert!(!format!("{url:?}").contains("secret"));
        assert_eq!(url.redacted(), "postgres://u:***@localhost/db");
    }
}
