//! `/api/v1/auth/…`: login, refresh, logout, password change and the current user; and the
//! credential check and logout the dashboard's forms share with them.

mod credentials;
mod login;
mod logout;
mod me;
mod password;
mod refresh;
mod tokens;

use actix_web::web;

pub use credentials::{check_login, LoginOutcome};
pub use logout::revoke_tokens;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/api/v1/auth/login").route(web::post().to(login::post)))
        .service(web::resource("/api/v1/auth/refresh").route(web::post().to(refresh::post)))
        .service(web::resource("/api/v1/auth/logout").route(web::post().to(logout::post)))
        .service(web::resource("/api/v1/auth/password").route(web::post().to(password::post)))
        .service(web::resource("/api/v1/auth/me").route(web::get().to(me::get)));
}
