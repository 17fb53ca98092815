//! Repeat groups made ready for answering. Each page of a repeat is copied once per instance
//! the form can hold (its `repeat_count` when that is a number, a loop's number of choices,
//! else [`MAX_REPEAT_INSTANCES`]), with its id and its items' names ending in `~N`
//! ([`instance_key`]). Every other part of answering (pages, saves, resume, review, the JSON
//! API) then works on plain pages and answers, as the server pages need without JavaScript.
//!
//! The copies' expressions are rewritten for their instance, as ODK reads them:
//! - inside instance N, `${q}` of the same repeat is `${q~N}` and `position(..)` is N;
//! - elsewhere, `${q}` of a repeat is its value in every instance that exists (a node-set for
//!   `count`, `sum`, `max`, `min`, `join`, `indexed-repeat`), and `${repeat}` the instances;
//! - instance N exists while the repeat's `relevant` holds and N is within its count, or, for
//!   a repeat without one, instance 1 always and instance N once the respondent answered yes
//!   to "add another?" after instance N−1 (a page Svar adds, [`add_instance_key`]);
//! - a loop (`begin loop over LIST`) is a repeat with one instance per choice, whose texts
//!   name the choice (`%(label)s`, `%(name)s`) and whose pages are titled with it.
//!
//! Answers of instances that no longer exist are dropped like any answer that stops applying.

use super::compiled::{ExprField, FormExprError, ItemExprs, PageExprs};
use super::repeat_prompt;
use crate::expr::{parse, BinaryOperator, Expr, Function, Instance};
use crate::form::instance_keys::{add_instance_key, instance_key};
use crate::form::model::{Choice, Form, Item, ItemKind, Page, Texts, MAX_REPEAT_INSTANCES};
use std::collections::{BTreeMap, BTreeSet};

/// The choice list of the "add another?" questions.
const ADD_LIST: &str = "~add";

/// The form with every repeat's pages copied per instance, and their expressions; `exprs` are
/// those of `form`'s pages as authored.
pub(super) fn unroll(
    form: Form,
    exprs: Vec<PageExprs>,
) -> Result<(Form, Vec<PageExprs>), FormExprError> {
    if form.repeats.is_empty() {
        return Ok((form, exprs));
    }
    let plans = RepeatPlans::new(&form)?;
    let authored: Vec<(Page, PageExprs)> = form.pages.iter().cloned().zip(exprs).collect();
    let mut unrolled = Unrolled::default();
    let mut index = 0;
    while let Some((page, page_exprs)) = authored.get(index) {
        let Some(repeat) = page.repeat.as_deref().and_then(|name| plans.index_of(name)) else {
            unrolled.push(page.clone(), plans.rewrite_page(page_exprs, None));
            index += 1;
            continue;
        };
        let run_end = authored[index..]
            .iter()
            .position(|(other, _)| other.repeat != page.repeat)
            .map_or(authored.len(), |length| index + length);
        let plan = &plans.repeats[repeat];
        for instance in 1..=plan.max {
            if plan.count.is_none() && instance >= 2 {
                let (page, page_exprs) = plans.add_page(&form, repeat, instance);
                unrolled.push(page, page_exprs);
            }
            for (page, page_exprs) in &authored[index..run_end] {
                let (page, page_exprs) = plans.instance_page(repeat, instance, page, page_exprs);
                unrolled.push(page, page_exprs);
            }
        }
        index = run_end;
    }
    let any_added = plans.repeats.iter().any(|plan| plan.count.is_none());
    let mut form = form;
    if any_added {
        form.choice_lists
            .insert(ADD_LIST.to_string(), repeat_prompt::yes_no(&form));
    }
    form.pages = unrolled.pages;
    Ok((form, unrolled.exprs))
}

#[derive(Default)]
struct Unrolled {
    pages: Vec<Page>,
    exprs: Vec<PageExprs>,
}

impl Unrolled {
    fn push(&mut self, page: Page, exprs: PageExprs) {
        self.pages.push(page);
        self.exprs.push(exprs);
    }
}

