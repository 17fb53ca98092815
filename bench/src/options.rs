//! The command line of svar-bench, and the plan it resolves to (defaults that finish in about
//! five minutes on two cores, or about one minute with `--quick`, plus some 15 minutes for
//! the worker's three benchmarks).

use clap::{Parser, ValueEnum};
use std::path::PathBuf;
use std::time::Duration;

/// Load benchmarks of a real `svar serve` process. Every figure is printed beside the
/// machine's own limit measured in the same run (pgbench running the same SQL, the same
/// save in-process, a static GET), so the ratio means something on any machine.
///
/// Build the server first: `cargo build --release` (svar-bench looks for `svar` next to
/// its own executable). Needs a PostgreSQL server the role may create databases on, `psql`
/// and `pgbench` on the PATH, and python3 for samples above 2000 cases. See BENCHMARKS.md.
#[derive(Debug, Parser)]
#[command(name = "svar-bench", version)]
pub struct Options {
    /// Smoke run of about one minute (shorter steps, fewer client counts, smaller sample)
    #[arg(long)]
    pub quick: bool,
    /// Seconds each measured step runs [default: 8, quick: 2]
    #[arg(long)]
    pub secs: Option<f64>,
    /// Concurrent respondents of the save benchmark [default: 1,8,32,64, quick: 1,8,32]
    #[arg(long, value_delimiter = ',')]
    pub clients: Option<Vec<usize>>,
    /// Rounds of the save benchmark: the server and pgbench take turns at each client count,
    /// and the round with the median ratio is reported [default: 3, quick: 1]
    #[arg(long)]
    pub rounds: Option<usize>,
    /// Concurrent respondents of the whole-session benchmark [default: 32]
    #[arg(long)]
    pub session_clients: Option<usize>,
    /// Concurrent clients of the login and static-GET benchmarks [default: 32, quick: 8]
    #[arg(long)]
    pub login_clients: Option<usize>,
    /// Cases in the generated PostgreSQL sample [default: 40000, quick: 5000]; pgbench's whole
    /// sessions need a fresh case each (up to 8000)
    #[arg(long)]
    pub respondents: Option<usize>,
    /// PostgreSQL server to create the benchmark database on (dropped at the end)
    #[arg(
        long,
        env = "SVAR_BENCH_PG_URL",
        default_value = "postgres://postgres@127.0.0.1:5432/postgres"
    )]
    pub pg_url: String,
    /// PostgreSQL's log file, to check the pgbench script against the statements the server
    /// sends [default: the newest /var/log/postgresql/*.log]
    #[arg(long)]
    pub pg_log: Option<PathBuf>,
    /// SVAR_DB_POOL for the server and the in-process limit [default: the server's own]
    #[arg(long)]
    pub db_pool: Option<u32>,
    /// The `svar` binary [default: next to this executable]
    #[arg(long)]
    pub svar: Option<PathBuf>,
    /// Run only these benchmarks (saves also runs on SQLite) [default: all]
    #[arg(long, value_enum, value_delimiter = ',')]
    pub only: Option<Vec<Bench>>,
    /// Cases of the case list and export benchmarks [default: 1000000, quick: 100000]
    #[arg(long)]
    pub big_cases: Option<i64>,
    /// E-mails of the mail benchmark [default: 100000, quick: 10000]
    #[arg(long)]
    pub mails: Option<i64>,
    /// SVAR_MAIL_SENDERS of each of the mail benchmark's two workers [default: 4: 2 workers ×
    /// 4 = the 8 SMTP sessions smtp-source gets]
    #[arg(long)]
    pub mail_senders: Option<usize>,
    /// Cases of the scheduling-pass benchmark [default: 1000000, quick: 100000]
    #[arg(long)]
    pub schedule_cases: Option<i64>,
    /// Letters of the print-batch benchmark [default: 100000, quick: 10000]
    #[arg(long)]
    pub letters: Option<i64>,
    /// Skip the PostgreSQL benchmarks
    #[arg(long)]
    pub skip_postgres: bool,
    /// Skip the SQLite benchmarks
    #[arg(long)]
    pub skip_sqlite: bool,
    /// Keep the benchmark database, work folder and server log (their names are printed)
    #[arg(long)]
    pub keep: bool,
}

