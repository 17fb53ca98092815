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

pub use crate::fieldwork::LETTER_COLUMNS;
pub use error::SetupError;
pub use letters::write_invitations;
pub use questionnaire::{
    attach_questionnaire, create_survey, read_questionnaire, QuestionnaireSource,
};
pub use round_copy::{copy_round, CopiedRound};
pub use sample_import::{import_sample, import_sample_observed, ImportProgress, ImportedSample};
pub use sample_job::{
    enqueue_sample_import, give_up_sample_import, run_sample_import, ImportEnd, JobBoard,
    JobProblem, SampleFiles, SampleImportJob, SAMPLE_IMPORT_JOB,
};
pub use survey_state::{change_state, check_transition, TransitionRefusal};
