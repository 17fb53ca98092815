//! What unrolling a form's repeats needs to know about each: how many instances it can have,
//! when an instance exists, and how an expression reads in a given instance. See
//! `repeat_unroll` for the pages.
//!
//! A scope is where an expression is evaluated: the instances it stands in, outermost first
//! (`[(members, 2), (jobs, 3)]` on the third job of the second member; empty outside every
//! repeat).

use super::compiled::{ExprField, FormExprError};
use super::repeat_prompt;
use crate::expr::{parse, BinaryOperator, Expr, Function, Instance};
use crate::form::instance_keys::{add_instance_key, path_key};
use crate::form::model::{Choice, Form, Texts, MAX_NESTED_INSTANCES, MAX_REPEAT_INSTANCES};
use std::collections::{BTreeMap, BTreeSet};

/// The instances an expression stands in: (repeat index, instance from 1), outermost first.
pub(super) type Scope = [(usize, u32)];

/// One repeat, ready to be unrolled.
pub(super) struct RepeatPlan {
    pub name: String,
    pub label: Texts,
    /// How many instances the form holds (in each instance of the repeat around it).
    pub max: u32,
    /// `repeat_count` (a loop's number of choices); none for a repeat the respondent adds to.
    pub count: Option<Expr>,
    /// A loop's choices, one per instance.
    pub over: Vec<Choice>,
    pub relevant: Option<Expr>,
    /// The names of its own items.
    pub items: BTreeSet<String>,
    /// The repeat it is inside.
    pub parent: Option<usize>,
}

pub(super) struct RepeatPlans {
    pub repeats: Vec<RepeatPlan>,
    /// Item name → its repeat's index.
    item_repeat: BTreeMap<String, usize>,
    /// The form's language codes and default, for the texts of loops.
    pub languages: Vec<String>,
    pub default_language: String,
}

