//! Exports of the demo survey on every backend: the responses CSV round-trips through a CSV
//! parser with the right header and Arabic labels, the codebook and DDI parse back, the SPSS
//! and Stata files read back with pyreadstat (when it is there; CI requires it with
//! `SVAR_REQUIRE_PYREADSTAT=1`), and the paradata CSV has a row per event.

// Helpers outside #[test] functions may unwrap too: a panic in a test is its failure.
#![allow(clippy::unwrap_used)]

use serde_json::{json, Map, Value};

#[path = "../../tests/support/optional_tool.rs"]
mod optional_tool;
#[path = "../../tests/support/pyreadstat.rs"]
mod pyreadstat;
#[path = "../../tests/support/test_tools.rs"]
mod test_tools;
use pyreadstat::{column_names, python_with_pyreadstat, read_back};
use svar_core::code::{AccessCode, CodeKey};
use svar_core::db::surveys::SurveyState;
use svar_core::db::test_db::TestDatabase;
use svar_core::db::{cases, events, AnyConnection};
use svar_core::export::{
    write_paradata_csv, ExportError, ExportOptions, StatFormat, SurveyExport, PARADATA_COLUMNS,
};
use svar_core::respondent::{
    change_language, decline, open_session, save_page, submit, RespondentCache,
};
use svar_core::setup::{
    create_survey, import_sample, read_questionnaire, write_invitations, QuestionnaireSource,
};

const FORM: &[u8] = include_bytes!("../../demo/integration-survey.xlsx");
const STRATA: &[u8] = include_bytes!("../../demo/strata.csv");
const SAMPLE: &[u8] = include_bytes!("../../demo/sample-2000.csv");
const ANSWERS: &str = include_str!("../../demo/answers-born-abroad.json");

/// The demo survey with: case A submitted in Arabic, case B submitted in Swedish, case C
/// started (first page only), case D declined; every other case untouched.
struct Demo {
    survey_id: i64,
    /// Case ids of A, B, C, D.
    answered: [i64; 4],
    /// Every case id in order.
    all: Vec<i64>,
}

fn demo(conn: &mut AnyConnection) -> Demo {
    demo_round(conn, 1)
}

fn demo_round(conn: &mut AnyConnection, round: i32) -> Demo {
    let key = CodeKey::new(b"k").unwrap();
    let report = read_questionnaire(QuestionnaireSource::XlsForm, FORM).unwrap();
    let survey_id = create_survey(
        conn,
        "Integration",
        round,
        SurveyState::Fielding,
        &report,
        FORM,
    )
    .unwrap();
    import_sample(conn, survey_id, STRATA, SAMPLE).unwrap();
    let mut letters = Vec::new();
    write_invitations(conn, &key, survey_id, "http://x", &mut letters).unwrap();
    let codes: Vec<String> = csv::Reader::from_reader(letters.as_slice())
        .records()
        .map(|r| r.unwrap()[7].to_string())
        .collect();
    let cache = RespondentCache::new();
    let pages: Vec<(String, Map<String, Value>)> = serde_json::from_str(ANSWERS).unwrap();
    let open = |conn: &mut AnyConnection, i: usize| {
        open_session(conn, &cache, &key, &AccessCode::parse(&codes[i]).unwrap())
            .unwrap()
            .case_id
    };
    let ids = [
        open(conn, 3),
        open(conn, 10),
        open(conn, 20),
        open(conn, 30),
    ];
    change_language(conn, &cache, ids[0], "ar").unwrap();
    for case in &ids[..2] {
        for (page, answers) in &pages {
            save_page(conn, &cache, *case, page, None, answers).unwrap();
        }
        submit(conn, &cache, *case).unwrap();
    }
    save_page(conn, &cache, ids[2], &pages[0].0, None, &pages[0].1).unwrap();
    decline(conn, &cache, ids[3]).unwrap();
    Demo {
        survey_id,
        answered: ids,
        all: cases::ids_of_survey(conn, survey_id).unwrap(),
    }
}

fn options(labels: Option<&str>) -> ExportOptions {
    ExportOptions {
        labels: labels.map(str::to_owned),
        personal_data: false,
    }
}

