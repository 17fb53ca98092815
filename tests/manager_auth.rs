//! Field managers' logins, tokens, roles and grants against a real server, on SQLite and on
//! PostgreSQL: what works, and every token and request that must be refused.

// Helpers outside #[test] functions may unwrap too: a panic in a test is its failure.
#![allow(clippy::unwrap_used)]

mod support;

use diesel::prelude::*;
use jsonwebtoken::{encode, EncodingKey, Header};
use serde_json::{json, Value};
use std::time::{Duration, Instant};
use support::http::{post_empty, send, Reply};
use support::manager::{
    add_user, add_user_with_hash, api_get, api_send, error_code, error_fields, login, token,
    PASSWORD,
};
use support::{servers, Svar, JWT_SECRET};
use svar_core::accounts::{hash_password_with, Role};
use svar_core::db::schema::users;

fn me(svar: &Svar, token: &str) -> Reply {
    api_get(svar, "/api/v1/auth/me", Some(token))
}

/// The `key` of every item of a list.
fn ids_in(list: &Reply, key: &str) -> Vec<i64> {
    let items = list.body["items"].as_array().expect("a list");
    items.iter().map(|i| i[key].as_i64().unwrap()).collect()
}

fn refresh_with(svar: &Svar, refresh_token: &str) -> Reply {
    let body = json!({ "refresh_token": refresh_token });
    api_send(svar, "POST", "/api/v1/auth/refresh", None, &body)
}

fn stored_hash(svar: &Svar, id: i64) -> String {
    let mut conn = svar.db.pool.get().unwrap();
    users::table
        .find(id)
        .select(users::password_hash)
        .first(&mut *conn)
        .unwrap()
}

