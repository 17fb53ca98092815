//! Marks the black-box tests whose outside tool is missing (a browser, axe-core, schemathesis,
//! pyreadstat, an SMTP server, PostgreSQL) as ignored, with the reason, so that a plain
//! `cargo test` says in its summary what it did not check. CI sets every `SVAR_REQUIRE_…`
//! variable, so there nothing is ignored and a missing tool fails its tests.

#[path = "tests/support/test_tools.rs"]
mod test_tools;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=tests/support/test_tools.rs");
    test_tools::announce_missing_tools(&test_tools::ALL);
}
