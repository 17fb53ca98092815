//! The SMTP client: a few connections kept open to the relay, each used by one sender at a
//! time, through lettre's SMTP connection on a socket with Nagle's algorithm off.
//!
//! Why not lettre's own transport: lettre 0.11.23 leaves Nagle on and writes the end-of-data
//! marker (`\r\n.\r\n`) as a small write of its own after the message. With Nagle on, that
//! write waits for the relay to acknowledge the message, which a relay delays (40 ms on Linux):
//! every message cost 40 ms more than it needed, 25 messages a second a connection at most.
//! (Fixed upstream in lettre#1159, not yet released.) Plain SMTP and STARTTLS run on the socket
//! made here; implicit TLS (`smtps://`) is connected by lettre and keeps the delay.

use super::failure::{classify, SendFailure};
use super::transport::MailSetupError;
use lettre::address::Envelope;
use lettre::transport::smtp::authentication::{Credentials, DEFAULT_MECHANISMS};
use lettre::transport::smtp::client::{AsyncSmtpConnection, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use lettre::transport::smtp::Error as SmtpError;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use tokio::net::TcpStream;
use tokio::runtime::Runtime;

/// How long connecting, or one message, may take.
pub const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

/// A connection idle this long is checked (NOOP) before it is used: relays close idle ones.
const IDLE_CHECK: Duration = Duration::from_secs(10);

/// How the connection is secured.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Security {
    /// `smtp://`: plain.
    Plain,
    /// `smtp://…?tls=required`: STARTTLS or nothing; `?tls=opportunistic`: STARTTLS if offered.
    StartTls { required: bool },
    /// `smtps://`: TLS from the first byte.
    Wrapper,
}

/// The relay of `SVAR_SMTP_URL`, read as lettre reads it.
#[derive(Debug, Clone)]
pub struct SmtpServer {
    host: String,
    port: u16,
    security: Security,
    credentials: Option<Credentials>,
    hello: ClientId,
}

impl SmtpServer {
    /// `smtp://[user:password@]host[:port][/hello-name][?tls=required|opportunistic]` or
    /// `smtps://…`; the ports default to 25 (plain), 587 (STARTTLS) and 465 (TLS).
    pub fn from_url(text: &str) -> Result<SmtpServer, MailSetupError> {
        let bad = |why: &str| MailSetupError::BadSmtpUrl(why.to_string());
        let url = url::Url::parse(text).map_err(|e| bad(&e.to_string()))?;
        let host = url
            .host_str()
            .ok_or_else(|| bad("no host"))?
            .trim_matches(['[', ']'])
            .to_string();
        let tls = url
            .query_pairs()
            .find(|(k, _)| k == "tls")
            .map(|(_, v)| v.into_owned());
        let (security, default_port) = match (url.scheme(), tls.as_deref()) {
            ("smtp", None) => (Security::Plain, 25),
            ("smtp", Some("required")) => (Security::StartTls { required: true }, 587),
            ("smtp", Some("opportunistic")) => (Security::StartTls { required: false }, 587),
            ("smtps", None) => (Security::Wrapper, 465),
            (scheme, tls) => {
                return Err(bad(&format!(
                    "scheme {scheme} with tls={}",
                    tls.unwrap_or("(none)")
                )))
            }
        };
        let decode =
            |s: &str| percent_decode(s).ok_or_else(|| bad("the user or password is not UTF-8"));
        let credentials = match url.password() {
            Some(password) => Some(Credentials::new(decode(url.username())?, decode(password)?)),
            None => None,
        };
        let path = url.path().trim_matches('/');
        Ok(SmtpServer {
            host,
            port: url.port().unwrap_or(default_port),
            security,
            credentials,
            hello: match path {
                "" => ClientId::default(),
                name => ClientId::Domain(name.to_string()),
            },
        })
    }

    fn tls(&self) -> Result<TlsParameters, SendFailure> {
        TlsParameters::new(self.host.clone()).map_err(|e| classify(&e))
    }

    /// Opens a connection, secured and logged in as the URL says.
    async fn connect(&self) -> Result<AsyncSmtpConnection, SendFailure> {
        let connecting = tokio::time::timeout(SMTP_TIMEOUT, self.open());
        connecting.await.map_err(|_| timed_out())?
    }