type Rows = Vec<csv::StringRecord>;

fn read_csv(bytes: &[u8]) -> (csv::StringRecord, Rows) {
    let mut reader = csv::Reader::from_reader(bytes);
    let header = reader.headers().unwrap().clone();
    let rows = reader.records().map(|r| r.unwrap()).collect();
    (header, rows)
}

fn field<'a>(header: &csv::StringRecord, row: &'a csv::StringRecord, name: &str) -> &'a str {
    let i = header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name}"));
    &row[i]
}

#[test]
fn the_responses_csv_round_trips_with_arabic_labels_on_every_backend() {
    for db in TestDatabase::all().unwrap() {
        let mut conn = db.pool.get().unwrap();
        let d = demo(&mut conn);
        let export = SurveyExport::load(&mut conn, d.survey_id, &options(Some("ar")))
            .unwrap()
            .with_batch(7);
        let bytes = export.write_responses_csv(&mut conn, Vec::new()).unwrap();
        let (header, rows) = read_csv(&bytes);
        let expected: Vec<&str> = export.plan.header().collect();
        assert_eq!(
            header.iter().collect::<Vec<_>>(),
            expected,
            "{:?}",
            db.backend()
        );
        assert_eq!(expected[0], "case_id");
        assert!(!expected.contains(&"person_id"));
        assert!(expected.contains(&"participation_petition"));
        assert_eq!(rows.len(), d.all.len(), "every case, answered or not");
        let ids: Vec<i64> = rows.iter().map(|r| r[0].parse().unwrap()).collect();
        assert_eq!(ids, d.all, "in case order, each once");

        let row_of = |id: i64| &rows[d.all.iter().position(|c| *c == id).unwrap()];
        let a = row_of(d.answered[0]);
        assert_eq!(field(&header, a, "language"), "ar");
        assert_eq!(field(&header, a, "state"), "submitted");
        assert!(field(&header, a, "submitted_at").ends_with('Z'));
        let born = field(&header, a, "born_sweden");
        assert!(
            born.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)),
            "Arabic label, got {born:?}"
        );
        assert_eq!(field(&header, a, "arrival_year"), "1990");
        assert_eq!(field(&header, a, "participation_petition"), "1");
        assert_eq!(field(&header, a, "participation_association"), "1");
        assert_eq!(field(&header, a, "comments"), "Tack!\nRad två.");
        let untouched = row_of(*d.all.last().unwrap());
        assert_eq!(field(&header, untouched, "state"), "new");
        assert_eq!(field(&header, untouched, "born_sweden"), "");
        assert_eq!(
            field(&header, untouched, "participation_petition"),
            "",
            "not asked: missing, not 0"
        );
    }
}

#[test]
fn codes_are_choice_names_and_personal_data_only_when_allowed() {
    let db = TestDatabase::sqlite().unwrap();
    let mut conn = db.pool.get().unwrap();
    let d = demo(&mut conn);
    let opts = ExportOptions {
        labels: None,
        personal_data: true,
    };
    let export = SurveyExport::load(&mut conn, d.survey_id, &opts).unwrap();
    let (header, rows) = read_csv(&export.write_responses_csv(&mut conn, Vec::new()).unwrap());
    assert_eq!(&header[1], "person_id");
    let a = &rows[d.all.iter().position(|c| *c == d.answered[0]).unwrap()];
    assert_eq!(field(&header, a, "born_sweden"), "no");
    assert!(field(&header, a, "person_id").starts_with('P'));
    assert_eq!(field(&header, a, "trust_riksdag"), "4");
}

#[test]
fn an_unknown_language_or_survey_is_refused_before_writing() {
    let db = TestDatabase::sqlite().unwrap();
    let mut conn = db.pool.get().unwrap();
    let d = demo(&mut conn);
    match SurveyExport::load(&mut conn, d.survey_id, &options(Some("so"))) {
        Err(ExportError::UnknownLanguage { requested, known }) => {
            assert_eq!(requested, "so");
            assert_eq!(known, ["sv", "en", "ar", "fa"]);
        }
        other => panic!("expected UnknownLanguage, got {other:?}"),
    }
    assert!(matches!(
        SurveyExport::load(&mut conn, d.survey_id + 100, &options(None)),
        Err(ExportError::NoSuchSurvey(_))
    ));
}

