//! Errors of the JSON API as `application/problem+json` (RFC 9457), with a field-level list:
//! per questionnaire item for refused answers (`item`), per request field for the management
//! API (`field`). Every respondent error maps to exactly one status here.

use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use svar_core::db::StoreError;
use svar_core::respondent::RespondentError;
use svar_core::response::error::ItemError;

/// One field-level error and a stable code: `item` names a questionnaire item (respondent
/// API), `field` a field of the request, e.g. `email` or `strata[2].code` (management API).
#[derive(Debug, Clone, Serialize)]
pub struct FieldError {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    pub code: String,
    pub message: String,
    /// Where in an uploaded file (a questionnaire): sheet, 1-based row, column.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub location: Option<FileLocation>,
}

/// A place in an uploaded file: for an XLSForm the sheet, the row Excel shows and the column
/// header; for JSON the sheet `json` and a JSON pointer as the column.
#[derive(Debug, Clone, Serialize)]
pub struct FileLocation {
    pub sheet: String,
    pub row: Option<u32>,
    pub column: Option<String>,
}

impl FieldError {
    /// An error about a field of the request.
    pub fn field(
        field: impl Into<String>,
        code: impl Into<String>,
        message: impl Into<String>,
    ) -> FieldError {
        FieldError {
            item: None,
            field: Some(field.into()),
            code: code.into(),
            message: message.into(),
            location: None,
        }
    }
}

/// A problem document. Its `Debug` (which request logging prints) shows only the type and
/// status: a `detail` may quote what the client sent, and answers must not reach the logs.
#[derive(Clone, Serialize)]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_version: Option<i64>,
    #[serde(skip)]
    pub retry_after_seconds: Option<u64>,
}

impl Problem {
    pub fn new(status: StatusCode, kind: &str, title: &str) -> Problem {
        Problem {
            kind: format!("https://svar.invalid/problems/{kind}"),
            title: title.to_string(),
            status: status.as_u16(),
            detail: None,
            errors: Vec::new(),
            current_version: None,
            retry_after_seconds: None,
        }
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Problem {
        self.detail = Some(detail.into());
        self
    }

    pub fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    pub fn unauthorized() -> Problem {
        Problem::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "A valid session token is required",
        )
    }

    pub fn bad_request(detail: impl Into<String>) -> Problem {
        Problem::new(
            StatusCode::BAD_REQUEST,
            "bad-request",
            "The request is malformed",
        )
        .detail(detail)
    }

    pub fn unavailable() -> Problem {
        Problem::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "unavailable",
            "The service is busy; try again",
        )
    }

    pub fn internal() -> Problem {
        Problem::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "Something went wrong on our side",
        )
    }

    pub fn throttled(retry_after: std::time::Duration) -> Problem {
        Problem::new(
            StatusCode::TOO_MANY_REQUESTS,
            "too-many-attempts",
            "Too many wrong codes from this address; wait before trying again",
        )
        .retry_after(retry_after)
    }

    /// Adds `Retry-After` (whole seconds, at least one).
    pub fn retry_after(mut self, wait: std::time::Duration) -> Problem {
        self.retry_after_seconds = Some(wait.as_secs().max(1));
        self
    }

    pub fn forbidden(title: &str) -> Problem {
        Problem::new(StatusCode::FORBIDDEN, "forbidden", title)
    }

    pub fn not_found() -> Problem {
        Problem::new(
            StatusCode::NOT_FOUND,
            "not-found",
            "There is no such resource",
        )
    }

    /// 422 with the refused fields of a request.
    pub fn invalid_fields(errors: Vec<FieldError>) -> Problem {
        Problem::item_errors(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid-fields",
            "Some fields were refused",
            errors,
        )
    }

    pub fn item_errors(
        status: StatusCode,
        kind: &str,
        title: &str,
        errors: Vec<FieldError>,
    ) -> Problem {
        let mut p = Problem::new(status, kind, title);
        p.errors = errors;
        p
    }
}

impl std::fmt::Debug for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Problem({}, {})", self.status, self.kind)
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.title, self.status)
    }
}

impl ResponseError for Problem {
    fn status_code(&self) -> StatusCode {
        Problem::status_code(self)
    }

    fn error_response(&self) -> HttpResponse {
        let mut res = HttpResponse::build(Problem::status_code(self));
        res.insert_header((
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        ));
        if let Some(secs) = self.retry_after_seconds {
            res.insert_header((header::RETRY_AFTER, secs.to_string()));
        }
        res.body(serde_json::to_string(self).unwrap_or_else(|_| "{}".to_string()))
    }
}

impl From<StoreError> for Problem {
    fn from(e: StoreError) -> Problem {
        // The kind only: the database's own text may quote a value that was written.
        match e {
            StoreError::Unavailable(_) => Problem::unavailable(),
            lost if lost.is_connection_lost() => {
                // The database went away under the request (a restart, a failover); the pool
                // replaces the connection, and the client may try again.
                tracing::warn!(error = lost.kind(), "storage error");
                Problem::unavailable()
            }
            other => {
                tracing::error!(error = other.kind(), "storage error");
                Problem::internal()
            }
        }
    }
}

/// Field errors with their messages in `lang`.
pub fn field_errors(
    errors: &[ItemError],
    describe: impl Fn(&ItemError) -> String,
) -> Vec<FieldError> {
    errors
        .iter()
        .map(|e| FieldError {
            item: Some(e.item.clone()),
            field: None,
            code: serde_json::to_value(e.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            message: describe(e),
            location: None,
        })
        .collect()
}

impl From<RespondentError> for Problem {
    fn from(e: RespondentError) -> Problem {
        match e {
            RespondentError::UnknownCode => Problem::new(
                StatusCode::UNAUTHORIZED,
                "unknown-code",
                "The code was not recognised",
            ),
            RespondentError::AlreadySubmitted => Problem::new(
                StatusCode::CONFLICT,
                "already-submitted",
                "The questionnaire has already been submitted",
            ),
            RespondentError::Declined => Problem::new(
                StatusCode::CONFLICT,
                "declined",
                "You have said you do not want to take part",
            ),
            RespondentError::SurveyNotOpen => Problem::new(
                StatusCode::CONFLICT,
                "survey-not-open",
                "The survey is not open for answers",
            ),
            RespondentError::UnknownPage => Problem::new(
                StatusCode::NOT_FOUND,
                "unknown-page",
                "There is no such page",
            ),
            RespondentError::PageNotRelevant => Problem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "page-not-relevant",
                "This page does not apply to the answers given",
            ),
            RespondentError::Stale { current_version } => {
                let mut p = Problem::new(
                    StatusCode::CONFLICT,
                    "stale-version",
                    "The answers were changed elsewhere; reload the page",
                );
                p.current_version = Some(current_version);
                p
            }
            RespondentError::Invalid(refused) => Problem::item_errors(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid-answers",
                "Some answers were refused",
                field_errors(&refused.errors, crate::item_messages::english),
            ),
            RespondentError::MissingRequired(errors) => Problem::item_errors(
                StatusCode::UNPROCESSABLE_ENTITY,
                "required-answers-missing",
                "Required answers are missing",
                field_errors(&errors, crate::item_messages::english),
            ),
            RespondentError::UnknownLanguage => Problem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "unknown-language",
                "The questionnaire has no such language",
            ),
            RespondentError::Store(e) => Problem::from(e),
        }
    }
}
