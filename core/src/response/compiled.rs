//! A questionnaire ready for answering: the [`Form`] plus every `relevant`, `constraint` and
//! `calculation` parsed once, so that a broken or dangling expression is refused when the form
//! is loaded rather than when a respondent reaches it.

use super::repeat_plan::RepeatPlans;
use super::repeat_unroll::unroll;
use crate::expr::{parse, parse_choice_filter, Expr, ParseError};
use crate::form::model::{Form, Item, Page};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// Which expression of an item or page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExprField {
    Relevant,
    Constraint,
    Calculation,
    ChoiceFilter,
    RequiredWhen,
    RandomizeSeed,
    RepeatCount,
}

impl fmt::Display for ExprField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ExprField::Relevant => "relevant",
            ExprField::Constraint => "constraint",
            ExprField::Calculation => "calculation",
            ExprField::ChoiceFilter => "choice_filter",
            ExprField::RequiredWhen => "required",
            ExprField::RandomizeSeed => "seed",
            ExprField::RepeatCount => "repeat_count",
        })
    }
}

/// An expression of the form that cannot be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FormExprError {
    /// The expression does not parse.
    #[error("{field} of {} on page '{page}' does not parse: {error}", item_label(.item))]
    Parse {
        page: String,
        /// None for the page's (group's) own `relevant`.
        item: Option<String>,
        field: ExprField,
        expression: String,
        #[source]
        error: ParseError,
    },
    /// The expression refers to `${name}` but the form has no item of that name.
    #[error("{field} of {} on page '{page}' refers to ${{{name}}}, which is not an item of the form", item_label(.item))]
    UnknownName {
        page: String,
        item: Option<String>,
        field: ExprField,
        name: String,
    },
    /// A repeat's own expression (its count or condition) names a question asked inside a
    /// repeat, which has no one value there.
    #[error("{field} of repeat '{repeat}' refers to ${{{name}}}, which is asked inside a repeat")]
    InsideRepeat {
        repeat: String,
        field: ExprField,
        name: String,
    },
}

fn item_label(item: &Option<String>) -> String {
    match item {
        Some(name) => format!("item '{name}'"),
        None => "the group".to_owned(),
    }
}

/// The parsed expressions of one item.
#[derive(Debug, Clone, Default)]
pub(super) struct ItemExprs {
    pub relevant: Option<Expr>,
    pub constraint: Option<Expr>,
    pub calculation: Option<Expr>,
    pub choice_filter: Option<Expr>,
    pub required_when: Option<Expr>,
    pub randomize_seed: Option<Expr>,
}

/// The parsed expressions of one page.
#[derive(Debug, Clone, Default)]
pub(super) struct PageExprs {
    pub relevant: Option<Expr>,
    pub items: Vec<ItemExprs>,
}

/// A form whose expressions are parsed; the methods of `crate::response` hang off it.
/// Immutable, `Send + Sync`: load once per questionnaire version and share.
#[derive(Debug, Clone)]
pub struct CompiledForm {
    pub(super) form: Form,
    pub(super) pages: Vec<PageExprs>,
    /// Item name → (page index, item index), first occurrence.
    pub(super) positions: BTreeMap<String, (usize, usize)>,
}

impl CompiledForm {
    /// Parses every expression of `form` and checks that each `${name}` names an item.
    ///
    /// A repeat's pages are copied once per instance (`repeat_unroll`): the form it holds
    /// then has them as plain pages.
    pub fn new(form: Form) -> Result<CompiledForm, FormExprError> {
        let pages = compile_pages(&form)?;
        let (form, pages) = unroll(form, pages)?;
        let mut positions = BTreeMap::new();
        for (page_index, page) in form.pages.iter().enumerate() {
            for (item_index, item) in page.items.iter().enumerate() {
                positions
                    .entry(item.name.clone())
                    .or_insert((page_index, item_index));
            }
        }
        Ok(CompiledForm {
            form,
            pages,
            positions,
        })
    }