#[test]
fn the_codebook_json_and_ddi_describe_every_column_in_every_language() {
    let db = TestDatabase::sqlite().unwrap();
    let mut conn = db.pool.get().unwrap();
    let d = demo(&mut conn);
    let export = SurveyExport::load(&mut conn, d.survey_id, &options(None)).unwrap();

    let mut json_bytes = Vec::new();
    export.write_codebook_json(&mut json_bytes).unwrap();
    let book: Value = serde_json::from_slice(&json_bytes).unwrap();
    let columns = book["columns"].as_array().unwrap();
    assert_eq!(columns.len(), export.plan.len());
    let born = columns.iter().find(|c| c["name"] == "born_sweden").unwrap();
    assert_eq!(born["type"], "select_one");
    assert_eq!(born["source"], json!({"item": "born_sweden"}));
    for lang in ["sv", "en", "ar", "fa"] {
        assert!(born["question"][lang].is_string(), "question in {lang}");
        assert!(
            born["values"][0]["label"][lang].is_string(),
            "value label in {lang}"
        );
    }
    assert_eq!(born["values"][0]["code"], 1);
    let flag = columns
        .iter()
        .find(|c| c["name"] == "participation_petition")
        .unwrap();
    assert_eq!(
        flag["source"],
        json!({"item": "participation", "choice": "petition"})
    );
    assert_eq!(columns[0]["source"], json!({"case": "case_id"}));

    let mut xml = Vec::new();
    export.write_ddi_xml(&mut xml).unwrap();
    let (vars, arabic_questions, categories) = ddi_counts(&xml);
    assert_eq!(vars, export.plan.len());
    assert!(arabic_questions > 10, "{arabic_questions}");
    assert!(categories > 20, "{categories}");
}