/// The benchmarks that can be chosen with `--only`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Bench {
    /// Answer saves against pgbench and the in-process save (benchmarks 1 and 2)
    Saves,
    /// Whole respondent sessions (benchmark 3)
    Sessions,
    /// Code logins, valid, invalid and malformed (benchmark 4)
    Logins,
    /// A 1,000,000-row sample imported through the management API, beside COPY
    Import,
    /// Manager logins: argon2id verification time and logins/s over HTTP
    ManagerLogins,
    /// The manager's case list at a million cases, paged (cases_exports.rs)
    Cases,
    /// Exports of a million cases as CSV and .sav over HTTP (cases_exports.rs)
    Exports,
    /// Reminder e-mails by two `svar worker` processes into smtp-sink, beside smtp-source
    /// (mail.rs)
    Mail,
    /// One scheduling pass over a million cases with five steps, beside PostgreSQL's own
    /// INSERT … SELECT (schedule_pass.rs)
    Schedule,
    /// A print batch of 100,000 letters: making it, and its CSV and HTML (print_batch.rs)
    Print,
    /// A 1,000-question XLSForm in 20 languages imported by `svar survey create`, beside pyxform
    /// converting the same file (form_import.rs)
    Form,
    /// Statistics, R-indicators and the live stream at 1,000,000 cases in 50 strata under
    /// 200 saves/s, and what the counters cost a save (monitoring.rs)
    Monitoring,
    /// Saves and page views of a household roster (a repeat of 20 with a cascading select)
    /// beside the demo's plain pages, on PostgreSQL and SQLite (repeat_saves.rs)
    Repeat,
}

/// What one run does, defaults resolved.
#[derive(Debug, Clone)]
pub struct Plan {
    pub step: Duration,
    pub clients: Vec<usize>,
    pub rounds: usize,
    pub session_clients: Option<usize>,
    pub login_clients: usize,
    pub respondents: usize,
    pub pg_url: String,
    pub pg_log: Option<PathBuf>,
    pub db_pool: Option<u32>,
    pub svar: Option<PathBuf>,
    pub postgres: bool,
    pub sqlite: bool,
    pub keep: bool,
    pub only: Option<Vec<Bench>>,
    pub big_cases: i64,
    pub mails: i64,
    pub mail_senders: usize,
    pub schedule_cases: i64,
    pub letters: i64,
}

impl Plan {
    /// Whether `bench` is part of this run.
    pub fn runs(&self, bench: Bench) -> bool {
        self.only.as_ref().is_none_or(|only| only.contains(&bench))
    }
}

impl Options {
    pub fn plan(&self) -> anyhow::Result<Plan> {
        let secs = self.secs.unwrap_or(if self.quick { 2.0 } else { 8.0 });
        if !(secs.is_finite() && secs > 0.0) {
            anyhow::bail!("--secs must be a positive number of seconds");
        }
        let clients = match &self.clients {
            Some(c) => c.clone(),
            None if self.quick => vec![1, 8, 32],
            None => vec![1, 8, 32, 64],
        };
        if clients.is_empty() || clients.contains(&0) {
            anyhow::bail!("--clients must list client counts above 0, e.g. 1,8,32");
        }
        let rounds = self.rounds.unwrap_or(if self.quick { 1 } else { 3 });
        if rounds == 0 {
            anyhow::bail!("--rounds must be at least 1");
        }
        let login_clients = self
            .login_clients
            .unwrap_or(if self.quick { 8 } else { 32 });
        if login_clients == 0 || self.session_clients == Some(0) {
            anyhow::bail!("client counts must be above 0");
        }
        if self.mail_senders == Some(0) {
            anyhow::bail!("--mail-senders must be at least 1");
        }
        let size = |given: Option<i64>, full: i64, quick: i64| {
            given
                .unwrap_or(if self.quick { quick } else { full })
                .max(100)
        };
        Ok(Plan {
            step: Duration::from_secs_f64(secs),
            clients,
            rounds,
            session_clients: self.session_clients,
            login_clients,
            respondents: self
                .respondents
                .unwrap_or(if self.quick { 5000 } else { 40000 }),
            pg_url: self.pg_url.clone(),
            pg_log: self.pg_log.clone(),
            db_pool: self.db_pool,
            svar: self.svar.clone(),
            postgres: !self.skip_postgres,
            sqlite: !self.skip_sqlite,
            keep: self.keep,
            only: self.only.clone(),
            big_cases: self
                .big_cases
                .unwrap_or(if self.quick { 100_000 } else { 1_000_000 })
                .max(1000),
            mails: size(self.mails, 100_000, 10_000),
            mail_senders: self.mail_senders.unwrap_or(4),
            schedule_cases: size(self.schedule_cases, 1_000_000, 100_000),
            letters: size(self.letters, 100_000, 10_000),
        })
    }
}
