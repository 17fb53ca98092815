//! The functions expressions may call, their arity, and what each computes. Only the XLSForm
//! functions the questionnaires of this project need are known; any other name is refused at
//! parse time so that a typo surfaces at import, not in the field.

use super::ast::Expr;
use super::value::{truthy, Value};
use regex::Regex;
use std::collections::HashMap;
use std::sync::Arc;

/// A known function.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Function {
    /// `not(x)`
    Not,
    /// `selected(answer, 'choice')`
    Selected,
    /// `count-selected(answer)`
    CountSelected,
    /// `if(condition, then, else)`
    If,
    /// `string-length(text)`
    StringLength,
    /// `regex(text, 'pattern')`: whether the whole text matches.
    Regex,
    /// `coalesce(a, b)`: the first that is not empty.
    Coalesce,
    /// `concat(a, b, ...)`
    Concat,
}

/// Every function, for lookups and for listing them in error messages.
const ALL: [Function; 8] = [
    Function::Not,
    Function::Selected,
    Function::CountSelected,
    Function::If,
    Function::StringLength,
    Function::Regex,
    Function::Coalesce,
    Function::Concat,
];

/// How many arguments a function takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arity {
    Exactly(usize),
    AtLeast(usize),
}

impl Arity {
    pub fn accepts(self, count: usize) -> bool {
        match self {
            Arity::Exactly(n) => count == n,
            Arity::AtLeast(n) => count >= n,
        }
    }

    /// "2 arguments", "at least 1 argument".
    pub fn describe(self) -> String {
        let (prefix, n) = match self {
            Arity::Exactly(n) => ("", n),
            Arity::AtLeast(n) => ("at least ", n),
        };
        let noun = if n == 1 { "argument" } else { "arguments" };
        format!("{prefix}{n} {noun}")
    }
}

impl Function {
    /// The function called `name` in XLSForm, if it is known.
    pub fn from_name(name: &str) -> Option<Function> {
        ALL.into_iter().find(|function| function.name() == name)
    }

    /// The function's XLSForm name.
    pub fn name(self) -> &'static str {
        match self {
            Function::Not => "not",
            Function::Selected => "selected",
            Function::CountSelected => "count-selected",
            Function::If => "if",
            Function::StringLength => "string-length",
            Function::Regex => "regex",
            Function::Coalesce => "coalesce",
            Function::Concat => "concat",
        }
    }

    pub fn arity(self) -> Arity {
        match self {
            Function::Not | Function::CountSelected | Function::StringLength => Arity::Exactly(1),
            Function::Selected | Function::Regex | Function::Coalesce => Arity::Exactly(2),
            Function::If => Arity::Exactly(3),
            Function::Concat => Arity::AtLeast(1),
        }
    }

    /// "not, selected, count-selected, …" for error messages.
    pub fn known_names() -> String {
        ALL.map(Function::name).join(", ")
    }
}

/// Applies `function` to `arguments`, evaluating each with `evaluate` only when needed (`if`
/// and `coalesce` evaluate no more than they use). Arity was checked at parse time; a missing
/// argument reads as empty rather than panicking.
pub(crate) fn apply(
    function: Function,
    arguments: &[Expr],
    evaluate: &mut dyn FnMut(&Expr) -> Value,
) -> Value {
    let mut argument = |index: usize| arguments.get(index).map_or(Value::Empty, &mut *evaluate);
    match function {
        Function::Not => Value::Bool(!truthy(&argument(0))),
        Function::Selected => {
            let needle = argument(1).to_text();
            let needle = needle.trim();
            Value::Bool(argument(0).choice_names().iter().any(|name| name == needle))
        }
        Function::CountSelected => Value::Number(argument(0).choice_names().len() as f64),
        Function::If => {
            if truthy(&argument(0)) {
                argument(1)
            } else {
                argument(2)
            }
        }
        Function::StringLength => Value::Number(argument(0).to_text().chars().count() as f64),
        Function::Regex => {
            let text = argument(0).to_text();
            let pattern = argument(1).to_text();
            Value::Bool(compiled_regex(&pattern).is_some_and(|regex| regex.is_match(&text)))
        }
        Function::Coalesce => {
            let first = argument(0);
            if first.is_empty() {
                argument(1)
            } else {
                first
            }
        }
        Function::Concat => Value::Text(
            (0..arguments.len())
                .map(|index| argument(index).to_text())
                .collect(),
        ),
    }
}

/// Patterns compiled so far: a questionnaire's `regex()` patterns are literals checked again on
/// every save, and compiling one costs far more than matching it. Cleared when full, since a
/// pattern could also come from an answer.
static COMPILED: std::sync::OnceLock<std::sync::Mutex<HashMap<String, Arc<Regex>>>> =
    std::sync::OnceLock::new();
const COMPILED_MAX: usize = 256;

/// `pattern` compiled by [`whole_match_regex`], from the cache when it was seen before;
/// `None` when it does not compile.
fn compiled_regex(pattern: &str) -> Option<Arc<Regex>> {
    let cache = COMPILED.get_or_init(Default::default);
    if let Some(regex) = cache.lock().ok()?.get(pattern) {
        return Some(Arc::clone(regex));
    }
    let regex = Arc::new(whole_match_regex(pattern).ok()?);
    let mut cache = cache.lock().ok()?;
    if cache.len() >= COMPILED_MAX {
        cache.clear();
    }
    cache.insert(pattern.to_string(), Arc::clone(&regex));
    Some(regex)
}

/// Compiles `pattern` so that it must match the whole text, as ODK's `regex()` does
/// ("exact and complete match"); the pattern's own syntax is used as given.
pub(crate) fn whole_match_regex(pattern: &str) -> Result<Regex, regex::Error> {
    Regex::new(&format!("^(?:{pattern})$"))
}

#[cfg(test)]
mod tests {
    use super::compiled_regex;

    #[test]
    fn cached_patterns_keep_matching_what_they_should_past_the_cache_size() {
        for round in 0..2 {
            for n in 0..(super::COMPILED_MAX + 10) {
                let regex = compiled_regex(&format!("x{n}[0-9]+")).unwrap();
                assert!(
                    regex.is_match(&format!("x{n}42")),
                    "round {round}, pattern {n}"
                );
                assert!(!regex.is_match(&format!("x{n}42y")), "whole text only");
            }
        }
        assert!(compiled_regex("(").is_none());
    }
}
