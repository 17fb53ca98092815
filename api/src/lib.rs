//! svar-api: the HTTP side of Svar (actix-web) — the respondent's HTML pages and the
//! respondent JSON API, with sessions, throttling, CSRF and security headers; and the
//! management API with field managers' accounts, tokens, grants, audit log and contact plans;
//! and the operator's health and metrics endpoints.

mod blocking;
mod client_address;
mod code_login;
mod csrf;
mod dashboard;
mod form_body;
mod head_requests;
pub mod i18n;
mod item_messages;
mod language_choice;
mod manager_api;
mod method_not_allowed;
mod operations;
pub mod pages;
mod problem;
mod request_metrics;
mod request_span;
mod respondent_api;
mod respondent_pages;
mod security_headers;
mod session_token;
mod short_replies;
mod startup;
mod state;
mod statistics_feed;
mod statistics_stream;
mod streaming_body;
mod verified_tokens;

pub use operations::{build_operations_server, Metrics, Operations, RefreshGauges};
pub use startup::build_server;
pub use state::ApiSettings;
