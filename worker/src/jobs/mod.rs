//! The kinds of background job Svar's workers run.

pub mod fold_monitoring;
pub mod print_batch;
pub mod record_days;
pub mod sample_import;
pub mod schedule_contacts;
pub mod sweep_outbox;

pub use fold_monitoring::FoldMonitoringJob;
pub use record_days::RecordDaysJob;
pub use schedule_contacts::{schedule_all, ScheduleContactsJob};
pub use sweep_outbox::{sweep, SweepOutboxJob};

use crate::queue::Registry;
use svar_core::fieldwork::PrintBatchJob;
use svar_core::setup::SampleImportJob;

/// Every kind.
pub fn registry() -> Registry {
    Registry::default()
        .register::<SampleImportJob>()
        .register::<ScheduleContactsJob>()
        .register::<PrintBatchJob>()
        .register::<SweepOutboxJob>()
        .register::<FoldMonitoringJob>()
        .register::<RecordDaysJob>()
}

/// The kinds that do not recur (what `--once` drains from the queue; it runs the recurring
/// passes itself).
pub fn one_off_registry() -> Registry {
    Registry::default()
        .register::<SampleImportJob>()
        .register::<PrintBatchJob>()
}
