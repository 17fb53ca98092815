//! A lean HTTP/1.1 keep-alive client for the load generator. The load generator shares the
//! two cores with the server and PostgreSQL, so every microsecond it spends per request is
//! taken from what it measures; pgbench, the yardstick, is a lean C client. This one writes a
//! request in one `write` and reads the reply with as few `read`s as the kernel allows: no URL
//! parsing beyond `http://host:port/path`, no header map, no redirects, no compression.
//! It understands what `svar serve` sends: a status line, headers, and a body sized by
//! `Content-Length` (or none, for 204 and 304).

use anyhow::{bail, Context};
use std::cell::RefCell;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// How long a request may take before the client gives up.
const TIMEOUT: Duration = Duration::from_secs(30);

/// A request: method, absolute `http://` URL, extra headers, body.
pub struct Request<'a> {
    pub method: &'a str,
    pub url: &'a str,
    pub headers: &'a [(&'a str, &'a str)],
    pub body: &'a [u8],
}

/// One keep-alive connection, opened on first use and again if the server closed it.
#[derive(Default)]
pub struct Agent {
    connection: RefCell<Option<Connection>>,
}

struct Connection {
    host: String,
    stream: TcpStream,
    buffer: Vec<u8>,
    request: Vec<u8>,
}

impl Agent {
    /// Sends `request` and returns the status and body, 4xx and 5xx included. A request on a
    /// kept-alive connection the server has closed meanwhile is sent once more on a new one.
    pub fn send(&self, request: &Request) -> anyhow::Result<(u16, String)> {
        let (host, path) = split_url(request.url)?;
        let mut slot = self.connection.borrow_mut();
        let reused = matches!(&*slot, Some(c) if c.host == host);
        if !reused {
            *slot = Some(Connection::open(host)?);
        }
        let connection = slot.as_mut().context("no connection")?;
        match connection.exchange(request, path) {
            Ok(reply) => Ok(reply),
            Err(_) if reused => {
                *slot = Some(Connection::open(host)?);
                let connection = slot.as_mut().context("no connection")?;
                connection.exchange(request, path)
            }
            Err(e) => {
                *slot = None;
                Err(e)
            }
        }
    }
}

/// `http://host:port/path?query` → (`host:port`, `/path?query`).
fn split_url(url: &str) -> anyhow::Result<(&str, &str)> {
    let rest = url
        .strip_prefix("http://")
        .with_context(|| format!("not an http:// URL: {url}"))?;
    Ok(match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    })
}

impl Connection {
    fn open(host: &str) -> anyhow::Result<Connection> {
        let stream = TcpStream::connect(host).with_context(|| format!("connecting to {host}"))?;
        stream.set_nodelay(true)?;
        stream.set_read_timeout(Some(TIMEOUT))?;
        stream.set_write_timeout(Some(TIMEOUT))?;
        Ok(Connection {
            host: host.to_string(),
            stream,
            buffer: Vec::with_capacity(8192),
            request: Vec::with_capacity(2048),
        })
    }

    fn exchange(&mut self, request: &Request, path: &str) -> anyhow::Result<(u16, String)> {
        self.request.clear();
        let head = &mut self.request;
        write!(
            head,
            "{} {} HTTP/1.1\r\nHost: {}\r\nContent-Length: {}\r\n",
            request.method,
            path,
            self.host,
            request.body.len()
        )?;
        for (name, value) in request.headers {
            write!(head, "{name}: {value}\r\n")?;
        }
        head.extend_from_slice(b"\r\n");
        head.extend_from_slice(request.body);
        self.stream.write_all(head).context("sending a request")?;
        self.read_reply()
    }

