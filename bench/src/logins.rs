//! Benchmark 4: code logins per second. Valid codes (letters set aside for this, each logged
//! in many times), well-formed codes that open nothing (the path that hashes the code and
//! looks it up, counted by the throttle: the server runs with SVAR_CODE_ATTEMPTS raised),
//! and malformed codes (a wrong check symbol, refused before any database work).

use crate::load::{run, Step};
use crate::respondent::{agent, Api};
use crate::setup::Letter;
use anyhow::bail;
use std::time::Duration;
use svar_core::code::AccessCode;

/// Which codes a login step sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeKind {
    Valid,
    Unknown,
    Malformed,
}

impl CodeKind {
    pub fn label(self) -> &'static str {
        match self {
            CodeKind::Valid => "valid",
            CodeKind::Unknown => "invalid (well-formed)",
            CodeKind::Malformed => "malformed (check symbol)",
        }
    }

    /// The status the server must answer with.
    fn status(self) -> u16 {
        match self {
            CodeKind::Valid => 201,
            CodeKind::Unknown => 401,
            CodeKind::Malformed => 422,
        }
    }
}

/// The code with its check symbol (the last symbol) replaced by another: always refused.
fn break_check_symbol(code: &str) -> String {
    let mut symbols: Vec<char> = code.chars().collect();
    if let Some(last) = symbols.iter().rposition(|c| c.is_ascii_alphanumeric()) {
        symbols[last] = if symbols[last] == '7' { '8' } else { '7' };
    }
    symbols.into_iter().collect()
}

/// Codes for one client thread.
fn codes(
    kind: CodeKind,
    letters: &[Letter],
    client: usize,
    n: usize,
) -> anyhow::Result<Vec<String>> {
    match kind {
        CodeKind::Valid | CodeKind::Malformed => {
            if letters.is_empty() {
                bail!("no letters set aside for the login benchmark");
            }
            Ok((0..n)
                .map(|k| {
                    let code = &letters[(client + k * 7919) % letters.len()].code;
                    if kind == CodeKind::Valid {
                        code.clone()
                    } else {
                        break_check_symbol(code)
                    }
                })
                .collect())
        }
        CodeKind::Unknown => (0..n)
            .map(|_| {
                AccessCode::generate()
                    .map(|c| c.printed())
                    .map_err(|e| anyhow::anyhow!("random source: {e}"))
            })
            .collect(),
    }
}

pub fn logins(
    api: &Api,
    letters: &[Letter],
    kind: CodeKind,
    clients: usize,
    duration: Duration,
    server_pid: u32,
) -> anyhow::Result<Step> {
    run(
        clients,
        duration,
        Some(server_pid),
        |i| Ok((agent(), codes(kind, letters, i, 4096)?)),
        |_, (agent, codes), clock, rec| {
            let mut k = 0;
            while clock.running() {
                let code = &codes[k % codes.len()];
                let ok = rec.time(|| {
                    let (status, body) = api.try_login(&agent, code)?;
                    if status != kind.status() {
                        bail!(
                            "login ({}): HTTP {status}, wanted {}: {}",
                            kind.label(),
                            kind.status(),
                            body.chars().take(200).collect::<String>()
                        );
                    }
                    Ok(())
                });
                if ok.is_none() {
                    break;
                }
                k += 1;
            }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_broken_check_symbol_is_refused() {
        let code = AccessCode::generate().unwrap().printed();
        let broken = break_check_symbol(&code);
        assert_ne!(broken, code);
        assert!(AccessCode::parse(&broken).is_err());
        assert!(AccessCode::parse(&code).is_ok());
    }
}
