//! Running the example programs from the tests.

use std::path::Path;
use std::process::Command;

/// Runs `cargo run --example NAME -- <args>` (in the examples' own target folder, so the tests'
/// build does not wait on it) and returns its stdout, failing on an error.
#[allow(dead_code)] // Shared by several test crates; not all of them run examples.
pub fn run_example(name: &str, args: &[&str]) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = Command::new(env!("CARGO"))
        .current_dir(root)
        .env("CARGO_TARGET_DIR", root.join("target/examples-test"))
        .args(["run", "--quiet", "--example", name, "--"])
        .args(args)
        .output()
        .expect("run cargo");
    assert!(
        output.status.success(),
        "example `{name}` {args:?} failed ({}):\n{}{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Builds every example once per test process (in the examples' own target folder) and returns
/// the folder holding their binaries, for tests that run them many times.
#[allow(dead_code)] // Shared by several test crates; not all of them run examples.
pub fn example_binaries() -> &'static Path {
    static BUILT: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    BUILT.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let target = root.join("target/examples-test");
        let output = Command::new(env!("CARGO"))
            .current_dir(root)
            .env("CARGO_TARGET_DIR", &target)
            .args(["build", "--quiet", "--examples"])
            .output()
            .expect("run cargo");
        assert!(
            output.status.success(),
            "building the examples failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        target.join("debug/examples")
    })
}
