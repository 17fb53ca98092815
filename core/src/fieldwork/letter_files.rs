//! The files of a print batch for the mailing house, streamed a page of letters at a time so
//! that a batch of any size is written in bounded memory:
//!
//! - CSV: one row per letter — person id, name and address lines, language, the code in groups
//!   and the direct link (the columns of [`LETTER_COLUMNS`]);
//! - HTML: one A4 page per letter, ready to print: the address where a windowed C5 or C5/6
//!   envelope shows it (DIN 5008 form B: 20 mm from the left, 45 mm from the top, 85 × 45 mm),
//!   the letter's text in the case's language (right to left for Arabic and Persian), and the
//!   code with a QR code of the direct link.
//!
//! The codes are the batch's sealed codes, so every download of a batch carries the same ones;
//! once the batch is handed over they are gone and the files cannot be written again.

use super::invitation_text::code_label;
use super::qr_svg::qr_svg;
use super::FieldworkError;
use crate::code::CodeSeal;
use crate::contact::{escape_html, OptOutKey, Template, Values};
use crate::db::print_batches::{self, BatchLetter, BatchRow};
use crate::db::AnyConnection;
use crate::form::model::is_rtl;
use std::collections::BTreeMap;
use std::io::Write;

/// The columns of the CSV, in order.
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

/// Letters read at a time.
const PAGE: i64 = 1000;

/// What the files of a batch are written with.
#[derive(Debug, Clone)]
pub struct LetterContext<'a> {
    pub seal: &'a CodeSeal,
    pub opt_out: &'a OptOutKey,
    /// The address respondents open, without a trailing `/`.
    pub public_url: &'a str,
    pub survey_name: &'a str,
    /// The letter's text per language.
    pub texts: &'a BTreeMap<String, Template>,
    /// The language a case without a text of its own gets.
    pub default_language: &'a str,
}

/// One letter, with its code opened.
struct Letter {
    row: BatchLetter,
    language: String,
    code: String,
    url: String,
    opt_out: String,
}

impl LetterContext<'_> {
    fn open(&self, row: BatchLetter) -> Result<Letter, FieldworkError> {
        let sealed = row
            .sealed_code
            .as_deref()
            .ok_or(FieldworkError::HandedOver(row.attempt_id))?;
        let code = self.seal.open(sealed, row.attempt_id)?;
        let language = row
            .answer_language
            .clone()
            .or_else(|| row.case_language.clone())
            .unwrap_or_else(|| self.default_language.to_string());
        Ok(Letter {
            url: format!("{}/s/{}", self.public_url, code.as_str()),
            opt_out: format!(
                "{}/opt-out/{}",
                self.public_url,
                self.opt_out.token(row.case_id)
            ),
            code: code.printed(),
            language,
            row,
        })
    }

    /// The language of the text a letter in `language` is written in.
    fn text_language<'a>(&'a self, language: &'a str) -> &'a str {
        if self.texts.contains_key(language) {
            language
        } else if self.texts.contains_key(self.default_language) {
            self.default_language
        } else {
            self.texts
                .keys()
                .next()
                .map_or(self.default_language, String::as_str)
        }
    }
}

/// Calls `each` with every letter of `batch`, a page at a time; returns how many.
fn for_each_letter(
    conn: &mut AnyConnection,
    context: &LetterContext<'_>,
    batch: &BatchRow,
    mut each: impl FnMut(&Letter) -> Result<(), FieldworkError>,
) -> Result<usize, FieldworkError> {
    if batch.handed_over_at_ms.is_some() {
        return Err(FieldworkError::HandedOver(batch.id));
    }
    let mut count = 0;
    let mut after = 0;
    loop {
        let page = print_batches::letters(conn, batch.id, after, PAGE)?;
        let Some(last) = page.last() else { break };
        after = last.attempt_id;
        for row in page {
            each(&context.open(row)?)?;
            count += 1;
        }
    }
    Ok(count)
}

fn full_name(letter: &Letter) -> String {
    let c = &letter.row.contact;
    format!("{} {}", c.first_name, c.last_name)
        .trim()
        .to_string()
}