/// Parses the DDI XML to the end (so it is well-formed) and counts `var`, `qstnLit` with
/// `xml:lang="ar"` and `catgry` elements.
fn ddi_counts(xml: &[u8]) -> (usize, usize, usize) {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let (mut vars, mut arabic, mut categories) = (0, 0, 0);
    let mut depth = 0i32;
    loop {
        match reader.read_event_into(&mut buf).expect("well-formed XML") {
            Event::Start(e) => {
                depth += 1;
                match e.name().as_ref() {
                    "var" => vars += 1,
                    "catgry" => categories += 1,
                    "qstnLit" => {
                        let lang = e.try_get_attribute("xml:lang").unwrap().unwrap();
                        if lang.value.as_ref() == "ar" {
                            arabic += 1;
                        }
                    }
                    _ => {}
                }
            }
            Event::End(_) => depth -= 1,
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    assert_eq!(depth, 0, "every element closed");
    (vars, arabic, categories)
}

#[test]
fn the_paradata_csv_has_a_row_per_event_on_every_backend() {
    for db in TestDatabase::all().unwrap() {
        let mut conn = db.pool.get().unwrap();
        let d = demo(&mut conn);
        let bytes = write_paradata_csv(&mut conn, d.survey_id, Vec::new()).unwrap();
        let (header, rows) = read_csv(&bytes);
        assert_eq!(header.iter().collect::<Vec<_>>(), PARADATA_COLUMNS);
        let expected: usize = d
            .answered
            .iter()
            .map(|id| events::for_case(&mut conn, *id).unwrap().len())
            .sum();
        assert_eq!(rows.len(), expected, "{:?}", db.backend());
        assert!(rows.iter().any(|r| &r[1] == "submit"));
        assert!(rows.iter().all(|r| r[4].ends_with('Z')));
    }
}

#[test]
#[cfg_attr(
    svar_missing_pyreadstat,
    ignore = "pyreadstat not installed (tests/support/test_tools.rs)"
)]
fn sav_and_dta_read_back_with_labels_and_values_on_every_backend() {
    let Some(python) = python_with_pyreadstat() else {
        return;
    };
    for db in TestDatabase::all().unwrap() {
        let mut conn = db.pool.get().unwrap();
        let d = demo(&mut conn);
        let rows = [d.answered[0], d.answered[2], d.all[d.all.len() - 1]];
        for (format, labels, ext) in [
            (StatFormat::Sav, None, "sav"),
            (StatFormat::Dta, Some("ar"), "dta"),
        ] {
            let export = SurveyExport::load(&mut conn, d.survey_id, &options(labels))
                .unwrap()
                .with_batch(300);
            let got = write_and_read_back(&python, &mut conn, &export, format, &rows);
            let ctx = format!("{:?} {ext}", db.backend());

            let names = column_names(&got);
            let expected: Vec<&str> = export
                .plan
                .columns
                .iter()
                .map(|c| c.stat_name.as_str())
                .collect();
            assert_eq!(names, expected, "{ctx}");
            assert_eq!(got["n"], d.all.len(), "{ctx}");
            let col = |name: &str| names.iter().position(|n| *n == name).unwrap();
            let label = |name: &str| got["labels"][col(name)].as_str().unwrap().to_owned();
            let (q, yes_no) = match format {
                StatFormat::Sav => ("born_sweden", "sv"),
                StatFormat::Dta => ("born_sweden", "ar"),
            };
            let form_label = export.plan.columns[col(q)].label[yes_no].clone();
            assert!(
                form_label.starts_with(&label(q)),
                "{ctx}: {} vs {form_label}",
                label(q)
            );
            let choice_label = export.plan.columns[col(q)].categories[1].label[yes_no].clone();
            assert_eq!(got["value_labels"][q]["2"], json!(choice_label), "{ctx}");
            assert_eq!(
                got["value_labels"]["participation_petition"]["1"], "selected",
                "{ctx}"
            );

            let a = &got["rows"][0];
            assert_eq!(a[col("case_id")], json!(d.answered[0] as f64), "{ctx}");
            assert_eq!(
                a[col("born_sweden")],
                json!(2.0),
                "{ctx}: 'no' is the second choice"
            );
            assert_eq!(a[col("arrival_year")], json!(1990.0), "{ctx}");
            assert_eq!(a[col("participation_petition")], json!(1.0), "{ctx}");
            assert_eq!(a[col("comments")], "Tack!\nRad två.", "{ctx}");
            assert_eq!(a[col("language")], "ar", "{ctx}");
            assert_eq!(
                a[col("years_in_sweden")],
                json!(37.0),
                "{ctx}: a numeric calculation"
            );
            assert!(
                a[col("submitted_at")].as_str().unwrap().starts_with("20"),
                "{ctx}: {}",
                a[col("submitted_at")]
            );
            let started = &got["rows"][1];
            assert_eq!(started[col("state")], "started", "{ctx}");
            assert_eq!(started[col("participation_petition")], Value::Null, "{ctx}");
            let untouched = &got["rows"][2];
            assert_eq!(untouched[col("born_sweden")], Value::Null, "{ctx}");
        }
    }
}

/// `export` written as a `format` file and read back with pyreadstat (see [`read_back`]).
fn write_and_read_back(
    python: &std::path::Path,
    conn: &mut AnyConnection,
    export: &SurveyExport,
    format: StatFormat,
    rows: &[i64],
) -> Value {
    let ext = match format {
        StatFormat::Sav => "sav",
        StatFormat::Dta => "dta",
    };
    // Tests run side by side in one process, each on its own database: a count tells their
    // files apart.
    static FILES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = FILES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let path = std::env::temp_dir().join(format!("svar-export-{}-{n}.{ext}", std::process::id()));
    let file = std::fs::File::create(&path).unwrap();
    export
        .write_stat_file(conn, format, std::io::BufWriter::new(file))
        .unwrap();
    let got = read_back(python, &path, rows);
    let _ = std::fs::remove_file(&path);
    got
}

