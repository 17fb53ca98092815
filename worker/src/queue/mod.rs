//! One home for background work: a queue of jobs in the database that any number of worker
//! processes share (`svar_core::db::queue`), the [`Job`] kinds they run, and the runner that
//! claims, runs and records them.

pub mod context;
pub mod job;
pub mod registry;
pub mod runner;

pub use context::{JobRun, WorkerContext};
pub use job::{Done, Job, JobError};
pub use registry::Registry;
