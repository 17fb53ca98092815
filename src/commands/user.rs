//! `svar user add --email EMAIL --role admin|manager|viewer`: creates a field manager's
//! account. The password comes from standard input when it is not a terminal (or with
//! `--password-stdin`); otherwise a strong one is generated and printed once.

use crate::configuration::Settings;
use anyhow::{anyhow, bail, Context};
use std::io::{IsTerminal, Read};
use svar_core::accounts::{check_new_password, generate_password, hash_password, Email, Role};
use svar_core::db::users;

/// Where the password comes from.
enum Password {
    Given(String),
    Generated(String),
}

pub fn add(
    settings: &Settings,
    email: &str,
    role: Role,
    password_stdin: bool,
) -> anyhow::Result<()> {
    let email = Email::parse(email).map_err(|e| anyhow!("--email: {e}"))?;
    let password = read_password(password_stdin)?;
    let plain = match &password {
        Password::Given(p) | Password::Generated(p) => p,
    };
    check_new_password(plain).map_err(|e| anyhow!("password refused: {e}"))?;
    let hash = hash_password(plain)?;
    let pool = super::open_migrated(settings)?;
    let id = users::create(&mut *pool.get()?, None, &email, &hash, role)?.ok_or_else(|| {
        anyhow!(
            "an account with the e-mail address {} exists already",
            email.as_str()
        )
    })?;
    println!("created user {id} with role {role}");
    if let Password::Generated(p) = password {
        println!("password: {p}");
        println!("(generated; shown only this once)");
    }
    Ok(())
}

fn read_password(from_stdin: bool) -> anyhow::Result<Password> {
    let stdin = std::io::stdin();
    if !from_stdin && stdin.is_terminal() {
        return Ok(Password::Generated(generate_password()?));
    }
    let mut text = String::new();
    stdin
        .lock()
        .read_to_string(&mut text)
        .context("reading the password from standard input")?;
    let password = text.trim_end_matches(['\n', '\r']);
    if password.contains(['\n', '\r']) {
        bail!("standard input holds more than one line; give the password on one line");
    }
    if password.is_empty() {
        if from_stdin {
            bail!("--password-stdin: standard input is empty");
        }
        // Nothing piped in (e.g. stdin is /dev/null in a script): generate one.
        return Ok(Password::Generated(generate_password()?));
    }
    Ok(Password::Given(password.to_string()))
}

/// For clap: a role name.
pub fn parse_role(s: &str) -> Result<Role, String> {
    s.parse()
        .map_err(|e: svar_core::accounts::UnknownRole| e.to_string())
}
