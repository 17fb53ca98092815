//! A real SMTP server on loopback for the mail tests: `smtp_server.py` (aiosmtpd) as a child
//! process, which keeps every message it accepts as a file and refuses or defers recipients by
//! their address (`reject-…`, `tempfail-N-…`). And reading the messages back: headers (with
//! RFC 2047 words decoded) and the text and HTML parts (quoted-printable or base64 decoded).

#![allow(dead_code)]

use super::optional_tool::find;
use super::test_tools::AIOSMTPD;
use base64::Engine;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The running server.
pub struct SmtpSink {
    child: Child,
    pub port: u16,
    pub dir: PathBuf,
}

impl SmtpSink {
    /// Starts one, or `None` (the test skips) when aiosmtpd is missing and not required.
    pub fn start() -> Option<SmtpSink> {
        SmtpSink::start_slow(0)
    }

    /// One that waits `delay_ms` before accepting each message.
    pub fn start_slow(delay_ms: u64) -> Option<SmtpSink> {
        let python = find(&AIOSMTPD)?;
        let port = super::ports::free_port();
        let dir = super::temp_dir("smtp");
        let script = super::repo().join("tests/support/smtp_server.py");
        let mut child = Command::new(python)
            .arg(script)
            .arg(port.to_string())
            .arg(&dir)
            .arg(delay_ms.to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the SMTP server starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert!(line.starts_with("READY"), "the SMTP server said {line:?}");
        Some(SmtpSink { child, port, dir })
    }

    /// `SVAR_SMTP_URL` for it.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every message accepted so far, in the order it was accepted.
    pub fn messages(&self) -> Vec<Mail> {
        let mut files: Vec<(u64, PathBuf)> = std::fs::read_dir(&self.dir)
            .unwrap()
            .filter_map(|e| {
                let path = e.ok()?.path();
                let n = path
                    .file_name()?
                    .to_str()?
                    .strip_suffix(".eml")?
                    .parse()
                    .ok()?;
                Some((n, path))
            })
            .collect();
        files.sort();
        files
            .into_iter()
            .map(|(_, p)| Mail::parse(&std::fs::read(p).unwrap()))
            .collect()
    }

    /// Waits until at least `n` messages are in, then gives them all.
    pub fn wait_for(&self, n: usize, within: Duration) -> Vec<Mail> {
        let deadline = Instant::now() + within;
        loop {
            let got = self.messages();
            if got.len() >= n {
                return got;
            }
            assert!(
                Instant::now() < deadline,
                "{} of {n} messages after {within:?}",
                got.len()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// One message as received.
#[derive(Debug, Clone)]
pub struct Mail {
    headers: Vec<(String, String)>,
    /// The decoded text/plain part.
    pub text: String,
    /// The decoded text/html part.
    pub html: String,
    pub raw: String,
}

impl Mail {
    pub fn parse(bytes: &[u8]) -> Mail {
        let raw = String::from_utf8_lossy(bytes).replace("\r\n", "\n");
        let (head, body) = raw.split_once("\n\n").unwrap_or((&raw, ""));
        let headers = parse_headers(head);
        let boundary = header_of(&headers, "content-type").and_then(|ct| {
            ct.split("boundary=")
                .nth(1)
                .map(|b| b.trim_matches('"').to_string())
        });
        let (mut text, mut html) = (String::new(), String::new());
        if let Some(boundary) = boundary {
            for part in body.split(&format!("--{boundary}")).skip(1) {
                let Some((part_head, part_body)) = part.trim_start_matches('\n').split_once("\n\n")
                else {
                    continue;
                };
                let part_headers = parse_headers(part_head);
                let content_type = header_of(&part_headers, "content-type").unwrap_or_default();
                let encoding = header_of(&part_headers, "content-transfer-encoding")
                    .unwrap_or_default()
                    .to_ascii_lowercase();
                let decoded = decode_body(part_body, &encoding);
                if content_type.starts_with("text/plain") {
                    text = decoded;
                } else if content_type.starts_with("text/html") {
                    html = decoded;
                }
            }
        }
        Mail {
            headers,
            text,
            html,
            raw,
        }
    }

    /// A header's value, RFC 2047 words decoded.
    pub fn header(&self, name: &str) -> Option<String> {
        header_of(&self.headers, name).map(|v| decode_words(&v))
    }

    pub fn message_id(&self) -> String {
        self.header("message-id").unwrap_or_default()
    }

    /// The attempt a Message-ID `<svar-attempt-N@…>` names.
    pub fn attempt_id(&self) -> i64 {
        let id = self.message_id();
        id.trim_start_matches("<svar-attempt-")
            .split('@')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("not a Svar Message-ID: {id}"))
    }

    /// The recipient's address (from `To`).
    pub fn to_address(&self) -> String {
        let to = self.header("to").unwrap_or_default();
        match (to.rfind('<'), to.rfind('>')) {
            (Some(a), Some(b)) if a < b => to[a + 1..b].to_string(),
            _ => to.trim().to_string(),
        }
    }
}

fn parse_headers(head: &str) -> Vec<(String, String)> {
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in head.lines() {
        if line.starts_with([' ', '\t']) {
            if let Some(last) = headers.last_mut() {
                last.1.push(' ');
                last.1.push_str(line.trim());
            }
        } else if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
        }
    }
    headers
}

fn header_of(headers: &[(String, String)], name: &str) -> Option<String> {
    let name = name.to_ascii_lowercase();
    headers
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v.clone())
}

fn decode_body(body: &str, encoding: &str) -> String {
    match encoding {
        "base64" => {
            let compact: String = body.chars().filter(|c| !c.is_whitespace()).collect();
            String::from_utf8(
                base64::engine::general_purpose::STANDARD
                    .decode(compact.trim_end_matches('-'))
                    .unwrap_or_default(),
            )
            .unwrap_or_default()
        }
        "quoted-printable" => decode_quoted_printable(body),
        _ => body.to_string(),
    }
}

fn decode_quoted_printable(body: &str) -> String {
    let bytes = body.replace("=\n", "").into_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' && i + 2 < bytes.len() + 1 {
            if let Some(b) = std::str::from_utf8(&bytes[i + 1..(i + 3).min(bytes.len())])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).to_string()
}

/// `=?utf-8?b?…?=` and `=?utf-8?q?…?=` words decoded.
fn decode_words(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(start) = rest.find("=?") {
        out.push_str(&rest[..start]);
        let word = &rest[start + 2..];
        let parts: Vec<&str> = word.splitn(3, '?').collect();
        let Some(end) = parts.get(2).and_then(|p| p.find("?=")) else {
            out.push_str(&rest[start..]);
            return out;
        };
        let text = &parts[2][..end];
        let decoded = match parts[1].to_ascii_lowercase().as_str() {
            "b" => String::from_utf8(
                base64::engine::general_purpose::STANDARD
                    .decode(text)
                    .unwrap_or_default(),
            )
            .unwrap_or_default(),
            _ => decode_quoted_printable(&text.replace('_', " ")),
        };
        out.push_str(&decoded);
        let consumed = start + 2 + parts[0].len() + 1 + parts[1].len() + 1 + end + 2;
        rest = rest[consumed..].trim_start_matches(' ');
        if !rest.starts_with("=?") && !rest.is_empty() {
            out.push(' ');
        }
    }
    out.push_str(rest);
    out
}
