//! Test fixture: the logic of the demo questionnaire (`shared/fixtures/integration-survey.xlsx`)
//! built by hand, so the answer rules are tested without the XLSForm importer.

use crate::form::model::{Choice, Form, Item, ItemKind, Language, Page, Texts};
use std::collections::BTreeMap;

pub(super) fn texts(pairs: &[(&str, &str)]) -> Texts {
    pairs
        .iter()
        .map(|(lang, text)| (lang.to_string(), text.to_string()))
        .collect()
}

/// An item with only a name and a type.
pub(super) fn item(name: &str, kind: ItemKind) -> Item {
    Item {
        label: texts(&[("en", name)]),
        ..Item::new(name, kind)
    }
}

pub(super) fn select(name: &str, kind: ItemKind, list: &str) -> Item {
    Item {
        choice_list: Some(list.to_owned()),
        ..item(name, kind)
    }
}

pub(super) fn required(item: Item) -> Item {
    Item {
        required: true,
        ..item
    }
}

pub(super) fn relevant(item: Item, expr: &str) -> Item {
    Item {
        relevant: Some(expr.to_owned()),
        ..item
    }
}

pub(super) fn constrained(item: Item, expr: &str) -> Item {
    Item {
        constraint: Some(expr.to_owned()),
        ..item
    }
}

pub(super) fn page(id: &str, items: Vec<Item>) -> Page {
    Page {
        id: id.to_owned(),
        title: texts(&[("en", id)]),
        relevant: None,
        items,
        repeat: None,
        instance: None,
    }
}

fn choices(names_and_labels: &[(&str, &str, &str)]) -> Vec<Choice> {
    names_and_labels
        .iter()
        .map(|(name, sv, en)| Choice {
            name: name.to_string(),
            label: texts(&[("sv", sv), ("en", en)]),
            columns: Default::default(),
        })
        .collect()
}

/// A form with `pages` and the demo's choice lists, languages sv (default) and en.
pub(super) fn form_with(pages: Vec<Page>) -> Form {
    let mut choice_lists = BTreeMap::new();
    choice_lists.insert(
        "yes_no".to_owned(),
        choices(&[("yes", "Ja", "Yes"), ("no", "Nej", "No")]),
    );
    choice_lists.insert(
        "yes_no_dk".to_owned(),
        choices(&[
            ("yes", "Ja", "Yes"),
            ("no", "Nej", "No"),
            ("dk", "Vet inte", "Don't know"),
        ]),
    );
    choice_lists.insert(
        "level4".to_owned(),
        choices(&[
            ("1", "Inte alls", "Not at all"),
            ("2", "Lite", "A little"),
            ("3", "Ganska bra", "Fairly well"),
            ("4", "Mycket bra", "Very well"),
        ]),
    );
    choice_lists.insert(
        "participation".to_owned(),
        choices(&[
            (
                "contact_politician",
                "Kontaktat en politiker",
                "Contacted a politician",
            ),
            ("petition", "Skrivit under ett upprop", "Signed a petition"),
            (
                "demonstration",
                "Deltagit i en demonstration",
                "Taken part in a demonstration",
            ),
            ("none", "Inget av detta", "None of these"),
        ]),
    );
    choice_lists.insert(
        "grounds".to_owned(),
        choices(&[
            ("origin", "Ursprung", "Origin"),
            ("religion", "Religion", "Religion"),
        ]),
    );
    choice_lists.insert(
        "agree5".to_owned(),
        choices(&[
            ("1", "Instämmer inte alls", "Strongly disagree"),
            ("5", "Instämmer helt", "Strongly agree"),
        ]),
    );
    Form {
        form_id: "integration_2027".to_owned(),
        title: "Integration i Sverige 2027".to_owned(),
        version: "2027.1".to_owned(),
        default_language: "sv".to_owned(),
        languages: vec![
            Language {
                code: "sv".to_owned(),
                name: "Svenska".to_owned(),
            },
            Language {
                code: "en".to_owned(),
                name: "English".to_owned(),
            },
        ],
        pages,
        choice_lists,
        allow_choice_duplicates: false,
        repeats: Vec::new(),
    }
}

/// The demo questionnaire's pages and logic (labels only where tests read them).
pub(super) fn demo_form() -> Form {
    use ItemKind::*;
    let years_in_sweden = Item {
        calculation: Some("if(${born_sweden} = 'no', 2027 - ${arrival_year}, '')".to_owned()),
        ..item("years_in_sweden", Calculate)
    };
    let years_note = Item {
        label: texts(&[
            (
                "sv",
                "Du har bott i Sverige i ungefär ${years_in_sweden} år.",
            ),
            (
                "en",
                "You have lived in Sweden for about ${years_in_sweden} years.",
            ),
        ]),
        ..relevant(
            item("years_note", Note),
            "${born_sweden} = 'no' and ${arrival_year} != ''",
        )
    };
    let comments = Item {
        appearance: Some("multiline".to_owned()),
        ..item("comments", Text)
    };
    form_with(vec![
        page(
            "p_about",
            vec![
                required(select("born_sweden", SelectOne, "yes_no")),
                constrained(
                    relevant(
                        required(item("arrival_year", Integer)),
                        "${born_sweden} = 'no'",
                    ),
                    ". >= 1920 and . <= 2026",
                ),
                relevant(
                    select("swedish_level", SelectOne, "level4"),
                    "${born_sweden} = 'no'",
                ),
                years_in_sweden,
            ],
        ),
        page(
            "p_democracy",
            vec![
                years_note,
                required(select("citizen", SelectOne, "yes_no")),
                relevant(
                    select("voted_riksdag", SelectOne, "yes_no_dk"),
                    "${citizen} = 'yes'",
                ),
                constrained(item("democracy_importance", Integer), ". >= 0 and . <= 10"),
                constrained(
                    select("participation", SelectMultiple, "participation"),
                    "not(selected(., 'none') and count-selected(.) > 1)",
                ),
            ],
        ),
        page(
            "p_social",
            vec![
                select("discriminated", SelectOne, "yes_no_dk"),
                relevant(
                    select("discrimination_grounds", SelectMultiple, "grounds"),
                    "${discriminated} = 'yes'",
                ),
            ],
        ),
        page(
            "p_values",
            vec![
                item("values_intro", Note),
                select("equal_rights", SelectOne, "agree5"),
            ],
        ),
        page("p_end", vec![comments]),
    ])
}
