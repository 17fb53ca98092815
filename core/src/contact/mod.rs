//! Contacting sampled persons: the contact plan a field manager sets (steps, texts, timing),
//! the rules of who is never contacted again, the survey's clock (time zone, quiet hours), when
//! a failed send is tried again, and the opt-out link. Pure values and rules; the outbox and
//! print batches they drive are stored through `crate::db`, and the worker carries them out.

mod opt_out;
mod plan;
mod retry;
mod step;
mod stop_rules;
mod survey_clock;
mod template;

pub use opt_out::OptOutKey;
pub use plan::{
    ContactPlan, PlanContext, PlanDocument, PlanError, QuietHoursDocument, Step, StepDocument,
    StepTemplate, TemplateDocument, MAX_DAYS, MAX_STEPS,
};
pub use retry::{delay_ms as retry_delay_ms, gives_up, MAX_TRIES};
pub use step::{After, Channel, StepName, StepNameError, Targets};
pub use stop_rules::{stops, Stops, STOP_EVERYTHING, STOP_LETTERS};
pub use survey_clock::{QuietHours, SurveyClock, TimeOfDayError, DEFAULT_TIME_ZONE};
pub use template::{escape as escape_html, Placeholder, Template, TemplateError, Values};
