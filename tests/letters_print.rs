//! The print-ready letters of a batch, laid out by a real browser (headless Chromium): the demo
//! sample's invitation batch prints one A4 page per letter; the address sits where a windowed
//! C5 envelope shows it (DIN 5008 form B: 20 mm from the left, 45 mm from the top) in every
//! language; an Arabic letter's text runs right to left, its lines ending at the page's right
//! margin, where a Swedish letter's lines start at the left one.

// Helpers outside #[test] functions may unwrap too: a panic in a test is its failure.
#![allow(clippy::unwrap_used)]

mod support;

use support::http::download;
use support::manager::{add_user, token};
use support::optional_tool::find;
use support::servers;
use support::test_tools;
use support::webdriver::{Driver, Options};
use svar_core::accounts::Role;

/// Positions (in millimetres from the letter's top left corner) of the first letter in
/// `language`: the address window's left and top, the text box's left and right, and the
/// leftmost start and rightmost end of its text's lines.
const MEASURE: &str = r#"
const mm = 96 / 25.4;
const letter = [...document.querySelectorAll('section.letter')]
  .find(s => s.getAttribute('lang') === arguments[0]);
if (!letter) { return null; }
const page = letter.getBoundingClientRect();
const at = r => ({ left: (r.left - page.left) / mm, right: (r.right - page.left) / mm,
                   top: (r.top - page.top) / mm });
const box = letter.querySelector('.text').getBoundingClientRect();
const lines = [];
for (const p of letter.querySelectorAll('.text p')) {
  const range = document.createRange();
  range.selectNodeContents(p);
  for (const r of range.getClientRects()) { lines.push(at(r)); }
}
return {
  dir: letter.getAttribute('dir'),
  window: at(letter.querySelector('.window').getBoundingClientRect()),
  box: at(box),
  start: Math.min(...lines.map(l => l.left)),
  end: Math.max(...lines.map(l => l.right)),
  lines: lines.length,
  width: page.width / mm,
  height: page.height / mm,
};
"#;

/// The page objects of a PDF (`/Type /Page`, not `/Type /Pages`).
fn pdf_pages(pdf: &[u8]) -> usize {
    let needle = b"/Type /Page";
    pdf.windows(needle.len() + 1)
        .filter(|w| w.starts_with(needle) && w[needle.len()] != b's')
        .count()
}

/// The HTML file printed by headless Chromium, as a mailing house's print run would (its
/// `--print-to-pdf`: WebDriver's print command gives up on thousands of pages).
fn printed_to_pdf(html: &std::path::Path) -> Vec<u8> {
    let chromium = find(&test_tools::CHROMIUM).expect("chromium");
    let pdf = html.with_extension("pdf");
    let profile = html.with_extension("profile");
    let out = std::process::Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()))
        .output()
        .expect("chromium runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read(pdf).expect("the PDF is written")
}

#[test]
#[cfg_attr(
    any(svar_missing_chromium, svar_missing_chromedriver),
    ignore = "chromium or chromedriver not installed (Debian packages chromium, chromium-driver)"
)]
fn a_batch_prints_a_page_per_letter_with_arabic_right_to_left() {
    let Some(driver) =
        Driver::start_or_skip("a_batch_prints_a_page_per_letter_with_arabic_right_to_left")
    else {
        return;
    };
    for (n, svar) in servers().into_iter().enumerate() {
        let backend = svar.backend_name();
        add_user(&svar, "admin@svar.invalid", Role::Admin);
        let admin = token(&svar, "admin@svar.invalid");
        // The invitation batch `svar letters` made for the demo sample.
        let html = download(
            &format!(
                "{}/api/v1/surveys/{}/print-batches/1/letters.html",
                svar.url, svar.survey_id
            ),
            &admin,
        );
        assert_eq!(html.status, 200, "{backend}");
        let file = svar.dir.join("letters.html");
        std::fs::write(&file, &html.bytes).unwrap();
        let s = driver.session(&Options::desktop("sv"));
        s.goto(&format!("file://{}", file.display()));
        let letters = s.run_script("return document.querySelectorAll('section.letter').length;");
        assert_eq!(letters, svar.letters.len(), "{backend}");

        let measure = |language: &str| {
            let script =
                format!("return (function() {{ {MEASURE} }}).apply(null, ['{language}']);");
            s.run_script(&script)
        };
        let arabic = measure("ar");
        let swedish = measure("sv");
        for (m, name) in [(&arabic, "ar"), (&swedish, "sv")] {
            let num = |path: &str| m.pointer(path).and_then(|v| v.as_f64()).unwrap();
            assert!(
                (num("/width") - 210.0).abs() < 0.5 && (num("/height") - 297.0).abs() < 0.5,
                "{name}: A4: {m}"
            );
            // The address in the envelope's window, whatever the language.
            assert!((num("/window/left") - 20.0).abs() < 0.5, "{name}: {m}");
            assert!((num("/window/top") - 45.0).abs() < 0.5, "{name}: {m}");
            // The text between the margins: 25 mm left, 20 mm right.
            assert!(
                (num("/box/left") - 25.0).abs() < 0.5 && (num("/box/right") - 190.0).abs() < 0.5,
                "{name}: {m}"
            );
            assert!(num("/lines") >= 3.0, "{name}: {m}");
        }
        let num =
            |m: &serde_json::Value, path: &str| m.pointer(path).and_then(|v| v.as_f64()).unwrap();
        assert_eq!(arabic["dir"], "rtl");
        // Arabic: the lines end at the right margin and the short ones start well inside.
        assert!(
            (num(&arabic, "/end") - 190.0).abs() < 1.0,
            "{backend}: {arabic}"
        );
        // Swedish: the lines start at the left margin.
        assert!(
            (num(&swedish, "/start") - 25.0).abs() < 1.0,
            "{backend}: {swedish}"
        );
        assert!(num(&swedish, "/end") < 190.5, "{swedish}");

        // Printed: one A4 page per letter (on one backend; the layout is the same on both).
        if n == 0 {
            let pages = pdf_pages(&printed_to_pdf(&file));
            assert_eq!(pages, svar.letters.len(), "{backend}: pages in the PDF");
        }
    }
}
