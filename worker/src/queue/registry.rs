//! The job kinds a worker runs, by name: each kind's payload is read from the queue's JSON and
//! handed to its `Job::run`, with its lease and number of tries.

use super::context::JobRun;
use super::job::{Done, Job, JobError};
use std::time::Duration;

type RunFn = fn(&str, &JobRun<'_>) -> Result<Done, JobError>;
type GiveUpFn = fn(&str, &JobRun<'_>, &str);

/// One registered kind.
pub struct Kind {
    pub name: &'static str,
    pub lease: Duration,
    pub max_attempts: i32,
    pub every: Option<Duration>,
    run: RunFn,
    give_up: GiveUpFn,
}

impl Kind {
    pub fn run(&self, payload: &str, run: &JobRun<'_>) -> Result<Done, JobError> {
        (self.run)(payload, run)
    }

    pub fn give_up(&self, payload: &str, run: &JobRun<'_>, error: &str) {
        (self.give_up)(payload, run, error)
    }
}

fn run_job<J: Job>(payload: &str, run: &JobRun<'_>) -> Result<Done, JobError> {
    let job: J = serde_json::from_str(payload)
        .map_err(|e| JobError::Fatal(format!("the payload of a {} job: {e}", J::KIND)))?;
    job.run(run)
}

fn give_up_job<J: Job>(payload: &str, run: &JobRun<'_>, error: &str) {
    if let Ok(job) = serde_json::from_str::<J>(payload) {
        job.give_up(run, error);
    }
}

/// The kinds this worker knows.
#[derive(Default)]
pub struct Registry {
    kinds: Vec<Kind>,
}

impl Registry {
    pub fn register<J: Job>(mut self) -> Registry {
        self.kinds.push(Kind {
            name: J::KIND,
            lease: J::LEASE,
            max_attempts: J::MAX_ATTEMPTS,
            every: J::EVERY,
            run: run_job::<J>,
            give_up: give_up_job::<J>,
        });
        self
    }

    /// The names of the kinds it runs.
    pub fn names(&self) -> Vec<&'static str> {
        self.kinds.iter().map(|k| k.name).collect()
    }

    /// The recurring kinds.
    pub fn recurring(&self) -> impl Iterator<Item = &Kind> {
        self.kinds.iter().filter(|k| k.every.is_some())
    }

    pub fn get(&self, name: &str) -> Option<&Kind> {
        self.kinds.iter().find(|k| k.name == name)
    }

    /// The longest lease of any kind (a claim's first lease, before the kind is known).
    pub fn longest_lease(&self) -> Duration {
        self.kinds
            .iter()
            .map(|k| k.lease)
            .max()
            .unwrap_or(Duration::from_secs(300))
    }
}
