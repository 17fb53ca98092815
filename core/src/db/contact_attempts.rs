//! The outbox of contacts: one row per case and step (unique in the database, so that neither a
//! second worker nor a rerun can make another), moving pending → sending (leased by one worker
//! until its lease runs out) → sent | failed | ambiguous, or pending → cancelled.
//!
//! The scheduler writes attempts set-wise, one `INSERT … SELECT` per step
//! ([`schedule`]); e-mail is leased in batches ([`lease_email`]: `FOR UPDATE SKIP LOCKED` on
//! PostgreSQL, where several workers share the outbox; SQLite has one writer at a time, and the
//! lease happens inside its `BEGIN IMMEDIATE`). Letters leave through print batches
//! (`super::print_batches`).

use super::cases::CaseState;
use super::schema::contact_attempts;
use super::{write_tx, AnyConnection, StoreError};
use crate::contact::{Channel, Stops, STOP_EVERYTHING, STOP_LETTERS};
use crate::sample::StratumCode;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Text};

/// Where an attempt stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AttemptState {
    /// Due (at `next_try_at_ms`), not yet taken by a worker.
    Pending,
    /// Taken by a worker (`leased_by`) for its batch and being sent; its lease ends at
    /// `lease_until_ms`.
    Sending,
    Sent,
    /// Refused for good (a mail server's 5xx, or too many temporary failures).
    Failed,
    /// Not to be sent: the case answered, declined or was stopped, or its step left the plan.
    Cancelled,
    /// The worker stopped while sending: it may or may not have gone out. Never sent again.
    Ambiguous,
}

impl AttemptState {
    pub const ALL: [AttemptState; 6] = [
        AttemptState::Pending,
        AttemptState::Sending,
        AttemptState::Sent,
        AttemptState::Failed,
        AttemptState::Cancelled,
        AttemptState::Ambiguous,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AttemptState::Pending => "pending",
            AttemptState::Sending => "sending",
            AttemptState::Sent => "sent",
            AttemptState::Failed => "failed",
            AttemptState::Cancelled => "cancelled",
            AttemptState::Ambiguous => "ambiguous",
        }
    }

    pub fn parse(text: &str) -> Option<AttemptState> {
        AttemptState::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// An attempt as lists and case histories show it.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = contact_attempts)]
pub struct AttemptRow {
    pub id: i64,
    pub survey_id: i64,
    pub case_id: i64,
    pub step: String,
    pub channel: String,
    pub state: String,
    pub tries: i32,
    pub next_try_at_ms: i64,
    pub batch_id: Option<i64>,
    pub sent_at_ms: Option<i64>,
    pub error: Option<String>,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
}

/// `text` as an SQL string literal. Only for values that are already checked to be safe
/// (step names, stratum codes, states); the quotes are doubled all the same.
fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

fn literal_list<'a>(texts: impl IntoIterator<Item = &'a str>) -> String {
    texts
        .into_iter()
        .map(literal)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The condition (on cases `c`) that a case may still be contacted through `channel`: not
/// finished, and no manager's disposition that stops it (`crate::contact::stops`).
pub(crate) fn still_contactable(channel: Channel) -> String {
    let finished = literal_list([CaseState::Submitted.as_str(), CaseState::Declined.as_str()]);
    let mut stopping: Vec<&str> = STOP_EVERYTHING.to_vec();
    if channel == Channel::Letter {
        stopping.extend(STOP_LETTERS);
    }
    let not_stopped = stopping
        .iter()
        .map(|code| {
            format!(
                "c.manual_disposition NOT LIKE {}",
                literal(&format!("{code}%"))
            )
        })
        .collect::<Vec<_>>()
        .join(" AND ");
    format!("c.state NOT IN ({finished}) AND (c.manual_disposition IS NULL OR ({not_stopped}))")
}

/// Whether a case has what `channel` needs (on contacts `k`): an e-mail address, a street.
fn reachable(channel: Channel) -> &'static str {
    match channel {
        Channel::Email => "k.email IS NOT NULL AND k.email <> ''",
        Channel::Letter => "k.street <> ''",
    }
}

