//! The parsed form of an expression. A questionnaire's expressions are parsed once when the
//! form is loaded; the tree is then evaluated for every answer set, and inspected for the
//! names it refers to (so an import can reject `${typo}`).

use super::functions::Function;
use std::collections::BTreeSet;

/// A parsed expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A number literal: `2027`, `0.5`.
    Number(f64),
    /// A string literal: `'no'`, `"yes"`.
    Text(String),
    /// `${name}`: the answer to another item.
    Reference(String),
    /// `.`: the value of the item the expression belongs to.
    Current,
    /// `..`: the group around the item (only `position(..)` makes use of it).
    Parent,
    /// A question of a repeat read from outside one instance: one entry per instance the
    /// form can hold. Never parsed; made when a repeat is unrolled (`crate::response`).
    Instances(Vec<Instance>),
    /// A bare name in a `choice_filter`: that column of the choice being filtered.
    ChoiceColumn(String),
    /// Unary minus.
    Negate(Box<Expr>),
    Binary {
        operator: BinaryOperator,
        left: Box<Expr>,
        right: Box<Expr>,
    },
    Call {
        function: Function,
        arguments: Vec<Expr>,
    },
}

/// One instance of a repeat as an [`Expr::Instances`] sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Instance {
    /// Holds when the instance exists (within the repeat's count, or added).
    pub exists: Expr,
    /// The question's value in the instance.
    pub value: Expr,
}

/// The infix operators, loosest first as XPath binds them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BinaryOperator {
    Or,
    And,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Add,
    Subtract,
    Multiply,
    /// `div`
    Divide,
    /// `mod`
    Modulo,
}

impl Expr {
    /// The item names the expression refers to as `${name}`.
    pub fn references(&self) -> BTreeSet<String> {
        self.names(|expr| match expr {
            Expr::Reference(name) => Some(name),
            _ => None,
        })
    }

    /// The choice columns a `choice_filter` names.
    pub fn choice_columns(&self) -> BTreeSet<String> {
        self.names(|expr| match expr {
            Expr::ChoiceColumn(name) => Some(name),
            _ => None,
        })
    }

    /// Every name `pick` finds in a node of the expression, once.
    fn names(&self, pick: fn(&Expr) -> Option<&String>) -> BTreeSet<String> {
        let mut names = BTreeSet::new();
        self.visit(&mut |expr| names.extend(pick(expr).cloned()));
        names
    }

    /// Whether the expression uses `.` (the item's own value).
    pub fn uses_dot(&self) -> bool {
        let mut found = false;
        self.visit(&mut |expr| found |= matches!(expr, Expr::Current));
        found
    }

    /// A copy of the expression in which every node `replace` gives a replacement for is
    /// replaced (its own nodes not visited further); every other node is copied as it is.
    pub fn rewritten(&self, replace: &dyn Fn(&Expr) -> Option<Expr>) -> Expr {
        if let Some(replacement) = replace(self) {
            return replacement;
        }
        match self {
            Expr::Negate(operand) => Expr::Negate(Box::new(operand.rewritten(replace))),
            Expr::Binary {
                operator,
                left,
                right,
            } => Expr::Binary {
                operator: *operator,
                left: Box::new(left.rewritten(replace)),
                right: Box::new(right.rewritten(replace)),
            },
            Expr::Call {
                function,
                arguments,
            } => Expr::Call {
                function: *function,
                arguments: arguments.iter().map(|a| a.rewritten(replace)).collect(),
            },
            Expr::Instances(instances) => Expr::Instances(
                instances
                    .iter()
                    .map(|instance| Instance {
                        exists: instance.exists.rewritten(replace),
                        value: instance.value.rewritten(replace),
                    })
                    .collect(),
            ),
            Expr::Number(_)
            | Expr::Text(_)
            | Expr::Reference(_)
            | Expr::Current
            | Expr::Parent
            | Expr::ChoiceColumn(_) => self.clone(),
        }
    }

    /// Calls `action` on this node and every node below it.
    fn visit(&self, action: &mut dyn FnMut(&Expr)) {
        action(self);
        match self {
            Expr::Number(_)
            | Expr::Text(_)
            | Expr::Reference(_)
            | Expr::Current
            | Expr::Parent
            | Expr::ChoiceColumn(_) => {}
            Expr::Instances(instances) => {
                for instance in instances {
                    instance.exists.visit(action);
                    instance.value.visit(action);
                }
            }
            Expr::Negate(operand) => operand.visit(action),
            Expr::Binary { left, right, .. } => {
                left.visit(action);
                right.visit(action);
            }
            Expr::Call { arguments, .. } => {
                for argument in arguments {
                    argument.visit(action);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::expr::parse;

    #[test]
    fn references_lists_every_name_once() -> Result<(), crate::expr::ParseError> {
        let expr = parse("if(${born_sweden} = 'no', 2027 - ${arrival_year}, ${born_sweden})")?;
        let names: Vec<String> = expr.references().into_iter().collect();
        assert_eq!(names, vec!["arrival_year", "born_sweden"]);
        assert!(!expr.uses_dot());
        Ok(())
    }

    #[test]
    fn uses_dot_finds_nested_dot() -> Result<(), crate::expr::ParseError> {
        assert!(parse("not(selected(., 'none') and count-selected(.) > 1)")?.uses_dot());
        assert!(parse("-(.)")?.uses_dot());
        assert!(!parse("'.'")?.uses_dot());
        assert!(parse("'x'")?.references().is_empty());
        Ok(())
    }
}
