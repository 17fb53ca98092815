//! Who is never contacted again (METHODS.md §6): a case that has submitted or declined (its
//! state says so), and a case whose disposition a field manager set to one that ends contact —
//! not eligible (4.x) or died during fieldwork (2.31) stop every channel; a letter returned
//! undeliverable (3.30) or with a forwarding address (3.40) stops letters, while e-mail may
//! still reach the person. Codes are compared with their sub-codes (3.301 is a 3.30).

/// Which contacts a disposition stops.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stops {
    Nothing,
    Letters,
    Everything,
}

/// The codes (with their sub-codes) that stop every channel.
pub const STOP_EVERYTHING: [&str; 2] = ["4.", "2.31"];
/// The codes (with their sub-codes) that stop letters only.
pub const STOP_LETTERS: [&str; 2] = ["3.30", "3.40"];

/// What `code` stops.
pub fn stops(code: &str) -> Stops {
    if STOP_EVERYTHING.iter().any(|p| code.starts_with(p)) {
        Stops::Everything
    } else if STOP_LETTERS.iter().any(|p| code.starts_with(p)) {
        Stops::Letters
    } else {
        Stops::Nothing
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ineligible_and_dead_people_are_not_contacted_returned_letters_stop_letters() {
        for code in ["4.10", "4.12", "4.90", "2.31", "2.311"] {
            assert_eq!(stops(code), Stops::Everything, "{code}");
        }
        for code in ["3.30", "3.40", "3.301"] {
            assert_eq!(stops(code), Stops::Letters, "{code}");
        }
        for code in [
            "1.1", "2.111", "2.32", "3.19", "3.11", "3.20", "3.90", "2.3",
        ] {
            assert_eq!(stops(code), Stops::Nothing, "{code}");
        }
    }
}
