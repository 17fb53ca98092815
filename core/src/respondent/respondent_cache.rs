//! What the respondent operations keep in memory between requests: the compiled questionnaires
//! (which never change) and the cases answered last (which writes check against the database).

use super::{FormCache, RecentCases};

#[derive(Default)]
pub struct RespondentCache {
    pub forms: FormCache,
    pub recent: RecentCases,
}

impl RespondentCache {
    pub fn new() -> RespondentCache {
        RespondentCache::default()
    }
}
