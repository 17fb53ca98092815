//! Evaluates a parsed expression against the answers given so far. The answers come through
//! the [`Context`] trait so that this module knows nothing about how they are stored.
//! Evaluation is total: it never fails and never panics; undefined arithmetic (division by
//! zero, a non-number) yields NaN, and a NaN or infinite final result is [`Value::Empty`].

use super::ast::{BinaryOperator, Expr};
use super::date_functions;
use super::functions::{self, Function};
use super::value::{truthy, values_equal, Value};

/// Where an expression's `${name}` and `.` get their values.
pub trait Context {
    /// The answer to item `name` ([`Value::Empty`] if unanswered or unknown).
    fn value(&self, name: &str) -> Value;
    /// The value of the item the expression belongs to (`.`).
    fn current(&self) -> Value;
    /// A column of the choice a `choice_filter` is deciding on ([`Value::Empty`] elsewhere).
    fn choice_column(&self, _name: &str) -> Value {
        Value::Empty
    }
    /// The label of choice `choice` of question `question`'s list ([`Value::Empty`] where the
    /// context has no questionnaire, or the question or choice is unknown).
    fn choice_label(&self, _question: &str, _choice: &str) -> Value {
        Value::Empty
    }
    /// The time of the evaluation, in milliseconds since 1970 (`today()`, `now()`): the clock's.
    fn now_ms(&self) -> i64 {
        clock_now_ms()
    }
}

/// The system clock, in milliseconds since 1970.
pub fn clock_now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// The question a path names: `${q}` or an XForms path `/data/group/q`.
fn question_in_path(path: &str) -> &str {
    let path = path.trim();
    match path.strip_prefix("${").and_then(|p| p.strip_suffix('}')) {
        Some(name) => name,
        None => path.rsplit('/').next().unwrap_or(path),
    }
}

/// The value of `expr` given `context`.
pub fn evaluate(expr: &Expr, context: &dyn Context) -> Value {
    evaluate_node(expr, context).defined()
}

fn evaluate_node(expr: &Expr, context: &dyn Context) -> Value {
    match expr {
        Expr::Number(number) => Value::Number(*number),
        Expr::Text(text) => Value::Text(text.clone()),
        Expr::Reference(name) => context.value(name),
        Expr::Current => context.current(),
        Expr::Parent => Value::Empty,
        Expr::Instances(instances) => Value::Nodes(
            instances
                .iter()
                .filter(|instance| truthy(&evaluate_node(&instance.exists, context)))
                .map(|instance| evaluate_node(&instance.value, context))
                .collect(),
        ),
        Expr::ChoiceColumn(name) => context.choice_column(name),
        Expr::Negate(operand) => Value::Number(-evaluate_node(operand, context).to_number()),
        Expr::Binary {
            operator,
            left,
            right,
        } => binary(*operator, left, right, context),
        Expr::Call {
            function: Function::Today,
            ..
        } => date_functions::today(context.now_ms()),
        Expr::Call {
            function: Function::Now,
            ..
        } => date_functions::now(context.now_ms()),
        Expr::Call {
            function: Function::ChoiceName,
            arguments,
        } => {
            let argument = |index: usize| {
                arguments
                    .get(index)
                    .map_or(Value::Empty, |a| evaluate_node(a, context))
                    .to_text()
            };
            let choice = argument(0);
            let path = argument(1);
            context.choice_label(question_in_path(&path), &choice)
        }
        Expr::Call {
            function: Function::Once,
            arguments,
        } => match context.current() {
            Value::Empty => arguments
                .first()
                .map_or(Value::Empty, |argument| evaluate_node(argument, context)),
            kept => kept,
        },
        Expr::Call {
            function,
            arguments,
        } => functions::apply(*function, arguments, &mut |argument| {
            evaluate_node(argument, context)
        }),
    }
}

