//! Compiles the writer half of the vendored ReadStat C library (vendor/readstat) into a static
//! library, so the SPSS and Stata exports need no system package: only a C compiler.
//!
//! It also marks the tests whose outside tool is missing (pyreadstat, pyxform, PostgreSQL) as
//! ignored, with the reason in `cargo test`'s summary (see `tests/support/test_tools.rs`).

use std::path::Path;

#[path = "../tests/support/test_tools.rs"]
mod test_tools;

/// The ReadStat files the `.sav` and `.dta` writers need (no readers, no SAS, no zlib).
const SOURCES: &[&str] = &[
    "CKHashTable.c",
    "readstat_bits.c",
    "readstat_error.c",
    "readstat_malloc.c",
    "readstat_metadata.c",
    "readstat_value.c",
    "readstat_variable.c",
    "readstat_writer.c",
    "readstat_convert.c",
    "spss/readstat_sav.c",
    "spss/readstat_sav_compress.c",
    "spss/readstat_sav_write.c",
    "spss/readstat_spss.c",
    "spss/readstat_spss_parse.c",
    "stata/readstat_dta.c",
    "stata/readstat_dta_write.c",
];

fn main() {
    let src = Path::new("vendor/readstat/src");
    let mut build = cc::Build::new();
    for file in SOURCES {
        let path = src.join(file);
        println!("cargo:rerun-if-changed={}", path.display());
        build.file(path);
    }
    build.include(src).warnings(false).compile("readstat");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=../tests/support/test_tools.rs");
    test_tools::announce_missing_tools(&[
        &test_tools::PYREADSTAT,
        &test_tools::PYXFORM,
        &test_tools::POSTGRES,
    ]);
}
