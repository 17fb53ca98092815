//! The codebook as DDI-Codebook 2.5 XML, the metadata standard archives and statistics offices
//! load: one `dataDscr/var` per export column with its label, question text and category labels
//! in every language (`xml:lang`). Written with quick-xml, which escapes every text.

use super::codebook_json::repeat_file_name;
use super::columns::{ColumnKind, ColumnPlan};
use super::error::ExportError;
use super::Study;
use crate::form::model::{Form, Texts};
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;
use std::io::Write;

const DDI_NAMESPACE: &str = "ddi:codebook:2_5";
const DDI_SCHEMA: &str = "ddi:codebook:2_5 http://www.ddialliance.org/Specification/DDI-Codebook/2.5/XMLSchema/codebook.xsd";
/// Writes the DDI-Codebook 2.5 document of the files: a `fileDscr` per file (`F1` the cases'
/// `responses.csv`, then one per repeat group, one row per instance), each variable naming
/// its file.
pub fn write_ddi_xml(
    study: &Study<'_>,
    form: &Form,
    files: &[ColumnPlan],
    out: impl Write,
) -> Result<(), ExportError> {
    let mut w = Writer::new_with_indent(out, b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.write_event(Event::Start(BytesStart::new("codeBook").with_attributes([
        ("xmlns", DDI_NAMESPACE),
        ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        ("xsi:schemaLocation", DDI_SCHEMA),
        ("version", "2.5"),
    ])))?;

    let title = format!("{} (round {}): {}", study.name, study.round, form.title);
    w.create_element("stdyDscr").write_inner_content(|w| {
        w.create_element("citation").write_inner_content(|w| {
            w.create_element("titlStmt").write_inner_content(|w| {
                leaf(w, "titl", &title)?;
                leaf(w, "IDNo", &format!("svar-survey-{}", study.survey_id))
            })?;
            w.create_element("verStmt")
                .write_inner_content(|w| leaf(w, "version", &form.version))?;
            Ok(())
        })?;
        Ok(())
    })?;

    let file_ids: Vec<String> = (1..=files.len()).map(|n| format!("F{n}")).collect();
    for (plan, file_id) in files.iter().zip(&file_ids) {
        let var_count = plan.len().to_string();
        let file_name = match &plan.repeat {
            Some(repeat) => repeat_file_name(repeat, "csv"),
            None => "responses.csv".to_string(),
        };
        w.create_element("fileDscr")
            .with_attribute(("ID", file_id.as_str()))
            .write_inner_content(|w| {
                w.create_element("fileTxt").write_inner_content(|w| {
                    leaf(w, "fileName", &file_name)?;
                    w.create_element("dimensns")
                        .write_inner_content(|w| leaf(w, "varQnty", &var_count))?;
                    Ok(())
                })?;
                Ok(())
            })?;
    }

    w.write_event(Event::Start(BytesStart::new("dataDscr")))?;
    let columns = files
        .iter()
        .zip(&file_ids)
        .flat_map(|(plan, file_id)| plan.columns.iter().map(move |c| (c, file_id.as_str())));
    for (n, (column, file_id)) in columns.enumerate() {
        let id = format!("V{}", n + 1);
        let interval = match column.kind {
            ColumnKind::Integer | ColumnKind::Decimal => "contin",
            _ => "discrete",
        };
        w.create_element("var")
            .with_attributes([
                ("ID", id.as_str()),
                ("name", column.name.as_str()),
                ("files", file_id),
                ("intrvl", interval),
            ])
            .write_inner_content(|w| {
                texts(w, "labl", &column.label)?;
                for (lang, text) in &column.question {
                    w.create_element("qstn")
                        .with_attribute(("xml:lang", lang.as_str()))
                        .write_inner_content(|w| {
                            w.create_element("qstnLit")
                                .with_attribute(("xml:lang", lang.as_str()))
                                .write_text_content(BytesText::new(text))?;
                            Ok(())
                        })?;
                }
                for category in &column.categories {
                    w.create_element("catgry").write_inner_content(|w| {
                        leaf(w, "catValu", &category.value)?;
                        texts(w, "labl", &category.label)?;
                        Ok(())
                    })?;
                }
                // As the responses CSV holds them: choice names and ISO 8601 times are text.
                let (format, category) = match column.kind {
                    ColumnKind::Integer | ColumnKind::Decimal | ColumnKind::Flag => {
                        ("numeric", "other")
                    }
                    ColumnKind::Date | ColumnKind::DateTime => ("character", "date"),
                    ColumnKind::Text | ColumnKind::SelectOne => ("character", "other"),
                };
                w.create_element("varFormat")
                    .with_attributes([("type", format), ("category", category)])
                    .write_empty()?;
                Ok(())
            })?;
    }
    w.write_event(Event::End(BytesEnd::new("dataDscr")))?;
    w.write_event(Event::End(BytesEnd::new("codeBook")))?;
    Ok(())
}

/// `<name>text</name>`.
fn leaf<W: Write>(w: &mut Writer<W>, name: &str, text: &str) -> std::io::Result<()> {
    w.create_element(name)
        .write_text_content(BytesText::new(text))?;
    Ok(())
}

/// One `<name xml:lang="…">` element per language.
fn texts<W: Write>(w: &mut Writer<W>, name: &str, texts: &Texts) -> std::io::Result<()> {
    for (lang, text) in texts {
        w.create_element(name)
            .with_attribute(("xml:lang", lang.as_str()))
            .write_text_content(BytesText::new(text))?;
    }
    Ok(())
}
