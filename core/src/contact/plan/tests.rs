//! The plan checks, one refusal at a time, and the round trip through storage.

use super::*;
use serde_json::json;

fn context() -> PlanContext {
    PlanContext {
        strata: Some(vec!["SE".into(), "AFR".into()]),
        languages: Some((vec!["sv".into(), "en".into(), "ar".into()], "sv".into())),
    }
}

fn plan_json() -> serde_json::Value {
    json!({
        "steps": [
            {"name": "invitation", "channel": "letter", "after": "fielding", "days": 0,
             "targets": "not_submitted",
             "templates": {"sv": {"body": "Hej {{name}}! Koden: {{code}} {{link}}"},
                           "ar": {"body": "مرحبا {{name}} {{code}}"}}},
            {"name": "reminder-1", "channel": "email", "after": "previous", "days": 7,
             "targets": "not_submitted", "strata": ["AFR"],
             "templates": {"sv": {"subject": "Påminnelse: {{survey}}",
                                  "body": "Kod {{code}}\n\n{{link}}\n\nAvstå: {{opt_out}}"}}}
        ]
    })
}

fn check(value: serde_json::Value) -> Result<ContactPlan, Vec<PlanError>> {
    let document: PlanDocument = serde_json::from_value(value).unwrap();
    ContactPlan::check(document, &context())
}

fn refusal(value: serde_json::Value) -> PlanError {
    let errors = check(value).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    errors.into_iter().next().unwrap()
}

#[test]
fn a_good_plan_is_accepted_with_its_defaults() {
    let plan = check(plan_json()).unwrap();
    assert_eq!(plan.steps.len(), 2);
    let reminder = &plan.steps[1];
    assert_eq!(reminder.channel, Channel::Email);
    assert_eq!(reminder.after, After::Previous);
    assert_eq!(reminder.days, 7);
    assert_eq!(
        reminder.strata.as_deref(),
        Some(&[StratumCode::parse("AFR").unwrap()][..])
    );
    assert_eq!(plan.clock, SurveyClock::default());
    assert_eq!(plan.steps_before("reminder-1"), ["invitation"]);
    // Stored and read back, it is the same plan, with the defaults written out.
    let stored = plan.to_stored();
    assert!(stored.contains("Europe/Stockholm") && stored.contains("21:00"));
    assert_eq!(ContactPlan::from_stored(&stored).unwrap().steps, plan.steps);
}

#[test]
fn the_case_language_picks_the_text_else_the_default_language() {
    let plan = check(plan_json()).unwrap();
    let invitation = &plan.steps[0];
    assert_eq!(invitation.language_for("ar", "sv"), "ar");
    assert_eq!(invitation.language_for("fa", "sv"), "sv");
    let text = invitation.template_for("fa", "sv").unwrap();
    assert!(text.body.source().starts_with("Hej"));
}

#[test]
fn an_unknown_placeholder_names_its_step_and_field() {
    let mut plan = plan_json();
    plan["steps"][1]["templates"]["sv"]["body"] = json!("Hej {{namn}}");
    let e = refusal(plan);
    assert_eq!(e.step.as_deref(), Some("reminder-1"));
    assert_eq!(e.field, "steps[1].templates.sv.body");
    assert_eq!(e.code, "placeholder");
    assert!(e.message.contains("{{namn}}"), "{}", e.message);
}

#[test]
fn the_default_language_text_is_required() {
    let mut plan = plan_json();
    plan["steps"][0]["templates"] = json!({"en": {"body": "Hello {{code}}"}});
    let e = refusal(plan);
    assert_eq!(
        (e.field.as_str(), e.code),
        ("steps[0].templates.sv", "missing-default-language")
    );
}

#[test]
fn a_step_name_used_twice_is_refused() {
    let mut plan = plan_json();
    plan["steps"][1]["name"] = json!("invitation");
    let e = refusal(plan);
    assert_eq!((e.field.as_str(), e.code), ("steps[1].name", "duplicate"));
}

