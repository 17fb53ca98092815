//! A survey's contact plan: ordered steps (invitation, reminders by e-mail and by letter), each
//! with when it falls due, whom it targets, an optional strata filter and a text per language;
//! and the survey's time zone and quiet hours. [`PlanDocument`] is the JSON a manager sends
//! (`PUT …/contact-plan`); [`ContactPlan::check`] turns it into a plan that cannot hold a bad
//! value, or into every error found, each naming its step and field. The checked plan is
//! stored as its document and read back with [`ContactPlan::from_stored`].

use super::step::{After, Channel, StepName, Targets};
use super::survey_clock::{QuietHours, SurveyClock, DEFAULT_TIME_ZONE};
use super::template::Template;
use crate::sample::StratumCode;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Most steps a plan may have.
pub const MAX_STEPS: usize = 20;
/// Most days a step may wait.
pub const MAX_DAYS: u32 = 365;
/// Longest subject line, in characters.
pub const MAX_SUBJECT_CHARS: usize = 200;
/// Longest text, in characters.
pub const MAX_BODY_CHARS: usize = 20_000;

/// The plan as JSON, before it is checked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanDocument {
    pub steps: Vec<StepDocument>,
    /// An IANA time zone; Europe/Stockholm when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    /// No e-mail between `start` and `end` (local time); 21:00–08:00 when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quiet_hours: Option<QuietHoursDocument>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepDocument {
    pub name: String,
    pub channel: String,
    /// "fielding", "previous", or the name of an earlier step.
    pub after: String,
    pub days: i64,
    pub targets: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strata: Option<Vec<String>>,
    /// By language code.
    pub templates: BTreeMap<String, TemplateDocument>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateDocument {
    /// E-mail only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuietHoursDocument {
    pub start: String,
    pub end: String,
}

/// What a plan is checked against: the survey's strata and languages, where known.
#[derive(Debug, Clone, Default)]
pub struct PlanContext {
    /// The survey's stratum codes; `None` before a sample is imported (codes are then only
    /// checked for their form).
    pub strata: Option<Vec<String>>,
    /// The questionnaire's languages and its default one; `None` without a questionnaire.
    pub languages: Option<(Vec<String>, String)>,
}

/// One refusal: the step it is about (its name, or `steps[i]`), the field's path in the
/// document, a code and a message for a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanError {
    pub step: Option<String>,
    pub field: String,
    pub code: &'static str,
    pub message: String,
}

/// A step's text in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepTemplate {
    pub subject: Option<Template>,
    pub body: Template,
}

/// A checked step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub name: StepName,
    pub channel: Channel,
    pub after: After,
    pub days: u32,
    pub targets: Targets,
    /// `None`: every stratum.
    pub strata: Option<Vec<StratumCode>>,
    pub templates: BTreeMap<String, StepTemplate>,
}

impl Step {
    /// The text for a case in `language`, else in `default_language`, else the first there is.
    pub fn template_for(&self, language: &str, default_language: &str) -> Option<&StepTemplate> {
        self.templates
            .get(language)
            .or_else(|| self.templates.get(default_language))
            .or_else(|| self.templates.values().next())
    }

    /// The language of the text [`Step::template_for`] picks.
    pub fn language_for<'a>(&'a self, language: &'a str, default_language: &'a str) -> &'a str {
        if self.templates.contains_key(language) {
            language
        } else if self.templates.contains_key(default_language) {
            default_language
        } else {
            self.templates
                .keys()
                .next()
                .map_or(default_language, String::as_str)
        }
    }
}

/// A checked plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactPlan {
    pub steps: Vec<Step>,
    pub clock: SurveyClock,
    document: PlanDocument,
}

impl Default for ContactPlan {
    /// No steps: nobody is contacted.
    fn default() -> Self {
        ContactPlan {
            steps: Vec::new(),
            clock: SurveyClock::default(),
            document: PlanDocument::default(),
        }
    }
}

