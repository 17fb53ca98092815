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
    /// Embedded default: migrate, load the demo survey and sample, print the address and codes, serve
    Demo,
    /// API and worker in one process
    Serve,
    /// The HTTP API only
    Api,
    /// The worker only
    Worker,
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
    /// Write the invitation print file: one fresh code per case still answering
    Letters {
        #[arg(long)]
        survey: i64,
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
enum SurveyCommand {
    /// Create a survey round from a questionnaire (.xlsx or .json); prints the survey id
    Create {
        #[arg(long)]
        name: String,
        #[arg(long)]
        round: i32,
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
        #[arg(long)]
        survey: i64,
        #[arg(long)]
        strata: PathBuf,
        #[arg(long)]
        sample: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// Create an account. The password is read from standard input when that is not a
    /// terminal; otherwise a strong one is generated and printed once
    Add {
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
        Command::Worker => commands::serve::serve(&settings, false, true),
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
