//! Looks up the stratum of a sample row among the strata of the strata file.

use std::collections::HashMap;

use super::strata::StratumRow;
use super::stratum_code::StratumCode;

/// How many codes an "unknown stratum" message lists.
const LISTED_CODES: usize = 12;

/// The strata a sample may refer to.
pub(crate) struct KnownStrata<'strata> {
    by_code: HashMap<&'strata str, &'strata StratumCode>,
    /// The known codes for messages, e.g. `SE, NORDIC, EU`.
    listing: String,
}

impl<'strata> KnownStrata<'strata> {
    pub(crate) fn new(strata: &'strata [StratumRow]) -> Self {
        let by_code = strata
            .iter()
            .map(|stratum| (stratum.code.as_str(), &stratum.code))
            .collect();
        let mut listing = strata
            .iter()
            .take(LISTED_CODES)
            .map(|stratum| stratum.code.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        if strata.len() > LISTED_CODES {
            listing.push_str(", …");
        }
        Self { by_code, listing }
    }

    /// The stratum with exactly this code.
    pub(crate) fn find(&self, code: &str) -> Option<&'strata StratumCode> {
        self.by_code.get(code).copied()
    }

    pub(crate) fn listing(&self) -> &str {
        &self.listing
    }
}
