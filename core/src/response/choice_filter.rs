//! Cascading selects: the choices of a select that its `choice_filter` offers, given the
//! answers so far (ODK's `region = ${region}` keeps the municipalities of the region chosen).
//! Evaluated on the server, so the pages work without JavaScript, and a save is checked
//! against the same list the respondent was shown.

use super::compiled::CompiledForm;
use super::context::AnswerContext;
use super::Answers;
use crate::expr::{bind_references, evaluate, truthy, BinaryOperator, Context, Expr, Value};
use crate::form::model::{Choice, Form, Item};

/// An answer set seen from one choice: bare names are the choice's columns.
struct ChoiceContext<'a> {
    answers: AnswerContext<'a>,
    choice: &'a Choice,
    form: &'a Form,
}

impl Context for ChoiceContext<'_> {
    fn value(&self, name: &str) -> Value {
        self.answers.value(name)
    }

    fn current(&self) -> Value {
        self.answers.current()
    }

    fn choice_column(&self, name: &str) -> Value {
        let text = match name {
            "name" => Some(self.choice.name.as_str()),
            "label" => Some(
                self.form
                    .text(&self.choice.label, &self.form.default_language),
            ),
            other => self.choice.columns.get(other).map(String::as_str),
        };
        text.filter(|t| !t.is_empty())
            .map_or(Value::Empty, |t| Value::Text(t.to_string()))
    }
}

impl CompiledForm {
    /// The choices `item` offers with `answers`: its list, kept to those its `choice_filter`
    /// holds for (all of them without one).
    pub fn offered_choices<'f>(&'f self, item: &'f Item, answers: &Answers) -> Vec<&'f Choice> {
        let choices = self.form.choices(item);
        match self.choice_filter_of(item) {
            None => choices.iter().collect(),
            Some(filter) => {
                // The answers the filter reads are the same for every choice: read them once.
                let answers_read = AnswerContext::for_item(answers, Some(&item.name));
                let filter = bind_references(filter, &answers_read);
                choices
                    .iter()
                    .filter(|choice| self.filter_keeps(&filter, item, choice, answers))
                    .collect()
            }
        }
    }

    /// Whether `item`'s answer names a choice its filter does not offer with `answers` (a
    /// municipality of another region, after the region changed). Only the choices named are
    /// judged, not the whole list.
    pub(super) fn answer_filtered_out(&self, item: &Item, answers: &Answers) -> bool {
        let Some(filter) = self.choice_filter_of(item) else {
            return false;
        };
        let Some(answer) = answers.get(&item.name) else {
            return false;
        };
        let choices = self.form.choices(item);
        let chosen = super::context::json_to_value(answer).choice_names();
        chosen.iter().any(|name| {
            !choices
                .iter()
                .filter(|choice| &choice.name == name)
                .any(|choice| self.filter_keeps(filter, item, choice, answers))
        })
    }

    fn choice_filter_of(&self, item: &Item) -> Option<&Expr> {
        self.item_position(&item.name)
            .and_then(|(page, index)| self.item_exprs(page, index))
            .and_then(|exprs| exprs.choice_filter.as_ref())
    }

    /// Whether `filter` keeps `choice` of `item` with `answers`.
    fn filter_keeps(&self, filter: &Expr, item: &Item, choice: &Choice, answers: &Answers) -> bool {
        if let Some(keeps) = column_equals_text(filter, choice) {
            return keeps;
        }
        let context = ChoiceContext {
            answers: AnswerContext::for_item(answers, Some(&item.name)),
            choice,
            form: &self.form,
        };
        truthy(&evaluate(filter, &context))
    }
}

/// The usual filter, `county = 'c01'` once its answer is bound, decided without evaluating it:
/// the choice's column compared with the text (as XPath compares two strings). `None` for
/// any other filter.
fn column_equals_text(filter: &Expr, choice: &Choice) -> Option<bool> {
    let Expr::Binary {
        operator: BinaryOperator::Equal,
        left,
        right,
    } = filter
    else {
        return None;
    };
    let (column, text) = match (left.as_ref(), right.as_ref()) {
        (Expr::ChoiceColumn(column), Expr::Text(text))
        | (Expr::Text(text), Expr::ChoiceColumn(column)) => (column, text),
        _ => return None,
    };
    let value = match column.as_str() {
        // A label depends on the form's default language: left to the evaluation.
        "label" => return None,
        "name" => choice.name.as_str(),
        other => choice.columns.get(other).map_or("", String::as_str),
    };
    Some(value == text)
}

