//! Setting up a survey round: storing a questionnaire and creating the survey, importing the
//! strata and the sample, and writing the invitation print file with fresh codes. Used by the
//! command line now and by the management API later, so the rules live here once.

mod error;
mod letters;
mod questionnaire;
mod round_copy;
mod sample_import;
mod sample_job;
mod survey_state;

pub use error::SetupError;
pub use letters::{write_invitations, write_invitations_then, LETTER_COLUMNS};
pub use questionnaire::{
    attach_questionnaire, create_survey, read_questionnaire, QuestionnaireSource,
};
pub use round_copy::{copy_round, CopiedRound};
pub use sample_import::{import_sample, import_sample_observed, ImportProgress, ImportedSample};
pub use sample_job::{start_sample_import, JobBoard, JobProblem, SampleFiles};
pub use survey_state::{change_state, check_transition, TransitionRefusal};
