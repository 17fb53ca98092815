//! Importing the strata and the sample of a survey: both files are checked row by row while
//! the rows are written, in one transaction that is rolled back on the first refusal, so a
//! refused file leaves the database as it was. The sample is streamed, never held whole.

use super::SetupError;
use crate::db::samples::{self, NewCase, NewContact, NewStratum};
use crate::db::{cases, surveys, write_tx, AnyConnection, StoreError};
use crate::sample::{parse_sample_observed, parse_strata, SampleRow, SampleSummary};
use std::collections::HashMap;
use std::io::Read;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::sync_channel;

/// Cases written per batch while streaming.
const BATCH: usize = 5000;

/// What was imported.
#[derive(Debug, Clone)]
pub struct ImportedSample {
    pub strata: usize,
    pub summary: SampleSummary,
}

fn new_case(row: SampleRow, strata: &HashMap<String, (i64, f64)>) -> Result<NewCase, StoreError> {
    let (stratum_id, weight) = strata
        .get(row.stratum.as_str())
        .copied()
        .ok_or_else(|| StoreError::Corrupt("a checked stratum is missing".into()))?;
    // Pairs of auxiliaries are counted too, for R-indicators over two of them.
    let auxiliaries =
        serde_json::to_string(&crate::monitoring::joint::with_pairs(&row.auxiliaries))
            .map_err(|e| StoreError::Corrupt(format!("auxiliaries: {e}")))?;
    let k = row.contact;
    Ok(NewCase {
        person_id: row.person_id,
        stratum_id,
        design_weight: row.design_weight.unwrap_or(weight),
        language: row.language,
        auxiliaries,
        contact: NewContact {
            first_name: k.first_name.unwrap_or_default(),
            last_name: k.last_name.unwrap_or_default(),
            care_of: k.care_of.unwrap_or_default(),
            street: k.street.unwrap_or_default(),
            postcode: k.postcode.unwrap_or_default(),
            city: k.city.unwrap_or_default(),
            email: k.email.map(|e| e.as_str().to_string()),
            phone: k.phone.unwrap_or_default(),
        },
    })
}

/// How far an import has come: rows read from the sample file, rows written so far (inside
/// the import's transaction: they count only if it commits), problems found so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportProgress {
    pub rows_read: u64,
    pub rows_imported: u64,
    pub errors: usize,
}

pub fn import_sample(
    conn: &mut AnyConnection,
    survey_id: i64,
    strata_file: impl Read,
    sample_file: impl Read,
) -> Result<ImportedSample, SetupError> {
    import_sample_observed(conn, survey_id, strata_file, sample_file, |_| {})
}

/// [`import_sample`], telling `on_progress` after every row how far it has come.
pub fn import_sample_observed(
    conn: &mut AnyConnection,
    survey_id: i64,
    strata_file: impl Read,
    sample_file: impl Read,
    mut on_progress: impl FnMut(ImportProgress),
) -> Result<ImportedSample, SetupError> {
    surveys::find(conn, survey_id)?.ok_or(SetupError::NoSuchSurvey(survey_id))?;
    let strata_rows = parse_strata(strata_file).map_err(SetupError::Sample)?;
    write_tx(conn, |c| {
        if cases::count_of_survey(c, survey_id)? > 0 {
            return Err(SetupError::SampleExists(survey_id));
        }
        // Strata without cases were copied from the round before: the file replaces them.
        samples::delete_strata(c, survey_id)?;
        let new_strata: Vec<NewStratum> = strata_rows
            .iter()
            .map(|s| NewStratum {
                survey_id,
                code: s.code.as_str().to_string(),
                label: s.label.clone(),
                population: s.population,
                sample_size: s.sample_size,
                target_response_rate: s.target_response_rate,
            })
            .collect();
        let stored = samples::insert_strata(c, &new_strata)?;
        let by_code: HashMap<String, (i64, f64)> = stored
            .iter()
            .map(|s| (s.code.clone(), (s.id, s.design_weight())))
            .collect();

        // Reading and checking the file overlaps with writing the rows: batches go to a
        // writer thread holding the transaction's connection, at most two batches ahead.
        let imported = AtomicU64::new(0);
        let (parsed, written) = std::thread::scope(|scope| {
            let (to_writer, batches) = sync_channel::<Vec<NewCase>>(2);
            let imported = &imported;
            let writer = scope.spawn(move || -> Result<(), StoreError> {
                for batch in batches {
                    let n = samples::insert_cases(c, survey_id, &batch)?;
                    imported.fetch_add(n as u64, Ordering::Relaxed);
                }
                Ok(())
            });
            let mut batch: Vec<NewCase> = Vec::with_capacity(BATCH);
            let mut failure: Option<StoreError> = None;
            let mut writer_gone = false;
            let on_row = |row| {
                if failure.is_some() || writer_gone {
                    return;
                }
                match new_case(row, &by_code) {
                    Ok(case) => batch.push(case),
                    Err(e) => failure = Some(e),
                }
                if batch.len() >= BATCH {
                    let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                    // A refused send means the writer stopped on an error, reported below.
                    writer_gone = to_writer.send(full).is_err();
                }
            };
            let parsed = parse_sample_observed(sample_file, &strata_rows, on_row, |read| {
                on_progress(ImportProgress {
                    rows_read: read.rows_read,
                    rows_imported: imported.load(Ordering::Relaxed),
                    errors: read.errors,
                })
            });
            if parsed.is_ok() && failure.is_none() && !batch.is_empty() {
                // As above: a refused send is the writer's error, reported by its join.
                let _ = to_writer.send(batch);
            }
            drop(to_writer);
            let written = match writer.join() {
                Ok(result) => result,
                Err(_) => Err(StoreError::Corrupt("the sample writer panicked".into())),
            };
            (parsed.map(|summary| (summary, failure)), written)
        });
        let (summary, failure) = parsed.map_err(SetupError::Sample)?;
        if let Some(e) = failure {
            return Err(SetupError::Store(e));
        }
        written?;
        Ok(ImportedSample {
            strata: stored.len(),
            summary,
        })
    })
}
