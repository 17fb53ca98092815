//! Test fixture: a small questionnaire in Swedish and Arabic with one item of each kind.

use crate::form::model::Form;
use serde_json::json;

/// Items in order: intro (note), born (select_one yes/no), year (integer), ways
/// (select_multiple vote/sign), when (date), note (text), score (calculate).
pub(super) fn small_form() -> Form {
    let l = |name: &str| json!({"sv": format!("{name} sv"), "ar": format!("{name} ar")});
    let item = |name: &str, kind: &str| json!({"name": name, "type": kind, "label": l(name)});
    let select = |name: &str, kind: &str, list: &str| json!({"name": name, "type": kind, "choice_list": list, "label": l(name)});
    let choice = |name: &str| json!({"name": name, "label": l(name)});
    serde_json::from_value(json!({
        "form_id": "f", "title": "T", "version": "3", "default_language": "sv",
        "languages": [{"code": "sv", "name": "Svenska"}, {"code": "ar", "name": "العربية"}],
        "pages": [{"id": "p", "items": [
            item("intro", "note"),
            select("born", "select_one", "yn"),
            item("year", "integer"),
            select("ways", "select_multiple", "w"),
            item("when", "date"),
            item("note", "text"),
            item("score", "calculate"),
        ]}],
        "choice_lists": {
            "yn": [choice("yes"), choice("no")],
            "w": [choice("vote"), choice("sign")]
        }
    }))
    .unwrap()
}