/// The cases one step of a survey reaches now, for [`schedule`].
#[derive(Debug, Clone)]
pub struct StepTargets<'a> {
    pub survey_id: i64,
    /// A checked step name (`crate::contact::StepName`).
    pub step: &'a str,
    pub channel: Channel,
    /// The case states the step targets.
    pub states: &'a [CaseState],
    /// Only these strata, when set.
    pub strata: Option<&'a [StratumCode]>,
    /// For a step counted from a case's earlier contact: which.
    pub after_contact: Option<AfterContact<'a>>,
    /// When the new attempts may be sent (later than now in quiet hours).
    pub next_try_at_ms: i64,
    pub now_ms: i64,
}

/// A step counted from the case's latest contact by some earlier steps. A case is due when its
/// latest contact by them was sent by `sent_by_ms` and none of them is still waiting to go out
/// to it (a reminder does not overtake the one before it).
#[derive(Debug, Clone)]
pub struct AfterContact<'a> {
    /// The earlier steps (checked names) whose contacts count.
    pub steps: &'a [&'a str],
    /// A latest contact at or before this instant makes the case due.
    pub sent_by_ms: i64,
    /// What an earlier pass looked at already: only cases with a contact sent since, or an
    /// earlier contact changed since (sent late, failed, cancelled), are looked at again.
    pub seen: Option<Seen>,
}

/// What an earlier pass of a step looked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seen {
    /// Contacts sent up to this instant.
    pub sent_until_ms: i64,
    /// Changes of contacts made up to this instant (real time).
    pub changed_until_ms: i64,
}

/// The `INSERT … SELECT` of [`schedule`].
pub fn schedule_sql(t: &StepTargets<'_>) -> String {
    let states = literal_list(t.states.iter().map(|s| s.as_str()));
    let mut sql = format!(
        "INSERT INTO contact_attempts (survey_id, case_id, step, channel, state, tries, \
         next_try_at_ms, created_at_ms, updated_at_ms) \
         SELECT c.survey_id, c.id, {step}, {channel}, 'pending', 0, {next}, {now}, {now} \
         FROM cases c JOIN contacts k ON k.case_id = c.id",
        step = literal(t.step),
        channel = literal(t.channel.as_str()),
        next = t.next_try_at_ms,
        now = t.now_ms,
    );
    if let Some(after) = &t.after_contact {
        let earlier = literal_list(after.steps.iter().copied());
        let window = match after.seen {
            Some(seen) => format!(
                " AND p.case_id IN (SELECT q.case_id FROM contact_attempts q \
                 WHERE q.survey_id = {survey} AND q.step IN ({earlier}) \
                 AND ((q.sent_at_ms > {sent} AND q.sent_at_ms <= {by}) OR q.updated_at_ms > {changed}))",
                survey = t.survey_id,
                sent = seen.sent_until_ms,
                by = after.sent_by_ms,
                changed = seen.changed_until_ms,
            ),
            None => String::new(),
        };
        sql.push_str(&format!(
            " JOIN (SELECT p.case_id FROM contact_attempts p \
             WHERE p.survey_id = {survey} AND p.state = 'sent' AND p.step IN ({earlier}){window} \
             GROUP BY p.case_id HAVING max(p.sent_at_ms) <= {by}) due ON due.case_id = c.id",
            survey = t.survey_id,
            by = after.sent_by_ms,
        ));
    }
    sql.push_str(&format!(
        " WHERE c.survey_id = {survey} AND c.state IN ({states}) AND {contactable} AND {reachable}",
        survey = t.survey_id,
        contactable = still_contactable(t.channel),
        reachable = reachable(t.channel),
    ));
    if let Some(strata) = t.strata {
        sql.push_str(&format!(
            " AND c.stratum_id IN (SELECT id FROM strata WHERE survey_id = {} AND code IN ({}))",
            t.survey_id,
            literal_list(strata.iter().map(StratumCode::as_str)),
        ));
    }
    if let Some(after) = &t.after_contact {
        sql.push_str(&format!(
            " AND NOT EXISTS (SELECT 1 FROM contact_attempts a WHERE a.case_id = c.id \
             AND (a.step = {step} OR (a.step IN ({earlier}) AND a.state IN ('pending', 'sending'))))",
            step = literal(t.step),
            earlier = literal_list(after.steps.iter().copied()),
        ));
    }
    sql.push_str(" ON CONFLICT (case_id, step) DO NOTHING");
    sql
}

