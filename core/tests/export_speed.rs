//! A quick measurement, not a timed test: how long the responses CSV and the SPSS file of
//! 100,000 answered demo cases take on SQLite (and on PostgreSQL when
//! `SVAR_TEST_DATABASE_URL` is set). Run it in release:
//! `cargo test --release -p svar-core --test export_speed -- --ignored --nocapture`.

use diesel::sql_types::{BigInt, Text};
use diesel::RunQueryDsl;
use serde_json::{Map, Value};
use std::fmt::Write as _;
use std::io::Write;
use std::time::Instant;
use svar_core::db::surveys::{self, SurveyState};
use svar_core::db::test_db::TestDatabase;
use svar_core::export::{ExportOptions, StatFormat, SurveyExport};
use svar_core::setup::{create_survey, import_sample, read_questionnaire, QuestionnaireSource};

const FORM: &[u8] = include_bytes!("../../demo/integration-survey.xlsx");
const ANSWERS: &str = include_str!("../../demo/answers-born-abroad.json");
const CASES: usize = 100_000;

/// Counts bytes and throws them away.
struct Counter(u64);

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn peak_rss_mb() -> String {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with("VmHWM"))
        .unwrap_or("VmHWM: ?")
        .to_owned()
}

#[test]
#[ignore = "a measurement: run by hand in release"]
fn export_speed_per_100k_cases() {
    for db in TestDatabase::all().unwrap() {
        println!("{:?}", db.backend());
        measure(&db);
    }
}

fn measure(db: &TestDatabase) {
    let mut conn = db.pool.get().unwrap();
    let report = read_questionnaire(QuestionnaireSource::Xlsx, FORM).unwrap();
    let id = create_survey(&mut conn, "Speed", 1, SurveyState::Fielding, &report, FORM).unwrap();
    let strata = format!("stratum,label,population,sample_size\nA,All,10000000,{CASES}\n");
    let mut sample = String::from("person_id,stratum,language,first_name\n");
    for n in 0..CASES {
        let _ = writeln!(sample, "P{n:08},A,sv,Anna");
    }
    import_sample(&mut conn, id, strata.as_bytes(), sample.as_bytes()).unwrap();
    let pages: Vec<(String, Map<String, Value>)> = serde_json::from_str(ANSWERS).unwrap();
    let answers: Map<String, Value> = pages.into_iter().flat_map(|(_, a)| a).collect();
    let qid = surveys::find(&mut conn, id)
        .unwrap()
        .unwrap()
        .questionnaire_id
        .unwrap();
    diesel::sql_query(
        "INSERT INTO responses (case_id, questionnaire_id, answers, version, furthest_page, \
         language, started_at_ms, updated_at_ms, submitted_at_ms) \
         SELECT id, $1, $2, 5, 4, 'sv', 0, 0, 1764170000000 FROM cases WHERE survey_id = $3",
    )
    .bind::<BigInt, _>(qid)
    .bind::<Text, _>(Value::Object(answers).to_string())
    .bind::<BigInt, _>(id)
    .execute(&mut *conn)
    .unwrap();
    println!("setup done; {}", peak_rss_mb());

    let start = Instant::now();
    let range = svar_core::db::export_rows::case_range(&mut conn, id).unwrap();
    let mut bytes = 0;
    svar_core::db::export_rows::for_each_case(&mut conn, id, range, 1000, |row| {
        bytes += row.answers.map_or(0, |a| a.len());
        Ok::<(), svar_core::db::StoreError>(())
    })
    .unwrap();
    println!(
        "reading alone: {} MB of answers in {:.2} s",
        bytes / 1_000_000,
        start.elapsed().as_secs_f64()
    );
    let export = SurveyExport::load(&mut conn, id, &ExportOptions::default()).unwrap();
    let start = Instant::now();
    let out = export.write_responses_csv(&mut conn, Counter(0)).unwrap();
    println!(
        "CSV: {CASES} cases, {} columns, {} MB in {:.2} s; {}",
        export.plan.len(),
        out.0 / 1_000_000,
        start.elapsed().as_secs_f64(),
        peak_rss_mb()
    );
    let start = Instant::now();
    let out = export
        .write_stat_file(&mut conn, StatFormat::Sav, Counter(0))
        .unwrap();
    println!(
        "SAV: {} MB in {:.2} s; {}",
        out.0 / 1_000_000,
        start.elapsed().as_secs_f64(),
        peak_rss_mb()
    );
}
