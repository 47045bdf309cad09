//! `workflow serve` under a bounded load, for correctness only (the figures are the bench's,
//! `scripts/bench-serve.sh`): 200 executions started at once on a machine that waits and calls
//! an activity twice, 20 boto3 pollers serving it. `bench/serve_load.py` checks that every
//! execution succeeds with the output of its own input, that the activity was served exactly
//! twice per execution and that the endpoint lists all of them. Without the project's venv
//! (`scripts/python-venv.sh`) the test is skipped with a note, unless `CI` is set.

use std::path::Path;
use std::process::Command;

#[test]
fn two_hundred_executions_and_twenty_pollers_lose_nothing() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let python = root.join(".venv/bin/python");
    if !python.exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "{} is missing; run scripts/python-venv.sh first",
            python.display()
        );
        eprintln!("note: skipped, no boto3 venv (run scripts/python-venv.sh)");
        return;
    }
    // The script kills the server it starts however it ends, and bounds every wait.
    let output = Command::new(python)
        .arg(root.join("bench/serve_load.py"))
        .arg(env!("CARGO_BIN_EXE_workflow"))
        .args(["--executions", "200", "--pollers", "20"])
        .output()
        .expect("run bench/serve_load.py");
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "the load check failed:\n{report}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_str(&report).expect("a JSON report");
    let load = &report["activities_at_load"];
    assert_eq!(load["succeeded"], 200, "{load}");
    assert_eq!(load["activity_tasks_served"], 400, "{load}");
    assert_eq!(load["listed"], 200, "{load}");
}
