//! Storage: the one place that talks to the database (SQLite or PostgreSQL through diesel).
//! Each file holds the queries of one table family; callers get plain values back.

pub mod connection;
pub mod schema;

/// The diesel plumbing of a hand-written PostgreSQL statement `$ty<'_>` (which implements
/// `QueryFragment<Pg>` itself) returning `$sql_type`: a static query id `$id`, so that diesel
/// prepares it once per connection.
macro_rules! prepared_pg_statement {
    ($ty:ident, $id:ident, $sql_type:ty) => {
        struct $id;

        impl diesel::query_builder::QueryId for $ty<'_> {
            type QueryId = $id;
            const HAS_STATIC_QUERY_ID: bool = true;
        }

        impl diesel::query_builder::Query for $ty<'_> {
            type SqlType = $sql_type;
        }

        impl diesel::RunQueryDsl<diesel::PgConnection> for $ty<'_> {}
    };
}

pub use connection::{
    default_pool_size, migrate, now_ms, open_pool, ping, write_tx, AnyConnection, Backend,
    DatabaseUrl, Pool, PooledConnection, StoreError,
};
pub mod audit;
pub mod case_list;
pub mod cases;
pub mod codes;
pub mod contact_attempts;
pub mod contact_plans;
mod copy_text;
pub mod dispositions;
pub mod events;
pub mod export_rows;
pub mod grants;
pub mod job_files;
pub mod jobs;
pub mod login_lookup;
pub mod login_write;
pub mod monitoring_counts;
pub mod monitoring_days;
pub mod monitoring_settings;
pub mod print_batches;
pub mod questionnaires;
pub mod queue;
pub mod response_write;
pub mod responses;
pub mod samples;
pub mod surveys;
pub mod test_db;
pub mod users;
