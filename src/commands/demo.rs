//! `svar demo`: the embedded default with the demo survey — the integration questionnaire in
//! four languages, a synthetic 2,000-person sample and a contact plan of reminders, all
//! compiled into the binary — loaded on first run, invitation letters written, an admin
//! account created, a few codes and the admin login printed, then `serve` (API and worker;
//! e-mail goes to the folder `svar-mail`).

use crate::configuration::Settings;
use anyhow::Context;
use std::path::PathBuf;
use svar_core::accounts::{generate_password, hash_password, Email, Role};
use svar_core::code::CodeKey;
use svar_core::contact::{ContactPlan, PlanContext};
use svar_core::db::surveys::{self, SurveyState};
use svar_core::db::AnyConnection;
use svar_core::db::{contact_plans, users};
use svar_core::setup::{
    create_survey, import_sample, read_questionnaire, write_invitations, QuestionnaireSource,
};

const DEMO_NAME: &str = "Integration i Sverige (demo)";
const DEMO_ROUND: i32 = 2027;
const QUESTIONNAIRE: &[u8] = include_bytes!("../../demo/integration-survey.xlsx");
const STRATA: &[u8] = include_bytes!("../../demo/strata.csv");
const SAMPLE: &[u8] = include_bytes!("../../demo/sample-2000.csv");
/// The demo's contact plan: e-mail and letter reminders in four languages.
const CONTACT_PLAN: &str = include_str!("../../demo/contact-plan.json");
/// The demo's admin account.
const DEMO_ADMIN: &str = "admin@demo.invalid";
/// How many codes of the letters file are printed.
const CODES_SHOWN: usize = 5;

/// The folder of the demo's files: beside the SQLite file, or the working folder.
fn demo_dir(settings: &Settings) -> anyhow::Result<PathBuf> {
    let db = settings.database()?;
    let dir = db
        .sqlite_path()
        .and_then(|p| std::path::Path::new(p).parent())
        .filter(|d| !d.as_os_str().is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("."));
    Ok(dir)
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
            let report = read_questionnaire(QuestionnaireSource::XlsForm, QUESTIONNAIRE)?;
            let id = create_survey(
                &mut conn,
                DEMO_NAME,
                DEMO_ROUND,
                SurveyState::Fielding,
                &report,
                QUESTIONNAIRE,
            )?;
            import_sample(&mut conn, id, STRATA, SAMPLE)?;
            let document = serde_json::from_str(CONTACT_PLAN).context("the demo's contact plan")?;
            let plan = ContactPlan::check(document, &PlanContext::default())
                .map_err(|e| anyhow::anyhow!("the demo's contact plan: {e:?}"))?;
            contact_plans::save(&mut conn, id, &plan.to_stored(), None)?;
            id
        }
    };
    let letters = demo_dir(settings)?.join("svar-demo-letters.csv");
    if !letters.exists() {
        let file = std::fs::File::create(&letters)
            .with_context(|| format!("creating {}", letters.display()))?;
        write_invitations(&mut conn, &key, survey_id, &settings.public_url(), file)?;
    }
    let admin_password = demo_admin(&mut conn, &demo_dir(settings)?.join("svar-demo-login.txt"))?;
    drop(conn);
    print_welcome(settings, survey_id, &letters, &admin_password)?;
    super::serve::run(settings, pool, true, true)
}

/// Creates the demo admin on first run, with a generated password kept (private) in `file`;
/// returns what to print as its password.
fn demo_admin(conn: &mut AnyConnection, file: &std::path::Path) -> anyhow::Result<String> {
    let email = Email::parse(DEMO_ADMIN)?;
    if users::find_by_email(conn, &email)?.is_some() {
        return Ok(match std::fs::read_to_string(file) {
            Ok(kept) => format!(
                "{} (as generated; if changed since, the new one)",
                kept.trim()
            ),
            Err(_) => "(printed when it was created)".to_string(),
        });
    }
    let password = generate_password()?;
    users::create(conn, None, &email, &hash_password(&password)?, Role::Admin)?;
    let _ = std::fs::remove_file(file);
    crate::configuration::write_private(file, &format!("{password}\n"))?;
    Ok(password)
}

fn print_welcome(
    settings: &Settings,
    survey_id: i64,
    letters: &std::path::Path,
    admin_password: &str,
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
    println!(
        "Management API admin login (POST {url}/api/v1/auth/login): {DEMO_ADMIN}, password {admin_password}"
    );
    println!("The field managers' dashboard, with the same login: {url}/manage/");
    println!();
    Ok(())
}