#[test]
#[cfg_attr(
    svar_missing_pyreadstat,
    ignore = "pyreadstat not installed (tests/support/test_tools.rs)"
)]
fn long_open_answers_are_exported_whole_to_stata_and_spss_on_every_backend() {
    let Some(python) = python_with_pyreadstat() else {
        return;
    };
    // 10,000 characters, the most a text answer may have: 13,330 bytes of Swedish and Arabic,
    // far past Stata's `str2045`.
    let long: String = "Förtroende för kommunen. ثقة بالبلدية. "
        .chars()
        .cycle()
        .take(10_000)
        .collect();
    assert_eq!(long.len(), 13_330);
    for db in TestDatabase::all().unwrap() {
        let mut conn = db.pool.get().unwrap();
        let d = demo(&mut conn);
        let cache = RespondentCache::new();
        let mut answers = Map::new();
        answers.insert("comments".into(), json!(long));
        let started = d.answered[2];
        save_page(&mut conn, &cache, started, "p_end", None, &answers).unwrap();
        let untouched = d.all[d.all.len() - 1];
        let rows = [started, d.answered[0], untouched];
        let export = SurveyExport::load(&mut conn, d.survey_id, &options(None))
            .unwrap()
            .with_batch(300);
        for format in [StatFormat::Dta, StatFormat::Sav] {
            let got = write_and_read_back(&python, &mut conn, &export, format, &rows);
            let ctx = format!("{:?} {format:?}", db.backend());
            let names = column_names(&got);
            let comments = names.iter().position(|n| *n == "comments").unwrap();
            let state = names.iter().position(|n| *n == "state").unwrap();
            assert_eq!(got["n"], d.all.len(), "{ctx}");
            let text = got["rows"][0][comments].as_str().unwrap_or_default();
            assert!(
                text == long,
                "{ctx}: {} of {} bytes",
                text.len(),
                long.len()
            );
            assert_eq!(got["rows"][0][state], "started", "{ctx}");
            assert_eq!(got["rows"][1][comments], "Tack!\nRad två.", "{ctx}");
            let empty = &got["rows"][2][comments];
            assert!(empty.is_null() || empty == "", "{ctx}: {empty}");
        }
    }
}

#[test]
fn exports_of_one_survey_hold_nothing_of_another_on_every_backend() {
    for db in TestDatabase::all().unwrap() {
        let mut conn = db.pool.get().unwrap();
        let first = demo_round(&mut conn, 1);
        let second = demo_round(&mut conn, 2);
        for d in [&first, &second] {
            let export = SurveyExport::load(&mut conn, d.survey_id, &options(None))
                .unwrap()
                .with_batch(333);
            let (_, rows) = read_csv(&export.write_responses_csv(&mut conn, Vec::new()).unwrap());
            let ids: Vec<i64> = rows.iter().map(|r| r[0].parse().unwrap()).collect();
            assert_eq!(ids, d.all, "{:?}", db.backend());
            let (_, events) =
                read_csv(&write_paradata_csv(&mut conn, d.survey_id, Vec::new()).unwrap());
            assert!(!events.is_empty());
            assert!(events
                .iter()
                .all(|e| d.answered.contains(&e[0].parse().unwrap())));
        }
    }
}

#[test]
fn a_survey_without_cases_exports_headers_and_empty_files() {
    let db = TestDatabase::sqlite().unwrap();
    let mut conn = db.pool.get().unwrap();
    let report = read_questionnaire(QuestionnaireSource::XlsForm, FORM).unwrap();
    let id = create_survey(&mut conn, "Empty", 1, SurveyState::Draft, &report, FORM).unwrap();
    let export = SurveyExport::load(&mut conn, id, &options(Some("fa"))).unwrap();
    let (header, rows) = read_csv(&export.write_responses_csv(&mut conn, Vec::new()).unwrap());
    assert_eq!(header.len(), export.plan.len());
    assert!(rows.is_empty());
    let (_, events) = read_csv(&write_paradata_csv(&mut conn, id, Vec::new()).unwrap());
    assert!(events.is_empty());
    for format in [StatFormat::Sav, StatFormat::Dta] {
        let bytes = export
            .write_stat_file(&mut conn, format, Vec::new())
            .unwrap();
        assert!(!bytes.is_empty(), "{format:?}");
    }
}

