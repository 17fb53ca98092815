//! The functions expressions may call, their arity, and what each computes (the text, number
//! and date ones in modules of their own). Only the XLSForm functions Svar carries out are
//! known; any other name is refused at parse time so that a typo surfaces at import, not in the
//! field.

use super::ast::Expr;
use super::value::{truthy, Value};
use super::{date_functions, number_functions, text_functions};
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
    /// `selected-at(answer, n)`: the n-th choice (from 0).
    SelectedAt,
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
    /// `join(separator, values...)`
    Join,
    /// `substr(text, start, end?)`
    Substr,
    Contains,
    StartsWith,
    EndsWith,
    NormalizeSpace,
    /// `translate(text, from, to)`
    Translate,
    /// `number(x)`, `string(x)`, `boolean(x)`: XPath's conversions.
    Number,
    String,
    Boolean,
    BooleanFromString,
    True,
    False,
    /// `int(x)`: cut toward zero.
    Int,
    /// `round(x, places?)`
    Round,
    Pow,
    Abs,
    Max,
    Min,
    /// `sqrt`, `exp`, `exp10`, `log` (natural), `log10`, `sin`, `cos`, `tan`, `asin`, `acos`,
    /// `atan` of one number; `atan2(y, x)`; `pi()`.
    Math(MathFunction),
    Atan2,
    Pi,
    /// `date(x)`: a day number or ISO date as `YYYY-MM-DD`.
    Date,
    /// `format-date(date, '%d/%m/%Y')`
    FormatDate,
    /// `today()`, `now()`: the date and the time of the evaluation (UTC), read from the
    /// evaluation's context.
    Today,
    Now,
    /// `date-time(x)`, `decimal-date-time(x)`: a point in time from / as a number of days.
    DateTime,
    DecimalDateTime,
    /// `uuid()`, `uuid(n)`: a random identifier.
    Uuid,
    /// `jr:choice-name(value, '${question}')`: the label of the choice `value` of the
    /// question's list, read from the evaluation's context.
    ChoiceName,
    /// `once(x)`: the item's value if it has one, else `x` (a value set once and kept, such
    /// as the time a questionnaire was started).
    Once,
    /// `count(${repeat})`, `count(${question_in_repeat})`: how many instances exist.
    Count,
    /// `sum(${question_in_repeat})`: its values in every instance added up.
    Sum,
    /// `position(..)`: the number of the repeat instance the expression is evaluated in.
    Position,
    /// `indexed-repeat(${question}, ${repeat}, n)`: the question's value in instance n.
    IndexedRepeat,
}

/// The one-argument functions of ODK's math.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MathFunction {
    Sqrt,
    Exp,
    Exp10,
    Log,
    Log10,
    Sin,
    Cos,
    Tan,
    Asin,
    Acos,
    Atan,
}

/// Every function, for lookups and for listing them in error messages.
const ALL: [Function; 54] = [
    Function::Not,
    Function::Selected,
    Function::CountSelected,
    Function::SelectedAt,
    Function::If,
    Function::StringLength,
    Function::Regex,
    Function::Coalesce,
    Function::Concat,
    Function::Join,
    Function::Substr,
    Function::Contains,
    Function::StartsWith,
    Function::EndsWith,
    Function::NormalizeSpace,
    Function::Translate,
    Function::Number,
    Function::String,
    Function::Boolean,
    Function::BooleanFromString,
    Function::True,
    Function::False,
    Function::Int,
    Function::Round,
    Function::Pow,
    Function::Abs,
    Function::Max,
    Function::Min,
    Function::Math(MathFunction::Sqrt),
    Function::Math(MathFunction::Exp),
    Function::Math(MathFunction::Exp10),
    Function::Math(MathFunction::Log),
    Function::Math(MathFunction::Log10),
    Function::Math(MathFunction::Sin),
    Function::Math(MathFunction::Cos),
    Function::Math(MathFunction::Tan),
    Function::Math(MathFunction::Asin),
    Function::Math(MathFunction::Acos),
    Function::Math(MathFunction::Atan),
    Function::Atan2,
    Function::Pi,
    Function::Date,
    Function::FormatDate,
    Function::Today,
    Function::Now,
    Function::Once,
    Function::DateTime,
    Function::DecimalDateTime,
    Function::Uuid,
    Function::ChoiceName,
    Function::Count,
    Function::Sum,
    Function::Position,
    Function::IndexedRepeat,
];

