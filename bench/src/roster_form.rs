//! The questionnaire of the repeat benchmark, in the project's JSON format: a household size,
//! then a repeat asked once per member (`repeat_count` = the size) on a page of its own, each
//! with a cascading select (municipality filtered by county: 21 counties, 290 municipalities, as
//! Sweden has) and a question that applies only to members born abroad; after the repeat a
//! count of the adults over every member (`sum`).

use serde_json::{json, Value};

/// The members of each benchmark household: the "repeat of 20".
pub const MEMBERS: u32 = 20;

const COUNTIES: usize = 21;
const MUNICIPALITIES: usize = 290;

fn texts(sv: &str, en: &str) -> Value {
    json!({"sv": sv, "en": en})
}

/// The county of municipality `m` (from 0): municipalities spread evenly over the counties.
fn county_of(m: usize) -> usize {
    m * COUNTIES / MUNICIPALITIES
}

/// The form as JSON text.
pub fn roster_form() -> String {
    let counties: Vec<Value> = (0..COUNTIES)
        .map(|c| json!({"name": format!("c{c:02}"), "label": texts(&format!("Län {c}"), &format!("County {c}"))}))
        .collect();
    let municipalities: Vec<Value> = (0..MUNICIPALITIES)
        .map(|m| {
            json!({
                "name": format!("m{m:03}"),
                "label": texts(&format!("Kommun {m}"), &format!("Municipality {m}")),
                "columns": {"county": format!("c{:02}", county_of(m))},
            })
        })
        .collect();
    let countries: Vec<Value> = ["se", "fi", "sy", "iq", "so", "ir", "pl", "other"]
        .iter()
        .map(|c| json!({"name": c, "label": texts(c, c)}))
        .collect();
    let question = |name: &str, kind: &str, sv: &str| json!({"name": name, "type": kind, "label": texts(sv, sv), "required": true});
    json!({
        "form_id": "roster_bench",
        "title": "Hushåll",
        "version": "1",
        "default_language": "sv",
        "languages": [{"code": "sv", "name": "Svenska"}, {"code": "en", "name": "English"}],
        "pages": [
            {"id": "household", "items": [
                {"name": "hh_size", "type": "integer", "label": texts("Hur många?", "How many?"),
                 "required": true, "constraint": ". >= 1 and . <= 20"},
            ]},
            {"id": "member", "title": texts("Person", "Person"), "repeat": "member", "items": [
                question("m_name", "text", "Förnamn"),
                {"name": "m_age", "type": "integer", "label": texts("Ålder för ${m_name}", "Age of ${m_name}"),
                 "required": true, "constraint": ". >= 0 and . <= 120"},
                {"name": "m_county", "type": "select_one", "choice_list": "counties",
                 "label": texts("Län", "County"), "required": true},
                {"name": "m_municipality", "type": "select_one", "choice_list": "municipalities",
                 "choice_filter": "county = ${m_county}", "label": texts("Kommun", "Municipality"),
                 "required": true},
                {"name": "m_born", "type": "select_one", "choice_list": "countries",
                 "label": texts("Född i", "Born in"), "required": true},
                {"name": "m_arrived", "type": "integer", "label": texts("Kom år", "Came in"),
                 "relevant": "${m_born} != 'se'", "constraint": ". >= 1900"},
                {"name": "m_adult", "type": "calculate", "calculation": "if(${m_age} >= 18, 1, 0)"},
            ]},
            {"id": "end", "items": [
                {"name": "n_adults", "type": "calculate", "calculation": "sum(${m_adult})"},
                {"name": "n_members", "type": "calculate", "calculation": "count(${member})"},
                {"name": "thanks", "type": "note", "label": texts("${n_adults} vuxna", "${n_adults} adults")},
            ]},
        ],
        "choice_lists": {
            "counties": counties,
            "municipalities": municipalities,
            "countries": countries,
        },
        "repeats": [{"name": "member", "label": texts("Person", "Person"), "count": "${hh_size}"}],
    })
    .to_string()
}

/// The page of member `k` (from 1) and valid answers to it, serialised; every member lives
/// in a municipality of another county.
pub fn member_page(k: u32) -> (String, String) {
    let m = (k as usize * 13) % MUNICIPALITIES;
    let born_in_sweden = k.is_multiple_of(2);
    let mut answers = json!({
        format!("m_name~{k}"): format!("Person {k}"),
        format!("m_age~{k}"): 10 + k * 3,
        format!("m_county~{k}"): format!("c{:02}", county_of(m)),
        format!("m_municipality~{k}"): format!("m{m:03}"),
        format!("m_born~{k}"): if born_in_sweden { "se" } else { "sy" },
        format!("m_arrived~{k}"): 2000 + k,
    });
    if born_in_sweden {
        // Born in Sweden: the year of arrival does not apply and is not sent.
        if let Some(object) = answers.as_object_mut() {
            object.remove(&format!("m_arrived~{k}"));
        }
    }
    (format!("member~{k}"), answers.to_string())
}
