#!/usr/bin/env bash
# Benchmarks: validates the shared corpus in one process and compares with npm asl-validator
# 4.0.0 over the same files, in the same run. Installs the npm peer into bench/ (idempotent).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d bench/node_modules/asl-validator ]; then
  (cd bench && npm ci --no-audit --no-fund)
fi
cargo bench --locked --bench corpus
