//! The invitation print file for the mailing house: one row per case still answering, each
//! with a fresh access code and its direct link. This file is the only place a plain code
//! exists; only the code's keyed hash is stored, in the same transaction, so a failed write
//! leaves no code behind that nobody received.

use super::SetupError;
use crate::code::{AccessCode, CodeKey};
use crate::db::cases::CaseState;
use crate::db::{codes, samples, surveys, write_tx, AnyConnection, StoreError};
use std::io::Write;

/// The columns of the print file, in order.
pub const LETTER_COLUMNS: [&str; 9] = [
    "person_id",
    "name",
    "care_of",
    "street",
    "postcode",
    "city",
    "language",
    "code",
    "url",
];

/// Cases read from the database at a time: the file is written batch by batch, so memory
/// stays flat however large the sample.
const BATCH: i64 = 1000;

/// Draws tries per case before giving up (a collision among 2^60 codes is already rare).
const MAX_DRAWS: usize = 8;

/// Writes the print file for `survey_id` to `out`; returns the number of letters.
/// `public_url` is the address respondents open (e.g. `https://svar.example.se`).
pub fn write_invitations(
    conn: &mut AnyConnection,
    key: &CodeKey,
    survey_id: i64,
    public_url: &str,
    out: impl Write,
) -> Result<usize, SetupError> {
    write_invitations_then(conn, key, survey_id, public_url, out, |_, _| Ok(()))
}

/// [`write_invitations`], running `before_commit` (e.g. an audit row) with the number of
/// letters in the same transaction as the codes.
pub fn write_invitations_then(
    conn: &mut AnyConnection,
    key: &CodeKey,
    survey_id: i64,
    public_url: &str,
    out: impl Write,
    before_commit: impl FnOnce(&mut AnyConnection, usize) -> Result<(), StoreError>,
) -> Result<usize, SetupError> {
    surveys::find(conn, survey_id)?.ok_or(SetupError::NoSuchSurvey(survey_id))?;
    let base = public_url.trim_end_matches('/');
    let key_id = key.key_id();
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(LETTER_COLUMNS).map_err(csv_io)?;
    let count = write_tx(conn, |c| {
        let mut count = 0;
        let mut after = None;
        loop {
            let batch = samples::cases_with_contacts(c, survey_id, after, BATCH)?;
            let Some(last) = batch.last() else { break };
            after = Some(last.case_id);
            for letter in batch {
                if write_letter(c, key, &key_id, base, &mut writer, letter)? {
                    count += 1;
                }
            }
        }
        writer.flush()?;
        before_commit(c, count)?;
        Ok::<_, SetupError>(count)
    })?;
    Ok(count)
}

/// Writes the letter of one case still answering, with a fresh code; `false` for a case
/// that has finished (submitted or declined) and gets no letter.
fn write_letter<W: Write>(
    c: &mut AnyConnection,
    key: &CodeKey,
    key_id: &str,
    base: &str,
    writer: &mut csv::Writer<W>,
    letter: samples::LetterCase,
) -> Result<bool, SetupError> {
    let samples::LetterCase {
        case_id,
        person_id,
        language,
        state,
        contact,
    } = letter;
    if CaseState::parse(&state)?.is_final() {
        return Ok(false);
    }
    let code = fresh_code(c, key, key_id, case_id)?;
    let name = format!("{} {}", contact.first_name, contact.last_name);
    writer
        .write_record([
            person_id.as_str(),
            name.trim(),
            &contact.care_of,
            &contact.street,
            &contact.postcode,
            &contact.city,
            language.as_deref().unwrap_or(""),
            &code.printed(),
            &format!("{base}/s/{}", code.as_str()),
        ])
        .map_err(csv_io)?;
    Ok(true)
}

fn fresh_code(
    conn: &mut AnyConnection,
    key: &CodeKey,
    key_id: &str,
    case_id: i64,
) -> Result<AccessCode, SetupError> {
    for _ in 0..MAX_DRAWS {
        let code = AccessCode::generate().map_err(|_| SetupError::Random)?;
        if codes::insert(conn, case_id, &key.hash(&code), key_id)? {
            return Ok(code);
        }
    }
    Err(SetupError::Random)
}

fn csv_io(e: csv::Error) -> SetupError {
    SetupError::Io(std::io::Error::other(e.to_string()))
}
