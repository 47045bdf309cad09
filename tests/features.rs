//! What a user's crate compiles: a crate that only declares workflows with `workflow!` must not
//! build the GraphQL compiler that AppSync APIs need; with the `appsync` feature it does.
//!
//! The check asks `cargo tree` (which resolves dependencies without building anything) about a
//! crate written to a temporary folder, with this workspace's lock file so that it resolves to
//! the versions the workspace builds (a crate not yet in the local registry cache, such as a
//! platform-only one, is fetched as a build would fetch it).

use std::path::{Path, PathBuf};
use std::process::Command;

/// Writes a user crate depending on this workspace's `workflow` with `features`, and returns
/// the crates `cargo tree` lists for it, one `name vX.Y.Z` each.
fn user_crate_tree(test: &str, features: &str) -> Vec<String> {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir: PathBuf =
        std::env::temp_dir().join(format!("workflow-features-{}-{test}", std::process::id()));
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"user-crate\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n\
             [dependencies]\nworkflow = {{ path = {workspace:?}{features} }}\n\n[workspace]\n"
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("src/main.rs"),
        "workflow::workflow! {\n    pub Hello {\n        Greet: pass { result: \"hi\" },\n    }\n}\n\
         fn main() {}\n",
    )
    .unwrap();
    std::fs::copy(workspace.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    let out = Command::new(env!("CARGO"))
        .args(["tree", "--prefix", "none", "-e", "normal,build"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .output()
        .expect("run cargo tree");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        out.status.success(),
        "cargo tree failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut crates: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            Some(format!("{} {}", words.next()?, words.next()?))
        })
        .collect();
    crates.sort();
    crates.dedup();
    crates
}

#[test]
fn a_workflow_only_crate_builds_no_graphql_compiler() {
    let default = user_crate_tree("default", "");
    let graphql: Vec<_> = default
        .iter()
        .filter(|c| c.starts_with("apollo-"))
        .collect();
    assert!(
        graphql.is_empty(),
        "a workflow!-only crate builds {graphql:?}"
    );

    let with_appsync = user_crate_tree("appsync", ", features = [\"appsync\"]");
    assert!(
        with_appsync
            .iter()
            .any(|c| c.starts_with("apollo-compiler ")),
        "the appsync feature brings the GraphQL compiler"
    );
    println!(
        "crates of a workflow!-only crate: {} by default, {} with the appsync feature",
        default.len(),
        with_appsync.len()
    );
}

#[test]
fn only_the_serve_feature_builds_an_http_server() {
    let default = user_crate_tree("no-serve", "");
    let servers: Vec<_> = default
        .iter()
        .filter(|c| {
            c.starts_with("hyper ") || c.starts_with("tokio ") || c.starts_with("workflow-serve ")
        })
        .collect();
    assert!(
        servers.is_empty(),
        "a workflow!-only crate builds {servers:?}"
    );

    let with_serve = user_crate_tree("serve", ", features = [\"serve\"]");
    assert!(
        with_serve.iter().any(|c| c.starts_with("workflow-serve "))
            && with_serve.iter().any(|c| c.starts_with("hyper ")),
        "the serve feature brings the endpoint: {with_serve:?}"
    );
}
