//! svar-core: the domain of Svar — questionnaires, samples, access codes, answering rules,
//! field managers' accounts and storage. No HTTP and no SMTP here: the api and worker crates
//! build on this one.

pub mod accounts;
pub mod code;
pub mod contact;
pub mod db;
pub mod disposition;
pub mod disposition_code;
pub mod export;
pub mod expr;
pub mod fieldwork;
pub mod form;
pub mod monitoring;
pub mod respondent;
pub mod response;
pub mod sample;
pub mod setup;
pub mod throttle;