impl ContactPlan {
    /// Checks `document` against `context`; every error is reported, not only the first.
    pub fn check(
        document: PlanDocument,
        context: &PlanContext,
    ) -> Result<ContactPlan, Vec<PlanError>> {
        let mut errors = Vec::new();
        if document.steps.len() > MAX_STEPS {
            errors.push(PlanError {
                step: None,
                field: "steps".into(),
                code: "too-many",
                message: format!("a plan has at most {MAX_STEPS} steps"),
            });
        }
        let time_zone = match &document.time_zone {
            None => DEFAULT_TIME_ZONE,
            Some(name) => name.parse().unwrap_or_else(|_| {
                errors.push(PlanError {
                    step: None,
                    field: "time_zone".into(),
                    code: "unknown-time-zone",
                    message: format!("{name:?} is not an IANA time zone such as Europe/Stockholm"),
                });
                DEFAULT_TIME_ZONE
            }),
        };
        let quiet_hours = match &document.quiet_hours {
            None => QuietHours::default(),
            Some(q) => {
                let mut time = |text: &str, field: &str| {
                    QuietHours::parse_time(text).unwrap_or_else(|e| {
                        errors.push(PlanError {
                            step: None,
                            field: format!("quiet_hours.{field}"),
                            code: "invalid-time",
                            message: e.to_string(),
                        });
                        chrono::NaiveTime::MIN
                    })
                };
                QuietHours {
                    start: time(&q.start, "start"),
                    end: time(&q.end, "end"),
                }
            }
        };
        let mut names: Vec<StepName> = Vec::new();
        let mut steps = Vec::new();
        for (index, step) in document.steps.iter().enumerate() {
            if let Some(step) = check_step(index, step, &names, context, &mut errors) {
                names.push(step.name.clone());
                steps.push(step);
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(ContactPlan {
            steps,
            clock: SurveyClock {
                time_zone,
                quiet_hours,
            },
            document,
        })
    }

    /// A plan as stored (checked when it was saved): read back without the survey's context.
    pub fn from_stored(json: &str) -> Result<ContactPlan, String> {
        let document: PlanDocument = serde_json::from_str(json).map_err(|e| e.to_string())?;
        ContactPlan::check(document, &PlanContext::default()).map_err(|errors| {
            errors
                .first()
                .map(|e| format!("{}: {}", e.field, e.message))
                .unwrap_or_default()
        })
    }

    /// The document it was made from, with the time zone and quiet hours it uses written out.
    pub fn document(&self) -> PlanDocument {
        let mut document = self.document.clone();
        document.time_zone = Some(self.clock.time_zone.name().to_string());
        document.quiet_hours = Some(QuietHoursDocument {
            start: self.clock.quiet_hours.start.format("%H:%M").to_string(),
            end: self.clock.quiet_hours.end.format("%H:%M").to_string(),
        });
        document
    }

    /// The JSON to store.
    pub fn to_stored(&self) -> String {
        serde_json::to_string(&self.document()).unwrap_or_else(|_| "{\"steps\":[]}".into())
    }

    pub fn step(&self, name: &str) -> Option<&Step> {
        self.steps.iter().find(|s| s.name.as_str() == name)
    }

    /// The names of the steps before `name`, in order.
    pub fn steps_before(&self, name: &str) -> Vec<&str> {
        self.steps
            .iter()
            .map(|s| s.name.as_str())
            .take_while(|n| *n != name)
            .collect()
    }
}

fn check_step(
    index: usize,
    doc: &StepDocument,
    earlier: &[StepName],
    context: &PlanContext,
    errors: &mut Vec<PlanError>,
) -> Option<Step> {
    let before = errors.len();
    let label = StepName::parse(&doc.name)
        .map(String::from)
        .unwrap_or_else(|_| format!("steps[{index}]"));
    let mut refuse = |field: &str, code: &'static str, message: String| {
        errors.push(PlanError {
            step: Some(label.clone()),
            field: format!("steps[{index}].{field}"),
            code,
            message,
        });
    };
    let name = match StepName::parse(&doc.name) {
        Ok(name) if earlier.contains(&name) => {
            refuse(
                "name",
                "duplicate",
                format!("another step is named {name} already"),
            );
            None
        }
        Ok(name) => Some(name),
        Err(e) => {
            refuse("name", "invalid", e.to_string());
            None
        }
    };
    let channel = match doc.channel.as_str() {
        "email" => Some(Channel::Email),
        "letter" => Some(Channel::Letter),
        "sms" => {
            refuse(
                "channel",
                "unsupported",
                "SMS is not available yet; use email or letter".into(),
            );
            None
        }
        _ => {
            refuse("channel", "invalid", "must be email or letter".into());
            None
        }
    };
    let after = match doc.after.as_str() {
        "fielding" => Some(After::Fielding),
        "previous" if earlier.is_empty() && index == 0 => {
            refuse(
                "after",
                "no-previous",
                "the first step has no previous step to count from; use fielding".into(),
            );
            None
        }
        "previous" => Some(After::Previous),
        other => match StepName::parse(other) {
            Ok(step) if earlier.contains(&step) => Some(After::Step(step)),
            Ok(step) => {
                refuse(
                    "after",
                    "later-step",
                    format!("{step} is not an earlier step: a step can only count from fielding, the previous step or a step before it"),
                );
                None
            }
            Err(_) => {
                refuse(
                    "after",
                    "invalid",
                    "must be fielding, previous or the name of an earlier step".into(),
                );
                None
            }
        },
    };
    let days = match u32::try_from(doc.days) {
        Ok(days) if days <= MAX_DAYS => Some(days),
        _ => {
            refuse(
                "days",
                "out-of-range",
                format!("must be a whole number of days from 0 to {MAX_DAYS}"),
            );
            None
        }
    };
    let targets = match doc.targets.as_str() {
        "not_started" => Some(Targets::NotStarted),
        "started" => Some(Targets::Started),
        "not_submitted" => Some(Targets::NotSubmitted),
        _ => {
            refuse(
                "targets",
                "invalid",
                "must be not_started, started or not_submitted".into(),
            );
            None
        }
    };
    let strata = doc.strata.as_ref().map(|codes| {
        let mut seen = BTreeSet::new();
        if codes.is_empty() {
            refuse(
                "strata",
                "empty",
                "list at least one stratum, or leave the filter out for all".into(),
            );
        }
        codes
            .iter()
            .enumerate()
            .filter_map(|(i, code)| {
                let field = format!("strata[{i}]");
                match StratumCode::parse(code) {
                    Err(e) => refuse(&field, "invalid", e.to_string()),
                    Ok(_) if !seen.insert(code.clone()) => {
                        refuse(&field, "duplicate", format!("{code} is listed twice"))
                    }
                    Ok(_)
                        if context
                            .strata
                            .as_ref()
                            .is_some_and(|known| !known.contains(code)) =>
                    {
                        refuse(
                            &field,
                            "unknown-stratum",
                            format!("the survey has no stratum {code}"),
                        )
                    }
                    Ok(parsed) => return Some(parsed),
                }
                None
            })
            .collect::<Vec<_>>()
    });
    let mut templates = BTreeMap::new();
    if doc.templates.is_empty() {
        refuse(
            "templates",
            "missing",
            "give the text in at least one language".into(),
        );
    }
    if let Some((languages, default)) = &context.languages {
        if !doc.templates.is_empty() && !doc.templates.contains_key(default) {
            refuse(
                &format!("templates.{default}"),
                "missing-default-language",
                format!("a text in the survey's default language ({default}) is required: cases whose language has no text get it"),
            );
        }
        for language in doc.templates.keys() {
            if !languages.contains(language) {
                refuse(
                    &format!("templates.{language}"),
                    "unknown-language",
                    format!(
                        "the questionnaire has no language {language:?} (it has {})",
                        languages.join(", ")
                    ),
                );
            }
        }
    }
    for (language, text) in &doc.templates {
        let field = |part: &str| format!("templates.{language}.{part}");
        let well_formed = (2..=8).contains(&language.len())
            && language
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-');
        if !well_formed {
            refuse(
                &format!("templates.{language}"),
                "invalid-language",
                "a language is written as its code, e.g. sv, en, ar".into(),
            );
            continue;
        }
        let subject = match (channel, &text.subject) {
            (Some(Channel::Email), None) => {
                refuse(
                    &field("subject"),
                    "missing",
                    "an e-mail needs a subject".into(),
                );
                None
            }
            (Some(Channel::Letter), Some(_)) => {
                refuse(
                    &field("subject"),
                    "not-allowed",
                    "a letter has no subject; write it in the body".into(),
                );
                None
            }
            (_, Some(subject))
                if subject.trim().is_empty()
                    || subject.contains(['\r', '\n'])
                    || subject.chars().count() > MAX_SUBJECT_CHARS =>
            {
                refuse(
                    &field("subject"),
                    "invalid",
                    format!("a subject is one line of 1 to {MAX_SUBJECT_CHARS} characters"),
                );
                None
            }
            (_, Some(subject)) => match Template::parse(subject) {
                Ok(t) => Some(t),
                Err(e) => {
                    refuse(&field("subject"), "placeholder", e.to_string());
                    None
                }
            },
            (_, None) => None,
        };
        if text.body.trim().is_empty() || text.body.chars().count() > MAX_BODY_CHARS {
            refuse(
                &field("body"),
                "invalid",
                format!("the text must have 1 to {MAX_BODY_CHARS} characters"),
            );
            continue;
        }
        match Template::parse(&text.body) {
            Ok(body) => {
                templates.insert(language.clone(), StepTemplate { subject, body });
            }
            Err(e) => refuse(&field("body"), "placeholder", e.to_string()),
        }
    }
    if errors.len() > before {
        return None;
    }
    Some(Step {
        name: name?,
        channel: channel?,
        after: after?,
        days: days?,
        targets: targets?,
        strata: strata.filter(|s| !s.is_empty()),
        templates,
    })
}

#[cfg(test)]
mod tests;