    /// What only unrolling `form`'s repeats would refuse it for (a repeat's count or condition
    /// that cannot be read), without building the pages: for an import, which checks every
    /// other expression itself, to refuse a form that could not be answered.
    pub fn check_repeats(form: &Form) -> Result<(), FormExprError> {
        RepeatPlans::new(form).map(drop)
    }

    /// The questionnaire as loaded.
    pub fn form(&self) -> &Form {
        &self.form
    }

    /// Where item `name` is: (page index, item index on that page).
    pub fn item_position(&self, name: &str) -> Option<(usize, usize)> {
        self.positions.get(name).copied()
    }

    /// The items of page `page`, in page order (none for a page that does not exist).
    pub(super) fn page_items(&self, page: usize) -> &[Item] {
        self.form
            .pages
            .get(page)
            .map_or(&[][..], |p| p.items.as_slice())
    }

    /// The item at (page, item index), if both exist.
    pub(super) fn item_at(&self, page: usize, item_index: usize) -> Option<&Item> {
        self.form.pages.get(page)?.items.get(item_index)
    }

    pub(super) fn item_exprs(&self, page: usize, item_index: usize) -> Option<&ItemExprs> {
        self.pages.get(page)?.items.get(item_index)
    }
}

/// Every page's expressions, parsed and checked to name the form's items.
fn compile_pages(form: &Form) -> Result<Vec<PageExprs>, FormExprError> {
    let known = crate::form::item_names(form);
    form.pages
        .iter()
        .map(|page| compile_page(page, &known))
        .collect()
}

fn compile_page<'a>(page: &'a Page, known: &BTreeSet<String>) -> Result<PageExprs, FormExprError> {
    let place = |item: Option<&'a Item>, field| Place {
        page: page.id.as_str(),
        item: item.map(|i| i.name.as_str()),
        field,
    };
    let relevant = compile(
        page.relevant.as_deref(),
        place(None, ExprField::Relevant),
        known,
    )?;
    let items = page
        .items
        .iter()
        .map(|item| {
            Ok(ItemExprs {
                relevant: compile(
                    item.relevant.as_deref(),
                    place(Some(item), ExprField::Relevant),
                    known,
                )?,
                constraint: compile(
                    item.constraint.as_deref(),
                    place(Some(item), ExprField::Constraint),
                    known,
                )?,
                calculation: compile(
                    item.calculation.as_deref(),
                    place(Some(item), ExprField::Calculation),
                    known,
                )?,
                choice_filter: compile(
                    item.choice_filter.as_deref(),
                    place(Some(item), ExprField::ChoiceFilter),
                    known,
                )?,
                required_when: compile(
                    item.required_when.as_deref(),
                    place(Some(item), ExprField::RequiredWhen),
                    known,
                )?,
                randomize_seed: compile(
                    item.randomize_seed.as_deref(),
                    place(Some(item), ExprField::RandomizeSeed),
                    known,
                )?,
            })
        })
        .collect::<Result<Vec<_>, FormExprError>>()?;
    Ok(PageExprs { relevant, items })
}

/// Where an expression sits, for error messages.
struct Place<'a> {
    page: &'a str,
    item: Option<&'a str>,
    field: ExprField,
}

/// Parses one optional expression; blank text means "no expression".
fn compile(
    source: Option<&str>,
    place: Place<'_>,
    known: &BTreeSet<String>,
) -> Result<Option<Expr>, FormExprError> {
    let Some(source) = source.filter(|s| !s.trim().is_empty()) else {
        return Ok(None);
    };
    let parsed = if place.field == ExprField::ChoiceFilter {
        parse_choice_filter(source)
    } else {
        parse(source)
    };
    let expr = parsed.map_err(|error| FormExprError::Parse {
        page: place.page.to_owned(),
        item: place.item.map(str::to_owned),
        field: place.field,
        expression: source.to_owned(),
        error,
    })?;
    if let Some(name) = expr
        .references()
        .into_iter()
        .find(|name| !known.contains(name))
    {
        return Err(FormExprError::UnknownName {
            page: place.page.to_owned(),
            item: place.item.map(str::to_owned),
            field: place.field,
            name,
        });
    }
    Ok(Some(expr))
}
