#!/usr/bin/env bash
# The main job: synthesizes every example's stack under out/<example>/ (`-- synth --out`:
# template.json, template.yaml and one <Machine>.asl.json per state machine), checks each written
# definition with `workflow validate`, lints every template with cfn-lint when .venv/bin/cfn-lint
# exists (any error or warning fails the job), and writes the hand-written definitions of
# examples/definitions/ in canonical form to out/definitions/.
set -euo pipefail
cd "$(dirname "$0")/.."

# The dev profile: synthesis takes milliseconds, and the test command has built these already
# (a release build would compile the AWS SDK of the examples' deploy commands a second time).
cargo build --locked --bin workflow --examples
bin="${CARGO_TARGET_DIR:-target}/debug/workflow"
mkdir -p out
shopt -s nullglob
status=0

for example in examples/*.rs; do
  name=$(basename "$example" .rs)
  echo "== $name"
  cargo run --locked --quiet --example "$name" -- synth --out "out/$name" > /dev/null || status=1
  for asl in out/"$name"/*.asl.json; do
    "$bin" validate "$asl" || status=1
  done
done

mkdir -p out/definitions
for def in examples/definitions/*.json examples/definitions/*.yaml; do
  name=$(basename "${def%.*}")
  name=${name%.asl}
  if "$bin" validate "$def"; then
    "$bin" fmt "$def" > "out/definitions/$name.asl.json"
  else
    status=1
  fi
done

cfn_lint=.venv/bin/cfn-lint
if [ -x "$cfn_lint" ]; then
  templates=(out/*/template.json out/*/template.yaml)
  echo "== cfn-lint on ${#templates[@]} templates"
  # Exit code bits: 2 errors, 4 warnings, 8 informational; 1 and 32 are crashes. Only
  # informational findings pass.
  code=0
  "$cfn_lint" --format parseable -- "${templates[@]}" || code=$?
  if [ $((code & ~8)) -ne 0 ]; then
    echo "cfn-lint failed (exit $code)"
    status=1
  fi
else
  echo "note: $cfn_lint is missing (run scripts/python-venv.sh); templates not linted"
fi
exit $status
