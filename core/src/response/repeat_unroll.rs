//! Repeat groups made ready for answering. Each page of a repeat is copied once per instance
//! the form can hold (its `repeat_count` when that is a number, a loop's number of choices,
//! else [`MAX_REPEAT_INSTANCES`], or [`MAX_NESTED_INSTANCES`] in each instance of the repeat
//! around it), with its id and its items' names ending in `~N` (`~N~M` inside a repeat within
//! a repeat, [`path_key`]). Every other part of answering (pages, saves, resume, review, the
//! JSON API) then works on plain pages and answers, as the server pages need without
//! JavaScript.
//!
//! The copies' expressions are rewritten for their instance, as ODK reads them
//! (`repeat_plan`):
//! - inside an instance, `${q}` of its repeat (or of a repeat around it) is that instance's
//!   answer, and `position(..)` is its number;
//! - elsewhere, `${q}` of a repeat is its value in every instance that exists (a node-set for
//!   `count`, `sum`, `max`, `min`, `join`, `indexed-repeat`), and `${repeat}` the instances;
//! - an instance exists while its repeat's `relevant` holds and it is within the count, or, for
//!   a repeat without one, the first always and another once the respondent answered yes to
//!   "add another?" after the one before (a page Svar adds, [`add_instance_key`]);
//! - a loop (`begin loop over LIST`) is a repeat with one instance per choice, whose texts
//!   name the choice (`%(label)s`, `%(name)s`) and whose pages are titled with it.
//!
//! Answers of instances that no longer exist are dropped like any answer that stops applying.
//!
//! [`MAX_REPEAT_INSTANCES`]: crate::form::model::MAX_REPEAT_INSTANCES
//! [`MAX_NESTED_INSTANCES`]: crate::form::model::MAX_NESTED_INSTANCES

use super::compiled::{FormExprError, ItemExprs, PageExprs};
use super::repeat_plan::{both, RepeatPlans, Scope};
use super::repeat_prompt;
use crate::form::instance_keys::{add_instance_key, path_key};
use crate::form::model::{Form, Item, ItemKind, Page, Texts};

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
    let unroller = Unroller {
        form: &form,
        plans: &plans,
    };
    let mut unrolled = Unrolled::default();
    let mut index = 0;
    while let Some((page, page_exprs)) = authored.get(index) {
        let Some(repeat) = unroller.repeat_of(page) else {
            unrolled.push(page.clone(), unroller.rewrite_page(page_exprs, &[]));
            index += 1;
            continue;
        };
        let outermost = plans.chain(repeat)[0];
        let end = unroller.run_end(&authored, index, outermost, 0);
        unroller.unroll_run(&authored[index..end], outermost, &[], &mut unrolled);
        index = end;
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

struct Unroller<'a> {
    form: &'a Form,
    plans: &'a RepeatPlans,
}

