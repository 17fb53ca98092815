//! A database that restarts or goes away under a running server (an upgrade, a failover, an
//! operator's restart at night): the server's pooled connections die with it, the server must
//! not go on failing on them, and its readiness check says whether the database answers.

// Helpers outside #[test] functions may unwrap too: a panic in a test is its failure.
#![allow(clippy::unwrap_used)]

mod support;

use diesel::{sql_query, Connection, QueryableByName, RunQueryDsl};
use serde_json::json;
use std::time::{Duration, Instant};
use support::http::get;
use support::{respondent_token, servers, Svar};
use svar_core::db::test_db::TestDatabase;
use svar_core::db::AnyConnection;

#[test]
#[cfg_attr(
    svar_missing_postgres,
    ignore = "PostgreSQL only, and SVAR_TEST_DATABASE_URL is not set"
)]
fn the_server_recovers_when_the_database_drops_its_connections() {
    let db = TestDatabase::postgres()
        .unwrap()
        .expect("SVAR_TEST_DATABASE_URL is set");
    let svar = Svar::start(db);
    let token = respondent_token(&svar.url, &svar.letters[0].code);
    let page = || {
        get(
            &format!("{}/api/v1/respondent/pages/p_about", svar.url),
            Some(&token),
        )
    };
    for _ in 0..20 {
        assert_eq!(page().status, 200);
    }
    // The database ends every connection of the server, as a restart does, and the backends
    // are gone before the next request comes.
    let mut conn = svar.db.pool.get().unwrap();
    let AnyConnection::Postgresql(pg) = &mut *conn else {
        unreachable!("a PostgreSQL test database")
    };
    let name = database_name(pg);
    end_connections_to(pg, &name);
    let deadline = Instant::now() + Duration::from_secs(10);
    while others(pg) > 0 {
        assert!(Instant::now() < deadline, "the backends did not end");
        std::thread::sleep(Duration::from_millis(10));
    }
    // A backend leaves pg_stat_activity just before its process closes the socket.
    std::thread::sleep(Duration::from_millis(200));

    // Every request finds a live connection: the dead ones are replaced at checkout.
    let statuses: Vec<u16> = (0..40).map(|_| page().status).collect();
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
    assert!(others(pg) > 0, "the server connected again");

    // Ended while requests come: a request that meets a dying connection gets 503 (try
    // again), never 500, and the server is whole again at once.
    end_connections_to(pg, &name);
    let statuses: Vec<u16> = (0..40).map(|_| page().status).collect();
    assert!(
        statuses.iter().all(|s| *s == 200 || *s == 503),
        "{statuses:?}"
    );
    assert!(statuses[30..].iter().all(|s| *s == 200), "{statuses:?}");
}

/// Ends every connection to the database `name` but the caller's own.
fn end_connections_to(pg: &mut diesel::PgConnection, name: &str) {
    sql_query(format!(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE datname = '{name}' AND pid <> pg_backend_pid()"
    ))
    .execute(pg)
    .unwrap();
}

fn database_name(pg: &mut diesel::PgConnection) -> String {
    #[derive(QueryableByName)]
    struct Name {
        #[diesel(sql_type = diesel::sql_types::Text)]
        name: String,
    }
    sql_query("SELECT current_database() AS name")
        .get_result::<Name>(pg)
        .unwrap()
        .name
}

/// Connections to the test database other than this one.
fn others(pg: &mut diesel::PgConnection) -> i64 {
    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    sql_query(
        "SELECT count(*) AS n FROM pg_stat_activity \
         WHERE datname = current_database() AND pid <> pg_backend_pid()",
    )
    .get_result::<Count>(pg)
    .unwrap()
    .n
}

#[test]
#[cfg_attr(
    svar_missing_postgres,
    ignore = "PostgreSQL only, and SVAR_TEST_DATABASE_URL is not set"
)]
fn readiness_follows_the_database_and_liveness_does_not() {
    for svar in servers() {
        let backend = svar.backend_name();
        let check = |path: &str| get(&format!("{}{path}", svar.url), None);
        let live = check("/healthz");
        assert_eq!(
            (live.status, &live.body),
            (200, &json!({ "status": "live" }))
        );
        let ready = check("/readyz");
        assert_eq!(
            (ready.status, &ready.body),
            (200, &json!({ "status": "ready" })),
            "{backend}"
        );
        let Some(admin_url) = std::env::var("SVAR_TEST_DATABASE_URL").ok() else {
            continue; // A SQLite file does not go away under the server.
        };
        let name = {
            let mut conn = svar.db.pool.get().unwrap();
            let AnyConnection::Postgresql(pg) = &mut *conn else {
                continue;
            };
            database_name(pg)
        };
        // From the server's administration database: the test database stops taking
        // connections and ends the ones it has.
        let admin = &mut diesel::PgConnection::establish(&admin_url).unwrap();
        let allow = |admin: &mut diesel::PgConnection, allowed: bool| {
            sql_query(format!(
                "ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS {allowed}"
            ))
            .execute(admin)
            .unwrap();
        };
        allow(admin, false);
        end_connections_to(admin, &name);
        let not_ready = check("/readyz");
        allow(admin, true);
        assert_eq!(not_ready.status, 503, "{}", not_ready.body);
        assert_eq!(
            not_ready.body["type"],
            "https://svar.invalid/problems/not-ready"
        );
        assert_eq!(check("/healthz").status, 200, "still live");
        assert_eq!(check("/readyz").status, 200, "ready again");
    }
}