#[test]
#[cfg_attr(
    svar_missing_pyreadstat,
    ignore = "pyreadstat not installed (tests/support/test_tools.rs)"
)]
fn an_spss_file_without_cases_reads_back_with_every_column() {
    let Some(python) = python_with_pyreadstat() else {
        return;
    };
    let db = TestDatabase::sqlite().unwrap();
    let mut conn = db.pool.get().unwrap();
    let report = read_questionnaire(QuestionnaireSource::XlsForm, FORM).unwrap();
    let id = create_survey(&mut conn, "Empty", 1, SurveyState::Draft, &report, FORM).unwrap();
    let export = SurveyExport::load(&mut conn, id, &options(Some("fa"))).unwrap();
    let path = std::env::temp_dir().join(format!("svar-empty-{}.sav", std::process::id()));
    let bytes = export
        .write_stat_file(&mut conn, StatFormat::Sav, Vec::new())
        .unwrap();
    std::fs::write(&path, bytes).unwrap();
    let got = read_back(&python, &path, &[]);
    let _ = std::fs::remove_file(&path);
    assert_eq!(got["n"], 0);
    assert_eq!(got["names"].as_array().unwrap().len(), export.plan.len());
}

const ROSTER: &[u8] = include_bytes!("fixtures/forms/roster.xlsx");

/// A survey of roster.xlsx with two households answered: one of two members and one child, one
/// of one member. Returns the survey id and the two case ids.
fn roster_survey(conn: &mut AnyConnection) -> (i64, [i64; 2]) {
    let key = CodeKey::new(b"k").unwrap();
    let report = read_questionnaire(QuestionnaireSource::XlsForm, ROSTER).unwrap();
    let survey_id =
        create_survey(conn, "Roster", 1, SurveyState::Fielding, &report, ROSTER).unwrap();
    import_sample(conn, survey_id, STRATA, SAMPLE).unwrap();
    let mut letters = Vec::new();
    write_invitations(conn, &key, survey_id, "http://x", &mut letters).unwrap();
    let codes: Vec<String> = csv::Reader::from_reader(letters.as_slice())
        .records()
        .map(|r| r.unwrap()[7].to_string())
        .take(2)
        .collect();
    let cache = RespondentCache::new();
    let mut ids = [0; 2];
    let households: [&[(&str, Value)]; 2] = [
        &[
            ("hh_size", json!({"hh_size": 2})),
            (
                "member~1",
                json!({"m_name~1": "Amal", "m_born~1": "sy", "m_arrived~1": 2015}),
            ),
            ("member~2", json!({"m_name~2": "Erik", "m_born~2": "se"})),
            ("c_name~1", json!({"c_name~1": "Sara"})),
            ("c_age~1", json!({"c_age~1": 7})),
            ("child~2~add", json!({"child~2~add": "no"})),
        ],
        &[
            ("hh_size", json!({"hh_size": 1})),
            ("member~1", json!({"m_name~1": "Lina", "m_born~1": "se"})),
        ],
    ];
    for ((code, pages), id) in codes.iter().zip(households).zip(&mut ids) {
        *id = open_session(conn, &cache, &key, &AccessCode::parse(code).unwrap())
            .unwrap()
            .case_id;
        for (page, answers) in pages {
            let answers = answers.as_object().unwrap();
            save_page(conn, &cache, *id, page, None, answers).unwrap();
        }
    }
    (survey_id, ids)
}

