//! Every example's stack, synthesized by the example program itself
//! (`cargo run --example NAME -- synth --out DIR`), then:
//!
//! * linted with `.venv/bin/cfn-lint` (JSON and YAML): no error and no warning. Without it the
//!   check is skipped with a note, unless the `CI` environment variable is set, where it fails
//!   (`scripts/python-venv.sh` creates the venv);
//! * scanned for plain-text secrets (`common::secrets`), every file it writes;
//! * compared with `tests/snapshots/<example>.template.json`: a difference fails with a diff;
//!   `UPDATE_SNAPSHOTS=1 cargo test --test examples` rewrites the snapshots.
//!
//! The examples are built in their own target folder (`target/examples-test`) so that this test
//! does not wait on the lock of the build that runs it.

mod common;

use common::examples::run_example;

use std::path::{Path, PathBuf};

const EXAMPLES: &[&str] = &[
    "activity_worker",
    "catch_chain",
    "data_processing",
    "human_approval",
    "lambda_invoke",
    "order_api",
    "order_fulfillment",
    "order_web",
    "retry_chain",
];

/// Examples whose stack holds no state machine (an Amplify app and its user pool).
const WITHOUT_MACHINES: &[&str] = &["order_web"];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Synthesizes every example into a fresh folder; returns `(example, folder)`.
fn synthesize() -> Vec<(&'static str, PathBuf)> {
    let base = std::env::temp_dir().join(format!("workflow-examples-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    EXAMPLES
        .iter()
        .map(|name| {
            let dir = base.join(name);
            run_example(name, &["synth", "--out", dir.to_str().unwrap()]);
            (*name, dir)
        })
        .collect()
}

fn cfn_lint() -> Option<PathBuf> {
    let path = root().join(".venv/bin/cfn-lint");
    if path.exists() {
        return Some(path);
    }
    if std::env::var_os("CI").is_some() {
        panic!(
            "{} is missing; run scripts/python-venv.sh first (CI must lint the templates)",
            path.display()
        );
    }
    eprintln!(
        "note: skipping cfn-lint: {} is missing (run scripts/python-venv.sh)",
        path.display()
    );
    None
}

#[test]
fn examples_synthesize_lint_clean_snapshot_matching_stacks() {
    let synthesized = synthesize();
    let mut failures = Vec::new();

    // Every stack writes its template twice and one definition per machine, and a second
    // synthesis (and `diff`) finds nothing to change.
    for (name, dir) in &synthesized {
        for file in ["template.json", "template.yaml"] {
            assert!(dir.join(file).exists(), "{name}: no {file}");
        }
        let asl = std::fs::read_dir(dir)
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .ends_with(".asl.json")
            })
            .count();
        assert!(
            asl >= 1 || WITHOUT_MACHINES.contains(name),
            "{name}: no .asl.json written"
        );
        let again = run_example(name, &["synth", "--out", dir.to_str().unwrap()]);
        assert!(
            !again.contains("wrote"),
            "{name}: not deterministic:\n{again}"
        );
        let diff = run_example(name, &["diff", "--out", dir.to_str().unwrap()]);
        assert!(diff.contains("up to date"), "{name}: {diff}");
        if !WITHOUT_MACHINES.contains(name) {
            let validate = run_example(name, &["validate"]);
            assert!(validate.contains(": valid"), "{name}: {validate}");
        }
        // No file of any stack (templates, definitions, schema.graphql, amplify.yml) holds a
        // secret's text.
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            common::secrets::assert_no_plaintext_secrets(
                &format!("{name}: {}", path.display()),
                &text,
            );
        }
    }

    if let Some(cfn_lint) = cfn_lint() {
        let files: Vec<PathBuf> = synthesized
            .iter()
            .flat_map(|(_, dir)| [dir.join("template.json"), dir.join("template.yaml")])
            .collect();
        let (output, findings) = common::cfn_lint(&cfn_lint, &files);
        let stderr = String::from_utf8_lossy(&output.stderr);
        if !findings.is_empty() {
            failures.push(format!("cfn-lint:\n{}", findings.join("\n")));
        }
        // Exit code bits: 2 errors, 4 warnings, 8 informational; 1 and 32 are crashes.
        let code = output.status.code().unwrap_or(-1);
        if code != 0 && code != 8 {
            failures.push(format!("cfn-lint exited with {code}:\n{stderr}"));
        }
    }

    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|v| v == "1");
    for (name, dir) in &synthesized {
        let actual = std::fs::read_to_string(dir.join("template.json")).unwrap();
        let snapshot = root()
            .join("tests/snapshots")
            .join(format!("{name}.template.json"));
        let expected = std::fs::read_to_string(&snapshot).ok();
        if expected.as_deref() == Some(actual.as_str()) {
            continue;
        }
        if update {
            std::fs::create_dir_all(snapshot.parent().unwrap()).unwrap();
            std::fs::write(&snapshot, &actual).unwrap();
            eprintln!("updated {}", snapshot.display());
            continue;
        }
        let mut diff = Vec::new();
        workflow::synth::write_diff(&mut diff, &snapshot, expected.as_deref(), &actual).unwrap();
        failures.push(format!(
            "{name}: the template differs from its snapshot (UPDATE_SNAPSHOTS=1 rewrites it):\n{}",
            String::from_utf8_lossy(&diff)
        ));
    }

    let _ = std::fs::remove_dir_all(synthesized[0].1.parent().unwrap());
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_example_is_listed() {
    let mut found: Vec<String> = std::fs::read_dir(root().join("examples"))
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            name.strip_suffix(".rs").map(str::to_string)
        })
        .collect();
    found.sort();
    assert_eq!(found, EXAMPLES);
}