#[test]
fn a_step_cannot_count_from_a_later_one_or_from_nothing() {
    let mut plan = plan_json();
    plan["steps"][0]["after"] = json!("reminder-1");
    let e = refusal(plan);
    assert_eq!(
        (e.step.as_deref(), e.code),
        (Some("invitation"), "later-step")
    );
    let mut plan = plan_json();
    plan["steps"][0]["after"] = json!("previous");
    assert_eq!(refusal(plan).code, "no-previous");
    let mut plan = plan_json();
    plan["steps"][1]["after"] = json!("reminder-1");
    assert_eq!(refusal(plan).code, "later-step", "not even itself");
    let mut plan = plan_json();
    plan["steps"][1]["after"] = json!("invitation");
    assert_eq!(
        check(plan).unwrap().steps[1].after,
        After::Step(StepName::parse("invitation").unwrap())
    );
}

#[test]
fn channels_targets_days_strata_and_subjects_are_checked() {
    let cases: [(&str, serde_json::Value, &str, &str); 9] = [
        ("channel", json!("sms"), "steps[0].channel", "unsupported"),
        ("channel", json!("fax"), "steps[0].channel", "invalid"),
        ("targets", json!("everyone"), "steps[0].targets", "invalid"),
        ("days", json!(-1), "steps[0].days", "out-of-range"),
        ("days", json!(366), "steps[0].days", "out-of-range"),
        (
            "strata",
            json!(["EU"]),
            "steps[0].strata[0]",
            "unknown-stratum",
        ),
        (
            "strata",
            json!(["SE", "SE"]),
            "steps[0].strata[1]",
            "duplicate",
        ),
        ("strata", json!([]), "steps[0].strata", "empty"),
        ("name", json!("Inbjudan"), "steps[0].name", "invalid"),
    ];
    for (key, value, field, code) in cases {
        let mut plan = plan_json();
        plan["steps"][0][key] = value.clone();
        let errors = check(plan).unwrap_err();
        assert!(
            errors.iter().any(|e| e.field == field && e.code == code),
            "{key}={value}: {errors:?}"
        );
    }
    let mut plan = plan_json();
    plan["steps"][0]["templates"]["sv"]["subject"] = json!("A letter has none");
    assert_eq!(refusal(plan).code, "not-allowed");
    let mut plan = plan_json();
    plan["steps"][1]["templates"]["sv"]
        .as_object_mut()
        .unwrap()
        .remove("subject");
    assert_eq!(refusal(plan).field, "steps[1].templates.sv.subject");
    let mut plan = plan_json();
    plan["steps"][1]["templates"]["sv"]["subject"] = json!("Two\nlines");
    assert_eq!(refusal(plan).code, "invalid");
    let mut plan = plan_json();
    plan["steps"][1]["templates"]["de"] = json!({"subject": "x", "body": "y"});
    assert_eq!(refusal(plan).code, "unknown-language");
}

#[test]
fn every_error_is_reported_at_once_and_the_settings_are_checked() {
    let mut plan = plan_json();
    plan["steps"][0]["channel"] = json!("fax");
    plan["steps"][1]["days"] = json!(1000);
    plan["time_zone"] = json!("Europe/Stockholms");
    plan["quiet_hours"] = json!({"start": "25:00", "end": "08:00"});
    let errors = check(plan).unwrap_err();
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "time_zone",
            "quiet_hours.start",
            "steps[0].channel",
            "steps[1].days"
        ]
    );
}

#[test]
fn without_strata_or_questionnaire_only_the_form_is_checked() {
    let mut plan = plan_json();
    plan["steps"][1]["strata"] = json!(["ANY"]);
    plan["steps"][0]["templates"] = json!({"xx": {"body": "{{code}}"}});
    let document: PlanDocument = serde_json::from_value(plan).unwrap();
    assert!(ContactPlan::check(document, &PlanContext::default()).is_ok());
}

#[test]
fn an_empty_plan_contacts_nobody() {
    let plan = check(json!({"steps": []})).unwrap();
    assert!(plan.steps.is_empty());
    assert!(ContactPlan::default().steps.is_empty());
}
