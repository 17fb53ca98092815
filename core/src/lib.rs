//! svar-core: the domain of Svar — questionnaires, samples, access codes, answering rules
//! and storage. No HTTP and no SMTP here: the api and worker crates build on this one.

pub mod db;
pub mod form {
    pub mod model;
}
