//! A database that restarts under a running server (an upgrade, a failover, an operator's
//! restart at night): the server's pooled connections die with it, and the server must not
//! go on failing on them.

mod support;

use diesel::{sql_query, QueryableByName, RunQueryDsl};
use serde_json::json;
use std::time::{Duration, Instant};
use support::http::{get, send};
use support::Svar;
use svar_core::db::test_db::TestDatabase;
use svar_core::db::AnyConnection;

#[test]
fn the_server_recovers_when_the_database_drops_its_connections() {
    let Some(db) = TestDatabase::postgres().unwrap() else {
        eprintln!("skipped: PostgreSQL only (SVAR_TEST_DATABASE_URL)");
        return;
    };
    let svar = Svar::start(db);
    let login = send(
        "POST",
        &format!("{}/api/v1/respondent/session", svar.url),
        None,
        &json!({ "code": svar.letters[0].code }),
    );
    assert_eq!(login.status, 201, "{}", login.body);
    let token = login.body["token"].as_str().unwrap().to_string();
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
    end_the_servers_connections(pg);
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
    end_the_servers_connections(pg);
    let statuses: Vec<u16> = (0..40).map(|_| page().status).collect();
    assert!(
        statuses.iter().all(|s| *s == 200 || *s == 503),
        "{statuses:?}"
    );
    assert!(statuses[30..].iter().all(|s| *s == 200), "{statuses:?}");
}

fn end_the_servers_connections(pg: &mut diesel::PgConnection) {
    sql_query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE datname = current_database() AND pid <> pg_backend_pid()",
    )
    .execute(pg)
    .unwrap();
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