/// The shortest of three failed logins: the least disturbed by other work on the machine.
fn fastest_failed_login(svar: &Svar, email: &str, password: &str) -> Duration {
    (0..3)
        .map(|_| {
            let t = Instant::now();
            assert_eq!(login(svar, email, password).status, 401);
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

#[test]
fn login_gives_tokens_and_a_wrong_password_and_an_unknown_address_look_alike() {
    for svar in servers() {
        let id = add_user(&svar, "Anna.Berg@scb.se", Role::Manager);
        let ok = login(&svar, "anna.berg@SCB.se", PASSWORD);
        assert_eq!(ok.status, 200, "{}", ok.body);
        for field in ["token", "expires_at", "refresh_token", "refresh_expires_at"] {
            assert!(ok.body[field].is_string(), "{field}: {}", ok.body);
        }
        let token = ok.body["token"].as_str().unwrap();
        let who = me(&svar, token);
        assert_eq!(who.status, 200, "{}", who.body);
        assert_eq!(who.body["id"], id);
        assert_eq!(who.body["email"], "anna.berg@scb.se");
        assert_eq!(who.body["role"], "manager");

        let wrong = login(&svar, "anna.berg@scb.se", "not the password at all");
        let unknown = login(&svar, "nobody@scb.se", PASSWORD);
        assert_eq!(wrong.status, 401);
        assert_eq!(wrong.content_type, "application/problem+json");
        assert_eq!(wrong.body, unknown.body, "the same answer");
        // An unknown address is no quicker to refuse: it is checked against a dummy hash.
        // (Without it the refusal takes a database lookup, far under a tenth of a hash.)
        let wrong_time = fastest_failed_login(&svar, "anna.berg@scb.se", "still not the password");
        let unknown_time = fastest_failed_login(&svar, "nobody@scb.se", "still not the password");
        assert!(
            unknown_time * 3 > wrong_time,
            "wrong password {wrong_time:?}, unknown address {unknown_time:?}"
        );

        // A body with an unknown field, a missing one, or not JSON at all.
        let odd = api_send(
            &svar,
            "POST",
            "/api/v1/auth/login",
            None,
            &json!({ "username": "anna", "password": PASSWORD }),
        );
        assert_eq!(odd.status, 422, "{}", odd.body);
        assert_eq!(error_fields(&odd), ["username"]);
        let missing = api_send(
            &svar,
            "POST",
            "/api/v1/auth/login",
            None,
            &json!({ "email": "anna.berg@scb.se" }),
        );
        assert_eq!(
            error_code(&missing, "password"),
            "required",
            "{}",
            missing.body
        );
        let not_json = ureq::post(&format!("{}/api/v1/auth/login", svar.url))
            .set("Content-Type", "application/json")
            .send_string("{\"email\":");
        match not_json {
            Err(ureq::Error::Status(400, _)) => {}
            other => panic!("malformed JSON: {:?}", other.map(|r| r.status())),
        }
        let form = ureq::post(&format!("{}/api/v1/auth/login", svar.url))
            .send_form(&[("email", "anna.berg@scb.se"), ("password", PASSWORD)]);
        match form {
            Err(ureq::Error::Status(415, r)) => {
                assert_eq!(r.content_type(), "application/problem+json")
            }
            other => panic!("not JSON: {:?}", other.map(|r| r.status())),
        }
        let huge = api_send(
            &svar,
            "POST",
            "/api/v1/auth/login",
            None,
            &json!({ "email": "a@scb.se", "password": "x".repeat(300 * 1024) }),
        );
        assert_eq!(huge.status, 413, "{}", huge.body);
    }
}

#[test]
fn failed_logins_are_throttled_per_account_and_per_address() {
    for svar in servers() {
        add_user(&svar, "target@scb.se", Role::Admin);
        add_user(&svar, "other@scb.se", Role::Viewer);
        for _ in 0..5 {
            assert_eq!(
                login(&svar, "target@scb.se", "guessing guessing").status,
                401
            );
        }
        let locked = login(&svar, "target@scb.se", PASSWORD);
        assert_eq!(
            locked.status, 429,
            "even the right password: {}",
            locked.body
        );
        let wait: u64 = locked.retry_after.as_deref().unwrap().parse().unwrap();
        assert!(wait > 0 && wait <= 15 * 60, "Retry-After {wait}");
        // Another account from the same address still logs in.
        assert_eq!(login(&svar, "other@scb.se", PASSWORD).status, 200);
        // Guessing over many addresses from one client: after 20 failures in all, the
        // address is refused for every account.
        for n in 0..15 {
            let r = login(&svar, &format!("guess{n}@scb.se"), "guessing guessing");
            assert_eq!(r.status, 401, "guess {n}");
        }
        let blocked = login(&svar, "other@scb.se", PASSWORD);
        assert_eq!(blocked.status, 429, "{}", blocked.body);
        assert!(blocked.retry_after.is_some());
    }
}

fn forged(claims: &Value, secret: &str) -> String {
    encode(
        &Header::default(),
        claims,
        &EncodingKey::from_secret(secret.as_bytes()),
    )
    .unwrap()
}

#[test]
fn expired_tampered_foreign_and_revoked_tokens_are_refused() {
    for svar in servers() {
        let id = add_user(&svar, "m@scb.se", Role::Manager);
        let first = login(&svar, "m@scb.se", PASSWORD);
        let access = first.body["token"].as_str().unwrap().to_string();
        let refresh = first.body["refresh_token"].as_str().unwrap().to_string();
        assert_eq!(me(&svar, &access).status, 200);

        let now = chrono_now();
        let claims = |exp: i64, aud: &str, kind: &str| {
            json!({ "sub": id.to_string(), "aud": aud, "kind": kind, "ver": 0,
                    "iat": now - 3600, "exp": exp })
        };
        // Signed with the server's secret, so only the claim is wrong.
        let fine = forged(&claims(now + 600, "svar-manager", "access"), JWT_SECRET);
        assert_eq!(me(&svar, &fine).status, 200, "the forging itself is right");
        let expired = forged(&claims(now - 1, "svar-manager", "access"), JWT_SECRET);
        let respondent_audience =
            forged(&claims(now + 600, "svar-respondent", "access"), JWT_SECRET);
        let other_key = forged(
            &claims(now + 600, "svar-manager", "access"),
            "another secret",
        );
        let mut tampered_parts: Vec<String> = access.split('.').map(str::to_string).collect();
        tampered_parts[1] = tampered_parts[1].chars().rev().collect();
        let tampered = tampered_parts.join(".");
        let respondent = {
            let r = send(
                "POST",
                &format!("{}/api/v1/respondent/session", svar.url),
                None,
                &json!({ "code": svar.letters[0].code }),
            );
            assert_eq!(r.status, 201, "{}", r.body);
            r.body["token"].as_str().unwrap().to_string()
        };
        for (what, bad) in [
            ("expired", expired.as_str()),
            ("respondent audience", respondent_audience.as_str()),
            ("another key", other_key.as_str()),
            ("tampered", tampered.as_str()),
            ("respondent session", respondent.as_str()),
            ("refresh token as access token", refresh.as_str()),
            ("garbage", "abc.def.ghi"),
        ] {
            let r = me(&svar, bad);
            assert_eq!(r.status, 401, "{what}: {}", r.body);
            assert_eq!(r.content_type, "application/problem+json");
        }
        assert_eq!(
            api_get(&svar, "/api/v1/auth/me", None).status,
            401,
            "no token"
        );
        // An access token is no refresh token.
        let r = refresh_with(&svar, &access);
        assert_eq!(r.status, 401);

        // Refresh gives a working pair.
        let renewed = refresh_with(&svar, &refresh);
        assert_eq!(renewed.status, 200, "{}", renewed.body);
        let renewed_access = renewed.body["token"].as_str().unwrap().to_string();
        assert_eq!(me(&svar, &renewed_access).status, 200);

        // Logout revokes every token issued so far, refresh tokens included.
        let out = post_empty(&format!("{}/api/v1/auth/logout", svar.url), Some(&access));
        assert_eq!(out.status, 204, "{}", out.body);
        for old in [&access, &renewed_access, &fine] {
            assert_eq!(me(&svar, old).status, 401, "after logout");
        }
        let r = refresh_with(&svar, &refresh);
        assert_eq!(r.status, 401, "refresh after logout");
        // A revoked token is refused before its body is looked at.
        let r = api_send(
            &svar,
            "POST",
            "/api/v1/auth/password",
            Some(&access),
            &json!({}),
        );
        assert_eq!(r.status, 401, "{}", r.body);

        // A password change revokes the tokens before it and answers with fresh ones.
        let before = token(&svar, "m@scb.se");
        let changed = api_send(
            &svar,
            "POST",
            "/api/v1/auth/password",
            Some(&before),
            &json!({ "current_password": PASSWORD, "new_password": "cloudberries in august" }),
        );
        assert_eq!(changed.status, 200, "{}", changed.body);
        assert_eq!(
            me(&svar, &before).status,
            401,
            "token from before the change"
        );
        let after = changed.body["token"].as_str().unwrap();
        assert_eq!(me(&svar, after).status, 200, "token from the change");
        assert_eq!(
            login(&svar, "m@scb.se", PASSWORD).status,
            401,
            "old password"
        );
        assert_eq!(
            login(&svar, "m@scb.se", "cloudberries in august").status,
            200
        );
    }
}

fn chrono_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

#[test]
fn weaker_argon2_parameters_are_upgraded_on_login() {
    for svar in servers() {
        let weak = hash_password_with(PASSWORD, 4096, 1, 1).unwrap();
        let id = add_user_with_hash(&svar, "old@scb.se", Role::Viewer, &weak);
        assert!(stored_hash(&svar, id).contains("$m=4096,t=1,p=1$"));
        let first = login(&svar, "old@scb.se", PASSWORD);
        assert_eq!(first.status, 200, "{}", first.body);
        let upgraded = stored_hash(&svar, id);
        assert!(
            upgraded.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{upgraded}"
        );
        // The re-hash is no password change: the token from before it still works.
        let token = first.body["token"].as_str().unwrap();
        assert_eq!(me(&svar, token).status, 200);
        assert_eq!(login(&svar, "old@scb.se", PASSWORD).status, 200);
        assert_eq!(stored_hash(&svar, id), upgraded, "no second re-hash");
    }
}

#[test]
fn accounts_are_created_by_admins_within_the_password_policy() {
    for svar in servers() {
        add_user(&svar, "admin@scb.se", Role::Admin);
        let admin = token(&svar, "admin@scb.se");
        let create = |body: Value| api_send(&svar, "POST", "/api/v1/users", Some(&admin), &body);

        let short = create(json!({ "email": "a@scb.se", "role": "manager", "password": "kort" }));
        assert_eq!(short.status, 422, "{}", short.body);
        assert_eq!(error_code(&short, "password"), "too_short");
        let common =
            create(json!({ "email": "a@scb.se", "role": "manager", "password": "qwerty123456" }));
        assert_eq!(
            error_code(&common, "password"),
            "too_common",
            "{}",
            common.body
        );
        let bad = create(json!({ "email": "not-an-address", "role": "boss", "extra": 1 }));
        assert_eq!(bad.status, 422, "{}", bad.body);
        let bad_email = create(json!({ "email": "not-an-address", "role": "viewer" }));
        assert_eq!(error_fields(&bad_email), ["email"], "{}", bad_email.body);
        let bad_role = create(json!({ "email": "a@scb.se", "role": "boss" }));
        assert_eq!(error_fields(&bad_role), ["role"], "{}", bad_role.body);

        let made = create(
            json!({ "email": "Ny@SCB.se", "role": "viewer", "password": "a fine long password" }),
        );
        assert_eq!(made.status, 201, "{}", made.body);
        let id = made.body["id"].as_i64().unwrap();
        assert!(
            made.body.get("password").is_none(),
            "a given password is not echoed"
        );
        let location = api_get(&svar, &format!("/api/v1/users/{id}"), Some(&admin));
        assert_eq!(location.status, 200);
        assert_eq!(location.body["email"], "ny@scb.se");
        assert_eq!(
            login(&svar, "ny@scb.se", "a fine long password").status,
            200
        );
        let again = create(json!({ "email": "ny@scb.se", "role": "manager" }));
        assert_eq!(again.status, 409, "{}", again.body);
        assert_eq!(error_code(&again, "email"), "taken");

        // Without a password one is generated and shown once.
        let generated = create(json!({ "email": "gen@scb.se", "role": "manager" }));
        assert_eq!(generated.status, 201, "{}", generated.body);
        let password = generated.body["password"].as_str().unwrap();
        assert_eq!(login(&svar, "gen@scb.se", password).status, 200);

        // Changing one's password obeys the same policy, and wants the current one.
        let viewer = login(&svar, "ny@scb.se", "a fine long password").body["token"]
            .as_str()
            .unwrap()
            .to_string();
        let change = |current: &str, new: &str| {
            api_send(
                &svar,
                "POST",
                "/api/v1/auth/password",
                Some(&viewer),
                &json!({ "current_password": current, "new_password": new }),
            )
        };
        let r = change("a fine long password", "password1234");
        assert_eq!(error_code(&r, "new_password"), "too_common", "{}", r.body);
        let r = change("a wrong current one", "another fine password");
        assert_eq!(
            error_code(&r, "current_password"),
            "incorrect",
            "{}",
            r.body
        );
        assert_eq!(me(&svar, &viewer).status, 200, "refusals change nothing");
    }
}

#[test]
fn roles_and_grants_decide_who_sees_what() {
    for svar in servers() {
        // The admin is made with the command line, as an operator would.
        let mut cmd = support::svar_command(&svar.db, &svar.dir);
        cmd.args(["user", "add", "--email", "boss@scb.se", "--role", "admin"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped());
        let mut child = cmd.spawn().unwrap();
        {
            use std::io::Write;
            let mut stdin = child.stdin.take().unwrap();
            writeln!(stdin, "{PASSWORD}").unwrap();
        }
        assert!(child.wait_with_output().unwrap().status.success());
        let admin = token(&svar, "boss@scb.se");
        let manager_id = add_user(&svar, "manager@scb.se", Role::Manager);
        let viewer_id = add_user(&svar, "viewer@scb.se", Role::Viewer);
        let manager = token(&svar, "manager@scb.se");
        let viewer = token(&svar, "viewer@scb.se");
        let survey = svar.survey_id;
        let grants = format!("/api/v1/surveys/{survey}/grants");
        // The status of a PUT or DELETE of one user's grant to the survey.
        let grant = |method: &str, user: i64, who: &str| {
            let r = api_send(
                &svar,
                method,
                &format!("{grants}/{user}"),
                Some(who),
                &json!({}),
            );
            r.status
        };

        // Nobody unauthenticated gets anything.
        for (method, path) in [
            ("GET", "/api/v1/auth/me".to_string()),
            ("GET", "/api/v1/users".to_string()),
            ("POST", "/api/v1/users".to_string()),
            ("GET", format!("/api/v1/users/{manager_id}")),
            ("GET", "/api/v1/audit".to_string()),
            ("GET", grants.clone()),
            ("PUT", format!("{grants}/{manager_id}")),
            ("DELETE", format!("{grants}/{manager_id}")),
            ("POST", "/api/v1/auth/logout".to_string()),
            ("POST", "/api/v1/auth/password".to_string()),
        ] {
            let r = api_send(&svar, method, &path, None, &json!({}));
            assert_eq!(r.status, 401, "{method} {path}: {}", r.body);
        }

        // A survey not granted is not found, whatever is asked of it.
        for who in [&manager, &viewer] {
            assert_eq!(api_get(&svar, &grants, Some(who)).status, 404);
            assert_eq!(grant("PUT", manager_id, who), 404);
        }
        // Admin routes are refused to the other roles.
        for who in [&manager, &viewer] {
            assert_eq!(api_get(&svar, "/api/v1/users", Some(who)).status, 403);
            assert_eq!(api_get(&svar, "/api/v1/audit", Some(who)).status, 403);
            let r = api_send(
                &svar,
                "POST",
                "/api/v1/users",
                Some(who),
                &json!({ "email": "x@scb.se", "role": "admin" }),
            );
            assert_eq!(r.status, 403, "{}", r.body);
            // The role is refused before the body is looked at.
            let r = api_send(
                &svar,
                "POST",
                "/api/v1/users",
                Some(who),
                &json!({ "x": 1 }),
            );
            assert_eq!(r.status, 403, "{}", r.body);
            let other = api_get(&svar, &format!("/api/v1/users/{manager_id}"), Some(&viewer));
            assert_eq!(other.status, 403);
        }
        assert_eq!(
            api_get(&svar, &format!("/api/v1/users/{viewer_id}"), Some(&viewer)).status,
            200,
            "one's own account"
        );

        // The admin grants the survey to both.
        assert_eq!(grant("PUT", manager_id, &admin), 201);
        assert_eq!(grant("PUT", manager_id, &admin), 200, "already granted");
        assert_eq!(grant("PUT", viewer_id, &admin), 201);
        assert_eq!(grant("PUT", 999_999, &admin), 404, "no such user");
        let nowhere = api_send(
            &svar,
            "PUT",
            &format!("/api/v1/surveys/{}/grants/{manager_id}", survey + 1000),
            Some(&admin),
            &json!({}),
        );
        assert_eq!(nowhere.status, 404, "no such survey");

        // Now they see the survey's grants, but only the admin changes them.
        let listed = api_get(&svar, &grants, Some(&viewer));
        assert_eq!(listed.status, 200, "{}", listed.body);
        assert_eq!(ids_in(&listed, "user_id"), [manager_id, viewer_id]);
        assert_eq!(grant("DELETE", viewer_id, &manager), 403);
        assert_eq!(me(&svar, &manager).body["granted_surveys"], json!([survey]));
        assert_eq!(grant("DELETE", viewer_id, &admin), 204);
        assert_eq!(grant("DELETE", viewer_id, &admin), 404, "no grant left");
        assert_eq!(
            api_get(&svar, &grants, Some(&viewer)).status,
            404,
            "withdrawn"
        );

        // Every change is in the audit log, newest first, in pages, with ids and no addresses.
        let page = api_get(&svar, "/api/v1/audit?limit=2", Some(&admin));
        assert_eq!(page.status, 200, "{}", page.body);
        let items = page.body["items"].as_array().unwrap();
        assert_eq!(items[0]["action"], "grant.remove");
        assert_eq!(items[0]["target_id"], survey);
        assert_eq!(items[0]["detail"]["user_id"], viewer_id);
        assert_eq!(items[1]["action"], "grant.add");
        let cursor = page.body["next_cursor"].as_str().unwrap();
        let mut actions: Vec<String> = items
            .iter()
            .map(|i| i["action"].as_str().unwrap().to_string())
            .collect();
        let rest = api_get(
            &svar,
            &format!("/api/v1/audit?limit=100&cursor={cursor}"),
            Some(&admin),
        );
        assert_eq!(rest.status, 200, "{}", rest.body);
        actions.extend(
            rest.body["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["action"].as_str().unwrap().to_string()),
        );
        assert_eq!(
            actions,
            [
                "grant.remove",
                "grant.add",
                "grant.add",
                "user.create",
                "user.create",
                "user.create"
            ]
        );
        assert!(
            !format!("{}{}", page.body, rest.body).contains('@'),
            "no e-mail addresses"
        );
        let bad = api_get(&svar, "/api/v1/audit?cursor=nonsense", Some(&admin));
        assert_eq!(error_fields(&bad), ["cursor"], "{}", bad.body);

        // Users in pages.
        let first = api_get(&svar, "/api/v1/users?limit=2", Some(&admin));
        assert_eq!(first.body["items"].as_array().unwrap().len(), 2);
        let next = first.body["next_cursor"].as_str().unwrap();
        let second = api_get(
            &svar,
            &format!("/api/v1/users?limit=2&cursor={next}"),
            Some(&admin),
        );
        assert_eq!(ids_in(&second, "id"), [viewer_id]);
        assert!(second.body["next_cursor"].is_null());
    }
}
