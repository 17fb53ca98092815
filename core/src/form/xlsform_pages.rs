//! Turns survey rows into pages: a `field-list` group is one page, any other question a page of
//! its own. Conditions of groups that make no page are joined onto what they enclose.
//!
//! - A group nested inside a field-list group: its `relevant` is joined (`and`) onto the
//!   `relevant` of each item in it.
//! - A group that is not a field-list and not inside one: its `relevant` is joined onto the
//!   page relevance of every page inside it.
//! - A calculate outside any field-list group makes no page: it is attached to the page
//!   before it, or to the first page when no page comes before it, with the `relevant` of
//!   its enclosing groups joined onto its own (it no longer sits inside them).
//! - A `table-list` group is a page too. A phone has no room for its grid, so each of its
//!   selects shows its own choices side by side (`horizontal-compact`), and the grid's header
//!   row (a select with the appearance `label`, anywhere) is left out; `list-nolabel` keeps its
//!   labels for the same reason.

use super::import_error::{IssueLocation, IssueLog};
use super::model::{
    Item, ItemKind, Page, Repeat, Texts, MAX_NESTED_INSTANCES, MAX_REPEAT_INSTANCES,
};
use super::xlsform_survey_row::{SurveyColumns, SurveyRow};
use super::xlsform_type::RowType;

/// Pages in order, with the row each page and each item came from.
#[derive(Debug, Clone, Default)]
pub struct SurveyPages {
    pub pages: Vec<Page>,
    /// The row of each page's `begin_group` (or of its only question).
    pub page_rows: Vec<u32>,
    /// The row of each item, parallel to `pages[i].items`.
    pub item_rows: Vec<Vec<u32>>,
    /// The repeat groups, in form order, each with the row of its `begin_repeat`.
    pub repeats: Vec<(Repeat, u32)>,
}

/// A group opened by `begin_group` and not yet closed.
struct OpenGroup {
    name: String,
    row: u32,
    relevant: Option<String>,
    /// Whether this group is a page (a field-list group not inside another page).
    is_page: bool,
    /// Whether the group is a `table-list` (its selects are laid out in rows).
    table_list: bool,
    /// Whether the group is a repeat.
    repeat: bool,
}

/// The appearance a select gets when it stands in a grid.
const IN_A_ROW: &str = "horizontal-compact";

/// Builds the pages; unbalanced groups and groups Svar cannot show are logged.
pub fn build_pages(
    rows: Vec<SurveyRow>,
    sheet: &str,
    columns: &SurveyColumns,
    log: &mut IssueLog,
) -> SurveyPages {
    let mut builder = PageBuilder {
        sheet,
        columns,
        open: Vec::new(),
        built: SurveyPages::default(),
        calculates_before_first_page: Vec::new(),
        calculates_waiting_for_repeat: Vec::new(),
    };
    for row in rows {
        match row.row_type.clone() {
            RowType::BeginGroup => builder.begin_group(row, false, log),
            RowType::BeginRepeat => builder.begin_repeat(row, None, log),
            RowType::BeginLoop { list } => builder.begin_repeat(row, Some(list), log),
            RowType::EndGroup => builder.end_group(&row, false, log),
            RowType::EndRepeat => builder.end_group(&row, true, log),
            RowType::Item { kind, choice_list } => builder.add_item(row, kind, choice_list, log),
        }
    }
    builder.finish(log)
}

struct PageBuilder<'a> {
    sheet: &'a str,
    columns: &'a SurveyColumns,
    open: Vec<OpenGroup>,
    built: SurveyPages,
    calculates_before_first_page: Vec<(Item, u32)>,
    /// (repeat, item, row): computed at the start of that repeat, before its first page.
    calculates_waiting_for_repeat: Vec<(String, Item, u32)>,
}

