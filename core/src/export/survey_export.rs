//! One survey's exports on storage: loads the survey and its questionnaire once, checks the
//! options, then streams each format from keyset-paged reads of its cases or events.

use super::cells::{answers_of, case_cells, instances, Cell};
use super::codebook_json::write_codebook_json;
use super::columns::{plan_columns, plan_repeat_columns, ColumnPlan};
use super::ddi_xml::write_ddi_xml;
use super::error::ExportError;
use super::labels::{label_language, label_mode, LabelMode};
use super::paradata_csv::ParadataCsv;
use super::responses_csv::ResponsesCsv;
use super::stat_file::{Measured, StatFormat, StatWriter};
use super::Study;
use crate::db::export_rows::{case_range, for_each_case, for_each_event, CaseRange, EXPORT_BATCH};
use crate::db::surveys::{self, SurveyRow};
use crate::db::{questionnaires, AnyConnection};
use crate::form::model::Form;
use crate::response::Answers;
use std::io::Write;

/// What the caller asks of an export.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportOptions {
    /// `labels=LANG`: choice labels in this language instead of choice names (CSV), and the
    /// language of variable and value labels (SPSS, Stata; default: the form's default).
    pub labels: Option<String>,
    /// Whether the person id column is included (only for roles allowed personal data).
    pub personal_data: bool,
}

/// A survey ready to export: its questionnaire, column plan and checked options.
#[derive(Debug, Clone)]
pub struct SurveyExport {
    pub survey: SurveyRow,
    pub form: Form,
    /// The plan of the file being written: the cases', or a repeat's ([`Self::for_repeat`]).
    pub plan: ColumnPlan,
    /// Every file's plan, the cases' first, then each repeat's (what the codebook describes).
    pub files: Vec<ColumnPlan>,
    mode: LabelMode,
    language: String,
    batch: i64,
}

impl SurveyExport {
    /// Loads survey `survey_id` and its questionnaire and checks `options`; fails before any
    /// byte is written on an unknown survey, a survey without questionnaire or an unknown
    /// language.
    pub fn load(
        conn: &mut AnyConnection,
        survey_id: i64,
        options: &ExportOptions,
    ) -> Result<SurveyExport, ExportError> {
        let survey = surveys::find(conn, survey_id)?.ok_or(ExportError::NoSuchSurvey(survey_id))?;
        let qid = survey
            .questionnaire_id
            .ok_or(ExportError::NoQuestionnaire(survey_id))?;
        let stored =
            questionnaires::find(conn, qid)?.ok_or(ExportError::NoQuestionnaire(survey_id))?;
        let form: Form = serde_json::from_str(&stored.compiled)
            .map_err(|e| ExportError::CorruptQuestionnaire(e.to_string()))?;
        let mode = label_mode(&form, options.labels.as_deref())?;
        let language = label_language(&form, options.labels.as_deref())?;
        let plan = plan_columns(&form, options.personal_data);
        let repeats = form
            .repeats
            .iter()
            .filter_map(|repeat| plan_repeat_columns(&form, &repeat.name));
        let files = std::iter::once(plan.clone()).chain(repeats).collect();
        Ok(SurveyExport {
            survey,
            form,
            plan,
            files,
            mode,
            language,
            batch: EXPORT_BATCH,
        })
    }

    /// The export of repeat group `repeat`'s file instead: one row per instance, keyed by the
    /// case id and the instance number.
    pub fn for_repeat(mut self, repeat: &str) -> Result<SurveyExport, ExportError> {
        self.plan = self
            .files
            .iter()
            .find(|plan| plan.repeat.as_deref() == Some(repeat))
            .cloned()
            .ok_or_else(|| ExportError::NoSuchRepeat(repeat.to_string()))?;
        Ok(self)
    }

    /// Reads `batch` cases per query instead of [`EXPORT_BATCH`].
    pub fn with_batch(mut self, batch: i64) -> SurveyExport {
        self.batch = batch.max(1);
        self
    }

