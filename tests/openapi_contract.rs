//! openapi.yaml against the server: every route the API registers is in the file with its
//! method, and the check every black-box test runs on each answer (`support::openapi`) really
//! refuses what the file does not allow. The answers themselves are checked by the other
//! black-box tests as they run.

// Helpers outside #[test] functions may unwrap too: a panic in a test is its failure.
#![allow(clippy::unwrap_used)]

mod support;

use std::collections::BTreeSet;
use std::panic::catch_unwind;
use support::openapi::check;

/// `(method, path)` of every route registered in api/src: `web::resource("PATH")` followed by
/// its `.route(web::METHOD()…)`s (up to the next resource or the end of the function), with the
/// prefix of a `web::scope("PREFIX")` in the same file. Routes must be registered in this form
/// for the contract to see them.
fn registered_routes() -> BTreeSet<(String, String)> {
    let resource = regex::Regex::new(r#"web::resource\(\s*"([^"]+)"\s*\)"#).unwrap();
    let method = regex::Regex::new(r#"\.route\(\s*web::(get|post|put|patch|delete)\(\)"#).unwrap();
    let scope = regex::Regex::new(r#"web::scope\(\s*"([^"]+)"\s*\)"#).unwrap();
    let mut routes = BTreeSet::new();
    let mut stack = vec![support::repo().join("api/src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let prefix = scope
                .captures(&text)
                .map(|c| c[1].to_string())
                .unwrap_or_default();
            for c in resource.captures_iter(&text) {
                let rest = &text[c.get(0).unwrap().end()..];
                let end = [rest.find("web::resource("), rest.find("\n}")]
                    .into_iter()
                    .flatten()
                    .min()
                    .unwrap_or(rest.len());
                for m in method.captures_iter(&rest[..end]) {
                    routes.insert((m[1].to_string(), shape(&format!("{prefix}{}", &c[1]))));
                }
            }
        }
    }
    routes
}

/// A path template with its parameters unnamed: `/surveys/{id}` and `/surveys/{survey_id}`
/// are one route.
fn shape(template: &str) -> String {
    regex::Regex::new(r"\{[^}]*\}")
        .unwrap()
        .replace_all(template, "{}")
        .into_owned()
}

fn documented_routes() -> BTreeSet<(String, String)> {
    let text = std::fs::read_to_string(support::repo().join("openapi.yaml")).unwrap();
    let document: serde_json::Value = serde_yaml_ng::from_str(&text).unwrap();
    let mut routes = BTreeSet::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for method in ["get", "post", "put", "patch", "delete"] {
            if !item[method].is_null() {
                routes.insert((method.to_string(), shape(path)));
            }
        }
    }
    routes
}

#[test]
fn every_registered_route_is_in_openapi_yaml() {
    let registered = registered_routes();
    assert!(
        registered.len() > 30,
        "the scan found the routes: {registered:?}"
    );
    let documented = documented_routes();
    let missing: Vec<_> = registered
        .iter()
        .filter(|r| !documented.iter().any(|d| covers(r, d) || covers(d, r)))
        .collect();
    assert!(
        missing.is_empty(),
        "routes missing from openapi.yaml: {missing:?}"
    );
    let stale: Vec<_> = documented
        .iter()
        .filter(|d| !registered.iter().any(|r| covers(r, d)))
        .collect();
    assert!(
        stale.is_empty(),
        "openapi.yaml lists routes the server lacks: {stale:?}"
    );
}

/// Whether route `a` answers what route `b` names: same method, and each segment of `a` is
/// the same as `b`'s or a parameter (one handler for `/export/{file}` serves the documented
/// `/export/responses.csv`, `/export/ddi.xml`, …).
fn covers(a: &(String, String), b: &(String, String)) -> bool {
    let (a_segments, b_segments): (Vec<&str>, Vec<&str>) =
        (a.1.split('/').collect(), b.1.split('/').collect());
    a.0 == b.0
        && a_segments.len() == b_segments.len()
        && a_segments
            .iter()
            .zip(&b_segments)
            .all(|(x, y)| x == y || *x == "{}")
}

fn refused(method: &str, url: &str, status: u16, content_type: &str, body: &str) -> bool {
    let (method, url, content_type, body) = (
        method.to_string(),
        url.to_string(),
        content_type.to_string(),
        body.to_string(),
    );
    catch_unwind(move || check(&method, &url, status, &content_type, &body)).is_err()
}

#[test]
fn the_answer_check_refuses_what_the_file_does_not_allow() {
    let json = "application/json";
    let session = "http://127.0.0.1:1/api/v1/respondent/session";
    // A body of the documented shape passes.
    let good = r#"{"token":"t","language":"sv","languages":["sv"],"resume_page":null}"#;
    assert!(!refused("POST", session, 201, json, good));
    // A body without a required field, or with a field of the wrong type, does not.
    assert!(refused("POST", session, 201, json, r#"{"language":"sv"}"#));
    assert!(refused(
        "POST",
        session,
        201,
        json,
        r#"{"token":1,"language":"sv","languages":["sv"],"resume_page":null}"#
    ));
    // A status the file does not list for the route, or a content type it does not list.
    assert!(refused("POST", session, 418, json, "{}"));
    assert!(refused("POST", session, 201, "text/html", "<p>"));
    // A route the file lacks answering anything but 404.
    assert!(refused(
        "GET",
        "http://127.0.0.1:1/api/v1/nowhere",
        200,
        json,
        "{}"
    ));
    assert!(!refused(
        "GET",
        "http://127.0.0.1:1/api/v1/nowhere",
        404,
        "",
        ""
    ));
    // A method the file does not list on a known path.
    assert!(refused("DELETE", session, 200, json, "{}"));
}
