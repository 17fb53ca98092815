//! Rendering tests: every page in Swedish and Arabic, escaping, errors that keep what was
//! typed, choices, and the rules the Content-Security-Policy and old phones impose.

use super::*;
use crate::i18n::{text, UiText};

fn shell(lang: &str, title: &str) -> Shell {
    let languages = LanguageLink::for_languages(&["sv", "en", "ar", "fa"], lang);
    Shell::new(lang, title, languages, "/p/trust")
}

fn choice(name: &str, label: &str, checked: bool) -> ChoiceView {
    ChoiceView {
        name: name.to_owned(),
        label: label.to_owned(),
        checked,
    }
}

fn item(name: &str, kind: ItemKind, label: &str) -> ItemView {
    ItemView {
        name: name.to_owned(),
        kind,
        label: label.to_owned(),
        hint: String::new(),
        required: false,
        value: String::new(),
        choices: Vec::new(),
        choices_in_a_row: false,
        ranking: Vec::new(),
        error: None,
    }
}

fn question_page(lang: &str) -> QuestionPage {
    let mut trust = item(
        "trust_police",
        ItemKind::SelectOne,
        "Hur stort förtroende har du för polisen?",
    );
    trust.required = true;
    trust.choices = vec![
        choice("1", "Mycket litet", false),
        choice("2", "Ganska litet", true),
        choice("3", "Ganska stort", false),
    ];
    let mut languages = item(
        "languages",
        ItemKind::SelectMultiple,
        "Vilka språk talar du hemma?",
    );
    languages.choices = vec![
        choice("sv", "Svenska", true),
        choice("ar", "Arabiska", false),
        choice("fa", "Persiska", true),
    ];
    let mut years = item(
        "years_in_sweden",
        ItemKind::Integer,
        "Hur många år har du bott i Sverige?",
    );
    years.hint = "Avrunda till hela år.".to_owned();
    QuestionPage {
        shell: shell(lang, "Förtroende"),
        csrf: "csrf-token-123".to_owned(),
        page_id: "trust".to_owned(),
        page_title: "Förtroende".to_owned(),
        progress: (2, 9),
        errors: Vec::new(),
        items: vec![
            item("intro", ItemKind::Note, "Några frågor om förtroende."),
            trust,
            languages,
            years,
            item(
                "income",
                ItemKind::Decimal,
                "Månadsinkomst i tusental kronor",
            ),
            item("arrived", ItemKind::Date, "När kom du till Sverige?"),
            item("name_of_town", ItemKind::Text, "I vilken ort bor du?"),
            item("comments", ItemKind::Multiline, "Övriga synpunkter"),
        ],
        can_go_back: true,
        version: 3,
        info: None,
    }
}

fn question_page_with_error(lang: &str) -> QuestionPage {
    let mut page = question_page(lang);
    let message = "Skriv ett heltal, till exempel 12.".to_owned();
    page.errors = vec![ErrorSummaryItem {
        item_name: "years_in_sweden".to_owned(),
        message: message.clone(),
    }];
    for item in &mut page.items {
        if item.name == "years_in_sweden" {
            item.value = "tolv".to_owned();
            item.error = Some(message.clone());
        }
    }
    page
}

fn review_page(lang: &str) -> ReviewPage {
    let row = |page_id: &str, page_title: &str, question: &str, answer: &str| ReviewRow {
        page_id: page_id.to_owned(),
        page_title: page_title.to_owned(),
        question: question.to_owned(),
        answer: answer.to_owned(),
    };
    ReviewPage {
        shell: shell(lang, "Kontrollera dina svar"),
        csrf: "csrf-token-123".to_owned(),
        rows: vec![
            row(
                "trust",
                "Förtroende",
                "Förtroende för polisen",
                "Ganska litet",
            ),
            row("trust", "Förtroende", "Språk hemma", "Svenska, Persiska"),
            row("voting", "Val", "Röstade du i valet?", ""),
        ],
        missing: vec![MissingAnswer {
            page_id: "voting".to_owned(),
            item_name: "voted".to_owned(),
            message: "Svara på frågan om valet.".to_owned(),
        }],
    }
}

