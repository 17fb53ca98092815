//! The files under `/api/v1/surveys/{id}/export/`: what each is called, its media type, and
//! the access it needs. Answers and paradata are personal data (PersonalData: viewers 403);
//! the codebook and DDI describe the questionnaire only (Read). A repeat group's answers are a
//! file of their own, `repeat-NAME.csv` (`.sav`, `.dta`), one row per instance.

use svar_core::accounts::Access;
use svar_core::export::{repeat_file_name, StatFormat};
use svar_core::form::is_valid_name;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFile {
    ResponsesCsv,
    ResponsesSav,
    ResponsesDta,
    CodebookJson,
    DdiXml,
    ParadataCsv,
    /// `repeat-NAME.csv`, `.sav`, `.dta`: the instances of a repeat group.
    RepeatCsv,
    RepeatSav,
    RepeatDta,
}

impl ExportFile {
    pub const ALL: [ExportFile; 9] = [
        ExportFile::ResponsesCsv,
        ExportFile::ResponsesSav,
        ExportFile::ResponsesDta,
        ExportFile::CodebookJson,
        ExportFile::DdiXml,
        ExportFile::ParadataCsv,
        ExportFile::RepeatCsv,
        ExportFile::RepeatSav,
        ExportFile::RepeatDta,
    ];

    /// The last segment of the path (a repeat's with `NAME` for its name), which is also the
    /// format in the audit log.
    pub fn name(self) -> &'static str {
        match self {
            ExportFile::ResponsesCsv => "responses.csv",
            ExportFile::ResponsesSav => "responses.sav",
            ExportFile::ResponsesDta => "responses.dta",
            ExportFile::CodebookJson => "codebook.json",
            ExportFile::DdiXml => "ddi.xml",
            ExportFile::ParadataCsv => "paradata.csv",
            ExportFile::RepeatCsv => "repeat-NAME.csv",
            ExportFile::RepeatSav => "repeat-NAME.sav",
            ExportFile::RepeatDta => "repeat-NAME.dta",
        }
    }

    /// The file a path segment names, and for a repeat's file the repeat's name.
    pub fn parse(segment: &str) -> Option<(ExportFile, Option<String>)> {
        if let Some(file) = ExportFile::ALL
            .into_iter()
            .find(|f| !f.is_repeat() && f.name() == segment)
        {
            return Some((file, None));
        }
        let (stem, extension) = segment.strip_prefix("repeat-")?.rsplit_once('.')?;
        let file = match extension {
            "csv" => ExportFile::RepeatCsv,
            "sav" => ExportFile::RepeatSav,
            "dta" => ExportFile::RepeatDta,
            _ => return None,
        };
        is_valid_name(stem).then(|| (file, Some(stem.to_string())))
    }

    fn is_repeat(self) -> bool {
        matches!(
            self,
            ExportFile::RepeatCsv | ExportFile::RepeatSav | ExportFile::RepeatDta
        )
    }

    pub fn content_type(self) -> &'static str {
        match self {
            ExportFile::ResponsesCsv | ExportFile::ParadataCsv | ExportFile::RepeatCsv => {
                "text/csv; charset=utf-8"
            }
            ExportFile::ResponsesSav | ExportFile::RepeatSav => "application/x-spss-sav",
            ExportFile::ResponsesDta | ExportFile::RepeatDta => "application/x-stata-dta",
            ExportFile::CodebookJson => "application/json",
            ExportFile::DdiXml => "application/xml; charset=utf-8",
        }
    }

    pub fn access(self) -> Access {
        match self {
            ExportFile::CodebookJson | ExportFile::DdiXml => Access::Read,
            _ => Access::PersonalData,
        }
    }

    /// SPSS or Stata, for the responses in those formats.
    pub fn stat_format(self) -> Option<StatFormat> {
        match self {
            ExportFile::ResponsesSav | ExportFile::RepeatSav => Some(StatFormat::Sav),
            ExportFile::ResponsesDta | ExportFile::RepeatDta => Some(StatFormat::Dta),
            _ => None,
        }
    }

    /// Whether the file's content depends on `?labels=`.
    fn takes_labels(self) -> bool {
        self.is_repeat()
            || matches!(
                self,
                ExportFile::ResponsesCsv | ExportFile::ResponsesSav | ExportFile::ResponsesDta
            )
    }

    /// `attachment; filename="survey-7-responses.csv"`, and for responses with labels
    /// `survey-7-responses-labels-sv.csv`, so the two downloads do not overwrite each other
    /// (ASCII only, no quoting needed: a language code is letters, digits, `-` and `_`, and a
    /// repeat's name letters, digits, `_`, `-` and `.`, non-ASCII letters left out).
    pub fn disposition(self, survey_id: i64, repeat: Option<&str>, labels: Option<&str>) -> String {
        let name = match repeat.filter(|_| self.is_repeat()) {
            Some(repeat) => {
                let (_, extension) = self.name().rsplit_once('.').unwrap_or_default();
                repeat_file_name(&ascii(repeat, '.'), extension)
            }
            None => self.name().to_string(),
        };
        let labelled = labels.filter(|_| self.takes_labels()).map(|code| {
            let (stem, extension) = name.rsplit_once('.').unwrap_or((&name, ""));
            format!("{stem}-labels-{}.{extension}", ascii(code, '_'))
        });
        format!(
            "attachment; filename=\"survey-{survey_id}-{}\"",
            labelled.as_deref().unwrap_or(&name)
        )
    }
}

/// `text` with only ASCII letters, digits, `-`, `_` and `also`.
fn ascii(text: &str, also: char) -> String {
    text.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_' || *c == also)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_files_are_named_after_the_survey() {
        for f in ExportFile::ALL.into_iter().filter(|f| !f.is_repeat()) {
            assert_eq!(ExportFile::parse(f.name()), Some((f, None)));
        }
        assert_eq!(ExportFile::parse("responses.xlsx"), None);
        assert_eq!(
            ExportFile::parse("repeat-member.dta"),
            Some((ExportFile::RepeatDta, Some("member".to_string())))
        );
        for not_a_file in [
            "repeat-.csv",
            "repeat-member.xlsx",
            "repeat-a b.csv",
            "repeat-NAME",
        ] {
            assert_eq!(ExportFile::parse(not_a_file), None, "{not_a_file}");
        }
        assert_eq!(
            ExportFile::ResponsesSav.disposition(7, None, None),
            "attachment; filename=\"survey-7-responses.sav\""
        );
        assert_eq!(
            ExportFile::ResponsesCsv.disposition(7, None, Some("sv")),
            "attachment; filename=\"survey-7-responses-labels-sv.csv\"",
            "labelled and unlabelled files have different names"
        );
        assert_eq!(
            ExportFile::CodebookJson.disposition(12, None, Some("sv")),
            "attachment; filename=\"survey-12-codebook.json\""
        );
        assert_eq!(
            ExportFile::RepeatCsv.disposition(7, Some("member"), Some("sv")),
            "attachment; filename=\"survey-7-repeat-member-labels-sv.csv\""
        );
        assert_eq!(
            ExportFile::RepeatSav.disposition(7, Some("hushåll"), None),
            "attachment; filename=\"survey-7-repeat-hushll.sav\""
        );
    }
}
