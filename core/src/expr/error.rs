//! The one error of the expression language: an expression that does not parse. It carries
//! the byte offset where reading stopped so that an import report can point at the spot.

/// Why an expression could not be read, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} (at position {position})")]
pub struct ParseError {
    /// Byte offset into the expression's source text (0-based).
    pub position: usize,
    /// What was found and what was expected instead.
    pub message: String,
}

impl ParseError {
    pub(crate) fn new(position: usize, message: impl Into<String>) -> Self {
        ParseError {
            position,
            message: message.into(),
        }
    }

    /// The 1-based character column of the error in `source` (the text that was parsed),
    /// for messages shown to people: multi-byte letters count as one column.
    pub fn column(&self, source: &str) -> usize {
        source
            .char_indices()
            .take_while(|(offset, _)| *offset < self.position)
            .count()
            + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_counts_characters_not_bytes() {
        let error = ParseError::new(4, "x");
        assert_eq!(error.column("åäö x"), 3);
        assert_eq!(ParseError::new(0, "x").column("abc"), 1);
    }

    #[test]
    fn display_names_message_and_position() {
        let error = ParseError::new(7, "expected ')'");
        assert_eq!(error.to_string(), "expected ')' (at position 7)");
    }
}
