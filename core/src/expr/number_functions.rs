//! The number functions of ODK's XPath (`int`, `round`, `pow`, `abs`, `max`, `min`), on values
//! already evaluated. An argument that is no number gives NaN, which ends as an empty answer.

use super::value::Value;

/// `int(x)`: the whole part, cut toward zero (ODK).
pub fn int(value: &Value) -> Value {
    Value::Number(value.to_number().trunc())
}

/// `round(x, places?)`: to `places` decimals (none when left out), halves away from zero as
/// ODK rounds.
pub fn round(value: &Value, places: Option<&Value>) -> Value {
    let number = value.to_number();
    let places = places.map_or(0.0, |p| p.to_number().trunc());
    if places.is_nan() {
        return Value::Number(f64::NAN);
    }
    // Beyond these, rounding changes nothing an f64 can hold.
    let places = places.clamp(-308.0, 308.0) as i32;
    let scale = 10f64.powi(places.abs());
    let rounded = if places >= 0 {
        (number * scale).round() / scale
    } else {
        (number / scale).round() * scale
    };
    Value::Number(rounded)
}

/// `pow(base, exponent)`.
pub fn pow(base: &Value, exponent: &Value) -> Value {
    Value::Number(base.to_number().powf(exponent.to_number()))
}

/// `abs(x)`.
pub fn abs(value: &Value) -> Value {
    Value::Number(value.to_number().abs())
}

/// `max(a, b, …)` or `min(…)`: NaN when any is no number, as in ODK.
pub fn extreme(values: &[Value], largest: bool) -> Value {
    let mut numbers = each_node(values).map(Value::to_number);
    let Some(first) = numbers.next() else {
        return Value::Number(f64::NAN);
    };
    let result = numbers.try_fold(first, |best, number| {
        if number.is_nan() || best.is_nan() {
            None
        } else if largest {
            Some(best.max(number))
        } else {
            Some(best.min(number))
        }
    });
    Value::Number(result.filter(|n| !n.is_nan()).unwrap_or(f64::NAN))
}

/// Every value, a repeat's node-set taken one node at a time.
fn each_node(values: &[Value]) -> impl Iterator<Item = &Value> {
    values.iter().flat_map(|value| match value {
        Value::Nodes(nodes) => nodes.as_slice(),
        single => std::slice::from_ref(single),
    })
}

/// `count(nodes)`: how many instances of a repeat exist (a single question is one node).
pub fn count(value: &Value) -> Value {
    match value {
        Value::Nodes(nodes) => Value::Number(nodes.len() as f64),
        _ => Value::Number(1.0),
    }
}

/// `sum(nodes)`: the values of every instance added up (NaN, so no value, if one is not a
/// number, as in XPath).
pub fn sum(value: &Value) -> Value {
    Value::Number(
        each_node(std::slice::from_ref(value))
            .map(Value::to_number)
            .sum(),
    )
}

/// `indexed-repeat(value, repeat, n)`: the value in the n-th instance (from 1).
pub fn indexed(value: &Value, index: &Value) -> Value {
    match value {
        Value::Nodes(nodes) => {
            let number = index.to_number();
            if number.fract() != 0.0 || number < 1.0 {
                return Value::Empty;
            }
            // A whole number ≥ 1 (checked above) converts exactly up to any real repeat size.
            nodes
                .get(number as usize - 1)
                .cloned()
                .unwrap_or(Value::Empty)
        }
        single if index.to_number() == 1.0 => single.clone(),
        _ => Value::Empty,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(value: f64) -> Value {
        Value::Number(value)
    }

    fn number_of(value: Value) -> f64 {
        value.to_number()
    }

    #[test]
    fn whole_parts_and_rounding() {
        assert_eq!(number_of(int(&n(-3.7))), -3.0);
        assert_eq!(number_of(int(&Value::Text("12.9".into()))), 12.0);
        assert_eq!(number_of(round(&n(2.5), None)), 3.0);
        assert_eq!(number_of(round(&n(-2.5), None)), -3.0);
        assert_eq!(number_of(round(&n(1.23456), Some(&n(2.0)))), 1.23);
        assert_eq!(number_of(round(&n(1234.0), Some(&n(-2.0)))), 1200.0);
        assert!(number_of(round(&Value::Empty, None)).is_nan());
        assert!(number_of(round(&n(1.0), Some(&Value::Text("x".into())))).is_nan());
    }

    #[test]
    fn powers_and_extremes() {
        assert_eq!(number_of(pow(&n(2.0), &n(10.0))), 1024.0);
        assert_eq!(number_of(abs(&n(-4.5))), 4.5);
        assert_eq!(number_of(extreme(&[n(3.0), n(9.0), n(-1.0)], true)), 9.0);
        assert_eq!(number_of(extreme(&[n(3.0), n(9.0), n(-1.0)], false)), -1.0);
        assert!(number_of(extreme(&[n(3.0), Value::Empty], true)).is_nan());
        assert!(number_of(extreme(&[], true)).is_nan());
    }

    fn nodes(values: &[f64]) -> Value {
        Value::Nodes(values.iter().map(|v| n(*v)).collect())
    }

    #[test]
    fn node_sets_of_a_repeat() {
        let ages = nodes(&[34.0, 36.0, 7.0]);
        assert_eq!(number_of(count(&ages)), 3.0);
        assert_eq!(number_of(count(&nodes(&[]))), 0.0);
        assert_eq!(number_of(count(&n(5.0))), 1.0);
        assert_eq!(number_of(sum(&ages)), 77.0);
        assert_eq!(number_of(sum(&nodes(&[]))), 0.0);
        assert!(number_of(sum(&Value::Nodes(vec![n(1.0), Value::Empty]))).is_nan());
        assert_eq!(number_of(extreme(std::slice::from_ref(&ages), true)), 36.0);
        assert_eq!(number_of(extreme(std::slice::from_ref(&ages), false)), 7.0);
        assert_eq!(number_of(indexed(&ages, &n(2.0))), 36.0);
        assert_eq!(indexed(&ages, &n(4.0)), Value::Empty);
        assert_eq!(indexed(&ages, &n(0.0)), Value::Empty);
        assert_eq!(indexed(&ages, &n(1.5)), Value::Empty);
        // XPath reads a node-set as its first node elsewhere.
        assert_eq!(ages.to_number(), 34.0);
        assert!(crate::expr::truthy(&ages) && !crate::expr::truthy(&nodes(&[])));
    }
}
