//! A field manager's browser without JavaScript on the dashboard (`/manage`): its own cookie
//! jar, redirects not followed by themselves so each 303 and its cookies can be checked, and
//! every answer checked against openapi.yaml and for the dashboard's security headers.

#![allow(dead_code)]

use super::html_reply::{strip_tags, HtmlReply};
use super::Svar;
use std::time::Duration;

/// The dashboard's Content-Security-Policy: the site's, plus its own script and stream.
pub const DASHBOARD_CSP: &str =
    "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; \
connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

impl HtmlReply {
    /// The `Set-Cookie` line of cookie `name`, if the answer sets it.
    pub fn set_cookie(&self, name: &str) -> Option<&str> {
        self.set_cookies
            .iter()
            .find(|c| c.starts_with(&format!("{name}=")))
            .map(String::as_str)
    }

    /// The body from just after the first `marker` on.
    fn after(&self, marker: &str) -> &str {
        let start = self
            .body
            .find(marker)
            .unwrap_or_else(|| panic!("no {marker} on the page:\n{}", self.body));
        &self.body[start + marker.len()..]
    }

    /// The value of the first hidden field `name`.
    pub fn hidden_value(&self, name: &str) -> String {
        let rest = self.after(&format!("name=\"{name}\" value=\""));
        rest[..rest.find('"').unwrap()].to_string()
    }

    /// The text of the table row `<tr data-key="KEY">`, one string per cell (`th` and `td`),
    /// tags removed.
    pub fn row(&self, key: &str) -> Vec<String> {
        let rest = self.after(&format!("<tr data-key=\"{key}\">"));
        rest[..rest.find("</tr>").unwrap()]
            .split("<t")
            .skip(1)
            .map(|cell| {
                let content = cell.find('>').map_or("", |i| &cell[i + 1..]);
                let content = content.split("</t").next().unwrap_or("");
                strip_tags(content)
            })
            .collect()
    }
}

pub struct DashboardClient {
    pub agent: ureq::Agent,
    pub base: String,
}

impl DashboardClient {
    pub fn new(svar: &Svar) -> DashboardClient {
        DashboardClient {
            agent: ureq::AgentBuilder::new()
                .redirects(0)
                .timeout(Duration::from_secs(30))
                .build(),
            base: svar.url.clone(),
        }
    }

    fn read(method: &str, path: &str, result: Result<ureq::Response, ureq::Error>) -> HtmlReply {
        let reply = HtmlReply::read(method, path, result);
        if reply.header("content-type").starts_with("text/html") {
            assert_eq!(
                reply.header("content-security-policy"),
                DASHBOARD_CSP,
                "CSP on {path}"
            );
            assert_eq!(reply.header("x-frame-options"), "DENY", "{path}");
        }
        reply
    }

    pub fn get(&self, path: &str) -> HtmlReply {
        let url = format!("{}{path}", self.base);
        DashboardClient::read("GET", path, self.agent.get(&url).call())
    }

    pub fn post(&self, path: &str, fields: &[(&str, &str)]) -> HtmlReply {
        let url = format!("{}{path}", self.base);
        DashboardClient::read("POST", path, self.agent.post(&url).send_form(fields))
    }

    /// Opens the log-in form and posts `email` and `password` with its token.
    pub fn log_in(&self, email: &str, password: &str) -> HtmlReply {
        let form = self.get("/manage");
        assert_eq!(form.status, 200, "{}", form.body);
        let csrf = form.hidden_value("_csrf");
        self.post(
            "/manage/login",
            &[("_csrf", &csrf), ("email", email), ("password", password)],
        )
    }

    /// The value of cookie `name` in the jar, if any.
    pub fn cookie(&self, name: &str) -> Option<String> {
        let host = self.base.trim_start_matches("http://");
        let host = host.split(':').next().unwrap();
        self.agent
            .cookie_store()
            .get(host, "/manage", name)
            .map(|c| c.value().to_string())
    }
}