impl Unroller<'_> {
    fn repeat_of(&self, page: &Page) -> Option<usize> {
        page.repeat
            .as_deref()
            .and_then(|name| self.plans.index_of(name))
    }

    /// Where the pages of `repeat` (its own and those of repeats inside it, at `depth` of
    /// their chain) that start at `start` end.
    fn run_end(
        &self,
        pages: &[(Page, PageExprs)],
        start: usize,
        repeat: usize,
        depth: usize,
    ) -> usize {
        pages[start..]
            .iter()
            .position(|(page, _)| {
                self.repeat_of(page)
                    .map(|r| self.plans.chain(r))
                    .is_none_or(|chain| chain.get(depth) != Some(&repeat))
            })
            .map_or(pages.len(), |length| start + length)
    }

    /// The pages of `repeat` (`run`, those of repeats inside it among them) once per instance
    /// in the instance `outer` of the repeats around it.
    fn unroll_run(
        &self,
        run: &[(Page, PageExprs)],
        repeat: usize,
        outer: &Scope,
        out: &mut Unrolled,
    ) {
        let plan = &self.plans.repeats[repeat];
        for instance in 1..=plan.max {
            let mut scope = outer.to_vec();
            scope.push((repeat, instance));
            if plan.count.is_none() && instance >= 2 {
                let (page, exprs) = self.add_page(repeat, &scope);
                out.push(page, exprs);
            }
            let mut index = 0;
            while let Some((page, page_exprs)) = run.get(index) {
                let page_repeat = self.repeat_of(page);
                if page_repeat == Some(repeat) {
                    let (page, exprs) = self.instance_page(&scope, page, page_exprs);
                    out.push(page, exprs);
                    index += 1;
                    continue;
                }
                // The pages of a repeat inside this one.
                let chain = page_repeat.map(|r| self.plans.chain(r)).unwrap_or_default();
                let Some(&inner) = chain.get(scope.len()) else {
                    index += 1;
                    continue;
                };
                let end = self.run_end(run, index, inner, scope.len());
                self.unroll_run(&run[index..end], inner, &scope, out);
                index = end;
            }
        }
    }

    fn rewrite_page(&self, exprs: &PageExprs, scope: &Scope) -> PageExprs {
        let plans = self.plans;
        PageExprs {
            relevant: plans.rewrite_option(&exprs.relevant, scope),
            items: exprs
                .items
                .iter()
                .map(|item| ItemExprs {
                    relevant: plans.rewrite_option(&item.relevant, scope),
                    constraint: plans.rewrite_option(&item.constraint, scope),
                    calculation: plans.rewrite_option(&item.calculation, scope),
                    choice_filter: plans.rewrite_option(&item.choice_filter, scope),
                    required_when: plans.rewrite_option(&item.required_when, scope),
                    randomize_seed: plans.rewrite_option(&item.randomize_seed, scope),
                })
                .collect(),
        }
    }

    /// Page `page` as the instances of `scope` ask it.
    fn instance_page(&self, scope: &Scope, page: &Page, exprs: &PageExprs) -> (Page, PageExprs) {
        let plans = self.plans;
        let path: Vec<u32> = scope.iter().map(|(_, instance)| *instance).collect();
        let mut copy = page.clone();
        copy.id = path_key(&page.id, &path);
        copy.instance = path.last().copied();
        copy.title = self.title(scope, &page.title);
        for item in &mut copy.items {
            item.name = path_key(&item.name, &path);
            item.label = plans.pipe(&item.label, scope);
            item.hint = plans.pipe(&item.hint, scope);
            item.constraint_message = plans.pipe(&item.constraint_message, scope);
            item.required_message = plans.pipe(&item.required_message, scope);
        }
        let mut copy_exprs = self.rewrite_page(exprs, scope);
        // Every level's count (or "add another?"): the page's own relevant already holds the
        // repeats' conditions.
        for (depth, (repeat, _)) in scope.iter().enumerate() {
            let condition = plans.instance_condition(*repeat, &path[..=depth]);
            copy_exprs.relevant = both(copy_exprs.relevant, condition);
        }
        (copy, copy_exprs)
    }

    /// The title of a page in the instances of `scope`: "Household member 2", "Household
    /// member 2: Job 3", a loop's "Toilets: Bucket system".
    fn title(&self, scope: &Scope, title: &Texts) -> Texts {
        let plans = self.plans;
        plans
            .languages
            .iter()
            .map(|code| {
                let text_in = |texts: &Texts| -> String {
                    texts
                        .get(code)
                        .or_else(|| texts.get(&plans.default_language))
                        .cloned()
                        .unwrap_or_default()
                };
                let parts: Vec<String> = scope
                    .iter()
                    .enumerate()
                    .map(|(depth, &(repeat, instance))| {
                        let plan = &plans.repeats[repeat];
                        let innermost = depth + 1 == scope.len();
                        let own = if innermost && !title.is_empty() {
                            text_in(&plans.pipe(title, scope))
                        } else {
                            text_in(&plan.label)
                        };
                        let which = match plans.loop_choice(&scope[..=depth]) {
                            Some(choice) => plans.choice_text(choice, code).to_string(),
                            None => instance.to_string(),
                        };
                        match (own.is_empty(), plan.over.is_empty()) {
                            (true, _) => which,
                            (false, true) => format!("{own} {which}"),
                            (false, false) => format!("{own}: {which}"),
                        }
                    })
                    .collect();
                (code.clone(), parts.join(": "))
            })
            .collect()
    }

    /// The page asking whether the repeat of `scope`'s last level gets that instance, shown
    /// after the one before it.
    fn add_page(&self, repeat: usize, scope: &Scope) -> (Page, PageExprs) {
        let plans = self.plans;
        let plan = &plans.repeats[repeat];
        let path: Vec<u32> = scope.iter().map(|(_, instance)| *instance).collect();
        let key = add_instance_key(&plan.name, &path);
        let item = Item {
            choice_list: Some(ADD_LIST.to_string()),
            label: repeat_prompt::add_question(self.form, &plan.name, &plan.label),
            required: true,
            ..Item::new(&key, ItemKind::SelectOne)
        };
        let mut previous = path.clone();
        if let Some(last) = previous.last_mut() {
            *last -= 1;
        }
        let page = Page {
            id: key,
            title: Texts::new(),
            relevant: None,
            items: vec![item],
            repeat: Some(plan.name.clone()),
            instance: path.last().copied(),
        };
        let exprs = PageExprs {
            relevant: Some(plans.instance_exists(repeat, &previous)),
            items: vec![ItemExprs::default()],
        };
        (page, exprs)
    }
}
