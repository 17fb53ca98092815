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
    /// SMTP server for e-mail (smtp://host:port); read, not used yet: nothing sends e-mail yet
    #[arg(long, env = "SVAR_SMTP_URL", global = true)]
    pub smtp_url: Option<String>,
    /// Folder e-mail will be written to when no SMTP server is set (not used yet)
    #[arg(
        long,
        env = "SVAR_MAIL_DIR",
        default_value = "svar-mail",
        global = true
    )]
    pub mail_dir: PathBuf,
    /// Log filter (tracing EnvFilter syntax), e.g. info or svar_api=debug
    #[arg(long, env = "SVAR_LOG", default_value = "info", global = true)]
    pub log: String,
    /// Log format: json (production) or text
    #[arg(long, env = "SVAR_LOG_FORMAT", default_value = "json", global = true)]
    pub log_format: String,
    /// Database connections per process
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
