//! Surveys for the worker's benchmarks (e-mail, the scheduling pass, print batches), built in
//! seconds as big_survey.rs builds its million: the survey (demo questionnaire, fielding from
//! now) through `svar survey create` as an operator makes it, then strata, cases and contact
//! data with SQL `INSERT … SELECT` over `generate_series`; and the contact plan checked by
//! svar-core (`ContactPlan::check`) and stored as the API stores it
//! (`svar_core::db::contact_plans::save`).

use crate::big_survey::strata_rows;
use crate::database::BenchDatabase;
use crate::paths::Paths;
use crate::setup::{create_survey, SvarCli};
use anyhow::{anyhow, Context};
use std::time::Instant;
use svar_core::contact::{ContactPlan, PlanContext, PlanDocument};
use svar_core::db::{contact_plans, open_pool, DatabaseUrl};

/// Whom the cases are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mix {
    /// Every case new (not invited), with an e-mail address and a postal address: everyone a
    /// step targets.
    AllNew,
    /// A survey some way into its fieldwork, per 20 cases: 13 new, 1 opened, 3 started, 2
    /// submitted, 1 declined; one case in 10 without an e-mail address.
    Fieldwork,
}

/// What survey to build.
#[derive(Debug, Clone)]
pub struct Spec<'a> {
    pub name: &'a str,
    pub cases: i64,
    /// The person number of the first case.
    pub first_person: i64,
    /// The cases' languages, in turn.
    pub languages: &'a [&'a str],
    pub mix: Mix,
}

impl Spec<'static> {
    /// Cases from person 1 on, in Swedish, English, Arabic and Persian in turn.
    pub fn four_languages(name: &'static str, cases: i64, mix: Mix) -> Self {
        Spec {
            name,
            cases,
            first_person: 1,
            languages: &["sv", "en", "ar", "fa"],
            mix,
        }
    }
}

pub struct ContactSurvey {
    pub survey_id: i64,
    pub cases: i64,
}

/// The case's state and derived disposition for `g % 20` under [`Mix::Fieldwork`]: per 20, 13
/// new, 1 opened, 3 started, 2 submitted, 1 declined.
fn fieldwork_state(g: usize) -> (&'static str, &'static str) {
    match g % 20 {
        12 => ("opened", "2.1121"),
        13..=15 => ("started", "1.2"),
        16 | 17 => ("submitted", "1.1"),
        18 => ("declined", "2.111"),
        _ => ("new", "3.11"),
    }
}

fn sql_array(values: impl IntoIterator<Item = String>) -> String {
    format!(
        "ARRAY[{}]",
        values.into_iter().collect::<Vec<_>>().join(",")
    )
}

/// Creates the survey `spec` names with its cases in the four strata of big_survey.rs; case
/// `g` (1-based) is person `P{first_person + g - 1}` with the e-mail address
/// `p{first_person + g - 1}@example.se`, in language `languages[g % len]`.
pub fn build(
    db: &BenchDatabase,
    cli: &SvarCli,
    paths: &Paths,
    spec: &Spec<'_>,
) -> anyhow::Result<ContactSurvey> {
    let Spec {
        name,
        cases,
        first_person,
        languages,
        mix,
    } = spec.clone();
    let started = Instant::now();
    let survey_id = create_survey(cli, &paths.questionnaire(), name)?;
    let strata_values = strata_rows(survey_id, cases);
    db.query(&format!(
        "INSERT INTO strata (survey_id, code, label, population, sample_size) VALUES {}",
        strata_values.join(", ")
    ))?;
    let strata_ids = db
        .query(&format!(
            "SELECT id FROM strata WHERE survey_id = {survey_id} ORDER BY id"
        ))?
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| l.trim().to_string())
        .collect::<Vec<_>>();
    let languages = sql_array(languages.iter().map(|l| format!("'{l}'")));
    let (states, dispositions) = match mix {
        Mix::AllNew => ("ARRAY['new']".to_string(), "ARRAY['3.11']".to_string()),
        Mix::Fieldwork => (
            sql_array((0..20).map(|g| format!("'{}'", fieldwork_state(g).0))),
            sql_array((0..20).map(|g| format!("'{}'", fieldwork_state(g).1))),
        ),
    };
    let now = "(extract(epoch from now()) * 1000)::bigint";
    db.query(&format!(
        "INSERT INTO cases (survey_id, stratum_id, person_id, design_weight, language, \
         state, disposition, created_at_ms, updated_at_ms) \
         SELECT {survey_id}, ({strata})[g % 4 + 1], 'P' || lpad(({first_person} + g - 1)::text, 9, '0'), \
         25.0, ({languages})[g % cardinality({languages}) + 1], \
         ({states})[g % cardinality({states}) + 1], \
         ({dispositions})[g % cardinality({dispositions}) + 1], {now}, {now} \
         FROM generate_series(1, {cases}) AS g ORDER BY g",
        strata = sql_array(strata_ids),
    ))?;
    let email = match mix {
        Mix::AllNew => "'p' || n || '@example.se'",
        Mix::Fieldwork => "CASE WHEN n % 10 = 0 THEN NULL ELSE 'p' || n || '@example.se' END",
    };
    db.query(&format!(
        "INSERT INTO contacts (case_id, first_name, last_name, street, postcode, city, email) \
         SELECT id, 'Anna', 'Berg', 'Storgatan ' || (n % 97 + 1), '123 45', 'Stockholm', {email} \
         FROM (SELECT id, ltrim(substr(person_id, 2), '0')::bigint AS n FROM cases \
         WHERE survey_id = {survey_id}) c"
    ))?;
    // Only the tables filled here: statistics of an empty contact_attempts would mislead the
    // planner once the pass has filled it (a fresh database has none until autovacuum's).
    db.query("ANALYZE strata, cases, contacts")?;
    let count: i64 = db
        .query(&format!(
            "SELECT count(*) FROM cases WHERE survey_id = {survey_id}"
        ))?
        .trim()
        .parse()
        .context("counting the cases")?;
    println!(
        "  survey {survey_id} ({name}): {count} cases with contact data in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    Ok(ContactSurvey {
        survey_id,
        cases: count,
    })
}

/// Checks the plan `document` (JSON, as a manager sends it) and stores it for the survey.
pub fn store_plan(
    db: &BenchDatabase,
    survey_id: i64,
    document: serde_json::Value,
) -> anyhow::Result<ContactPlan> {
    let document: PlanDocument =
        serde_json::from_value(document).context("the benchmark's plan document")?;
    let plan = ContactPlan::check(document, &PlanContext::default()).map_err(|errors| {
        anyhow!(
            "the benchmark's contact plan is refused: {}",
            errors
                .iter()
                .map(|e| format!("{}: {}", e.field, e.message))
                .collect::<Vec<_>>()
                .join("; ")
        )
    })?;
    let pool =
        open_pool(&DatabaseUrl::parse(&db.url())?, 1).context("connecting to store the plan")?;
    let mut conn = pool.get().context("connecting to store the plan")?;
    contact_plans::save(&mut conn, survey_id, &plan.to_stored(), None)
        .context("storing the contact plan")?;
    Ok(plan)
}

/// An RFC 3339 form of epoch milliseconds (UTC), for `svar worker --once --at`.
pub fn rfc3339(db: &BenchDatabase, at_ms: i64) -> anyhow::Result<String> {
    Ok(db
        .query(&format!(
            "SELECT to_char(to_timestamp({at_ms} / 1000.0) AT TIME ZONE 'UTC', \
             'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
        ))?
        .trim()
        .to_string())
}