    async fn open(&self) -> Result<AsyncSmtpConnection, SendFailure> {
        let smtp = |e: SmtpError| classify(&e);
        let mut conn = match self.security {
            Security::Wrapper => AsyncSmtpConnection::connect_tokio1(
                (self.host.as_str(), self.port),
                Some(SMTP_TIMEOUT),
                &self.hello,
                Some(self.tls()?),
                None,
            )
            .await
            .map_err(smtp)?,
            Security::Plain | Security::StartTls { .. } => {
                let tcp = TcpStream::connect((self.host.as_str(), self.port))
                    .await
                    .map_err(|e| cannot_connect(&e))?;
                tcp.set_nodelay(true).map_err(|e| cannot_connect(&e))?;
                AsyncSmtpConnection::connect_with_transport(Box::new(tcp), &self.hello)
                    .await
                    .map_err(smtp)?
            }
        };
        if let Security::StartTls { required } = self.security {
            if required || conn.can_starttls() {
                conn.starttls(self.tls()?, &self.hello)
                    .await
                    .map_err(smtp)?;
            }
        }
        if let Some(credentials) = &self.credentials {
            conn.auth(DEFAULT_MECHANISMS, credentials)
                .await
                .map_err(smtp)?;
        }
        Ok(conn)
    }
}

/// `%`-escapes undone, if the result is UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| text.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// A connection that could not be made: nothing was sent, so it is tried again later.
fn cannot_connect(e: &std::io::Error) -> SendFailure {
    SendFailure::Temporary(format!("connecting to the mail server: {e}"))
}

/// The server took longer than [`SMTP_TIMEOUT`]: tried again later, like lettre's own timeouts.
fn timed_out() -> SendFailure {
    SendFailure::Temporary("the mail server did not answer in time".into())
}

/// One open connection and when it was last used.
struct Open {
    conn: AsyncSmtpConnection,
    used: Instant,
}

/// Connections to one relay, at most one in use per sender.
pub struct SmtpClient {
    server: SmtpServer,
    runtime: Runtime,
    idle: Mutex<Vec<Open>>,
}

impl SmtpClient {
    pub fn new(server: SmtpServer) -> std::io::Result<SmtpClient> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("svar-smtp")
            .enable_io()
            .enable_time()
            .build()?;
        Ok(SmtpClient {
            server,
            runtime,
            idle: Mutex::new(Vec::new()),
        })
    }

    /// Sends `message` to the envelope's recipients over an idle connection, or a new one. A
    /// connection that failed is dropped; one that worked is kept for the next message.
    pub fn send(&self, envelope: &Envelope, message: &[u8]) -> Result<(), SendFailure> {
        let open = self.idle.lock().map(|mut idle| idle.pop()).ok().flatten();
        let server = &self.server;
        let sent = self.runtime.block_on(async move {
            let mut conn = match open {
                Some(mut open) => {
                    if open.used.elapsed() < IDLE_CHECK || open.conn.test_connected().await {
                        open.conn
                    } else {
                        open.conn.abort().await;
                        server.connect().await?
                    }
                }
                None => server.connect().await?,
            };
            match tokio::time::timeout(SMTP_TIMEOUT, conn.send(envelope, message)).await {
                Ok(Ok(_)) => Ok(conn),
                Ok(Err(e)) => {
                    conn.abort().await;
                    Err(classify(&e))
                }
                Err(_) => {
                    conn.abort().await;
                    Err(timed_out())
                }
            }
        });
        let conn = sent?;
        if let Ok(mut idle) = self.idle.lock() {
            idle.push(Open {
                conn,
                used: Instant::now(),
            });
        }
        Ok(())
    }

    /// Says goodbye on every idle connection (the worker is stopping).
    pub fn close(&self) {
        let open: Vec<Open> = self
            .idle
            .lock()
            .map(|mut idle| idle.drain(..).collect())
            .unwrap_or_default();
        self.runtime.block_on(async move {
            for mut o in open {
                let _ = o.conn.quit().await;
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_read_as_lettre_reads_them() {
        let s = SmtpServer::from_url("smtp://127.0.0.1:2525").unwrap();
        assert_eq!(
            (s.host.as_str(), s.port, &s.security),
            ("127.0.0.1", 2525, &Security::Plain)
        );
        assert!(s.credentials.is_none());
        let s = SmtpServer::from_url("smtp://svar:p%40ss@relay.scb.se?tls=required").unwrap();
        assert_eq!(
            (s.port, &s.security),
            (587, &Security::StartTls { required: true })
        );
        assert_eq!(
            s.credentials,
            Some(Credentials::new("svar".into(), "p@ss".into()))
        );
        let s = SmtpServer::from_url("smtps://relay.scb.se/svar.scb.se").unwrap();
        assert_eq!((s.port, &s.security), (465, &Security::Wrapper));
        assert_eq!(s.hello, ClientId::Domain("svar.scb.se".into()));
        for bad in [
            "relay.scb.se",
            "http://relay",
            "smtp://relay?tls=sometimes",
            "smtp://",
        ] {
            assert!(SmtpServer::from_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn percent_escapes_are_undone() {
        assert_eq!(percent_decode("a%20b%2"), Some("a b%2".into()));
        assert_eq!(percent_decode("%ff"), None);
    }
}
