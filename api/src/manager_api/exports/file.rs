//! The files under `/api/v1/surveys/{id}/export/`: what each is called, its media type, and
//! the access it needs. Answers and paradata are personal data (PersonalData: viewers 403);
//! the codebook and DDI describe the questionnaire only (Read).

use svar_core::accounts::Access;
use svar_core::export::StatFormat;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFile {
    ResponsesCsv,
    ResponsesSav,
    ResponsesDta,
    CodebookJson,
    DdiXml,
    ParadataCsv,
}

impl ExportFile {
    pub const ALL: [ExportFile; 6] = [
        ExportFile::ResponsesCsv,
        ExportFile::ResponsesSav,
        ExportFile::ResponsesDta,
        ExportFile::CodebookJson,
        ExportFile::DdiXml,
        ExportFile::ParadataCsv,
    ];

    /// The last segment of the path, which is also the format in the audit log.
    pub fn name(self) -> &'static str {
        match self {
            ExportFile::ResponsesCsv => "responses.csv",
            ExportFile::ResponsesSav => "responses.sav",
            ExportFile::ResponsesDta => "responses.dta",
            ExportFile::CodebookJson => "codebook.json",
            ExportFile::DdiXml => "ddi.xml",
            ExportFile::ParadataCsv => "paradata.csv",
        }
    }

    pub fn parse(name: &str) -> Option<ExportFile> {
        ExportFile::ALL.into_iter().find(|f| f.name() == name)
    }

    pub fn content_type(self) -> &'static str {
        match self {
            ExportFile::ResponsesCsv | ExportFile::ParadataCsv => "text/csv; charset=utf-8",
            ExportFile::ResponsesSav => "application/x-spss-sav",
            ExportFile::ResponsesDta => "application/x-stata-dta",
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
            ExportFile::ResponsesSav => Some(StatFormat::Sav),
            ExportFile::ResponsesDta => Some(StatFormat::Dta),
            _ => None,
        }
    }

    /// Whether the file's content depends on `?labels=`.
    fn takes_labels(self) -> bool {
        matches!(
            self,
            ExportFile::ResponsesCsv | ExportFile::ResponsesSav | ExportFile::ResponsesDta
        )
    }

    /// `attachment; filename="survey-7-responses.csv"`, and for responses with labels
    /// `survey-7-responses-labels-sv.csv`, so the two downloads do not overwrite each other
    /// (ASCII only, no quoting needed: a language code is letters, digits, `-` and `_`).
    pub fn disposition(self, survey_id: i64, labels: Option<&str>) -> String {
        let name = self.name();
        let labelled = labels.filter(|_| self.takes_labels()).map(|code| {
            let code: String = code
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
                .collect();
            let (stem, extension) = name.rsplit_once('.').unwrap_or((name, ""));
            format!("{stem}-labels-{code}.{extension}")
        });
        format!(
            "attachment; filename=\"survey-{survey_id}-{}\"",
            labelled.as_deref().unwrap_or(name)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_files_are_named_after_the_survey() {
        for f in ExportFile::ALL {
            assert_eq!(ExportFile::parse(f.name()), Some(f));
        }
        assert_eq!(ExportFile::parse("responses.xlsx"), None);
        assert_eq!(
            ExportFile::ResponsesSav.disposition(7, None),
            "attachment; filename=\"survey-7-responses.sav\""
        );
        assert_eq!(
            ExportFile::ResponsesCsv.disposition(7, Some("sv")),
            "attachment; filename=\"survey-7-responses-labels-sv.csv\"",
            "labelled and unlabelled files have different names"
        );
        assert_eq!(
            ExportFile::CodebookJson.disposition(12, Some("sv")),
            "attachment; filename=\"survey-12-codebook.json\""
        );
    }
}
