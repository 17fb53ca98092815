//! Black-box test harness: a real `svar` process on a free loopback port, set up through the
//! command line exactly as an operator would (`survey create`, `sample import`, `letters`),
//! on a fresh SQLite file or a fresh PostgreSQL database.

#![allow(dead_code)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use svar_core::db::test_db::TestDatabase;

pub mod axe;
pub mod dashboard_client;
pub mod dashboard_team;
pub mod demo_sample;
pub mod fieldwork;
pub mod html_reply;
pub mod http;
pub mod manager;
pub mod multipart;
pub mod openapi;
pub mod optional_tool;
pub mod ports;
pub mod pyreadstat;
pub mod schemathesis;
pub mod smtp;
pub mod test_tools;
pub mod webdriver;
pub mod worker;

pub const CODE_SECRET: &str = "test-code-secret-0123456789abcdef";
pub const JWT_SECRET: &str = "test-jwt-secret-0123456789abcdef";

/// The repository root (fixtures live under it).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// One row of the invitation print file.
#[derive(Debug, Clone)]
pub struct Letter {
    pub person_id: String,
    pub language: String,
    pub code: String,
    pub url: String,
}

/// A running Svar with the demo survey fielding.
pub struct Svar {
    pub db: TestDatabase,
    pub dir: PathBuf,
    pub url: String,
    pub survey_id: i64,
    pub letters: Vec<Letter>,
    child: Child,
    /// What the server wrote to stderr, when started with `start_with_log`.
    log: Arc<Mutex<String>>,
    /// How it was started (`restart` starts it the same way).
    launch: Launch,
}

/// How the server under test runs: the command (`serve`, or `api` when the test runs the
/// worker itself), `SVAR_LOG` (its stderr then goes to a buffer the test reads), more settings.
#[derive(Debug, Clone)]
pub struct Launch {
    pub command: &'static str,
    pub log_filter: Option<String>,
    pub env: Vec<(String, String)>,
    /// The survey's questionnaire instead of the demo's.
    pub questionnaire: Option<PathBuf>,
}

impl Default for Launch {
    fn default() -> Self {
        Launch {
            command: "serve",
            log_filter: None,
            env: Vec::new(),
            questionnaire: None,
        }
    }
}

/// `svar serve` (or the launch's command) for `db` on the address of `url`; with a log
/// filter, its stderr is appended to `log`.
fn spawn_serve(
    db: &TestDatabase,
    dir: &Path,
    url: &str,
    launch: &Launch,
    log: &Arc<Mutex<String>>,
) -> Child {
    let mut cmd = svar_command(db, dir);
    cmd.env("SVAR_LISTEN", url.trim_start_matches("http://"))
        .env("SVAR_PUBLIC_URL", url)
        .envs(launch.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .arg(launch.command)
        .stdout(Stdio::null())
        .stderr(Stdio::inherit());
    if let Some(filter) = &launch.log_filter {
        cmd.env("SVAR_LOG", filter).stderr(Stdio::piped());
    }
    let mut child = cmd.spawn().expect("svar serve starts");
    if let Some(stderr) = child.stderr.take() {
        let sink = Arc::clone(log);
        std::thread::spawn(move || {
            use std::io::BufRead;
            for line in std::io::BufReader::new(stderr)
                .lines()
                .map_while(Result::ok)
            {
                let mut text = sink.lock().unwrap();
                text.push_str(&line);
                text.push('\n');
            }
        });
    }
    child
}

/// A `svar` command with the database and secrets of `db`, run in `dir`.
pub fn svar_command(db: &TestDatabase, dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_svar"));
    cmd.current_dir(dir)
        .env("SVAR_DATABASE_URL", database_url(db))
        .env("SVAR_CODE_SECRET", CODE_SECRET)
        .env("SVAR_JWT_SECRET", JWT_SECRET)
        .env("SVAR_LOG", "warn")
        .stdin(Stdio::null());
    cmd
}

/// The URL the test database was opened with (a SQLite path or a postgres:// URL).
pub fn database_url(db: &TestDatabase) -> String {
    match db.url.sqlite_path() {
        Some(p) => p.to_string(),
        None => db.url.postgres_url().unwrap_or_default().to_string(),
    }
}

pub fn run(mut cmd: Command) -> Output {
    cmd.output().expect("svar runs")
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).to_string()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).to_string()
}

