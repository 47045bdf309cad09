#!/usr/bin/env bash
# Benchmarks, each against a baseline measured in the same run:
#  1. the validator over the shared corpus, in one process, against npm asl-validator 4.0.0 over
#     the same files (installs the npm peer into bench/ with `npm ci`, idempotently);
#  2. the compile cost of the workflow! macro (10, 100, 1,000 states; incremental rebuild of a
#     200-state workflow) against the same ASL held as JSON via include_str!.
# `MACRO_BENCH_RUNS` sets the runs per figure of the second one (default 5).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d bench/node_modules/asl-validator ]; then
  (cd bench && npm ci --no-audit --no-fund)
fi
cargo bench --locked --bench corpus
python3 bench/macro_compile.py "${MACRO_BENCH_RUNS:-5}"
