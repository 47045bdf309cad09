//! Helpers shared by the integration tests that run cfn-lint.

pub mod examples;
pub mod secrets;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs cfn-lint (no ignored checks) on `files`, prints its report, and returns its output with
/// the error (E…) and warning (W…) lines. Parseable lines are
/// `file:line:col:endline:endcol:RULE:message`.
pub fn cfn_lint(cfn_lint: &Path, files: &[PathBuf]) -> (Output, Vec<String>) {
    let output = Command::new(cfn_lint)
        .args(["--format", "parseable", "--"])
        .args(files)
        .output()
        .expect("run cfn-lint");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("cfn-lint on {} templates:\n{stdout}{stderr}", files.len());
    let findings = stdout
        .lines()
        .filter(|l| {
            l.split(':')
                .nth(5)
                .is_some_and(|rule| rule.starts_with('E') || rule.starts_with('W'))
        })
        .map(str::to_string)
        .collect();
    (output, findings)
}