impl RepeatPlans {
    pub fn new(form: &Form) -> Result<RepeatPlans, FormExprError> {
        let index_of = |name: &str| form.repeats.iter().position(|r| r.name == name);
        let mut item_repeat = BTreeMap::new();
        let mut own_items = vec![BTreeSet::new(); form.repeats.len()];
        for page in &form.pages {
            if let Some(repeat) = page.repeat.as_deref().and_then(index_of) {
                for item in &page.items {
                    item_repeat.insert(item.name.clone(), repeat);
                    own_items[repeat].insert(item.name.clone());
                }
            }
        }
        let parents: Vec<Option<usize>> = form
            .repeats
            .iter()
            .map(|repeat| repeat.within.as_deref().and_then(index_of))
            .collect();
        let known = crate::form::item_names(form);
        let mut plans = Vec::new();
        for (index, (repeat, items)) in form.repeats.iter().zip(own_items).enumerate() {
            // A repeat's count and condition are read in the instance of the repeat around it:
            // they may name that one's questions, not their own repeat's or a repeat's inside.
            let inside = |name: &str| {
                let repeat_of = item_repeat.get(name).copied().or_else(|| index_of(name));
                repeat_of.is_some_and(|r| is_within(&parents, r, index))
            };
            let parse_own = |source: &Option<String>, field| {
                own_expression(source.as_deref(), &repeat.name, field, &known, &inside)
            };
            let count = parse_own(&repeat.count, ExprField::RepeatCount)?;
            let relevant = parse_own(&repeat.relevant, ExprField::Relevant)?;
            let over: Vec<Choice> = repeat
                .over
                .as_ref()
                .and_then(|list| form.choice_lists.get(list))
                .cloned()
                .unwrap_or_default();
            let parent = parents[index];
            let most = if parent.is_some() {
                MAX_NESTED_INSTANCES
            } else {
                MAX_REPEAT_INSTANCES
            };
            let (count, max) = match (&repeat.over, &repeat.count, count) {
                (Some(_), _, _) => (
                    Some(Expr::Number(over.len() as f64)),
                    u32::try_from(over.len()).unwrap_or(u32::MAX),
                ),
                (None, Some(_), Some(Expr::Number(number))) if number.is_finite() => (
                    Some(Expr::Number(number)),
                    number.floor().clamp(0.0, f64::from(most)) as u32,
                ),
                (None, Some(_), count) => (Some(count.unwrap_or(Expr::Number(0.0))), most),
                (None, None, _) => (None, most),
            };
            plans.push(RepeatPlan {
                name: repeat.name.clone(),
                label: repeat.label.clone(),
                max,
                count,
                over,
                relevant,
                items,
                parent,
            });
        }
        Ok(RepeatPlans {
            repeats: plans,
            item_repeat,
            languages: form.languages.iter().map(|l| l.code.clone()).collect(),
            default_language: form.default_language.clone(),
        })
    }

    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.repeats.iter().position(|plan| plan.name == name)
    }

    /// `repeat` and the repeats around it, outermost first.
    pub fn chain(&self, repeat: usize) -> Vec<usize> {
        let mut chain = vec![repeat];
        while let Some(parent) = chain.last().and_then(|&r| self.repeats[r].parent) {
            chain.push(parent);
        }
        chain.reverse();
        chain
    }

    /// What makes instance `path` of `repeat` (its last number) exist in the instance of the
    /// repeat around it, besides the repeat's `relevant`: within the count, or added.
    pub fn instance_condition(&self, repeat: usize, path: &[u32]) -> Option<Expr> {
        let plan = &self.repeats[repeat];
        let instance = *path.last()?;
        let parent_scope = self.scope_of(&self.chain(repeat), &path[..path.len() - 1]);
        match &plan.count {
            Some(count) => Some(binary(
                BinaryOperator::LessOrEqual,
                Expr::Number(f64::from(instance)),
                self.rewrite(count, &parent_scope),
            )),
            None if instance <= 1 => None,
            None => Some(binary(
                BinaryOperator::Equal,
                Expr::Reference(add_instance_key(&plan.name, path)),
                Expr::Text(repeat_prompt::YES.to_string()),
            )),
        }
    }

    /// Whether instance `path` of `repeat` exists, the instances around it included.
    pub fn instance_exists(&self, repeat: usize, path: &[u32]) -> Expr {
        let chain = self.chain(repeat);
        self.levels_exist(&chain, path, 0)
    }

    /// Whether the instances of `path` exist at the levels of `chain` from `from` on.
    fn levels_exist(&self, chain: &[usize], path: &[u32], from: usize) -> Expr {
        let mut conditions = Vec::new();
        for depth in from..chain.len().min(path.len()) {
            let repeat = chain[depth];
            let parent_scope = self.scope_of(chain, &path[..depth]);
            let relevant = self.repeats[repeat]
                .relevant
                .as_ref()
                .map(|relevant| self.rewrite(relevant, &parent_scope));
            conditions.extend(relevant);
            conditions.extend(self.instance_condition(repeat, &path[..=depth]));
        }
        conditions
            .into_iter()
            .reduce(|a, b| binary(BinaryOperator::And, a, b))
            .unwrap_or(Expr::Call {
                function: Function::True,
                arguments: Vec::new(),
            })
    }

    /// The scope of `path` along `chain`.
    pub fn scope_of(&self, chain: &[usize], path: &[u32]) -> Vec<(usize, u32)> {
        chain.iter().copied().zip(path.iter().copied()).collect()
    }

    /// The values of `repeat`'s instances seen from `scope`: the one value when `scope` stands
    /// in one instance at every level, else a node-set of every instance at the levels it
    /// does not (each with whether it exists).
    fn nodes(&self, repeat: usize, scope: &Scope, value: &dyn Fn(&[u32]) -> Expr) -> Expr {
        let chain = self.chain(repeat);
        let bound: Vec<u32> = chain
            .iter()
            .zip(scope)
            .take_while(|(level, (in_scope, _))| *level == in_scope)
            .map(|(_, (_, instance))| *instance)
            .collect();
        if bound.len() == chain.len() {
            return value(&bound);
        }
        let mut instances = Vec::new();
        self.each_path(&chain, bound.clone(), &mut |path| {
            instances.push(Instance {
                exists: self.levels_exist(&chain, path, bound.len()),
                value: value(path),
            });
        });
        Expr::Instances(instances)
    }

    /// Calls `each` with every path of instances along `chain` that starts with `prefix`.
    fn each_path(&self, chain: &[usize], prefix: Vec<u32>, each: &mut dyn FnMut(&[u32])) {
        let Some(&level) = chain.get(prefix.len()) else {
            return each(&prefix);
        };
        for instance in 1..=self.repeats[level].max {
            let mut path = prefix.clone();
            path.push(instance);
            self.each_path(chain, path, each);
        }
    }

    /// `expr` as evaluated in `scope`.
    pub fn rewrite(&self, expr: &Expr, scope: &Scope) -> Expr {
        expr.rewritten(&|node| match node {
            Expr::Reference(name) => match self.item_repeat.get(name) {
                Some(&repeat) => {
                    Some(self.nodes(repeat, scope, &|path| Expr::Reference(path_key(name, path))))
                }
                None => self.index_of(name).map(|repeat| {
                    self.nodes(repeat, scope, &|path| {
                        Expr::Number(path.last().map_or(0.0, |&i| f64::from(i)))
                    })
                }),
            },
            Expr::Call {
                function: Function::Position,
                ..
            } => scope
                .last()
                .map(|&(_, instance)| Expr::Number(f64::from(instance))),
            _ => None,
        })
    }

    pub fn rewrite_option(&self, expr: &Option<Expr>, scope: &Scope) -> Option<Expr> {
        expr.as_ref().map(|expr| self.rewrite(expr, scope))
    }

    /// `texts` with `${q}` of the repeats of `scope` made the key of their instance, so a
    /// label shows the answer of its own instance; a loop's `%(label)s` and `%(name)s` its
    /// choice's.
    pub fn pipe(&self, texts: &Texts, scope: &Scope) -> Texts {
        texts
            .iter()
            .map(|(code, text)| {
                if !text.contains("${") && !text.contains("%(") {
                    return (code.clone(), text.clone());
                }
                let mut piped = text.clone();
                for depth in 0..scope.len() {
                    let (repeat, _) = scope[depth];
                    let path: Vec<u32> = scope[..=depth].iter().map(|(_, i)| *i).collect();
                    for name in &self.repeats[repeat].items {
                        let reference = format!("${{{name}}}");
                        if piped.contains(&reference) {
                            let key = path_key(name, &path);
                            piped = piped.replace(&reference, &format!("${{{key}}}"));
                        }
                    }
                }
                if let Some(choice) = self.loop_choice(scope) {
                    let label = self.choice_text(choice, code);
                    piped = piped
                        .replace("%(label)s", label)
                        .replace("%(name)s", &choice.name);
                }
                (code.clone(), piped)
            })
            .collect()
    }

    /// The choice of the innermost instance of `scope`, when its repeat is a loop.
    pub fn loop_choice(&self, scope: &Scope) -> Option<&Choice> {
        let &(repeat, instance) = scope.last()?;
        let index = usize::try_from(instance).ok()?.checked_sub(1)?;
        self.repeats[repeat].over.get(index)
    }

    /// A choice's label in `code`, else in the default language, else its name.
    pub fn choice_text<'c>(&self, choice: &'c Choice, code: &str) -> &'c str {
        choice
            .label
            .get(code)
            .or_else(|| choice.label.get(&self.default_language))
            .filter(|label| !label.is_empty())
            .map_or(choice.name.as_str(), String::as_str)
    }
}

