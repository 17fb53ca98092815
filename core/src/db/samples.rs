//! Writing a sample: strata, cases and their contact data. The caller wraps the whole import
//! in one [`super::write_tx`], so a refused file leaves nothing behind.

use super::cases::CaseState;
use super::copy_text;
use super::schema::{cases, contacts, strata};
use super::{now_ms, AnyConnection, StoreError};
use crate::disposition::{disposition, RespondentActivity, ShareRule};
use diesel::prelude::*;
use std::collections::HashMap;

/// Rows inserted per statement (well under SQLite's bound-variable limit).
const BATCH_ROWS: usize = 500;

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = strata)]
pub struct NewStratum {
    pub survey_id: i64,
    pub code: String,
    pub label: String,
    pub population: i64,
    pub sample_size: i64,
    /// The target response rate, a fraction, if the strata file gives one.
    pub target_response_rate: Option<f64>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = strata)]
pub struct StratumRow {
    pub id: i64,
    pub survey_id: i64,
    pub code: String,
    pub label: String,
    pub population: i64,
    pub sample_size: i64,
    pub target_response_rate: Option<f64>,
}

impl StratumRow {
    /// The design weight N_h / n_h.
    pub fn design_weight(&self) -> f64 {
        if self.sample_size > 0 {
            self.population as f64 / self.sample_size as f64
        } else {
            0.0
        }
    }
}

/// One case to insert with its contact data.
#[derive(Debug, Clone)]
pub struct NewCase {
    pub person_id: String,
    pub stratum_id: i64,
    pub design_weight: f64,
    pub language: Option<String>,
    /// Auxiliary register variables as a JSON object.
    pub auxiliaries: String,
    pub contact: NewContact,
}

#[derive(Debug, Clone, Default)]
pub struct NewContact {
    pub first_name: String,
    pub last_name: String,
    pub care_of: String,
    pub street: String,
    pub postcode: String,
    pub city: String,
    pub email: Option<String>,
    pub phone: String,
}

#[derive(Insertable)]
#[diesel(table_name = cases, treat_none_as_default_value = false)]
struct CaseInsert<'a> {
    survey_id: i64,
    stratum_id: i64,
    person_id: &'a str,
    design_weight: f64,
    language: Option<&'a str>,
    auxiliaries: &'a str,
    state: &'a str,
    disposition: &'a str,
    created_at_ms: i64,
    updated_at_ms: i64,
}

#[derive(Insertable)]
#[diesel(table_name = contacts, treat_none_as_default_value = false)]
struct ContactInsert<'a> {
    case_id: i64,
    first_name: &'a str,
    last_name: &'a str,
    care_of: &'a str,
    street: &'a str,
    postcode: &'a str,
    city: &'a str,
    email: Option<&'a str>,
    phone: &'a str,
}

/// Inserts the strata of a survey; returns them with their ids.
pub fn insert_strata(
    conn: &mut AnyConnection,
    rows: &[NewStratum],
) -> Result<Vec<StratumRow>, StoreError> {
    crate::with_conn!(conn, |c| diesel::insert_into(strata::table)
        .values(rows)
        .execute(c))?;
    let survey_ids: Vec<i64> = rows.iter().map(|r| r.survey_id).collect();
    Ok(strata::table
        .filter(strata::survey_id.eq_any(survey_ids))
        .order(strata::id.asc())
        .select(StratumRow::as_select())
        .load(conn)?)
}

pub fn strata_of_survey(
    conn: &mut AnyConnection,
    survey_id: i64,
) -> Result<Vec<StratumRow>, StoreError> {
    Ok(strata::table
        .filter(strata::survey_id.eq(survey_id))
        .order(strata::id.asc())
        .select(StratumRow::as_select())
        .load(conn)?)
}

