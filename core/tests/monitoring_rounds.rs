//! A round's expected curve from the round before it, on both backends: the previous round's
//! stored days of the stratum with the same code, scaled to this round's target (unscaled for a
//! stratum without one), and the projection of the final RR2 from the previous round's growth.
//! The figures expected are worked out here from the days the test stores.

// Helpers outside #[test] functions may unwrap too: a panic in a test is its failure.
#![allow(clippy::unwrap_used)]

use diesel::prelude::*;
use svar_core::db::monitoring_days::{save_day, DayFigures};
use svar_core::db::schema::surveys as survey_table;
use svar_core::db::surveys::{self, SurveyState};
use svar_core::db::test_db::TestDatabase;
use svar_core::db::{monitoring_counts, AnyConnection};
use svar_core::monitoring::survey_curves::survey_curves;
use svar_core::monitoring::BucketCounts;

const STRATA: &str = "stratum,label,population,sample_size,target_response_rate\n\
                      SE,Sverige,100,2,0.5\nEU,EU,100,2,\n";
const SAMPLE: &str = "person_id,stratum,sex\nP1,SE,K\nP2,SE,M\nP3,EU,K\nP4,EU,M\n";
const DAY_MS: i64 = 86_400_000;

/// A round of survey "S" with the sample above, in the field since `started_ms`.
fn round(conn: &mut AnyConnection, round: i32, started_ms: i64) -> i64 {
    let id = surveys::insert(conn, "S", round, SurveyState::Fielding, None)
        .unwrap()
        .unwrap();
    svar_core::setup::import_sample(conn, id, STRATA.as_bytes(), SAMPLE.as_bytes()).unwrap();
    diesel::update(survey_table::table.find(id))
        .set(survey_table::fielding_started_at_ms.eq(Some(started_ms)))
        .execute(conn)
        .unwrap();
    id
}

/// Two cases, `completes` of them complete.
fn counts(completes: i64) -> BucketCounts<i64> {
    BucketCounts {
        i: completes,
        uh: 2 - completes,
        ..BucketCounts::default()
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn the_previous_round_gives_the_expected_curve_scaled_to_the_target() {
    for db in TestDatabase::all().unwrap() {
        let ctx = format!("{:?}", db.backend());
        let mut conn = db.pool.get().unwrap();
        // Round 1 went into the field on 5 January 2026 at noon, Stockholm time.
        let first_start = 1_767_610_800_000;
        let first = round(&mut conn, 1, first_start);
        let ids: Vec<i64> = monitoring_counts::strata_of_survey(&mut conn, first)
            .unwrap()
            .iter()
            .map(|s| s.id)
            .collect();
        // Day 0: nobody; day 10: SE 1 of 2, EU 1 of 2; day 20 (its last): SE 2 of 2, EU 1.
        for (day, se, eu) in [
            ("2026-01-05", 0, 0),
            ("2026-01-15", 1, 1),
            ("2026-01-25", 2, 1),
        ] {
            let figures: Vec<DayFigures> = [(ids[0], se), (ids[1], eu)]
                .iter()
                .map(|(stratum_id, completes)| DayFigures {
                    day: day.into(),
                    stratum_id: *stratum_id,
                    counts: counts(*completes),
                    weighted_counts: counts(*completes).as_f64(),
                    letters: 0,
                    emails: 0,
                    as_of_ms: first_start,
                })
                .collect();
            save_day(&mut conn, first, day, &figures).unwrap();
        }
        // Round 2 has been in the field for ten days; nobody has answered yet.
        let now = svar_core::db::now_ms();
        let second = round(&mut conn, 2, now - 10 * DAY_MS);
        let curves = survey_curves(&mut conn, second, now, "now".into()).unwrap();
        assert_eq!(curves.today_index, Some(10), "{ctx}");
        let se = &curves.strata[0];
        assert_eq!(se.key, "SE");
        assert!(
            se.expected_method.unwrap().contains("previous round"),
            "{ctx}"
        );
        // SE: the target 0.5 times the previous round's 0.5 on day 10 over its final 1.0.
        assert!(close(se.expected_today.unwrap(), 0.25), "{ctx}: {se:?}");
        // Nobody yet, against 0.25 expected: red.
        assert_eq!(se.status, Some("red"), "{ctx}");
        // The expected curve runs over the planned days (56 by default) and ends at the target.
        assert_eq!(se.expected.len(), 57);
        assert!(close(se.expected[56].unwrap(), 0.5));
        // The projection scales today's RR2 (0) by the previous round's growth from day 10.
        let projection = se.projection.unwrap();
        assert!(projection.method.contains("previous round"), "{ctx}");
        assert!(close(projection.rr2, 0.0));
        // EU has no target: the previous round's curve as it was (0.5 on day 10).
        let eu = &curves.strata[1];
        assert!(close(eu.expected_today.unwrap(), 0.5), "{ctx}: {eu:?}");
        // Round 1 itself has no round before it: a line to its target, none without one.
        let own = survey_curves(&mut conn, first, now, "now".into()).unwrap();
        assert!(own.strata[0]
            .expected_method
            .unwrap()
            .contains("straight line"));
        assert!(own.strata[1].expected.is_empty(), "{ctx}");
    }
}
