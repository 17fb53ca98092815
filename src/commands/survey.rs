//! `svar survey create`: store a questionnaire and create a survey round with it.

use crate::configuration::Settings;
use anyhow::Context;
use std::path::Path;
use svar_core::db::surveys::SurveyState;
use svar_core::setup::{create_survey, read_questionnaire, QuestionnaireSource};

pub fn create(
    settings: &Settings,
    name: &str,
    round: i32,
    questionnaire: &Path,
    draft: bool,
) -> anyhow::Result<()> {
    let source = QuestionnaireSource::from_file_name(&questionnaire.to_string_lossy())?;
    let bytes = std::fs::read(questionnaire)
        .with_context(|| format!("reading {}", questionnaire.display()))?;
    let report = read_questionnaire(source, &bytes)?;
    for warning in &report.warnings {
        eprintln!("warning: {warning}");
    }
    let pool = super::open_migrated(settings)?;
    let state = if draft {
        SurveyState::Draft
    } else {
        SurveyState::Fielding
    };
    let id = create_survey(&mut *pool.get()?, name, round, state, &report, &bytes)?;
    println!("{id}");
    Ok(())
}
