//! Sending the outbox's e-mail: a sender leases a batch of due e-mails of one survey (outside
//! its quiet hours), draws a fresh code for each (stored before anything is sent), builds each
//! message in the case's language, marks it as being sent, sends it and records the outcome in
//! the commit that marks the next one — so that a worker that dies leaves at most the message
//! in hand unknown (the rest of
//! its batch is free again when the lease runs out), and an e-mail cancelled after the lease
//! (the person answered meanwhile) is not sent. A temporary failure is tried again
//! later with backoff and jitter; a refusal is failed with the server's reply; a message whose
//! fate is unknown is ambiguous and never sent again. Asked to stop, a sender finishes the
//! message in hand and gives the rest of its batch back.

use super::failure::SendFailure;
use super::message::{build, Envelope};
use crate::queue::context::lease_ms;
use crate::queue::runner::{nap, random_u64, POLL};
use crate::queue::WorkerContext;
use std::collections::HashMap;
use std::time::{Duration, Instant};
use svar_core::code::AccessCode;
use svar_core::contact::{gives_up, retry_delay_ms, ContactPlan, Values};
use svar_core::db::contact_attempts::{self, EmailRecipient, LeasedAttempt, NotSent};
use svar_core::db::surveys::{self, SurveyRow};
use svar_core::db::{now_ms, write_tx, AnyConnection, StoreError};
use svar_core::fieldwork::{compose_email, fresh_code, plan_of, survey_languages, FieldworkError};

/// E-mails one sender leases at a time (a batch is sent well within a lease).
pub const BATCH: i64 = 20;
/// How long a survey's plan is used before it is read again (an edit reaches what is not yet
/// sent within this time).
const PLAN_TTL: Duration = Duration::from_secs(10);

/// What a sender did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SendReport {
    pub sent: usize,
    pub retried: usize,
    pub failed: usize,
    pub ambiguous: usize,
    /// Leased but given back untried (the worker is stopping).
    pub released: usize,
}

impl SendReport {
    pub fn add(&mut self, other: SendReport) {
        self.sent += other.sent;
        self.retried += other.retried;
        self.failed += other.failed;
        self.ambiguous += other.ambiguous;
        self.released += other.released;
    }

    pub fn total(&self) -> usize {
        self.sent + self.retried + self.failed + self.ambiguous + self.released
    }
}

/// What every message of a survey needs, read once in a while.
struct SurveyMail {
    survey: SurveyRow,
    plan: ContactPlan,
    default_language: String,
    read_at: Instant,
}

/// The surveys' plans, kept for [`PLAN_TTL`].
#[derive(Default)]
pub struct PlanCache {
    surveys: HashMap<i64, SurveyMail>,
}

impl PlanCache {
    fn get(
        &mut self,
        conn: &mut AnyConnection,
        survey: SurveyRow,
    ) -> Result<&SurveyMail, FieldworkError> {
        let id = survey.id;
        let stale = self
            .surveys
            .get(&id)
            .is_none_or(|s| s.read_at.elapsed() >= PLAN_TTL);
        if stale {
            let plan = plan_of(conn, id)?;
            let default_language =
                survey_languages(conn, id)?.map_or_else(|| "sv".to_string(), |l| l.default);
            self.surveys.insert(
                id,
                SurveyMail {
                    survey,
                    plan,
                    default_language,
                    read_at: Instant::now(),
                },
            );
        }
        self.surveys
            .get(&id)
            .ok_or(FieldworkError::NoSuchSurvey(id))
    }
}

/// Runs a write on `conn` in a write transaction.
fn write<T>(
    conn: &mut AnyConnection,
    f: impl FnOnce(&mut AnyConnection) -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    write_tx(conn, f)
}

