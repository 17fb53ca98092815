//! The words of the question Svar adds after each instance of a repeat without a
//! `repeat_count` ("Household member: add another?"), in the form's languages: the author
//! wrote no such question, so its text cannot come from the form.

use crate::form::model::{Choice, Form, Texts};

/// The choice names of the answer.
pub(super) const YES: &str = "yes";
pub(super) const NO: &str = "no";

/// (language, question with `{}` for the repeat's label, yes, no). Other languages read
/// English.
const WORDS: &[(&str, &str, &str, &str)] = &[
    ("en", "{}: add another?", "Yes", "No"),
    ("sv", "{}: lägga till en till?", "Ja", "Nej"),
    ("ar", "{}: إضافة واحد آخر؟", "نعم", "لا"),
    ("fa", "{}: یکی دیگر اضافه شود؟", "بله", "خیر"),
    ("de", "{}: noch einen hinzufügen?", "Ja", "Nein"),
    ("fr", "{} : en ajouter un autre ?", "Oui", "Non"),
    ("es", "{}: ¿añadir otro?", "Sí", "No"),
    ("fi", "{}: lisätäänkö vielä yksi?", "Kyllä", "Ei"),
];

fn words(code: &str) -> (&'static str, &'static str, &'static str) {
    let base = code.split(['-', '_']).next().unwrap_or(code);
    let (_, question, yes, no) = WORDS
        .iter()
        .find(|(language, ..)| *language == base)
        .unwrap_or(&WORDS[0]);
    (question, yes, no)
}

/// "Household member: add another?" in each of the form's languages.
pub(super) fn add_question(form: &Form, repeat: &str, repeat_label: &Texts) -> Texts {
    form.languages
        .iter()
        .map(|language| {
            let label = match form.text(repeat_label, &language.code) {
                "" => repeat,
                label => label,
            };
            let (question, _, _) = words(&language.code);
            (language.code.clone(), question.replacen("{}", label, 1))
        })
        .collect()
}

/// The answers yes and no, labelled in each of the form's languages.
pub(super) fn yes_no(form: &Form) -> Vec<Choice> {
    let labelled = |name: &str, yes: bool| Choice {
        name: name.to_string(),
        label: form
            .languages
            .iter()
            .map(|language| {
                let (_, yes_word, no_word) = words(&language.code);
                let word = if yes { yes_word } else { no_word };
                (language.code.clone(), word.to_string())
            })
            .collect(),
        columns: Default::default(),
    };
    vec![labelled(YES, true), labelled(NO, false)]
}