/// One repeat, ready to be unrolled.
struct RepeatPlan {
    name: String,
    label: Texts,
    /// How many instances the form holds.
    max: u32,
    /// `repeat_count`; none for a repeat the respondent adds to.
    count: Option<Expr>,
    /// A loop's choices, one per instance.
    over: Vec<Choice>,
    relevant: Option<Expr>,
    /// The names of its items.
    items: BTreeSet<String>,
}

struct RepeatPlans {
    repeats: Vec<RepeatPlan>,
    /// The form's language codes and default, for the texts of loops.
    languages: Vec<String>,
    default_language: String,
    /// Item name → its repeat's index.
    item_repeat: BTreeMap<String, usize>,
}

impl RepeatPlans {
    fn new(form: &Form) -> Result<RepeatPlans, FormExprError> {
        let mut item_repeat = BTreeMap::new();
        let mut repeats = Vec::new();
        for (index, repeat) in form.repeats.iter().enumerate() {
            let items: BTreeSet<String> = form
                .pages
                .iter()
                .filter(|page| page.repeat.as_deref() == Some(repeat.name.as_str()))
                .flat_map(|page| page.items.iter().map(|item| item.name.clone()))
                .collect();
            for item in &items {
                item_repeat.insert(item.clone(), index);
            }
            repeats.push((repeat, items));
        }
        let outside = |name: &str| {
            !item_repeat.contains_key(name) && !form.repeats.iter().any(|r| r.name == name)
        };
        let known = crate::form::item_names(form);
        let plans = repeats
            .into_iter()
            .map(|(repeat, items)| {
                let parse_outside = |source: &Option<String>, field| {
                    outside_expression(source.as_deref(), &repeat.name, field, &known, &outside)
                };
                let count = parse_outside(&repeat.count, ExprField::RepeatCount)?;
                let relevant = parse_outside(&repeat.relevant, ExprField::Relevant)?;
                let over: Vec<Choice> = repeat
                    .over
                    .as_ref()
                    .and_then(|list| form.choice_lists.get(list))
                    .cloned()
                    .unwrap_or_default();
                let count = match (&repeat.over, &repeat.count) {
                    (Some(_), _) => Some(Expr::Number(over.len() as f64)),
                    (None, Some(_)) => Some(count.unwrap_or(Expr::Number(0.0))),
                    (None, None) => None,
                };
                let max = match &count {
                    Some(Expr::Number(_)) if repeat.over.is_some() => {
                        u32::try_from(over.len()).unwrap_or(u32::MAX)
                    }
                    Some(Expr::Number(number)) if number.is_finite() => {
                        number.floor().clamp(0.0, f64::from(MAX_REPEAT_INSTANCES)) as u32
                    }
                    _ => MAX_REPEAT_INSTANCES,
                };
                Ok(RepeatPlan {
                    name: repeat.name.clone(),
                    label: repeat.label.clone(),
                    max,
                    count,
                    over,
                    relevant,
                    items,
                })
            })
            .collect::<Result<Vec<_>, FormExprError>>()?;
        Ok(RepeatPlans {
            repeats: plans,
            item_repeat,
            languages: form.languages.iter().map(|l| l.code.clone()).collect(),
            default_language: form.default_language.clone(),
        })
    }

    fn index_of(&self, name: &str) -> Option<usize> {
        self.repeats.iter().position(|plan| plan.name == name)
    }

    /// What makes instance `instance` of repeat `repeat` exist besides the repeat's
    /// `relevant` (already part of its pages' own): within the count, or added.
    fn instance_condition(&self, repeat: usize, instance: u32) -> Option<Expr> {
        let plan = &self.repeats[repeat];
        match &plan.count {
            Some(count) => Some(binary(
                BinaryOperator::LessOrEqual,
                Expr::Number(f64::from(instance)),
                count.clone(),
            )),
            None if instance <= 1 => None,
            None => Some(binary(
                BinaryOperator::Equal,
                Expr::Reference(add_instance_key(&plan.name, instance)),
                Expr::Text(repeat_prompt::YES.to_string()),
            )),
        }
    }