fn binary(operator: BinaryOperator, left: &Expr, right: &Expr, context: &dyn Context) -> Value {
    let left_value = evaluate_node(left, context);
    // `and` / `or` decide on the left operand alone when they can.
    match operator {
        BinaryOperator::Or if truthy(&left_value) => return Value::Bool(true),
        BinaryOperator::And if !truthy(&left_value) => return Value::Bool(false),
        _ => {}
    }
    let right_value = evaluate_node(right, context);
    let numbers = || (left_value.to_number(), right_value.to_number());
    match operator {
        BinaryOperator::Or | BinaryOperator::And => Value::Bool(truthy(&right_value)),
        BinaryOperator::Equal => Value::Bool(values_equal(&left_value, &right_value)),
        BinaryOperator::NotEqual => Value::Bool(!values_equal(&left_value, &right_value)),
        BinaryOperator::Less => compare(numbers(), |a, b| a < b),
        BinaryOperator::LessOrEqual => compare(numbers(), |a, b| a <= b),
        BinaryOperator::Greater => compare(numbers(), |a, b| a > b),
        BinaryOperator::GreaterOrEqual => compare(numbers(), |a, b| a >= b),
        BinaryOperator::Add => arithmetic(numbers(), |a, b| a + b),
        BinaryOperator::Subtract => arithmetic(numbers(), |a, b| a - b),
        BinaryOperator::Multiply => arithmetic(numbers(), |a, b| a * b),
        BinaryOperator::Divide => arithmetic(numbers(), |a, b| a / b),
        // Rust's `%` on floats keeps the dividend's sign, as XPath's `mod` does.
        BinaryOperator::Modulo => arithmetic(numbers(), |a, b| a % b),
    }
}

/// Relational operators compare numbers; NaN (an empty or non-numeric side) is never ordered.
fn compare((left, right): (f64, f64), ordered: fn(f64, f64) -> bool) -> Value {
    Value::Bool(ordered(left, right))
}