#[cfg(test)]
mod tests {
    use super::super::{CompiledForm, ItemError, ItemErrorKind};
    use crate::form::import_json;
    use serde_json::{json, Map, Value as Json};

    /// Region on the first page; on the second the municipalities of that region.
    fn cascade() -> CompiledForm {
        let choice = |name: &str, region: &str| json!({"name": name, "label": {"sv": name}, "columns": {"region": region}});
        let form = json!({
            "form_id": "cascade", "title": "Cascade", "version": "1",
            "default_language": "sv", "languages": [{"code": "sv", "name": "Svenska"}],
            "pages": [
                {"id": "region", "items": [{"name": "region", "type": "select_one",
                    "choice_list": "regions", "label": {"sv": "Län"}, "required": true}]},
                {"id": "where", "items": [{"name": "municipality", "type": "select_one",
                    "choice_list": "municipalities", "choice_filter": "region = ${region}",
                    "label": {"sv": "Kommun"}, "required": true}]}
            ],
            "choice_lists": {
                "regions": [{"name": "ab", "label": {"sv": "Stockholm"}},
                            {"name": "o", "label": {"sv": "Västra Götaland"}}],
                "municipalities": [choice("solna", "ab"), choice("nacka", "ab"),
                                   choice("boras", "o")]
            }
        });
        let report = import_json(&form.to_string()).unwrap();
        CompiledForm::new(report.form).unwrap()
    }

    fn map(value: Json) -> Map<String, Json> {
        value.as_object().cloned().unwrap()
    }

    fn offered(form: &CompiledForm, answers: &Json) -> Vec<String> {
        let item = form.form().item("municipality").unwrap();
        let answers = map(answers.clone()).into_iter().collect();
        form.offered_choices(item, &answers)
            .into_iter()
            .map(|c| c.name.clone())
            .collect()
    }

    #[test]
    fn the_choices_follow_the_earlier_answer() {
        let form = cascade();
        assert_eq!(offered(&form, &json!({"region": "ab"})), ["solna", "nacka"]);
        assert_eq!(offered(&form, &json!({"region": "o"})), ["boras"]);
        assert!(
            offered(&form, &json!({})).is_empty(),
            "nothing before a region"
        );
    }

    #[test]
    fn a_choice_not_offered_is_refused_and_an_offered_one_kept() {
        let form = cascade();
        let answers = map(json!({"region": "o"})).into_iter().collect();
        let refused = form.save_page(1, &answers, &map(json!({"municipality": "solna"})));
        assert_eq!(
            refused,
            Err(vec![ItemError {
                item: "municipality".into(),
                kind: ItemErrorKind::UnknownChoice
            }])
        );
        let saved = form
            .save_page(1, &answers, &map(json!({"municipality": "boras"})))
            .unwrap();
        assert_eq!(saved.get("municipality"), Some(&json!("boras")));
    }

    #[test]
    fn a_filter_naming_a_missing_column_is_refused_at_import() {
        let form = json!({
            "form_id": "f", "title": "F", "version": "1", "default_language": "sv",
            "languages": [{"code": "sv", "name": "Svenska"}],
            "pages": [{"id": "q", "items": [{"name": "q", "type": "select_one",
                "choice_list": "l", "choice_filter": "county = 'x'", "label": {"sv": "Q"}}]}],
            "choice_lists": {"l": [{"name": "a", "label": {"sv": "A"}}]}
        });
        let errors = import_json(&form.to_string()).unwrap_err();
        let shown: Vec<String> = errors.0.iter().map(ToString::to_string).collect();
        assert!(
            shown.iter().any(|e| e.contains("`county` is not a column")
                && e.contains("/pages/0/items/0/choice_filter")),
            "{shown:?}"
        );
    }
}
