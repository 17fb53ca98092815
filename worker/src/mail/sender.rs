//! Sending the outbox's e-mail: a sender takes a batch of due e-mails of one survey (outside
//! its quiet hours); in one commit it leases them, marks them as being sent and stores a fresh
//! code for each; it builds each message in the case's language and sends it; and it records
//! the outcomes of the batch in one commit. Two commits a batch rather than one a message is
//! what lets the worker keep up with a mail server (a commit is a WAL flush); the price is that
//! a worker that dies mid-batch leaves up to a batch (`SVAR_MAIL_BATCH`) unknown: ambiguous once their
//! lease runs out, counted, never sent again. A case that answered or declined before its batch
//! was taken gets nothing (its attempts were cancelled with the change); one that does so while
//! its batch is on its way (a fraction of a second) may still get the message. A temporary
//! failure is tried again later with backoff and jitter; a refusal is failed with the server's
//! reply; a message whose fate is unknown is ambiguous and never sent again. After a temporary
//! or unknown failure (the server is in trouble), when asked to stop, or when the batch has
//! taken half its lease, a sender gives the rest of its batch back untried.

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
use svar_core::fieldwork::{compose_email, fresh_codes, plan_of, survey_languages, FieldworkError};

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
            let batch = take_batch(ctx, &mut conn, survey_id, due_by_ms)?;
            if batch.attempts.is_empty() {
                continue;
            }
            leased_any = true;
            report.add(send_batch(ctx, &mut conn, mail, &batch, due_by_ms)?);
        }
        if !leased_any {
            break;
        }
    }
    Ok(report)
}

/// A batch taken for sending: its attempts, their recipients and a fresh code for each.
struct Batch {
    attempts: Vec<LeasedAttempt>,
    recipients: HashMap<i64, EmailRecipient>,
    codes: Vec<AccessCode>,
}

/// Takes a batch of a survey's due e-mails, in one commit before anything is sent: the
/// attempts are leased and marked as being sent, and each message's code is stored, so a
/// message that goes out carries a code that works.
fn take_batch(
    ctx: &WorkerContext,
    conn: &mut AnyConnection,
    survey_id: i64,
    due_by_ms: i64,
) -> Result<Batch, FieldworkError> {
    write_tx(conn, |c| {
        let now = now_ms();
        let until = now + lease_ms(ctx.mailer.lease);
        let attempts = contact_attempts::lease_email(
            c,
            survey_id,
            &ctx.id,
            due_by_ms,
            now,
            until,
            ctx.mailer.batch,
        )?;
        if attempts.is_empty() {
            return Ok(Batch {
                attempts,
                recipients: HashMap::new(),
                codes: Vec::new(),
            });
        }
        let ids: Vec<i64> = attempts.iter().map(|a| a.id).collect();
        let recipients = contact_attempts::email_recipients(c, &ids)?
            .into_iter()
            .map(|r| (r.attempt_id, r))
            .collect();
        let case_ids: Vec<i64> = attempts.iter().map(|a| a.case_id).collect();
        let codes = fresh_codes(c, &ctx.code_key, &case_ids)?;
        Ok(Batch {
            attempts,
            recipients,
            codes,
        })
    })
}

/// Sends a batch taken by [`take_batch`] and records the outcomes in one commit.
fn send_batch(
    ctx: &WorkerContext,
    conn: &mut AnyConnection,
    mail: &SurveyMail,
    batch: &Batch,
    due_by_ms: i64,
) -> Result<SendReport, FieldworkError> {
    let give_up_at = Instant::now() + ctx.mailer.lease / 2;
    let mut outcomes: Vec<(i64, Finished)> = Vec::with_capacity(batch.attempts.len());
    let mut untried: Vec<i64> = Vec::new();
    for (attempt, code) in batch.attempts.iter().zip(&batch.codes) {
        // Asked to stop, or the server in trouble, or the batch slow enough that its lease
        // could run out: the rest is given back untried.
        let troubled = outcomes.last().is_some_and(|(_, done)| done.troubled());
        if ctx.stopping() || troubled || Instant::now() >= give_up_at {
            untried.push(attempt.id);
            continue;
        }
        let recipient = batch.recipients.get(&attempt.id);
        let outcome = send_one(ctx, mail, attempt, recipient, code);
        outcomes.push((attempt.id, finished(attempt, outcome, due_by_ms)));
    }
    let released = write(conn, |c| {
        write_outcomes(c, ctx, &outcomes, due_by_ms)?;
        contact_attempts::unbegin(c, &untried, &ctx.id, now_ms())
    })?;
    let mut report = SendReport::default();
    for (_, done) in &outcomes {
        count_finished(done, &mut report);
    }
    crate::metrics::email("released", released);
    report.released += released;
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

impl Finished {
    /// Whether the mail server seems in trouble (a temporary failure, or one of unknown
    /// outcome), so that the rest of the batch is better given back than tried now.
    fn troubled(&self) -> bool {
        matches!(
            self,
            Finished::NotSent(NotSent::Retry { .. } | NotSent::Ambiguous, _)
        )
    }
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

/// Writes how the sends of a batch ended. Run it in a write transaction.
fn write_outcomes(
    conn: &mut AnyConnection,
    ctx: &WorkerContext,
    outcomes: &[(i64, Finished)],
    due_by_ms: i64,
) -> Result<(), StoreError> {
    let sent: Vec<i64> = outcomes
        .iter()
        .filter(|(_, f)| matches!(f, Finished::Sent))
        .map(|(id, _)| *id)
        .collect();
    contact_attempts::mark_sent(conn, &sent, &ctx.id, due_by_ms)?;
    for (id, done) in outcomes {
        if let Finished::NotSent(not_sent, reason) = done {
            contact_attempts::mark_not_sent(conn, *id, &ctx.id, not_sent, reason, now_ms())?;
        }
    }
    Ok(())
}

/// Counts a written outcome in the report and the metrics.
fn count_finished(done: &Finished, report: &mut SendReport) {
    let outcome = match done {
        Finished::Sent => {
            report.sent += 1;
            "sent"
        }
        Finished::NotSent(NotSent::Retry { .. }, _) => {
            report.retried += 1;
            "retried"
        }
        Finished::NotSent(NotSent::Failed, _) => {
            report.failed += 1;
            "failed"
        }
        Finished::NotSent(NotSent::Ambiguous, _) => {
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
