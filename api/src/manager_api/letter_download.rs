//! Streaming the letters of a print batch to a field manager, as the mailing house's CSV or as
//! print-ready HTML (`svar_core::fieldwork::write_batch_csv`, `write_batch_html`): the
//! invitation file of the surveys routes and the batch files of the contact routes are written
//! the same way, a page of letters at a time, with the batch's sealed codes.

use crate::state::AppState;
use crate::streaming_body::stream_blocking;
use actix_web::{HttpResponse, HttpResponseBuilder};
use std::collections::BTreeMap;
use std::sync::Arc;
use svar_core::code::CodeSeal;
use svar_core::contact::{OptOutKey, Template};
use svar_core::db::print_batches::BatchRow;
use svar_core::fieldwork::{write_batch_csv, write_batch_html, FieldworkError, LetterContext};

/// Which file of a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LetterFormat {
    Csv,
    Html,
}

/// What a batch's file is written with, read before the download starts.
#[derive(Debug)]
pub struct LetterFiles {
    pub batch: BatchRow,
    pub survey_name: String,
    /// The letter's text per language.
    pub texts: BTreeMap<String, Template>,
    pub default_language: String,
}

/// Sends the batch's file as the body of `response` (status and headers set).
pub fn stream_letters(
    state: &Arc<AppState>,
    response: HttpResponseBuilder,
    files: LetterFiles,
    format: LetterFormat,
) -> HttpResponse {
    let st = Arc::clone(state);
    stream_blocking(state, response, FieldworkError::kind, move |conn, out| {
        let seal = CodeSeal::new(&st.code_key);
        let opt_out = OptOutKey::new(&st.code_key).map_err(|_| FieldworkError::Random)?;
        let context = LetterContext {
            seal: &seal,
            opt_out: &opt_out,
            public_url: &st.public_url,
            survey_name: &files.survey_name,
            texts: &files.texts,
            default_language: &files.default_language,
        };
        let letters = match format {
            LetterFormat::Csv => write_batch_csv(conn, &context, &files.batch, out)?,
            LetterFormat::Html => write_batch_html(conn, &context, &files.batch, out)?,
        };
        tracing::info!(
            survey_id = files.batch.survey_id,
            batch_id = files.batch.id,
            letters,
            "letters downloaded"
        );
        Ok(())
    })
}
