//! axe-core, the accessibility checker auditors use, run inside a page of the browser tests:
//! finding its script, and listing what it finds against WCAG 2.1 levels A and AA.

#![allow(dead_code)]

use super::optional_tool::find;
use super::test_tools::AXE;
use super::webdriver::Session;
use serde_json::Value;

/// The rules run: WCAG 2.0 and 2.1, levels A and AA (what the EU's web accessibility directive
/// asks of a public body's pages, through EN 301 549).
const WCAG_TAGS: &str = "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']";

/// The text of `axe.min.js`: `SVAR_AXE`, or the npm install at ~/.cache/svar-axe. `None` (the
/// test skips) unless `SVAR_REQUIRE_AXE` is set, which CI does.
pub fn axe_script() -> Option<String> {
    let found = find(&AXE)?;
    Some(std::fs::read_to_string(found).expect("axe.min.js is readable"))
}

/// What axe finds wrong on the page `s` shows: one line per rule broken, with the elements.
pub fn violations(s: &Session, axe: &str) -> Vec<String> {
    s.run_script(&format!("{axe}\nreturn true;"));
    s.run_script(&format!(
        "window.svarAxe = null;
         axe.run(document, {{ runOnly: {{ type: 'tag', values: {WCAG_TAGS} }} }})
            .then(r => {{ window.svarAxe = r.violations.map(v =>
                v.id + ' (' + v.impact + '): ' + v.help + ': ' +
                v.nodes.map(n => n.target.join(' ')).join(', ')); }})
            .catch(e => {{ window.svarAxe = ['axe failed: ' + e]; }});
         return true;"
    ));
    s.wait_until("axe's results", |s| {
        s.run_script("return window.svarAxe !== null;") == true
    });
    match s.run_script("return window.svarAxe;") {
        Value::Array(lines) => lines
            .into_iter()
            .map(|l| l.as_str().unwrap_or_default().to_string())
            .collect(),
        other => vec![format!("axe gave {other}")],
    }
}
