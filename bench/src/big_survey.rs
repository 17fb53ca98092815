//! A survey of a million cases for the case list and export benchmarks, built in seconds: the
//! survey (with the demo questionnaire) through `svar survey create` as an operator makes it,
//! then strata, cases, contact data and responses with SQL `INSERT … SELECT` over
//! `generate_series` (the CLI's sample import is benchmarked elsewhere and would take minutes).
//!
//! Every tenth case of a cycle: five submitted with the demo's whole answers, two started with
//! the first page, one declined, one opened, one new; one new case in 97 has a manager's
//! 3.30 (letter returned). Four strata, four languages.

use crate::database::BenchDatabase;
use crate::paths::Paths;
use crate::setup::{create_survey, SvarCli};
use anyhow::Context;
use serde_json::{Map, Value};
use std::time::Instant;

/// The strata codes (case `g` is in stratum `g % 4`).
pub const STRATA: [&str; 4] = ["SE", "NORDIC", "EU", "WORLD"];

pub struct BigSurvey {
    pub survey_id: i64,
    pub cases: i64,
    pub min_case_id: i64,
    pub max_case_id: i64,
    /// Ids of `STRATA`, in that order.
    pub strata_ids: Vec<i64>,
}

/// The demo's answers, all five pages as one object (as `responses.answers` stores them), and
/// the first page alone.
fn answers(paths: &Paths) -> anyhow::Result<(String, String)> {
    let file = paths.repo.join("demo/answers-born-abroad.json");
    let text =
        std::fs::read_to_string(&file).with_context(|| format!("reading {}", file.display()))?;
    let pages: Vec<(String, Map<String, Value>)> = serde_json::from_str(&text)?;
    let mut all = Map::new();
    for (_, page) in &pages {
        all.extend(page.clone());
    }
    let first = pages.first().map(|(_, p)| p.clone()).unwrap_or_default();
    Ok((
        Value::Object(all).to_string(),
        Value::Object(first).to_string(),
    ))
}

/// SQL string literal.
fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// The `(survey_id, code, name, population, sample)` rows of the four strata of a survey of
/// `cases` cases, for an INSERT.
pub fn strata_rows(survey_id: i64, cases: i64) -> Vec<String> {
    STRATA
        .iter()
        .map(|code| {
            format!(
                "({survey_id}, '{code}', '{code}', {}, {})",
                cases * 25,
                (cases / 4).max(1)
            )
        })
        .collect()
}

pub fn build(
    db: &BenchDatabase,
    cli: &SvarCli,
    paths: &Paths,
    cases: i64,
) -> anyhow::Result<BigSurvey> {
    let started = Instant::now();
    let survey_id = create_survey(cli, &paths.questionnaire(), "Million")?;
    let strata_values = strata_rows(survey_id, cases);
    db.query(&format!(
        "INSERT INTO strata (survey_id, code, label, population, sample_size) VALUES {}",
        strata_values.join(", ")
    ))?;
    let strata_ids: Vec<i64> = db
        .query(&format!(
            "SELECT id FROM strata WHERE survey_id = {survey_id} ORDER BY id"
        ))?
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| l.trim().parse())
        .collect::<Result<_, _>>()?;
    let ids_array = strata_ids
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",");
    let now = "(extract(epoch from now()) * 1000)::bigint";
    db.query(&format!(
        "INSERT INTO cases (survey_id, stratum_id, person_id, design_weight, language, \
         auxiliaries, state, disposition, created_at_ms, updated_at_ms) \
         SELECT {survey_id}, (ARRAY[{ids_array}])[g % 4 + 1], 'P' || lpad(g::text, 9, '0'), 25.0, \
         (ARRAY['sv','en','ar','fa'])[(g / 4) % 4 + 1], '{{}}', \
         (ARRAY['submitted','submitted','submitted','submitted','submitted','started','started',\
         'declined','opened','new'])[(g / 16) % 10 + 1], \
         (ARRAY['1.1','1.1','1.1','1.1','1.1','1.2','1.2','2.111','2.1121','3.19'])[(g / 16) % 10 + 1], \
         {now}, {now} - g \
         FROM generate_series(1, {cases}) AS g ORDER BY g"
    ))?;
    db.query(&format!(
        "INSERT INTO contacts (case_id, first_name, last_name, street, postcode, city) \
         SELECT id, 'Anna', 'Berg', 'Storgatan 1', '123 45', 'Stockholm' FROM cases \
         WHERE survey_id = {survey_id}"
    ))?;
    let (all, first) = answers(paths)?;
    db.query(&format!(
        "INSERT INTO responses (case_id, questionnaire_id, answers, version, furthest_page, \
         language, started_at_ms, updated_at_ms, submitted_at_ms) \
         SELECT c.id, s.questionnaire_id, \
         CASE c.state WHEN 'submitted' THEN {all} WHEN 'started' THEN {first} ELSE '{{}}' END, \
         CASE c.state WHEN 'submitted' THEN 6 WHEN 'started' THEN 1 ELSE 0 END, \
         CASE c.state WHEN 'submitted' THEN 4 WHEN 'started' THEN 0 END, \
         coalesce(c.language, 'sv'), c.created_at_ms, c.updated_at_ms, \
         CASE c.state WHEN 'submitted' THEN c.updated_at_ms END \
         FROM cases c JOIN surveys s ON s.id = c.survey_id \
         WHERE c.survey_id = {survey_id} AND c.state IN ('submitted', 'started', 'opened')",
        all = literal(&all),
        first = literal(&first),
    ))?;
    db.query(&format!(
        "UPDATE cases SET manual_disposition = '3.30' \
         WHERE survey_id = {survey_id} AND state = 'new' AND id % 97 = 0"
    ))?;
    db.query("ANALYZE")?;
    let range = db.query(&format!(
        "SELECT min(id), max(id), count(*) FROM cases WHERE survey_id = {survey_id}"
    ))?;
    let mut parts = range.trim().split('|').map(str::parse::<i64>);
    let mut next =
        || -> anyhow::Result<i64> { Ok(parts.next().context("psql printed too little")??) };
    let (min_case_id, max_case_id, count) = (next()?, next()?, next()?);
    println!(
        "  {count} cases (with contact data and {} responses) in {:.0} s",
        count * 8 / 10,
        started.elapsed().as_secs_f64()
    );
    Ok(BigSurvey {
        survey_id,
        cases: count,
        min_case_id,
        max_case_id,
        strata_ids,
    })
}
