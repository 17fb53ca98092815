//! A survey round as the management API shows it: its state, the questionnaire it fields and,
//! for one survey, how many cases it has in each AAPOR bucket — read from the monitoring
//! counters (`svar_core::monitoring`), never by counting the cases, since the view is shown
//! after every change a manager makes.

use crate::manager_api::timestamp;
use crate::problem::Problem;
use serde::Serialize;
use svar_core::db::surveys::{self, SurveyRow};
use svar_core::db::{questionnaires, AnyConnection};
use svar_core::monitoring::{survey_buckets, BucketCounts, FiguresError};

#[derive(Debug, Serialize)]
pub struct SurveyView {
    pub id: i64,
    pub name: String,
    pub round: i32,
    pub state: &'static str,
    pub questionnaire_id: Option<i64>,
    pub created_at: String,
    /// Only when one survey is read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub questionnaire: Option<QuestionnaireSummary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cases: Option<CaseCounts>,
}

#[derive(Debug, Serialize)]
pub struct QuestionnaireSummary {
    pub id: i64,
    pub form_id: String,
    pub version: String,
    pub title: String,
    pub uploaded_at: String,
}

#[derive(Debug, Serialize)]
pub struct CaseCounts {
    pub total: i64,
    pub by_bucket: BucketCounts<i64>,
}

impl SurveyView {
    /// The short form, as in lists.
    pub fn of(row: SurveyRow) -> Result<SurveyView, Problem> {
        Ok(SurveyView {
            state: row.state()?.as_str(),
            id: row.id,
            name: row.name,
            round: row.round,
            questionnaire_id: row.questionnaire_id,
            created_at: timestamp(row.created_at_ms),
            questionnaire: None,
            cases: None,
        })
    }

    /// The full form of survey `id` (404 if it does not exist).
    pub fn load(conn: &mut AnyConnection, id: i64) -> Result<SurveyView, Problem> {
        let row = surveys::find(conn, id)?.ok_or_else(Problem::not_found)?;
        let questionnaire = match row.questionnaire_id {
            Some(qid) => questionnaires::find(conn, qid)?.map(|q| QuestionnaireSummary {
                id: q.id,
                form_id: q.form_id,
                version: q.version,
                title: q.title,
                uploaded_at: timestamp(q.created_at_ms),
            }),
            None => None,
        };
        let by_bucket = survey_buckets(conn, id).map_err(|e| match e {
            FiguresError::Store(e) => Problem::from(e),
            _ => Problem::not_found(),
        })?;
        let mut view = SurveyView::of(row)?;
        view.questionnaire = questionnaire;
        view.cases = Some(CaseCounts {
            total: by_bucket.total(),
            by_bucket,
        });
        Ok(view)
    }
}
