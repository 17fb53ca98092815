//! `ValidJson<T>`: the JSON body of a management request, refused field by field. Every
//! manager route takes its body through this extractor instead of `web::Json`:
//!
//! - not JSON (wrong `Content-Type`): 415; malformed JSON: 400;
//! - a body over the size limit: 413;
//! - unknown fields (the struct has `#[serde(deny_unknown_fields)]`), missing fields and
//!   values of the wrong type: 422 `invalid-fields`, naming the field;
//! - then `validator::Validate`: 422 `invalid-fields` with every refused field.
//!
//! The refusal is kept, not raised, by the extractor: actix polls a handler's extractors
//! together, and a bad body must not be answered before the caller's token or role is (401 and
//! 403 come first). The handler takes the body with `into_inner()?` once it has its `Manager`.
//!
//! ```ignore
//! #[derive(Deserialize, Validate)]
//! #[serde(deny_unknown_fields)]
//! struct NewSurvey { #[validate(length(min = 1, max = 200))] name: String, round: i32 }
//! async fn post(manager: Manager, body: ValidJson<NewSurvey>) -> Result<HttpResponse, Problem> {
//!     let NewSurvey { name, round } = body.into_inner()?;
//!     …
//! }
//! ```

use super::validation::field_errors;
use crate::problem::{FieldError, Problem};
use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::{web, FromRequest, HttpMessage, HttpRequest};
use serde::de::DeserializeOwned;
use std::future::Future;
use std::pin::Pin;
use validator::Validate;

/// A body whose rules are checked against stored data in the handler (a contact plan against
/// the survey's strata, settings against the survey's state): its own types say what each
/// field takes, and `validator` has nothing more to check.
#[derive(Debug, serde::Deserialize)]
#[serde(transparent)]
pub struct CheckedInHandler<T>(pub T);

impl<T> Validate for CheckedInHandler<T> {
    fn validate(&self) -> Result<(), validator::ValidationErrors> {
        Ok(())
    }
}

/// A JSON body, deserialised and validated, or the problem that refuses it.
#[derive(Debug)]
pub struct ValidJson<T>(Result<T, Problem>);

impl<T> ValidJson<T> {
    /// The body, or the problem document for it (415, 400, 413 or 422).
    pub fn into_inner(self) -> Result<T, Problem> {
        self.0
    }
}

impl<T: DeserializeOwned + Validate + 'static> FromRequest for ValidJson<T> {
    type Error = Problem;
    type Future = Pin<Box<dyn Future<Output = Result<ValidJson<T>, Problem>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let is_json = req
            .mime_type()
            .ok()
            .flatten()
            .is_some_and(|m| m.subtype() == mime_json() || m.suffix() == Some(mime_json()));
        let body = web::Bytes::from_request(req, payload);
        Box::pin(async move { Ok(ValidJson(read::<T>(is_json, body).await)) })
    }
}

async fn read<T: DeserializeOwned + Validate>(
    is_json: bool,
    body: <web::Bytes as FromRequest>::Future,
) -> Result<T, Problem> {
    if !is_json {
        return Err(Problem::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported-media-type",
            "The body must be JSON (Content-Type: application/json)",
        ));
    }
    let bytes = body.await.map_err(|e| {
        let status = e.as_response_error().status_code();
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            Problem::new(status, "payload-too-large", "The body is too large")
        } else {
            Problem::bad_request("the body could not be read")
        }
    })?;
    let value = parse::<T>(&bytes)?;
    value
        .validate()
        .map_err(|e| Problem::invalid_fields(field_errors(&e)))?;
    Ok(value)
}

fn mime_json() -> actix_web::mime::Name<'static> {
    actix_web::mime::JSON
}

/// Deserialises `bytes`, naming the field of a shape error.
fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Problem> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| shape_problem(&e))?;
    de.end()
        .map_err(|e| Problem::bad_request(format!("the body is not valid JSON: {e}")))?;
    Ok(value)
}

fn shape_problem(e: &serde_path_to_error::Error<serde_json::Error>) -> Problem {
    let inner = e.inner();
    if !inner.is_data() {
        return Problem::bad_request(format!("the body is not valid JSON: {inner}"));
    }
    let message = inner.to_string();
    let path = e.path().to_string();
    // The path of an unknown field ends with its name; a missing field is named only in the
    // message, at the path of the object that lacks it.
    let error = if message.starts_with("unknown field `") {
        FieldError::field(path, "unknown_field", "is not a field of this request")
    } else if let Some(field) = quoted_after(&message, "missing field `") {
        let field = if path == "." {
            field.to_string()
        } else {
            format!("{path}.{field}")
        };
        FieldError::field(field, "required", "is required")
    } else {
        FieldError::field(path, "invalid_type", without_position(&message))
    };
    Problem::invalid_fields(vec![error])
}

fn quoted_after<'a>(message: &'a str, prefix: &str) -> Option<&'a str> {
    let rest = &message[message.find(prefix)? + prefix.len()..];
    rest.split('`').next()
}

/// serde_json's message without its " at line 1 column 9".
fn without_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        code: String,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Body {
        email: String,
        round: i32,
        strata: Vec<Inner>,
    }

    fn refused(json: &str) -> (u16, Vec<(String, String)>) {
        let p = parse::<Body>(json.as_bytes()).unwrap_err();
        let fields = p
            .errors
            .iter()
            .map(|e| (e.field.clone().unwrap_or_default(), e.code.clone()))
            .collect();
        (p.status, fields)
    }

    #[test]
    fn shape_errors_name_their_field() {
        let ok = r#"{"email":"a@b.se","round":1,"strata":[{"code":"A"}]}"#;
        assert!(parse::<Body>(ok.as_bytes()).is_ok());
        assert_eq!(
            refused(r#"{"email":"a@b.se","round":1,"strata":[],"rôle":"x"}"#),
            (422, vec![("rôle".into(), "unknown_field".into())])
        );
        assert_eq!(
            refused(r#"{"email":"a@b.se","strata":[]}"#),
            (422, vec![("round".into(), "required".into())])
        );
        assert_eq!(
            refused(r#"{"email":"a@b.se","round":"one","strata":[]}"#),
            (422, vec![("round".into(), "invalid_type".into())])
        );
        assert_eq!(
            refused(r#"{"email":"a@b.se","round":1,"strata":[{}]}"#),
            (422, vec![("strata[0].code".into(), "required".into())])
        );
        assert_eq!(
            refused(r#"{"email":"a@b.se","round":1,"strata":[{"code":"A"},{"cod":"B"}]}"#),
            (422, vec![("strata[1].cod".into(), "unknown_field".into())])
        );
    }

    #[test]
    fn malformed_json_is_a_bad_request() {
        for bad in [
            r#"{"email":"#,
            "",
            "not json",
            r#"{"email":"a","round":1,"strata":[]} x"#,
        ] {
            assert_eq!(refused(bad).0, 400, "{bad}");
        }
    }
}
