//! Where e-mail goes: an SMTP server (`SVAR_SMTP_URL`: `smtp://host:port` plain,
//! `smtp://host:port?tls=required` with STARTTLS, `smtps://host:port` with TLS; user and
//! password in the URL), through the connections of `smtp`; or, on the embedded default
//! without one, a folder (`SVAR_MAIL_DIR`) with one `.eml` file per message, named after its
//! attempt, so that a retried message replaces its file rather than adding one.

use super::failure::SendFailure;
use super::smtp::{SmtpClient, SmtpServer};
use lettre::Message;
use std::path::{Path, PathBuf};

/// Why the mail settings cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum MailSetupError {
    #[error("SVAR_SMTP_URL is not a usable SMTP address ({0}); write smtp://host:port, smtp://host:port?tls=required or smtps://host:port, with user:password@ before the host if the server wants a login")]
    BadSmtpUrl(String),
    #[error("SVAR_MAIL_FROM is not an e-mail address with an optional name, e.g. \"Statistics Sweden <survey@scb.se>\"")]
    BadFrom,
    #[error("the mail folder {0} cannot be created: {1}")]
    Folder(PathBuf, std::io::Error),
    #[error("the SMTP client cannot start: {0}")]
    Client(std::io::Error),
}

/// The way out.
pub enum Transport {
    Smtp {
        client: Box<SmtpClient>,
        /// The URL without its password, for logs.
        shown: String,
    },
    Folder(PathBuf),
}

impl Transport {
    /// The SMTP server of `smtp_url` (a connection kept open per sender); or the folder `dir`
    /// (created if missing) when there is no URL.
    pub fn new(smtp_url: Option<&str>, dir: &Path) -> Result<Transport, MailSetupError> {
        match smtp_url.map(str::trim).filter(|u| !u.is_empty()) {
            Some(url) => {
                let server = SmtpServer::from_url(url)?;
                let client = Box::new(SmtpClient::new(server).map_err(MailSetupError::Client)?);
                Ok(Transport::Smtp {
                    client,
                    shown: hide_password(url),
                })
            }
            None => {
                std::fs::create_dir_all(dir)
                    .map_err(|e| MailSetupError::Folder(dir.to_path_buf(), e))?;
                Ok(Transport::Folder(dir.to_path_buf()))
            }
        }
    }

    /// Where mail goes, for the operator's log (no password).
    pub fn describe(&self) -> String {
        match self {
            Transport::Smtp { shown, .. } => shown.clone(),
            Transport::Folder(dir) => format!("the folder {}", dir.display()),
        }
    }

    /// Closes the connections to the mail server (the senders have stopped).
    pub fn close(&self) {
        if let Transport::Smtp { client, .. } = self {
            client.close();
        }
    }

    /// Sends `message`, the e-mail of attempt `attempt_id`.
    pub fn send(&self, message: &Message, attempt_id: i64) -> Result<(), SendFailure> {
        match self {
            Transport::Smtp { client, .. } => client.send(message.envelope(), &message.formatted()),
            Transport::Folder(dir) => write_eml(dir, message, attempt_id).map_err(|e| {
                SendFailure::Temporary(format!("writing the .eml file: {}", e.kind()))
            }),
        }
    }
}

/// Writes the message as `{attempt}.eml`, whole or not at all.
fn write_eml(dir: &Path, message: &Message, attempt_id: i64) -> std::io::Result<()> {
    let target = dir.join(format!("{attempt_id}.eml"));
    let partial = dir.join(format!(".{attempt_id}.eml.partial"));
    std::fs::write(&partial, message.formatted())?;
    std::fs::rename(&partial, &target)
}

/// `smtp://user:secret@host` as `smtp://user:***@host`.
fn hide_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let Some((userinfo, host)) = rest.rsplit_once('@') else {
        return url.to_string();
    };
    match userinfo.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_is_hidden_and_bad_urls_are_refused() {
        assert_eq!(
            hide_password("smtps://svar:s3cret@mail.example.se:465"),
            "smtps://svar:***@mail.example.se:465"
        );
        assert_eq!(hide_password("smtp://localhost:25"), "smtp://localhost:25");
        assert!(matches!(
            Transport::new(Some("mail.example.se"), Path::new("/tmp")),
            Err(MailSetupError::BadSmtpUrl(_))
        ));
        assert!(Transport::new(Some("smtp://127.0.0.1:2525"), Path::new("/tmp")).is_ok());
    }
}