pub fn temp_dir(tag: &str) -> PathBuf {
    let mut bytes = [0u8; 6];
    getrandom::fill(&mut bytes).unwrap();
    let dir = std::env::temp_dir().join(format!("svar-{tag}-{}", hex::encode(bytes)));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Creates the demo survey through the CLI; returns its id.
/// `svar survey create` for round 1 of `name` with `questionnaire`, as an operator runs it.
pub fn survey_create(db: &TestDatabase, dir: &Path, name: &str, questionnaire: &Path) -> Output {
    let mut cmd = svar_command(db, dir);
    cmd.args([
        "survey",
        "create",
        "--name",
        name,
        "--round",
        "1",
        "--questionnaire",
    ])
    .arg(questionnaire);
    run(cmd)
}

pub fn create_demo_survey(db: &TestDatabase, dir: &Path) -> i64 {
    let out = survey_create(
        db,
        dir,
        "Integration",
        &repo().join("demo/integration-survey.xlsx"),
    );
    assert!(out.status.success(), "survey create: {}", stderr(&out));
    stdout(&out).trim().parse().expect("survey id on stdout")
}

pub fn import_demo_sample(db: &TestDatabase, dir: &Path, survey_id: i64) {
    let mut cmd = svar_command(db, dir);
    cmd.args([
        "sample",
        "import",
        "--survey",
        &survey_id.to_string(),
        "--strata",
    ])
    .arg(repo().join("demo/strata.csv"))
    .arg("--sample")
    .arg(repo().join("demo/sample-2000.csv"));
    let out = run(cmd);
    assert!(out.status.success(), "sample import: {}", stderr(&out));
}

pub fn write_letters(
    db: &TestDatabase,
    dir: &Path,
    survey_id: i64,
    public_url: &str,
) -> Vec<Letter> {
    let file = dir.join("letters.csv");
    let mut cmd = svar_command(db, dir);
    cmd.env("SVAR_PUBLIC_URL", public_url)
        .args(["letters", "--survey", &survey_id.to_string(), "--out"])
        .arg(&file);
    let out = run(cmd);
    assert!(out.status.success(), "letters: {}", stderr(&out));
    read_letters(&file)
}

pub fn read_letters(file: &Path) -> Vec<Letter> {
    let mut reader = csv::Reader::from_path(file).unwrap();
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (p, l, c, u) = (col("person_id"), col("language"), col("code"), col("url"));
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            Letter {
                person_id: r[p].to_string(),
                language: r[l].to_string(),
                code: r[c].to_string(),
                url: r[u].to_string(),
            }
        })
        .collect()
}

impl Svar {
    /// The demo survey with its sample and letters, served on a free port.
    pub fn start(db: TestDatabase) -> Svar {
        Svar::launch(db, Launch::default())
    }

    /// Like `start`, but the server logs at `filter` (`SVAR_LOG`) into a buffer the test
    /// reads with `log()`, instead of to the test's stderr.
    pub fn start_with_log(db: TestDatabase, filter: &str) -> Svar {
        Svar::launch(
            db,
            Launch {
                log_filter: Some(filter.to_string()),
                ..Launch::default()
            },
        )
    }

    /// The demo survey served as `launch` says.
    pub fn launch(db: TestDatabase, launch: Launch) -> Svar {
        let dir = temp_dir("http");
        let survey_id = match &launch.questionnaire {
            None => create_demo_survey(&db, &dir),
            Some(questionnaire) => {
                let out = survey_create(&db, &dir, "Integration", questionnaire);
                assert!(out.status.success(), "survey create: {}", stderr(&out));
                stdout(&out).trim().parse().expect("survey id on stdout")
            }
        };
        import_demo_sample(&db, &dir, survey_id);
        let port = ports::free_port();
        let url = format!("http://127.0.0.1:{port}");
        let letters = write_letters(&db, &dir, survey_id, &url);
        let log = Arc::new(Mutex::new(String::new()));
        let child = spawn_serve(&db, &dir, &url, &launch, &log);
        let svar = Svar {
            db,
            dir,
            url,
            survey_id,
            letters,
            child,
            log,
            launch,
        };
        svar.wait_until_up();
        svar
    }

    /// Kills the server the hard way: SIGKILL, no shutdown, requests in flight cut off.
    pub fn crash(&mut self) {
        self.child.kill().expect("svar is killed");
        self.child.wait().expect("svar is reaped");
    }

