//! Validates the whole shared corpus in one process and reports the time per definition, then
//! runs npm `asl-validator` 4.0.0 over the same JSON files in one Node.js process in the same run
//! and prints the ratio.
//!
//! Run with `./scripts/bench.sh` (installs the npm peer into `bench/`, idempotently) or
//! `cargo bench --bench corpus`. `BENCH_ITERATIONS` sets the number of passes of workflow-core
//! (default 20); `PEER_ITERATIONS` those of asl-validator (default 1, after a warm-up pass: it
//! spends about 60 ms per definition, so one pass over the corpus already takes ~40 s).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;
use workflow::{Format, Options, check};

fn corpus_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("WORKFLOW_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    dir.join("manifest.jsonl").is_file().then_some(dir)
}

fn main() {
    let Some(dir) = corpus_dir() else {
        eprintln!("corpus bench: no corpus at ../shared/corpus (set WORKFLOW_CORPUS)");
        std::process::exit(2);
    };
    let iterations: u32 = std::env::var("BENCH_ITERATIONS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    let manifest = std::fs::read_to_string(dir.join("manifest.jsonl")).expect("manifest");
    let mut all = Vec::new();
    for line in manifest.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("manifest line");
        if v["kind"] != "asl" {
            continue;
        }
        let file = v["file"].as_str().expect("file").to_string();
        let path = dir.join(&file);
        let text =
            String::from_utf8_lossy(&std::fs::read(&path).expect("corpus file")).into_owned();
        all.push((path, Format::from_path(&file), text));
    }
    let peer_iterations: u32 = std::env::var("PEER_ITERATIONS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let json: Vec<&(PathBuf, Format, String)> =
        all.iter().filter(|(_, f, _)| *f == Format::Json).collect();
    let options = Options::default();

    let time = |set: &[&(PathBuf, Format, String)]| {
        let mut valid = 0;
        for (_, format, text) in set {
            valid += usize::from(check(text, *format, &options).is_valid());
        }
        let start = Instant::now();
        for _ in 0..iterations {
            for (_, format, text) in set {
                std::hint::black_box(check(std::hint::black_box(text), *format, &options));
            }
        }
        (
            start.elapsed().as_nanos() as f64 / (f64::from(iterations) * set.len() as f64),
            valid,
        )
    };
    let all_refs: Vec<&(PathBuf, Format, String)> = all.iter().collect();
    let (ns_all, valid_all) = time(&all_refs);
    let (ns_json, valid_json) = time(&json);
    let bytes: usize = json.iter().map(|(_, _, t)| t.len()).sum();
    println!("corpus bench: {iterations} passes in one process");
    println!(
        "  workflow-core, all {} asl definitions (JSON + YAML): {:>9.1} µs per definition ({valid_all} valid)",
        all.len(),
        ns_all / 1000.0
    );
    println!(
        "  workflow-core, {} JSON definitions ({} KiB):        {:>9.1} µs per definition ({valid_json} valid)",
        json.len(),
        bytes / 1024,
        ns_json / 1000.0
    );

    // The peer, over the same JSON files, in the same run.
    let bench_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("bench");
    if !bench_dir.join("node_modules/asl-validator").is_dir() {
        println!(
            "  asl-validator: not installed (run ./scripts/bench.sh to install it into bench/)"
        );
        return;
    }
    let list =
        std::env::temp_dir().join(format!("workflow-bench-files-{}.txt", std::process::id()));
    let listing: String = json
        .iter()
        .map(|(p, _, _)| format!("{}\n", p.display()))
        .collect();
    std::fs::write(&list, listing).expect("file list");
    let out = Command::new("node")
        .arg(bench_dir.join("asl-validator-bench.js"))
        .arg(peer_iterations.to_string())
        .arg(&list)
        .current_dir(&bench_dir)
        .output();
    let _ = std::fs::remove_file(&list);
    match out {
        Ok(o) if o.status.success() => {
            let v: serde_json::Value =
                serde_json::from_slice(&o.stdout).expect("peer output is JSON");
            let peer = v["per_definition_ns"].as_f64().unwrap_or(f64::NAN);
            println!(
                "  asl-validator 4.0.0 (Node.js), same {} JSON files, {} pass(es): {:>9.1} µs per definition ({} valid)",
                v["files"],
                v["iterations"],
                peer / 1000.0,
                v["valid"]
            );
            println!(
                "  ratio: asl-validator time / workflow-core time per definition = {:.0}",
                peer / ns_json
            );
        }
        Ok(o) => println!(
            "  asl-validator: the Node.js run failed: {}",
            String::from_utf8_lossy(&o.stderr)
        ),
        Err(e) => println!("  asl-validator: cannot run node: {e}"),
    }
}
