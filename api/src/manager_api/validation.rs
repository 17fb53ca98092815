//! `validator`'s errors as the field-level list of a problem document: one entry per refused
//! field, named by its path in the request (`email`, `strata[2].code`), with a stable code and
//! a message a person can act on. Sorted by field, so the same input gives the same document.

use crate::problem::FieldError;
use std::borrow::Cow;
use svar_core::accounts::{check_new_password, Email};
use validator::{ValidationError, ValidationErrors, ValidationErrorsKind};

/// Custom rule for a password someone sets: the policy of `svar_core::accounts`
/// (`#[validate(custom(function = "new_password"))]`).
pub fn new_password(password: &str) -> Result<(), ValidationError> {
    check_new_password(password).map_err(|refusal| {
        ValidationError::new(refusal.code()).with_message(Cow::Owned(refusal.to_string()))
    })
}

/// Custom rule for an account's e-mail address: what `Email::parse` takes.
pub fn email_address(address: &str) -> Result<(), ValidationError> {
    Email::parse(address)
        .map(|_| ())
        .map_err(|e| ValidationError::new("email").with_message(Cow::Owned(e.to_string())))
}

/// Flattens nested and list errors into one list.
pub fn field_errors(errors: &ValidationErrors) -> Vec<FieldError> {
    let mut out = Vec::new();
    collect("", errors, &mut out);
    out.sort_by(|a, b| a.field.cmp(&b.field).then(a.code.cmp(&b.code)));
    out
}

fn collect(prefix: &str, errors: &ValidationErrors, out: &mut Vec<FieldError>) {
    for (name, kind) in errors.errors() {
        let path = if prefix.is_empty() {
            name.to_string()
        } else {
            format!("{prefix}.{name}")
        };
        match kind {
            ValidationErrorsKind::Field(list) => {
                out.extend(
                    list.iter()
                        .map(|e| FieldError::field(&path, e.code.to_string(), message(e))),
                );
            }
            ValidationErrorsKind::Struct(inner) => collect(&path, inner, out),
            ValidationErrorsKind::List(items) => {
                for (index, inner) in items {
                    collect(&format!("{path}[{index}]"), inner, out);
                }
            }
        }
    }
}

/// The error's own message, else one made from its code and parameters.
fn message(e: &ValidationError) -> String {
    if let Some(m) = &e.message {
        return m.to_string();
    }
    let param = |name: &str| e.params.get(name).map(|v| v.to_string());
    match e.code.as_ref() {
        "email" => "must be an e-mail address".to_string(),
        "length" => match (param("min"), param("max")) {
            (Some(min), Some(max)) => format!("must be {min} to {max} characters long"),
            (Some(min), None) => format!("must be at least {min} characters long"),
            (None, Some(max)) => format!("must be at most {max} characters long"),
            (None, None) => "has the wrong length".to_string(),
        },
        "range" => match (param("min"), param("max")) {
            (Some(min), Some(max)) => format!("must be between {min} and {max}"),
            (Some(min), None) => format!("must be at least {min}"),
            (None, Some(max)) => format!("must be at most {max}"),
            (None, None) => "is out of range".to_string(),
        },
        "required" => "is required".to_string(),
        "url" => "must be a URL".to_string(),
        other => format!("is not valid ({other})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use validator::Validate;

    #[derive(Validate)]
    struct Stratum {
        #[validate(length(min = 1, max = 8))]
        code: String,
    }

    #[derive(Validate)]
    struct Body {
        #[validate(email)]
        email: String,
        #[validate(range(min = 1, max = 100))]
        limit: u32,
        #[validate(nested)]
        strata: Vec<Stratum>,
    }

    #[test]
    fn nested_and_list_errors_are_named_by_their_path() {
        let body = Body {
            email: "not an address".into(),
            limit: 0,
            strata: vec![
                Stratum { code: "A".into() },
                Stratum {
                    code: "much too long".into(),
                },
            ],
        };
        let errors = field_errors(&body.validate().unwrap_err());
        let listed: Vec<(String, String, String)> = errors
            .into_iter()
            .map(|e| (e.field.unwrap(), e.code, e.message))
            .collect();
        assert_eq!(
            listed,
            [
                (
                    "email".to_string(),
                    "email".to_string(),
                    "must be an e-mail address".to_string()
                ),
                (
                    "limit".into(),
                    "range".into(),
                    "must be between 1 and 100".into()
                ),
                (
                    "strata[1].code".into(),
                    "length".into(),
                    "must be 1 to 8 characters long".into()
                ),
            ]
        );
    }
}
