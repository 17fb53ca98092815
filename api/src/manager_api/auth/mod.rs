//! `/api/v1/auth/…`: login, refresh, logout, password change and the current user.

mod login;
mod logout;
mod me;
mod password;
mod refresh;
mod tokens;

use actix_web::web;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/api/v1/auth/login", web::post().to(login::post))
        .route("/api/v1/auth/refresh", web::post().to(refresh::post))
        .route("/api/v1/auth/logout", web::post().to(logout::post))
        .route("/api/v1/auth/password", web::post().to(password::post))
        .route("/api/v1/auth/me", web::get().to(me::get));
}