fn start_page(lang: &str) -> StartPage {
    StartPage {
        shell: shell(lang, "Svar"),
        csrf: "csrf-token-123".to_owned(),
        error: None,
        code_value: String::new(),
    }
}

fn message_page(lang: &str) -> MessagePage {
    MessagePage {
        shell: shell(lang, "Stängd"),
        heading: text(lang, UiText::SurveyClosedHeading).to_owned(),
        message: text(lang, UiText::SurveyClosedMessage).to_owned(),
        link: Some(LinkView {
            href: "/".to_owned(),
            label: text(lang, UiText::GoToStartPage).to_owned(),
        }),
    }
}

/// Every page, rendered in `lang`.
fn every_page(lang: &str) -> Vec<(&'static str, String)> {
    let render = |result: Result<String, RenderError>| match result {
        Ok(html) => html,
        Err(error) => panic!("rendering failed: {error}"),
    };
    let mut start_with_error = start_page(lang);
    start_with_error.error = Some("Koden stämmer inte.".to_owned());
    start_with_error.code_value = "K7QM-2XHD".to_owned();
    vec![
        ("start", render(render_start_page(&start_page(lang)))),
        (
            "start with error",
            render(render_start_page(&start_with_error)),
        ),
        (
            "question",
            render(render_question_page(&question_page(lang))),
        ),
        (
            "question with error",
            render(render_question_page(&question_page_with_error(lang))),
        ),
        ("review", render(render_review_page(&review_page(lang)))),
        (
            "decline confirmation",
            render(render_decline_confirm_page(&DeclineConfirmPage {
                shell: shell(lang, "Avböj"),
                csrf: "csrf-token-123".to_owned(),
                back_href: "/p/trust".to_owned(),
            })),
        ),
        (
            "declined",
            render(render_declined_page(&DeclinedPage {
                shell: shell(lang, "Avböjt"),
            })),
        ),
        (
            "thank you",
            render(render_thank_you_page(&ThankYouPage {
                shell: shell(lang, "Tack"),
            })),
        ),
        ("message", render(render_message_page(&message_page(lang)))),
    ]
}

