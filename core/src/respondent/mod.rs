//! The respondent's path as operations on storage: open a session with a code, read and save
//! pages, change language, submit, decline. Each operation is one transaction; the HTTP layer
//! (pages and JSON API alike) only maps requests onto these.

mod answering_case;
pub mod error;
mod finishing;
pub mod form_cache;
mod opening;
mod opt_out;
mod pages;
pub mod recent_cases;
pub mod respondent_cache;

pub use answering_case::AnsweringCase;
pub use error::{RefusedAnswers, RespondentError};
pub use finishing::{decline, submit};
pub use form_cache::FormCache;
pub use opening::{case_context, change_language, open_session, CaseContext, OpenedSession};
pub use opt_out::{opt_out, OptOut};
pub use pages::{load_page, save_page, save_page_checking, LoadedPage, SavedPage};
pub use recent_cases::RecentCases;
pub use respondent_cache::RespondentCache;
