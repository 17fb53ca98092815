//! svar-bench: load benchmarks of real `svar serve` and `svar worker` processes, each printed
//! beside the machine's own limit measured in the same run (see BENCHMARKS.md). A program a
//! person runs, not a test.

mod big_survey;
mod cases_exports;
mod contact_survey;
mod cpu;
mod database;
mod form_import;
mod http_client;
mod http_limit;
mod http_saves;
mod in_process;
mod latency;
mod letters;
mod load;
mod logins;
mod machine;
mod mail;
mod management;
mod manager_client;
mod monitoring;
mod options;
mod paths;
mod peak_memory;
mod pg_setup;
mod pgbench;
mod postgres;
mod print_batch;
mod psql_session;
mod repeat_saves;
mod report;
mod respondent;
mod roster_form;
mod rounds;
mod schedule_pass;
mod server;
mod sessions;
mod setup;
mod smtp_sink;
mod sql;
mod sqlite;
mod statements;
mod workdir;
mod worker_process;

use clap::Parser;
use options::{Bench, Options};
use paths::Paths;
use workdir::WorkDir;

fn main() -> anyhow::Result<()> {
    let plan = Options::parse().plan()?;
    let paths = Paths::find(plan.svar.as_deref())?;
    println!("{}", machine::describe(&paths));
    println!(
        "svar-bench: {:.0} s per step, save clients {:?}, login clients {}, server {}",
        plan.step.as_secs_f64(),
        plan.clients,
        plan.login_clients,
        paths.svar.display()
    );
    let work = WorkDir::create(plan.keep)?;
    let mut rows = Vec::new();
    let started = std::time::Instant::now();
    let respondent = [Bench::Saves, Bench::Sessions, Bench::Logins];
    if plan.postgres && respondent.iter().any(|b| plan.runs(*b)) {
        postgres::run(&plan, &paths, &work, &mut rows)?;
    }
    if plan.postgres && (plan.runs(Bench::Cases) || plan.runs(Bench::Exports)) {
        cases_exports::run(&plan, &paths, &work, &mut rows)?;
    }
    if plan.postgres
        && [Bench::Import, Bench::ManagerLogins]
            .iter()
            .any(|b| plan.runs(*b))
    {
        management::run(&plan, &paths, &work, &mut rows)?;
    }
    if plan.postgres && plan.runs(Bench::Mail) {
        mail::run(&plan, &paths, &work, &mut rows)?;
    }
    if plan.postgres && plan.runs(Bench::Schedule) {
        schedule_pass::run(&plan, &paths, &work, &mut rows)?;
    }
    if plan.postgres && plan.runs(Bench::Print) {
        print_batch::run(&plan, &paths, &work, &mut rows)?;
    }
    if plan.postgres && plan.runs(Bench::Monitoring) {
        monitoring::run(&plan, &paths, &work, &mut rows)?;
    }
    if plan.runs(Bench::Form) {
        form_import::run(&plan, &paths, &work, &mut rows)?;
    }
    if plan.runs(Bench::Repeat) {
        repeat_saves::run_all(&plan, &paths, &work, &mut rows)?;
    }
    if plan.sqlite && plan.runs(Bench::Saves) {
        sqlite::run(&plan, &paths, &work, &mut rows)?;
    }
    println!();
    report::table_with_warning(&rows);
    println!("\n(whole run: {:.0} s)", started.elapsed().as_secs_f64());
    Ok(())
}
