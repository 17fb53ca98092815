//! `svar demo`: the embedded default with the demo survey — the integration questionnaire in
//! four languages and a synthetic 2,000-person sample, both compiled into the binary — loaded
//! on first run, invitation letters written, a few codes printed, then `serve`.

use crate::configuration::Settings;
use anyhow::Context;
use std::path::PathBuf;
use svar_core::code::CodeKey;
use svar_core::db::surveys::{self, SurveyState};
use svar_core::setup::{
    create_survey, import_sample, read_questionnaire, write_invitations, QuestionnaireSource,
};

const DEMO_NAME: &str = "Integration i Sverige (demo)";
const DEMO_ROUND: i32 = 2027;
const QUESTIONNAIRE: &[u8] = include_bytes!("../../demo/integration-survey.xlsx");
const STRATA: &[u8] = include_bytes!("../../demo/strata.csv");
const SAMPLE: &[u8] = include_bytes!("../../demo/sample-2000.csv");
/// How many codes of the letters file are printed.
const CODES_SHOWN: usize = 5;

fn letters_path(settings: &Settings) -> anyhow::Result<PathBuf> {
    let db = settings.database()?;
    let dir = db
        .sqlite_path()
        .and_then(|p| std::path::Path::new(p).parent())
        .filter(|d| !d.as_os_str().is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("."));
    Ok(dir.join("svar-demo-letters.csv"))
}

pub fn demo(settings: &Settings) -> anyhow::Result<()> {
    let pool = super::open_migrated(settings)?;
    let db = settings.database()?;
    let secrets = settings.secrets(&db)?;
    let key = CodeKey::new(secrets.code_secret.as_bytes())?;
    let mut conn = pool.get()?;
    let survey_id = match surveys::find_by_name(&mut conn, DEMO_NAME, DEMO_ROUND)? {
        Some(s) => s.id,
        None => {
            let report = read_questionnaire(QuestionnaireSource::Xlsx, QUESTIONNAIRE)?;
            let id = create_survey(
                &mut conn,
                DEMO_NAME,
                DEMO_ROUND,
                SurveyState::Fielding,
                &report,
                QUESTIONNAIRE,
            )?;
            import_sample(&mut conn, id, STRATA, SAMPLE)?;
            id
        }
    };
    let letters = letters_path(settings)?;
    if !letters.exists() {
        let file = std::fs::File::create(&letters)
            .with_context(|| format!("creating {}", letters.display()))?;
        write_invitations(&mut conn, &key, survey_id, &settings.public_url(), file)?;
    }
    drop(conn);
    print_welcome(settings, survey_id, &letters)?;
    super::serve::run(settings, pool, true, true)
}

fn print_welcome(
    settings: &Settings,
    survey_id: i64,
    letters: &std::path::Path,
) -> anyhow::Result<()> {
    let url = settings.public_url();
    println!();
    println!("Svar demo: survey {survey_id} \"{DEMO_NAME}\" is fielding.");
    println!(
        "Open {url}/ and type one of these codes (each opens one sampled person's questionnaire):"
    );
    let mut reader = csv::Reader::from_path(letters)
        .with_context(|| format!("reading {}", letters.display()))?;
    for record in reader.records().take(CODES_SHOWN) {
        let record = record?;
        let code = record.get(7).unwrap_or("");
        let language = record.get(6).unwrap_or("");
        let link = record.get(8).unwrap_or("");
        println!("  {code}  (language {language})  {link}");
    }
    println!(
        "All invitation letters with their codes: {}",
        letters.display()
    );
    println!("No admin login exists yet: field managers' accounts come with the management API.");
    println!();
    Ok(())
}
