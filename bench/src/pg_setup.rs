//! Setting up the PostgreSQL run: a fresh database, the survey and a generated sample through
//! the CLI, and the cases shared out so that no two measurements touch the same one. In id
//! order: the login benchmark's cases (logged in before, so every login is alike), the HTTP
//! respondents', the in-process save's, pgbench's fresh cases for whole sessions (drawn from a
//! sequence), and pgbench's cases for saves (answered before). Then the check that the
//! pgbench scripts are the server's SQL.

use crate::database::BenchDatabase;
use crate::letters::LetterPool;
use crate::options::Plan;
use crate::paths::Paths;
use crate::pgbench::{Ranges, SaveValues, SESSION_SEQUENCE};
use crate::respondent::five_pages;
use crate::setup::{field_survey, sample_files, Letter, SvarCli};
use crate::statements::{self, Outcome};
use crate::workdir::WorkDir;
use anyhow::{bail, Context};
use std::collections::HashSet;
use std::path::PathBuf;
use std::time::Instant;

/// Letters set aside for the login benchmark (each is logged in many times).
const LOGIN_LETTERS: usize = 1000;
/// Most cases pgbench's saves pick among (fewer in a small sample).
const PGBENCH_CASES: usize = 5000;
/// Most fresh cases pgbench's sessions use before the sequence starts over.
const SESSION_CASES: usize = 8000;

pub struct PgSetup {
    pub db: BenchDatabase,
    pub cli: SvarCli,
    pub dir: PathBuf,
    /// Letters for respondents over HTTP, each used once.
    pub letters: LetterPool,
    /// Letters the login benchmark logs in with, again and again.
    pub login_letters: Vec<Letter>,
    /// Cases of the in-process save, one per client.
    pub core_cases: Vec<i64>,
    /// The ids pgbench draws from.
    pub ranges: Ranges,
    /// Fresh cases the session script can use before starting over.
    pub session_cases: usize,
    pub survey_id: i64,
    pub confirmed: Confirmed,
}

/// Which pgbench scripts were found to be the server's SQL (all, if it could not be checked).
#[derive(Debug, Clone, Copy)]
pub struct Confirmed {
    pub save: bool,
    pub relogin: bool,
    pub unknown_code: bool,
    pub session: bool,
}

/// One case of the survey: id, person, the id of its (only) access code.
struct CaseRow {
    id: i64,
    person_id: String,
    code_id: i64,
}

/// First and last of `ids`, if they are consecutive numbers.
fn gap_free(ids: impl Iterator<Item = i64>, what: &str) -> anyhow::Result<(i64, i64)> {
    let ids: Vec<i64> = ids.collect();
    let (Some(&lo), Some(&hi)) = (ids.first(), ids.last()) else {
        bail!("no {what}");
    };
    if hi - lo + 1 != ids.len() as i64 || ids.windows(2).any(|w| w[1] != w[0] + 1) {
        bail!("the {what} pgbench uses are not numbered without gaps");
    }
    Ok((lo, hi))
}

/// Every case of the survey with its code, in id order.
fn cases(db: &BenchDatabase, survey_id: i64) -> anyhow::Result<Vec<CaseRow>> {
    let text = db.query(&format!(
        "SELECT c.id, c.person_id, a.id FROM cases c JOIN access_codes a ON a.case_id = c.id \
         WHERE c.survey_id = {survey_id} ORDER BY c.id"
    ))?;
    text.lines()
        .filter(|l| !l.is_empty())
        .map(|l| {
            let mut fields = l.split('|');
            let (Some(id), Some(person), Some(code)) =
                (fields.next(), fields.next(), fields.next())
            else {
                bail!("unexpected psql output {l:?}");
            };
            Ok(CaseRow {
                id: id.parse()?,
                person_id: person.to_string(),
                code_id: code.parse()?,
            })
        })
        .collect()
}

