//! Field managers in black-box tests: accounts made through the core (as `svar user add` does),
//! logins and authorised calls against a running server.

#![allow(dead_code)]

use super::http::{get, send, Reply};
use super::Svar;
use serde_json::{json, Value};
use svar_core::accounts::{hash_password, Email, Role};
use svar_core::db::users;

/// The password of every account made by [`add_user`].
pub const PASSWORD: &str = "lingonberry jam on toast";

/// Creates an account with [`PASSWORD`]; returns its id.
pub fn add_user(svar: &Svar, email: &str, role: Role) -> i64 {
    add_user_with_hash(svar, email, role, &hash_password(PASSWORD).unwrap())
}

pub fn add_user_with_hash(svar: &Svar, email: &str, role: Role, hash: &str) -> i64 {
    let mut conn = svar.db.pool.get().unwrap();
    users::create(&mut conn, None, &Email::parse(email).unwrap(), hash, role)
        .unwrap()
        .expect("a new account")
}

pub fn login(svar: &Svar, email: &str, password: &str) -> Reply {
    send(
        "POST",
        &format!("{}/api/v1/auth/login", svar.url),
        None,
        &json!({ "email": email, "password": password }),
    )
}

/// Logs in with [`PASSWORD`]; returns the access token.
pub fn token(svar: &Svar, email: &str) -> String {
    let r = login(svar, email, PASSWORD);
    assert_eq!(r.status, 200, "{} login: {}", svar.backend_name(), r.body);
    r.body["token"].as_str().unwrap().to_string()
}

/// `GET` a management path (`/api/v1/…`) with an optional token.
pub fn api_get(svar: &Svar, path: &str, token: Option<&str>) -> Reply {
    get(&format!("{}{path}", svar.url), token)
}

pub fn api_send(svar: &Svar, method: &str, path: &str, token: Option<&str>, body: &Value) -> Reply {
    send(method, &format!("{}{path}", svar.url), token, body)
}

/// The field names of a problem's `errors`.
pub fn error_fields(reply: &Reply) -> Vec<String> {
    reply.body["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .map(|e| e["field"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// The code of the problem's error on `field`.
pub fn error_code(reply: &Reply, field: &str) -> String {
    reply.body["errors"]
        .as_array()
        .and_then(|errors| errors.iter().find(|e| e["field"] == field))
        .and_then(|e| e["code"].as_str())
        .unwrap_or("")
        .to_string()
}