/// Writes one pending attempt for every case the step reaches now and has none for it yet;
/// returns how many were written. Run it in a write transaction (`write_tx`).
pub fn schedule(conn: &mut AnyConnection, targets: &StepTargets<'_>) -> Result<usize, StoreError> {
    Ok(diesel::sql_query(schedule_sql(targets)).execute(conn)?)
}

/// Attempts a scheduling pass may write before PostgreSQL's statistics of the table are
/// refreshed ([`analyze`]).
pub const ANALYZE_AFTER: usize = 1_000;

/// Refreshes PostgreSQL's statistics of `contact_attempts` after a pass wrote many rows. Until
/// autovacuum gets to it (a minute or more, never where it is off), the planner takes the
/// table for what it was: one it believes has few pending attempts gets a lookup of a batch's
/// ids in a given state planned as a scan of every attempt in that state (25 ms each at
/// 100,000, against 0.1 ms by the primary key). SQLite's planner needs no statistics here.
pub fn analyze(conn: &mut AnyConnection) -> Result<(), StoreError> {
    if let AnyConnection::Postgresql(pg) = conn {
        diesel::sql_query("ANALYZE contact_attempts").execute(pg)?;
    }
    Ok(())
}

/// An e-mail taken for sending.
#[derive(Debug, Clone, PartialEq, Eq, QueryableByName)]
pub struct LeasedAttempt {
    #[diesel(sql_type = BigInt)]
    pub id: i64,
    #[diesel(sql_type = BigInt)]
    pub case_id: i64,
    #[diesel(sql_type = Text)]
    pub step: String,
    /// Tries before this one.
    #[diesel(sql_type = Integer)]
    pub tries: i32,
}

/// Takes up to `limit` due e-mails of a survey for `worker` until `lease_until_ms` and marks
/// them as being sent, their try counted: from the commit on, if the worker dies, nobody can
/// know whether they went out (they become ambiguous when the lease runs out). Run it in the
/// transaction that stores their codes. On PostgreSQL rows other workers hold are skipped
/// (`FOR UPDATE SKIP LOCKED`); on SQLite the writer's lock serialises. `due_by_ms` is the pass's
/// time (it may be simulated), `now_ms` the real time the leases are judged by. An e-mail of a
/// case that has finished or been stopped is not taken. Opens its own transaction on SQLite.
pub fn lease_email(
    conn: &mut AnyConnection,
    survey_id: i64,
    worker: &str,
    due_by_ms: i64,
    now_ms: i64,
    lease_until_ms: i64,
    limit: i64,
) -> Result<Vec<LeasedAttempt>, StoreError> {
    let due = format!(
        "SELECT a.id FROM contact_attempts a JOIN cases c ON c.id = a.case_id \
         WHERE a.survey_id = $4 AND a.channel = 'email' AND a.state = 'pending' \
         AND a.next_try_at_ms <= $5 AND (a.lease_until_ms IS NULL OR a.lease_until_ms < $3) \
         AND {} ORDER BY a.next_try_at_ms, a.id LIMIT $6",
        still_contactable(Channel::Email)
    );
    let set = "UPDATE contact_attempts SET state = 'sending', tries = tries + 1, \
               lease_until_ms = $1, leased_by = $2, updated_at_ms = $3";
    let returning = "RETURNING contact_attempts.id, contact_attempts.case_id, \
                     contact_attempts.step, contact_attempts.tries - 1 AS tries";
    macro_rules! run {
        ($sql:expr, $c:expr) => {
            diesel::sql_query($sql)
                .bind::<BigInt, _>(lease_until_ms)
                .bind::<Text, _>(worker)
                .bind::<BigInt, _>(now_ms)
                .bind::<BigInt, _>(survey_id)
                .bind::<BigInt, _>(due_by_ms)
                .bind::<BigInt, _>(limit)
                .load::<LeasedAttempt>($c)
        };
    }
    match conn {
        AnyConnection::Postgresql(pg) => {
            let sql = format!(
                "WITH picked AS ({due} FOR UPDATE OF a SKIP LOCKED) {set} FROM picked \
                 WHERE contact_attempts.id = picked.id {returning}"
            );
            Ok(run!(&sql, pg)?)
        }
        AnyConnection::Sqlite(_) => {
            let sql = format!("{set} WHERE id IN ({due}) {returning}");
            write_tx(conn, |c| Ok(run!(&sql, c)?))
        }
    }
}

