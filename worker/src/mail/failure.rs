//! What a failed send means for the attempt (METHODS.md §6, the rules): a mail
//! server's 4xx, a refused connection or a timeout is temporary and tried again later; a 5xx is
//! a refusal for good; anything else (the connection broke while the message was on its way)
//! leaves it unknown whether the server took the message, so it is never sent again. The
//! server's reply is kept for the manager with any e-mail address in it blanked out.

use std::error::Error as _;

/// A send that did not succeed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendFailure {
    Temporary(String),
    Permanent(String),
    Unknown(String),
}

impl SendFailure {
    pub fn reason(&self) -> &str {
        match self {
            SendFailure::Temporary(r) | SendFailure::Permanent(r) | SendFailure::Unknown(r) => r,
        }
    }
}

/// `text` with every e-mail address replaced by `<address>`: a server's reply often quotes the
/// recipient, and the reason is shown to roles that may not see contact data.
pub fn without_addresses(text: &str) -> String {
    text.split_inclusive(char::is_whitespace)
        .map(|word| {
            let trimmed = word.trim_end();
            if trimmed.contains('@') {
                let tail = &word[trimmed.len()..];
                format!("<address>{tail}")
            } else {
                word.to_string()
            }
        })
        .collect()
}

/// How a lettre SMTP error counts.
pub fn classify(error: &lettre::transport::smtp::Error) -> SendFailure {
    let reason = without_addresses(&error.to_string());
    if error.is_permanent() {
        return SendFailure::Permanent(reason);
    }
    if error.is_transient() || error.is_timeout() || refused(error) {
        return SendFailure::Temporary(reason);
    }
    SendFailure::Unknown(reason)
}

/// Whether the error is a connection the server refused or that could not be made (nothing
/// was sent).
fn refused(error: &lettre::transport::smtp::Error) -> bool {
    let mut source = error.source();
    while let Some(e) = source {
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            use std::io::ErrorKind::*;
            return matches!(
                io.kind(),
                ConnectionRefused
                    | AddrNotAvailable
                    | NotConnected
                    | HostUnreachable
                    | NetworkUnreachable
            );
        }
        source = e.source();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_in_a_reply_are_blanked() {
        assert_eq!(
            without_addresses("550 5.1.1 <anna.berg@example.se>: Recipient address rejected"),
            "550 5.1.1 <address> Recipient address rejected"
        );
        assert_eq!(
            without_addresses("451 try again later"),
            "451 try again later"
        );
        assert_eq!(without_addresses(""), "");
    }
}
