//! The questionnaire import benchmark (`--only form`): a generated XLSForm of 1,000 questions in
//! 20 languages (`bench/scripts/make_big_form.py`: 50 repeat groups of 20 questions, each a
//! field-list page per instance, half with a `repeat_count` of 3 and half added to by the
//! respondent; labels, hints and constraint messages in every language, selects on ten shared
//! lists, a relevant on every fifth question, a calculate per repeat), imported (and compiled
//! for answering, its repeats unrolled) by `svar survey create --draft` on a
//! migrated SQLite file, beside pyxform, the reference converter, turning the same file into an
//! XForm (`xls2xform_convert`, without ODK Validate, which needs Java). Each runs to its end as
//! its own process, three times; the median time and the largest peak memory are reported, and
//! the import alone inside this process (`import_xlsform`, median of five) beside them.
//!
//! Target: Svar ≥ 10 × faster than pyxform.

use crate::options::Plan;
use crate::paths::Paths;
use crate::peak_memory::{run_to_end, Finished};
use crate::report::Row;
use crate::workdir::WorkDir;
use anyhow::{bail, Context};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const QUESTIONS: usize = 1_000;
const LANGUAGES: usize = 20;
const RUNS: usize = 3;
const TARGET_RATIO: f64 = 10.0;

/// pyxform's conversion of one file, without ODK Validate.
const PYXFORM_CONVERT: &str = "import sys\n\
from pyxform.xls2xform import xls2xform_convert\n\
xls2xform_convert(sys.argv[1], sys.argv[2], validate=False)\n";

/// A Python that has pyxform: `SVAR_PYXFORM`, else `~/.cache/svar-pyxform/bin/python`.
fn python_with_pyxform() -> anyhow::Result<PathBuf> {
    let candidates = std::env::var_os("SVAR_PYXFORM")
        .map(PathBuf::from)
        .into_iter()
        .chain(
            std::env::var_os("HOME")
                .map(|home| Path::new(&home).join(".cache/svar-pyxform/bin/python")),
        );
    for python in candidates {
        let works = Command::new(&python)
            .args(["-c", "import pyxform"])
            .output()
            .is_ok_and(|out| out.status.success());
        if works {
            return Ok(python);
        }
    }
    bail!(
        "the form benchmark needs pyxform: python3 -m venv ~/.cache/svar-pyxform && \
         ~/.cache/svar-pyxform/bin/pip install pyxform==4.5.0 (or set SVAR_PYXFORM)"
    )
}

/// The median time and the largest peak memory of `runs`.
fn summary(runs: &[Finished]) -> (f64, f64) {
    let mut seconds: Vec<f64> = runs.iter().map(|r| r.seconds).collect();
    seconds.sort_by(f64::total_cmp);
    let peak = runs.iter().map(Finished::peak_mb).fold(0.0, f64::max);
    (seconds[seconds.len() / 2], peak)
}

pub fn run(_plan: &Plan, paths: &Paths, work: &WorkDir, rows: &mut Vec<Row>) -> anyhow::Result<()> {
    let python = python_with_pyxform()?;
    let dir = work.folder("form")?;
    let form = dir.join("big-form.xlsx");
    let generated = Command::new(&python)
        .arg(paths.repo.join("bench/scripts/make_big_form.py"))
        .arg(&form)
        .args([QUESTIONS.to_string(), LANGUAGES.to_string()])
        .output()
        .context("running make_big_form.py")?;
    if !generated.status.success() {
        bail!(
            "make_big_form.py: {}",
            String::from_utf8_lossy(&generated.stderr)
        );
    }
    let db = dir.join("form.db");
    let migrate = Command::new(&paths.svar)
        .arg("migrate")
        .arg("--database-url")
        .arg(&db)
        .output()
        .context("svar migrate")?;
    if !migrate.status.success() {
        bail!("svar migrate: {}", String::from_utf8_lossy(&migrate.stderr));
    }

    let mut svar_runs = Vec::new();
    let mut pyxform_runs = Vec::new();
    for round in 1..=RUNS {
        let mut create = Command::new(&paths.svar);
        create
            .current_dir(&dir)
            .args(["survey", "create", "--draft", "--name", "Big form"])
            .arg("--round")
            .arg(round.to_string())
            .arg("--questionnaire")
            .arg(&form)
            .arg("--database-url")
            .arg(&db);
        svar_runs.push(run_to_end(&create)?);
        let mut convert = Command::new(&python);
        convert
            .args(["-c", PYXFORM_CONVERT])
            .arg(&form)
            .arg(dir.join("big-form.xml"));
        pyxform_runs.push(run_to_end(&convert)?);
    }
    let bytes = std::fs::read(&form)?;
    let mut in_process: Vec<f64> = (0..5)
        .map(|_| {
            let started = Instant::now();
            let imported = svar_core::form::import_xlsform(&bytes).map(|r| r.form.pages.len());
            (started.elapsed().as_secs_f64(), imported)
        })
        .map(|(seconds, imported)| imported.map(|_| seconds))
        .collect::<Result<_, _>>()
        .map_err(|errors| anyhow::anyhow!("the generated form was refused: {errors}"))?;
    in_process.sort_by(f64::total_cmp);
    // What the first respondent's page costs the server once per questionnaire version: the
    // form compiled for answering, its 50 repeats unrolled into pages per instance.
    let imported = svar_core::form::import_xlsform(&bytes)
        .map_err(|errors| anyhow::anyhow!("the generated form was refused: {errors}"))?;
    let mut compiling: Vec<f64> = Vec::new();
    let mut unrolled_pages = 0;
    for _ in 0..5 {
        let started = Instant::now();
        let compiled = svar_core::response::CompiledForm::new(imported.form.clone())
            .map_err(|error| anyhow::anyhow!("the generated form does not compile: {error}"))?;
        compiling.push(started.elapsed().as_secs_f64());
        unrolled_pages = compiled.form().pages.len();
    }
    compiling.sort_by(f64::total_cmp);

    let (svar_s, svar_mb) = summary(&svar_runs);
    let (pyxform_s, pyxform_mb) = summary(&pyxform_runs);
    let ratio = pyxform_s / svar_s;
    let what = format!(
        "form import: {QUESTIONS} questions, {LANGUAGES} languages, 50 repeats (svar survey create)"
    );
    println!(
        "{what}: {svar_s:.3} s, peak {svar_mb:.1} MB; pyxform {pyxform_s:.3} s, peak \
         {pyxform_mb:.1} MB; {ratio:.1} x; import_xlsform alone {:.3} s",
        in_process[in_process.len() / 2]
    );
    rows.push(
        Row::note(&what, format!("{svar_s:.3} s, {svar_mb:.1} MB"))
            .limit(
                format!("pyxform {pyxform_s:.3} s, {pyxform_mb:.1} MB"),
                Some(ratio),
            )
            .target("≥ 10 × faster", ratio >= TARGET_RATIO),
    );
    rows.push(Row::note(
        "form import: import_xlsform alone, in process (median of 5)",
        format!("{:.3} s", in_process[in_process.len() / 2]),
    ));
    let compile_s = compiling[compiling.len() / 2];
    println!("compiled for answering: {compile_s:.3} s, {unrolled_pages} pages once unrolled");
    rows.push(Row::note(
        "  compiled for answering, first page of the version (median of 5)",
        format!("{compile_s:.3} s, {unrolled_pages} pages"),
    ));
    Ok(())
}