/// Gives back e-mails `ids` that `worker` took but did not try (it is stopping, or the mail
/// server is in trouble): pending again, their try not counted, free for any worker.
pub fn unbegin(
    conn: &mut AnyConnection,
    ids: &[i64],
    worker: &str,
    now_ms: i64,
) -> Result<usize, StoreError> {
    if ids.is_empty() {
        return Ok(0);
    }
    Ok(diesel::update(
        contact_attempts::table
            .filter(contact_attempts::id.eq_any(ids))
            .filter(contact_attempts::leased_by.eq(worker))
            .filter(contact_attempts::state.eq(AttemptState::Sending.as_str())),
    )
    .set((
        contact_attempts::state.eq(AttemptState::Pending.as_str()),
        contact_attempts::tries.eq(contact_attempts::tries - 1),
        contact_attempts::lease_until_ms.eq(None::<i64>),
        contact_attempts::leased_by.eq(None::<String>),
        contact_attempts::updated_at_ms.eq(now_ms),
    ))
    .execute(conn)?)
}

/// What an e-mail to one case needs.
#[derive(Debug, Clone, Queryable)]
pub struct EmailRecipient {
    pub attempt_id: i64,
    pub case_id: i64,
    pub survey_id: i64,
    pub step: String,
    pub email: Option<String>,
    pub first_name: String,
    pub last_name: String,
    /// The language of the sample.
    pub case_language: Option<String>,
    /// The language the person chose while answering, if they started.
    pub answer_language: Option<String>,
}

/// The recipients of attempts `ids`, in id order.
pub fn email_recipients(
    conn: &mut AnyConnection,
    ids: &[i64],
) -> Result<Vec<EmailRecipient>, StoreError> {
    use super::schema::{cases, contacts, responses};
    Ok(contact_attempts::table
        .inner_join(cases::table.inner_join(contacts::table))
        .left_join(responses::table.on(responses::case_id.eq(contact_attempts::case_id)))
        .filter(contact_attempts::id.eq_any(ids))
        .order(contact_attempts::id.asc())
        .select((
            contact_attempts::id,
            contact_attempts::case_id,
            contact_attempts::survey_id,
            contact_attempts::step,
            contacts::email,
            contacts::first_name,
            contacts::last_name,
            cases::language,
            responses::language.nullable(),
        ))
        .load(conn)?)
}

/// The attempts among `ids` still held by `worker` (its lease may have run out meanwhile, so
/// they may have been counted ambiguous).
macro_rules! held_by {
    ($ids:expr, $worker:expr) => {
        contact_attempts::table
            .filter(contact_attempts::id.eq_any($ids))
            .filter(contact_attempts::leased_by.eq($worker))
            .filter(contact_attempts::state.eq_any([
                AttemptState::Sending.as_str(),
                AttemptState::Ambiguous.as_str(),
            ]))
    };
}

