//! Setting up a survey round: storing a questionnaire and creating the survey, importing the
//! strata and the sample, and writing the invitation print file with fresh codes. Used by the
//! command line now and by the management API later, so the rules live here once.

mod error;
mod letters;
mod questionnaire;
mod sample_import;
mod sample_job;

pub use error::SetupError;
pub use letters::{write_invitations, LETTER_COLUMNS};
pub use questionnaire::{create_survey, read_questionnaire, QuestionnaireSource};
pub use sample_import::{import_sample, import_sample_observed, ImportProgress, ImportedSample};
pub use sample_job::{start_sample_import, JobBoard, JobProblem, SampleFiles};