/// Whether repeat `repeat` is `outer` or inside it.
fn is_within(parents: &[Option<usize>], repeat: usize, outer: usize) -> bool {
    let mut current = Some(repeat);
    while let Some(r) = current {
        if r == outer {
            return true;
        }
        current = parents.get(r).copied().flatten();
    }
    false
}

/// Parses a repeat's own expression (its count or condition): it may name no question asked
/// inside the repeat.
fn own_expression(
    source: Option<&str>,
    repeat: &str,
    field: ExprField,
    known: &BTreeSet<String>,
    inside: &dyn Fn(&str) -> bool,
) -> Result<Option<Expr>, FormExprError> {
    let Some(source) = source.filter(|s| !s.trim().is_empty()) else {
        return Ok(None);
    };
    let expr = parse(source).map_err(|error| FormExprError::Parse {
        page: repeat.to_string(),
        item: None,
        field,
        expression: source.to_string(),
        error,
    })?;
    for name in expr.references() {
        if !known.contains(&name) {
            return Err(FormExprError::UnknownName {
                page: repeat.to_string(),
                item: None,
                field,
                name,
            });
        }
        if inside(&name) {
            return Err(FormExprError::InsideRepeat {
                repeat: repeat.to_string(),
                field,
                name,
            });
        }
    }
    Ok(Some(expr))
}

pub(super) fn binary(operator: BinaryOperator, left: Expr, right: Expr) -> Expr {
    Expr::Binary {
        operator,
        left: Box::new(left),
        right: Box::new(right),
    }
}

/// `a and b`, either possibly absent.
pub(super) fn both(a: Option<Expr>, b: Option<Expr>) -> Option<Expr> {
    match (a, b) {
        (Some(a), Some(b)) => Some(binary(BinaryOperator::And, a, b)),
        (a, b) => a.or(b),
    }
}
