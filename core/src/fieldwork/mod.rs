//! The contact plan carried out against storage: the scheduling pass that writes the outbox,
//! print batches and their files for the mailing house, the words of each e-mail, and the
//! fresh code every letter and e-mail carries. The worker runs these as jobs; the management
//! API calls the same functions for "send now" and for downloads.

mod codes;
mod email_content;
mod error;
mod invitation_text;
mod letter_files;
mod print_batch;
mod print_job;
mod qr_svg;
mod schedule;
mod survey_languages;

pub use codes::{fresh_code, fresh_codes};
pub use email_content::{compose as compose_email, EmailContent};
pub use error::FieldworkError;
pub use invitation_text::{code_label, invitation_texts};
pub use letter_files::{write_batch_csv, write_batch_html, LetterContext, LETTER_COLUMNS};
pub use print_batch::{invitation_batch, make_batch, BatchKeys};
pub use print_job::PrintBatchJob;
pub use qr_svg::qr_svg;
pub use schedule::{
    fielding_step_due_at, plan_of, schedule_step_now, schedule_survey, PassOutcome, StepOutcome,
    DAY_MS,
};
pub use survey_languages::{survey_languages, SurveyLanguages};
