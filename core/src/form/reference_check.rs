//! Checks the two places a questionnaire refers to its own items: expressions (`relevant`,
//! `constraint`, `calculation`) and `${name}` piping in texts. Both import paths use it, so
//! an XLSForm and a JSON form are held to the same rules.

use super::piping::{piped_names, PipedName};
use std::collections::BTreeSet;

/// What is wrong with an expression, as messages for the author; empty when it is fine.
///
/// `known_names` are the names a `${…}` may refer to (every item of the form).
pub fn expression_problems(source: &str, known_names: &BTreeSet<String>) -> Vec<String> {
    match crate::expr::parse(source) {
        Err(error) => vec![format!(
            "`{source}` does not parse at character {}: {}",
            error.column(source),
            error.message
        )],
        Ok(expression) => expression
            .references()
            .into_iter()
            .filter(|name| !known_names.contains(name))
            .map(|name| format!("${{{name}}} names no question"))
            .collect(),
    }
}

/// What is wrong with a `choice_filter`; empty when it is fine. Besides `${…}` it may name
/// `columns` of its list's choices as bare names (`region = ${region}`).
pub fn choice_filter_problems(
    source: &str,
    known_names: &BTreeSet<String>,
    columns: &BTreeSet<String>,
) -> Vec<String> {
    match crate::expr::parse_choice_filter(source) {
        Err(error) => vec![format!(
            "`{source}` does not parse at character {}: {}",
            error.column(source),
            error.message
        )],
        Ok(expression) => {
            let unknown_references = expression
                .references()
                .into_iter()
                .filter(|name| !known_names.contains(name))
                .map(|name| format!("${{{name}}} names no question"));
            let unknown_columns = expression
                .choice_columns()
                .into_iter()
                .filter(|name| !columns.contains(name))
                .map(|name| format!("`{name}` is not a column of the list's choices"));
            unknown_references.chain(unknown_columns).collect()
        }
    }
}

/// What is wrong with the `${name}` piping in a text; empty when it is fine.
pub fn piping_problems(text: &str, known_names: &BTreeSet<String>) -> Vec<String> {
    piped_names(text)
        .into_iter()
        .filter_map(|piped| match piped {
            PipedName::Name { name, .. } if known_names.contains(&name) => None,
            PipedName::Name { name, .. } => Some(format!("${{{name}}} names no question")),
            PipedName::Unclosed { position } => {
                Some(format!("`${{` at position {position} has no closing `}}`"))
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> BTreeSet<String> {
        list.iter().map(|n| n.to_string()).collect()
    }

    #[test]
    fn a_known_reference_is_fine() {
        let known = names(&["born_sweden"]);
        assert!(expression_problems("${born_sweden} = 'no'", &known).is_empty());
    }

    #[test]
    fn an_unknown_reference_is_named() {
        let known = names(&["arrival_year"]);
        assert_eq!(
            expression_problems("${arival_year} > 2000", &known),
            vec!["${arival_year} names no question".to_string()]
        );
    }

    #[test]
    fn an_unknown_function_does_not_parse() {
        let problems = expression_problems("random() > 0.5", &names(&[]));
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].contains("does not parse at character"),
            "{problems:?}"
        );
    }

    #[test]
    fn a_choice_filter_names_questions_and_choice_columns() {
        let known = names(&["region"]);
        let columns = names(&["name", "label", "region"]);
        assert!(choice_filter_problems("region = ${region}", &known, &columns).is_empty());
        assert_eq!(
            choice_filter_problems("county = ${region}", &known, &columns),
            vec!["`county` is not a column of the list's choices".to_string()]
        );
        assert_eq!(
            choice_filter_problems("region = ${regoin}", &known, &columns),
            vec!["${regoin} names no question".to_string()]
        );
        assert_eq!(expression_problems("region = ${region}", &known).len(), 1);
    }

    #[test]
    fn piping_names_must_exist() {
        let known = names(&["years_in_sweden"]);
        assert!(piping_problems("about ${years_in_sweden} years", &known).is_empty());
        assert_eq!(
            piping_problems("about ${years} years", &known),
            vec!["${years} names no question".to_string()]
        );
        assert_eq!(piping_problems("${open", &known).len(), 1);
    }
}
