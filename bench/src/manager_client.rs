//! A field manager for the management API benchmarks: the account made with `svar user add
//! --role admin --password-stdin` as an operator makes it, then a login over HTTP for the
//! access token.

use crate::setup::SvarCli;
use anyhow::{bail, Context};
use std::io::Write;
use std::process::Stdio;

pub const EMAIL: &str = "bench-admin@example.se";
pub const PASSWORD: &str = "cloudberry jam on rye bread";

/// Creates the admin account.
pub fn add_admin(cli: &SvarCli) -> anyhow::Result<()> {
    let mut child = cli
        .command()
        .args([
            "user",
            "add",
            "--email",
            EMAIL,
            "--role",
            "admin",
            "--password-stdin",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .context("running svar user add")?;
    if let Some(mut stdin) = child.stdin.take() {
        writeln!(stdin, "{PASSWORD}")?;
    }
    let out = child.wait_with_output()?;
    if !out.status.success() {
        bail!(
            "svar user add failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(())
}

/// An access token of the admin from `POST /api/v1/auth/login` on the server at `url`.
pub fn login(url: &str) -> anyhow::Result<String> {
    let reply: serde_json::Value = ureq::post(&format!("{url}/api/v1/auth/login"))
        .send_json(serde_json::json!({ "email": EMAIL, "password": PASSWORD }))
        .context("logging in")?
        .into_json()?;
    reply["token"]
        .as_str()
        .map(str::to_string)
        .context("the login answer has no token")
}