/// Sends every e-mail due by `due_by_ms` (outside each survey's quiet hours) until none is
/// left or the worker is asked to stop.
pub fn send_due(
    ctx: &WorkerContext,
    due_by_ms: i64,
    plans: &mut PlanCache,
) -> Result<SendReport, FieldworkError> {
    let mut report = SendReport::default();
    let mut conn = ctx.pool.get().map_err(StoreError::from)?;
    while !ctx.stopping() {
        // A lease finds nothing quickly in a survey with nothing due: no need to ask first.
        let fielding: Vec<SurveyRow> = surveys::fielding(&mut conn)?;
        let mut leased_any = false;
        for survey in fielding {
            let survey_id = survey.id;
            let mail = plans.get(&mut conn, survey)?;
            if mail.plan.clock.is_quiet(due_by_ms) {
                continue;
            }
            let now = now_ms();
            let until = now + lease_ms(ctx.mailer.lease);
            let leased = contact_attempts::lease_email(
                &mut conn, survey_id, &ctx.id, due_by_ms, now, until, BATCH,
            )?;
            if leased.is_empty() {
                continue;
            }
            leased_any = true;
            report.add(send_batch(ctx, &mut conn, mail, &leased, due_by_ms)?);
        }
        if !leased_any {
            break;
        }
    }
    Ok(report)
}

/// Sends one leased batch.
fn send_batch(
    ctx: &WorkerContext,
    conn: &mut AnyConnection,
    mail: &SurveyMail,
    leased: &[LeasedAttempt],
    due_by_ms: i64,
) -> Result<SendReport, FieldworkError> {
    let ids: Vec<i64> = leased.iter().map(|a| a.id).collect();
    let recipients: HashMap<i64, EmailRecipient> = contact_attempts::email_recipients(conn, &ids)?
        .into_iter()
        .map(|r| (r.attempt_id, r))
        .collect();
    // The codes are stored before anything is sent: a message that goes out carries a code
    // that works.
    let codes: Vec<AccessCode> = write_tx(conn, |c| {
        leased
            .iter()
            .map(|a| fresh_code(c, &ctx.code_key, a.case_id))
            .collect::<Result<Vec<_>, FieldworkError>>()
    })?;
    let mut report = SendReport::default();
    // The outcome of the message just sent is written in the same transaction that marks the
    // next one as being sent: one commit a message, and still at most one message in hand.
    let mut done: Option<(i64, Finished)> = None;
    for (index, (attempt, code)) in leased.iter().zip(&codes).enumerate() {
        if ctx.stopping() {
            let rest = &ids[index..];
            let released = write(conn, |c| {
                write_finished(c, ctx, done.as_ref(), due_by_ms)?;
                contact_attempts::release(c, rest, &ctx.id, now_ms())
            })?;
            count_finished(done.take(), &mut report);
            crate::metrics::email("released", released);
            report.released += released;
            break;
        }
        // Cancelled since it was leased (the case answered): not sent.
        let begun = write(conn, |c| {
            write_finished(c, ctx, done.as_ref(), due_by_ms)?;
            contact_attempts::begin_send(c, attempt.id, &ctx.id, now_ms())
        })?;
        count_finished(done.take(), &mut report);
        if !begun {
            continue;
        }
        let outcome = send_one(ctx, mail, attempt, recipients.get(&attempt.id), code);
        done = Some((attempt.id, finished(attempt, outcome, due_by_ms)));
    }
    if done.is_some() {
        write(conn, |c| write_finished(c, ctx, done.as_ref(), due_by_ms))?;
        count_finished(done.take(), &mut report);
    }
    tracing::info!(
        survey_id = mail.survey.id,
        sent = report.sent,
        retried = report.retried,
        failed = report.failed,
        ambiguous = report.ambiguous,
        released = report.released,
        "e-mail batch"
    );
    Ok(report)
}