/// How many arguments a function takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arity {
    Exactly(usize),
    AtLeast(usize),
    Between(usize, usize),
}

impl Arity {
    pub fn accepts(self, count: usize) -> bool {
        match self {
            Arity::Exactly(n) => count == n,
            Arity::AtLeast(n) => count >= n,
            Arity::Between(low, high) => (low..=high).contains(&count),
        }
    }

    /// "2 arguments", "at least 1 argument", "2 or 3 arguments".
    pub fn describe(self) -> String {
        let (prefix, n) = match self {
            Arity::Exactly(n) => (String::new(), n),
            Arity::AtLeast(n) => ("at least ".to_string(), n),
            Arity::Between(low, high) => (format!("{low} or "), high),
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
            Function::SelectedAt => "selected-at",
            Function::If => "if",
            Function::StringLength => "string-length",
            Function::Regex => "regex",
            Function::Coalesce => "coalesce",
            Function::Concat => "concat",
            Function::Join => "join",
            Function::Substr => "substr",
            Function::Contains => "contains",
            Function::StartsWith => "starts-with",
            Function::EndsWith => "ends-with",
            Function::NormalizeSpace => "normalize-space",
            Function::Translate => "translate",
            Function::Number => "number",
            Function::String => "string",
            Function::Boolean => "boolean",
            Function::BooleanFromString => "boolean-from-string",
            Function::True => "true",
            Function::False => "false",
            Function::Int => "int",
            Function::Round => "round",
            Function::Pow => "pow",
            Function::Abs => "abs",
            Function::Max => "max",
            Function::Min => "min",
            Function::Math(math) => math.name(),
            Function::Atan2 => "atan2",
            Function::Pi => "pi",
            Function::Date => "date",
            Function::FormatDate => "format-date",
            Function::Today => "today",
            Function::Now => "now",
            Function::Once => "once",
            Function::DateTime => "date-time",
            Function::DecimalDateTime => "decimal-date-time",
            Function::Uuid => "uuid",
            Function::ChoiceName => "jr:choice-name",
            Function::Count => "count",
            Function::Sum => "sum",
            Function::Position => "position",
            Function::IndexedRepeat => "indexed-repeat",
        }
    }

    pub fn arity(self) -> Arity {
        match self {
            Function::True | Function::False | Function::Pi | Function::Today | Function::Now => {
                Arity::Exactly(0)
            }
            Function::Not
            | Function::CountSelected
            | Function::StringLength
            | Function::NormalizeSpace
            | Function::Number
            | Function::String
            | Function::Boolean
            | Function::BooleanFromString
            | Function::Int
            | Function::Abs
            | Function::Math(_)
            | Function::Once
            | Function::DateTime
            | Function::DecimalDateTime
            | Function::Count
            | Function::Sum
            | Function::Date => Arity::Exactly(1),
            Function::Uuid | Function::Position => Arity::Between(0, 1),
            Function::Selected
            | Function::SelectedAt
            | Function::Regex
            | Function::Coalesce
            | Function::Contains
            | Function::StartsWith
            | Function::EndsWith
            | Function::Pow
            | Function::Atan2
            | Function::ChoiceName
            | Function::FormatDate => Arity::Exactly(2),
            Function::If | Function::Translate | Function::IndexedRepeat => Arity::Exactly(3),
            Function::Round => Arity::Between(1, 2),
            Function::Substr => Arity::Between(2, 3),
            Function::Concat | Function::Max | Function::Min => Arity::AtLeast(1),
            Function::Join => Arity::AtLeast(2),
        }
    }

    /// "not, selected, count-selected, …" for error messages.
    pub fn known_names() -> String {
        ALL.map(Function::name).join(", ")
    }
}

