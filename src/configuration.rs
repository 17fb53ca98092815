//! Configuration: `SVAR_*` environment variables (or flags), each with a default that suits
//! the embedded mode, and the secrets the embedded mode generates and keeps in a file beside
//! the database when none are configured.

use anyhow::{bail, Context};
use clap::Args;
use std::path::{Path, PathBuf};
use svar_core::db::{Backend, DatabaseUrl};

/// Settings shared by every command.
#[derive(Debug, Clone, Args)]
pub struct Settings {
    /// Database: a SQLite file path (or sqlite://path), or postgres://user@host/db
    #[arg(
        long,
        env = "SVAR_DATABASE_URL",
        default_value = "svar.db",
        global = true
    )]
    pub database_url: String,
    /// Address and port to listen on
    #[arg(
        long,
        env = "SVAR_LISTEN",
        default_value = "127.0.0.1:8080",
        global = true
    )]
    pub listen: String,
    /// Public address respondents open (links in letters and e-mail); default http://LISTEN
    #[arg(long, env = "SVAR_PUBLIC_URL", global = true)]
    pub public_url: Option<String>,
    /// Secret key for access-code hashes (generated and kept in svar-secrets.json if unset)
    #[arg(long, env = "SVAR_CODE_SECRET", hide_env_values = true, global = true)]
    pub code_secret: Option<String>,
    /// Secret key for session and login tokens (generated and kept if unset)
    #[arg(long, env = "SVAR_JWT_SECRET", hide_env_values = true, global = true)]
    pub jwt_secret: Option<String>,
    /// SMTP server the worker sends e-mail through: smtp://host:port (plain),
    /// smtp://host:port?tls=required (STARTTLS) or smtps://host:port (TLS), with
    /// user:password@ before the host if it wants a login. Unset: e-mail goes to SVAR_MAIL_DIR
    #[arg(long, env = "SVAR_SMTP_URL", hide_env_values = true, global = true)]
    pub smtp_url: Option<String>,
    /// Folder the worker writes e-mail to, one .eml file per message, when SVAR_SMTP_URL is not
    /// set (the embedded default)
    #[arg(
        long,
        env = "SVAR_MAIL_DIR",
        default_value = "svar-mail",
        global = true
    )]
    pub mail_dir: PathBuf,
    /// Sender of e-mail, e.g. "Statistics Sweden <survey@scb.se>" (default: svar@ the host of
    /// SVAR_PUBLIC_URL)
    #[arg(long, env = "SVAR_MAIL_FROM", global = true)]
    pub mail_from: Option<String>,
    /// Most e-mails a second each worker process sends (0: no cap), to keep a relay's limits
    #[arg(long, env = "SVAR_MAIL_RATE", default_value_t = 50.0, global = true)]
    pub mail_rate: f64,
    /// E-mails each worker process sends at once (sending threads and SMTP connections)
    #[arg(long, env = "SVAR_MAIL_SENDERS", default_value_t = 2, global = true)]
    pub mail_senders: usize,
    /// E-mails a sending thread takes at a time: their "being sent" marks and their outcomes
    /// are committed together, so a worker killed mid-batch leaves up to this many per thread
    /// ambiguous (never sent again); smaller is safer, larger faster
    #[arg(long, env = "SVAR_MAIL_BATCH", default_value_t = 50, global = true)]
    pub mail_batch: usize,
    /// Seconds a worker holds an e-mail it is sending; one still held after that (its worker
    /// died) is counted ambiguous and never sent again
    #[arg(
        long,
        env = "SVAR_MAIL_LEASE_SECONDS",
        default_value_t = 300,
        global = true
    )]
    pub mail_lease_seconds: u64,
    /// Seconds between the worker's scheduling passes over every fielding survey's contact plan
    #[arg(
        long,
        env = "SVAR_SCHEDULE_SECONDS",
        default_value_t = 60,
        global = true
    )]
    pub schedule_seconds: u64,
    /// Address and port of `svar worker`'s /healthz, /readyz and /metrics (`svar serve`
    /// answers them on SVAR_LISTEN)
    #[arg(
        long,
        env = "SVAR_WORKER_LISTEN",
        default_value = "127.0.0.1:8081",
        global = true
    )]
    pub worker_listen: String,
    /// Log filter (tracing EnvFilter syntax), e.g. info or svar_api=debug
    #[arg(long, env = "SVAR_LOG", default_value = "info", global = true)]
    pub log: String,
    /// Log format: json (production) or text
    #[arg(long, env = "SVAR_LOG_FORMAT", default_value = "json", global = true)]
    pub log_format: String,
    /// Database connections per process (default: 4 for SQLite, 8 for PostgreSQL)
    #[arg(long, env = "SVAR_DB_POOL", global = true)]
    pub db_pool: Option<u32>,
    /// Failed code attempts allowed per client address in 10 minutes, then 429
    #[arg(long, env = "SVAR_CODE_ATTEMPTS", default_value_t = 10, global = true)]
    pub code_attempts: usize,
}

