//! The text functions of ODK's XPath (`substr`, `contains`, `translate`, `join`, …), on values
//! already evaluated. Positions count characters, not bytes, so Arabic and Persian answers are
//! cut where a person would cut them.

use super::value::Value;

/// `uuid()`: a random version 4 UUID (`0b5c…-…`); `uuid(n)`: `n` random letters and digits.
/// Random on every evaluation: `once(uuid())` keeps the first.
pub fn uuid(length: Option<&Value>) -> Value {
    const ALPHABET: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut bytes = [0u8; 64];
    if getrandom::fill(&mut bytes).is_err() {
        return Value::Empty;
    }
    if let Some(length) = length {
        let n = length.to_number();
        if !(n.is_finite() && (1.0..=64.0).contains(&n)) {
            return Value::Empty;
        }
        let text = bytes
            .iter()
            .take(n as usize)
            .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
            .collect();
        return Value::Text(text);
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes[..16].iter().map(|b| format!("{b:02x}")).collect();
    Value::Text(format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    ))
}

/// `substr(text, start, end?)`: the characters from `start` (0-based) up to, not including,
/// `end` (the end of the text when left out), as ODK's `substr` has it; positions outside the
/// text are brought inside it.
pub fn substr(text: &Value, start: &Value, end: Option<&Value>) -> Value {
    let chars: Vec<char> = text.to_text().chars().collect();
    let clamp = |value: &Value| -> usize {
        let number = value.to_number();
        if number.is_nan() || number <= 0.0 {
            0
        } else {
            // Saturating: a start beyond the text is the text's end.
            (number.trunc() as usize).min(chars.len())
        }
    };
    let from = clamp(start);
    let to = end.map_or(chars.len(), clamp);
    Value::Text(
        chars
            .get(from..to.max(from))
            .unwrap_or(&[])
            .iter()
            .collect(),
    )
}

/// `contains(text, part)`.
pub fn contains(text: &Value, part: &Value) -> Value {
    Value::Bool(text.to_text().contains(&part.to_text()))
}

/// `starts-with(text, prefix)`.
pub fn starts_with(text: &Value, prefix: &Value) -> Value {
    Value::Bool(text.to_text().starts_with(&prefix.to_text()))
}

/// `ends-with(text, suffix)`.
pub fn ends_with(text: &Value, suffix: &Value) -> Value {
    Value::Bool(text.to_text().ends_with(&suffix.to_text()))
}

/// `normalize-space(text)`: leading and trailing white space dropped, runs of it made one
/// space.
pub fn normalize_space(text: &Value) -> Value {
    Value::Text(
        text.to_text()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
    )
}

/// `translate(text, from, to)`: each character of `from` in the text replaced by the one at
/// the same place in `to`, or removed when `to` is shorter (XPath 1.0).
pub fn translate(text: &Value, from: &Value, to: &Value) -> Value {
    let from: Vec<char> = from.to_text().chars().collect();
    let to: Vec<char> = to.to_text().chars().collect();
    Value::Text(
        text.to_text()
            .chars()
            .filter_map(|c| match from.iter().position(|f| *f == c) {
                Some(index) => to.get(index).copied(),
                None => Some(c),
            })
            .collect(),
    )
}

/// `join(separator, values…)`: the values (each choice of a select_multiple answer on its
/// own) joined by the separator; empty values left out.
pub fn join(separator: &Value, values: &[Value]) -> Value {
    let parts: Vec<String> = values
        .iter()
        .flat_map(|value| match value {
            Value::List(names) => names.clone(),
            Value::Nodes(nodes) => nodes.iter().map(Value::to_text).collect(),
            other => vec![other.to_text()],
        })
        .filter(|part| !part.is_empty())
        .collect();
    Value::Text(parts.join(&separator.to_text()))
}

/// `selected-at(answer, n)`: the n-th (from 0) choice of a select_multiple answer, "" when
/// there is none.
pub fn selected_at(answer: &Value, index: &Value) -> Value {
    let number = index.to_number();
    let names = answer.choice_names();
    let chosen = (number.is_finite() && number >= 0.0)
        .then(|| names.get(number.trunc() as usize))
        .flatten();
    Value::Text(chosen.cloned().unwrap_or_default())
}

/// `boolean-from-string(text)`: true for "true" and "1" only.
pub fn boolean_from_string(text: &Value) -> Value {
    Value::Bool(matches!(text.to_text().trim(), "true" | "1"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Value {
        Value::Text(s.into())
    }

    fn number(n: f64) -> Value {
        Value::Number(n)
    }

    #[test]
    fn substr_counts_characters_from_zero() {
        assert_eq!(
            substr(&text("Sverige"), &number(1.0), Some(&number(3.0))),
            text("ve")
        );
        assert_eq!(substr(&text("Sverige"), &number(3.0), None), text("rige"));
        assert_eq!(substr(&text("سلام"), &number(1.0), None), text("لام"));
        assert_eq!(substr(&text("abc"), &number(5.0), None), text(""));
        assert_eq!(
            substr(&text("abc"), &number(2.0), Some(&number(1.0))),
            text("")
        );
        assert_eq!(
            substr(&text("abc"), &Value::Empty, Some(&number(-4.0))),
            text("")
        );
    }

    #[test]
    fn searching_text() {
        assert_eq!(
            contains(&text("Göteborg"), &text("tebo")),
            Value::Bool(true)
        );
        assert_eq!(
            starts_with(&text("Göteborg"), &text("Gö")),
            Value::Bool(true)
        );
        assert_eq!(
            ends_with(&text("Göteborg"), &text("Gö")),
            Value::Bool(false)
        );
        assert_eq!(contains(&Value::Empty, &text("")), Value::Bool(true));
    }

    #[test]
    fn normalising_and_translating() {
        assert_eq!(normalize_space(&text("  a \t b\n")), text("a b"));
        assert_eq!(
            translate(&text("bar"), &text("abc"), &text("ABC")),
            text("BAr")
        );
        assert_eq!(
            translate(&text("--aaa--"), &text("abc-"), &text("ABC")),
            text("AAA")
        );
    }

    #[test]
    fn joining_and_picking_choices() {
        let answer = Value::List(vec!["red".into(), "blue".into()]);
        assert_eq!(
            join(&text(", "), std::slice::from_ref(&answer)),
            text("red, blue")
        );
        assert_eq!(
            join(&text("-"), &[text("a"), Value::Empty, number(2.0)]),
            text("a-2")
        );
        assert_eq!(selected_at(&answer, &number(1.0)), text("blue"));
        assert_eq!(selected_at(&answer, &number(2.0)), text(""));
        assert_eq!(selected_at(&text("x y"), &number(-1.0)), text(""));
    }

    #[test]
    fn booleans_from_text() {
        assert_eq!(boolean_from_string(&text("true")), Value::Bool(true));
        assert_eq!(boolean_from_string(&text("1")), Value::Bool(true));
        assert_eq!(boolean_from_string(&text("yes")), Value::Bool(false));
    }
}