impl MathFunction {
    fn name(self) -> &'static str {
        match self {
            MathFunction::Sqrt => "sqrt",
            MathFunction::Exp => "exp",
            MathFunction::Exp10 => "exp10",
            MathFunction::Log => "log",
            MathFunction::Log10 => "log10",
            MathFunction::Sin => "sin",
            MathFunction::Cos => "cos",
            MathFunction::Tan => "tan",
            MathFunction::Asin => "asin",
            MathFunction::Acos => "acos",
            MathFunction::Atan => "atan",
        }
    }

    /// The function of `x` (NaN outside its domain, which ends as an empty answer).
    fn apply(self, x: f64) -> f64 {
        match self {
            MathFunction::Sqrt => x.sqrt(),
            MathFunction::Exp => x.exp(),
            MathFunction::Exp10 => 10f64.powf(x),
            MathFunction::Log => x.ln(),
            MathFunction::Log10 => x.log10(),
            MathFunction::Sin => x.sin(),
            MathFunction::Cos => x.cos(),
            MathFunction::Tan => x.tan(),
            MathFunction::Asin => x.asin(),
            MathFunction::Acos => x.acos(),
            MathFunction::Atan => x.atan(),
        }
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
        Function::Pi => Value::Number(std::f64::consts::PI),
        Function::True => Value::Bool(true),
        Function::False => Value::Bool(false),
        Function::Number => Value::Number(argument(0).to_number()),
        Function::String => Value::Text(argument(0).to_text()),
        Function::Boolean => Value::Bool(truthy(&argument(0))),
        other => {
            let values: Vec<Value> = (0..arguments.len()).map(&mut argument).collect();
            apply_to_values(other, &values)
        }
    }
}

/// The functions that use every argument, on their values.
fn apply_to_values(function: Function, values: &[Value]) -> Value {
    let at = |index: usize| values.get(index).unwrap_or(&Value::Empty);
    match function {
        Function::SelectedAt => text_functions::selected_at(at(0), at(1)),
        Function::Join => text_functions::join(at(0), values.get(1..).unwrap_or(&[])),
        Function::Substr => text_functions::substr(at(0), at(1), values.get(2)),
        Function::Contains => text_functions::contains(at(0), at(1)),
        Function::StartsWith => text_functions::starts_with(at(0), at(1)),
        Function::EndsWith => text_functions::ends_with(at(0), at(1)),
        Function::NormalizeSpace => text_functions::normalize_space(at(0)),
        Function::Translate => text_functions::translate(at(0), at(1), at(2)),
        Function::BooleanFromString => text_functions::boolean_from_string(at(0)),
        Function::Int => number_functions::int(at(0)),
        Function::Round => number_functions::round(at(0), values.get(1)),
        Function::Pow => number_functions::pow(at(0), at(1)),
        Function::Abs => number_functions::abs(at(0)),
        Function::Max => number_functions::extreme(values, true),
        Function::Min => number_functions::extreme(values, false),
        Function::Math(math) => Value::Number(math.apply(at(0).to_number())),
        Function::Atan2 => Value::Number(at(0).to_number().atan2(at(1).to_number())),
        Function::Date => date_functions::date(at(0)),
        Function::FormatDate => date_functions::format_date(at(0), at(1)),
        Function::DateTime => date_functions::date_time(at(0)),
        Function::DecimalDateTime => date_functions::decimal_date_time(at(0)),
        Function::Uuid => text_functions::uuid(values.first()),
        Function::Count => number_functions::count(at(0)),
        Function::Sum => number_functions::sum(at(0)),
        Function::IndexedRepeat => number_functions::indexed(at(0), at(2)),
        // Within an instance, a repeat's unrolling replaces `position(..)` by its number.
        Function::Position => Value::Empty,
        // Evaluated lazily in `apply`.
        Function::Not
        | Function::Selected
        | Function::CountSelected
        | Function::If
        | Function::StringLength
        | Function::Regex
        | Function::Coalesce
        | Function::Concat
        | Function::True
        | Function::False
        | Function::Pi
        | Function::Today
        | Function::Now
        | Function::Once
        | Function::ChoiceName
        | Function::Number
        | Function::String
        | Function::Boolean => Value::Empty,
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