    /// Reads one reply: status line and headers up to the blank line, then the body.
    fn read_reply(&mut self) -> anyhow::Result<(u16, String)> {
        self.buffer.clear();
        let head_end = loop {
            if let Some(i) = find(&self.buffer, b"\r\n\r\n") {
                break i + 4;
            }
            self.fill()?;
        };
        let head = std::str::from_utf8(&self.buffer[..head_end]).context("reply head")?;
        let status = parse_status(head)?;
        let length = content_length(head)?;
        if length.is_none() && !matches!(status, 204 | 304) {
            bail!("HTTP {status} reply without Content-Length");
        }
        let end = head_end + length.unwrap_or(0);
        while self.buffer.len() < end {
            self.fill()?;
        }
        if self.buffer.len() > end {
            bail!("the server sent more than one reply");
        }
        let body = String::from_utf8(self.buffer[head_end..end].to_vec()).context("reply body")?;
        Ok((status, body))
    }

    fn fill(&mut self) -> anyhow::Result<()> {
        let mut chunk = [0u8; 8192];
        let n = self.stream.read(&mut chunk).context("reading a reply")?;
        if n == 0 {
            bail!("the server closed the connection");
        }
        self.buffer.extend_from_slice(&chunk[..n]);
        Ok(())
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn parse_status(head: &str) -> anyhow::Result<u16> {
    let line = head.lines().next().unwrap_or_default();
    let mut parts = line.split(' ');
    match (parts.next(), parts.next()) {
        (Some(version), Some(code)) if version.starts_with("HTTP/1.") => {
            code.parse().with_context(|| format!("status line: {line}"))
        }
        _ => bail!("not an HTTP/1 status line: {line}"),
    }
}

fn content_length(head: &str) -> anyhow::Result<Option<usize>> {
    for line in head.lines().skip(1) {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        if name.eq_ignore_ascii_case("transfer-encoding") {
            bail!("chunked replies are not expected from svar serve");
        }
        if name.eq_ignore_ascii_case("content-length") {
            return value
                .trim()
                .parse()
                .map(Some)
                .with_context(|| format!("Content-Length: {value}"));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_host_and_path() {
        assert_eq!(
            split_url("http://127.0.0.1:8080/api/v1/x?lang=sv").unwrap(),
            ("127.0.0.1:8080", "/api/v1/x?lang=sv")
        );
        assert_eq!(
            split_url("http://127.0.0.1:8080").unwrap(),
            ("127.0.0.1:8080", "/")
        );
        assert!(split_url("https://example.org/").is_err());
    }

    #[test]
    fn reads_status_and_length() {
        let head = "HTTP/1.1 409 Conflict\r\ncontent-type: application/problem+json\r\ncontent-length: 12\r\n\r\n";
        assert_eq!(parse_status(head).unwrap(), 409);
        assert_eq!(content_length(head).unwrap(), Some(12));
        assert!(content_length("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n").is_err());
        assert!(parse_status("SSH-2.0\r\n\r\n").is_err());
    }

    #[test]
    fn talks_to_a_server_over_keep_alive_and_reconnects() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/x", listener.local_addr().unwrap());
        let server = std::thread::spawn(move || {
            // Two requests on one connection, then a close; a third on a new connection.
            for replies in [2, 1] {
                let (mut s, _) = listener.accept().unwrap();
                for i in 0..replies {
                    let mut got = Vec::new();
                    let mut b = [0u8; 1024];
                    while find(&got, b"\r\n\r\nhi").is_none() {
                        let n = s.read(&mut b).unwrap();
                        got.extend_from_slice(&b[..n]);
                    }
                    let body = format!("reply {i}");
                    write!(
                        s,
                        "HTTP/1.1 201 Created\r\ncontent-length: {}\r\n\r\n{body}",
                        body.len()
                    )
                    .unwrap();
                }
            }
        });
        let agent = Agent::default();
        let request = Request {
            method: "POST",
            url: &url,
            headers: &[("Content-Type", "text/plain")],
            body: b"hi",
        };
        assert_eq!(agent.send(&request).unwrap(), (201, "reply 0".to_string()));
        assert_eq!(agent.send(&request).unwrap(), (201, "reply 1".to_string()));
        assert_eq!(agent.send(&request).unwrap(), (201, "reply 0".to_string()));
        server.join().unwrap();
    }
}