/// Writes the batch's CSV to `out`; returns the number of letters.
pub fn write_batch_csv(
    conn: &mut AnyConnection,
    context: &LetterContext<'_>,
    batch: &BatchRow,
    out: impl Write,
) -> Result<usize, FieldworkError> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(LETTER_COLUMNS).map_err(csv_io)?;
    let count = for_each_letter(conn, context, batch, |letter| {
        let c = &letter.row.contact;
        writer
            .write_record([
                letter.row.person_id.as_str(),
                &full_name(letter),
                &c.care_of,
                &c.street,
                &c.postcode,
                &c.city,
                &letter.language,
                &letter.code,
                &letter.url,
            ])
            .map_err(csv_io)
    })?;
    writer.flush()?;
    Ok(count)
}

/// The page's style: A4 pages, the address in the envelope's window, the text beneath.
const STYLE: &str = "@page{size:A4;margin:0}\
*{box-sizing:border-box}\
body{margin:0;font-family:'Noto Sans','DejaVu Sans',Arial,sans-serif;font-size:11pt;line-height:1.45;color:#000}\
.letter{position:relative;width:210mm;height:297mm;overflow:hidden;break-after:page;page-break-after:always}\
.letter:last-child{break-after:auto;page-break-after:auto}\
.sender{position:absolute;left:20mm;top:17mm;width:85mm;font-size:8pt}\
.window{position:absolute;left:20mm;top:45mm;width:85mm;height:45mm;padding-top:5mm;text-align:left}\
.window p{margin:0}\
.text{position:absolute;left:25mm;right:20mm;top:105mm;bottom:75mm;overflow:hidden}\
.text p{margin:0 0 4mm}\
.login{position:absolute;left:25mm;right:20mm;bottom:25mm;height:40mm;display:flex;gap:8mm;align-items:center}\
.login svg{width:38mm;height:38mm;flex:none}\
.login p{margin:0 0 2mm}\
.code{font-family:'DejaVu Sans Mono',monospace;font-size:18pt;font-weight:bold;letter-spacing:.08em;direction:ltr;unicode-bidi:isolate}\
.link{font-family:'DejaVu Sans Mono',monospace;font-size:9pt;direction:ltr;unicode-bidi:isolate}\
.letter[dir=rtl] .text,.letter[dir=rtl] .login{text-align:right}\
a{color:inherit;text-decoration:none}";

/// Writes the batch's print-ready HTML to `out`; returns the number of letters.
pub fn write_batch_html(
    conn: &mut AnyConnection,
    context: &LetterContext<'_>,
    batch: &BatchRow,
    out: impl Write,
) -> Result<usize, FieldworkError> {
    let mut out = std::io::BufWriter::new(out);
    let title = escape_html(&format!("{} — {}", context.survey_name, batch.step));
    write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <title>{title}</title><style>{STYLE}</style></head><body>\n",
        lang = escape_html(context.default_language),
    )?;
    let survey = escape_html(context.survey_name);
    let count = for_each_letter(conn, context, batch, |letter| {
        let language = context.text_language(&letter.language);
        let dir = if is_rtl(language) { "rtl" } else { "ltr" };
        let c = &letter.row.contact;
        let name = full_name(letter);
        let values = Values {
            name: &name,
            code: &letter.code,
            link: &letter.url,
            survey: context.survey_name,
            opt_out: &letter.opt_out,
        };
        let text = context
            .texts
            .get(language)
            .map(|t| t.render_html(&values))
            .unwrap_or_default();
        let mut address = String::new();
        for line in [
            name.as_str(),
            c.care_of.as_str(),
            c.street.as_str(),
            &format!("{} {}", c.postcode, c.city),
        ] {
            if !line.trim().is_empty() {
                address.push_str("<p>");
                address.push_str(&escape_html(line.trim()));
                address.push_str("</p>");
            }
        }
        writeln!(
            out,
            "<section class=\"letter\" lang=\"{lang}\" dir=\"{dir}\">\
             <div class=\"sender\" dir=\"auto\">{survey}</div>\
             <div class=\"window\" dir=\"ltr\">{address}</div>\
             <div class=\"text\">{text}</div>\
             <div class=\"login\">{qr}<div><p>{label}</p><p class=\"code\">{code}</p>\
             <p class=\"link\">{url}</p></div></div></section>",
            lang = escape_html(language),
            qr = qr_svg(&letter.url).unwrap_or_default(),
            label = code_label(language),
            code = escape_html(&letter.code),
            url = escape_html(&letter.url),
        )?;
        Ok(())
    })?;
    out.write_all(b"</body></html>\n")?;
    out.flush()?;
    Ok(count)
}

fn csv_io(e: csv::Error) -> FieldworkError {
    FieldworkError::Io(std::io::Error::other(e.to_string()))
}