/// Records that the mail server took the e-mails `ids` (also when their lease had run out and
/// they were counted ambiguous: now it is known). A case nobody had contacted yet moves from
/// 3.11 (not invited) to 3.19 (invited, nothing came back). `now_ms` is the sending time (it
/// may be simulated); the row's change time is the real one. Run it in a write transaction.
pub fn mark_sent(
    conn: &mut AnyConnection,
    ids: &[i64],
    worker: &str,
    now_ms: i64,
) -> Result<usize, StoreError> {
    if ids.is_empty() {
        return Ok(0);
    }
    let query = diesel::update(held_by!(ids, worker))
        .set((
            contact_attempts::state.eq(AttemptState::Sent.as_str()),
            contact_attempts::sent_at_ms.eq(Some(now_ms)),
            contact_attempts::lease_until_ms.eq(None::<i64>),
            contact_attempts::error.eq(None::<String>),
            contact_attempts::updated_at_ms.eq(super::now_ms()),
        ))
        .returning(contact_attempts::case_id);
    let case_ids: Vec<i64> = crate::with_conn!(conn, |c| query.get_results(c))?;
    mark_invited(conn, &case_ids)?;
    Ok(case_ids.len())
}

/// Cases `case_ids` that were "not invited" (3.11) become "invited" (3.19).
pub fn mark_invited(conn: &mut AnyConnection, case_ids: &[i64]) -> Result<usize, StoreError> {
    use super::schema::cases;
    if case_ids.is_empty() {
        return Ok(0);
    }
    Ok(diesel::update(
        cases::table
            .filter(cases::id.eq_any(case_ids))
            .filter(cases::disposition.eq("3.11")),
    )
    .set(cases::disposition.eq("3.19"))
    .execute(conn)?)
}

/// How a try that did not go out ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotSent {
    /// Try again at this instant.
    Retry { at_ms: i64 },
    /// Given up: failed.
    Failed,
    /// Maybe sent, maybe not: never tried again.
    Ambiguous,
}

/// Records the outcome of a try of attempt `id` that was not a plain success, with the reason
/// (a mail server's reply, never personal data).
pub fn mark_not_sent(
    conn: &mut AnyConnection,
    id: i64,
    worker: &str,
    outcome: &NotSent,
    reason: &str,
    now_ms: i64,
) -> Result<usize, StoreError> {
    let ids = [id].to_vec();
    let (state, next) = match outcome {
        NotSent::Retry { at_ms } => (AttemptState::Pending, Some(*at_ms)),
        NotSent::Failed => (AttemptState::Failed, None),
        NotSent::Ambiguous => (AttemptState::Ambiguous, None),
    };
    let query = diesel::update(held_by!(ids, worker));
    let common = (
        contact_attempts::state.eq(state.as_str()),
        contact_attempts::lease_until_ms.eq(None::<i64>),
        contact_attempts::error.eq(Some(reason)),
        contact_attempts::updated_at_ms.eq(now_ms),
    );
    Ok(match next {
        Some(at) => query
            .set((common, contact_attempts::next_try_at_ms.eq(at)))
            .execute(conn)?,
        None => query.set(common).execute(conn)?,
    })
}

/// What the lease expiry found.
pub const LEASE_EXPIRED: &str =
    "the worker stopped while sending: the message may or may not have gone out, so it is not sent again";

/// Attempts whose lease ran out while being sent (their worker died or hung in the SMTP
/// transaction) become ambiguous; returns how many. (Leased e-mails not yet being sent are
/// simply free again once their lease runs out.)
pub fn expire_leases(conn: &mut AnyConnection, now_ms: i64) -> Result<usize, StoreError> {
    Ok(diesel::update(
        contact_attempts::table
            .filter(contact_attempts::state.eq(AttemptState::Sending.as_str()))
            .filter(contact_attempts::lease_until_ms.lt(now_ms)),
    )
    .set((
        contact_attempts::state.eq(AttemptState::Ambiguous.as_str()),
        contact_attempts::error.eq(Some(LEASE_EXPIRED)),
        contact_attempts::updated_at_ms.eq(now_ms),
    ))
    .execute(conn)?)
}

/// Cancels the pending attempts among those `$query` selects (a filtered
/// `contact_attempts::table`) at `$now`; the number cancelled.
macro_rules! cancel_pending {
    ($conn:expr, $query:expr, $now:expr) => {
        diesel::update($query.filter(contact_attempts::state.eq(AttemptState::Pending.as_str())))
            .set((
                contact_attempts::state.eq(AttemptState::Cancelled.as_str()),
                contact_attempts::updated_at_ms.eq($now),
            ))
            .execute($conn)
    };
}

