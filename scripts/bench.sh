#!/usr/bin/env bash
# Benchmarks, each against a baseline measured in the same run:
#  1. the validator over the shared corpus, in one process, against npm asl-validator 4.0.0 over
#     the same files (installs the npm peer into bench/ with `npm ci`, idempotently);
#  2. the compile cost of the workflow! macro (10, 100, 1,000 states; incremental rebuild of a
#     200-state workflow) against the same ASL held as JSON via include_str!;
#  3. the local executor (workflow-local) on a 20-state machine run 10,000 times, a Map over
#     10,000 items and a 5,000-iteration Choice loop, against npm aws-local-stepfunctions 3.0.0
#     on the same work (installs it into bench/local-executor/ with `npm ci`, idempotently).
# `MACRO_BENCH_RUNS` sets the runs per figure of the second one (default 5).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d bench/node_modules/asl-validator ]; then
  (cd bench && npm ci --no-audit --no-fund)
fi
if [ ! -d bench/local-executor/node_modules/aws-local-stepfunctions ]; then
  (cd bench/local-executor && npm ci --no-audit --no-fund)
fi
cargo bench --locked --bench corpus
cargo bench --locked -p workflow-local --bench executor
python3 bench/macro_compile.py "${MACRO_BENCH_RUNS:-5}"