    /// Whether instance `instance` of repeat `repeat` exists.
    fn instance_exists(&self, repeat: usize, instance: u32) -> Expr {
        let relevant = self.repeats[repeat].relevant.clone();
        both(relevant, self.instance_condition(repeat, instance)).unwrap_or(Expr::Call {
            function: Function::True,
            arguments: Vec::new(),
        })
    }

    /// Every instance of repeat `repeat`, each with `value(instance)`.
    fn instances(&self, repeat: usize, value: impl Fn(u32) -> Expr) -> Expr {
        Expr::Instances(
            (1..=self.repeats[repeat].max)
                .map(|instance| Instance {
                    exists: self.instance_exists(repeat, instance),
                    value: value(instance),
                })
                .collect(),
        )
    }

    /// `expr` as evaluated in `scope` (a repeat and instance), or outside every repeat.
    fn rewrite(&self, expr: &Expr, scope: Option<(usize, u32)>) -> Expr {
        expr.rewritten(&|node| match node {
            Expr::Reference(name) => match (self.item_repeat.get(name), scope) {
                (Some(&repeat), Some((current, instance))) if current == repeat => {
                    Some(Expr::Reference(instance_key(name, instance)))
                }
                (Some(&repeat), _) => Some(self.instances(repeat, |instance| {
                    Expr::Reference(instance_key(name, instance))
                })),
                (None, _) => self.index_of(name).map(|repeat| {
                    self.instances(repeat, |instance| Expr::Number(f64::from(instance)))
                }),
            },
            Expr::Call {
                function: Function::Position,
                ..
            } => scope.map(|(_, instance)| Expr::Number(f64::from(instance))),
            _ => None,
        })
    }

    fn rewrite_option(&self, expr: &Option<Expr>, scope: Option<(usize, u32)>) -> Option<Expr> {
        expr.as_ref().map(|expr| self.rewrite(expr, scope))
    }

    fn rewrite_page(&self, exprs: &PageExprs, scope: Option<(usize, u32)>) -> PageExprs {
        PageExprs {
            relevant: self.rewrite_option(&exprs.relevant, scope),
            items: exprs
                .items
                .iter()
                .map(|item| ItemExprs {
                    relevant: self.rewrite_option(&item.relevant, scope),
                    constraint: self.rewrite_option(&item.constraint, scope),
                    calculation: self.rewrite_option(&item.calculation, scope),
                    choice_filter: self.rewrite_option(&item.choice_filter, scope),
                    required_when: self.rewrite_option(&item.required_when, scope),
                    randomize_seed: self.rewrite_option(&item.randomize_seed, scope),
                })
                .collect(),
        }
    }

    /// Page `page` of repeat `repeat` as instance `instance` asks it.
    fn instance_page(
        &self,
        repeat: usize,
        instance: u32,
        page: &Page,
        exprs: &PageExprs,
    ) -> (Page, PageExprs) {
        let plan = &self.repeats[repeat];
        let choice = usize::try_from(instance - 1)
            .ok()
            .and_then(|index| plan.over.get(index));
        let pipe = |texts: &Texts| {
            let piped = pipe_instance(texts, &plan.items, instance);
            match choice {
                Some(choice) => with_choice(&piped, choice, self.default_language.as_str()),
                None => piped,
            }
        };
        let mut copy = page.clone();
        copy.id = instance_key(&page.id, instance);
        copy.instance = Some(instance);
        let title = if page.title.is_empty() {
            &plan.label
        } else {
            &page.title
        };
        copy.title = match choice {
            // A loop's page is named after its choice: "Toilets: Bucket system".
            Some(choice) => self
                .languages
                .iter()
                .map(|code| {
                    let label = choice_text(choice, code, &self.default_language);
                    let text = match title
                        .get(code)
                        .or_else(|| title.get(&self.default_language))
                    {
                        Some(base) if !base.is_empty() => format!("{base}: {label}"),
                        _ => label.to_string(),
                    };
                    (code.clone(), text)
                })
                .collect(),
            None => pipe(title)
                .into_iter()
                .map(|(code, text)| (code, format!("{text} {instance}")))
                .collect(),
        };
        for item in &mut copy.items {
            item.name = instance_key(&item.name, instance);
            item.label = pipe(&item.label);
            item.hint = pipe(&item.hint);
            item.constraint_message = pipe(&item.constraint_message);
            item.required_message = pipe(&item.required_message);
        }
        let mut copy_exprs = self.rewrite_page(exprs, Some((repeat, instance)));
        copy_exprs.relevant = both(
            copy_exprs.relevant,
            self.instance_condition(repeat, instance),
        );
        (copy, copy_exprs)
    }