impl PageBuilder<'_> {
    fn cell(&self, row: u32, base: &str) -> IssueLocation {
        IssueLocation::cell(self.sheet, row, &self.columns.header(base))
    }

    /// Position in `open` of the group that is the current page, if any.
    fn page_group(&self) -> Option<usize> {
        self.open.iter().position(|g| g.is_page)
    }

    /// The repeat the rows being read belong to.
    fn current_repeat(&self) -> Option<&str> {
        self.open
            .iter()
            .rev()
            .find(|g| g.repeat)
            .map(|g| g.name.as_str())
    }

    /// A new page, in the repeat being read (if any), with the calculates that waited for the
    /// repeat's first page.
    fn push_page(&mut self, id: String, title: Texts, relevant: Option<String>, row: u32) {
        self.push_page_in(
            self.current_repeat().map(str::to_owned),
            id,
            title,
            relevant,
            row,
        );
    }

    fn push_page_in(
        &mut self,
        repeat: Option<String>,
        id: String,
        title: Texts,
        relevant: Option<String>,
        row: u32,
    ) {
        let (waiting, others): (Vec<_>, Vec<_>) =
            std::mem::take(&mut self.calculates_waiting_for_repeat)
                .into_iter()
                .partition(|(r, _, _)| Some(r) == repeat.as_ref());
        self.calculates_waiting_for_repeat = others;
        self.built.pages.push(Page {
            id,
            title,
            relevant,
            items: Vec::new(),
            repeat,
            instance: None,
        });
        self.built.page_rows.push(row);
        self.built.item_rows.push(Vec::new());
        for (_, item, number) in waiting {
            self.push_onto_last_page(item, number);
        }
    }

    /// A repeat, or with `over` a loop over that list's choices.
    fn begin_repeat(&mut self, row: SurveyRow, over: Option<String>, log: &mut IssueLog) {
        let mut within = self.current_repeat().map(str::to_owned);
        let outer_is_nested = within.as_deref().is_some_and(|outer| {
            self.built
                .repeats
                .iter()
                .any(|(repeat, _)| repeat.name == outer && repeat.within.is_some())
        });
        if let (Some(outer), true) = (&within, outer_is_nested) {
            log.error(
                self.cell(row.number, "type"),
                format!(
                    "repeat `{}` is inside repeat `{outer}`, itself inside a repeat: repeats \
                     go one inside another at most",
                    row.name
                ),
            );
            // Refused here: the form's own checks need not say it again.
            within = None;
        } else if let Some(page) = self.page_group() {
            log.error(
                self.cell(row.number, "type"),
                format!(
                    "repeat `{}` is inside field-list group `{}`: a page cannot hold a repeat, \
                     so end the group before it",
                    row.name, self.open[page].name
                ),
            );
        }
        let most = if within.is_some() {
            MAX_NESTED_INSTANCES
        } else {
            MAX_REPEAT_INSTANCES
        };
        // Only a `begin_repeat` row has one (`xlsform_survey_row`), never a loop.
        let count = row
            .repeat_count
            .as_deref()
            .map(|count| count.trim().parse::<f64>().ok());
        let cut = match count {
            Some(Some(literal)) => literal > f64::from(most),
            // An expression: its value is known only when answering.
            Some(None) => true,
            None => false,
        };
        if cut {
            log.warning(
                self.cell(row.number, "repeat_count"),
                format!(
                    "repeat `{}` asks at most {most} instances on Svar's pages: a larger \
                     repeat_count is cut to {most}",
                    row.name
                ),
            );
        }
        let mut conditions = self.enclosing_conditions(0);
        conditions.extend(row.relevant.clone());
        self.built.repeats.push((
            Repeat {
                name: row.name.clone(),
                label: row.label.clone(),
                count: row.repeat_count.clone(),
                over,
                within,
                relevant: join_conditions(&conditions),
            },
            row.number,
        ));
        self.begin_group(row, true, log);
    }

    fn begin_group(&mut self, row: SurveyRow, repeat: bool, log: &mut IssueLog) {
        let appearance = row.appearance.clone().unwrap_or_default();
        let mut field_list = false;
        let mut table_list = false;
        for word in appearance.split_whitespace() {
            match word {
                "field-list" => field_list = true,
                "table-list" => {
                    field_list = true;
                    table_list = true;
                }
                other => log.warning(
                    self.cell(row.number, "appearance"),
                    format!("group appearance `{other}` has no effect on Svar's pages"),
                ),
            }
        }
        let inside_page = self.page_group().is_some();
        let is_page = field_list && !inside_page;
        if is_page {
            let mut conditions = self.enclosing_conditions(0);
            conditions.extend(row.relevant.clone());
            // A repeat is opened below, but the page is in the repeat this row begins.
            let page_repeat = match repeat {
                true => Some(row.name.clone()),
                false => self.current_repeat().map(str::to_owned),
            };
            self.push_page_in(
                page_repeat,
                row.name.clone(),
                row.label.clone(),
                join_conditions(&conditions),
                row.number,
            );
        } else if !row.label.is_empty() && !repeat {
            log.warning(
                IssueLocation::row(self.sheet, row.number),
                format!(
                    "the label of group `{}` is not shown: only a field-list group that is not \
                     inside another becomes a page with a title",
                    row.name
                ),
            );
        }
        self.open.push(OpenGroup {
            name: row.name,
            row: row.number,
            relevant: row.relevant,
            is_page,
            table_list,
            repeat,
        });
    }

    fn end_group(&mut self, row: &SurveyRow, repeat: bool, log: &mut IssueLog) {
        let (end, begin) = if repeat {
            ("end_repeat", "begin_repeat")
        } else {
            ("end_group", "begin_group")
        };
        match self.open.pop() {
            None => log.error(
                self.cell(row.number, "type"),
                format!("{end} has no {begin} to close"),
            ),
            Some(group) if group.repeat != repeat => log.error(
                self.cell(row.number, "type"),
                format!("{end} closes `{}`, which {begin} did not open", group.name),
            ),
            Some(group) if group.repeat => {
                let (unplaced, others): (Vec<_>, Vec<_>) =
                    std::mem::take(&mut self.calculates_waiting_for_repeat)
                        .into_iter()
                        .partition(|(repeat, _, _)| *repeat == group.name);
                self.calculates_waiting_for_repeat = others;
                for (_, item, number) in unplaced {
                    log.error(
                        IssueLocation::row(self.sheet, number),
                        format!(
                            "`{}` is computed in repeat `{}`, which asks nothing: a repeat \
                             needs a question or a note",
                            item.name, group.name
                        ),
                    );
                }
            }
            Some(_) => {}
        }
    }

    /// The `relevant` of open groups from position `from` on, outermost first.
    fn enclosing_conditions(&self, from: usize) -> Vec<String> {
        self.open
            .iter()
            .skip(from)
            .filter_map(|g| g.relevant.clone())
            .collect()
    }

    fn add_item(
        &mut self,
        mut row: SurveyRow,
        kind: ItemKind,
        choice_list: Option<String>,
        log: &mut IssueLog,
    ) {
        let number = row.number;
        if choice_list.is_some() {
            let words: Vec<&str> = row
                .appearance
                .as_deref()
                .unwrap_or("")
                .split_whitespace()
                .collect();
            if words.contains(&"label") {
                log.warning(
                    self.cell(number, "appearance"),
                    format!(
                        "`{}` is the header row of a grid (appearance `label`): on Svar's pages \
                         each question shows its own choices, so it is left out",
                        row.name
                    ),
                );
                return;
            }
            let in_table = self.open.iter().any(|g| g.table_list);
            if in_table || words.contains(&"list-nolabel") {
                let mut kept: Vec<&str> = words
                    .into_iter()
                    .filter(|w| *w != "list-nolabel" && *w != IN_A_ROW)
                    .collect();
                kept.push(IN_A_ROW);
                row.appearance = Some(kept.join(" "));
            }
        }
        let page_group = self.page_group();
        // Conditions of groups that make no page of their own and hold this item.
        let group_conditions = match page_group {
            Some(position) => self.enclosing_conditions(position + 1),
            None if kind == ItemKind::Calculate => self.enclosing_conditions(0),
            None => Vec::new(),
        };
        let mut conditions: Vec<String> = row.relevant.clone().into_iter().collect();
        conditions.extend(group_conditions);
        let item = Item {
            name: row.name.clone(),
            kind,
            choice_list,
            choice_filter: row.choice_filter,
            label: row.label,
            hint: row.hint,
            required: row.required && kind.is_question() && !row.read_only,
            read_only: row.read_only && kind.is_question(),
            required_when: row.required_when,
            required_message: row.required_message,
            relevant: join_conditions(&conditions),
            constraint: row.constraint,
            constraint_message: row.constraint_message,
            calculation: row.calculation,
            appearance: row.appearance,
            default: row.default,
            range: row.range,
            randomize: row.randomize,
            randomize_seed: row.randomize_seed,
        };
        if page_group.is_some() {
            self.push_onto_last_page(item, number);
        } else if kind == ItemKind::Calculate {
            self.attach_calculate(item, number);
        } else {
            let page_conditions = self.enclosing_conditions(0);
            self.push_page(
                row.name,
                Texts::new(),
                join_conditions(&page_conditions),
                number,
            );
            self.push_onto_last_page(item, number);
        }
    }

    /// A calculate outside a page goes onto the page before it in its own repeat (or outside
    /// any repeat), or waits for the first such page.
    fn attach_calculate(&mut self, item: Item, number: u32) {
        let repeat = self.current_repeat().map(str::to_owned);
        let same_scope = self
            .built
            .pages
            .iter()
            .rposition(|page| page.repeat == repeat);
        match (repeat.is_some(), same_scope) {
            (_, Some(page)) => self.push_onto_page(page, item, number),
            (true, None) => {
                let repeat = repeat.unwrap_or_default();
                self.calculates_waiting_for_repeat
                    .push((repeat, item, number));
            }
            (false, None) => self.calculates_before_first_page.push((item, number)),
        }
    }

    fn push_onto_last_page(&mut self, item: Item, row: u32) {
        if let Some(last) = self.built.pages.len().checked_sub(1) {
            self.push_onto_page(last, item, row);
        }
    }

    fn push_onto_page(&mut self, page: usize, item: Item, row: u32) {
        if let (Some(page), Some(rows)) = (
            self.built.pages.get_mut(page),
            self.built.item_rows.get_mut(page),
        ) {
            page.items.push(item);
            rows.push(row);
        }
    }

    fn finish(mut self, log: &mut IssueLog) -> SurveyPages {
        for group in &self.open {
            let (kind, end) = if group.repeat {
                ("repeat", "end_repeat")
            } else {
                ("group", "end_group")
            };
            log.error(
                self.cell(group.row, "type"),
                format!("{kind} `{}` is never closed: add an {end}", group.name),
            );
        }
        let early = std::mem::take(&mut self.calculates_before_first_page);
        if self.built.pages.is_empty() {
            for (item, row) in &early {
                log.error(
                    IssueLocation::row(self.sheet, *row),
                    format!(
                        "`{}` is computed, but the form has no question or note to show: \
                         a web questionnaire needs at least one",
                        item.name
                    ),
                );
            }
        }
        let first_outside = self.built.pages.iter().position(|p| p.repeat.is_none());
        if let (Some(page), false) = (first_outside, early.is_empty()) {
            let (items, numbers): (Vec<Item>, Vec<u32>) = early.into_iter().unzip();
            self.built.pages[page].items.splice(0..0, items);
            self.built.item_rows[page].splice(0..0, numbers);
        } else if !self.built.pages.is_empty() {
            for (item, row) in &early {
                log.error(
                    IssueLocation::row(self.sheet, *row),
                    format!(
                        "`{}` is computed once for the form, but every page is in a repeat: \
                         put it after a question outside the repeat",
                        item.name
                    ),
                );
            }
        }
        self.drop_empty_pages(log);
        self.check_repeats_have_pages(log);
        self.built
    }

    /// A repeat whose rows made no page asks nothing.
    fn check_repeats_have_pages(&self, log: &mut IssueLog) {
        for (repeat, row) in &self.built.repeats {
            let has_page = self
                .built
                .pages
                .iter()
                .any(|page| page.repeat.as_deref() == Some(repeat.name.as_str()));
            if !has_page {
                log.error(
                    self.cell(*row, "type"),
                    format!(
                        "repeat `{}` holds no question or note to ask in each instance",
                        repeat.name
                    ),
                );
            }
        }
    }

    /// A field-list group with nothing in it would be an empty page: leave it out.
    fn drop_empty_pages(&mut self, log: &mut IssueLog) {
        let built = std::mem::take(&mut self.built);
        self.built.repeats = built.repeats;
        for ((page, page_row), item_rows) in built
            .pages
            .into_iter()
            .zip(built.page_rows)
            .zip(built.item_rows)
        {
            if page.items.is_empty() {
                log.warning(
                    IssueLocation::row(self.sheet, page_row),
                    format!("group `{}` holds no items and makes no page", page.id),
                );
                continue;
            }
            self.built.pages.push(page);
            self.built.page_rows.push(page_row);
            self.built.item_rows.push(item_rows);
        }
    }
}

/// Joins conditions with `and`, each parenthesised; one condition is kept as written.
pub fn join_conditions(conditions: &[String]) -> Option<String> {
    match conditions {
        [] => None,
        [only] => Some(only.clone()),
        many => Some(
            many.iter()
                .map(|c| format!("({c})"))
                .collect::<Vec<_>>()
                .join(" and "),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_condition_is_kept_as_written() {
        assert_eq!(
            join_conditions(&["${a} = 'no'".to_string()]),
            Some("${a} = 'no'".to_string())
        );
        assert_eq!(join_conditions(&[]), None);
    }

    #[test]
    fn several_conditions_are_parenthesised_and_joined() {
        let joined = join_conditions(&["${a} = 1".to_string(), "${b} > 2 or ${c}".to_string()]);
        assert_eq!(
            joined,
            Some("(${a} = 1) and (${b} > 2 or ${c})".to_string())
        );
    }
}
