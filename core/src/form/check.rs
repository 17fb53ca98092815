//! The rules every compiled questionnaire must meet, whichever format it came from: names are
//! valid and unique, selects have their lists, texts are in the form's languages, and every
//! reference names an item. Findings are placed through [`Locate`], so an XLSForm error names
//! its sheet, row and column while a JSON error names its JSON pointer.

use super::import_error::{IssueLocation, IssueLog};
use super::model::{Form, Item, ItemKind, Page, Texts};
use super::names::{is_valid_choice_name, is_valid_name, NAME_RULE};
use super::reference_check::{choice_filter_problems, expression_problems, piping_problems};
use crate::response::default_answer;
use std::collections::{BTreeMap, BTreeSet};

/// A part of a compiled form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place<'a> {
    /// The form's own fields (id, title, version, default language).
    Form,
    /// `languages[index]`
    Language(usize),
    /// `pages[page]`
    Page(usize),
    /// `pages[page].items[item]`
    Item { page: usize, item: usize },
    /// `choice_lists[list]`
    ChoiceList(&'a str),
    /// `choice_lists[list][index]`
    Choice { list: &'a str, index: usize },
    /// `repeats[index]`
    Repeat(usize),
}

/// A field of a [`Place`]; texts carry their language code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field<'a> {
    /// The place as a whole.
    Whole,
    FormId,
    DefaultLanguage,
    /// A language's code.
    Code,
    /// A page's id.
    Id,
    Name,
    /// An item's choice list name.
    ChoiceList,
    Title(&'a str),
    Label(&'a str),
    Hint(&'a str),
    ConstraintMessage(&'a str),
    RequiredMessage(&'a str),
    Relevant,
    Constraint,
    Calculation,
    ChoiceFilter,
    Default,
    /// `required` as an expression.
    RequiredWhen,
    /// The `seed` of a select's random order.
    RandomizeSeed,
    /// A range's scale (XLSForm's `parameters`).
    Range,
    /// A repeat's `repeat_count`.
    RepeatCount,
}

/// Turns a place in the compiled form into a place in the source the author edits.
pub trait Locate {
    fn locate(&self, place: Place<'_>, field: Field<'_>) -> IssueLocation;
}

/// Whether [`check_form`] checks expressions. An XLSForm checks them on the cells they came
/// from instead, because a page's or item's `relevant` may join several groups' conditions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExpressionChecks {
    Check,
    AlreadyChecked,
}

/// Every item and repeat name of the form: what a `${name}` may refer to (a repeat's name
/// stands for its instances, as in `count(${members})`).
pub fn item_names(form: &Form) -> BTreeSet<String> {
    form.items()
        .map(|item| item.name.clone())
        .chain(form.repeats.iter().map(|repeat| repeat.name.clone()))
        .collect()
}

/// Checks `form` against the rules above, recording errors and warnings in `log`.
pub fn check_form(
    form: &Form,
    locate: &dyn Locate,
    expressions: ExpressionChecks,
    log: &mut IssueLog,
) {
    let checker = FormChecker {
        form,
        locate,
        known_names: item_names(form),
        expressions,
    };
    checker.check_settings(log);
    checker.check_languages(log);
    checker.check_pages(log);
    checker.check_repeats(log);
    checker.check_choice_lists(log);
    if !log.has_errors() {
        checker.check_answerable(log);
    }
}

struct FormChecker<'a> {
    form: &'a Form,
    locate: &'a dyn Locate,
    known_names: BTreeSet<String>,
    expressions: ExpressionChecks,
}

/// Which text field of a place is being checked, for messages and locating.
#[derive(Clone, Copy)]
enum TextField {
    Title,
    Label,
    Hint,
    ConstraintMessage,
    RequiredMessage,
}

impl TextField {
    fn field(self, code: &str) -> Field<'_> {
        match self {
            TextField::Title => Field::Title(code),
            TextField::Label => Field::Label(code),
            TextField::Hint => Field::Hint(code),
            TextField::ConstraintMessage => Field::ConstraintMessage(code),
            TextField::RequiredMessage => Field::RequiredMessage(code),
        }
    }

    fn noun(self) -> &'static str {
        match self {
            TextField::Title => "title",
            TextField::Label => "label",
            TextField::Hint => "hint",
            TextField::ConstraintMessage => "constraint message",
            TextField::RequiredMessage => "required message",
        }
    }
}

impl FormChecker<'_> {
    fn check_settings(&self, log: &mut IssueLog) {
        let form = self.form;
        if !is_valid_name(&form.form_id) {
            log.error(
                self.locate.locate(Place::Form, Field::FormId),
                format!("form id `{}` is not valid: {NAME_RULE}", form.form_id),
            );
        }
        if !form.languages.is_empty() && !form.has_language(&form.default_language) {
            log.error(
                self.locate.locate(Place::Form, Field::DefaultLanguage),
                format!(
                    "default language `{}` is not one of the form's languages",
                    form.default_language
                ),
            );
        }
    }

    fn check_languages(&self, log: &mut IssueLog) {
        if self.form.languages.is_empty() {
            log.error(
                self.locate.locate(Place::Form, Field::Whole),
                "the form has no language: give labels in at least one",
            );
        }
        let mut seen = BTreeSet::new();
        for (index, language) in self.form.languages.iter().enumerate() {
            let location = self.locate.locate(Place::Language(index), Field::Code);
            if language.code.trim().is_empty() {
                log.error(location, "a language code is empty");
            } else if !seen.insert(language.code.as_str()) {
                log.error(
                    location,
                    format!("two languages have the code `{}`", language.code),
                );
            }
        }
    }

    fn check_pages(&self, log: &mut IssueLog) {
        if self.form.pages.is_empty() {
            log.error(
                self.locate.locate(Place::Form, Field::Whole),
                "the form has no questions",
            );
        }
        let mut first_use: BTreeMap<&str, Place<'_>> = BTreeMap::new();
        for (page_index, page) in self.form.pages.iter().enumerate() {
            let place = Place::Page(page_index);
            if named_after_its_question(page) {
                // One name, not two: the item's own checks cover it.
            } else if !is_valid_name(&page.id) {
                log.error(
                    self.locate.locate(place, Field::Id),
                    format!("page id `{}` is not valid: {NAME_RULE}", page.id),
                );
            } else {
                self.check_unique(&page.id, place, Field::Id, &mut first_use, log);
            }
            self.check_texts(&page.title, place, TextField::Title, log);
            if let Some(relevant) = &page.relevant {
                self.check_expression(relevant, place, Field::Relevant, log);
            }
            for (item_index, _) in page.items.iter().enumerate() {
                self.check_item(page_index, item_index, &mut first_use, log);
            }
        }
    }

    /// Each repeat: a valid name no item has, one run of pages that name it, and its count and
    /// condition; each page names a repeat the form declares.
    fn check_repeats(&self, log: &mut IssueLog) {
        let form = self.form;
        let mut seen = BTreeSet::new();
        for (index, repeat) in form.repeats.iter().enumerate() {
            let place = Place::Repeat(index);
            let name = repeat.name.as_str();
            if !is_valid_name(name) {
                log.error(
                    self.locate.locate(place, Field::Name),
                    format!("repeat name `{name}` is not valid: {NAME_RULE}"),
                );
            } else if !seen.insert(name) || form.item(name).is_some() {
                log.error(
                    self.locate.locate(place, Field::Name),
                    format!("the name `{name}` is used twice"),
                );
            }
            // Its pages, those of a repeat inside it among them.
            let in_this = |page: &Page| {
                page.repeat.as_deref().is_some_and(|r| {
                    r == name
                        || form
                            .repeats
                            .iter()
                            .any(|inner| inner.name == r && inner.within.as_deref() == Some(name))
                })
            };
            let pages: Vec<usize> = (0..form.pages.len())
                .filter(|&p| in_this(&form.pages[p]))
                .collect();
            if let Some(outer) = repeat.within.as_deref() {
                let outer_repeat = form.repeats[..index].iter().find(|r| r.name == outer);
                let problem = match outer_repeat {
                    None => Some(format!(
                        "repeat `{name}` is within `{outer}`, which is not a repeat before it"
                    )),
                    Some(r) if r.within.is_some() => Some(format!(
                        "repeat `{name}` is within `{outer}`, itself within a repeat: repeats \
                         go one inside another at most"
                    )),
                    Some(_) => None,
                };
                if let Some(problem) = problem {
                    log.error(self.locate.locate(place, Field::Whole), problem);
                }
            }
            match (pages.first(), pages.last()) {
                (Some(first), Some(last)) if last - first + 1 != pages.len() => log.error(
                    self.locate.locate(Place::Page(*last), Field::Whole),
                    format!("the pages of repeat `{name}` must follow one another"),
                ),
                (None, _) | (_, None) => log.error(
                    self.locate.locate(place, Field::Whole),
                    format!("repeat `{name}` holds no question or note to ask in each instance"),
                ),
                _ => {}
            }
            if let Some(count) = &repeat.count {
                self.check_expression(count, place, Field::RepeatCount, log);
            }
            if let Some(list) = repeat.over.as_deref() {
                if !form.choice_lists.contains_key(list) {
                    log.error(
                        self.locate.locate(place, Field::ChoiceList),
                        format!("loop `{name}` goes over list `{list}`, which has no choices"),
                    );
                }
            }
            if let Some(relevant) = &repeat.relevant {
                self.check_expression(relevant, place, Field::Relevant, log);
            }
        }
        for (index, page) in form.pages.iter().enumerate() {
            if let Some(repeat) = page.repeat.as_deref().filter(|r| !seen.contains(r)) {
                log.error(
                    self.locate.locate(Place::Page(index), Field::Whole),
                    format!(
                        "page `{}` is in repeat `{repeat}`, which the form does not declare",
                        page.id
                    ),
                );
            }
            if page.instance.is_some() {
                log.error(
                    self.locate.locate(Place::Page(index), Field::Whole),
                    format!(
                        "page `{}` names an instance: only an unrolled form has them",
                        page.id
                    ),
                );
            }
        }
    }

    /// Checks the form as a respondent's answering loads it: what only that finds (a repeat's
    /// count naming a question of its own repeat) refuses the form at import, never a
    /// respondent's page.
    fn check_answerable(&self, log: &mut IssueLog) {
        if let Err(problem) = crate::response::CompiledForm::check_repeats(self.form) {
            log.error(
                self.locate.locate(Place::Form, Field::Whole),
                format!("the form cannot be answered: {problem}"),
            );
        }
    }

    fn check_unique<'n>(
        &self,
        name: &'n str,
        place: Place<'n>,
        field: Field<'_>,
        first_use: &mut BTreeMap<&'n str, Place<'n>>,
        log: &mut IssueLog,
    ) {
        match first_use.get(name) {
            Some(earlier) => {
                let earlier_location = self.locate.locate(*earlier, Field::Name);
                log.error(
                    self.locate.locate(place, field),
                    format!(
                        "the name `{name}` is used twice (also at {})",
                        describe(&earlier_location)
                    ),
                );
            }
            None => {
                first_use.insert(name, place);
            }
        }
    }

    fn check_item<'f>(
        &'f self,
        page: usize,
        item_index: usize,
        first_use: &mut BTreeMap<&'f str, Place<'f>>,
        log: &mut IssueLog,
    ) {
        let Some(item) = self
            .form
            .pages
            .get(page)
            .and_then(|p| p.items.get(item_index))
        else {
            return;
        };
        let place = Place::Item {
            page,
            item: item_index,
        };
        if !is_valid_name(&item.name) {
            log.error(
                self.locate.locate(place, Field::Name),
                format!("name `{}` is not valid: {NAME_RULE}", item.name),
            );
        } else {
            self.check_unique(&item.name, place, Field::Name, first_use, log);
        }
        self.check_choice_reference(item.kind, item.choice_list.as_deref(), place, log);
        match (item.kind, &item.calculation) {
            (ItemKind::Calculate, None) => log.error(
                self.locate.locate(place, Field::Calculation),
                "a calculate needs a calculation",
            ),
            (ItemKind::Calculate, Some(_)) | (_, None) => {}
            (_, Some(_)) if item.read_only => {}
            (_, Some(_)) => log.error(
                self.locate.locate(place, Field::Calculation),
                "only a calculate or a read-only question has a calculation",
            ),
        }
        if item.required_when.is_some() && !item.takes_answer() {
            log.error(
                self.locate.locate(place, Field::RequiredWhen),
                "only a question the respondent answers can be required",
            );
        }
        if (item.randomize || item.randomize_seed.is_some()) && !item.kind.has_choices() {
            log.error(
                self.locate.locate(place, Field::RandomizeSeed),
                "only a select's choices can be in random order",
            );
        } else if item.randomize_seed.is_some() && !item.randomize {
            log.error(
                self.locate.locate(place, Field::RandomizeSeed),
                "a seed has no effect without randomize",
            );
        }
        if item.read_only && !item.kind.is_question() {
            log.error(
                self.locate.locate(place, Field::Whole),
                "only a question can be read-only",
            );
        }
        if item.kind != ItemKind::Calculate && item.label.values().all(|t| t.trim().is_empty()) {
            log.error(
                self.locate
                    .locate(place, Field::Label(&self.form.default_language)),
                "a question or note needs a label",
            );
        }
        self.check_texts(&item.label, place, TextField::Label, log);
        self.check_texts(&item.hint, place, TextField::Hint, log);
        self.check_texts(
            &item.constraint_message,
            place,
            TextField::ConstraintMessage,
            log,
        );
        self.check_texts(
            &item.required_message,
            place,
            TextField::RequiredMessage,
            log,
        );
        let expressions = [
            (&item.relevant, Field::Relevant),
            (&item.constraint, Field::Constraint),
            (&item.calculation, Field::Calculation),
            (&item.required_when, Field::RequiredWhen),
            (&item.randomize_seed, Field::RandomizeSeed),
        ];
        for (source, field) in expressions {
            if let Some(source) = source {
                self.check_expression(source, place, field, log);
            }
        }
        if let Some(filter) = &item.choice_filter {
            self.check_choice_filter(item, filter, place, log);
        }
        if let Some(default) = &item.default {
            self.check_default(item, default, place, log);
        }
        self.check_range(item, place, log);
    }

    /// A `range` has a usable scale, and nothing else has one.
    fn check_range(&self, item: &Item, place: Place<'_>, log: &mut IssueLog) {
        let location = || self.locate.locate(place, Field::Range);
        match (item.kind, &item.range) {
            (ItemKind::Range, None) => log.error(location(), "a range needs its scale"),
            (ItemKind::Range, Some(scale)) => {
                if let Some(problem) = scale.problem() {
                    log.error(location(), format!("range: {problem}"));
                }
            }
            (_, Some(_)) => log.error(location(), "only a range has a scale"),
            (_, None) => {}
        }
    }

    /// A `default` belongs to a question and is an answer to it, written as one is typed.
    fn check_default(&self, item: &Item, default: &str, place: Place<'_>, log: &mut IssueLog) {
        let location = || self.locate.locate(place, Field::Default);
        if !item.kind.is_question() {
            log.error(location(), "only a question has a default");
        } else if is_dynamic_default(default) {
            log.error(
                location(),
                format!(
                    "`{default}` is an expression: a default computed when the page is shown \
                     (a dynamic default) is not supported yet; give a value"
                ),
            );
        } else if default_answer(item, self.form.choices(item)).is_err() {
            log.error(
                location(),
                format!("default `{default}` is not an answer to this question"),
            );
        }
    }

    /// A `choice_filter` belongs to a select, and names questions and its choices' columns.
    fn check_choice_filter(&self, item: &Item, filter: &str, place: Place<'_>, log: &mut IssueLog) {
        let location = || self.locate.locate(place, Field::ChoiceFilter);
        let Some(list) = item.choice_list.as_deref() else {
            log.error(location(), "only a select has a choice_filter");
            return;
        };
        let choices = self
            .form
            .choice_lists
            .get(list)
            .map_or(&[][..], Vec::as_slice);
        let mut columns: BTreeSet<String> = ["name", "label"].map(String::from).into();
        columns.extend(choices.iter().flat_map(|c| c.columns.keys().cloned()));
        for problem in choice_filter_problems(filter, &self.known_names, &columns) {
            log.error(location(), problem);
        }
    }

    fn check_choice_reference(
        &self,
        kind: ItemKind,
        list: Option<&str>,
        place: Place<'_>,
        log: &mut IssueLog,
    ) {
        let is_select = kind.has_choices();
        let location = || self.locate.locate(place, Field::ChoiceList);
        match (is_select, list) {
            (true, None) => log.error(location(), "a select needs a choice list name"),
            (true, Some(list)) if !self.form.choice_lists.contains_key(list) => {
                log.error(location(), format!("choice list `{list}` does not exist"))
            }
            (false, Some(list)) => log.error(
                location(),
                format!("only a select has a choice list (found `{list}`)"),
            ),
            _ => {}
        }
    }

    fn check_choice_lists(&self, log: &mut IssueLog) {
        for (list_name, choices) in &self.form.choice_lists {
            let list_place = Place::ChoiceList(list_name);
            if !is_valid_name(list_name) {
                log.error(
                    self.locate.locate(list_place, Field::Name),
                    format!("choice list name `{list_name}` is not valid: {NAME_RULE}"),
                );
            }
            if choices.is_empty() {
                log.error(
                    self.locate.locate(list_place, Field::Whole),
                    format!("choice list `{list_name}` has no choices"),
                );
            }
            let mut seen = BTreeSet::new();
            for (index, choice) in choices.iter().enumerate() {
                let place = Place::Choice {
                    list: list_name,
                    index,
                };
                if !is_valid_choice_name(&choice.name) {
                    log.error(
                        self.locate.locate(place, Field::Name),
                        format!(
                            "choice name `{}` is not valid: it must be non-empty, without spaces",
                            choice.name
                        ),
                    );
                } else if !seen.insert(choice.name.as_str()) && !self.form.allow_choice_duplicates {
                    log.error(
                        self.locate.locate(place, Field::Name),
                        format!(
                            "choice `{}` appears twice in list `{list_name}`",
                            choice.name
                        ),
                    );
                }
                if choice.label.values().all(|t| t.trim().is_empty()) {
                    log.error(
                        self.locate
                            .locate(place, Field::Label(&self.form.default_language)),
                        format!("choice `{}` needs a label", choice.name),
                    );
                }
                self.check_texts(&choice.label, place, TextField::Label, log);
            }
        }
    }

    /// Texts must be in the form's languages, should be in all of them, and may pipe only
    /// existing items.
    fn check_texts(&self, texts: &Texts, place: Place<'_>, kind: TextField, log: &mut IssueLog) {
        if texts.is_empty() {
            return;
        }
        for (code, text) in texts {
            let location = || self.locate.locate(place, kind.field(code));
            if !self.form.has_language(code) {
                log.error(
                    location(),
                    format!("`{code}` is not one of the form's languages"),
                );
            }
            for problem in piping_problems(text, &self.known_names) {
                log.error(location(), problem);
            }
        }
        for language in &self.form.languages {
            if !texts.contains_key(&language.code) {
                log.warning(
                    self.locate.locate(place, kind.field(&language.code)),
                    format!(
                        "the {} has no text in {} ({}); the default language is shown",
                        kind.noun(),
                        language.name,
                        language.code
                    ),
                );
            }
        }
    }

    fn check_expression(
        &self,
        source: &str,
        place: Place<'_>,
        field: Field<'_>,
        log: &mut IssueLog,
    ) {
        if self.expressions == ExpressionChecks::AlreadyChecked {
            return;
        }
        for problem in expression_problems(source, &self.known_names) {
            log.error(self.locate.locate(place, field), problem);
        }
    }
}

/// Whether a `default` is an expression rather than a value, as pyxform tells them apart: it
/// names a question, or it is a function call (`today()`).
fn is_dynamic_default(default: &str) -> bool {
    let text = default.trim();
    let is_call = text.ends_with(')')
        && text.split_once('(').is_some_and(|(name, _)| {
            !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':'))
        });
    text.contains("${") || is_call
}

/// A question outside a field-list group is a page named after it, possibly with calculates
/// attached (see `xlsform_pages`).
fn named_after_its_question(page: &Page) -> bool {
    page.items.iter().any(|item| item.name == page.id)
        && page
            .items
            .iter()
            .all(|item| item.name == page.id || item.kind == ItemKind::Calculate)
}

/// `survey!R4` or `json /pages/0/items/1/name`, to point at an earlier use in a message.
fn describe(location: &IssueLocation) -> String {
    match (&location.row, &location.column) {
        (Some(row), _) => format!("{}!R{row}", location.sheet),
        (None, Some(column)) => format!("{} {column}", location.sheet),
        (None, None) => location.sheet.clone(),
    }
}