/// Builds and sends the e-mail of one attempt.
fn send_one(
    ctx: &WorkerContext,
    mail: &SurveyMail,
    attempt: &LeasedAttempt,
    recipient: Option<&EmailRecipient>,
    code: &AccessCode,
) -> Result<(), SendFailure> {
    let recipient =
        recipient.ok_or_else(|| SendFailure::Permanent("the case is no longer there".into()))?;
    let step = mail.plan.step(&attempt.step).ok_or_else(|| {
        SendFailure::Permanent(format!(
            "the step {} is no longer in the plan",
            attempt.step
        ))
    })?;
    let email = recipient
        .email
        .as_deref()
        .filter(|e| !e.trim().is_empty())
        .ok_or_else(|| SendFailure::Permanent("the case has no e-mail address".into()))?;
    let language = recipient
        .answer_language
        .as_deref()
        .or(recipient.case_language.as_deref())
        .unwrap_or(&mail.default_language);
    let name = format!("{} {}", recipient.first_name, recipient.last_name);
    let name = name.trim();
    let printed = code.printed();
    let link = format!("{}/s/{}", ctx.public_url, code.as_str());
    let opt_out = format!(
        "{}/opt-out/{}",
        ctx.public_url,
        ctx.opt_out.token(recipient.case_id)
    );
    let values = Values {
        name,
        code: &printed,
        link: &link,
        survey: &mail.survey.name,
        opt_out: &opt_out,
    };
    let content = compose_email(step, language, &mail.default_language, &values)
        .ok_or_else(|| SendFailure::Permanent("the step has no text".into()))?;
    let message = build(&Envelope {
        from: &ctx.mailer.from,
        domain: &ctx.mailer.domain,
        attempt_id: attempt.id,
        to_name: name,
        to_email: email,
        content: &content,
        opt_out_url: &opt_out,
    })
    .map_err(|e| SendFailure::Permanent(e.to_string()))?;
    ctx.mailer.rate.wait();
    ctx.mailer.transport.send(&message, attempt.id)
}

/// How a send ended, to be written.
enum Finished {
    Sent,
    NotSent(NotSent, String),
}

/// What `outcome` means for the attempt (it was tried `attempt.tries + 1` times).
fn finished(attempt: &LeasedAttempt, outcome: Result<(), SendFailure>, due_by_ms: i64) -> Finished {
    let tries = attempt.tries + 1;
    match outcome {
        Ok(()) => Finished::Sent,
        Err(SendFailure::Temporary(reason)) if gives_up(tries) => Finished::NotSent(
            NotSent::Failed,
            format!("{reason} (given up after {tries} tries)"),
        ),
        Err(SendFailure::Temporary(reason)) => {
            let at_ms = due_by_ms + retry_delay_ms(tries, random_u64());
            Finished::NotSent(NotSent::Retry { at_ms }, reason)
        }
        Err(SendFailure::Permanent(reason)) => Finished::NotSent(NotSent::Failed, reason),
        Err(SendFailure::Unknown(reason)) => Finished::NotSent(NotSent::Ambiguous, reason),
    }
}

/// Writes how the send of attempt `done.0` ended (nothing when there is none). Run it in a
/// write transaction.
fn write_finished(
    conn: &mut AnyConnection,
    ctx: &WorkerContext,
    done: Option<&(i64, Finished)>,
    due_by_ms: i64,
) -> Result<(), StoreError> {
    match done {
        None => Ok(()),
        Some((id, Finished::Sent)) => {
            contact_attempts::mark_sent(conn, &[*id], &ctx.id, due_by_ms).map(|_| ())
        }
        Some((id, Finished::NotSent(not_sent, reason))) => {
            contact_attempts::mark_not_sent(conn, *id, &ctx.id, not_sent, reason, now_ms())
                .map(|_| ())
        }
    }
}

/// Counts a written outcome in the report and the metrics.
fn count_finished(done: Option<(i64, Finished)>, report: &mut SendReport) {
    let outcome = match done {
        None => return,
        Some((_, Finished::Sent)) => {
            report.sent += 1;
            "sent"
        }
        Some((_, Finished::NotSent(NotSent::Retry { .. }, _))) => {
            report.retried += 1;
            "retried"
        }
        Some((_, Finished::NotSent(NotSent::Failed, _))) => {
            report.failed += 1;
            "failed"
        }
        Some((_, Finished::NotSent(NotSent::Ambiguous, _))) => {
            report.ambiguous += 1;
            "ambiguous"
        }
    };
    crate::metrics::email(outcome, 1);
}

/// A sender thread: sends due e-mail until the worker is asked to stop.
pub fn run_sender(ctx: &WorkerContext) {
    let mut plans = PlanCache::default();
    while !ctx.stopping() {
        match send_due(ctx, now_ms(), &mut plans) {
            Ok(report) if report.total() > 0 => {}
            Ok(_) => nap(ctx, POLL),
            Err(e) => {
                tracing::warn!(error = %e.kind(), "e-mail could not be sent now");
                nap(ctx, POLL);
            }
        }
    }
}