/// Inserts cases and their contact data; returns how many. On PostgreSQL the rows go in with
/// `COPY … FROM STDIN (FORMAT binary)` under ids drawn from the cases' sequence beforehand
/// (three round trips for the whole slice); on SQLite as multi-row inserts.
pub fn insert_cases(
    conn: &mut AnyConnection,
    survey_id: i64,
    rows: &[NewCase],
) -> Result<usize, StoreError> {
    if rows.is_empty() {
        return Ok(0);
    }
    let now = now_ms();
    let not_contacted = disposition(
        RespondentActivity::NotLoggedOn { invited: false },
        ShareRule::default(),
    );
    let case_row = |r| case_insert(r, survey_id, now, not_contacted);
    if let AnyConnection::Postgresql(pg) = conn {
        let ids = next_case_ids(pg, rows.len())?;
        let numbered = || ids.iter().zip(rows);
        let weight_texts: Vec<String> = rows.iter().map(|r| r.design_weight.to_string()).collect();
        let (survey, now) = (survey_id.to_string(), now.to_string());
        use cases::columns as c;
        let columns = (
            c::id,
            c::survey_id,
            c::stratum_id,
            c::person_id,
            c::design_weight,
            c::language,
            c::auxiliaries,
            c::state,
            c::disposition,
            c::created_at_ms,
            c::updated_at_ms,
        );
        copy_rows(pg, cases::table, columns, |w| {
            for ((id, r), weight) in numbered().zip(&weight_texts) {
                let row = case_row(r);
                copy_text::write_row(
                    w,
                    &[
                        Some(&id.to_string()),
                        Some(&survey),
                        Some(&r.stratum_id.to_string()),
                        Some(row.person_id),
                        Some(weight),
                        row.language,
                        Some(row.auxiliaries),
                        Some(row.state),
                        Some(row.disposition),
                        Some(&now),
                        Some(&now),
                    ],
                )?;
            }
            Ok(())
        })?;
        use contacts::columns as k;
        let columns = (
            k::case_id,
            k::first_name,
            k::last_name,
            k::care_of,
            k::street,
            k::postcode,
            k::city,
            k::email,
            k::phone,
        );
        copy_rows(pg, contacts::table, columns, |w| {
            for (id, r) in numbered() {
                let k = contact_row(*id, &r.contact);
                copy_text::write_row(
                    w,
                    &[
                        Some(&id.to_string()),
                        Some(k.first_name),
                        Some(k.last_name),
                        Some(k.care_of),
                        Some(k.street),
                        Some(k.postcode),
                        Some(k.city),
                        k.email,
                        Some(k.phone),
                    ],
                )?;
            }
            Ok(())
        })?;
        return Ok(rows.len());
    }
    for chunk in rows.chunks(BATCH_ROWS) {
        let inserts: Vec<CaseInsert> = chunk.iter().map(case_row).collect();
        crate::with_conn!(conn, |c| diesel::insert_into(cases::table)
            .values(&inserts)
            .execute(c))?;
        let person_ids: Vec<&str> = chunk.iter().map(|r| r.person_id.as_str()).collect();
        let ids: HashMap<String, i64> = cases::table
            .filter(cases::survey_id.eq(survey_id))
            .filter(cases::person_id.eq_any(person_ids))
            .select((cases::person_id, cases::id))
            .load::<(String, i64)>(conn)?
            .into_iter()
            .collect();
        let mut contact_rows = Vec::with_capacity(chunk.len());
        for r in chunk {
            let case_id = *ids.get(&r.person_id).ok_or_else(|| {
                StoreError::Corrupt("an inserted case could not be read back".into())
            })?;
            contact_rows.push(contact_row(case_id, &r.contact));
        }
        crate::with_conn!(conn, |c| diesel::insert_into(contacts::table)
            .values(&contact_rows)
            .execute(c))?;
    }
    Ok(rows.len())
}

fn case_insert<'a>(
    r: &'a NewCase,
    survey_id: i64,
    now: i64,
    disposition: &'a str,
) -> CaseInsert<'a> {
    CaseInsert {
        survey_id,
        stratum_id: r.stratum_id,
        person_id: &r.person_id,
        design_weight: r.design_weight,
        language: r.language.as_deref(),
        auxiliaries: &r.auxiliaries,
        state: CaseState::New.as_str(),
        disposition,
        created_at_ms: now,
        updated_at_ms: now,
    }
}

