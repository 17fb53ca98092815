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
use svar_core::form::model::{is_rtl, ItemKind, RangeScale};
use svar_core::respondent::{case_context, change_language, CaseContext, RespondentError};
use svar_core::response::{Answers, CompiledForm};

#[derive(Debug, Deserialize)]
pub struct LanguageQuery {
    lang: Option<String>,
}

#[derive(Debug, Serialize)]
pub(crate) struct QuestionnaireView {
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
    /// The repeat group the page belongs to; its id and its items' names end in `~N`, N
    /// being `instance`.
    #[serde(skip_serializing_if = "Option::is_none")]
    repeat: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    instance: Option<u32>,
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
    /// Shown with its value; a save naming it is refused as `not_on_page`.
    read_only: bool,
    choices: Vec<ChoiceView>,
    /// A range question's scale.
    #[serde(skip_serializing_if = "Option::is_none")]
    range: Option<RangeScale>,
}

#[derive(Debug, Serialize)]
struct ChoiceView {
    name: String,
    label: String,
}

fn view(ctx: &CaseContext) -> QuestionnaireView {
    render(&ctx.form, &ctx.language, &ctx.answers, Some(ctx.case_id))
}

/// The questionnaire in `lang`, texts piped and relevance decided with `answers` (none for a
/// manager's preview). The management API's preview shows exactly this, with randomized
/// choices in their list's order (`case_id` none); a case sees its own order.
pub(crate) fn render(
    compiled: &CompiledForm,
    lang: &str,
    answers: &Answers,
    case_id: Option<i64>,
) -> QuestionnaireView {
    let form = compiled.form();
    let pages = form
        .pages
        .iter()
        .enumerate()
        .map(|(p, page)| PageView {
            id: page.id.clone(),
            title: compiled.pipe(form.text(&page.title, lang), answers, lang),
            relevant: compiled.page_relevant(p, answers),
            items: page
                .items
                .iter()
                .enumerate()
                .filter(|(_, item)| item.kind != ItemKind::Calculate)
                .map(|(i, item)| ItemView {
                    name: item.name.clone(),
                    kind: item.kind,
                    label: compiled.pipe(form.text(&item.label, lang), answers, lang),
                    hint: compiled.pipe(form.text(&item.hint, lang), answers, lang),
                    required: compiled.item_required(p, i, answers),
                    relevant: compiled.item_relevant(p, i, answers),
                    appearance: item.appearance.clone(),
                    read_only: item.read_only,
                    choices: match case_id {
                        Some(case_id) => compiled.choices_to_show(item, answers, case_id),
                        None => compiled.offered_choices(item, answers),
                    }
                    .into_iter()
                    .map(|c| ChoiceView {
                        name: c.name.clone(),
                        label: form.text(&c.label, lang).to_string(),
                    })
                    .collect(),
                    range: item.range,
                })
                .collect(),
            repeat: page.repeat.clone(),
            instance: page.instance,
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
        let ctx = case_context(conn, &st.respondent_cache, session.case_id)?;
        match wanted {
            Some(lang) if lang != ctx.language => {
                change_language(conn, &st.respondent_cache, session.case_id, &lang)?;
                case_context(conn, &st.respondent_cache, session.case_id)
            }
            _ => Ok::<_, RespondentError>(ctx),
        }
    })
    .await??;
    Ok(HttpResponse::Ok().json(view(&ctx)))
}
