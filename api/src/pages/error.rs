//! The one way rendering can fail, as a type the handlers can turn into a 500.

/// A page could not be rendered.
#[derive(Debug, thiserror::Error)]
#[error("could not render the {page} page")]
pub struct RenderError {
    /// Which page (`"question"`, `"review"`, …).
    pub page: &'static str,
    /// What askama reported.
    #[source]
    pub source: askama::Error,
}