fn arithmetic((left, right): (f64, f64), operation: fn(f64, f64) -> f64) -> Value {
    Value::Number(operation(left, right))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::{parse, ParseError};
    use std::collections::BTreeMap;

    /// Answers by name, and the value of `.`.
    struct TestContext {
        answers: BTreeMap<&'static str, Value>,
        current: Value,
    }

    impl Context for TestContext {
        fn value(&self, name: &str) -> Value {
            self.answers.get(name).cloned().unwrap_or(Value::Empty)
        }

        fn current(&self) -> Value {
            self.current.clone()
        }
    }

    fn context(answers: &[(&'static str, Value)], current: Value) -> TestContext {
        TestContext {
            answers: answers.iter().cloned().collect(),
            current,
        }
    }

    fn text(s: &str) -> Value {
        Value::Text(s.to_owned())
    }

    fn list(names: &[&str]) -> Value {
        Value::List(names.iter().map(|n| n.to_string()).collect())
    }

    fn eval_in(source: &str, context: &TestContext) -> Result<Value, ParseError> {
        Ok(evaluate(&parse(source)?, context))
    }

    fn eval(source: &str) -> Result<Value, ParseError> {
        eval_in(source, &context(&[], Value::Empty))
    }

    #[test]
    fn odk_functions_as_forms_call_them() -> Result<(), ParseError> {
        let household = context(
            &[
                ("born", text("1984-05-17")),
                ("languages", list(&["sv", "ar", "fa"])),
                ("name", text("  Nour   Haddad ")),
            ],
            Value::Empty,
        );
        let eval = |source: &str| eval_in(source, &household);
        assert_eq!(eval("true() and not(false())")?, Value::Bool(true));
        assert_eq!(eval("substr(${born}, 0, 4)")?, text("1984"));
        assert_eq!(
            eval("int(substr(${born}, 0, 4)) + 1")?,
            Value::Number(1985.0)
        );
        assert_eq!(eval("round(10 div 3, 2)")?, Value::Number(3.33));
        assert_eq!(
            eval("format-date(${born}, '%e %b %Y')")?,
            text("17 May 1984")
        );
        assert_eq!(eval("date(${born} + 1)")?, text("1984-05-18"));
        assert_eq!(eval("join(', ', ${languages})")?, text("sv, ar, fa"));
        assert_eq!(eval("selected-at(${languages}, 2)")?, text("fa"));
        assert_eq!(eval("normalize-space(${name})")?, text("Nour Haddad"));
        assert_eq!(
            eval("starts-with(normalize-space(${name}), 'Nour')")?,
            Value::Bool(true)
        );
        assert_eq!(eval("max(3, pow(2, 3), abs(-5))")?, Value::Number(8.0));
        assert_eq!(eval("min(3, ${missing})")?, Value::Empty, "NaN is no value");
        assert_eq!(eval("string(number('12') * 2)")?, text("24"));
        assert_eq!(eval("translate('a-b-c', '-', '')")?, text("abc"));
        assert_eq!(
            eval("round(15 div sqrt(cos(atan(25 div 100))), 2)")?,
            Value::Number(15.23)
        );
        assert_eq!(eval("round(pi() * 100)")?, Value::Number(314.0));
        assert_eq!(
            eval("sqrt(-1)")?,
            Value::Empty,
            "outside the domain: no value"
        );
        assert_eq!(eval("log10(exp10(3))")?, Value::Number(3.0));
        assert!(
            parse("substr('x')").is_err(),
            "substr takes 2 or 3 arguments"
        );
        assert!(parse("true(1)").is_err());
        struct AtNoon;
        impl Context for AtNoon {
            fn value(&self, _: &str) -> Value {
                Value::Empty
            }
            fn current(&self) -> Value {
                Value::Text("1984-05-17".into())
            }
            fn now_ms(&self) -> i64 {
                // 2026-12-07 12:00 UTC
                1_796_644_800_000
            }
        }
        let at_noon = |source: &str| parse(source).map(|e| evaluate(&e, &AtNoon));
        assert_eq!(at_noon("today()")?, text("2026-12-07"));
        assert_eq!(
            at_noon(". <= today()")?,
            Value::Bool(true),
            "born before today"
        );
        assert_eq!(
            at_noon("int((today() - .) div 365.25)")?,
            Value::Number(42.0)
        );
        assert_eq!(at_noon("now()")?, text("2026-12-07T12:00:00.000+00:00"));
        assert_eq!(
            at_noon("once(today())")?,
            text("1984-05-17"),
            "once keeps the value the item has"
        );
        assert_eq!(
            eval("once(concat('a', 'b'))")?,
            text("ab"),
            "once gives its argument to an item without a value"
        );
        let Value::Text(id) = eval("uuid()")? else {
            panic!("uuid() is text")
        };
        let groups: Vec<usize> = id.split('-').map(str::len).collect();
        assert_eq!(groups, [8, 4, 4, 4, 12], "{id}");
        assert_eq!(id.chars().nth(14), Some('4'), "version 4: {id}");
        assert_ne!(eval("uuid()")?, Value::Text(id), "random");
        assert_eq!(eval("string-length(uuid(10))")?, Value::Number(10.0));
        assert_eq!(
            eval("date-time(decimal-date-time('2026-12-07T10:30:00+01:00'))")?,
            text("2026-12-07T09:30:00.000+00:00")
        );
        Ok(())
    }

    #[test]
    fn arithmetic_operators() -> Result<(), ParseError> {
        assert_eq!(eval("2027 - 1990")?, Value::Number(37.0));
        assert_eq!(eval("1 + 2 * 3")?, Value::Number(7.0));
        assert_eq!(eval("(1 + 2) * 3")?, Value::Number(9.0));
        assert_eq!(eval("7 div 2")?, Value::Number(3.5));
        assert_eq!(eval("7 mod 3")?, Value::Number(1.0));
        assert_eq!(eval("-7 mod 3")?, Value::Number(-1.0));
        assert_eq!(eval("- - 4")?, Value::Number(4.0));
        assert_eq!(eval("10 - 4 - 3")?, Value::Number(3.0));
        assert_eq!(eval("'4' * '2.5'")?, Value::Number(10.0));
        Ok(())
    }

    #[test]
    fn undefined_arithmetic_is_empty() -> Result<(), ParseError> {
        assert_eq!(eval("1 div 0")?, Value::Empty);
        assert_eq!(eval("0 div 0")?, Value::Empty);
        assert_eq!(eval("5 mod 0")?, Value::Empty);
        assert_eq!(eval("2027 - ${missing}")?, Value::Empty);
        assert_eq!(eval("'abc' + 1")?, Value::Empty);
        Ok(())
    }

    #[test]
    fn comparison_operators() -> Result<(), ParseError> {
        for (source, expected) in [
            ("1 < 2", true),
            ("2 <= 2", true),
            ("3 > 2", true),
            ("2 >= 3", false),
            ("1 = 1", true),
            ("1 != 1", false),
            ("'10' > '9'", true),
            ("${missing} < 5", false),
            ("${missing} >= 0", false),
            ("'a' < 'b'", false),
            ("'2024-01-02' > '2024-01-01'", true),
            ("${missing} = ''", true),
            ("${missing} != ''", false),
            ("'' = ''", true),
            ("0 = ''", false),
        ] {
            assert_eq!(eval(source)?, Value::Bool(expected), "{source}");
        }
        Ok(())
    }

    #[test]
    fn logic_operators_and_not() -> Result<(), ParseError> {
        assert_eq!(eval("1 = 1 and 2 = 2")?, Value::Bool(true));
        assert_eq!(eval("1 = 1 and 2 = 3")?, Value::Bool(false));
        assert_eq!(eval("1 = 2 or 2 = 2")?, Value::Bool(true));
        assert_eq!(eval("0 or ''")?, Value::Bool(false));
        assert_eq!(eval("not(1 = 2)")?, Value::Bool(true));
        assert_eq!(eval("not('')")?, Value::Bool(true));
        assert_eq!(eval("not(0)")?, Value::Bool(true));
        assert_eq!(eval("not('0')")?, Value::Bool(false));
        // `or` binds looser than `and`.
        assert_eq!(eval("1 = 1 or 1 = 2 and 1 = 2")?, Value::Bool(true));
        Ok(())
    }

    #[test]
    fn functions() -> Result<(), ParseError> {
        let ctx = context(
            &[
                ("multi", list(&["petition", "party"])),
                ("word", text("hello")),
                ("name", text("Åsa")),
            ],
            Value::Empty,
        );
        let check = |source: &str, expected: Value| -> Result<(), ParseError> {
            assert_eq!(eval_in(source, &ctx)?, expected, "{source}");
            Ok(())
        };
        check("selected(${multi}, 'party')", Value::Bool(true))?;
        check("selected(${multi}, 'none')", Value::Bool(false))?;
        check("selected('a b', 'b')", Value::Bool(true))?;
        check("selected(${missing}, 'a')", Value::Bool(false))?;
        check("count-selected(${multi})", Value::Number(2.0))?;
        check("count-selected(${missing})", Value::Number(0.0))?;
        check("if(1 = 1, 'y', 'n')", text("y"))?;
        check("if(${missing}, 'y', 'n')", text("n"))?;
        check("string-length(${name})", Value::Number(3.0))?;
        check("string-length(${missing})", Value::Number(0.0))?;
        check("regex(${word}, 'h.*o')", Value::Bool(true))?;
        check("regex(${word}, 'ell')", Value::Bool(false))?;
        check("regex(${word}, '^hello$')", Value::Bool(true))?;
        check("regex('2024', '[0-9]{4}')", Value::Bool(true))?;
        check("regex('x', ${word})", Value::Bool(false))?;
        check("regex('x', concat('[', ''))", Value::Bool(false))?;
        check("coalesce(${missing}, 'fallback')", text("fallback"))?;
        check("coalesce(${word}, 'fallback')", text("hello"))?;
        check(
            "concat(${word}, ' ', 2027 - 1990, ${missing})",
            text("hello 37"),
        )?;
        check("concat(${multi})", text("petition party"))?;
        Ok(())
    }

    #[test]
    fn the_longest_accepted_expression_evaluates_without_exhausting_the_stack(
    ) -> Result<(), ParseError> {
        // 999 additions: 1,999 tokens, just under the lexer's limit, a left-deep tree.
        let source = "1+".repeat(999) + "1";
        assert_eq!(eval(&source)?, Value::Number(1000.0));
        Ok(())
    }

    #[test]
    fn dot_is_the_current_value() -> Result<(), ParseError> {
        let constraint = ". >= 1920 and . <= 2026";
        let year = |value: Value| eval_in(constraint, &context(&[], value));
        assert_eq!(year(Value::Number(1990.0))?, Value::Bool(true));
        assert_eq!(year(Value::Number(1900.0))?, Value::Bool(false));
        assert_eq!(year(text("2000"))?, Value::Bool(true));
        assert_eq!(year(Value::Empty)?, Value::Bool(false));
        Ok(())
    }

    #[test]
    fn demo_calculation_and_relevance() -> Result<(), ParseError> {
        let calculation = "if(${born_sweden} = 'no', 2027 - ${arrival_year}, '')";
        let born_abroad = context(
            &[
                ("born_sweden", text("no")),
                ("arrival_year", Value::Number(1990.0)),
            ],
            Value::Empty,
        );
        let years = eval_in(calculation, &born_abroad)?;
        assert_eq!(years, Value::Number(37.0));
        assert_eq!(years.to_text(), "37");
        let born_here = context(&[("born_sweden", text("yes"))], Value::Empty);
        assert_eq!(eval_in(calculation, &born_here)?, text(""));
        let no_year = context(&[("born_sweden", text("no"))], Value::Empty);
        assert_eq!(eval_in(calculation, &no_year)?, Value::Empty);

        let note = "${born_sweden} = 'no' and ${arrival_year} != ''";
        assert_eq!(eval_in(note, &born_abroad)?, Value::Bool(true));
        assert_eq!(eval_in(note, &no_year)?, Value::Bool(false));
        Ok(())
    }

    #[test]
    fn demo_participation_constraint() -> Result<(), ParseError> {
        let constraint = "not(selected(., 'none') and count-selected(.) > 1)";
        let accepts = |names: &[&str]| -> Result<bool, ParseError> {
            Ok(truthy(&eval_in(constraint, &context(&[], list(names)))?))
        };
        assert!(accepts(&["none"])?);
        assert!(accepts(&["petition", "party"])?);
        assert!(!accepts(&["none", "petition"])?);
        Ok(())
    }

    #[test]
    fn repeat_functions_parse_and_read_a_single_question_as_one_node() -> Result<(), ParseError> {
        let ctx = context(&[("age", Value::Number(40.0))], Value::Empty);
        // Outside an instance `position(..)` has no value; an unrolled repeat replaces it.
        assert_eq!(eval_in("position(..)", &ctx)?, Value::Empty);
        assert_eq!(eval_in("count(${age})", &ctx)?, Value::Number(1.0));
        assert_eq!(eval_in("sum(${age})", &ctx)?, Value::Number(40.0));
        assert_eq!(
            eval_in("indexed-repeat(${age}, ${age}, 1)", &ctx)?,
            Value::Number(40.0)
        );
        assert!(parse("count(${a}, ${b})").is_err());
        assert!(parse("indexed-repeat(${a}, 2)").is_err());
        Ok(())
    }
}