/// The secrets in force.
pub struct Secrets {
    pub code_secret: String,
    pub jwt_secret: String,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct SecretsFile {
    code_secret: String,
    jwt_secret: String,
}

impl Settings {
    pub fn database(&self) -> anyhow::Result<DatabaseUrl> {
        DatabaseUrl::parse(&self.database_url).context("SVAR_DATABASE_URL")
    }

    pub fn public_url(&self) -> String {
        match &self.public_url {
            Some(url) => url.trim_end_matches('/').to_string(),
            None => format!("http://{}", self.listen),
        }
    }

    /// The sender of e-mail: `SVAR_MAIL_FROM`, else `Svar <svar@host>` with the host of the
    /// public address (`localhost` for a bare address).
    pub fn mail_from(&self) -> String {
        if let Some(from) = &self.mail_from {
            return from.clone();
        }
        let url = self.public_url();
        let host = url
            .split_once("://")
            .map_or(url.as_str(), |(_, rest)| rest)
            .split(['/', ':'])
            .next()
            .unwrap_or("");
        let host = if host.is_empty() || host.parse::<std::net::IpAddr>().is_ok() {
            "localhost"
        } else {
            host
        };
        format!("Svar <svar@{host}>")
    }

    /// Pool size: `SVAR_DB_POOL`, else the default for the backend.
    pub fn pool_size(&self, db: &DatabaseUrl) -> u32 {
        self.db_pool
            .unwrap_or_else(|| svar_core::db::default_pool_size(db.backend()))
    }

    /// Secrets from the environment; any that is missing is read from (or generated into)
    /// `svar-secrets.json` beside the SQLite file, or in the working folder for PostgreSQL.
    pub fn secrets(&self, db: &DatabaseUrl) -> anyhow::Result<Secrets> {
        if let (Some(code), Some(jwt)) = (&self.code_secret, &self.jwt_secret) {
            return Ok(Secrets {
                code_secret: code.clone(),
                jwt_secret: jwt.clone(),
            });
        }
        let path = secrets_path(db);
        let kept = load_or_create(&path)?;
        if db.backend() == Backend::Postgres {
            tracing::warn!(
                path = %path.display(),
                "SVAR_CODE_SECRET or SVAR_JWT_SECRET not set: using secrets kept in a local file; \
                 every API and worker process must share the same secrets"
            );
        }
        Ok(Secrets {
            code_secret: self.code_secret.clone().unwrap_or(kept.code_secret),
            jwt_secret: self.jwt_secret.clone().unwrap_or(kept.jwt_secret),
        })
    }
}

fn secrets_path(db: &DatabaseUrl) -> PathBuf {
    let dir = db
        .sqlite_path()
        .and_then(|p| Path::new(p).parent())
        .filter(|d| !d.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    dir.join("svar-secrets.json")
}

fn load_or_create(path: &Path) -> anyhow::Result<SecretsFile> {
    if path.exists() {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        let kept: SecretsFile = serde_json::from_str(&text)
            .with_context(|| format!("{} is not a secrets file", path.display()))?;
        if kept.code_secret.is_empty() || kept.jwt_secret.is_empty() {
            bail!("{} holds an empty secret", path.display());
        }
        return Ok(kept);
    }
    let fresh = SecretsFile {
        code_secret: svar_core::code::CodeKey::generate_secret()
            .map_err(|e| anyhow::anyhow!("random source: {e}"))?,
        jwt_secret: svar_core::code::CodeKey::generate_secret()
            .map_err(|e| anyhow::anyhow!("random source: {e}"))?,
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    write_private(path, &serde_json::to_string_pretty(&fresh)?)?;
    Ok(fresh)
}

#[cfg(unix)]
pub(crate) fn write_private(path: &Path, text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("creating {}", path.display()))?;
    file.write_all(text.as_bytes())?;
    file.sync_all()?;
    Ok(())
}

#[cfg(not(unix))]
pub(crate) fn write_private(path: &Path, text: &str) -> anyhow::Result<()> {
    std::fs::write(path, text).with_context(|| format!("creating {}", path.display()))
}
