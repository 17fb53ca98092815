//! Accounts, grants and the audit log on both backends (SQLite always, PostgreSQL when
//! `SVAR_TEST_DATABASE_URL` is set).

// Helpers outside #[test] functions may unwrap too: a panic in a test is its failure.
#![allow(clippy::unwrap_used)]

use serde_json::json;
use svar_core::accounts::{hash_password_with, Email, Role};
use svar_core::db::surveys::SurveyState;
use svar_core::db::test_db::TestDatabase;
use svar_core::db::users::HashChange;
use svar_core::db::{audit, grants, surveys, users, write_tx, AnyConnection, StoreError};

fn email(s: &str) -> Email {
    Email::parse(s).unwrap()
}

/// A cheap hash: these tests are about storage, not hashing cost.
fn some_hash() -> String {
    hash_password_with("a long enough password", 8, 1, 1).unwrap()
}

fn add_user(conn: &mut AnyConnection, address: &str, role: Role) -> Option<i64> {
    write_tx(conn, |c| {
        users::insert(c, &email(address), &some_hash(), role)
    })
    .unwrap()
}

#[test]
fn an_address_has_one_account_whatever_its_case() {
    for db in TestDatabase::all().unwrap() {
        let mut conn = db.pool.get().unwrap();
        let id = add_user(&mut conn, "Anna.Berg@SCB.se", Role::Manager).expect("created");
        assert_eq!(add_user(&mut conn, "anna.berg@scb.se", Role::Admin), None);
        let found = users::find_by_email(&mut conn, &email("ANNA.BERG@scb.se"))
            .unwrap()
            .expect("found");
        assert_eq!(found.id, id);
        assert_eq!(found.email, "anna.berg@scb.se");
        assert_eq!(found.role().unwrap(), Role::Manager);
        assert_eq!(found.token_version, 0);
        assert!(users::find(&mut conn, id + 100).unwrap().is_none());
    }
}

#[test]
fn password_changes_and_logouts_raise_the_token_version_but_a_rehash_does_not() {
    for db in TestDatabase::all().unwrap() {
        let mut conn = db.pool.get().unwrap();
        let id = add_user(&mut conn, "b@scb.se", Role::Viewer).unwrap();
        users::set_password_hash(&mut conn, id, "$argon2id$rehashed", HashChange::Rehash).unwrap();
        let row = users::find(&mut conn, id).unwrap().unwrap();
        assert_eq!(
            (row.token_version, row.password_hash.as_str()),
            (0, "$argon2id$rehashed")
        );
        users::set_password_hash(&mut conn, id, "$argon2id$new", HashChange::NewPassword).unwrap();
        users::revoke_tokens(&mut conn, id).unwrap();
        let row = users::find(&mut conn, id).unwrap().unwrap();
        assert_eq!(
            (row.token_version, row.password_hash.as_str()),
            (2, "$argon2id$new")
        );
    }
}

#[test]
fn users_are_listed_in_pages_by_id() {
    for db in TestDatabase::all().unwrap() {
        let mut conn = db.pool.get().unwrap();
        let ids: Vec<i64> = (0..5)
            .map(|i| add_user(&mut conn, &format!("u{i}@scb.se"), Role::Viewer).unwrap())
            .collect();
        let first = users::list(&mut conn, None, 2).unwrap();
        assert_eq!(first.iter().map(|u| u.id).collect::<Vec<_>>(), ids[..2]);
        let rest = users::list(&mut conn, Some(ids[1]), 10).unwrap();
        assert_eq!(rest.iter().map(|u| u.id).collect::<Vec<_>>(), ids[2..]);
    }
}

#[test]
fn grants_are_idempotent_and_revocable() {
    for db in TestDatabase::all().unwrap() {
        let mut conn = db.pool.get().unwrap();
        let user = add_user(&mut conn, "m@scb.se", Role::Manager).unwrap();
        let s1 = surveys::insert(&mut conn, "S", 1, SurveyState::Draft, None)
            .unwrap()
            .unwrap();
        let s2 = surveys::insert(&mut conn, "S", 2, SurveyState::Draft, None)
            .unwrap()
            .unwrap();
        assert!(!grants::is_granted(&mut conn, user, s1).unwrap());
        assert!(grants::grant(&mut conn, user, s1).unwrap());
        assert!(
            !grants::grant(&mut conn, user, s1).unwrap(),
            "already granted"
        );
        assert!(grants::grant(&mut conn, user, s2).unwrap());
        assert!(grants::is_granted(&mut conn, user, s1).unwrap());
        assert_eq!(grants::surveys_of(&mut conn, user).unwrap(), vec![s1, s2]);
        let holders = grants::users_of(&mut conn, s1).unwrap();
        assert_eq!(holders.len(), 1);
        assert_eq!(holders[0].0.id, user);
        assert!(grants::revoke(&mut conn, user, s1).unwrap());
        assert!(
            !grants::revoke(&mut conn, user, s1).unwrap(),
            "nothing left"
        );
        assert!(!grants::is_granted(&mut conn, user, s1).unwrap());
        // A grant needs a real survey and a real user.
        assert!(grants::grant(&mut conn, user, s2 + 100).is_err());
    }
}

#[test]
fn the_audit_log_lists_newest_first_in_pages_and_rolls_back_with_its_change() {
    for db in TestDatabase::all().unwrap() {
        let mut conn = db.pool.get().unwrap();
        let actor = add_user(&mut conn, "admin@scb.se", Role::Admin).unwrap();
        let ids: Vec<i64> = (0..3)
            .map(|i| {
                audit::record(
                    &mut conn,
                    Some(actor),
                    "grant.add",
                    "survey",
                    Some(i),
                    &json!({ "user_id": i }),
                )
                .unwrap()
            })
            .collect();
        let page = audit::list(&mut conn, None, 2).unwrap();
        assert_eq!(
            page.iter().map(|r| r.id).collect::<Vec<_>>(),
            [ids[2], ids[1]]
        );
        assert_eq!(page[0].actor_user_id, Some(actor));
        assert_eq!(page[0].detail, r#"{"user_id":2}"#);
        let rest = audit::list(&mut conn, Some(ids[1]), 2).unwrap();
        assert_eq!(rest.iter().map(|r| r.id).collect::<Vec<_>>(), [ids[0]]);
        // A change that fails takes its audit row with it.
        let failed: Result<(), StoreError> = write_tx(&mut conn, |c| {
            audit::record(c, None, "user.create", "user", None, &json!({}))?;
            Err(StoreError::Corrupt("refused".into()))
        });
        assert!(failed.is_err());
        assert_eq!(audit::list(&mut conn, None, 10).unwrap().len(), 3);
    }
}
