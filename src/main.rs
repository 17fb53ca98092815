//! The `svar` command: wires the core, API and worker crates to configuration and runs what
//! the operator asks for. `svar --help` lists every command and setting.

mod commands;
mod configuration;
mod telemetry;

use clap::{Parser, Subcommand};
use configuration::Settings;
use std::path::PathBuf;
use std::process::ExitCode;

/// mimalloc instead of the system allocator: a request allocates and frees many small
/// buffers (JSON values, SQL parameters, HTTP headers), and glibc's malloc and free took about
/// a sixth of the server's CPU per answer save (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Debug, Parser)]
#[command(name = "svar", version, about = "Svar: survey fieldwork back end")]
struct Cli {
    #[command(flatten)]
    settings: Settings,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Embedded default: migrate, load the demo survey, sample and contact plan, print the address
    /// and codes, serve (API and worker; e-mail to SVAR_MAIL_DIR)
    Demo,
    /// API and worker in one process
    Serve,
    /// The HTTP API only
    Api,
    /// The worker only: background jobs (sample imports, the contact plan's scheduling passes,
    /// print batches) and e-mail, until SIGTERM; with --once, one pass and exit
    Worker {
        /// Run every job that is due once (scheduling pass, queued jobs, due e-mail), then exit
        #[arg(long)]
        once: bool,
        /// With --once: as if it were this time (RFC 3339, e.g. 2027-03-01T09:00:00+01:00), to
        /// catch up after an outage or to try a contact plan over a simulated clock
        #[arg(long, requires = "once")]
        at: Option<String>,
    },
    /// Apply the embedded migrations to SVAR_DATABASE_URL
    Migrate,
    /// Survey rounds
    Survey {
        #[command(subcommand)]
        command: SurveyCommand,
    },
    /// Samples
    Sample {
        #[command(subcommand)]
        command: SampleCommand,
    },
    /// Field managers' accounts
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Write the invitation print file: the survey's invitation batch, a letter with its own
    /// code to every case still answering, made on the first run; later runs write the same
    /// letters (until the batch is handed over)
    Letters {
        /// The survey's id (as `svar survey create` printed it)
        #[arg(long)]
        survey: i64,
        /// The CSV file to write: person_id, name, care_of, street, postcode, city, language,
        /// code, url (one row per letter; keep it private: it holds the plain codes)
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
enum SurveyCommand {
    /// Create a survey round from a questionnaire (.xlsx, .xls or .json); prints the survey id
    Create {
        /// The survey series' name, e.g. "Integration survey"; name and round are unique
        #[arg(long)]
        name: String,
        /// The round of the series, e.g. 2026
        #[arg(long)]
        round: i32,
        /// The questionnaire: an XLSForm workbook (.xlsx or .xls) or Svar's own JSON form (.json)
        #[arg(long)]
        questionnaire: PathBuf,
        /// Create the round as a draft instead of opening it for fieldwork
        #[arg(long)]
        draft: bool,
    },
}

#[derive(Debug, Subcommand)]
enum SampleCommand {
    /// Import the strata and the sample of a survey (CSV); all or nothing
    Import {
        /// The survey's id (as `svar survey create` printed it)
        #[arg(long)]
        survey: i64,
        /// Strata CSV with the columns stratum, label, population, sample_size, and optionally
        /// target_response_rate
        #[arg(long)]
        strata: PathBuf,
        /// Sample CSV, one row per sampled person: person_id and stratum are required;
        /// language, first_name, last_name, care_of, street, postcode, city, email, phone and
        /// design_weight (or weight) are read when present; every other column is kept as an
        /// auxiliary register variable of the case (for statistics and R-indicators)
        #[arg(long)]
        sample: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// Create an account. The password is read from standard input when that is not a
    /// terminal; otherwise a strong one is generated and printed once
    Add {
        /// The account's e-mail address (its login name)
        #[arg(long)]
        email: String,
        /// admin (users and every survey), manager (granted surveys), viewer (read-only)
        #[arg(long, value_parser = commands::user::parse_role)]
        role: svar_core::accounts::Role,
        /// Read the password from standard input even when it is a terminal
        #[arg(long)]
        password_stdin: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let settings = cli.settings;
    let format = if matches!(cli.command, Command::Demo) {
        "text"
    } else {
        settings.log_format.as_str()
    };
    telemetry::init(&settings.log, format);
    let result = match cli.command {
        Command::Demo => commands::serve::demo(&settings),
        Command::Serve => commands::serve::serve(&settings, true, true),
        Command::Api => commands::serve::serve(&settings, true, false),
        Command::Worker { once: false, .. } => commands::serve::serve(&settings, false, true),
        Command::Worker { once: true, at, .. } => commands::worker::once(&settings, at.as_deref()),
        Command::Migrate => commands::migrate::run(&settings),
        Command::Survey {
            command:
                SurveyCommand::Create {
                    name,
                    round,
                    questionnaire,
                    draft,
                },
        } => commands::survey::create(&settings, &name, round, &questionnaire, draft),
        Command::Sample {
            command:
                SampleCommand::Import {
                    survey,
                    strata,
                    sample,
                },
        } => commands::sample::import(&settings, survey, &strata, &sample),
        Command::User {
            command:
                UserCommand::Add {
                    email,
                    role,
                    password_stdin,
                },
        } => commands::user::add(&settings, &email, role, password_stdin),
        Command::Letters { survey, out } => commands::letters::write(&settings, survey, &out),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("svar: {e:#}");
            ExitCode::FAILURE
        }
    }
}
