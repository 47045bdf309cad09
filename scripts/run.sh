#!/usr/bin/env bash
# The main job: synthesizes every example workflow to ASL JSON under out/<example>/, then checks
# each written definition with `workflow validate` (and writes the hand-written definitions of
# examples/definitions/ in canonical form to out/definitions/).
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --locked --bin workflow --examples
bin="${CARGO_TARGET_DIR:-target}/release/workflow"
mkdir -p out
shopt -s nullglob
status=0

for example in examples/*.rs; do
  name=$(basename "$example" .rs)
  echo "== $name"
  cargo run --release --locked --quiet --example "$name" > /dev/null
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
exit $status
