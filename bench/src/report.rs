//! The results: one line per step as it finishes, and the compact table at the end, each
//! figure beside the machine's limit measured in the same run and the target it is held to.

use crate::load::Step;

/// Whether a row meets its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Met,
    Missed,
    /// No target: a limit or a figure for reading the others.
    Info,
}

/// One row of the final table.
#[derive(Debug, Clone)]
pub struct Row {
    pub what: String,
    pub clients: String,
    pub figure: String,
    pub p50_ms: Option<f64>,
    pub p99_ms: Option<f64>,
    pub limit: String,
    pub ratio: Option<f64>,
    pub target: String,
    pub verdict: Verdict,
    /// Cores other programs used during the step (more than a little skews the figure).
    pub others_cpu: Option<f64>,
}

impl Row {
    /// A row for a timed step, with no limit or target yet.
    pub fn of_step(what: &str, clients: usize, step: &Step, unit: &str) -> Row {
        Row {
            what: what.to_string(),
            clients: clients.to_string(),
            figure: format!("{:.0} {unit}", step.summary.rate()),
            p50_ms: Some(step.summary.p50_ms),
            p99_ms: Some(step.summary.p99_ms),
            limit: String::new(),
            ratio: None,
            target: String::new(),
            verdict: Verdict::Info,
            others_cpu: Some(step.cpu.other),
        }
    }

    /// A row with a figure only (memory).
    pub fn note(what: &str, figure: String) -> Row {
        Row {
            what: what.to_string(),
            clients: String::new(),
            figure,
            p50_ms: None,
            p99_ms: None,
            limit: String::new(),
            ratio: None,
            target: String::new(),
            verdict: Verdict::Info,
            others_cpu: None,
        }
    }

    pub fn limit(mut self, limit: String, ratio: Option<f64>) -> Row {
        self.limit = limit;
        self.ratio = ratio;
        self
    }

    pub fn target(mut self, target: &str, met: bool) -> Row {
        self.target = target.to_string();
        self.verdict = if met { Verdict::Met } else { Verdict::Missed };
        self
    }
}

/// Prints a finished step's figures as they come.
pub fn step_line(what: &str, clients: usize, step: &Step, unit: &str) {
    let s = &step.summary;
    println!(
        "  {what:<34} {clients:>3} clients: {:>8.0} {unit:<10} p50 {:>6.2} ms  p99 {:>7.2} ms  max {:>7.1} ms  (n={}, {:.1} s; {})",
        s.rate(),
        s.p50_ms,
        s.p99_ms,
        s.max_ms,
        s.count,
        s.elapsed.as_secs_f64(),
        step.cpu
    );
    if let Some(note) = s.error_note() {
        println!("    !! {note}");
    }
}

fn ms(v: Option<f64>) -> String {
    match v {
        Some(v) if v.is_finite() => format!("{v:.1}"),
        _ => String::new(),
    }
}

/// Prints the table, and a warning if other programs were busy during some step.
pub fn table_with_warning(rows: &[Row]) {
    table(rows);
    let worst = rows
        .iter()
        .filter_map(|r| r.others_cpu)
        .fold(0.0_f64, f64::max);
    if worst > 0.25 {
        println!(
            "\n!! other programs used up to {worst:.2} of the cores during some steps \
             (column \"others' CPU\"): those figures are low; run again on a quiet machine."
        );
    }
}

/// Prints the table.
pub fn table(rows: &[Row]) {
    let header = [
        "benchmark",
        "clients",
        "result",
        "p50 ms",
        "p99 ms",
        "machine limit",
        "ratio",
        "target",
        "",
        "others' CPU",
    ];
    let cells: Vec<[String; 10]> = rows
        .iter()
        .map(|r| {
            [
                r.what.clone(),
                r.clients.clone(),
                r.figure.clone(),
                ms(r.p50_ms),
                ms(r.p99_ms),
                r.limit.clone(),
                r.ratio.map(|x| format!("{x:.2}")).unwrap_or_default(),
                r.target.clone(),
                match r.verdict {
                    Verdict::Met => "met".into(),
                    Verdict::Missed => "MISSED".into(),
                    Verdict::Info => String::new(),
                },
                r.others_cpu.map(|c| format!("{c:.2}")).unwrap_or_default(),
            ]
        })
        .collect();
    let mut widths = header.map(str::len);
    for row in &cells {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |row: &[String]| {
        let parts: Vec<String> = row
            .iter()
            .zip(widths)
            .enumerate()
            .map(|(i, (c, w))| {
                let pad = w.saturating_sub(c.chars().count());
                // Numbers right-aligned, words left-aligned.
                if (1..=4).contains(&i) || i == 6 || i == 9 {
                    format!("{}{c}", " ".repeat(pad))
                } else {
                    format!("{c}{}", " ".repeat(pad))
                }
            })
            .collect();
        println!("| {} |", parts.join(" | "));
    };
    line(&header.map(String::from));
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    println!("|-{}-|", rule.join("-|-"));
    for row in &cells {
        line(row);
    }
}
