//! The people and the fieldwork the dashboard's tests set up: an admin, a manager and a viewer
//! granted the demo survey and a manager without a grant, and a few respondents' outcomes.

#![allow(dead_code)]

use super::fieldwork::{answer_pages, respondent_post};
use super::manager::{add_user, api_send, token};
use super::Svar;
use serde_json::json;
use svar_core::accounts::Role;

pub const ADMIN: &str = "admin@scb.se";
pub const MANAGER: &str = "manager@scb.se";
pub const VIEWER: &str = "viewer@scb.se";
pub const STRANGER: &str = "stranger@scb.se";

/// An admin, a manager and a viewer granted the demo survey, and a manager without a grant;
/// returns the admin's API token.
pub fn team(svar: &Svar) -> String {
    add_user(svar, ADMIN, Role::Admin);
    let granted = [
        add_user(svar, MANAGER, Role::Manager),
        add_user(svar, VIEWER, Role::Viewer),
    ];
    add_user(svar, STRANGER, Role::Manager);
    let admin = token(svar, ADMIN);
    for user in granted {
        let path = format!("/api/v1/surveys/{}/grants/{user}", svar.survey_id);
        let r = api_send(svar, "PUT", &path, Some(&admin), &json!({}));
        assert_eq!(r.status, 201, "{}", r.body);
    }
    admin
}

/// Three completes, a partial and a refusal, in several strata.
pub fn some_fieldwork(svar: &Svar) {
    for letter in &svar.letters[0..3] {
        let t = answer_pages(svar, &letter.code, 5);
        respondent_post(svar, &t, "submit");
    }
    answer_pages(svar, &svar.letters[3].code, 3);
    let t = answer_pages(svar, &svar.letters[4].code, 0);
    respondent_post(svar, &t, "decline");
}
