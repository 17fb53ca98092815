//! The XLSForm expression language of `relevant`, `constraint` and `calculation`.
//!
//! Questionnaires decide which questions a respondent sees, which answers are accepted and
//! which values are derived with small XPath-like expressions (`${born_sweden} = 'no'`,
//! `. >= 1920 and . <= 2026`). No maintained crate evaluates the XLSForm subset, so it is
//! written here: a lexer ([`lexer`]), a recursive-descent parser ([`parser`]) that reports the
//! byte position of every error, and an evaluator ([`eval`]) with XPath's loose value
//! semantics ([`value`]). Evaluation never fails and never panics: anything undefined
//! (division by zero, a non-number in arithmetic) becomes an empty value.

mod ast;
mod bind;
pub mod date;
mod date_functions;
mod error;
mod eval;
mod functions;
mod lexer;
mod number;
mod number_functions;
mod parser;
mod text_functions;
mod value;

pub use ast::{BinaryOperator, Expr, Instance};
pub use bind::bind_references;
pub use error::ParseError;
pub use eval::{clock_now_ms, evaluate, Context};
pub use functions::Function;
pub use number::format_number;
pub use parser::{parse, parse_choice_filter};
pub use value::{truthy, Value};