pub fn prepare(plan: &Plan, paths: &Paths, work: &WorkDir) -> anyhow::Result<PgSetup> {
    let started = Instant::now();
    let (db, cli) = SvarCli::on_fresh_postgres(plan, paths, work, "postgres")?;
    let dir = cli.dir.clone();
    let (strata, sample) = sample_files(paths, plan.respondents, &dir)?;
    let fielded = field_survey(&cli, paths, &strata, &sample)?;
    let rows = cases(&db, fielded.survey_id)?;
    if rows.len() != fielded.letters.len() {
        bail!(
            "{} cases but {} letters: one code per case expected",
            rows.len(),
            fielded.letters.len()
        );
    }

    // In id order: [logins][HTTP respondents …][in-process][pgbench sessions][pgbench saves].
    let n = rows.len();
    let max_clients = plan.clients.iter().copied().max().unwrap_or(1);
    let save_count = (n / 4).min(PGBENCH_CASES);
    let session_count = (n / 5).min(SESSION_CASES);
    let needed = LOGIN_LETTERS
        + save_count
        + session_count
        + max_clients
        + plan.clients.iter().sum::<usize>();
    if n < needed + 100 {
        bail!("the sample has {n} cases, the run needs more than {needed}; raise --respondents");
    }
    let save_rows = &rows[n - save_count..];
    let session_rows = &rows[n - save_count - session_count..n - save_count];
    let core_rows =
        &rows[n - save_count - session_count - max_clients..n - save_count - session_count];
    let login_rows = &rows[..LOGIN_LETTERS];
    let ranges = Ranges {
        save_cases: gap_free(save_rows.iter().map(|r| r.id), "cases")?,
        login_codes: gap_free(login_rows.iter().map(|r| r.code_id), "codes")?,
    };
    let session_codes = gap_free(session_rows.iter().map(|r| r.code_id), "codes")?;
    let core_cases = core_rows.iter().map(|r| r.id).collect();
    let login_people: HashSet<&str> = login_rows.iter().map(|r| r.person_id.as_str()).collect();
    let reserved: HashSet<&str> = rows[n - save_count - session_count - max_clients..]
        .iter()
        .map(|r| r.person_id.as_str())
        .collect();
    let (login_letters, others): (Vec<Letter>, Vec<Letter>) = fielded
        .letters
        .into_iter()
        .filter(|l| !reserved.contains(l.person_id.as_str()))
        .partition(|l| login_people.contains(l.person_id.as_str()));
    let letters = LetterPool::new(others);

    // pgbench's save cases have answered before, the login cases have logged in before.
    let with_response = |lo: i64, hi: i64| {
        format!(
            "INSERT INTO responses (case_id, questionnaire_id, answers, version, language, \
             started_at_ms, updated_at_ms) \
             SELECT c.id, s.questionnaire_id, '{{}}', 0, 'sv', 0, 0 FROM cases c \
             JOIN surveys s ON s.id = c.survey_id WHERE c.id BETWEEN {lo} AND {hi}"
        )
    };
    db.query(&with_response(ranges.save_cases.0, ranges.save_cases.1))?;
    let (first, last) = (login_rows[0].id, login_rows[login_rows.len() - 1].id);
    db.query(&with_response(first, last))?;
    db.query(&format!(
        "UPDATE cases SET state = 'opened' WHERE id BETWEEN {first} AND {last}"
    ))?;
    db.query(&format!(
        "CREATE SEQUENCE {SESSION_SEQUENCE} MINVALUE {lo} MAXVALUE {hi} START {lo} CYCLE",
        lo = session_codes.0,
        hi = session_codes.1
    ))?;
    db.query("VACUUM ANALYZE")?;
    println!(
        "  setup through the CLI: {} cases, {:.0} s (database {})",
        n,
        started.elapsed().as_secs_f64(),
        db.url()
    );
    let probe = letters.take_many(1)?;
    let confirmed = confirm_sql(&cli, &db, [&login_letters[0], &probe[0]], plan)?;
    Ok(PgSetup {
        db,
        cli,
        dir,
        letters,
        login_letters,
        core_cases,
        ranges,
        session_cases: session_count,
        survey_id: fielded.survey_id,
        confirmed,
    })
}

/// The pgbench scripts must be the server's SQL: checked against PostgreSQL's log.
fn confirm_sql(
    cli: &SvarCli,
    db: &BenchDatabase,
    letters: [&Letter; 2],
    plan: &Plan,
) -> anyhow::Result<Confirmed> {
    let checks = match statements::confirm(cli, db, letters, plan.pg_log.as_deref())? {
        Outcome::Checked(checks) => checks,
        Outcome::NotChecked(why) => {
            println!("  (statements not checked against the log: {why})");
            return Ok(Confirmed {
                save: true,
                relogin: true,
                unknown_code: true,
                session: true,
            });
        }
    };
    println!("  the SQL of each request as PostgreSQL logged it, against the pgbench scripts:");
    for check in &checks {
        if check.same() {
            println!(
                "    {:<34} {:>2} statements, same",
                check.request,
                check.logged.len()
            );
        } else {
            println!("    {:<34} DIFFERENT; the server sent:", check.request);
            for s in &check.logged {
                println!("      {s}");
            }
        }
    }
    let same = |request: &str| {
        checks
            .iter()
            .filter(|c| c.request == request)
            .all(|c| c.same())
    };
    Ok(Confirmed {
        save: same("PUT /pages/{page}"),
        relogin: same("POST /session (code seen before)"),
        unknown_code: same("POST /session (unknown code)"),
        session: checks
            .iter()
            .filter(|c| {
                c.request != "POST /session (code seen before)"
                    && c.request != "POST /session (unknown code)"
            })
            .all(|c| c.same()),
    })
}

/// The values of a real save of the HTTP run, for the pgbench scripts; before any save, the
/// five demo pages' answers and the disposition of a started case.
pub fn save_values(db: &BenchDatabase, survey_id: i64) -> anyhow::Result<SaveValues> {
    let questionnaire_id = db
        .query(&format!(
            "SELECT questionnaire_id FROM surveys WHERE id = {survey_id}"
        ))?
        .trim()
        .parse()
        .context("the survey has no questionnaire")?;
    let saved = db.query(
        "SELECT r.answers, c.disposition, r.language FROM responses r \
         JOIN cases c ON c.id = r.case_id \
         WHERE r.version >= 5 AND r.furthest_page = 4 AND c.state = 'started' \
         ORDER BY r.version DESC LIMIT 1",
    )?;
    let saved = saved.trim_end_matches('\n');
    let mut fields = saved.rsplitn(3, '|');
    let (answers, disposition, language) = match (fields.next(), fields.next(), fields.next()) {
        (Some(language), Some(disposition), Some(answers)) => (
            answers.to_string(),
            disposition.to_string(),
            language.to_string(),
        ),
        _ => {
            let mut all = serde_json::Map::new();
            for (_, page) in five_pages() {
                if let serde_json::Value::Object(answers) = serde_json::from_str(&page)? {
                    all.extend(answers);
                }
            }
            (
                serde_json::Value::Object(all).to_string(),
                "1.2".into(),
                "sv".into(),
            )
        }
    };
    Ok(SaveValues {
        answers,
        disposition,
        furthest_page: 4,
        page: "p_values".into(),
        language,
        questionnaire_id,
    })
}
