//! The pages after the end: thank you (submitted) and the confirmation of a refusal. They
//! need no session: the language comes from the address.

use super::responses::html;
use super::shell::{public_shell, request_language};
use crate::i18n::{text, UiText};
use crate::pages::{render_declined_page, render_thank_you_page, DeclinedPage, ThankYouPage};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};

pub async fn thanks(req: HttpRequest) -> HttpResponse {
    let lang = request_language(&req);
    let page = ThankYouPage {
        shell: public_shell(&lang, text(&lang, UiText::ThankYouHeading), "/thanks"),
    };
    html(StatusCode::OK, render_thank_you_page(&page))
}

pub async fn declined(req: HttpRequest) -> HttpResponse {
    let lang = request_language(&req);
    let page = DeclinedPage {
        shell: public_shell(&lang, text(&lang, UiText::DeclinedHeading), "/declined"),
    };
    html(StatusCode::OK, render_declined_page(&page))
}
