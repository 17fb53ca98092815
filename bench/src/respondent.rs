//! A simulated respondent on the respondent JSON API (DESIGN.md "Interfaces that stay
//! fixed"): log in with a code, read the questionnaire, save pages against the version read,
//! submit. One keep-alive `Agent` per respondent, so its requests share a keep-alive connection
//! as a browser's would.

use crate::http_client::{Agent, Request};
use anyhow::{bail, Context};
use serde_json::{json, Value};

/// The pages of the demo questionnaire with valid answers for someone born abroad (the same
/// file the black-box tests use), each pre-serialised.
pub fn five_pages() -> Vec<(String, String)> {
    let pages: Vec<(String, Value)> =
        serde_json::from_str(include_str!("../../demo/answers-born-abroad.json"))
            .unwrap_or_default();
    pages
        .into_iter()
        .map(|(page, answers)| (page, answers.to_string()))
        .collect()
}

/// A keep-alive HTTP client.
pub fn agent() -> Agent {
    Agent::default()
}

fn expect(what: &str, wanted: u16, (status, body): (u16, String)) -> anyhow::Result<String> {
    if status != wanted {
        bail!(
            "{what}: HTTP {status} (wanted {wanted}): {}",
            body.chars().take(300).collect::<String>()
        );
    }
    Ok(body)
}

/// The routes of one server.
#[derive(Debug, Clone)]
pub struct Api {
    base: String,
    /// The server's own address, for the HTML pages.
    root: String,
}

/// A session opened with a code.
#[derive(Debug, Clone)]
pub struct Session {
    pub token: String,
    pub language: String,
}

impl Api {
    pub fn new(base: &str) -> Api {
        Api {
            base: format!("{base}/api/v1/respondent"),
            root: base.to_string(),
        }
    }

    /// `POST /session`: the status and body, whatever they are.
    pub fn try_login(&self, agent: &Agent, code: &str) -> anyhow::Result<(u16, String)> {
        let body = json!({ "code": code }).to_string();
        agent.send(&Request {
            method: "POST",
            url: &format!("{}/session", self.base),
            headers: &[("Content-Type", "application/json")],
            body: body.as_bytes(),
        })
    }

    /// `POST /session`, which must answer 201 with a token.
    pub fn login(&self, agent: &Agent, code: &str) -> anyhow::Result<Session> {
        let body = expect("login", 201, self.try_login(agent, code)?)?;
        let v: Value = serde_json::from_str(&body).context("login reply is not JSON")?;
        let token = v["token"].as_str().context("login reply without token")?;
        Ok(Session {
            token: format!("Bearer {token}"),
            language: v["language"].as_str().unwrap_or("sv").to_string(),
        })
    }

    /// `GET /questionnaire?lang=…`, which must answer 200.
    pub fn questionnaire(
        &self,
        agent: &Agent,
        session: &Session,
        lang: &str,
    ) -> anyhow::Result<()> {
        let path = format!("/questionnaire?lang={lang}");
        self.without_body(agent, session, "GET", &path, "questionnaire")
    }

    /// `PUT /pages/{page}` against `version`; returns the new version.
    pub fn save(
        &self,
        agent: &Agent,
        session: &Session,
        page: &str,
        version: i64,
        answers: &str,
    ) -> anyhow::Result<i64> {
        let body = format!("{{\"version\":{version},\"answers\":{answers}}}");
        let r = agent.send(&Request {
            method: "PUT",
            url: &format!("{}/pages/{page}", self.base),
            headers: &[
                ("Authorization", &session.token),
                ("Content-Type", "application/json"),
            ],
            body: body.as_bytes(),
        })?;
        let body = expect("save", 200, r)?;
        let v: Value = serde_json::from_str(&body).context("save reply is not JSON")?;
        v["version"].as_i64().context("save reply without version")
    }

    /// `GET /p/{page}`: the page as a browser without JavaScript gets it, the session in its
    /// cookie; it must answer 200.
    pub fn page_html(&self, agent: &Agent, session: &Session, page: &str) -> anyhow::Result<()> {
        let token = session.token.trim_start_matches("Bearer ");
        let cookie = format!("svar_session={token}");
        let r = agent.send(&Request {
            method: "GET",
            url: &format!("{}/p/{page}", self.root),
            headers: &[("Cookie", &cookie)],
            body: b"",
        })?;
        expect("page view", 200, r).map(drop)
    }

    /// `POST /submit`, which must answer 200.
    pub fn submit(&self, agent: &Agent, session: &Session) -> anyhow::Result<()> {
        self.without_body(agent, session, "POST", "/submit", "submit")
    }

    /// A request of the session without a body (`path` under the API's base), which must
    /// answer 200.
    fn without_body(
        &self,
        agent: &Agent,
        session: &Session,
        method: &str,
        path: &str,
        what: &str,
    ) -> anyhow::Result<()> {
        let r = agent.send(&Request {
            method,
            url: &format!("{}{path}", self.base),
            headers: &[("Authorization", &session.token)],
            body: b"",
        })?;
        expect(what, 200, r).map(drop)
    }
}

/// `GET path` on `base`, which must answer 200 (the HTTP limit: a static file).
pub fn get_ok(agent: &Agent, url: &str) -> anyhow::Result<()> {
    let reply = agent.send(&Request {
        method: "GET",
        url,
        headers: &[],
        body: b"",
    })?;
    expect("GET", 200, reply).map(drop)
}