    /// Starts the server again (after [`Svar::crash`]) on the same database, address and
    /// secrets.
    pub fn restart(&mut self) {
        self.child = spawn_serve(&self.db, &self.dir, &self.url, &self.launch, &self.log);
        self.wait_until_up();
    }

    /// The server's log so far (empty unless started with `start_with_log`).
    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    fn wait_until_up(&self) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if ureq::get(&format!("{}/", self.url)).call().is_ok() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("svar did not start at {}", self.url);
    }

    /// The first letter whose preferred language is `lang`.
    pub fn letter_in(&self, lang: &str) -> &Letter {
        self.letters
            .iter()
            .find(|l| l.language == lang)
            .expect("a letter in that language")
    }

    /// Letters by person id.
    pub fn letters_by_person(&self) -> HashMap<String, Letter> {
        self.letters
            .iter()
            .map(|l| (l.person_id.clone(), l.clone()))
            .collect()
    }

    /// A letter not used by any other test of this server: every call gives the next one.
    pub fn fresh_letter(&self, taken: &mut usize) -> Letter {
        let l = self.letters[*taken].clone();
        *taken += 1;
        l
    }

    pub fn backend_name(&self) -> String {
        format!("{:?}", self.db.backend())
    }
}

impl Drop for Svar {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Noon (11:00 UTC: 12:00 or 13:00 in Stockholm, outside quiet hours) `days` days from today,
/// as RFC 3339 for `svar worker --once --at`.
pub fn noon_in(days: i64) -> String {
    let day = survey_today() + chrono::Days::new(days as u64);
    format!("{day}T11:00:00Z")
}

/// Today in the surveys' time zone (Europe/Stockholm, the default): the server counts
/// fieldwork days by it, so a test run between 23:00 and 24:00 UTC is already on the next day.
pub fn survey_today() -> chrono::NaiveDate {
    chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Stockholm)
        .date_naive()
}

/// `svar worker --once --at AT` against the server's database, with its public address, no cap
/// on the mail rate, and `env` (where the mail goes); returns what it printed.
pub fn worker_once(svar: &Svar, at: &str, env: &[(&str, &str)]) -> String {
    let mut cmd = svar_command(&svar.db, &svar.dir);
    cmd.env("SVAR_PUBLIC_URL", &svar.url)
        .env("SVAR_MAIL_RATE", "0")
        .envs(env.iter().copied())
        .args(["worker", "--once", "--at", at]);
    let out = run(cmd);
    assert!(out.status.success(), "worker --once: {}", stderr(&out));
    stdout(&out)
}

/// A respondent's session token for `code`, from the server at `url`.
pub fn respondent_token(url: &str, code: &str) -> String {
    let r = http::send(
        "POST",
        &format!("{url}/api/v1/respondent/session"),
        None,
        &serde_json::json!({ "code": code }),
    );
    assert_eq!(r.status, 201, "login: {}", r.body);
    r.body["token"].as_str().unwrap().to_string()
}

/// Answers for the five pages of the demo, for someone born abroad (shared with the
/// benchmark: `demo/answers-born-abroad.json`).
pub fn five_pages() -> Vec<(String, serde_json::Value)> {
    serde_json::from_str(include_str!("../../demo/answers-born-abroad.json")).unwrap()
}

/// The demo survey served by `svar api` without a worker: the test runs the worker itself
/// (`worker_once`), on its own clock.
pub fn api_server(db: TestDatabase) -> Svar {
    Svar::launch(
        db,
        Launch {
            command: "api",
            ..Launch::default()
        },
    )
}

/// [`api_server`] per backend the machine offers.
pub fn api_servers() -> Vec<Svar> {
    TestDatabase::all()
        .unwrap()
        .into_iter()
        .map(api_server)
        .collect()
}

/// A server per backend, each running the test questionnaire
/// `core/tests/fixtures/forms/{file}` instead of the demo's; started one at a time.
pub fn servers_with_form(file: &str) -> impl Iterator<Item = Svar> {
    let questionnaire = repo().join("core/tests/fixtures/forms").join(file);
    TestDatabase::all().unwrap().into_iter().map(move |db| {
        let launch = Launch {
            questionnaire: Some(questionnaire.clone()),
            ..Launch::default()
        };
        Svar::launch(db, launch)
    })
}

/// A server per backend the machine offers: SQLite always, PostgreSQL when configured.
pub fn servers() -> Vec<Svar> {
    TestDatabase::all()
        .unwrap()
        .into_iter()
        .map(Svar::start)
        .collect()
}
