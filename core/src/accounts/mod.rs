//! Field managers' accounts: the e-mail address they log in with, their role, the password
//! policy and password hashing, and the rule that decides which surveys they may see and
//! change. Pure logic only; storage is in `db::users`, `db::grants` and `db::audit`.

pub mod access;
pub mod email;
pub mod generated;
pub mod password_hash;
pub mod password_policy;
pub mod role;

pub use access::{decide, Access, Decision};
pub use email::{Email, EmailError};
pub use generated::{generate_password, RandomSourceFailed};
pub use password_hash::{
    hash_password, hash_password_with, verify_against_dummy, verify_password, PasswordHashError,
    Verified,
};
pub use password_policy::{check_new_password, PasswordRefusal};
pub use role::{Role, UnknownRole};
