//! The validator judged by other people's material: every `asl` definition of the shared corpus
//! (`../shared/corpus`, or `$WORKFLOW_CORPUS`) must get the verdict its upstream project gives
//! it, except the entries of `tests/corpus-reviewed.json`, each of which says why the upstream
//! verdict is wrong. Prints a table per source and every disagreement.

#[path = "common/corpus.rs"]
mod corpus;

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;
use workflow::core::model::MachineType;
use workflow::{Format, Options, check};

#[derive(Deserialize)]
struct Reviewed {
    file: String,
    /// `valid` or `invalid`: what this project says, against the upstream verdict.
    ours: String,
    /// Set when the entry is about the EXPRESS verdict.
    #[serde(default)]
    express: bool,
    reason: String,
}

#[derive(Default)]
struct Row {
    total: usize,
    agree: usize,
    reviewed: usize,
    disagree: usize,
    /// AWS accepts the definition (no error, only lints) and at least one lint fires: counted
    /// apart, whatever the verdict, so a lint's reach across real definitions shows.
    lint: usize,
}

#[test]
fn corpus_verdicts() {
    let (dir, entries) = corpus::load();
    let reviewed_text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus-reviewed.json"),
    )
    .expect("reviewed list");
    let reviewed: Vec<Reviewed> =
        serde_json::from_str(&reviewed_text).expect("tests/corpus-reviewed.json is a JSON array");
    for r in &reviewed {
        assert!(
            r.ours == "valid" || r.ours == "invalid",
            "{}: `ours` must be valid or invalid",
            r.file
        );
        assert!(r.reason.len() > 20, "{}: give the reason", r.file);
    }

    let mut table: BTreeMap<String, Row> = BTreeMap::new();
    let mut disagreements = Vec::new();
    let mut used_reviews = vec![false; reviewed.len()];
    for e in entries.iter().filter(|e| e.kind == "asl") {
        let expected_valid = match e.expected.as_str() {
            "valid" | "valid-after-substitution" => true,
            "invalid" => false,
            _ => continue,
        };
        let text = std::fs::read(dir.join(&e.file)).expect("corpus file");
        let text = String::from_utf8_lossy(&text);
        let format = Format::from_path(&e.file);
        let mut runs = vec![(false, MachineType::Standard, expected_valid)];
        if let Some(x) = &e.expected_express {
            runs.push((
                true,
                MachineType::Express,
                x == "valid" || x == "valid-after-substitution",
            ));
        }
        for (express, machine_type, expected) in runs {
            let report = check(
                &text,
                format,
                &Options {
                    machine_type: Some(machine_type),
                },
            );
            let ours = report.is_valid();
            let carries_lint =
                report.is_accepted_by_aws() && report.diagnostics.iter().any(|d| d.rule.is_lint());
            let source = e.file.split('/').next().unwrap_or("?").to_string()
                + if express { " (EXPRESS)" } else { "" };
            let row = table.entry(source).or_default();
            row.total += 1;
            row.lint += usize::from(carries_lint);
            let review = reviewed
                .iter()
                .position(|r| r.file == e.file && r.express == express);
            if ours == expected {
                row.agree += 1;
            } else if let Some(i) = review.filter(|&i| (reviewed[i].ours == "valid") == ours) {
                row.reviewed += 1;
                used_reviews[i] = true;
            } else {
                row.disagree += 1;
                let first = report
                    .diagnostics
                    .iter()
                    .find(|d| d.is_error())
                    .map(|d| format!("{d}"))
                    .unwrap_or_else(|| "no error".into());
                disagreements.push(format!(
                    "{}{}: expected {}, we say {} — {first}",
                    e.file,
                    if express { " [EXPRESS]" } else { "" },
                    if expected { "valid" } else { "invalid" },
                    if ours { "valid" } else { "invalid" },
                ));
            }
        }
    }

    println!(
        "\n{:<34} {:>6} {:>6} {:>9} {:>9} {:>6}",
        "source", "total", "agree", "reviewed", "disagree", "lint"
    );
    let mut sum = Row::default();
    for (source, row) in &table {
        println!(
            "{source:<34} {:>6} {:>6} {:>9} {:>9} {:>6}",
            row.total, row.agree, row.reviewed, row.disagree, row.lint
        );
        sum.total += row.total;
        sum.agree += row.agree;
        sum.reviewed += row.reviewed;
        sum.disagree += row.disagree;
        sum.lint += row.lint;
    }
    println!(
        "{:<34} {:>6} {:>6} {:>9} {:>9} {:>6}\n",
        "all", sum.total, sum.agree, sum.reviewed, sum.disagree, sum.lint
    );
    for d in &disagreements {
        println!("DISAGREE {d}");
    }
    let stale: Vec<&str> = reviewed
        .iter()
        .zip(&used_reviews)
        .filter(|(_, u)| !**u)
        .map(|(r, _)| r.file.as_str())
        .collect();
    for s in &stale {
        println!("STALE review entry (the verdicts now agree, or the file is gone): {s}");
    }
    assert!(
        disagreements.is_empty(),
        "{} disagreements with the corpus (listed above)",
        disagreements.len()
    );
    assert!(
        stale.is_empty(),
        "{} stale entries in tests/corpus-reviewed.json",
        stale.len()
    );
}