fn contact_row(case_id: i64, k: &NewContact) -> ContactInsert<'_> {
    ContactInsert {
        case_id,
        first_name: &k.first_name,
        last_name: &k.last_name,
        care_of: &k.care_of,
        street: &k.street,
        postcode: &k.postcode,
        city: &k.city,
        email: k.email.as_deref(),
        phone: &k.phone,
    }
}

/// `COPY table (columns) FROM STDIN` in PostgreSQL's text format, the rows written by `write`.
fn copy_rows<T, C>(
    pg: &mut diesel::PgConnection,
    table: T,
    columns: C,
    write: impl Fn(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<(), StoreError>
where
    T: diesel::Table,
    C: diesel::pg::CopyTarget<Table = T>,
{
    let write = move |out: &mut dyn std::io::Write| {
        write(out).map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))
    };
    diesel::copy_from(table)
        .from_raw_data(columns, write)
        .with_format(diesel::pg::CopyFormat::Text)
        .execute(pg)?;
    Ok(())
}

#[derive(QueryableByName)]
struct NextId {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    id: i64,
}

/// `n` fresh ids from the cases' sequence, in one query.
fn next_case_ids(pg: &mut diesel::PgConnection, n: usize) -> Result<Vec<i64>, StoreError> {
    let n = i64::try_from(n).map_err(|_| StoreError::Corrupt("too many rows".into()))?;
    let ids = diesel::sql_query(
        "SELECT nextval(pg_get_serial_sequence('cases', 'id')) AS id FROM generate_series(1, $1)",
    )
    .bind::<diesel::sql_types::BigInt, _>(n)
    .load::<NextId>(pg)?;
    Ok(ids.into_iter().map(|r| r.id).collect())
}

/// Contact data of one case, for letters (and, serialised, for the managers allowed to see it).
#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = contacts)]
pub struct ContactRow {
    #[serde(skip)]
    pub case_id: i64,
    pub first_name: String,
    pub last_name: String,
    pub care_of: String,
    pub street: String,
    pub postcode: String,
    pub city: String,
    pub email: Option<String>,
    pub phone: String,
}

/// A case to write a letter to.
#[derive(Debug, Clone, Queryable)]
pub struct LetterCase {
    pub case_id: i64,
    pub person_id: String,
    pub language: Option<String>,
    pub state: String,
    pub contact: ContactRow,
}

/// Cases of a survey with their contact data, for the invitation print file: at most `limit`
/// of them after case id `after`, in case order (keyset paging, so a survey of a million cases
/// is read a batch at a time).
pub fn cases_with_contacts(
    conn: &mut AnyConnection,
    survey_id: i64,
    after: Option<i64>,
    limit: i64,
) -> Result<Vec<LetterCase>, StoreError> {
    Ok(cases::table
        .inner_join(contacts::table)
        .filter(cases::survey_id.eq(survey_id))
        .filter(cases::id.gt(after.unwrap_or(0)))
        .order(cases::id.asc())
        .limit(limit)
        .select((
            cases::id,
            cases::person_id,
            cases::language,
            cases::state,
            ContactRow::as_select(),
        ))
        .load(conn)?)
}

/// Copies the strata of survey `from` to survey `to` (a new round of the same series).
pub fn copy_strata(conn: &mut AnyConnection, from: i64, to: i64) -> Result<usize, StoreError> {
    let rows: Vec<NewStratum> = strata_of_survey(conn, from)?
        .into_iter()
        .map(|s| NewStratum {
            survey_id: to,
            code: s.code,
            label: s.label,
            population: s.population,
            sample_size: s.sample_size,
            target_response_rate: s.target_response_rate,
        })
        .collect();
    if rows.is_empty() {
        return Ok(0);
    }
    Ok(insert_strata(conn, &rows)?.len())
}

/// Removes the strata of a survey that has no cases (a sample import replaces strata copied
/// from the round before).
pub fn delete_strata(conn: &mut AnyConnection, survey_id: i64) -> Result<usize, StoreError> {
    Ok(diesel::delete(strata::table.filter(strata::survey_id.eq(survey_id))).execute(conn)?)
}
