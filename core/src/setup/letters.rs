//! The invitation print file of `svar letters` (and of `GET …/letters.csv`): the survey's
//! invitation batch (`crate::fieldwork::invitation_batch`) — a letter with a fresh code to every
//! case still answering, made by the first request — written as CSV. Every later request
//! writes the same letters with the same codes until the batch is handed over.

use super::SetupError;
use crate::code::{CodeKey, CodeSeal};
use crate::contact::OptOutKey;
use crate::db::{now_ms, AnyConnection};
use crate::fieldwork::{
    invitation_batch, invitation_texts, write_batch_csv, BatchKeys, LetterContext,
};
use std::io::Write;

/// Writes the invitation print file of `survey_id` to `out`; returns the number of letters.
/// `public_url` is the address respondents open (e.g. `https://svar.example.se`).
pub fn write_invitations(
    conn: &mut AnyConnection,
    key: &CodeKey,
    survey_id: i64,
    public_url: &str,
    out: impl Write,
) -> Result<usize, SetupError> {
    let seal = CodeSeal::new(key);
    let opt_out = OptOutKey::new(key).map_err(|_| SetupError::Random)?;
    let keys = BatchKeys {
        code_key: key,
        seal: &seal,
    };
    let batch = invitation_batch(conn, &keys, survey_id, now_ms())?;
    let texts = invitation_texts();
    let context = LetterContext {
        seal: &seal,
        opt_out: &opt_out,
        public_url: public_url.trim_end_matches('/'),
        survey_name: "",
        texts: &texts,
        default_language: "sv",
    };
    Ok(write_batch_csv(conn, &context, &batch, out)?)
}