#[test]
fn a_repeat_is_a_long_file_keyed_by_case_and_instance_on_every_backend() {
    for db in TestDatabase::all().unwrap() {
        let ctx = format!("{:?}", db.backend());
        let mut conn = db.pool.get().unwrap();
        let (survey_id, [two, one]) = roster_survey(&mut conn);
        let export = SurveyExport::load(&mut conn, survey_id, &options(Some("sv"))).unwrap();

        // The cases' file keeps the questions outside the repeats, the totals among them.
        let bytes = export.write_responses_csv(&mut conn, Vec::new()).unwrap();
        let (header, rows) = read_csv(&bytes);
        assert!(header
            .iter()
            .all(|h| !h.starts_with("m_") && !h.starts_with("c_")));
        let case = rows
            .iter()
            .find(|r| field(&header, r, "case_id") == two.to_string());
        let case = case.unwrap();
        assert_eq!(field(&header, case, "n_members"), "2", "{ctx}");
        assert_eq!(field(&header, case, "first_name"), "Amal", "{ctx}");

        let members = export.clone().for_repeat("member").unwrap();
        let bytes = members.write_responses_csv(&mut conn, Vec::new()).unwrap();
        let (header, rows) = read_csv(&bytes);
        assert_eq!(
            header.iter().collect::<Vec<_>>(),
            [
                "case_id",
                "instance",
                "m_number",
                "m_name",
                "m_born",
                "m_arrived",
                "m_abroad"
            ],
            "{ctx}"
        );
        let got: Vec<Vec<&str>> = rows.iter().map(|r| r.iter().collect()).collect();
        let (two, one) = (two.to_string(), one.to_string());
        assert_eq!(
            got,
            [
                vec![two.as_str(), "1", "1", "Amal", "Syrien", "2015", "1"],
                vec![two.as_str(), "2", "2", "Erik", "Sverige", "", "0"],
                vec![one.as_str(), "1", "1", "Lina", "Sverige", "", "0"],
            ],
            "{ctx}: labels in Swedish, one row per member, none for the cases not answered"
        );
        let children = export.clone().for_repeat("child").unwrap();
        let bytes = children.write_responses_csv(&mut conn, Vec::new()).unwrap();
        let (_, rows) = read_csv(&bytes);
        assert_eq!(rows.len(), 1, "{ctx}: one child, of the household of two");
        assert!(matches!(
            export.clone().for_repeat("pets"),
            Err(ExportError::NoSuchRepeat(_))
        ));

        // The codebook and the DDI describe the three files.
        let mut json_bytes = Vec::new();
        export.write_codebook_json(&mut json_bytes).unwrap();
        let book: Value = serde_json::from_slice(&json_bytes).unwrap();
        assert_eq!(book["repeats"][0]["name"], "member");
        assert_eq!(book["repeats"][0]["file"], "repeat-member.csv");
        assert_eq!(book["repeats"][0]["label"]["sv"], "Hushållsmedlem");
        assert_eq!(
            book["repeats"][0]["columns"][1]["source"],
            json!({"case": "instance"})
        );
        assert_eq!(book["repeats"][1]["name"], "child");
        let mut xml = Vec::new();
        export.write_ddi_xml(&mut xml).unwrap();
        let xml = String::from_utf8(xml).unwrap();
        assert!(
            xml.contains("<fileName>repeat-member.csv</fileName>"),
            "{ctx}"
        );
        assert!(xml.contains("name=\"m_born\" files=\"F2\""), "{ctx}");
        assert!(xml.contains("name=\"c_age\" files=\"F3\""), "{ctx}");
        let (vars, _, _) = ddi_counts(xml.as_bytes());
        let all: usize = export.files.iter().map(|plan| plan.len()).sum();
        assert_eq!(vars, all, "{ctx}");
    }
}

#[test]
#[cfg_attr(
    svar_missing_pyreadstat,
    ignore = "pyreadstat not installed (tests/support/test_tools.rs)"
)]
fn a_repeat_reads_back_from_spss_and_stata() {
    let Some(python) = python_with_pyreadstat() else {
        return;
    };
    let db = TestDatabase::sqlite().unwrap();
    let mut conn = db.pool.get().unwrap();
    let (survey_id, [two, _]) = roster_survey(&mut conn);
    let members = SurveyExport::load(&mut conn, survey_id, &options(None))
        .unwrap()
        .for_repeat("member")
        .unwrap();
    for format in [StatFormat::Sav, StatFormat::Dta] {
        let got = write_and_read_back(&python, &mut conn, &members, format, &[two]);
        assert_eq!(
            column_names(&got),
            [
                "case_id",
                "instance",
                "m_number",
                "m_name",
                "m_born",
                "m_arrived",
                "m_abroad"
            ]
        );
        assert_eq!(got["n"], 3, "{format:?}: a row per member");
        let first = &got["rows"][0];
        assert_eq!(first[1], json!(1.0), "{format:?}");
        assert_eq!(first[3], "Amal", "{format:?}");
        assert_eq!(
            first[4],
            json!(2.0),
            "{format:?}: Syria is the second choice"
        );
        assert_eq!(got["value_labels"]["m_born"]["2"], "Syria", "{format:?}");
    }
}
