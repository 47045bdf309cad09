#!/usr/bin/env bash
# Load on the local endpoint (`workflow serve`, release build): 1,000 executions started at once
# on a machine that waits and calls an activity twice, served by 50 long-polling boto3 workers;
# checks that all finish with their own output and none is lost, and reports executions per
# second and the server's peak RSS. Then CreateStateMachine + StartExecution + DescribeExecution
# throughput against moto_server in the same run (moto has no GetActivityTask and does not run
# executions, so that comparison is of the API layer only). Needs the venv of
# scripts/python-venv.sh (boto3, moto). `SERVE_LOAD_EXECUTIONS` and `SERVE_LOAD_POLLERS` change
# the load.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked --features serve --bin workflow
.venv/bin/python bench/serve_load.py target/release/workflow \
  --executions "${SERVE_LOAD_EXECUTIONS:-1000}" --pollers "${SERVE_LOAD_POLLERS:-50}" \
  --moto .venv/bin/moto_server