/// Cancels the pending attempts of a case that `stops` says may not be sent (all of them, or
/// its letters); returns how many. Runs in the caller's transaction, beside the change that
/// stops the case.
pub fn cancel_for_case(
    conn: &mut AnyConnection,
    case_id: i64,
    stops: Stops,
    now_ms: i64,
) -> Result<usize, StoreError> {
    let of_case = contact_attempts::table.filter(contact_attempts::case_id.eq(case_id));
    Ok(match stops {
        Stops::Nothing => 0,
        Stops::Letters => cancel_pending!(
            conn,
            of_case.filter(contact_attempts::channel.eq(Channel::Letter.as_str())),
            now_ms
        )?,
        Stops::Everything => cancel_pending!(conn, of_case, now_ms)?,
    })
}

/// Cancels the pending attempts of a survey whose case has finished or been stopped meanwhile
/// (written by a pass that raced with the change); returns how many.
pub fn cancel_stopped(
    conn: &mut AnyConnection,
    survey_id: i64,
    now_ms: i64,
) -> Result<usize, StoreError> {
    let mut cancelled = 0;
    for channel in [Channel::Email, Channel::Letter] {
        let sql = format!(
            "UPDATE contact_attempts SET state = 'cancelled', updated_at_ms = {now_ms} \
             WHERE survey_id = {survey_id} AND state = 'pending' AND channel = {} \
             AND case_id IN (SELECT c.id FROM cases c WHERE c.survey_id = {survey_id} \
             AND NOT ({}))",
            literal(channel.as_str()),
            still_contactable(channel)
        );
        cancelled += diesel::sql_query(sql).execute(conn)?;
    }
    Ok(cancelled)
}

/// Cancels the pending attempts of a survey's steps that are not in `keep` (taken out of the
/// plan); returns how many.
pub fn cancel_steps_except(
    conn: &mut AnyConnection,
    survey_id: i64,
    keep: &[&str],
    now_ms: i64,
) -> Result<usize, StoreError> {
    let of_survey = contact_attempts::table.filter(contact_attempts::survey_id.eq(survey_id));
    Ok(if keep.is_empty() {
        cancel_pending!(conn, of_survey, now_ms)?
    } else {
        cancel_pending!(
            conn,
            of_survey.filter(contact_attempts::step.ne_all(keep)),
            now_ms
        )?
    })
}

/// Cancels the pending attempts of step `step` that the step, as it is now, would not write:
/// another channel, a case in a state the step does not target, or outside its strata.
/// Returns how many. (A plan edited while fielding applies to every contact not yet sent.)
#[allow(clippy::too_many_arguments)]
pub fn cancel_unmatched(
    conn: &mut AnyConnection,
    survey_id: i64,
    step: &str,
    channel: Channel,
    states: &[CaseState],
    strata: Option<&[StratumCode]>,
    now_ms: i64,
) -> Result<usize, StoreError> {
    let states = literal_list(states.iter().map(|s| s.as_str()));
    let outside_strata = match strata {
        Some(codes) => format!(
            " OR c.stratum_id NOT IN (SELECT id FROM strata WHERE survey_id = {survey_id} \
             AND code IN ({}))",
            literal_list(codes.iter().map(StratumCode::as_str))
        ),
        None => String::new(),
    };
    let sql = format!(
        "UPDATE contact_attempts SET state = 'cancelled', updated_at_ms = {now_ms} \
         WHERE survey_id = {survey_id} AND step = {step} AND state = 'pending' \
         AND (channel <> {channel} OR case_id IN (SELECT c.id FROM cases c \
         WHERE c.survey_id = {survey_id} AND (c.state NOT IN ({states}){outside_strata})))",
        step = literal(step),
        channel = literal(channel.as_str()),
    );
    Ok(diesel::sql_query(sql).execute(conn)?)
}