    pub fn study(&self) -> Study<'_> {
        Study {
            survey_id: self.survey.id,
            name: &self.survey.name,
            round: self.survey.round,
        }
    }

    /// The responses CSV: a header, then one row per case of the survey in case order (for a
    /// repeat, per instance, in case and instance order).
    pub fn write_responses_csv<W: Write>(
        &self,
        conn: &mut AnyConnection,
        out: W,
    ) -> Result<W, ExportError> {
        let mut csv = ResponsesCsv::new(out, &self.form, &self.plan, self.mode.clone())?;
        let range = case_range(conn, self.survey.id)?;
        self.for_each_row(conn, range, None, |cells| csv.write_row(cells))?;
        csv.finish()
    }

    pub fn write_codebook_json(&self, out: impl Write) -> Result<(), ExportError> {
        write_codebook_json(&self.study(), &self.form, &self.files, out)
    }

    pub fn write_ddi_xml(&self, out: impl Write) -> Result<(), ExportError> {
        write_ddi_xml(&self.study(), &self.form, &self.files, out)
    }

    /// The responses as an SPSS or Stata file. Reads the cases twice: once to count them and
    /// measure text widths, once to write; a Stata file with texts too long for `str2045`
    /// reads them once more in between, for its `strL` columns.
    pub fn write_stat_file<W: Write>(
        &self,
        conn: &mut AnyConnection,
        format: StatFormat,
        out: W,
    ) -> Result<W, ExportError> {
        let range = case_range(conn, self.survey.id)?;
        let mut widths = Measured::new(&self.plan);
        self.for_each_row(conn, range, None, |cells| {
            widths.observe(&self.plan, cells, format);
            Ok(())
        })?;
        let label = format!("{} {}", self.survey.name, self.survey.round);
        let mut file = StatWriter::new(
            out,
            format,
            &self.form,
            &self.plan,
            &self.language,
            &widths,
            &label,
        )?;
        let rows = Some(widths.rows());
        if file.has_long_texts() {
            self.for_each_row(conn, range, rows, |cells| {
                file.add_long_texts(&self.plan, cells)
            })?;
        }
        self.for_each_row(conn, range, rows, |cells| file.write_row(&self.plan, cells))?;
        file.finish()
    }

    /// Calls `each` with the cells of every row (case, or instance of the repeat) of the cases
    /// in `range`, in order. With `rows`, fails with [`ExportError::CasesChanged`] as soon as
    /// there are more rows than that, or at the end if there are fewer.
    fn for_each_row(
        &self,
        conn: &mut AnyConnection,
        range: CaseRange,
        rows: Option<i64>,
        mut each: impl FnMut(&[Cell<'_>]) -> Result<(), ExportError>,
    ) -> Result<(), ExportError> {
        let mut seen = 0;
        for_each_case(conn, self.survey.id, range, self.batch, |row| {
            let answers = answers_of(&row)?;
            let mut emit = |answers: &Answers, instance: &[u32]| {
                seen += 1;
                if rows.is_some_and(|rows| seen > rows) {
                    return Err(ExportError::CasesChanged);
                }
                let mut cells = Vec::with_capacity(self.plan.len());
                case_cells(&self.plan, &row, answers, instance, &mut cells);
                each(&cells)
            };
            match self.plan.repeat {
                None => emit(&answers, &[]),
                Some(_) => instances(&self.plan, &answers)
                    .iter()
                    .try_for_each(|(instance, answers)| emit(answers, instance)),
            }
        })?;
        match rows {
            Some(rows) if seen != rows => Err(ExportError::CasesChanged),
            _ => Ok(()),
        }
    }
}

/// The paradata CSV of a survey: one row per event, oldest first.
pub fn write_paradata_csv<W: Write>(
    conn: &mut AnyConnection,
    survey_id: i64,
    out: W,
) -> Result<W, ExportError> {
    surveys::find(conn, survey_id)?.ok_or(ExportError::NoSuchSurvey(survey_id))?;
    let mut csv = ParadataCsv::new(out)?;
    for_each_event(conn, survey_id, EXPORT_BATCH, |event| {
        csv.write_event(&event)
    })?;
    csv.finish()
}
