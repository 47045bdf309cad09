#!/usr/bin/env bash
# The main job: builds the `workflow` command, validates every example definition, and writes
# each one in canonical form to out/<name>.asl.json.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --locked --bin workflow
bin=target/release/workflow
mkdir -p out
shopt -s nullglob
status=0
for def in examples/definitions/*.json examples/definitions/*.yaml; do
  name=$(basename "${def%.*}")
  name=${name%.asl}
  if "$bin" validate "$def"; then
    "$bin" fmt "$def" > "out/$name.asl.json"
    echo "wrote out/$name.asl.json"
  else
    status=1
  fi
done
exit $status
