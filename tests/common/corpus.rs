//! The shared corpus of other projects' definitions (`../shared/corpus`, or `$WORKFLOW_CORPUS`):
//! where it is and its manifest, for the tests that read it (include with
//! `#[path = "common/corpus.rs"] mod corpus;`).

// Each test reads the fields it needs.
#![allow(dead_code)]

use serde::Deserialize;
use std::path::{Path, PathBuf};

/// One line of `manifest.jsonl` (the fields these tests use).
#[derive(Deserialize)]
pub struct Entry {
    /// Path relative to the corpus folder.
    pub file: String,
    /// `asl`, `asl-state`, `cfn-template`, …
    pub kind: String,
    /// `valid`, `invalid`, `unknown` or `valid-after-substitution`.
    pub expected: String,
    /// The verdict as EXPRESS, where it differs.
    #[serde(default)]
    pub expected_express: Option<String>,
}

/// The corpus folder, when it holds a manifest.
pub fn corpus_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("WORKFLOW_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    dir.join("manifest.jsonl").is_file().then_some(dir)
}

/// The corpus folder and every manifest entry; panics (failing the test) when the corpus is
/// missing, since these tests must not pass without it.
pub fn load() -> (PathBuf, Vec<Entry>) {
    let Some(dir) = corpus_dir() else {
        panic!("the shared corpus is missing: put it at ../shared/corpus or set WORKFLOW_CORPUS");
    };
    let manifest = std::fs::read_to_string(dir.join("manifest.jsonl")).expect("manifest");
    let entries = manifest
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("manifest line"))
        .collect();
    (dir, entries)
}
