//! Partial evaluation: an expression with the answers it reads put in as literals. A
//! `choice_filter` is evaluated once per choice of a list (290 municipalities), but its
//! `${county}` is the same for every choice: binding it first reads the answer once.

use super::ast::Expr;
use super::eval::{evaluate, Context};
use super::value::Value;

/// `expr` with each `${name}` whose value in `context` is a number or a text replaced by that
/// literal; any other value (none, a list, a node-set) is left to be read when evaluated.
pub fn bind_references(expr: &Expr, context: &dyn Context) -> Expr {
    expr.rewritten(&|node| match node {
        Expr::Reference(_) => match evaluate(node, context) {
            Value::Number(number) => Some(Expr::Number(number)),
            Value::Text(text) => Some(Expr::Text(text)),
            _ => None,
        },
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::{parse_choice_filter, truthy, ParseError};

    struct Answers;

    impl Context for Answers {
        fn value(&self, name: &str) -> Value {
            match name {
                "county" => Value::Text("c01".into()),
                "size" => Value::Number(3.0),
                "many" => Value::List(vec!["a".into(), "b".into()]),
                _ => Value::Empty,
            }
        }

        fn current(&self) -> Value {
            Value::Empty
        }
    }

    #[test]
    fn texts_and_numbers_are_bound_other_values_left_to_read() -> Result<(), ParseError> {
        let filter = parse_choice_filter(
            "county = ${county} and ${size} > 2 and selected(${many}, name) or ${none} = ''",
        )?;
        let bound = bind_references(&filter, &Answers);
        let references = bound.references();
        assert!(!references.contains("county") && !references.contains("size"));
        assert!(references.contains("many") && references.contains("none"));
        // The bound expression means the same.
        assert_eq!(
            truthy(&evaluate(&bound, &Answers)),
            truthy(&evaluate(&filter, &Answers))
        );
        Ok(())
    }
}
