//! svar-api: the HTTP side of Svar (actix-web) — the respondent's HTML pages and the
//! respondent JSON API, with sessions, throttling, CSRF and security headers; and the
//! management API with field managers' accounts, tokens, grants and audit log.

mod blocking;
mod client_address;
mod code_login;
mod head_requests;
mod health;
pub mod i18n;
mod item_messages;
mod job_recovery;
mod manager_api;
mod method_not_allowed;
pub mod pages;
mod problem;
mod request_span;
mod respondent_api;
mod respondent_pages;
mod security_headers;
mod session_token;
mod short_replies;
mod startup;
mod state;
mod streaming_body;
mod verified_tokens;

pub use startup::build_server;
pub use state::ApiSettings;