/// The values of every `attribute="…"` in `html`.
fn attribute_values<'a>(html: &'a str, attribute: &str) -> Vec<&'a str> {
    let needle = format!(" {attribute}=\"");
    html.match_indices(&needle)
        .filter_map(|(start, _)| {
            let rest = &html[start + needle.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}

#[test]
fn swedish_pages_are_left_to_right_and_arabic_pages_right_to_left() {
    for (name, html) in every_page("sv") {
        assert!(html.contains(r#"<html lang="sv" dir="ltr">"#), "{name}");
    }
    for (name, html) in every_page("ar") {
        assert!(html.contains(r#"<html lang="ar" dir="rtl">"#), "{name}");
    }
    for (name, html) in every_page("fa") {
        assert!(html.contains(r#"dir="rtl""#), "{name}");
    }
}

#[test]
fn every_page_has_the_viewport_the_stylesheet_and_no_script_or_inline_style() {
    for lang in ["sv", "ar"] {
        for (name, html) in every_page(lang) {
            assert!(html.starts_with("<!DOCTYPE html>"), "{name}");
            assert!(
                html.contains(
                    r#"<meta name="viewport" content="width=device-width, initial-scale=1">"#
                ),
                "{name}"
            );
            assert!(html.contains(r#"<link rel="stylesheet" href="/static/svar.css">"#));
            let lower = html.to_lowercase();
            assert!(!lower.contains("<script"), "{name} has a script");
            assert!(!lower.contains("style="), "{name} has an inline style");
            assert!(!lower.contains("<style"), "{name} has a style element");
            assert!(
                !lower.contains("javascript:"),
                "{name} has a javascript: URL"
            );
            for handler in [" onclick=", " onload=", " onsubmit=", " onchange="] {
                assert!(!lower.contains(handler), "{name} has {handler}");
            }
        }
    }
}

#[test]
fn element_ids_are_unique_on_every_page() {
    for (name, html) in every_page("sv") {
        let mut ids = attribute_values(&html, "id");
        let count = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), count, "{name} repeats an id");
    }
}

#[test]
fn interface_texts_follow_the_page_language() {
    let swedish = every_page("sv");
    let arabic = every_page("ar");
    let question_sv = &swedish[2].1;
    let question_ar = &arabic[2].1;
    assert!(question_sv.contains(">Nästa</button>"));
    assert!(question_sv.contains("Sida 2 av 9"));
    assert!(question_ar.contains(">التالي</button>"));
    assert!(question_ar.contains("الصفحة 2 من 9"));
    assert!(arabic[0].1.contains(text("ar", UiText::StartHeading)));
}

#[test]
fn unknown_language_keeps_its_lang_and_gets_english_interface_texts() {
    let Ok(html) = render_question_page(&question_page("so")) else {
        panic!("rendering failed");
    };
    assert!(html.contains(r#"<html lang="so" dir="ltr">"#));
    assert!(html.contains(">Next</button>"));
}

#[test]
fn labels_and_values_are_escaped() {
    let mut page = question_page("sv");
    page.items[1].label = "<script>alert('x')</script> & \"quotes\"".to_owned();
    page.items[3].value = "\"><img src=x onerror=alert(1)>".to_owned();
    page.page_title = "<b>title</b>".to_owned();
    let Ok(html) = render_question_page(&page) else {
        panic!("rendering failed");
    };
    assert!(!html.contains("<script"));
    assert!(html.contains("&#60;script&#62;") || html.contains("&lt;script&gt;"));
    assert!(!html.contains("<img"));
    assert!(!html.contains("<b>title</b>"));
}

#[test]
fn error_summary_lists_the_message_links_to_the_field_and_keeps_the_typed_value() {
    let Ok(html) = render_question_page(&question_page_with_error("sv")) else {
        panic!("rendering failed");
    };
    let summary_start = html.find(r#"class="error-summary" role="alert""#);
    let form_start = html.find("<form method=\"post\" action=\"/p/trust\"");
    assert!(matches!((summary_start, form_start), (Some(s), Some(f)) if s < f));
    assert!(html
        .contains(r##"<a href="#field-years_in_sweden">Skriv ett heltal, till exempel 12.</a>"##));
    assert!(html.contains(r#"id="field-years_in_sweden""#));
    assert!(html.contains(r#"value="tolv""#));
    assert!(html.contains(r#"id="error-years_in_sweden""#));
    assert!(html.contains(r#"aria-describedby="hint-years_in_sweden error-years_in_sweden""#));
    assert!(html.contains(r#"aria-invalid="true""#));
    assert!(html.contains("<title>Fel: Förtroende</title>"));
}

#[test]
fn page_without_errors_has_no_error_summary() {
    let Ok(html) = render_question_page(&question_page("sv")) else {
        panic!("rendering failed");
    };
    assert!(!html.contains("error-summary"));
    assert!(!html.contains("aria-invalid"));
    assert!(html.contains("<title>Förtroende</title>"));
}

#[test]
fn select_multiple_renders_checkboxes_sharing_the_name_with_the_chosen_ones_checked() {
    let Ok(html) = render_question_page(&question_page("sv")) else {
        panic!("rendering failed");
    };
    let checkboxes: Vec<&str> = html
        .split("<input")
        .skip(1)
        .filter(|tag| tag.contains(r#"type="checkbox""#))
        .map(|tag| tag.split('>').next().unwrap_or_default())
        .collect();
    assert_eq!(checkboxes.len(), 3);
    assert!(checkboxes
        .iter()
        .all(|tag| tag.contains(r#"name="languages""#)));
    let checked: Vec<bool> = checkboxes
        .iter()
        .map(|tag| tag.contains(" checked"))
        .collect();
    assert_eq!(checked, vec![true, false, true]);
    assert!(html.contains(text("sv", UiText::SelectAllThatApply)));
}

#[test]
fn select_one_renders_radios_in_a_fieldset_with_the_legend_and_the_chosen_one_checked() {
    let Ok(html) = render_question_page(&question_page("sv")) else {
        panic!("rendering failed");
    };
    let radios: Vec<&str> = html
        .split("<input")
        .skip(1)
        .filter(|tag| tag.contains(r#"type="radio""#))
        .map(|tag| tag.split('>').next().unwrap_or_default())
        .collect();
    assert_eq!(radios.len(), 3);
    assert!(radios
        .iter()
        .all(|tag| tag.contains(r#"name="trust_police""#)));
    assert!(radios[1].contains(" checked"));
    assert!(radios[0].contains(r#"id="field-trust_police""#));
    assert!(html.contains("<legend class=\"question\"><span class=\"label-text\">Hur stort förtroende har du för polisen?</span> <span class=\"required\">(måste besvaras)</span></legend>"));
}

#[test]
fn number_and_date_inputs_use_inputmode_and_the_date_type() {
    let Ok(html) = render_question_page(&question_page("sv")) else {
        panic!("rendering failed");
    };
    assert!(!html.contains(r#"type="number""#));
    assert!(html.contains(r#"name="years_in_sweden" type="text" value="" inputmode="numeric""#));
    assert!(html.contains(r#"name="income" type="text" value="" inputmode="decimal""#));
    assert!(html.contains(r#"name="arrived" type="date""#));
    assert!(html.contains(text("sv", UiText::DateFormatHint)));
    assert!(html.contains(r#"<textarea class="textarea" id="field-comments" name="comments""#));
}

#[test]
fn the_first_submit_button_of_the_question_form_is_next() {
    for lang in ["sv", "ar"] {
        let Ok(html) = render_question_page(&question_page(lang)) else {
            panic!("rendering failed");
        };
        let Some(form_start) = html.find(r#"action="/p/trust""#) else {
            panic!("no question form");
        };
        let form = &html[form_start..];
        let buttons: Vec<&str> = form
            .split("<button")
            .skip(1)
            .map(|tag| tag.split('>').next().unwrap_or_default())
            .collect();
        assert!(buttons[0].contains(r#"type="submit" name="_action" value="next""#));
        assert!(buttons[1].contains(r#"name="_action" value="back""#));
        assert!(form.contains(r#"<input type="hidden" name="_csrf" value="csrf-token-123">"#));
    }
}

#[test]
fn first_page_has_no_back_button() {
    let mut page = question_page("sv");
    page.can_go_back = false;
    let Ok(html) = render_question_page(&page) else {
        panic!("rendering failed");
    };
    assert!(!html.contains(r#"value="back""#));
}

#[test]
fn question_pages_offer_declining() {
    let Ok(html) = render_question_page(&question_page("sv")) else {
        panic!("rendering failed");
    };
    assert!(html.contains(r#"<a href="/decline">Jag vill inte delta</a>"#));
}

#[test]
fn language_switch_posts_lang_and_csrf_to_lang_without_javascript() {
    let Ok(html) = render_question_page(&question_page("ar")) else {
        panic!("rendering failed");
    };
    assert!(html.contains(r#"<form class="language-switch" method="post" action="/lang">"#));
    assert!(html.contains(r#"<select class="select" id="language-select" name="lang">"#));
    assert!(html.contains(r#"<option value="ar" lang="ar" selected>العربية</option>"#));
    assert!(html.contains(r#"<option value="sv" lang="sv">Svenska</option>"#));
    assert!(html.contains(r#"name="return_to" value="/p/trust""#));
    assert!(html.contains("اللغة · Language"));
}

#[test]
fn start_page_has_the_code_field_with_hint_and_keeps_the_code_on_error() {
    let mut page = start_page("sv");
    page.error = Some("Koden stämmer inte.".to_owned());
    page.code_value = "K7QM-2XHD".to_owned();
    let Ok(html) = render_start_page(&page) else {
        panic!("rendering failed");
    };
    assert!(html.contains(r#"<form method="post" action="/start" novalidate>"#));
    assert!(html.contains(r#"name="code" type="text" value="K7QM-2XHD" autocomplete="off" autocapitalize="characters" autocorrect="off" spellcheck="false""#));
    assert!(html.contains(r#"<label class="question" for="field-code">Din kod</label>"#));
    assert!(html.contains("Koden står i ditt brev, till exempel"));
    assert!(html.contains("K7QM-2XHD-9WBT-N"));
    assert!(html.contains(r##"<a href="#field-code">Koden stämmer inte.</a>"##));
    assert!(html.contains(r#"aria-describedby="hint-code error-code""#));
}

#[test]
fn review_groups_answers_by_page_with_change_links_and_links_missing_answers() {
    let Ok(html) = render_review_page(&review_page("sv")) else {
        panic!("rendering failed");
    };
    assert_eq!(html.matches("class=\"review-group\"").count(), 2);
    assert!(html.contains(r#"<a class="change-link" href="/p/trust">Ändra"#));
    assert!(html.contains(r#"<a class="change-link" href="/p/voting">Ändra"#));
    assert!(html.contains("<dd class=\"summary-answer\">Ganska litet</dd>"));
    assert!(html.contains("Inte besvarad"));
    assert!(html.contains(r##"<a href="/p/voting#field-voted">Svara på frågan om valet.</a>"##));
    assert!(html.contains(r#"<form method="post" action="/submit" novalidate>"#));
    assert!(html.contains(">Skicka in svaren</button>"));
}

#[test]
fn page_ids_in_urls_are_percent_encoded() {
    let mut page = question_page("sv");
    page.page_id = "a b/\"c".to_owned();
    let Ok(html) = render_question_page(&page) else {
        panic!("rendering failed");
    };
    assert!(html.contains(r#"action="/p/a%20b%2F%22c""#));
}

#[test]
fn decline_confirmation_posts_to_decline_and_offers_a_way_back() {
    let Ok(html) = render_decline_confirm_page(&DeclineConfirmPage {
        shell: shell("fa", "انصراف"),
        csrf: "csrf-token-123".to_owned(),
        back_href: "/p/trust".to_owned(),
    }) else {
        panic!("rendering failed");
    };
    assert!(html.contains(r#"<form method="post" action="/decline" novalidate>"#));
    assert!(html.contains(text("fa", UiText::DeclineConfirmButton)));
    assert!(html.contains(r#"<a href="/p/trust">"#));
}

#[test]
fn final_pages_show_their_message_and_no_language_form() {
    let pages = every_page("sv");
    let find = |wanted: &str| {
        pages
            .iter()
            .find(|(name, _)| *name == wanted)
            .map(|(_, html)| html.as_str())
            .unwrap_or_default()
    };
    assert!(find("thank you").contains("Tack för dina svar!"));
    assert!(find("declined").contains("Du har tackat nej"));
    assert!(find("message").contains("Undersökningen är stängd"));
    assert!(find("message").contains(r#"<a href="/">Till startsidan</a>"#));
    assert!(!find("thank you").contains("language-switch"));
}

#[test]
fn render_error_names_the_page() {
    let error = RenderError {
        page: "question",
        source: askama::Error::Fmt,
    };
    assert_eq!(error.to_string(), "could not render the question page");
}
