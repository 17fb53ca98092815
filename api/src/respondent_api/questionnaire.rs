//! `GET /api/v1/respondent/questionnaire?lang=xx`: the pages, items, choices and texts in one
//! language, labels piped with the case's answers so far. Asking for another language than the
//! case's current one switches it (and records the change), as the pages' language switch does.

use super::auth::RespondentSession;
use crate::blocking::with_db;
use crate::problem::Problem;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use svar_core::form::model::{is_rtl, ItemKind};
use svar_core::respondent::{case_context, change_language, CaseContext, RespondentError};

#[derive(Debug, Deserialize)]
pub struct LanguageQuery {
    lang: Option<String>,
}

#[derive(Debug, Serialize)]
struct QuestionnaireView {
    form_id: String,
    version: String,
    title: String,
    language: String,
    dir: &'static str,
    languages: Vec<LanguageView>,
    pages: Vec<PageView>,
}

#[derive(Debug, Serialize)]
struct LanguageView {
    code: String,
    name: String,
}

#[derive(Debug, Serialize)]
struct PageView {
    id: String,
    title: String,
    relevant: bool,
    items: Vec<ItemView>,
}

#[derive(Debug, Serialize)]
struct ItemView {
    name: String,
    #[serde(rename = "type")]
    kind: ItemKind,
    label: String,
    hint: String,
    required: bool,
    relevant: bool,
    appearance: Option<String>,
    choices: Vec<ChoiceView>,
}

#[derive(Debug, Serialize)]
struct ChoiceView {
    name: String,
    label: String,
}

fn view(ctx: &CaseContext) -> QuestionnaireView {
    let form = ctx.form.form();
    let lang = ctx.language.as_str();
    let pages = form
        .pages
        .iter()
        .enumerate()
        .map(|(p, page)| PageView {
            id: page.id.clone(),
            title: ctx
                .form
                .pipe(form.text(&page.title, lang), &ctx.answers, lang),
            relevant: ctx.form.page_relevant(p, &ctx.answers),
            items: page
                .items
                .iter()
                .enumerate()
                .filter(|(_, item)| item.kind != ItemKind::Calculate)
                .map(|(i, item)| ItemView {
                    name: item.name.clone(),
                    kind: item.kind,
                    label: ctx
                        .form
                        .pipe(form.text(&item.label, lang), &ctx.answers, lang),
                    hint: ctx
                        .form
                        .pipe(form.text(&item.hint, lang), &ctx.answers, lang),
                    required: item.required,
                    relevant: ctx.form.item_relevant(p, i, &ctx.answers),
                    appearance: item.appearance.clone(),
                    choices: form
                        .choices(item)
                        .iter()
                        .map(|c| ChoiceView {
                            name: c.name.clone(),
                            label: form.text(&c.label, lang).to_string(),
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    QuestionnaireView {
        form_id: form.form_id.clone(),
        version: form.version.clone(),
        title: form.title.clone(),
        language: lang.to_string(),
        dir: if is_rtl(lang) { "rtl" } else { "ltr" },
        languages: form
            .languages
            .iter()
            .map(|l| LanguageView {
                code: l.code.clone(),
                name: l.name.clone(),
            })
            .collect(),
        pages,
    }
}

pub async fn get(
    state: web::Data<Arc<AppState>>,
    session: RespondentSession,
    query: web::Query<LanguageQuery>,
) -> Result<HttpResponse, Problem> {
    let wanted = query.into_inner().lang;
    let ctx = with_db(&state, move |conn, st| {
        let ctx = case_context(conn, &st.forms, session.case_id)?;
        match wanted {
            Some(lang) if lang != ctx.language => {
                change_language(conn, &st.forms, session.case_id, &lang)?;
                case_context(conn, &st.forms, session.case_id)
            }
            _ => Ok::<_, RespondentError>(ctx),
        }
    })
    .await??;
    Ok(HttpResponse::Ok().json(view(&ctx)))
}