    /// The page asking whether repeat `repeat` gets instance `instance`, shown after the one
    /// before it.
    fn add_page(&self, form: &Form, repeat: usize, instance: u32) -> (Page, PageExprs) {
        let plan = &self.repeats[repeat];
        let key = add_instance_key(&plan.name, instance);
        let item = Item {
            choice_list: Some(ADD_LIST.to_string()),
            label: repeat_prompt::add_question(form, &plan.name, &plan.label),
            required: true,
            ..Item::new(&key, ItemKind::SelectOne)
        };
        let page = Page {
            id: key,
            title: Texts::new(),
            relevant: None,
            items: vec![item],
            repeat: Some(plan.name.clone()),
            instance: Some(instance),
        };
        let exprs = PageExprs {
            relevant: Some(self.instance_exists(repeat, instance - 1)),
            items: vec![ItemExprs::default()],
        };
        (page, exprs)
    }
}

/// Parses a repeat's own expression, which is evaluated outside its instances: it may name
/// no question asked in a repeat.
fn outside_expression(
    source: Option<&str>,
    repeat: &str,
    field: ExprField,
    known: &BTreeSet<String>,
    outside: &dyn Fn(&str) -> bool,
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
        if !outside(&name) {
            return Err(FormExprError::InsideRepeat {
                repeat: repeat.to_string(),
                field,
                name,
            });
        }
    }
    Ok(Some(expr))
}

/// `${q}` of the repeat's own questions in `texts` made `${q~N}`, so a label shows the
/// answer of its own instance.
fn pipe_instance(texts: &Texts, items: &BTreeSet<String>, instance: u32) -> Texts {
    texts
        .iter()
        .map(|(code, text)| {
            let mut piped = text.clone();
            for name in items {
                let reference = format!("${{{name}}}");
                if piped.contains(&reference) {
                    piped = piped.replace(
                        &reference,
                        &format!("${{{}}}", instance_key(name, instance)),
                    );
                }
            }
            (code.clone(), piped)
        })
        .collect()
}

/// A loop's texts for one choice: `%(label)s` its label in the text's language, `%(name)s`
/// its name (pyxform's placeholders).
fn with_choice(texts: &Texts, choice: &Choice, default_language: &str) -> Texts {
    texts
        .iter()
        .map(|(code, text)| {
            let label = choice_text(choice, code, default_language);
            let text = text
                .replace("%(label)s", label)
                .replace("%(name)s", &choice.name);
            (code.clone(), text)
        })
        .collect()
}

/// A choice's label in `code`, else in the default language, else its name.
fn choice_text<'c>(choice: &'c Choice, code: &str, default_language: &str) -> &'c str {
    choice
        .label
        .get(code)
        .or_else(|| choice.label.get(default_language))
        .filter(|label| !label.is_empty())
        .map_or(choice.name.as_str(), String::as_str)
}

fn binary(operator: BinaryOperator, left: Expr, right: Expr) -> Expr {
    Expr::Binary {
        operator,
        left: Box::new(left),
        right: Box::new(right),
    }
}

/// `a and b`, either possibly absent.
fn both(a: Option<Expr>, b: Option<Expr>) -> Option<Expr> {
    match (a, b) {
        (Some(a), Some(b)) => Some(binary(BinaryOperator::And, a, b)),
        (a, b) => a.or(b),
    }
}
