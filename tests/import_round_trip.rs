//! The round-trip judge of `workflow import`: every definition of `../shared/corpus/` that the
//! validator accepts, and every definition of `../shared/conformance/cases.jsonl`, is imported
//! as a `workflow!` item; all of them are compiled together in one generated crate (one build,
//! however many definitions); the program prints the ASL each macro emitted, which must be the
//! same definition as the input: the same state names and values, numbers compared as numbers
//! (`workflow_core::emit::semantic_diff` on both sides' canonical form).
//!
//! It prints `imported / compiled / equal` per source, and how many states had to be written
//! as JSON. An import that does not compile, or whose ASL differs, fails the test unless it is
//! in [`REVIEWED`] with its reason.
//!
//! The crate is built in `target/examples-test` (as the examples are), so it reuses their
//! compiled dependencies and does not wait on the lock of the build that runs this test.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use workflow::core::emit::semantic_diff;
use workflow::core::{Format, Options, Validated, check};

/// Imports that may fail, each with the reason; keyed by `source: file`.
const REVIEWED: &[(&str, &str)] = &[];

struct Definition {
    /// `corpus/<folder>` or `conformance`.
    source: String,
    /// The file (corpus) or the case (conformance).
    label: String,
    text: String,
    format: Format,
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn shared() -> Option<PathBuf> {
    let dir = root().join("../shared");
    dir.join("corpus/manifest.jsonl").is_file().then_some(dir)
}

fn definitions(shared: &Path) -> Vec<Definition> {
    let mut out = Vec::new();
    let manifest = std::fs::read_to_string(shared.join("corpus/manifest.jsonl")).unwrap();
    for line in manifest.lines() {
        let entry: serde_json::Value = serde_json::from_str(line).unwrap();
        if entry["kind"] != "asl" {
            continue;
        }
        let file = entry["file"].as_str().unwrap();
        let Ok(text) = std::fs::read_to_string(shared.join("corpus").join(file)) else {
            continue;
        };
        let folder = file.split('/').next().unwrap_or(file);
        out.push(Definition {
            source: format!("corpus/{folder}"),
            label: file.to_string(),
            text,
            format: Format::from_path(file),
        });
    }
    let cases = std::fs::read_to_string(shared.join("conformance/cases.jsonl")).unwrap();
    let mut seen = std::collections::HashSet::new();
    for line in cases.lines() {
        let case: serde_json::Value = serde_json::from_str(line).unwrap();
        let text = serde_json::to_string_pretty(&case["definition"]).unwrap();
        if seen.insert(text.clone()) {
            out.push(Definition {
                source: "conformance".to_string(),
                label: case["test"].as_str().unwrap_or_default().to_string(),
                text,
                format: Format::Json,
            });
        }
    }
    out
}

/// The canonical form of a definition, as JSON, if it is valid.
fn canonical(text: &str, format: Format) -> Option<serde_json::Value> {
    let report = check(text, format, &Options::default());
    report.validated().map(|v: Validated<'_>| v.to_json_value())
}

#[derive(Default)]
struct Counts {
    imported: usize,
    compiled: usize,
    equal: usize,
    json_states: usize,
    states: usize,
}

#[test]
fn imported_definitions_compile_to_the_same_asl() {
    let Some(shared) = shared() else {
        println!("note: ../shared not found; skipping the import round trip");
        return;
    };
    let all = definitions(&shared);
    // Import every valid definition.
    let mut imported: Vec<(usize, String)> = Vec::new();
    let mut counts: BTreeMap<String, Counts> = BTreeMap::new();
    for (i, d) in all.iter().enumerate() {
        let report = check(&d.text, d.format, &Options::default());
        let Some(validated) = report.validated() else {
            continue;
        };
        let dsl = validated.to_dsl("Flow");
        let c = counts.entry(d.source.clone()).or_default();
        c.imported += 1;
        c.json_states += dsl.json_states.len();
        c.states += count_states(&validated.machine().scope);
        imported.push((i, dsl.source));
    }

    let dir = root().join("target/import-round-trip");
    let mut excluded: Vec<usize> = Vec::new();
    let mut failures: Vec<String> = Vec::new();
    let emitted = loop {
        let included: Vec<&(usize, String)> = imported
            .iter()
            .filter(|(i, _)| !excluded.contains(i))
            .collect();
        write_crate(&dir, &included);
        let out = Command::new(env!("CARGO"))
            .args(["run", "--quiet", "--offline"])
            .current_dir(&dir)
            .env("CARGO_TARGET_DIR", root().join("target/examples-test"))
            .output()
            .expect("run cargo");
        if out.status.success() {
            let text = String::from_utf8(out.stdout).unwrap();
            break serde_json::from_str::<Vec<(usize, String)>>(&text).unwrap();
        }
        // Leave out the modules that do not compile, and build the others again.
        let stderr = String::from_utf8_lossy(&out.stderr);
        let broken = broken_modules(&stderr);
        assert!(
            !broken.is_empty() && excluded.len() < imported.len(),
            "the generated crate does not build, and no module is to blame:\n{stderr}"
        );
        for i in broken {
            let d = &all[i];
            failures.push(format!(
                "{}: {}: does not compile:\n{}",
                d.source,
                d.label,
                first_error(&stderr, i)
            ));
            excluded.push(i);
        }
    };
    for (i, asl) in &emitted {
        let d = &all[*i];
        let c = counts.get_mut(&d.source).unwrap();
        c.compiled += 1;
        let input = canonical(&d.text, d.format).unwrap();
        match canonical(asl, Format::Json) {
            Some(output) => match semantic_diff(&input, &output, "") {
                None => c.equal += 1,
                Some(diff) => {
                    failures.push(format!("{}: {}: differs at {diff}", d.source, d.label))
                }
            },
            None => failures.push(format!("{}: {}: emits invalid ASL", d.source, d.label)),
        }
    }

    println!("import round trip: imported / compiled / equal, states written as JSON");
    for (source, c) in &counts {
        println!(
            "  {source:<40} {:>4} / {:>4} / {:>4}   {:>4} of {:>5} states",
            c.imported, c.compiled, c.equal, c.json_states, c.states
        );
    }
    let unreviewed: Vec<&String> = failures
        .iter()
        .filter(|f| !REVIEWED.iter().any(|(key, _)| f.contains(key)))
        .collect();
    assert!(
        unreviewed.is_empty(),
        "{} imports are not equal to their input:\n{}",
        unreviewed.len(),
        unreviewed
            .iter()
            .take(20)
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

fn count_states(scope: &workflow::core::model::Scope) -> usize {
    use workflow::core::model::StateKind;
    scope
        .states
        .iter()
        .map(|s| {
            1 + match &s.state.kind {
                StateKind::Parallel(p) => p.branches.iter().map(count_states).sum(),
                StateKind::Map(m) => count_states(&m.processor.scope),
                _ => 0,
            }
        })
        .sum()
}

/// A crate with one module per import (`src/m<i>.rs`) and a program printing every machine's
/// ASL as `[[i, asl], …]`.
fn write_crate(dir: &Path, imports: &[&(usize, String)]) {
    let src = dir.join("src");
    let _ = std::fs::remove_dir_all(&src);
    std::fs::create_dir_all(&src).unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"import-round-trip\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\
             publish = false\n\n[dependencies]\nworkflow = {{ path = {:?} }}\n\
             serde_json = \"1\"\n\n[workspace]\n",
            root()
        ),
    )
    .unwrap();
    std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    let mut main = String::from("use workflow::Workflow;\n\n");
    for (i, source) in imports {
        std::fs::write(src.join(format!("m{i}.rs")), source).unwrap();
        main.push_str(&format!("mod m{i};\n"));
    }
    main.push_str("\nfn main() {\n    let all: Vec<(usize, &str)> = vec![\n");
    for (i, _) in imports {
        main.push_str(&format!("        ({i}, m{i}::Flow::ASL),\n"));
    }
    main.push_str("    ];\n    println!(\"{}\", serde_json::to_string(&all).unwrap());\n}\n");
    std::fs::write(src.join("main.rs"), main).unwrap();
}

/// The modules the compiler's errors (not its warnings) point into (`--> src/m12.rs:3:5`).
fn broken_modules(stderr: &str) -> Vec<usize> {
    let mut in_error = false;
    let mut found: Vec<usize> = stderr
        .lines()
        .filter_map(|l| {
            if l.starts_with("error") {
                in_error = true;
            } else if l.starts_with("warning") {
                in_error = false;
            }
            let rest = l.trim_start().strip_prefix("--> src/m")?;
            in_error.then(|| rest.split('.').next()?.parse().ok())?
        })
        .collect();
    found.sort_unstable();
    found.dedup();
    found
}

/// The first error message about module `i`.
fn first_error(stderr: &str, i: usize) -> String {
    let marker = format!("--> src/m{i}.rs");
    let lines: Vec<&str> = stderr.lines().collect();
    let at = lines.iter().position(|l| l.contains(&marker)).unwrap_or(0);
    let start = lines[..at]
        .iter()
        .rposition(|l| l.starts_with("error"))
        .unwrap_or(at);
    lines[start..(at + 4).min(lines.len())].join("\n")
}