/// A page of a survey's attempts in id order after `after`, optionally of one step and state.
pub fn list(
    conn: &mut AnyConnection,
    survey_id: i64,
    step: Option<&str>,
    state: Option<AttemptState>,
    after: Option<i64>,
    limit: i64,
) -> Result<Vec<AttemptRow>, StoreError> {
    let mut query = contact_attempts::table
        .filter(contact_attempts::survey_id.eq(survey_id))
        .filter(contact_attempts::id.gt(after.unwrap_or(0)))
        .order(contact_attempts::id.asc())
        .limit(limit)
        .select(AttemptRow::as_select())
        .into_boxed();
    if let Some(step) = step {
        query = query.filter(contact_attempts::step.eq(step));
    }
    if let Some(state) = state {
        query = query.filter(contact_attempts::state.eq(state.as_str()));
    }
    Ok(query.load(conn)?)
}

/// Every attempt of a case, oldest first (its history).
pub fn of_case(conn: &mut AnyConnection, case_id: i64) -> Result<Vec<AttemptRow>, StoreError> {
    Ok(contact_attempts::table
        .filter(contact_attempts::case_id.eq(case_id))
        .order(contact_attempts::id.asc())
        .select(AttemptRow::as_select())
        .load(conn)?)
}

/// How many attempts there are per channel and state (for the operator's metrics).
pub fn counts(conn: &mut AnyConnection) -> Result<Vec<(String, String, i64)>, StoreError> {
    Ok(contact_attempts::table
        .group_by((contact_attempts::channel, contact_attempts::state))
        .select((
            contact_attempts::channel,
            contact_attempts::state,
            diesel::dsl::count_star(),
        ))
        .order((contact_attempts::channel, contact_attempts::state))
        .load(conn)?)
}

/// When the oldest e-mail that is due and still waiting became due.
pub fn oldest_due_email(conn: &mut AnyConnection, now_ms: i64) -> Result<Option<i64>, StoreError> {
    Ok(contact_attempts::table
        .filter(contact_attempts::channel.eq(Channel::Email.as_str()))
        .filter(contact_attempts::state.eq(AttemptState::Pending.as_str()))
        .filter(contact_attempts::next_try_at_ms.le(now_ms))
        .select(diesel::dsl::min(contact_attempts::next_try_at_ms))
        .first::<Option<i64>>(conn)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schedule_statement_quotes_every_text() {
        let strata = [StratumCode::parse("AFR").unwrap()];
        let earlier = ["invitation"];
        let sql = schedule_sql(&StepTargets {
            survey_id: 7,
            step: "reminder-1",
            channel: Channel::Letter,
            states: &[CaseState::New, CaseState::Opened],
            strata: Some(&strata),
            after_contact: Some(AfterContact {
                steps: &earlier,
                sent_by_ms: 1000,
                seen: Some(Seen {
                    sent_until_ms: 500,
                    changed_until_ms: 700,
                }),
            }),
            next_try_at_ms: 2000,
            now_ms: 1500,
        });
        assert!(sql.contains("SELECT c.survey_id, c.id, 'reminder-1', 'letter', 'pending'"));
        assert!(sql.contains("c.state IN ('new', 'opened')"));
        assert!(sql.contains("code IN ('AFR')"));
        assert!(sql.contains("p.step IN ('invitation')"));
        assert!(sql.contains("q.sent_at_ms > 500 AND q.sent_at_ms <= 1000"));
        assert!(sql.contains("q.updated_at_ms > 700"));
        assert!(
            sql.contains("a.state IN ('pending', 'sending')"),
            "no overtaking"
        );
        assert!(sql.contains("NOT LIKE '3.30%'"), "letters stop at 3.30");
        assert!(sql.contains("NOT LIKE '4.%'"));
        assert!(sql.ends_with("ON CONFLICT (case_id, step) DO NOTHING"));
        assert_eq!(literal("o'clock"), "'o''clock'");
    }

    #[test]
    fn e_mail_is_not_stopped_by_a_returned_letter() {
        let email = still_contactable(Channel::Email);
        assert!(!email.contains("3.30") && email.contains("2.31"));
    }
}
