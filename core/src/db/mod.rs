//! Storage: the one place that talks to the database (SQLite or PostgreSQL through diesel).
//! Each file holds the queries of one table family; callers get plain values back.

pub mod connection;
pub mod schema;

pub use connection::{
    default_pool_size, migrate, now_ms, open_pool, ping, write_tx, AnyConnection, Backend,
    DatabaseUrl, Pool, PooledConnection, StoreError,
};
pub mod audit;
pub mod case_list;
pub mod cases;
pub mod codes;
mod copy_text;
pub mod dispositions;
pub mod events;
pub mod export_rows;
pub mod grants;
pub mod jobs;
pub mod login_write;
pub mod questionnaires;
pub mod response_write;
pub mod responses;
pub mod samples;
pub mod surveys;
pub mod test_db;
pub mod users;
